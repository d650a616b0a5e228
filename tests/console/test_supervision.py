"""The supervisor's overview and reassigning, on a real SQLite file."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from console.errors import InvalidTransition, PermissionDenied
from console.models import ContactEvent
from console.services.intake import ContactForm, IntakeService, VictimForm
from console.services.queue import QueueService
from console.services.supervision import Health, HealthThresholds, SupervisionService
from console.services.users import UserService
from console.vocabulary import ContactStatus, Role

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=timezone.utc)
BASE = ContactForm(caller_type="community_member", summary="Test contact.", keep_with_me=False)


def save(db, user, minutes_ago: float, **changes) -> int:
    at = NOW - timedelta(minutes=minutes_ago)
    form = dataclasses.replace(BASE, received_at=at, **changes)
    return IntakeService(db, clock=lambda: at).save(form, user.id).id


@pytest.fixture
def supervisor(db):
    return UserService(db).ensure("jlopez", "Jorge López", Role.SUPERVISOR)


def overview(db, **thresholds):
    return SupervisionService(db, HealthThresholds(**thresholds), clock=lambda: NOW).overview()


def test_an_empty_queue_is_green(db):
    view = overview(db)
    assert view.health is Health.GREEN and view.longest_wait_seconds is None and view.alerts == ()


def test_counts_longest_wait_and_workload(db, specialist):
    save(db, specialist, 30, primary_request="general_info")
    oldest = save(db, specialist, 50, primary_request="referral", urgent=False)
    mine = save(db, specialist, 10, primary_request="tip", keep_with_me=True)
    view = overview(db)
    assert view.by_status == {"waiting": 2, "in_progress": 1}
    assert view.by_priority == {"non_urgent": 2, "urgent": 1}
    assert view.by_request == {"general_info": 1, "referral": 1, "tip": 1}
    assert (view.longest_wait_contact_id, view.longest_wait_seconds) == (oldest, 50 * 60)
    assert [(w.display_name, w.contact_ids) for w in view.workload] == [("Dana Reyes", (mine,))]


@pytest.mark.parametrize(
    ("request_type", "minutes", "expected"),
    [
        ("crisis", 1, Health.AMBER),  # a crisis is waiting
        ("crisis", 3, Health.RED),  # ... for longer than 2 minutes
        ("tip", 6, Health.AMBER),
        ("tip", 16, Health.RED),
        ("general_info", 600, Health.GREEN),  # non-urgent waiting long is the message flow's business
    ],
)
def test_health_follows_the_thresholds(db, specialist, request_type, minutes, expected):
    save(db, specialist, minutes, primary_request=request_type)
    view = overview(db)
    assert view.health is expected, view.health_reason


def test_an_overdue_follow_up_turns_the_queue_amber(db, specialist):
    save(db, specialist, 60, primary_request="general_info", follow_up_due=NOW - timedelta(minutes=5))
    view = overview(db)
    assert view.health is Health.AMBER and len(view.overdue_ids) == 1


def test_crisis_minors_and_danger_raise_alerts(db, specialist):
    crisis = save(db, specialist, 1, primary_request="crisis")
    minor = save(db, specialist, 2, primary_request="tip", victims=(VictimForm(age_group="minor"),))
    danger = save(db, specialist, 3, primary_request="tip", immediate_danger=True)
    save(db, specialist, 4, primary_request="general_info")
    alerts = {a.contact_id: a.reasons for a in overview(db).alerts}
    assert alerts == {crisis: ("crisis",), minor: ("minor",), danger: ("immediate_danger",)}


def test_a_supervisor_reassigns_and_a_specialist_may_not(db, specialist, supervisor):
    contact = save(db, specialist, 5, primary_request="tip")
    queue = QueueService(db, clock=lambda: NOW)
    with pytest.raises(PermissionDenied):
        queue.reassign(contact, supervisor.id, specialist.id)
    item = queue.reassign(contact, specialist.id, supervisor.id)
    assert (item.status, item.assigned_to_id) == (ContactStatus.IN_PROGRESS, specialist.id)
    with db.read() as session:  # the trail says who gave it to whom
        trail = session.execute(select(ContactEvent.event, ContactEvent.user_id, ContactEvent.assignee_id)
                                .where(ContactEvent.contact_id == contact).order_by(ContactEvent.id)).all()
    assert trail[-1] == ("reassigned", supervisor.id, specialist.id)
    queue.close(contact, specialist.id)
    with pytest.raises(InvalidTransition):
        queue.reassign(contact, specialist.id, supervisor.id)
