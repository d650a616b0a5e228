"""Queue pane refresh with 10,000 open contacts.

One refresh = ``QueueService.open_items()`` (the query and the DTOs) plus
``QueueModel.set_items()`` (the GUI-side in-place diff), with one contact
changed by another connection between refreshes, as on a busy floor.
Budget: p95 under 30 ms.

``queue_refresh_p95_ms_10k`` measures it on a SQLite file;
``queue_refresh_p95_ms_10k_pg`` the same way on a PostgreSQL server the bench
starts on loopback with ``tests/pg.py`` (value null, with the reason, where
no PostgreSQL server binaries are installed).
"""

from __future__ import annotations

import os
import random
from datetime import timedelta
from pathlib import Path

from bench.stats import figure, p95, summary, time_ms

FIGURES = ("queue_refresh_p95_ms_10k", "queue_refresh_p95_ms_10k_pg")
OPEN_CONTACTS = 10_000
REFRESHES = 60

_MIX = (  # (priority, primary request, share)
    ("crisis", "crisis", 0.03), ("urgent", "tip", 0.22), ("urgent", "referral", 0.15), ("urgent", "tta", 0.05),
    ("non_urgent", "referral", 0.2), ("non_urgent", "tta", 0.1), ("non_urgent", "general_info", 0.25),
)
_SUMMARIES = (
    "Caller reports workers housed on site at a farm; employer holds their passports.",
    "Tip about a massage business open late, women never seen leaving the premises.",
    "Service provider asks for shelter options tonight for a survivor with a child.",
    "Teacher requests training materials about online recruitment of minors.",
    "General question about volunteering with local anti-trafficking organizations.",
)


def _populate(db, users: list[int]) -> None:
    from sqlalchemy import insert

    from console.models import Contact, utcnow
    from console.vocabulary import Priority

    rng = random.Random(7)
    now = utcnow()
    weights = [share for *_, share in _MIX]
    rows = []
    for i in range(OPEN_CONTACTS):
        priority, request, _ = rng.choices(_MIX, weights)[0]
        in_progress = rng.random() < 0.15
        received = now - timedelta(seconds=rng.randint(5, 5 * 86400))
        rows.append({
            "version": 1, "received_at": received, "created_at": received, "updated_at": received,
            "channel": rng.choice(("phone", "phone", "text", "email", "web_form", "chat")),
            "primary_request": request, "urgent": priority != "non_urgent", "priority": priority,
            "priority_rank": Priority(priority).rank, "status": "in_progress" if in_progress else "waiting",
            "assigned_to_id": rng.choice(users) if in_progress else None,
            "claimed_at": now if in_progress else None, "caller_type": "community_member",
            "caller_state": rng.choice(("TX", "CA", "NY", "FL", "IL", "GA", "WA", None)),
            "summary": f"{rng.choice(_SUMMARIES)} (#{i})",
        })
    rows.sort(key=lambda r: r["received_at"])  # ids follow arrival, as when intake enters them
    with db.write() as session:
        session.execute(insert(Contact), rows)


# A new contact copied from another on "another desk": every column but the id
# (and the change mark, the database's own) named, so the id is a new one.
_COPIED = ("received_at, created_at, updated_at, entered_by_id, channel, language, interpreter_language, "
           "primary_request, urgent, priority, priority_rank, non_data_outcome, caller_type, caller_anonymous, "
           "caller_name, caller_safe_phone, caller_safe_times, caller_may_leave_message, caller_code_word, "
           "caller_city, caller_state, caller_zip, caller_heard_about, caller_history, trafficking_type, venue, "
           "indicators, immediate_danger, emergency_needs, consent_law_enforcement, consent_service_providers, "
           "mandated_report, summary, materials_sent, tip_forwarded_to, tip_forwarded_at, follow_up_due")
_COPY_NAMED = (f"INSERT INTO contacts (version, status, {_COPIED}) "
               f"SELECT 1, 'waiting', {_COPIED} FROM contacts WHERE id = :id")


