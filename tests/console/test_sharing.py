"""Sharing a contact (console.services.sharing) against a real SQLite file:
what goes, what is refused, what is recorded and audited."""

from __future__ import annotations

import dataclasses
import os
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from console.errors import PermissionDenied, StaleContact, ValidationError
from console.models import AuditEvent, Contact, ContactEvent, Disclosure
from console.services.intake import ContactForm, IntakeService, VictimForm
from console.services.sharing import SharingService, write_packet
from console.services.users import UserService
from console.vocabulary import DisclosureBasis, DisclosureKind, Role

NOW = datetime(2026, 11, 29, 15, 0, tzinfo=UTC)
REASON = "Caseworker reports the girl is moved tonight; police must act now."

# Distinctive values, searched for in every packet.
NAME, PHONE_TYPED, PHONE_DIGITS, CODE_WORD = "Zephyrine Okonkwo-Balsam", "713-555-0199", "5550199", "marmalade"
TIP = ContactForm(
    primary_request="tip",
    caller_type="family_friend",
    caller_anonymous=False,
    caller_name=NAME,
    caller_safe_phone=PHONE_TYPED,
    caller_safe_times="Weekdays after 6pm",
    caller_may_leave_message="no",
    caller_code_word=CODE_WORD,
    caller_city="Houston",
    caller_state="TX",
    caller_heard_about="Poster at the laundromat",
    victims=(VictimForm(count=3, age_group="adult", gender="male", citizenship="foreign_national", city="Katy",
                        state="TX"),),
    trafficking_type="labor",
    venue="restaurants",
    indicators="Passports held by the owner.",
    summary=f"{NAME} (say {CODE_WORD} first) reports cousins working unpaid; call 713 555 0199.",
)


@pytest.fixture
def intake(db):
    return IntakeService(db, clock=lambda: NOW)


@pytest.fixture
def sharing(db):
    return SharingService(db, clock=lambda: NOW, time_zone="America/Chicago")


@pytest.fixture
def supervisor(db):
    return UserService(db).ensure("sam", "Sam Okafor", Role.SUPERVISOR)


def save(intake, user, **changes) -> int:
    return intake.save(dataclasses.replace(TIP, **changes), user.id).id


def counts(db) -> tuple[int, int, int]:
    with db.read() as session:
        return tuple(session.scalar(select(func.count()).select_from(m)) for m in (Disclosure, AuditEvent,
                                                                                    ContactEvent))


def events(db) -> list[AuditEvent]:
    with db.read() as session:
        return list(session.scalars(select(AuditEvent).order_by(AuditEvent.id)))


def assert_no_caller(text: str) -> None:
    for part in (NAME, "Zephyrine", "Okonkwo", PHONE_DIGITS, "555-0199", "555 0199", "Weekdays after 6pm"):
        assert part.lower() not in text.lower(), part
    assert CODE_WORD not in text.lower()


def test_with_consent_the_packet_holds_the_caller_but_never_the_code_word(db, intake, sharing, specialist):
    contact_id = save(intake, specialist, consent_law_enforcement="yes")
    packet = sharing.forward_tip(contact_id, "law_enforcement", "Houston PD Vice", specialist)

    assert packet.basis is DisclosureBasis.CONSENT and packet.kind is DisclosureKind.TIP
    text = packet.text
    assert text.startswith("National Human Trafficking Hotline\n")
    assert f"Contact: #{contact_id}" in text and "Date: 2026-11-29 09:00 CST" in text
    assert "Basis: Shared with consent." in text
    assert NAME in text and "+17135550199" in text and "Katy TX" in text and "Passports held" in text
    assert CODE_WORD not in text.lower() and "laundromat" not in text
    assert {"caller_name", "caller_safe_phone", "victims", "summary"} <= set(packet.fields_shared)
    assert "caller_code_word" not in packet.fields_shared


def test_a_tip_is_recorded_audited_and_fills_the_contact(db, intake, sharing, specialist):
    contact_id = save(intake, specialist, consent_task_force="yes")
    with db.read() as session:
        before = session.get(Contact, contact_id).version
    packet = sharing.forward_tip(contact_id, "task_force", "  Gulf Coast HT Task Force ", specialist)

    with db.read() as session:
        contact = session.get(Contact, contact_id)
        disclosure = session.scalars(select(Disclosure)).one()
        trail = session.scalars(select(ContactEvent.event).where(ContactEvent.contact_id == contact_id)).all()
    assert contact.tip_forwarded_to == "Gulf Coast HT Task Force" and contact.tip_forwarded_at == NOW
    assert contact.version == before + 1 == packet.contact_version
    assert trail[-1] == "tip_forwarded"
    assert (disclosure.kind, disclosure.recipient_class, disclosure.basis) == ("tip", "task_force", "consent")
    assert disclosure.by_user_id == specialist.id and disclosure.at == NOW and disclosure.override_reason is None
    assert disclosure.fields_shared.split() == list(packet.fields_shared)
    export = events(db)[-1]
    assert (export.action, export.record_type, export.record_id) == ("export", "contact", str(contact_id))
    assert set(export.fields.split(",")) == set(packet.fields_shared)
    assert NAME not in export.note and "Gulf" not in export.note
    # The form opened before the tip must reload before it saves (it would drop the tip).
    with pytest.raises(StaleContact):
        intake.save(TIP, specialist.id, contact_id, before)


