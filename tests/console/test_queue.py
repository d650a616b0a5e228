"""The live queue service against a real SQLite file: order, claims, races."""

from __future__ import annotations

import random
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import select, text, update

from console.db import Database, DatabaseTarget
from console.errors import ClaimConflict, InvalidTransition, NotFound, StaleContact
from console.models import Contact, ContactEvent
from console.services.queue import QueueService, preview
from console.services.users import UserService
from console.vocabulary import ContactStatus, Priority, RequestType, Role
from tests.factories import make_contact

T0 = datetime(2025, 3, 4, 15, 0, tzinfo=timezone.utc)
TESTS = Path(__file__).resolve().parents[1]


@pytest.fixture
def queue(db) -> QueueService:
    return QueueService(db, clock=lambda: T0 + timedelta(minutes=30))


@pytest.fixture
def other_user(db):
    return UserService(db).ensure("sam", "Sam Ortiz", Role.SPECIALIST)


def ago(minutes: float) -> datetime:
    return T0 - timedelta(minutes=minutes)


def events(db, contact_id: int) -> list[tuple]:
    with db.read() as session:
        rows = session.execute(
            select(ContactEvent.event, ContactEvent.from_status, ContactEvent.to_status, ContactEvent.user_id,
                   ContactEvent.at).where(ContactEvent.contact_id == contact_id).order_by(ContactEvent.id)
        )
        return [tuple(r) for r in rows]


def row(db, contact_id: int) -> Contact:
    with db.read() as session:
        return session.get(Contact, contact_id)


# -- reading -------------------------------------------------------------------

def test_open_items_most_urgent_first_then_longest_waiting(db, queue):
    late_crisis = make_contact(db, priority="crisis", received_at=ago(1))
    old_routine = make_contact(db, priority="non_urgent", received_at=ago(90))
    urgent_new = make_contact(db, priority="urgent", received_at=ago(2))
    urgent_old = make_contact(db, priority="urgent", received_at=ago(20))
    early_crisis = make_contact(db, priority="crisis", received_at=ago(5), status="in_progress")
    same_time = make_contact(db, priority="urgent", received_at=ago(20))  # tie: lower id first
    make_contact(db, priority="crisis", received_at=ago(99), status="closed")

    ids = [item.contact_id for item in queue.open_items()]

    assert ids == [early_crisis, late_crisis, urgent_old, same_time, urgent_new, old_routine]


def test_queue_item_is_typed_and_previews_one_line(db, queue, specialist):
    long = "Caller says\n\n  her employer   keeps her passport. " + "x" * 200
    cid = make_contact(db, priority="crisis", received_at=ago(3), summary=long, caller_state="NM",
                       status="in_progress", assigned_to_id=specialist.id)

    (item,) = queue.open_items()

    assert item.contact_id == cid and item.version == 1
    assert item.priority is Priority.CRISIS and item.primary_request is RequestType.CRISIS
    assert item.status is ContactStatus.IN_PROGRESS
    assert item.received_at == ago(3) and item.received_at.tzinfo is not None
    assert item.caller_state == "NM"
    assert (item.assigned_to_id, item.assigned_to_name) == (specialist.id, "Dana Reyes")
    assert item.summary_preview.startswith("Caller says her employer keeps her passport. xx")
    assert "\n" not in item.summary_preview and len(item.summary_preview) == 80
    assert item.summary_preview.endswith("\u2026")


def test_preview_keeps_short_text_whole():
    assert preview("  Tip about\ta farm  ") == "Tip about a farm"
    assert preview(None) == ""


def test_open_items_reuses_unchanged_items_and_sees_edits_from_another_database(db, db_path, queue):
    a = make_contact(db, received_at=ago(10))
    b = make_contact(db, received_at=ago(5), summary="before")
    first = {item.contact_id: item for item in queue.open_items()}

    other = Database(DatabaseTarget.sqlite_file(db_path))
    try:
        with other.write() as session:  # an ORM edit on another desk bumps the version
            session.get(Contact, b).summary = "after the edit"
        second = {item.contact_id: item for item in queue.open_items()}
    finally:
        other.dispose()

    assert second[a] is first[a]
    assert second[b].summary_preview == "after the edit" and second[b].version == 2


def test_open_items_sees_every_row_changed_at_once(db, queue):
    ids = [make_contact(db, received_at=ago(i)) for i in range(8)]
    queue.open_items()
    with db.write() as session:
        session.execute(update(Contact).values(caller_state="OK", version=Contact.version + 1))
    items = queue.open_items()
    assert [i.caller_state for i in items] == ["OK"] * 8
    assert sorted(i.contact_id for i in items) == sorted(ids)


