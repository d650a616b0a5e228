"""Sharing a contact outside the hotline: forwarding a tip, making a referral
packet (issue 5, "Consent and mandated reports"; docs/consent.md).

``preview`` says, before anything leaves, what a packet for a recipient class
would hold and leave out and whether it needs a supervisor's override; it
reads only the consent answers and the mandated flag, so it is not a view of
personal details and writes nothing. ``forward_tip`` and ``referral_packet``
apply ``console.consent`` and, in one write transaction, record the
disclosure (``disclosures``), append to the contact's trail and to the audit
trail (EXPORT; OVERRIDE first when a supervisor overrode), and return the
packet's text; a tip also fills the contact's "tip forwarded to / at" (so its
version moves on and every desk's queue sees the change). Refused (no
consent, no override allowed, a reason too short): nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from console import validation as v
from console.audit import AuditAction
from console.consent import (
    ConsentFacts,
    Decision,
    check_override_reason,
    decide,
    with_override,
)
from console.db import Database
from console.errors import NotFound, PermissionDenied, ValidationError
from console.hours import HoursSettings
from console.models import Contact, ContactEvent, Disclosure, User, utcnow
from console.permissions import Permission, allowed, require
from console.services.intake.service import _form_of, _whole_contact
from console.services.sharing_packet import (
    DEFAULT_HOTLINE,
    PacketFile,
    PacketHeading,
    render,
    write_packet,
)
from console.services.users import UserInfo
from console.vocabulary import (
    ConsentAnswer,
    DisclosureBasis,
    DisclosureKind,
    RecipientClass,
    Role,
)

__all__ = ["Packet", "PacketFile", "SharePreview", "SharingService", "write_packet"]

RECIPIENT_NAME_MAX = 200
_EVENTS = {DisclosureKind.TIP: "tip_forwarded", DisclosureKind.REFERRAL_PACKET: "referral_packet_shared"}


@dataclass(frozen=True, slots=True)
class SharePreview:
    contact_id: int
    recipient_class: RecipientClass
    answer: ConsentAnswer  # the caller's consent for this class
    mandated_report: bool
    basis: DisclosureBasis | None  # None: refused unless overridden
    may_override: bool  # the user's role may override a refusal
    included: tuple[str, ...]  # parts (console.consent.Part) the packet holds
    fields: tuple[str, ...]  # the contact fields in them (those with a value go)
    left_out: tuple[tuple[str, str], ...]  # (part or field, why)
    reason: str  # the basis, or why it is refused

    @property
    def needs_override(self) -> bool:
        return self.basis is None


@dataclass(frozen=True, slots=True)
class Packet:
    disclosure_id: int
    contact_id: int
    contact_version: int  # after the share (a tip moves it on)
    kind: DisclosureKind
    recipient_class: RecipientClass
    recipient_name: str
    basis: DisclosureBasis
    at: datetime  # UTC
    fields_shared: tuple[str, ...]
    text: str


class SharingService:
    def __init__(self, db: Database, clock: Callable[[], datetime] = utcnow, time_zone: str | None = None,
                 hotline: str = DEFAULT_HOTLINE):
        self._db, self._clock, self.hotline = db, clock, hotline
        self.zone = ZoneInfo(time_zone or HoursSettings().time_zone)

    def preview(self, contact_id: int, recipient_class: RecipientClass | str, user: UserInfo) -> SharePreview:
        recipient = _recipient(recipient_class)
        with self._db.read() as session:
            actor = _actor(session, user)
            contact = session.get(Contact, contact_id)
            if contact is None:
                raise NotFound("Contact", contact_id)
            facts = _facts(contact)
        decision = decide(facts, recipient)
        return SharePreview(contact_id, recipient, decision.answer, facts.mandated_report, decision.basis,
                            allowed(Role(actor.role), Permission.OVERRIDE_CONSENT),
                            tuple(p.value for p in decision.included), decision.fields, decision.left_out,
                            decision.reason)

    def forward_tip(self, contact_id: int, recipient_class: RecipientClass | str, recipient_name: str,
                    user: UserInfo, override_reason: str | None = None) -> Packet:
        return self._share(DisclosureKind.TIP, contact_id, recipient_class, recipient_name, user, override_reason)

    def referral_packet(self, contact_id: int, recipient_class: RecipientClass | str, recipient_name: str,
                        user: UserInfo, override_reason: str | None = None) -> Packet:
        return self._share(DisclosureKind.REFERRAL_PACKET, contact_id, recipient_class, recipient_name, user,
                           override_reason)

    # -- inside ----------------------------------------------------------------------
    def _share(self, kind: DisclosureKind, contact_id: int, recipient_class, recipient_name: str, user: UserInfo,
               override_reason: str | None) -> Packet:
        p = v.Problems()
        recipient = p.check("recipient_class", v.code, str(recipient_class or ""), RecipientClass, required=True)
        name = p.check("recipient_name", v.text, recipient_name, max_length=RECIPIENT_NAME_MAX, required=True)
        p.raise_if_any()
        recipient = RecipientClass(recipient)
        now = self._clock()
        with self._db.write() as session:
            actor = _actor(session, user)
            contact = _whole_contact(session, contact_id)
            decision, reason = self._decide(actor, contact, recipient, override_reason)
            heading = PacketHeading(self.hotline, kind, contact.id, now.astimezone(self.zone), name,
                                    contact.mandated_report, reason)
            text, fields = render(_form_of(contact), heading, decision)
            disclosure = Disclosure(contact_id=contact.id, at=now, by_user_id=actor.id, kind=kind.value,
                                    recipient_class=recipient.value, recipient_name=name,
                                    basis=decision.basis.value, override_by_id=actor.id if reason else None,
                                    override_reason=reason, fields_shared=" ".join(fields))
            session.add(disclosure)
            if kind is DisclosureKind.TIP:
                contact.tip_forwarded_to, contact.tip_forwarded_at = name, now
            contact.updated_at = now
            flag_modified(contact, "updated_at")  # the version moves on even at the same instant
            contact.events.add(ContactEvent(at=now, user_id=actor.id, event=_EVENTS[kind]))
            session.flush()
            self._audit(session, actor, contact.id, kind, decision, fields, disclosure.id)
            return Packet(disclosure.id, contact.id, contact.version, kind, recipient, name, decision.basis, now,
                          fields, text)

    @staticmethod
    def _decide(actor: User, contact: Contact, recipient: RecipientClass,
                override_reason: str | None) -> tuple[Decision, str | None]:
        """The decision to apply and the override's reason (None: no override needed)."""
        decision = decide(_facts(contact), recipient)
        if decision.allowed:
            return decision, None  # a reason given where none is needed is not an override
        require(Role(actor.role), Permission.OVERRIDE_CONSENT, "share a contact without the caller's consent")
        problem = check_override_reason(override_reason)
        if problem:
            raise ValidationError({"override_reason": problem})
        return with_override(decision), " ".join((override_reason or "").split())

    def _audit(self, session: Session, actor: User, contact_id: int, kind: DisclosureKind, decision: Decision,
               fields: tuple[str, ...], disclosure_id: int) -> None:
        """Last in the transaction; codes and names only (the reason stays in the disclosure row)."""
        who = {"user_id": actor.id, "username": actor.username, "record_type": "contact", "record_id": contact_id}
        if decision.basis is DisclosureBasis.OVERRIDE:
            self._db.audit.record(session, action=AuditAction.OVERRIDE, fields=(f"consent_{decision.recipient}",),
                                  note=f"consent overridden: {kind} to {decision.recipient}, "
                                       f"disclosure {disclosure_id}", **who)
        self._db.audit.record(session, action=AuditAction.EXPORT, fields=fields,
                              note=f"{kind} to {decision.recipient} ({decision.basis}), disclosure {disclosure_id}",
                              **who)


def _recipient(code: RecipientClass | str) -> RecipientClass:
    p = v.Problems()
    checked = p.check("recipient_class", v.code, str(code or ""), RecipientClass, required=True)
    p.raise_if_any()
    return RecipientClass(checked)


def _actor(session: Session, user: UserInfo) -> User:
    """The acting user as stored now (a role changed on another desk counts)."""
    actor = session.get(User, user.id)
    if actor is None:
        raise NotFound("User", user.id)
    if not actor.active:
        raise PermissionDenied("share contact details: this account is disabled", "an admin")
    return actor


def _facts(contact: Contact) -> ConsentFacts:
    return ConsentFacts(contact.consent_law_enforcement, contact.consent_service_providers,
                        contact.consent_task_force, bool(contact.mandated_report))