def test_without_consent_a_specialist_is_refused_and_nothing_changes(db, intake, sharing, specialist):
    contact_id = save(intake, specialist, consent_service_providers="no")
    preview = sharing.preview(contact_id, "service_providers", specialist)
    assert preview.needs_override and not preview.may_override
    before = counts(db)
    for share in (sharing.forward_tip, sharing.referral_packet):
        with pytest.raises(PermissionDenied):
            share(contact_id, "service_providers", "Harbor House", specialist, override_reason=REASON)
    assert counts(db) == before
    with db.read() as session:
        assert session.get(Contact, contact_id).tip_forwarded_to is None


@pytest.mark.parametrize("reason", [None, "", "because", " " * 30])
def test_a_supervisor_override_needs_a_written_reason(db, intake, sharing, specialist, supervisor, reason):
    contact_id = save(intake, specialist)
    before = counts(db)
    with pytest.raises(ValidationError) as caught:
        sharing.referral_packet(contact_id, "service_providers", "Harbor House", supervisor, override_reason=reason)
    assert set(caught.value.errors) == {"override_reason"}
    assert counts(db) == before


def test_a_supervisor_override_shares_without_the_caller_and_is_audited(db, intake, sharing, specialist,
                                                                          supervisor):
    contact_id = save(intake, specialist, consent_service_providers="no")
    assert sharing.preview(contact_id, "service_providers", supervisor).may_override
    packet = sharing.referral_packet(contact_id, "service_providers", "Harbor House", supervisor,
                                     override_reason=REASON)

    assert packet.basis is DisclosureBasis.OVERRIDE
    assert f"Shared without consent by supervisor override: {REASON}" in packet.text
    assert "Katy TX" in packet.text and "[withheld]" in packet.text
    assert_no_caller(packet.text)
    with db.read() as session:
        disclosure = session.scalars(select(Disclosure)).one()
        assert session.get(Contact, contact_id).tip_forwarded_to is None  # a packet is not a tip
    assert disclosure.basis == "override" and disclosure.override_by_id == supervisor.id
    assert disclosure.override_reason == REASON
    override, export = events(db)[-2:]
    assert (override.action, override.fields, override.username) == ("override", "consent_service_providers", "sam")
    assert export.action == "export"
    for event in (override, export):
        assert "police" not in event.note and "tonight" not in event.note and REASON not in event.note


def test_a_mandated_report_goes_to_law_enforcement_without_consent_or_override(db, intake, sharing, specialist):
    contact_id = save(intake, specialist, immediate_danger=True, consent_law_enforcement="no")
    preview = sharing.preview(contact_id, "law_enforcement", specialist)
    assert preview.basis is DisclosureBasis.MANDATED and preview.mandated_report
    packet = sharing.forward_tip(contact_id, "law_enforcement", "Harris County Sheriff", specialist)
    assert packet.basis is DisclosureBasis.MANDATED and "Mandated report" in packet.text
    assert_no_caller(packet.text)
    assert [e.action for e in events(db)][-1] == "export"

    with pytest.raises(PermissionDenied):
        sharing.referral_packet(contact_id, "service_providers", "Harbor House", specialist)


def test_a_minor_makes_the_report_mandated(intake, sharing, specialist):
    minor = (VictimForm(count=1, age_group="minor", gender="female"),)
    contact_id = save(intake, specialist, victims=minor)
    assert sharing.preview(contact_id, "law_enforcement", specialist).basis is DisclosureBasis.MANDATED
    assert sharing.preview(contact_id, "task_force", specialist).needs_override


@pytest.mark.parametrize(("recipient_class", "name", "field"), [
    ("", "Harbor House", "recipient_class"), ("fbi", "Harbor House", "recipient_class"),
    ("law_enforcement", "  ", "recipient_name"), ("law_enforcement", "x" * 201, "recipient_name"),
])
def test_bad_recipients_are_named(db, intake, sharing, specialist, recipient_class, name, field):
    contact_id = save(intake, specialist, consent_law_enforcement="yes")
    with pytest.raises(ValidationError) as caught:
        sharing.forward_tip(contact_id, recipient_class, name, specialist)
    assert field in caught.value.errors


def test_the_packet_file_is_written_whole_and_private(tmp_path):
    path = write_packet(tmp_path / "packet.txt", "line one\nline two\n")
    assert path.read_text(encoding="utf-8") == "line one\nline two\n"
    assert (path.stat().st_mode & 0o777) == 0o600
    assert os.listdir(tmp_path) == ["packet.txt"]


def test_the_task_force_consent_is_stored_checked_and_loaded(db, intake, specialist):
    contact_id = save(intake, specialist, consent_task_force="yes")
    assert intake.load(contact_id).form.consent_task_force == "yes"
    with pytest.raises(ValidationError) as caught:
        intake.save(dataclasses.replace(TIP, consent_task_force="maybe"), specialist.id)
    assert set(caught.value.errors) == {"consent_task_force"}