def test_open_items_drops_closed_and_adds_new(db, queue, specialist):
    a = make_contact(db, received_at=ago(10))
    b = make_contact(db, received_at=ago(5))
    queue.open_items()
    queue.close(a, specialist.id)
    c = make_contact(db, priority="crisis", received_at=ago(1))
    assert [i.contact_id for i in queue.open_items()] == [c, b]


def test_open_items_sees_writes_that_bypass_the_services(db, db_path, queue):
    """The change mark is the database's (triggers): a script that edits a
    row without bumping its version, or deletes one, still shows."""
    a, b, c = (make_contact(db, received_at=ago(m)) for m in (30, 20, 10))
    queue.open_items()
    other = Database(DatabaseTarget.sqlite_file(db_path))
    try:
        with other.write() as session:
            session.execute(text("UPDATE contacts SET caller_state = 'NM' WHERE id = :id"), {"id": b})
            session.execute(text("UPDATE contacts SET priority = 'crisis', priority_rank = 0 WHERE id = :id"),
                            {"id": c})
        items = queue.open_items()
        assert [i.contact_id for i in items] == [c, a, b]
        assert items[2].caller_state == "NM"
        with other.write() as session:
            session.execute(text("DELETE FROM contacts WHERE id = :id"), {"id": a})
        assert [i.contact_id for i in queue.open_items()] == [c, b]
    finally:
        other.dispose()


def test_refreshes_always_agree_with_a_fresh_read(db, queue, specialist, other_user):
    """Many random changes, a refresh after each: the kept, incrementally
    sorted queue equals what a desk that just started would read."""
    rng = random.Random(3)
    priorities = [p.value for p in Priority]
    ids = [make_contact(db, priority=rng.choice(priorities), received_at=ago(rng.randint(1, 500)))
           for _ in range(30)]
    queue.open_items()
    for step in range(150):
        cid = rng.choice(ids)
        action = rng.choice(("claim", "release", "close", "reopen", "edit", "new", "priority"))
        try:
            if action == "new":
                ids.append(make_contact(db, priority=rng.choice(priorities), received_at=ago(rng.randint(1, 500))))
            elif action == "edit":
                with db.write() as session:
                    session.get(Contact, cid).summary = f"edit {step}"
            elif action == "priority":
                with db.write() as session:
                    p = Priority(rng.choice(priorities))
                    session.execute(update(Contact).where(Contact.id == cid, Contact.status == "waiting")
                                    .values(priority=p.value, priority_rank=p.rank, version=Contact.version + 1))
            else:
                getattr(queue, action)(cid, rng.choice((specialist, other_user)).id)
        except (ClaimConflict, InvalidTransition):
            pass
        if rng.random() < 0.6:  # several changes between some refreshes
            assert queue.open_items() == QueueService(db, clock=lambda: T0 + timedelta(minutes=30)).open_items()


def test_item_reads_one_contact_even_closed(db, queue, specialist):
    cid = make_contact(db, status="closed")
    assert queue.item(cid).status is ContactStatus.CLOSED
    with pytest.raises(NotFound):
        queue.item(9999)


# -- claiming ------------------------------------------------------------------

def test_claim_assigns_and_records_the_event(db, queue, specialist):
    cid = make_contact(db, received_at=ago(4))

    item = queue.claim(cid, specialist.id)

    now = T0 + timedelta(minutes=30)
    assert item.status is ContactStatus.IN_PROGRESS
    assert (item.assigned_to_id, item.assigned_to_name, item.claimed_at) == (specialist.id, "Dana Reyes", now)
    assert item.version == 2
    assert events(db, cid) == [("claimed", "waiting", "in_progress", specialist.id, now)]
    with db.read() as session:
        assert session.execute(select(ContactEvent.assignee_id).where(ContactEvent.contact_id == cid)).scalar() \
            == specialist.id


def test_claim_conflict_names_the_holder_and_changes_nothing(db, queue, specialist, other_user):
    cid = make_contact(db)
    queue.claim(cid, other_user.id)
    before = row(db, cid)

    with pytest.raises(ClaimConflict) as caught:
        queue.claim(cid, specialist.id)

    assert caught.value.holder == "Sam Ortiz" and "Sam Ortiz" in str(caught.value)
    after = row(db, cid)
    assert (after.version, after.assigned_to_id, after.claimed_at) == (before.version, other_user.id, before.claimed_at)
    assert len(events(db, cid)) == 1


