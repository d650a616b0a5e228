"""TTA requests (issue 7) on a real SQLite file: what a new request must say,
its urgency under the hours policy, status progression and its work log,
who may do what, the speaker search, and the statistics by kind."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from console.errors import NotFound, PermissionDenied, ValidationError
from console.models import (
    ContactRequest,
    TtaRequest,
    TtaWorkLog,
)
from console.services.directory import DirectoryService
from console.services.statistics import Period, StatisticsService
from console.services.tta import TtaForm, TtaService
from console.services.tta_speakers import (
    IN_STATE,
    NATIONWIDE,
    TOPIC_IN_STATE,
    TOPIC_NATIONWIDE,
    find_trainers,
)
from console.services.users import UserService
from console.suppression import SMALL
from console.vocabulary import Role, TtaKind, TtaStatus
from tests.factories import add_directory_service, add_trainer, make_contact

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # Tuesday 10:00 ET


@pytest.fixture
def staff(db):
    return UserService(db).ensure("pstaff", "Pat Staff", Role.PROGRAM_STAFF)


@pytest.fixture
def other(db):
    return UserService(db).ensure("kim", "Kim Park", Role.SPECIALIST)


def service(db, now=NOW) -> TtaService:
    return TtaService(db, clock=lambda: now)


def tta_contact(db, user, *, urgent=False, **extra) -> int:
    return make_contact(db, priority="urgent" if urgent else "non_urgent", primary_request="tta",
                        status="in_progress", assigned_to_id=user.id, received_at=NOW - timedelta(minutes=5), **extra)


def form(contact_id: int, **changes) -> TtaForm:
    base = TtaForm(contact_id, kind="speaker_trainer", organization="Maple Heights School District",
                   requester_name="Pat Gomez", requester_role="Director of staff development",
                   requester_email="pgomez@maple.example.org", topic="education", audience="educators",
                   audience_detail="120 teachers", event_date=date(2026, 12, 20), event_state="OH")
    return replace(base, **changes)


def counts(db) -> tuple[int, int]:
    with db.read() as session:
        return (session.scalar(select(func.count()).select_from(TtaRequest)),
                session.scalar(select(func.count()).select_from(TtaWorkLog)))


# -- making a request ----------------------------------------------------------------


def test_a_request_is_made_with_its_due_time_from_the_hours_policy(db, specialist):
    contact = tta_contact(db, specialist)
    details = service(db).create(form(contact), specialist.id)
    item = details.item
    assert (item.kind, item.status, item.urgent) == (TtaKind.SPEAKER_TRAINER, TtaStatus.NEW, False)
    assert item.respond_by == datetime(2026, 11, 25, 2, 0, tzinfo=UTC)  # 9 pm ET the same (business) day
    assert item.created_by == "Dana Reyes" and item.created_by_id == specialist.id and not item.overdue
    (entry,) = details.log
    assert (entry.user, entry.from_status, entry.to_status) == ("Dana Reyes", None, "new")
    assert "handled now; due by Tue 24 Nov, 9:00 pm ET" in entry.note


def test_urgent_requests_are_handled_now_and_the_contacts_urgency_is_the_default(db, specialist):
    contact = tta_contact(db, specialist, urgent=True)
    item = service(db).create(form(contact, urgent=None), specialist.id).item
    assert item.urgent is True and item.respond_by is None
    quieter = service(db).create(form(contact, urgent=False), specialist.id).item  # less urgent: allowed
    assert quieter.urgent is False and quieter.respond_by is not None


def test_an_urgent_request_on_a_non_urgent_contact_is_refused(db, specialist):
    contact = tta_contact(db, specialist)
    with pytest.raises(ValidationError) as caught:
        service(db).create(form(contact, urgent=True), specialist.id)
    assert set(caught.value.errors) == {"urgent"}
    assert counts(db) == (0, 0)


def test_every_field_problem_is_named_and_nothing_is_written(db, specialist):
    contact = tta_contact(db, specialist)
    bad = form(contact, kind="juggling", requester_name=" ", requester_email="not-an-email", requester_phone="12",
               topic="", audience="aliens", event_date=date(2026, 11, 23), event_state="XX",
               organization="x" * 201, description="a\x00b")
    with pytest.raises(ValidationError) as caught:
        service(db).create(bad, specialist.id)
    assert set(caught.value.errors) == {"kind", "requester_name", "requester_email", "requester_phone", "topic",
                                        "audience", "event_date", "event_state", "organization", "description"}
    assert caught.value.errors["event_date"] == "The event date is in the past."
    assert counts(db) == (0, 0)


def test_a_way_to_answer_the_requester_is_required(db, specialist):
    contact = tta_contact(db, specialist)
    with pytest.raises(ValidationError) as caught:
        service(db).create(form(contact, requester_email="", requester_phone=""), specialist.id)
    assert set(caught.value.errors) == {"requester_email"}
    item = service(db).create(form(contact, requester_email="", requester_phone="713-555-0142"), specialist.id).item
    assert item.requester_phone == "+17135550142" and item.requester_email is None


def test_an_event_today_is_accepted_in_the_hotlines_time_zone(db, specialist):
    late = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # 10 pm ET on the 24th: still the 24th there
    contact = tta_contact(db, specialist)
    item = service(db, late).create(form(contact, event_date=date(2026, 11, 24)), specialist.id).item
    assert item.event_date == date(2026, 11, 24)


def test_only_a_tta_contact_takes_a_request(db, specialist):
    contact = make_contact(db, primary_request="tip", status="in_progress", assigned_to_id=specialist.id)
    with pytest.raises(ValidationError) as caught:
        service(db).create(form(contact), specialist.id)
    assert set(caught.value.errors) == {"contact_id"}
    with db.write() as session:  # TTA as one of its other request types is enough
        session.add(ContactRequest(contact_id=contact, request_type="tta", is_primary=False))
    assert service(db).create(form(contact), specialist.id).item.status is TtaStatus.NEW


def test_new_form_starts_from_the_contact(db, specialist):
    contact = tta_contact(db, specialist, urgent=True, caller_anonymous=False, caller_name="Pat Gomez",
                          caller_city="Columbus", caller_state="OH")
    start = service(db).new_form(contact)
    assert (start.requester_name, start.urgent, start.event_city, start.event_state) == ("Pat Gomez", True,
                                                                                       "Columbus", "OH")
    with pytest.raises(NotFound):
        service(db).new_form(9999)


# -- progress and its log ------------------------------------------------------------


def test_status_moves_new_in_progress_done_and_each_step_is_logged(db, specialist, staff):
    tta = service(db)
    request = tta.create(form(tta_contact(db, specialist)), specialist.id).request_id
    tta.change_status(request, "in_progress", "Calling the task force.", staff.id)
    tta.add_note(request, "Left a message with the coordinator.", specialist.id)  # the maker may add notes
    done = service(db, NOW + timedelta(hours=2)).change_status(request, "done", "Speaker confirmed.", staff.id)
    assert done.item.status is TtaStatus.DONE and done.item.closed_at == NOW + timedelta(hours=2)
    assert [(e.user, e.from_status, e.to_status, e.note) for e in done.log[1:]] == [
        ("Pat Staff", "new", "in_progress", "Calling the task force."),
        ("Dana Reyes", None, None, "Left a message with the coordinator."),
        ("Pat Staff", "in_progress", "done", "Speaker confirmed."),
    ]
    with pytest.raises(ValidationError) as caught:  # final
        tta.change_status(request, "in_progress", "", staff.id)
    assert "closed" in caught.value.errors["status"]


def test_a_step_out_of_order_or_a_decline_without_a_reason_changes_nothing(db, specialist, staff):
    tta = service(db)
    request = tta.create(form(tta_contact(db, specialist)), specialist.id).request_id
    for status, note, field in (("done", "x", "status"), ("declined", " ", "note"), ("lost", "", "status")):
        with pytest.raises(ValidationError) as caught:
            tta.change_status(request, status, note, staff.id)
        assert field in caught.value.errors
    assert counts(db) == (1, 1) and tta.details(request).item.status is TtaStatus.NEW
    declined = tta.change_status(request, "declined", "Outside our remit: referred to the state coalition.", staff.id)
    assert declined.item.status is TtaStatus.DECLINED and not declined.item.is_open


def test_a_review_is_done_only_with_its_outcome(db, specialist, staff):
    tta = service(db)
    request = tta.create(form(tta_contact(db, specialist), kind="third_party_review"), specialist.id).request_id
    tta.change_status(request, "in_progress", "", staff.id)
    with pytest.raises(ValidationError) as caught:
        tta.change_status(request, "done", "", staff.id)
    assert set(caught.value.errors) == {"review_outcome"}
    with pytest.raises(ValidationError) as caught:
        tta.record_review(request, "approved_with_changes", "", staff.id)
    assert set(caught.value.errors) == {"review_note"}
    reviewed = tta.record_review(request, "approved_with_changes", "Slide 4 names a victim: remove it.", staff.id)
    assert (reviewed.item.review_outcome, reviewed.item.reviewed_by) == ("approved_with_changes", "Pat Staff")
    assert tta.change_status(request, "done", "", staff.id).item.status is TtaStatus.DONE


def test_only_a_review_has_an_outcome(db, specialist, staff):
    tta = service(db)
    request = tta.create(form(tta_contact(db, specialist)), specialist.id).request_id
    with pytest.raises(ValidationError) as caught:
        tta.record_review(request, "approved", "", staff.id)
    assert set(caught.value.errors) == {"kind"}


# -- permissions ---------------------------------------------------------------------


def test_a_specialist_may_not_add_to_a_contact_held_elsewhere(db, specialist, other):
    contact = tta_contact(db, other)
    with pytest.raises(PermissionDenied):
        service(db).create(form(contact), specialist.id)
    assert counts(db) == (0, 0)


def test_program_staff_may_add_to_any_contact(db, other, staff):
    assert service(db).create(form(tta_contact(db, other)), staff.id).item.created_by == "Pat Staff"


def test_specialists_may_not_progress_or_review_and_others_may_not_add_notes(db, specialist, other, staff):
    tta = service(db)
    request = tta.create(form(tta_contact(db, specialist), kind="third_party_review"), specialist.id).request_id
    with pytest.raises(PermissionDenied):
        tta.change_status(request, "in_progress", "", specialist.id)
    with pytest.raises(PermissionDenied):
        tta.record_review(request, "approved", "", specialist.id)
    with pytest.raises(PermissionDenied):
        tta.add_note(request, "Not mine.", other.id)
    with pytest.raises(PermissionDenied):
        tta.attach(request, "deck.pdf", b"%PDF-1.4\n%%EOF\n", other.id)
    assert counts(db) == (1, 1)


# -- lists ---------------------------------------------------------------------------


def test_the_list_filters_by_status_kind_and_contact_urgent_first(db, specialist, staff):
    tta = service(db)
    calm = tta.create(form(tta_contact(db, specialist)), specialist.id).request_id
    urgent_contact = tta_contact(db, specialist, urgent=True)
    urgent = tta.create(form(urgent_contact, kind="materials"), specialist.id).request_id
    closed = tta.create(form(urgent_contact, kind="materials"), specialist.id).request_id
    tta.change_status(closed, "declined", "Duplicate.", staff.id)
    assert [i.request_id for i in tta.requests()] == [urgent, calm]
    assert [i.request_id for i in tta.requests(status=None, kind="materials")] == [urgent, closed]
    assert [i.request_id for i in tta.requests(status="declined")] == [closed]
    assert [i.request_id for i in tta.requests(status=None, contact_id=urgent_contact)] == [urgent, closed]
    late = service(db, NOW + timedelta(days=1)).requests()
    assert [i.overdue for i in late] == [False, True]  # urgent: handled now, never "overdue"
    with pytest.raises(ValidationError) as caught:
        tta.requests(status="lost", kind="juggling")
    assert set(caught.value.errors) == {"status", "kind"}


# -- speakers and trainers -----------------------------------------------------------


def test_speaker_search_finds_training_organizations_by_topic_and_state(db):
    ohio_schools = add_trainer(db, "Buckeye Educators Alliance", "43215", "Schools")
    add_trainer(db, "Lone Star Hospital Trainers", "77002", "Hospitals")
    texas_schools = add_trainer(db, "Texas Schools Outreach", "77002", "Schools")
    add_directory_service(db, "Schools shelter", "Not a trainer", zip_code="43215")  # no training category: never found
    directory = DirectoryService(db, Role.SPECIALIST)
    found = find_trainers(directory, "schools", "OH")
    assert (found.scope, [h.service_id for h in found.hits]) == (TOPIC_IN_STATE, [ohio_schools])
    widened = find_trainers(directory, "hospitals", "OH")
    assert (widened.scope, [h.service_id for h in widened.hits]) == (IN_STATE, [ohio_schools])
    elsewhere = find_trainers(directory, "schools", "CA")
    assert elsewhere.scope == TOPIC_NATIONWIDE
    assert {h.service_id for h in elsewhere.hits} == {ohio_schools, texas_schools}
    assert find_trainers(directory, "", None).scope == NATIONWIDE


# -- statistics ----------------------------------------------------------------------


def test_statistics_count_requests_by_kind_with_small_counts_suppressed(db, specialist):
    tta = service(db)
    contact = tta_contact(db, specialist)
    for kind in ["materials"] * 4 + ["phone_consultation"] * 3 + ["speaker_trainer"] * 5 + ["third_party_review"]:
        tta.create(form(contact, kind=kind), specialist.id)
    stats = StatisticsService(db, Role.SUPERVISOR, clock=lambda: NOW).statistics(Period.month_of(NOW.date()))
    table = next(b for b in stats.breakdowns if b.key == "tta_kind")
    cells = {c.code: c.text for c in table.cells}
    assert cells["third_party_review"] == SMALL and cells["direct_referral"] == "0"
    assert cells["speaker_trainer"] == "5" and table.total.count == 13
    assert cells["phone_consultation"] == "x"  # withheld so the <3 cannot be worked out from the total
    assert table.title == "TTA requests by kind of assistance"



def test_every_change_to_a_request_is_in_the_audit_trail_by_field_never_by_value(db, specialist, staff):
    from console.models.audit import AuditEvent

    contact = tta_contact(db, specialist)
    request = service(db).create(form(contact), specialist.id).item
    service(db).change_status(request.request_id, "in_progress", None, staff.id)
    with db.read() as session:
        events = list(session.scalars(select(AuditEvent).where(AuditEvent.record_type == "tta_request")))
    assert [(e.action, e.record_id, e.user_id) for e in events] == [
        ("create", str(request.request_id), specialist.id), ("edit", str(request.request_id), staff.id)]
    assert "requester_name" in events[0].fields.split(",") and events[1].fields == "status"
    assert not any("Maple Heights" in repr(vars(e)) or "Pat Gomez" in repr(vars(e)) for e in events)
