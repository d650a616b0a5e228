"""The rules of a TTA request: what a new one must say, how its status may
move, and how urgent it may be.

- The contact must carry the TTA request type (it is a TTA contact).
- Who asks: a name (required), a role, the organization, and a way to answer
  them: an email address or a phone number (at least one, both checked).
- Topic: a library topic (``LibraryTopic``, required) and free words;
  audience: a library audience (optional) and free words.
- Event date: optional, never in the past (the hotline's local date) when
  the request is made; its city and state optional (state a U.S. code).
- Urgency: by default the contact's. A request may be non-urgent on an
  urgent contact, not urgent on a non-urgent one (the contact would not have
  been handled 24/7: change the contact's urgency first).
- Status: new -> in progress -> done; new or in progress -> declined (a note
  says why). Done and declined are final. A review of third-party materials
  is done only once its outcome is recorded.

Every problem names its field; nothing is written while any remains.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from console import validation as v
from console.models import Contact
from console.vocabulary import (
    US_STATES,
    LibraryAudience,
    LibraryTopic,
    RequestType,
    TtaKind,
    TtaReviewOutcome,
    TtaStatus,
)

NOTE_MAX = 2000
DESCRIPTION_MAX = 4000
_EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+$")
OPEN = frozenset({TtaStatus.NEW.value, TtaStatus.IN_PROGRESS.value})
NEXT: dict[str, frozenset[str]] = {
    TtaStatus.NEW.value: frozenset({TtaStatus.IN_PROGRESS.value, TtaStatus.DECLINED.value}),
    TtaStatus.IN_PROGRESS.value: frozenset({TtaStatus.DONE.value, TtaStatus.DECLINED.value}),
    TtaStatus.DONE.value: frozenset(),
    TtaStatus.DECLINED.value: frozenset(),
}


@dataclass(frozen=True, slots=True)
class TtaForm:
    """A new TTA request on a saved contact (``TtaService.new_form`` fills the defaults)."""

    contact_id: int
    kind: str = ""
    organization: str = ""
    requester_name: str = ""
    requester_role: str = ""
    requester_email: str = ""
    requester_phone: str = ""
    topic: str = ""
    topic_detail: str = ""
    audience: str = ""
    audience_detail: str = ""
    event_date: date | None = None
    event_city: str = ""
    event_state: str = ""
    urgent: bool | None = None  # None: as the contact
    description: str = ""


def email(value: str | None) -> str | None:
    cleaned = v.text(value, max_length=200)
    if not cleaned:
        return None
    if not _EMAIL.match(cleaned):
        raise v.FieldProblem("Not an email address (e.g. training@example.org).")
    return cleaned


def event_day(value: date | None, today: date) -> date | None:
    if value is not None and value < today:
        raise v.FieldProblem("The event date is in the past.")
    return value


def contact_requests(contact: Contact) -> set[str]:
    return {r.request_type for r in contact.requests} | {contact.primary_request}


def clean_request(form: TtaForm, contact: Contact, today: date) -> dict:
    """The columns of a new request, or ``ValidationError`` naming every field at fault."""
    p = v.Problems()
    if RequestType.TTA.value not in contact_requests(contact):
        p.add("contact_id", "This contact is not a training & technical assistance request: add that request "
                            "type to the contact and save it first.")
    values = {
        "kind": p.check("kind", v.code, form.kind, TtaKind, required=True),
        "organization": p.check("organization", v.text, form.organization, max_length=200),
        "requester_name": p.check("requester_name", v.text, form.requester_name, max_length=120, required=True),
        "requester_role": p.check("requester_role", v.text, form.requester_role, max_length=120),
        "requester_email": p.check("requester_email", email, form.requester_email),
        "requester_phone": p.check("requester_phone", v.phone, form.requester_phone),
        "topic": p.check("topic", v.code, form.topic, LibraryTopic, required=True),
        "topic_detail": p.check("topic_detail", v.text, form.topic_detail, max_length=200),
        "audience": p.check("audience", v.code, form.audience, LibraryAudience),
        "audience_detail": p.check("audience_detail", v.text, form.audience_detail, max_length=200),
        "event_date": p.check("event_date", event_day, form.event_date, today),
        "event_city": p.check("event_city", v.text, form.event_city, max_length=80) or None,
        "event_state": p.check("event_state", v.us_state, form.event_state, US_STATES),
        "description": p.check("description", v.text, form.description, max_length=DESCRIPTION_MAX,
                               multiline=True),
    }
    if not (form.requester_email or "").strip() and not (form.requester_phone or "").strip():
        p.add("requester_email", "Give an email address or a phone number, so the request can be answered.")
    urgent = bool(contact.urgent) if form.urgent is None else bool(form.urgent)
    if urgent and not contact.urgent:
        p.add("urgent", "The contact is not urgent, so this request cannot be: change the contact's urgency "
                        "first (urgent requests are handled 24/7, others in business hours).")
    p.raise_if_any()
    values["urgent"] = urgent
    return values


def check_transition(current: str, wanted: str, note: str | None, kind: str, reviewed: bool) -> str:
    """The cleaned note of a status change, or ``ValidationError``."""
    p = v.Problems()
    to = p.check("status", v.code, wanted, TtaStatus, required=True)
    cleaned = p.check("note", v.text, note, max_length=NOTE_MAX, multiline=True) or ""
    if to is not None and to not in NEXT[current]:
        final = not NEXT[current]
        p.add("status", f"This request is {current.replace('_', ' ')}"
                        + ("; it is closed and cannot change." if final else f"; it cannot become {to.replace('_', ' ')}."))
    if to == TtaStatus.DECLINED.value and not cleaned:
        p.add("note", "Say why the request is declined.")
    if to == TtaStatus.DONE.value and kind == TtaKind.THIRD_PARTY_REVIEW.value and not reviewed:
        p.add("review_outcome", "Record the review's outcome before marking the review done.")
    p.raise_if_any()
    return cleaned


def check_review(outcome: str | None, note: str | None, kind: str, status: str) -> tuple[str, str]:
    p = v.Problems()
    if kind != TtaKind.THIRD_PARTY_REVIEW.value:
        p.add("kind", "Only a review of third-party materials has a review outcome.")
    if status not in OPEN:
        p.add("status", "This request is closed; its review cannot change.")
    code = p.check("review_outcome", v.code, outcome, TtaReviewOutcome, required=True)
    cleaned = p.check("review_note", v.text, note, max_length=NOTE_MAX, multiline=True) or ""
    if code in (TtaReviewOutcome.APPROVED_WITH_CHANGES.value, TtaReviewOutcome.NOT_RECOMMENDED.value) and not cleaned:
        p.add("review_note", "Say which changes are needed, or why the materials are not recommended.")
    p.raise_if_any()
    return code, cleaned  # type: ignore[return-value]