def test_claiming_ones_own_contact_again_changes_nothing(db, queue, specialist):
    cid = make_contact(db)
    first = queue.claim(cid, specialist.id)
    again = queue.claim(cid, specialist.id)
    assert again == first and len(events(db, cid)) == 1


def test_claim_of_closed_or_missing_contact(db, queue, specialist):
    closed = make_contact(db, status="closed")
    with pytest.raises(InvalidTransition):
        queue.claim(closed, specialist.id)
    with pytest.raises(NotFound):
        queue.claim(12345, specialist.id)


def test_claim_next_takes_the_most_urgent_longest_waiting(db, queue, specialist):
    make_contact(db, priority="urgent", received_at=ago(30))
    make_contact(db, priority="crisis", received_at=ago(50), status="in_progress")
    wanted = make_contact(db, priority="crisis", received_at=ago(2))
    make_contact(db, priority="crisis", received_at=ago(1))

    item = queue.claim_next(specialist.id)

    assert item is not None and item.contact_id == wanted
    assert item.assigned_to_id == specialist.id


def test_claim_next_with_nobody_waiting(db, queue, specialist):
    make_contact(db, status="in_progress")
    make_contact(db, status="closed")
    assert queue.claim_next(specialist.id) is None


def test_claim_next_tries_the_next_one_when_another_desk_wins(db, queue, specialist, other_user, monkeypatch):
    first = make_contact(db, received_at=ago(10))
    second = make_contact(db, received_at=ago(5))
    real = QueueService._transition
    raced = []

    def racing(self, session, action, contact_id, user_id, expected_version=None):
        if not raced:  # another desk takes it between our SELECT and our UPDATE
            raced.append(contact_id)
            session.execute(update(Contact).where(Contact.id == contact_id)
                            .values(status="in_progress", assigned_to_id=other_user.id, version=Contact.version + 1))
        return real(self, session, action, contact_id, user_id, expected_version)

    monkeypatch.setattr(QueueService, "_transition", racing)
    item = queue.claim_next(specialist.id)

    assert raced == [first]
    assert item.contact_id == second and item.assigned_to_id == specialist.id


# -- release, close, reopen ------------------------------------------------------

def test_release_puts_it_back_unassigned(db, queue, specialist):
    cid = make_contact(db)
    queue.claim(cid, specialist.id)
    item = queue.release(cid, specialist.id)
    assert item.status is ContactStatus.WAITING
    assert (item.assigned_to_id, item.claimed_at) == (None, None)
    assert [e[0] for e in events(db, cid)] == ["claimed", "released"]


def test_only_the_holder_or_a_supervisor_releases_or_closes(db, queue, specialist, other_user):
    cid = make_contact(db)
    queue.claim(cid, other_user.id)
    with pytest.raises(ClaimConflict):
        queue.release(cid, specialist.id)
    with pytest.raises(ClaimConflict):
        queue.close(cid, specialist.id)
    boss = UserService(db).ensure("lee", "Lee Park", Role.SUPERVISOR)
    assert queue.release(cid, boss.id).status is ContactStatus.WAITING


def test_close_records_when_and_who(db, queue, specialist):
    waiting = make_contact(db)
    working = make_contact(db)
    queue.claim(working, specialist.id)
    now = T0 + timedelta(minutes=30)

    for cid, was in ((waiting, "waiting"), (working, "in_progress")):
        item = queue.close(cid, specialist.id)
        assert item.status is ContactStatus.CLOSED
        assert row(db, cid).closed_at == now
        assert events(db, cid)[-1] == ("closed", was, "closed", specialist.id, now)
    assert queue.open_items() == ()


def test_close_with_a_stale_version_changes_nothing(db, queue, specialist, other_user):
    cid = make_contact(db)
    seen = queue.open_items()[0]
    queue.claim(cid, specialist.id)  # changed since ``seen`` was read

    with pytest.raises(StaleContact):
        queue.close(cid, specialist.id, expected_version=seen.version)

    assert row(db, cid).status == "in_progress" and row(db, cid).closed_at is None
    fresh = queue.item(cid)
    assert queue.close(cid, specialist.id, expected_version=fresh.version).status is ContactStatus.CLOSED


def test_reopen_puts_a_closed_contact_back(db, queue, specialist):
    cid = make_contact(db)
    queue.claim(cid, specialist.id)
    queue.close(cid, specialist.id)
    item = queue.reopen(cid, specialist.id)
    assert item.status is ContactStatus.WAITING and item.assigned_to_id is None
    assert row(db, cid).closed_at is None
    assert [e[0] for e in events(db, cid)] == ["claimed", "closed", "reopened"]