def _measure(name: str, db, other, **detail):
    """Populate ``db``, then time ``REFRESHES`` refreshes, one change on
    ``other`` ("another desk") before each; returns the figure."""
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import text

    from console.services.queue import QueueService
    from console.services.users import UserService
    from ui.queue.model import QueueModel

    app = QApplication.instance() or QApplication([])  # noqa: F841 (models and icons need one)
    users = [UserService(db).ensure(f"desk{i}", f"Specialist {i}").id for i in range(12)]
    _populate(db, users)
    if not db.target.is_sqlite:
        # What autovacuum does on a live server after this many inserts:
        # statistics for the planner, the visibility map for index-only scans.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE contacts")
    queue, model = QueueService(db), QueueModel()
    rng = random.Random(11)
    with db.read() as session:
        ids = [r[0] for r in session.execute(text("SELECT id FROM contacts"))]

    def change_one(step: int) -> None:
        """One contact changes on another desk: edited, claimed, new, or closed."""
        with other.write() as session:
            cid = rng.choice(ids)
            kind = step % 4
            if kind == 0:
                session.execute(text("UPDATE contacts SET caller_state = :s, version = version + 1 WHERE id = :id"),
                                {"s": rng.choice(("TX", "NM", "OK")), "id": cid})
            elif kind == 1:
                session.execute(text("UPDATE contacts SET status = 'in_progress', assigned_to_id = :u, "
                                     "version = version + 1 WHERE id = :id AND status = 'waiting'"),
                                {"u": users[0], "id": cid})
            elif kind == 2:
                session.execute(text(_COPY_NAMED), {"id": cid})
            else:
                session.execute(text("UPDATE contacts SET status = 'closed', version = version + 1 WHERE id = :id"),
                                {"id": cid})

    def refresh() -> None:
        model.set_items(queue.open_items())

    refresh()  # the first load is not a refresh
    samples = []
    for step in range(REFRESHES):  # the change between refreshes is not timed
        change_one(step)
        samples += time_ms(refresh, repeat=1, warmup=0)
    cold = time_ms(lambda: QueueModel().set_items(QueueService(db).open_items()), repeat=5, warmup=1)
    return figure(
        name, p95(samples), "ms", **summary(samples),
        rows=model.rowCount(), first_load_median_ms=round(sorted(cold)[len(cold) // 2], 3), **detail,
    )


def _wanted(name: str) -> bool:
    only = os.environ.get("ONLY", "").strip()
    return not only or only in name


def run(workdir: Path):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if _wanted(FIGURES[0]):
        yield _run_sqlite(workdir)
    if _wanted(FIGURES[1]):
        yield _run_postgres()


def _run_sqlite(workdir: Path) -> dict:
    from console.db import Database, DatabaseTarget
    from console.schema import upgrade

    db = Database(DatabaseTarget.sqlite_file(workdir / "queue.sqlite3"))
    other = Database(DatabaseTarget.sqlite_file(workdir / "queue.sqlite3"))  # "another desk"
    try:
        upgrade(db)
        return _measure(FIGURES[0], db, other)
    finally:
        other.dispose()
        db.dispose()


def _run_postgres() -> dict:
    """The same on a PostgreSQL server started for the bench (tests/pg.py):
    loopback TCP, fsync on, default settings otherwise."""
    from console.db import Database, DatabaseTarget
    from console.schema import upgrade
    from tests.pg import PgServer, PostgresUnavailable

    try:
        server = PgServer.start(durable=True)
    except PostgresUnavailable as exc:
        return {"name": FIGURES[1], "value": None, "unit": "ms", "skipped": str(exc).splitlines()[0]}
    try:
        target = DatabaseTarget(server.url(server.create_database("hotline_bench")))
        db, other = Database(target), Database(target)
        try:
            upgrade(db)
            with db.engine.connect() as conn:
                version = conn.exec_driver_sql("SHOW server_version").scalar()
            return _measure(FIGURES[1], db, other, server=f"PostgreSQL {version}", connection="tcp 127.0.0.1")
        finally:
            other.dispose()
            db.dispose()
    finally:
        server.close()
