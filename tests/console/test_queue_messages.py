"""After-hours messages in the queue: they sort after work handled now, are
claimed into a follow-up by program staff, released back, and closed."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timezone

import pytest

from console.errors import InvalidTransition
from console.services.intake import ContactForm, IntakeService
from console.services.queue import QueueService
from console.vocabulary import ContactStatus

SATURDAY_NIGHT = datetime(2026, 11, 29, 2, 30, tzinfo=timezone.utc)  # Sat 28 Nov, 9:30 pm ET
FORM = ContactForm(caller_type="educator", summary="Asks for training materials.", keep_with_me=False)


@pytest.fixture
def night(db):
    return IntakeService(db, clock=lambda: SATURDAY_NIGHT)


def test_messages_sort_after_work_handled_now_and_show_their_due_time(db, night, specialist):
    message = night.save(dataclasses.replace(FORM, primary_request="general_info"), specialist.id).id
    tip = night.save(dataclasses.replace(FORM, primary_request="tip"), specialist.id).id
    items = QueueService(db, clock=lambda: SATURDAY_NIGHT).open_items()
    assert [i.contact_id for i in items] == [tip, message]
    assert items[1].status is ContactStatus.MESSAGE
    assert items[1].follow_up_due == datetime(2026, 12, 5, 2, 0, tzinfo=timezone.utc)


def test_program_staff_claim_a_message_into_a_follow_up_release_and_close_it(db, night, specialist):
    queue = QueueService(db, clock=lambda: SATURDAY_NIGHT)
    message = night.save(dataclasses.replace(FORM, primary_request="tta", urgent=False), specialist.id).id
    assert queue.claim(message, specialist.id).status is ContactStatus.FOLLOW_UP
    assert queue.release(message, specialist.id).status is ContactStatus.MESSAGE
    queue.claim(message, specialist.id)
    assert queue.close(message, specialist.id).status is ContactStatus.CLOSED
    with pytest.raises(InvalidTransition, match="is closed; it cannot be claimed"):
        queue.claim(message, specialist.id)


def test_claim_next_takes_work_handled_now_not_messages(db, night, specialist):
    night.save(dataclasses.replace(FORM, primary_request="general_info"), specialist.id)
    assert QueueService(db, clock=lambda: SATURDAY_NIGHT).claim_next(specialist.id) is None


def test_overdue_messages_move_above_non_urgent_work_when_they_fall_due(db, night, specialist):
    from datetime import timedelta

    message = night.save(dataclasses.replace(FORM, primary_request="general_info"), specialist.id).id
    due = datetime(2026, 12, 5, 2, 0, tzinfo=timezone.utc)
    weekday = due - timedelta(hours=10)  # Fri 4 Dec, 11:00 am ET: business hours, the message not yet due
    day = IntakeService(db, clock=lambda: weekday)
    non_urgent = day.save(dataclasses.replace(FORM, primary_request="general_info", received_at=weekday), specialist.id).id
    tip = day.save(dataclasses.replace(FORM, primary_request="tip", received_at=weekday), specialist.id).id
    clock = [weekday]
    queue = QueueService(db, clock=lambda: clock[0])
    assert [i.contact_id for i in queue.open_items()] == [tip, non_urgent, message]
    assert not queue.order_stale()
    clock[0] = due + timedelta(minutes=1)
    assert queue.order_stale()  # nothing changed in the database, yet the order must
    assert [i.contact_id for i in queue.open_items()] == [tip, message, non_urgent]
    assert not queue.order_stale()


def test_a_reopened_message_waits_as_ordinary_non_urgent_work(db, night, specialist):
    queue = QueueService(db, clock=lambda: SATURDAY_NIGHT)
    message = night.save(dataclasses.replace(FORM, primary_request="general_info"), specialist.id).id
    queue.close(message, specialist.id)
    assert queue.reopen(message, specialist.id).status is ContactStatus.WAITING
    later = night.save(dataclasses.replace(FORM, primary_request="general_info"), specialist.id).id  # a message
    assert [i.contact_id for i in queue.open_items()] == [message, later]
    assert queue.claim_next(specialist.id).contact_id == message
