"""Least privilege on contacts (issue 5): a specialist opens the queue's contacts
and their own; a closed contact is changed only briefly by who handled it, or
by a supervisor. Through the intake service, on a real SQLite file."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from console.errors import PermissionDenied
from console.models import Contact, User
from console.services.intake import IntakeService
from console.services.users import UserService
from console.vocabulary import Role
from tests.factories import SHELTER_REFERRAL

NOW = datetime(2026, 11, 29, 15, 0, tzinfo=timezone.utc)
CLOSED = dataclasses.replace(SHELTER_REFERRAL, non_data_outcome="hang_up")  # saved closed at once


@pytest.fixture
def people(db):
    users = UserService(db)
    return (users.ensure("dana", "Dana Reyes", Role.SPECIALIST), users.ensure("eli", "Eli Moss", Role.SPECIALIST),
            users.ensure("sam", "Sam Ortiz", Role.SUPERVISOR))


def at(db, minutes: int, window: int = 60) -> IntakeService:
    return IntakeService(db, clock=lambda: NOW + timedelta(minutes=minutes), closed_edit_minutes=window)


def summary(db, contact_id: int) -> str:
    with db.read() as session:
        return session.scalar(select(Contact.summary).where(Contact.id == contact_id))


def test_a_specialist_opens_open_contacts_and_their_own_closed_ones_only(db, people):
    dana, eli, sam = people
    waiting = at(db, 0).save(dataclasses.replace(SHELTER_REFERRAL, keep_with_me=False), dana.id)
    closed = at(db, 0).save(CLOSED, dana.id)
    assert at(db, 0).load(waiting.id, eli.id).id == waiting.id  # the queue's contacts are everyone's
    assert at(db, 0).load(closed.id, dana.id).id == closed.id  # her own, closed
    with pytest.raises(PermissionDenied, match="closed contact someone else handled"):
        at(db, 0).load(closed.id, eli.id)
    assert at(db, 0).load(closed.id, sam.id).id == closed.id  # a supervisor sees everything


def test_the_one_who_closed_a_contact_may_correct_it_only_within_the_window(db, people):
    dana, eli, sam = people
    closed = at(db, 0).save(CLOSED, dana.id)
    fixed = dataclasses.replace(CLOSED, summary="Corrected at once.")
    at(db, 30).save(fixed, dana.id, closed.id)
    assert summary(db, closed.id) == "Corrected at once."
    with pytest.raises(PermissionDenied, match="more than 60 minutes after it was closed"):
        at(db, 61).save(dataclasses.replace(CLOSED, summary="Too late."), dana.id, closed.id)
    with pytest.raises(PermissionDenied, match="someone else handled"):
        at(db, 1).save(dataclasses.replace(CLOSED, summary="Not hers."), eli.id, closed.id)
    assert summary(db, closed.id) == "Corrected at once."  # the refused edits changed nothing
    at(db, 24 * 60).save(dataclasses.replace(CLOSED, summary="Supervisor's note."), sam.id, closed.id)
    assert summary(db, closed.id) == "Supervisor's note."


def test_a_window_of_zero_minutes_leaves_closed_contacts_to_supervisors(db, people):
    dana, _, _ = people
    closed = at(db, 0, window=0).save(CLOSED, dana.id)
    with pytest.raises(PermissionDenied):
        at(db, 1, window=0).save(dataclasses.replace(CLOSED, summary="No."), dana.id, closed.id)


def test_a_disabled_account_opens_nothing(db, people):
    dana, _, _ = people
    saved = at(db, 0).save(SHELTER_REFERRAL, dana.id)
    with db.write() as session:
        session.get(User, dana.id).active = False
    with pytest.raises(PermissionDenied, match="disabled"):
        at(db, 0).load(saved.id, dana.id)
