"""The intake service against a real SQLite file: what is stored, what is refused."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from console.errors import StaleContact, ValidationError
from console.models import Contact, ContactEvent, Referral
from console.services.intake import (
    ContactForm,
    IntakeService,
    ReferralInput,
    VictimForm,
)
from console.vocabulary import ContactStatus, Priority
from tests.factories import SHELTER_REFERRAL

NOW = datetime(2026, 11, 29, 15, 0, tzinfo=timezone.utc)

VALID = SHELTER_REFERRAL


@pytest.fixture
def intake(db):
    return IntakeService(db, clock=lambda: NOW)


def count(db, model) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_a_valid_contact_is_stored_with_what_follows_from_it(db, intake, specialist):
    saved = intake.save(VALID, specialist.id)
    assert saved.priority is Priority.URGENT
    assert saved.mandated_report  # a minor is involved
    assert saved.status is ContactStatus.IN_PROGRESS
    loaded = intake.load(saved.id)
    assert loaded.form.caller_safe_phone == "+17135550142"
    assert dataclasses.replace(loaded.form, received_at=None, caller_safe_phone="713-555-0142") == VALID
    assert loaded.assigned_to_id == specialist.id
    with db.read() as session:
        events = session.scalars(select(ContactEvent.event)).all()
    assert events == ["created"]


def test_required_fields_are_named_and_nothing_is_stored(db, intake, specialist):
    with pytest.raises(ValidationError) as caught:
        intake.save(ContactForm(primary_request="tta"), specialist.id)
    assert set(caught.value.errors) == {"urgent", "caller_type", "summary"}
    assert count(db, Contact) == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"caller_zip": "1234"}, "caller_zip"),
        ({"caller_zip": "00000"}, "caller_zip"),
        ({"caller_zip": "10001"}, "caller_zip"),  # a New York ZIP with state TX
        ({"caller_safe_phone": "12"}, "caller_safe_phone"),
        ({"caller_state": "ZZ"}, "caller_state"),
        ({"channel": "pigeon"}, "channel"),
        ({"primary_request": "gossip"}, "primary_request"),
        ({"summary": "x" * 8001}, "summary"),
        ({"caller_city": "Hou\x00ston"}, "caller_city"),
        ({"received_at": NOW + timedelta(hours=1)}, "received_at"),
        ({"follow_up_due": NOW - timedelta(days=1)}, "follow_up_due"),
        ({"language": "klingon"}, "language"),
        ({"victims": (VictimForm(age_group="toddler"),)}, "victims.0.age_group"),
        ({"victims": (VictimForm(count=0),)}, "victims.0.count"),
        ({"caller_anonymous": False, "caller_name": ""}, "caller_name"),
    ],
)
def test_bad_input_is_refused_beside_its_field(db, intake, specialist, change, field):
    with pytest.raises(ValidationError) as caught:
        intake.save(dataclasses.replace(VALID, **change), specialist.id)
    assert field in caught.value.errors
    assert count(db, Contact) == 0


@pytest.mark.parametrize(
    ("primary", "urgent", "expected"),
    [
        ("crisis", None, Priority.CRISIS),
        ("tip", None, Priority.URGENT),
        ("tta", True, Priority.URGENT),
        ("tta", False, Priority.NON_URGENT),
        ("general_info", None, Priority.NON_URGENT),
    ],
)
def test_priority_follows_the_request(intake, specialist, primary, urgent, expected):
    form = dataclasses.replace(VALID, primary_request=primary, urgent=urgent, victims=())
    assert intake.save(form, specialist.id).priority is expected


def test_a_hang_up_is_counted_and_closed_without_questions(intake, specialist):
    saved = intake.save(ContactForm(non_data_outcome="hang_up"), specialist.id)
    assert saved.status is ContactStatus.CLOSED


def test_a_contact_left_for_the_queue_waits_unassigned(intake, specialist):
    saved = intake.save(dataclasses.replace(VALID, keep_with_me=False), specialist.id)
    assert saved.status is ContactStatus.WAITING
    assert intake.load(saved.id).assigned_to_id is None


def test_an_edit_from_a_stale_copy_is_refused_and_changes_nothing(intake, specialist):
    saved = intake.save(VALID, specialist.id)
    first = intake.load(saved.id)
    intake.save(dataclasses.replace(first.form, summary="Edited on desk A"), specialist.id, saved.id, first.version)
    with pytest.raises(StaleContact):
        intake.save(dataclasses.replace(first.form, summary="Edited on desk B"), specialist.id, saved.id, first.version)
    assert intake.load(saved.id).form.summary == "Edited on desk A"


def test_referrals_are_kept_with_names_and_their_status_can_change(db, intake, specialist):
    from tests.factories import add_service

    service_id = add_service(db, "Harbor House Shelter", "Harbor House")
    form = dataclasses.replace(VALID, referrals=(ReferralInput(service_id, "Harbor House Shelter", "Harbor House"),))
    saved = intake.save(form, specialist.id)
    loaded = intake.load(saved.id)
    (referral,) = loaded.form.referrals
    assert referral.id is not None and referral.status == "referred"
    refused = dataclasses.replace(referral, status="refused")
    intake.save(dataclasses.replace(loaded.form, referrals=(refused,)), specialist.id, saved.id, loaded.version)
    assert intake.load(saved.id).form.referrals[0].status == "refused"
    assert count(db, Referral) == 1


def test_a_referral_to_a_service_that_is_gone_is_refused(db, intake, specialist):
    form = dataclasses.replace(VALID, referrals=(ReferralInput("no-such-id", "Gone", "Gone Org"),))
    with pytest.raises(ValidationError) as caught:
        intake.save(form, specialist.id)
    assert "referrals.0.service_id" in caught.value.errors
    assert count(db, Contact) == 0


SATURDAY_NIGHT = datetime(2026, 11, 29, 2, 30, tzinfo=timezone.utc)  # Sat 28 Nov, 9:30 pm ET
TUESDAY_MORNING = datetime(2026, 11, 24, 15, 0, tzinfo=timezone.utc)  # Tue 24 Nov, 10:00 am ET


def test_a_non_urgent_request_out_of_hours_becomes_a_message_with_its_due_time(db, specialist):
    intake = IntakeService(db, clock=lambda: SATURDAY_NIGHT)
    form = dataclasses.replace(VALID, urgent=False, victims=())
    assert intake.routing(form).is_message
    saved = intake.save(form, specialist.id)
    assert saved.status is ContactStatus.MESSAGE
    assert "taken as a message" in saved.routing_reason and "Fri 4 Dec" in saved.routing_reason
    loaded = intake.load(saved.id)
    assert loaded.assigned_to_id is None
    assert loaded.form.follow_up_due == datetime(2026, 12, 5, 2, 0, tzinfo=timezone.utc)  # Fri 9 pm ET


def test_urgent_work_at_night_and_non_urgent_in_hours_are_handled_now(db, specialist):
    night = IntakeService(db, clock=lambda: SATURDAY_NIGHT).save(VALID, specialist.id)
    assert night.status is ContactStatus.IN_PROGRESS and night.routing_reason is None
    form = dataclasses.replace(VALID, urgent=False)
    day = IntakeService(db, clock=lambda: TUESDAY_MORNING).save(form, specialist.id)
    assert day.status is ContactStatus.IN_PROGRESS and day.routing_reason is None


def test_a_message_entered_later_is_routed_by_when_it_really_arrived(db, specialist):
    intake = IntakeService(db, clock=lambda: TUESDAY_MORNING)
    weekend = datetime(2026, 11, 22, 2, 30, tzinfo=timezone.utc)  # Sat 21 Nov, 9:30 pm ET
    form = dataclasses.replace(VALID, urgent=False, received_at=weekend)
    assert intake.save(form, specialist.id).status is ContactStatus.MESSAGE
