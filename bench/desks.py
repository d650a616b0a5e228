"""Several desks on one database, each a process of its own.

``cross_desk_p95_ms`` (SQLite file) and ``cross_desk_p95_ms_pg``: from the
commit of a contact saved on one desk to its row being in ANOTHER PROCESS's
``QueueModel``. That process (the "viewer") does what the queue pane does: a
first load, then a ``QTimer`` at the pane's default ``poll_ms`` reading the
queue only when ``feed.changed() or queue.order_stale()``. Here ``CONTACTS``
urgent tips are saved 0.25-0.5 s apart, each stamped with ``time.time()`` when
its save (commit) returns; the viewer prints ``id,time.time()`` when an id
first shows in its model. One machine, one clock: latency = seen - committed.
Budget: under 1,000 ms.

``desks_20_*``: 20 desk processes on one PostgreSQL database for
``HOTLINE_BENCH_DESKS_SECONDS`` (default 60), each looping at random between
saving an urgent contact that waits and ``claim_next`` + close, pausing
20-100 ms between actions (20 processes share 2 cores: no spinning). Each desk
writes what it saved and claimed to JSON; the database is then checked.
``desks_20_lost`` (saved, id handed back, not in the database) and
``desks_20_double_claims`` (several "claimed" events, or claimed by several
desks) must be 0; ``desks_20_save_p95_ms`` is over every desk's saves.

PostgreSQL figures are null, with the reason, where no server binaries are
installed (``tests/pg.py``), as in ``bench/queue.py``.
"""

from __future__ import annotations

import inspect
import json
import os
import random
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from bench.stats import figure, p95, summary

FIGURES = ("cross_desk_p95_ms", "cross_desk_p95_ms_pg", "desks_20_lost", "desks_20_double_claims",
           "desks_20_save_p95_ms")
ROOT = Path(__file__).resolve().parents[1]
CONTACTS = 40
DESKS = 20
_UNITS = {"desks_20_lost": "contacts", "desks_20_double_claims": "contacts"}

# The other desk's queue pane, without the widgets: the same calls in the same
# order (QueuePane.refresh_now, then _on_poll_timeout on a QTimer), run inline
# because this process has no GUI work for a worker thread to keep free.
_VIEWER = r'''
import os, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from console.changefeed import open_change_feed
from console.db import Database, DatabaseTarget
from console.services.queue import QueueService
from ui.queue.model import QueueModel

app = QGuiApplication([])  # the model's icons and palette need a GUI application
db = Database(DatabaseTarget.parse(os.environ["HOTLINE_BENCH_DB"]))
queue, feed, model, seen = QueueService(db), open_change_feed(db), QueueModel(), set()

def apply(items):
    model.set_items(items)
    now = time.time()  # the rows are in the model from here on
    for row in range(model.rowCount()):
        cid = model.item_at(row).contact_id
        if cid not in seen:
            seen.add(cid)
            print(f"{cid},{now!r}", flush=True)

def poll():
    items = queue.open_items() if feed.changed() or queue.order_stale() else None
    if items is not None:
        apply(items)

feed.changed()
apply(queue.open_items())
print("ready", flush=True)
timer = QTimer(interval=int(sys.argv[1]))
timer.timeout.connect(poll)
timer.start()
QTimer.singleShot(int(float(sys.argv[2]) * 1000), app.quit)  # stops by itself, whatever the parent does
app.exec()
feed.close()
db.dispose()
'''

# One desk: its own engine, services and user. Errors are counted, not fatal,
# so one surprise does not hide the rest of the run.
_DESK = r'''
import json, os, random, sys, time
from pathlib import Path
from console.db import Database, DatabaseTarget
from console.services.intake import ContactForm, IntakeService
from console.services.queue import QueueService

folder, desk, user, seconds = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
db = Database(DatabaseTarget.parse(os.environ["HOTLINE_BENCH_DB"]))
intake, queue = IntakeService(db), QueueService(db)
intake.hours, queue.open_items()  # connected, holiday calendar loaded: warm before the start
forms = [ContactForm(primary_request=kind, urgent=True, caller_type="community_member", keep_with_me=False,
                     summary=f"Desk {desk}: urgent {kind} saved during the 20-desk bench.")
         for kind in ("crisis", "tip", "tip", "referral")]
rng = random.Random(desk)
out = {"saved": [], "save_ms": [], "claimed": [], "claim_ms": [], "closed": 0, "empty": 0, "errors": {}}
(folder / f"ready-{desk}").touch()
while not (folder / "go").exists():  # every desk starts together
    time.sleep(0.02)
end = time.monotonic() + seconds
while time.monotonic() < end:
    try:
        start = time.perf_counter()
        if rng.random() < 0.5:
            saved = intake.save(rng.choice(forms), user)
            out["save_ms"].append((time.perf_counter() - start) * 1000)
            out["saved"].append(saved.id)
        else:
            item = queue.claim_next(user)
            if item is None:
                out["empty"] += 1
            else:
                out["claimed"].append(item.contact_id)
                queue.close(item.contact_id, user)
                out["claim_ms"].append((time.perf_counter() - start) * 1000)
                out["closed"] += 1
    except Exception as exc:
        key = f"{type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:160]}"
        out["errors"][key] = out["errors"].get(key, 0) + 1
    time.sleep(rng.uniform(0.02, 0.1))  # a pause, not a spin: 20 processes share 2 cores
(folder / f"desk-{desk}.json").write_text(json.dumps(out))
db.dispose()
'''


