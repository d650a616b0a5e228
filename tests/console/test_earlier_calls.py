"""A returning caller: earlier contacts from the same safe phone, however it was typed."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timezone

from sqlalchemy import select

from console.models.audit import AuditEvent
from console.services.intake import IntakeService
from tests.factories import SHELTER_REFERRAL

NOW = datetime(2026, 11, 29, 15, 0, tzinfo=timezone.utc)


def test_the_same_number_typed_another_way_finds_the_earlier_contacts(db, specialist):
    intake = IntakeService(db, clock=lambda: NOW)
    first = intake.save(dataclasses.replace(SHELTER_REFERRAL, caller_safe_phone="713-555-0142"), specialist.id)
    second = intake.save(dataclasses.replace(SHELTER_REFERRAL, caller_safe_phone="+1 (713) 555 0142"), specialist.id)
    intake.save(dataclasses.replace(SHELTER_REFERRAL, caller_safe_phone="713-555-0199"), specialist.id)
    found = intake.earlier_calls("(713) 555-0142", specialist.id)
    assert (found.count, found.last_id) == (2, second.id)
    assert found.last_received_at is not None
    # The contact being edited is not its own earlier call.
    assert intake.earlier_calls("7135550142", specialist.id, exclude_id=second.id).last_id == first.id
    with db.read() as session:
        events = session.scalars(select(AuditEvent).where(AuditEvent.record_type == "caller_phone")).all()
    assert [(e.action, e.fields, e.note) for e in events] == [
        ("view", "caller_safe_phone", "2 earlier contacts"), ("view", "caller_safe_phone", "1 earlier contacts")]
    assert all("713" not in (e.note + e.fields) for e in events)  # never the number itself


def test_a_new_number_or_no_number_finds_nothing_and_audits_nothing(db, specialist):
    intake = IntakeService(db, clock=lambda: NOW)
    intake.save(SHELTER_REFERRAL, specialist.id)
    assert intake.earlier_calls("212-555-0100", specialist.id).count == 0
    assert intake.earlier_calls("not a phone", specialist.id).count == 0
    with db.read() as session:
        assert session.scalars(select(AuditEvent).where(AuditEvent.record_type == "caller_phone")).all() == []
