"""The model layer on a real PostgreSQL server (tests/pg.py, started once a
session): migrations, check, intake, queue, directory search, the
LISTEN/NOTIFY change feed, desks in separate processes racing to claim, and a
server restart mid-session.

Skipped with a reason where no PostgreSQL server binaries are installed;
failed instead when ``CI`` is set (see ``pg_server`` in tests/conftest.py).
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic import command
from psycopg.conninfo import conninfo_to_dict
from sqlalchemy import func, select, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError

from console.changefeed import PostgresChangeFeed, open_change_feed, postgres_conninfo
from console.db import Database, DatabaseTarget
from console.errors import ClaimConflict, DatabaseProblem, StaleContact, ValidationError
from console.models import ContactEvent, Referral, User
from console.schema import HEAD, alembic_config, check, upgrade
from console.services.directory import DirectoryQuery, DirectoryService
from console.services.intake import (
    IntakeService,
    ReferralInput,
)
from console.services.queue import QueueService
from console.services.users import UserService
from console.vocabulary import ContactStatus, Priority, Role
from tests.factories import SHELTER_REFERRAL, make_contact

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2025, 3, 4, 15, 0, tzinfo=timezone.utc)
NOW = datetime(2026, 11, 29, 15, 0, tzinfo=timezone.utc)
SEEN_WITHIN_S = 1.0

VALID = dataclasses.replace(
    SHELTER_REFERRAL, summary="Caseworker needs shelter tonight for two girls found at a motel. Ünïcödé: 北京 🙂"
)


def ago(minutes: float) -> datetime:
    return T0 - timedelta(minutes=minutes)


def plain_url(url: URL) -> str:
    """The URL with its password, for a child process (through its environment)."""
    return url.render_as_string(hide_password=False)


def wait_for_change(feed, within: float = SEEN_WITHIN_S) -> float | None:
    """Seconds until ``feed.changed()`` says True, or None if it did not within ``within``."""
    start = time.monotonic()
    while time.monotonic() - start < within:
        if feed.changed():
            return time.monotonic() - start
        time.sleep(0.005)
    return None


@pytest.fixture
def users(pg_db):
    service = UserService(pg_db)
    return service.ensure("dana", "Dana Reyes"), service.ensure("sam", "Sam Ortiz")


# -- schema ----------------------------------------------------------------------

def test_migrations_upgrade_downgrade_upgrade_and_check_passes(pg_server):
    name = pg_server.create_database()
    db = Database(DatabaseTarget(pg_server.url(name)))
    try:
        assert upgrade(db) == (None, HEAD)
        checks = {c.name: c for c in check(db)}
        assert all(c.ok for c in checks.values()), checks
        assert {"server version", "database encoding", "change notifications"} <= set(checks)
        assert "PostgreSQL" in checks["server version"].detail
        assert "file integrity" not in checks  # the SQLite checks stay SQLite's
        assert upgrade(db) == (HEAD, HEAD)

        with db.engine.begin() as conn:
            conn.exec_driver_sql("INSERT INTO users (username, display_name, role, active, created_at) "
                                 "VALUES ('old', 'Old Timer', 'specialist', true, '2025-01-01 00:00:00')")
        with db.engine.connect() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "base")
            conn.commit()
            left = conn.exec_driver_sql(
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename != 'alembic_version'"
            ).scalar()
            functions = conn.exec_driver_sql("SELECT count(*) FROM pg_proc WHERE proname = 'hotline_notify_change'")
            assert (left, functions.scalar()) == (0, 0)

        assert upgrade(db) == (None, HEAD)
        assert all(c.ok for c in check(db)), check(db)
    finally:
        db.dispose()
        pg_server.drop_database(name)


def test_each_revision_upgrades_keeping_its_users(pg_server):
    name = pg_server.create_database()
    db = Database(DatabaseTarget(pg_server.url(name)))
    try:
        with db.engine.connect() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0001")
            conn.exec_driver_sql("INSERT INTO users (username, display_name, role, active, created_at) "
                                 "VALUES ('old', 'Old Timer', 'specialist', true, '2025-01-01 00:00:00')")
            conn.commit()
        assert upgrade(db) == ("0001", HEAD)
        with db.read() as session:
            assert session.scalar(select(User.display_name)) == "Old Timer"
    finally:
        db.dispose()
        pg_server.drop_database(name)


def test_check_says_when_other_desks_would_not_be_told(pg_db):
    with pg_db.write() as session:
        session.execute(text("DROP TRIGGER contacts_notify_change ON contacts"))
    checks = {c.name: c for c in check(pg_db)}
    assert not checks["change notifications"].ok
    assert "other desks" in checks["change notifications"].detail
    assert checks["queue change marks"].ok
    with pg_db.write() as session:
        session.execute(text("ALTER TABLE contacts DISABLE TRIGGER contacts_change_mark"))
    assert not {c.name: c for c in check(pg_db)}["queue change marks"].ok


def test_self_check_command_passes_on_postgres(pg_db, tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOTLINE_DB_URL": plain_url(pg_db.target.url),
           "HOTLINE_DATA_DIR": str(tmp_path / "data")}
    result = subprocess.run([sys.executable, "-m", "ui", "self-check"], capture_output=True, text=True,
                            env=env, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok   change notifications" in result.stdout and "self-check passed" in result.stdout
    assert pg_db.target.url.password not in result.stdout + result.stderr


def test_an_unreachable_server_is_explained(pg_server):
    url = pg_server.url("hotline").set(port=9)
    with pytest.raises(DatabaseProblem) as caught:
        upgrade(Database(DatabaseTarget(url)))
    assert "cannot be reached" in str(caught.value) and pg_server.password not in str(caught.value)


# -- intake ------------------------------------------------------------------------

def test_intake_save_and_load_round_trip(pg_db, users):
    from tests.factories import add_service

    dana, _ = users
    intake = IntakeService(pg_db, clock=lambda: NOW)
    service_id = add_service(pg_db, "Harbor House Shelter", "Harbor House")
    form = dataclasses.replace(VALID, referrals=(ReferralInput(service_id, "Harbor House Shelter", "Harbor House"),))

    saved = intake.save(form, dana.id)

    assert saved.priority is Priority.URGENT and saved.mandated_report
    assert saved.status is ContactStatus.IN_PROGRESS
    loaded = intake.load(saved.id)
    assert loaded.form.received_at == NOW and loaded.form.received_at.tzinfo is not None
    assert loaded.form.caller_safe_phone == "+17135550142"
    assert dataclasses.replace(loaded.form, received_at=None, caller_safe_phone="713-555-0142",
                               referrals=()) == dataclasses.replace(form, referrals=())
    (referral,) = loaded.form.referrals
    assert (referral.service_id, referral.status) == (service_id, "referred")

    edited = dataclasses.replace(loaded.form, summary="Edited on desk A")
    again = intake.save(edited, dana.id, saved.id, loaded.version)
    assert again.version == loaded.version + 1
    with pytest.raises(StaleContact):
        intake.save(dataclasses.replace(loaded.form, summary="Edited on desk B"), dana.id, saved.id, loaded.version)
    assert intake.load(saved.id).form.summary == "Edited on desk A"
    with pg_db.read() as session:
        assert session.scalars(select(ContactEvent.event).order_by(ContactEvent.id)).all() == ["created", "edited"]
        assert session.scalar(select(func.count()).select_from(Referral)) == 1


# -- queue -------------------------------------------------------------------------

def test_queue_order_and_claims(pg_db, users):
    dana, sam = users
    queue = QueueService(pg_db, clock=lambda: T0 + timedelta(minutes=30))
    late_crisis = make_contact(pg_db, priority="crisis", received_at=ago(1))
    old_routine = make_contact(pg_db, priority="non_urgent", received_at=ago(90))
    urgent_new = make_contact(pg_db, priority="urgent", received_at=ago(2))
    urgent_old = make_contact(pg_db, priority="urgent", received_at=ago(20))
    early_crisis = make_contact(pg_db, priority="crisis", received_at=ago(5), status="in_progress",
                                assigned_to_id=sam.id)
    same_time = make_contact(pg_db, priority="urgent", received_at=ago(20))
    make_contact(pg_db, priority="crisis", received_at=ago(99), status="closed")

    first = queue.open_items()
    assert [i.contact_id for i in first] == [early_crisis, late_crisis, urgent_old, same_time, urgent_new, old_routine]
    assert first[0].assigned_to_name == "Sam Ortiz" and first[0].received_at == ago(5)

    claimed = queue.claim_next(dana.id)
    assert claimed.contact_id == late_crisis and claimed.assigned_to_id == dana.id and claimed.version == 2
    with pytest.raises(ClaimConflict) as caught:
        queue.claim(late_crisis, sam.id)
    assert caught.value.holder == "Dana Reyes"
    with pytest.raises(StaleContact):
        queue.close(urgent_old, dana.id, expected_version=99)
    queue.close(old_routine, dana.id)

    second = queue.open_items()
    assert [i.contact_id for i in second] == [early_crisis, late_crisis, urgent_old, same_time, urgent_new]
    assert second[0] is first[0]  # unchanged rows are reused
    assert second[1].status is ContactStatus.IN_PROGRESS
    assert queue.reopen(old_routine, dana.id).status is ContactStatus.WAITING


def test_a_refresh_misses_no_commit_that_lands_out_of_order(pg_db, users):
    """PostgreSQL commits concurrent transactions in any order: a write that
    began first but commits last must still reach a desk that refreshed in
    between (the change mark is the writer's transaction id, read from the
    oldest one still running)."""
    queue = QueueService(pg_db, clock=lambda: T0 + timedelta(minutes=30))
    slow, quick = make_contact(pg_db, received_at=ago(10)), make_contact(pg_db, received_at=ago(5))
    queue.open_items()
    with pg_db.engine.connect() as first_writer:
        first_writer.execute(text("UPDATE contacts SET caller_state = 'NM', version = version + 1 WHERE id = :id"),
                             {"id": slow})  # its transaction stays open
        with pg_db.write() as session:
            session.execute(text("UPDATE contacts SET caller_state = 'OK', version = version + 1 WHERE id = :id"),
                            {"id": quick})
        seen = {i.contact_id: i.caller_state for i in queue.open_items()}
        assert seen == {slow: "TX", quick: "OK"}
        first_writer.commit()
    seen = {i.contact_id: i.caller_state for i in queue.open_items()}
    assert seen == {slow: "NM", quick: "OK"}


# -- directory ---------------------------------------------------------------------

def test_directory_word_search_is_full_text_and_finds_what_sqlite_finds(pg_db, db):
    """PostgreSQL's full-text search and SQLite's FTS5 index give the same
    services for the same words (case folded, prefixes, punctuation as
    separators, nothing typed is syntax), ranked best first."""
    from console.demo.directory import generate_directory

    generate_directory(pg_db, 100, seed=11)
    generate_directory(db, 100, seed=11)
    on_pg, on_sqlite = DirectoryService(pg_db, Role.SPECIALIST), DirectoryService(db, Role.SPECIALIST)

    hits = on_pg.search(DirectoryQuery("SHELTER", limit=1000))
    assert hits and hits == on_pg.search(DirectoryQuery("shelter", limit=1000))
    assert "Shelter" in hits[0].service_name  # ranked: the word in the name comes first
    for words in ("shelter", "legal visa", "T visa", "immig", "o'brien", "a_b", "100%", "x\\y", "sh%", "北京",
                  "shelter -legal", "help & support"):
        found = {h.service_id for h in on_pg.search(DirectoryQuery(words, limit=1000))}
        assert found == {h.service_id for h in on_sqlite.search(DirectoryQuery(words, limit=1000))}, words
    in_texas = on_pg.search(DirectoryQuery("shelter", state="TX", category="shelter"))
    assert all(h.state == "TX" and "shelter" in h.categories for h in in_texas)
    listing = on_pg.search(DirectoryQuery())
    for hostile in ("%", "_", "\\", "%%", "'", '"', "\x00", "&", "!", ":*", "|"):
        assert on_pg.search(DirectoryQuery(hostile)) == listing  # nothing to match: the plain listing
    names = [(h.organization_name, h.service_name, h.service_id) for h in on_pg.search(DirectoryQuery(limit=50))]
    assert names == sorted(names)
    assert any(c.name == "directory search" and "full-text index" in c.detail for c in check(pg_db))


def test_directory_radius_language_and_hours_on_postgres(pg_db):
    """The box is a range on the (latitude, longitude) index; the exact distance decides; nearest first."""
    from tests.factories import add_directory_service

    weekdays = {"freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR", "opens_at": "09:00", "closes_at": "17:00"}
    for name, zip_code, point in (("Midtown", "77004", (29.7247, -95.3625)), ("Conroe", "77301", (30.3125, -95.4527)),
                                  ("Galveston", "77550", (29.2983, -94.793)), ("Dallas", "75201", (32.7904, -96.8044))):
        add_directory_service(pg_db, f"{name} Shelter", f"{name} Org", zip_code=zip_code, point=point,
                              languages=[("spa", "Spanish")] if name != "Conroe" else ["en"], schedules=[weekdays])
    monday_morning_in_houston = datetime(2026, 3, 9, 15, 30, tzinfo=timezone.utc)
    directory = DirectoryService(pg_db, Role.SPECIALIST, clock=lambda: monday_morning_in_houston)
    hits = directory.search(DirectoryQuery(near_zip="77002", miles=50))
    assert [h.service_name for h in hits] == ["Midtown Shelter", "Conroe Shelter", "Galveston Shelter"]
    assert [h.distance_miles for h in hits] == pytest.approx([2.4, 38.6, 46.6], abs=0.05)
    spanish = directory.search(DirectoryQuery("shelter", near_zip="77002", miles=250, language="es", open_now=True))
    assert [h.service_name for h in spanish] == ["Midtown Shelter", "Galveston Shelter", "Dallas Shelter"]
    with pytest.raises(ValidationError) as caught:
        directory.search(DirectoryQuery(near_zip="99999"))
    assert "near_zip" in caught.value.errors
    with pg_db.read() as session:
        index = session.execute(text(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_service_search_lat_lon'")).scalar()
    assert index and "(latitude, longitude)" in index


# -- change feed -------------------------------------------------------------------

def test_the_feed_hears_commits_to_contacts_only_once_and_never_rollbacks(pg_db):
    feed = open_change_feed(pg_db)
    try:
        assert isinstance(feed, PostgresChangeFeed)
        assert feed.changed() is True  # the first call: read everything
        assert feed.changed() is False
        make_contact(pg_db)
        assert wait_for_change(feed) is not None
        assert feed.changed() is False
        with pytest.raises(RuntimeError):
            with pg_db.write() as session:
                session.execute(text("UPDATE contacts SET summary = 'x'"))
                raise RuntimeError("abandon")
        UserService(pg_db).ensure("kim", "Kim Lo")  # not a contact: the queue need not re-read
        assert wait_for_change(feed, within=0.3) is None
    finally:
        feed.close()
    assert feed.changed() is False
    feed.close()


def test_the_feed_connection_has_the_urls_parts():
    url = URL.create("postgresql+psycopg", username="hot line", password="p@ss w'rd", host="db.example",
                     port=6543, database="hotline", query={"sslmode": "require"})
    params = conninfo_to_dict(postgres_conninfo(url))
    assert params["user"] == "hot line" and params["password"] == "p@ss w'rd"
    assert (params["host"], params["port"], params["dbname"], params["sslmode"]) == (
        "db.example", "6543", "hotline", "require")
    assert params["keepalives"] == "1" and "connect_timeout" in params
    with pytest.raises(ValueError):
        PostgresChangeFeed(DatabaseTarget.parse("sqlite://"))


def test_ci_decides_between_skipping_and_failing():
    from tests.pg import ci_requires_postgres

    assert ci_requires_postgres({"CI": "true"}) and ci_requires_postgres({"CI": "1"})
    assert not any(ci_requires_postgres(env) for env in ({}, {"CI": ""}, {"CI": "false"}, {"CI": "0"}))


_SAVER = """
import os, sys, time
from console.db import Database, DatabaseTarget
from console.services.intake import ContactForm, IntakeService
from console.services.users import UserService
db = Database(DatabaseTarget.parse(os.environ["HOTLINE_TEST_DB"]))
user = UserService(db).ensure("other", "Other Desk")
print("ready", flush=True)
sys.stdin.readline()
saved = IntakeService(db).save(ContactForm(primary_request="tip", urgent=True, caller_type="community_member",
                               summary="Tip saved on another desk.", keep_with_me=False), user.id)