def _wanted(name: str) -> bool:
    only = os.environ.get("ONLY", "").strip()
    return not only or only in name


def _env(db) -> dict[str, str]:
    # The URL with its password goes through the environment, not argv (ps shows argv).
    return {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen",
            "HOTLINE_BENCH_DB": db.target.url.render_as_string(hide_password=False)}


def _tail(path: Path, chars: int = 600) -> str:
    try:
        return path.read_text(errors="replace")[-chars:]
    except OSError:
        return ""


def _cross_desk(name: str, db, workdir: Path, **detail) -> dict:
    from console.services.intake import ContactForm, IntakeService
    from console.services.users import UserService
    from ui.queue.pane import QueuePane

    # The pane's real default, read rather than copied, so the figure follows it.
    poll_ms = inspect.signature(QueuePane.__init__).parameters["poll_ms"].default
    user = UserService(db).ensure("bench-intake", "Bench Intake")
    intake = IntakeService(db)
    _ = intake.hours  # the holiday calendar loads on first use: not during the timed saves
    form = ContactForm(primary_request="tip", urgent=True, caller_type="community_member", keep_with_me=False,
                       summary="Tip saved on one desk, awaited on another.")
    script, errors = workdir / f"{name}-viewer.py", workdir / f"{name}-viewer.err"
    script.write_text(_VIEWER)
    seen: dict[int, float] = {}
    ready = threading.Event()
    with open(errors, "w") as err:
        proc = subprocess.Popen([sys.executable, str(script), str(poll_ms), str(CONTACTS * 0.5 + 90)],
                                stdout=subprocess.PIPE, stderr=err, text=True, env=_env(db), cwd=ROOT)

    def read() -> None:  # a thread, so waiting for the viewer can time out
        for line in proc.stdout:
            if line.strip() == "ready":
                ready.set()
            elif "," in line:
                cid, at = line.split(",")
                seen[int(cid)] = float(at)

    threading.Thread(target=read, daemon=True).start()
    committed: dict[int, float] = {}
    try:
        if not ready.wait(90):
            return {"name": name, "value": None, "unit": "ms", "error": "viewer not ready: " + _tail(errors)}
        rng = random.Random(3)
        for _ in range(CONTACTS):
            time.sleep(rng.uniform(0.25, 0.5))
            saved = intake.save(form, user.id)
            committed[saved.id] = time.time()  # the commit has returned
        give_up = time.monotonic() + 5
        while set(committed) - set(seen) and time.monotonic() < give_up:
            time.sleep(0.02)
    finally:
        proc.kill()
        proc.wait()
    lags = [(seen[cid] - at) * 1000 for cid, at in committed.items() if cid in seen]
    unseen = len(committed) - len(lags)
    if not lags:
        return {"name": name, "value": None, "unit": "ms", "error": "nothing seen: " + _tail(errors)}
    return figure(name, p95(lags), "ms", budget=1000, **summary(lags), max=round(max(lags), 3),
                  unseen_within_5s=unseen, poll_ms=poll_ms, **detail)


