"""Follow-up tasks (issue 7) on a real SQLite file: who may manage them,
their safe times, the due list's order across daylight saving, and the
overdue count in the supervisor's overview."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from console.errors import NotFound, PermissionDenied, ValidationError
from console.models import FollowUpWindow
from console.safe_times import SafeWindow, parse, parse_field, safe_now, windows_text
from console.services.follow_ups import FollowUpForm, FollowUpService
from console.services.supervision import Health, SupervisionService
from console.services.users import UserService
from console.validation import FieldProblem
from console.vocabulary import FollowUpStatus, Role, YesNoUnknown
from tests.factories import make_contact
from tests.revisions import upgrade_to

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # Tuesday 10:00 ET


@pytest.fixture
def supervisor(db):
    return UserService(db).ensure("jlopez", "Jorge López", Role.SUPERVISOR)


@pytest.fixture
def other(db):
    return UserService(db).ensure("kim", "Kim Park", Role.SPECIALIST)


def service(db, now=NOW):
    return FollowUpService(db, clock=lambda: now)


def held_contact(db, user, **extra):
    return make_contact(db, status="in_progress", assigned_to_id=user.id, **extra)


# -- adding, completing, cancelling, reassigning ---------------------------------


def test_a_task_takes_the_safe_way_to_reach_the_caller_from_the_contact(db, specialist):
    contact = held_contact(db, specialist, caller_safe_phone="+17135550142", caller_may_leave_message="no",
                           caller_safe_times="Mon-Fri 18:00-20:00", follow_up_due=NOW + timedelta(days=1))
    item = service(db).add(FollowUpForm(contact_id=contact), specialist.id)
    assert (item.safe_phone, item.may_leave_message, item.safe_times) == ("+17135550142", YesNoUnknown.NO,
                                                                          "Mon-Fri 18:00-20:00")
    assert item.due_at == NOW + timedelta(days=1) and item.owner_id == specialist.id
    assert item.status is FollowUpStatus.OPEN and item.time_zone == "America/New_York"
    assert item.safe_now is False and item.safe_mark == "outside safe times: next window Tue 18:00"
    with db.read() as session:
        windows = session.scalars(select(FollowUpWindow)).all()
        assert [(w.days, w.starts, w.ends) for w in windows] == [(0b11111, time(18), time(20))]


def test_given_fields_override_the_contact_and_a_free_text_safe_time_is_kept(db, specialist, other):
    contact = held_contact(db, specialist, caller_safe_times="evenings, ask for Maria")
    kept = service(db).add(FollowUpForm(contact_id=contact, due_at=NOW), specialist.id)
    assert kept.safe_now is None and kept.safe_mark == "safe times not structured: evenings, ask for Maria"
    given_ = service(db).add(FollowUpForm(
        contact_id=contact, kind="send_materials", due_at=NOW, owner_id=other.id, note="Fact sheet in Spanish",
        safe_phone="713-555-0199", safe_times="weekends 10:00-12:00", may_leave_message="yes",
        time_zone="America/Chicago"), specialist.id)
    assert (given_.owner_name, given_.safe_phone, given_.safe_times) == ("Kim Park", "+17135550199",
                                                                         "Sat,Sun 10:00-12:00")
    assert given_.time_zone == "America/Chicago" and given_.safe_mark.endswith("Sat 10:00 CST")


def test_completing_and_cancelling_record_who_and_when(db, specialist, supervisor):
    contact = held_contact(db, specialist)
    one = service(db).add(FollowUpForm(contact_id=contact, due_at=NOW), specialist.id)
    two = service(db).add(FollowUpForm(contact_id=contact, due_at=NOW), specialist.id)
    later = NOW + timedelta(hours=2)
    done = service(db, later).complete(one.task_id, specialist.id, note="Reached her; safe.")
    cancelled = service(db, later).cancel(two.task_id, supervisor.id)
    assert (done.status, done.closed_at, done.closed_by_id) == (FollowUpStatus.DONE, later, specialist.id)
    assert done.note == "Reached her; safe." and not done.overdue
    assert (cancelled.status, cancelled.closed_by_id) == (FollowUpStatus.CANCELLED, supervisor.id)
    with pytest.raises(ValidationError) as caught:
        service(db).cancel(one.task_id, specialist.id)
    assert "already done" in caught.value.errors["status"]
    assert [i.status for i in service(db).for_contact(contact)] == [FollowUpStatus.DONE, FollowUpStatus.CANCELLED]


def test_reassigning_moves_the_task_to_the_new_owners_list(db, specialist, other):
    contact = held_contact(db, specialist)
    task = service(db).add(FollowUpForm(contact_id=contact, due_at=NOW), specialist.id)
    moved = service(db).reassign(task.task_id, other.id, specialist.id)
    assert moved.owner_name == "Kim Park"
    assert service(db).due_list(specialist.id) == () and [i.task_id for i in service(db).due_list(other.id)] == [
        task.task_id]
    # Kim owns it now: she may complete it, though she does not hold the contact.
    assert service(db).complete(task.task_id, other.id).closed_by_id == other.id


def test_a_specialist_may_not_manage_tasks_on_contacts_of_others(db, specialist, other, supervisor):
    contact = held_contact(db, specialist)
    task = service(db).add(FollowUpForm(contact_id=contact, due_at=NOW), specialist.id)
    with pytest.raises(PermissionDenied):
        service(db).add(FollowUpForm(contact_id=contact, due_at=NOW), other.id)
    for attempt in (lambda: service(db).complete(task.task_id, other.id),
                    lambda: service(db).cancel(task.task_id, other.id),
                    lambda: service(db).reassign(task.task_id, other.id, other.id)):
        with pytest.raises(PermissionDenied):
            attempt()
    assert service(db).for_contact(contact)[0].status is FollowUpStatus.OPEN  # nothing changed
    # The one who entered a contact may; a supervisor may on any contact.
    entered = make_contact(db, entered_by_id=other.id)
    assert service(db).add(FollowUpForm(contact_id=entered, due_at=NOW), other.id).owner_id == other.id
    assert service(db).reassign(task.task_id, supervisor.id, supervisor.id).owner_id == supervisor.id
    with pytest.raises(NotFound):
        service(db).complete(9999, supervisor.id)


def test_bad_input_is_refused_with_an_error_per_field(db, specialist):
    contact = held_contact(db, specialist)
    with pytest.raises(ValidationError) as caught:
        service(db).add(FollowUpForm(contact_id=contact, kind="pray", due_at=datetime(2026, 12, 1, 9),
                                     owner_id=9999, safe_phone="12", safe_times="Mon-Fry 18:00-20:00",
                                     may_leave_message="maybe"), specialist.id)
    errors = caught.value.errors
    assert set(errors) == {"kind", "due_at", "owner_id", "safe_phone", "safe_times", "may_leave_message"}
    assert "fry" in errors["safe_times"].lower()
    with pytest.raises(ValidationError) as caught:
        service(db).add(FollowUpForm(contact_id=contact, time_zone="Mars/Olympus"), specialist.id)
    assert set(caught.value.errors) == {"due_at", "time_zone"}
    assert service(db).for_contact(contact) == ()


# -- safe windows ----------------------------------------------------------------


@pytest.mark.parametrize(("text", "canonical"), [
    ("Mon-Fri 18:00-20:00", "Mon-Fri 18:00-20:00"),
    ("weekends 10:00-12:00", "Sat,Sun 10:00-12:00"),
    ("Mon-Fri 18:00-20:00; weekends 10:00-12:00", "Mon-Fri 18:00-20:00; Sat,Sun 10:00-12:00"),
    ("tuesday and thursday 6pm to 7:30 pm", "Tue,Thu 18:00-19:30"),
    ("Fri-Mon 22:00-01:00", "Mon,Fri-Sun 22:00-01:00"),
    ("9:00-17:00", "daily 09:00-17:00"),
    ("weekdays 12am-6am\nSun 20:00-24:00", "Mon-Fri 00:00-06:00; Sun 20:00-00:00"),
    ("", ""),
])
def test_safe_times_parse_from_text(text, canonical):
    assert windows_text(parse(text)) == canonical
    assert parse(windows_text(parse(text))) == parse(text)


@pytest.mark.parametrize(("text", "says"), [
    ("Mon-Fry 18:00-20:00", "Unknown day"),
    ("weekends", "has no hours"),
    ("Mon 18:00", "has no hours"),
    ("Mon 25:00-26:00", "not a time of day"),
    ("Mon 13pm-2pm", "1 to 12"),
    ("Mon 10:00-10:00", "same time"),
    ("Mon 10:00-12:00;" * 20, "Too long"),
])
def test_bad_safe_times_say_what_is_wrong(text, says):
    with pytest.raises(ValidationError) as caught:
        parse_field(text, field="safe_times")
    assert says in caught.value.errors["safe_times"]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80) | st.from_regex(r"[A-Za-z ,\-&]{0,20} ?\d{1,2}(:\d\d)? ?(am|pm)? ?[-–] ?\d{1,3}(:\d\d)?"))
def test_any_text_parses_or_is_refused_never_crashes(text):
    try:
        windows = parse(text)
    except FieldProblem as problem:
        assert str(problem)
    else:
        assert parse(windows_text(windows)) == windows  # the canonical text means the same


def test_a_window_past_midnight_belongs_to_the_day_it_starts():
    window = parse("Fri 22:00-01:00")[0]
    assert window.contains(datetime(2026, 11, 28, 5, 30, tzinfo=UTC))  # Sat 00:30 EST
    assert not window.contains(datetime(2026, 11, 29, 5, 30, tzinfo=UTC))  # Sun 00:30 EST


def test_the_next_window_is_found_across_the_spring_change():
    window = SafeWindow(frozenset(range(7)), time(18), time(20))
    saturday_night = datetime(2026, 3, 8, 4, 30, tzinfo=UTC)  # Sat 7 Mar 23:30 EST
    assert window.next_start(saturday_night) == datetime(2026, 3, 8, 22, 0, tzinfo=UTC)  # Sun 18:00 EDT
    assert safe_now((window,), saturday_night).mark == "outside safe times: next window Sun 18:00"


# -- the due list and the overdue count -------------------------------------------


def test_the_due_list_puts_overdue_first_then_safe_now_across_the_autumn_change(db, specialist, other):
    contact = held_contact(db, specialist)
    svc = service(db)

    def add(due, safe_times):
        return svc.add(FollowUpForm(contact_id=contact, due_at=due, safe_times=safe_times), specialist.id).task_id

    weekend = add(datetime(2026, 10, 29, 12, tzinfo=UTC), "weekends 10:00-12:00")
    evening = add(datetime(2026, 10, 29, 13, tzinfo=UTC), "Mon-Fri 18:00-20:00")
    unknown = add(datetime(2026, 10, 29, 14, tzinfo=UTC), "")
    later = add(datetime(2026, 12, 1, 12, tzinfo=UTC), "Mon-Fri 18:00-20:00")
    svc.add(FollowUpForm(contact_id=contact, due_at=NOW, owner_id=other.id), specialist.id)  # not Dana's

    # 22:30 UTC is 18:30 on Friday before the change (EDT), 17:30 on Monday after it (EST).
    friday = datetime(2026, 10, 30, 22, 30, tzinfo=UTC)
    monday = datetime(2026, 11, 2, 22, 30, tzinfo=UTC)
    before = svc.due_list(specialist.id, friday)
    assert [i.task_id for i in before] == [evening, unknown, weekend, later]
    assert [i.overdue for i in before] == [True, True, True, False]
    assert before[0].safe_now is True and before[0].safe_mark == "inside safe times until 20:00"
    after = svc.due_list(specialist.id, monday)
    assert [i.task_id for i in after] == [unknown, weekend, evening, later]
    evening_item = after[2]
    assert evening_item.safe_now is False and evening_item.next_safe_start == datetime(2026, 11, 2, 23, tzinfo=UTC)
    assert evening_item.safe_mark == "outside safe times: next window Mon 18:00"
    assert after[0].safe_mark == "no safe times given"


def test_overdue_tasks_are_counted_in_the_supervisors_overview(db, specialist):
    contact = held_contact(db, specialist)
    svc = service(db)
    late = svc.add(FollowUpForm(contact_id=contact, due_at=NOW - timedelta(hours=1)), specialist.id)
    svc.add(FollowUpForm(contact_id=contact, due_at=NOW - timedelta(minutes=1)), specialist.id)
    svc.add(FollowUpForm(contact_id=contact, due_at=NOW + timedelta(hours=1)), specialist.id)
    svc.complete(late.task_id, specialist.id)
    assert svc.overdue_count() == 1
    view = SupervisionService(db, clock=lambda: NOW).overview()
    assert view.follow_up_tasks_overdue == 1
    assert view.health is Health.AMBER and "1 follow-up(s) overdue" in view.health_reason


def test_upgrading_from_0008_keeps_contacts_and_takes_tasks(tmp_path):
    from console.db import Database, DatabaseTarget
    from console.schema import HEAD, upgrade

    db = Database(DatabaseTarget.sqlite_file(tmp_path / "old.sqlite3"))
    try:
        upgrade_to(db, "0008")
        with db.engine.begin() as conn:  # the users table as 0008 had it: no ORM (it names newer columns)
            conn.exec_driver_sql("INSERT INTO users (username, display_name, role, active, created_at) "
                                 "VALUES ('dana', 'Dana Reyes', 'specialist', 1, '2025-01-01 00:00:00')")
        contact = make_contact(db, status="in_progress", assigned_to_id=1, summary="Kept across the upgrade.", caller_safe_times="Sat 09:00-11:00")
        assert upgrade(db) == ("0008", HEAD)
        dana = UserService(db).find("dana")
        with db.read() as session:
            kept = session.connection().exec_driver_sql("SELECT summary FROM contacts WHERE id = ?", (contact,))
            assert kept.scalar() == "Kept across the upgrade."
        task = service(db).add(FollowUpForm(contact_id=contact, due_at=NOW), dana.id)
        assert task.safe_times == "Sat 09:00-11:00"
    finally:
        db.dispose()