@pytest.mark.parametrize(
    ("start", "action", "allowed"),
    [
        ("waiting", "claim", True), ("waiting", "release", False), ("waiting", "close", True),
        ("waiting", "reopen", False), ("in_progress", "claim", None), ("in_progress", "release", True),
        ("in_progress", "close", True), ("in_progress", "reopen", False), ("closed", "claim", False),
        ("closed", "release", False), ("closed", "close", False), ("closed", "reopen", True),
    ],
)
def test_only_the_listed_transitions_happen(db, queue, specialist, start, action, allowed):
    holder = specialist.id if start == "in_progress" else None
    cid = make_contact(db, status=start, assigned_to_id=holder)
    method = getattr(queue, action)
    if allowed is False:
        with pytest.raises(InvalidTransition):
            method(cid, specialist.id)
        assert events(db, cid) == [] and row(db, cid).version == 1
    elif allowed is None:  # claiming what one already holds
        assert method(cid, specialist.id).status is ContactStatus.IN_PROGRESS
    else:
        method(cid, specialist.id)
        assert len(events(db, cid)) == 1 and row(db, cid).version == 2


# -- races -----------------------------------------------------------------------

def test_two_databases_claiming_at_once_exactly_one_wins(db, db_path, specialist, other_user):
    contacts = [make_contact(db, received_at=ago(i)) for i in range(15)]
    desks = [Database(DatabaseTarget.sqlite_file(db_path)) for _ in range(2)]
    users = [specialist.id, other_user.id]
    start = threading.Barrier(2)
    wins: list[list[int]] = [[], []]
    conflicts: list[list[int]] = [[], []]

    def desk(n: int) -> None:
        service = QueueService(desks[n])
        start.wait()
        for cid in contacts:
            try:
                service.claim(cid, users[n])
                wins[n].append(cid)
            except ClaimConflict:
                conflicts[n].append(cid)

    threads = [threading.Thread(target=desk, args=(n,)) for n in range(2)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    finally:
        for d in desks:
            d.dispose()

    assert sorted(wins[0] + wins[1]) == sorted(contacts)
    assert not set(wins[0]) & set(wins[1])
    assert sorted(conflicts[0]) == sorted(wins[1]) and sorted(conflicts[1]) == sorted(wins[0])
    with db.read() as session:
        claimed = session.execute(text("SELECT count(*) FROM contact_events WHERE event = 'claimed'")).scalar()
    assert claimed == len(contacts)


_DESK = """
import sys, time
sys.path.insert(0, {tests!r})
from console.db import Database, DatabaseTarget
from console.services.queue import QueueService
from pathlib import Path
db = Database(DatabaseTarget.sqlite_file(Path({path!r})))
service = QueueService(db)
Path({ready!r}).touch()
while not Path({go!r}).exists():
    time.sleep(0.001)
while (item := service.claim_next({user})) is not None:
    print(item.contact_id, flush=True)
db.dispose()
"""


@pytest.mark.slow
def test_two_processes_claiming_next_never_take_the_same_contact(db, db_path, tmp_path, specialist, other_user):
    contacts = {make_contact(db, received_at=ago(i % 7), priority=("crisis", "urgent")[i % 2]) for i in range(40)}
    go = tmp_path / "go"
    procs = []
    for n, user in enumerate((specialist.id, other_user.id)):
        ready = tmp_path / f"ready{n}"
        code = _DESK.format(tests=str(TESTS), path=str(db_path), ready=str(ready), go=str(go), user=user)
        procs.append((ready, subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)))
    deadline = time.monotonic() + 30
    for ready, proc in procs:
        while not ready.exists():
            assert proc.poll() is None and time.monotonic() < deadline, "a desk process did not start"
            time.sleep(0.01)
    go.touch()  # both start claiming at the same moment
    taken = []
    for _, proc in procs:
        out, _ = proc.communicate(timeout=60)
        assert proc.returncode == 0
        taken.append([int(line) for line in out.split()])

    assert set(taken[0]).isdisjoint(taken[1])
    assert set(taken[0]) | set(taken[1]) == contacts
    assert len(taken[0]) + len(taken[1]) == len(contacts)


def test_console_queue_modules_import_no_qt():
    code = (
        "import sys, console.services.queue, console.changefeed; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'ui')]; "
        "sys.exit(bool(bad) and print(bad) or 0)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