print(saved.id, time.time(), flush=True)
db.dispose()
"""


def test_a_contact_saved_in_another_process_is_heard_within_a_second(pg_db):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HOTLINE_TEST_DB": plain_url(pg_db.target.url)}
    feed = PostgresChangeFeed(pg_db)
    queue = QueueService(pg_db)
    proc = subprocess.Popen([sys.executable, "-c", _SAVER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    try:
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
        assert feed.changed() is True and queue.open_items() == ()
        assert feed.changed() is False
        proc.stdin.write("go\n")
        proc.stdin.flush()
        contact_id, committed_at = proc.stdout.readline().split()
        heard = wait_for_change(feed)
        lag = time.time() - float(committed_at)
        assert heard is not None, "no notification within a second"
        assert lag < SEEN_WITHIN_S
        assert [i.contact_id for i in queue.open_items()] == [int(contact_id)]
        assert proc.wait(30) == 0
    finally:
        proc.kill()
        proc.wait()
        feed.close()


_DESK = """
import os, sys, time
from pathlib import Path
from console.db import Database, DatabaseTarget
from console.errors import ClaimConflict
from console.services.queue import QueueService
db = Database(DatabaseTarget.parse(os.environ["HOTLINE_TEST_DB"]))
service = QueueService(db)
folder, desk, user = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
service.open_items()  # connected and warm before the race
(folder / f"ready-{desk}").touch()
for round_ in range(int(sys.argv[4])):
    go = folder / f"go-{round_}"
    while not go.exists():
        time.sleep(0.001)
    mode, *ids = go.read_text().split()
    if mode == "next":
        while (item := service.claim_next(user)) is not None:
            print(round_, "won", item.contact_id, flush=True)
    else:  # both desks claim the same contact at the same moment, one contact after another
        for i, cid in enumerate(map(int, ids)):
            (folder / f"at-{desk}-{round_}-{i}").touch()  # a barrier of two, in files
            while not (folder / f"at-{1 - int(desk)}-{round_}-{i}").exists():
                time.sleep(0.0002)
            try:
                print(round_, "won", service.claim(cid, user).contact_id, flush=True)
            except ClaimConflict as lost:
                print(round_, "lost", cid, lost.holder.replace(" ", "_"), flush=True)
    (folder / f"done-{desk}-{round_}").touch()
