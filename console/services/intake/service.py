"""Storing and reading intakes: one transaction per save, with its event."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from console.audit import AuditAction
from console.db import Database
from console.errors import NotFound, StaleContact, ValidationError
from console.models import (
    Contact,
    ContactEvent,
    ContactRequest,
    PotentialVictim,
    Referral,
    Service,
    utcnow,
)
from console.services.intake import access
from console.services.intake.earlier import EarlierCalls, earlier_calls
from console.services.intake.form import ContactForm, ReferralInput, VictimForm, changed_fields
from console.services.intake.materials import check_items, fill_sends, material_inputs
from console.hours import HoursPolicy, HoursSettings, Routing
from console.services.intake.rules import CleanContact, clean
from console.vocabulary import MESSAGE_RANK, ContactStatus, Priority


@dataclass(frozen=True, slots=True)
class SavedContact:
    id: int
    version: int
    status: ContactStatus
    priority: Priority
    mandated_report: bool
    received_at: datetime
    routing_reason: str | None = None  # why a new contact became a message, for the specialist


@dataclass(frozen=True, slots=True)
class LoadedContact:
    id: int
    version: int
    status: ContactStatus
    priority: Priority
    mandated_report: bool
    assigned_to_id: int | None
    form: ContactForm


def _saved(contact: Contact) -> SavedContact:
    return SavedContact(
        contact.id,
        contact.version,
        ContactStatus(contact.status),
        Priority(contact.priority),
        contact.mandated_report,
        contact.received_at,
    )


class IntakeService:
    def __init__(
        self,
        db: Database,
        clock: Callable[[], datetime] = utcnow,
        hours: HoursPolicy | None = None,
        hours_settings: HoursSettings | None = None,
        closed_edit_minutes: int = 60,
    ):
        self._db = db
        self._closed_edit_minutes = closed_edit_minutes  # a specialist's time to correct a contact they closed
        self._clock = clock
        self._hours = hours
        self._hours_settings = hours_settings  # the site's hours, when no policy is given

    @property
    def hours(self) -> HoursPolicy:
        if self._hours is None:  # built on first use: its holiday calendar costs ~0.1 s to import
            self._hours = HoursPolicy(self._hours_settings)
        return self._hours

    def routing(self, form: ContactForm) -> Routing | None:
        """What the hours policy will do with this contact if saved now (None: a non-data outcome).

        No database: cheap enough to call as the specialist types."""
        if form.non_data_outcome or not form.primary_request:
            return None
        requests = {form.primary_request, *form.request_types}
        try:
            return self.hours.route(requests, bool(form.urgent), form.received_at or self._clock())
        except ValueError:
            return None  # an unknown code: validation will say so on save

    def save(
        self,
        form: ContactForm,
        user_id: int,
        contact_id: int | None = None,
        expected_version: int | None = None,
    ) -> SavedContact:
        """Create a contact, or update ``contact_id`` if it is still at ``expected_version``."""
        now = self._clock()
        cleaned = clean(form, now)
        try:
            with self._db.write() as session:
                self._check_services(session, cleaned)
                check_items(session, cleaned.materials)
                routing = None
                if contact_id is None:
                    routing = self._route(cleaned)
                    contact = self._create(session, cleaned, form, user_id, now, routing)
                    action, names = AuditAction.CREATE, changed_fields(ContactForm(), form)
                else:
                    contact, names = self._update(session, cleaned, contact_id, expected_version, user_id, now)
                    action = AuditAction.EDIT
                session.flush()
                self._db.audit.record_by(session, user_id, action=action, record_type="contact",
                                         record_id=contact.id, fields=names)
                reason = routing.reason if routing is not None and routing.is_message else None
                return replace(_saved(contact), routing_reason=reason)
        except StaleDataError:
            raise StaleContact(contact_id or 0) from None

    def load(self, contact_id: int, user_id: int | None = None) -> LoadedContact:
        """The contact's details, if ``user_id`` may see them (``access``); the view is in
        the audit trail before they are returned. No ``user_id``: a script run by IT."""
        with self._db.read() as session:
            contact = _whole_contact(session, contact_id)
            if user_id is not None:
                access.check_open(session, contact, user_id)
            loaded = LoadedContact(
                contact.id,
                contact.version,
                ContactStatus(contact.status),
                Priority(contact.priority),
                contact.mandated_report,
                contact.assigned_to_id,
                _form_of(contact),
            )
        with self._db.write() as session:  # the read's snapshot may not append (console.audit.trail)
            self._db.audit.record_by(session, user_id, action=AuditAction.VIEW, record_type="contact",
                                     record_id=contact_id)
        return loaded

    def earlier_calls(self, phone: str, user_id: int, exclude_id: int | None = None) -> EarlierCalls:
        """Earlier contacts from this safe phone number (``earlier``); the lookup by a
        phone number is in the audit trail, with its count, when it finds any."""
        with self._db.read() as session:
            found = earlier_calls(session, phone, exclude_id)
        if found.count:
            with self._db.write() as session:
                self._db.audit.record_by(session, user_id, action=AuditAction.VIEW, record_type="caller_phone",
                                         fields=("caller_safe_phone",), note=f"{found.count} earlier contacts")
        return found

    # -- inside one transaction -------------------------------------------------

    @staticmethod
    def _check_services(session, cleaned: CleanContact) -> None:
        wanted = {r["service_id"] for r in cleaned.referrals if r["service_id"] and r["id"] is None}
        if not wanted:
            return
        found = set(session.scalars(select(Service.id).where(Service.id.in_(wanted))))
        errors = {
            f"referrals.{i}.service_id": "This service is no longer in the directory."
            for i, r in enumerate(cleaned.referrals)
            if r["service_id"] in wanted - found
        }
        if errors:
            raise ValidationError(errors)

    def _route(self, cleaned: CleanContact) -> Routing | None:
        if cleaned.columns["non_data_outcome"]:
            return None
        return self.hours.route(set(cleaned.request_types), cleaned.columns["urgent"], cleaned.columns["received_at"])

    def _create(self, session, cleaned, form: ContactForm, user_id: int, now: datetime, routing) -> Contact:
        if cleaned.columns["non_data_outcome"]:
            status, assignee = ContactStatus.CLOSED, user_id
        elif routing is not None and routing.is_message:
            # Out of hours, non-urgent: a message for program staff, due by the policy
            # (an earlier follow-up the specialist set stands).
            status, assignee = ContactStatus.MESSAGE, None
            cleaned.columns["priority_rank"] = MESSAGE_RANK
            due = cleaned.columns["follow_up_due"]
            cleaned.columns["follow_up_due"] = min(due, routing.due_at) if due else routing.due_at
        elif form.keep_with_me:
            status, assignee = ContactStatus.IN_PROGRESS, user_id
        else:
            status, assignee = ContactStatus.WAITING, None
        contact = Contact(
            **cleaned.columns,
            status=status.value,
            assigned_to_id=assignee,
            claimed_at=now if status is ContactStatus.IN_PROGRESS else None,
            closed_at=now if status is ContactStatus.CLOSED else None,
            entered_by_id=user_id,
            created_at=now,
            updated_at=now,
        )
        _fill_children(contact, cleaned, user_id, now)
        contact.events.add(ContactEvent(at=now, user_id=user_id, event="created", to_status=status.value,
                                        assignee_id=assignee))
        session.add(contact)
        return contact

    def _update(self, session, cleaned, contact_id, expected_version, user_id, now
                ) -> tuple[Contact, tuple[str, ...]]:
        contact = _whole_contact(session, contact_id)
        if expected_version is not None and contact.version != expected_version:
            raise StaleContact(contact_id)
        access.check_edit(session, contact, user_id, now, self._closed_edit_minutes)
        before = _form_of(contact)
        for name, value in cleaned.columns.items():
            setattr(contact, name, value)
        contact.updated_at = now
        _fill_children(contact, cleaned, user_id, now)
        contact.events.add(ContactEvent(at=now, user_id=user_id, event="edited"))
        return contact, changed_fields(before, _form_of(contact))


def _whole_contact(session, contact_id: int) -> Contact:
    """The contact with its requests, victims, referrals and library materials, in five queries."""
    contact = session.scalar(
        select(Contact)
        .where(Contact.id == contact_id)
        .options(selectinload(Contact.requests), selectinload(Contact.victims), selectinload(Contact.referrals),
                 selectinload(Contact.material_sends))
    )
    if contact is None:
        raise NotFound("Contact", contact_id)
    return contact


def _fill_children(contact: Contact, cleaned: CleanContact, user_id: int, now: datetime) -> None:
    # Reuse rows by type: the ORM inserts before it deletes orphans, and a
    # fresh row for a type already there would break the unique constraint.
    by_type = {r.request_type: r for r in contact.requests}
    requests = []
    for i, code in enumerate(cleaned.request_types):
        request = by_type.get(code) or ContactRequest(request_type=code)
        request.is_primary = i == 0
        requests.append(request)
    contact.requests = requests
    contact.victims = [PotentialVictim(**victim) for victim in cleaned.victims]
    existing = {r.id: r for r in contact.referrals}
    kept: list[Referral] = []
    for data in cleaned.referrals:
        referral = existing.get(data["id"]) if data["id"] is not None else None
        if referral is None:
            values = {k: val for k, val in data.items() if k != "id"}
            referral = Referral(**values, created_at=now, created_by_id=user_id)
        else:
            referral.status, referral.note = data["status"], data["note"]
        kept.append(referral)
    contact.referrals = kept
    fill_sends(contact, cleaned.materials, user_id, now)


def _form_of(contact: Contact) -> ContactForm:
    requests = sorted(contact.requests, key=lambda r: not r.is_primary)
    return ContactForm(
        received_at=contact.received_at,
        channel=contact.channel,
        language=contact.language or "",
        interpreter_language=contact.interpreter_language or "",
        primary_request=requests[0].request_type if requests else contact.primary_request,
        request_types=tuple(r.request_type for r in requests[1:]),
        urgent=contact.urgent,
        non_data_outcome=contact.non_data_outcome or "",
        keep_with_me=contact.status == ContactStatus.IN_PROGRESS,
        caller_type=contact.caller_type,
        caller_anonymous=contact.caller_anonymous,
        caller_name=contact.caller_name or "",
        caller_safe_phone=contact.caller_safe_phone or "",
        caller_safe_times=contact.caller_safe_times or "",
        caller_may_leave_message=contact.caller_may_leave_message,
        caller_code_word=contact.caller_code_word or "",
        caller_city=contact.caller_city or "",
        caller_state=contact.caller_state or "",
        caller_zip=contact.caller_zip or "",
        caller_heard_about=contact.caller_heard_about or "",
        caller_history=contact.caller_history,
        victims=tuple(
            VictimForm(v.count, v.age_group, v.gender, v.citizenship, v.language or "", v.city or "", v.state or "", v.zip or "")
            for v in contact.victims
        ),
        trafficking_type=contact.trafficking_type,
        venue=contact.venue,
        indicators=contact.indicators or "",
        immediate_danger=contact.immediate_danger,
        emergency_needs=tuple(contact.emergency_needs.split()),
        consent_law_enforcement=contact.consent_law_enforcement,
        consent_service_providers=contact.consent_service_providers,
        consent_task_force=contact.consent_task_force,
        summary=contact.summary,
        materials_sent=contact.materials_sent or "",
        tip_forwarded_to=contact.tip_forwarded_to or "",
        tip_forwarded_at=contact.tip_forwarded_at,
        follow_up_due=contact.follow_up_due,
        referrals=tuple(
            ReferralInput(r.service_id, r.service_name, r.organization_name, r.status, r.note or "", r.id)
            for r in contact.referrals
        ),
        materials=material_inputs(contact),
    )