def _desks(db, workdir: Path) -> list[dict]:
    from sqlalchemy import text

    from console.services.users import UserService

    seconds = float(os.environ.get("HOTLINE_BENCH_DESKS_SECONDS", "60"))
    folder = workdir / "desks"
    folder.mkdir()
    (folder / "desk.py").write_text(_DESK)
    users = [UserService(db).ensure(f"desk{i:02}", f"Desk {i}").id for i in range(DESKS)]
    procs = []
    try:
        for i, uid in enumerate(users):
            with open(folder / f"desk-{i}.err", "w") as err:
                procs.append(subprocess.Popen(
                    [sys.executable, str(folder / "desk.py"), str(folder), str(i), str(uid), str(seconds)],
                    stdout=subprocess.DEVNULL, stderr=err, env=_env(db), cwd=ROOT))
        deadline = time.monotonic() + 180  # 20 interpreters importing SQLAlchemy on 2 cores
        while not all((folder / f"ready-{i}").exists() for i in range(DESKS)):
            if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
                break
            time.sleep(0.05)
        (folder / "go").touch()
        for proc in procs:
            try:
                proc.wait(timeout=max(1.0, deadline - time.monotonic()) + seconds + 60)
            except subprocess.TimeoutExpired:
                pass
    finally:
        for proc in procs:
            proc.kill()
            proc.wait()

    reports, failed = {}, {}
    for i in range(DESKS):
        path = folder / f"desk-{i}.json"
        if path.exists():
            reports[i] = json.loads(path.read_text())
        else:
            failed[i] = _tail(folder / f"desk-{i}.err", 300)
    saved = [cid for r in reports.values() for cid in r["saved"]]
    claims = Counter(cid for r in reports.values() for cid in r["claimed"])
    holder_of = {cid: users[i] for i, r in reports.items() for cid in r["claimed"]}
    with db.read() as session:
        found = set(session.scalars(text("SELECT id FROM contacts")))
        twice = set(session.scalars(text("SELECT contact_id FROM contact_events WHERE event = 'claimed' "
                                         "GROUP BY contact_id HAVING COUNT(*) > 1")))
        holders = dict(session.execute(text("SELECT id, assigned_to_id FROM contacts")).tuples().all())
    lost = [cid for cid in saved if cid not in found]
    double = twice | {cid for cid, n in claims.items() if n > 1}
    errors: Counter = Counter()
    for r in reports.values():
        errors.update(r["errors"])
    save_ms = [ms for r in reports.values() for ms in r["save_ms"]]
    claim_ms = [ms for r in reports.values() for ms in r["claim_ms"]]
    empty = sum(r["empty"] for r in reports.values())
    common = {"desks": DESKS, "seconds": seconds, "desks_reported": len(reports)}
    if failed:
        common["desks_failed"] = failed
    save = ({"value": None, "unit": "ms", "error": "no save succeeded"} if not save_ms else
            figure("desks_20_save_p95_ms", p95(save_ms), "ms", **summary(save_ms), max=round(max(save_ms), 3)))
    return [
        figure("desks_20_lost", len(lost), "contacts", budget=0, saved=len(saved), **common),
        # holder_mismatch: the database's holder is not the desk that was told it won (an overwrite)
        figure("desks_20_double_claims", len(double), "contacts", budget=0, claims=sum(claims.values()),
               holder_mismatch=sum(holders.get(cid) != uid for cid, uid in holder_of.items()),
               claim_next_empty=empty, **common),
        {**save, "name": "desks_20_save_p95_ms",
         "claim_close_p95_ms": round(p95(claim_ms), 3) if claim_ms else None,
         "actions_per_s": round((len(save_ms) + len(claim_ms) + empty + sum(errors.values())) / seconds, 1),
         "errors": dict(errors), **common},
    ]

def run(workdir: Path):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from console.db import Database, DatabaseTarget
    from console.schema import upgrade

    if _wanted(FIGURES[0]):
        db = Database(DatabaseTarget.sqlite_file(workdir / "desks.sqlite3"))
        try:
            upgrade(db)
            yield _cross_desk(FIGURES[0], db, workdir)
        finally:
            db.dispose()
    pg_figures = [name for name in FIGURES[1:] if _wanted(name)]
    if not pg_figures:
        return
    from tests.pg import PgServer, PostgresUnavailable

    try:
        server = PgServer.start(durable=True)  # fsync on, as a real server
    except PostgresUnavailable as exc:
        for name in pg_figures:
            yield {"name": name, "value": None, "unit": _UNITS.get(name, "ms"), "skipped": str(exc).splitlines()[0]}
        return
    try:
        if FIGURES[1] in pg_figures:
            db = Database(DatabaseTarget(server.url(server.create_database("hotline_cross"))))
            try:
                upgrade(db)
                with db.engine.connect() as conn:
                    version = conn.exec_driver_sql("SHOW server_version").scalar()
                yield _cross_desk(FIGURES[1], db, workdir, server=f"PostgreSQL {version}", connection="tcp 127.0.0.1")
            finally:
                db.dispose()
        if any(name.startswith("desks_20") for name in pg_figures):
            db = Database(DatabaseTarget(server.url(server.create_database("hotline_desks"))))  # a fresh queue
            try:
                upgrade(db)
                yield from _desks(db, workdir)
            finally:
                db.dispose()
    finally:
        server.close()