db.dispose()
"""


@pytest.mark.slow
def test_two_desk_processes_racing_to_claim_never_share_a_contact(pg_db, users, tmp_path):
    rounds = [("next", 50), ("same", 30), ("next", 50), ("same", 30)]
    names = {u.id: u.display_name for u in users}
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HOTLINE_TEST_DB": plain_url(pg_db.target.url)}
    procs = [
        subprocess.Popen([sys.executable, "-c", _DESK, str(tmp_path), str(n), str(user.id), str(len(rounds))],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
        for n, user in enumerate(users)
    ]
    try:
        deadline = time.monotonic() + 60
        for n, proc in enumerate(procs):
            while not (tmp_path / f"ready-{n}").exists():
                assert proc.poll() is None, proc.stderr.read()
                assert time.monotonic() < deadline, "a desk process did not start"
                time.sleep(0.01)
        made: list[list[int]] = []
        for r, (mode, count) in enumerate(rounds):
            ids = [make_contact(pg_db, received_at=ago(i % 7), priority=("crisis", "urgent")[i % 2])
                   for i in range(count)]
            made.append(ids)
            (tmp_path / f"go-{r}.tmp").write_text(" ".join([mode, *map(str, ids)]))
            (tmp_path / f"go-{r}.tmp").rename(tmp_path / f"go-{r}")  # both desks start at once
            for n, proc in enumerate(procs):
                while not (tmp_path / f"done-{n}-{r}").exists():
                    assert proc.poll() is None, proc.stderr.read()
                    assert time.monotonic() < deadline, f"round {r} did not end"
                    time.sleep(0.005)
        outputs = [proc.communicate(timeout=30) for proc in procs]
    finally:
        for proc in procs:
            proc.kill()
            proc.wait()

    for proc, (out, err) in zip(procs, outputs):
        assert proc.returncode == 0 and err == "", err  # no error leaked out of a desk
    lines = [(n, line.split()) for n, (out, _) in enumerate(outputs) for line in out.splitlines()]
    for r, ids in enumerate(made):
        won = [(n, int(f[2])) for n, f in lines if f[0] == str(r) and f[1] == "won"]
        assert sorted(cid for _, cid in won) == sorted(ids), f"round {r}: each contact claimed exactly once"
        if rounds[r][0] == "same":
            lost = [(n, int(f[2]), f[3].replace("_", " ")) for n, f in lines if f[0] == str(r) and f[1] == "lost"]
            winner = {cid: n for n, cid in won}
            assert sorted(cid for _, cid, _ in lost) == sorted(ids)  # the other desk was told, every time
            assert all(winner[cid] != n and holder == names[users[winner[cid]].id] for n, cid, holder in lost)
    with pg_db.read() as session:
        claimed = session.execute(text("SELECT count(*), count(DISTINCT contact_id) FROM contact_events "
                                       "WHERE event = 'claimed'")).one()
        holders = session.execute(text("SELECT count(*) FROM contacts WHERE status = 'in_progress' "
                                       "AND assigned_to_id IS NOT NULL")).scalar()
    total = sum(count for _, count in rounds)
    assert tuple(claimed) == (total, total) and holders == total


# -- the server goes away --------------------------------------------------------------

def test_a_server_restart_mid_session_is_survived(pg_server, pg_db, users):
    dana, _ = users
    feed = PostgresChangeFeed(pg_db, retry_min=0.05, retry_max=0.2)
    queue = QueueService(pg_db)
    intake = IntakeService(pg_db)
    try:
        first = make_contact(pg_db, received_at=ago(3))
        assert feed.changed() is True and [i.contact_id for i in queue.open_items()] == [first]
        assert feed.changed() is False

        pg_server.restart()  # every connection cut: the feed's, and the pool's

        assert wait_for_change(feed) is not None  # reconnected; NOTIFY has no replay, so: read everything
        assert [i.contact_id for i in queue.open_items()] == [first]  # the pool's dead connections are replaced
        second = intake.save(dataclasses.replace(VALID, keep_with_me=False), dana.id).id
        assert wait_for_change(feed) is not None
        assert [i.contact_id for i in queue.open_items()] == [first, second]
        assert queue.claim_next(dana.id).contact_id == first
        assert wait_for_change(feed) is not None  # the claim's own notification

        pg_server.stop()
        try:
            caught = None
            for _ in range(100):  # the loss is seen on the first call or soon after, never as True
                try:
                    assert feed.changed() is False
                except DatabaseProblem as problem:
                    caught = problem
                    break
                time.sleep(0.01)
            assert caught is not None, "the feed did not report the server gone"
            assert "cannot be reached" in str(caught) and pg_server.password not in str(caught)
            with pytest.raises(DatabaseProblem):
                feed.changed()  # within the back-off: at once, without trying the network
            with pytest.raises(OperationalError):
                queue.open_items()  # the queue pane reports this and keeps polling
        finally:
            pg_server.start_again()

        deadline = time.monotonic() + 5
        while True:
            try:
                assert feed.changed() is True
                break
            except DatabaseProblem:
                assert time.monotonic() < deadline, "the feed did not come back"
                time.sleep(0.05)
        assert [i.contact_id for i in queue.open_items()] == [first, second]
        make_contact(pg_db)
        assert wait_for_change(feed) is not None
    finally:
        feed.close()
