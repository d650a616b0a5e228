"""What the intake form sends to the service, and what a draft holds.

Plain values as the specialist entered them; ``console.services.intake``
checks and cleans them. ``to_dict``/``from_dict`` give drafts a stable JSON
shape that tolerates fields added or removed by later versions.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class VictimForm:
    count: int = 1
    age_group: str = "unknown"
    gender: str = "unknown"
    citizenship: str = "unknown"
    language: str = ""
    city: str = ""
    state: str = ""
    zip: str = ""


@dataclass(frozen=True, slots=True)
class ReferralInput:
    """A referral on the form: ``id`` is set once it is stored."""

    service_id: str | None
    service_name: str
    organization_name: str
    status: str = "referred"
    note: str = ""
    id: int | None = None


@dataclass(frozen=True, slots=True)
class MaterialInput:
    """A resource library item given on the form (``console.services.library``):
    how and to whom; ``id`` is set once it is stored."""

    item_id: int | None
    title: str
    method: str = "email"
    recipient: str = ""
    id: int | None = None


@dataclass(frozen=True, slots=True)
class ContactForm:
    # Call
    received_at: datetime | None = None  # None: now
    channel: str = "phone"
    language: str = "en"
    interpreter_language: str = ""
    primary_request: str = ""
    request_types: tuple[str, ...] = ()  # besides the primary one
    urgent: bool | None = None  # asked only of TTA and referral requests
    non_data_outcome: str = ""
    keep_with_me: bool = True  # in progress with me; otherwise waits in the queue
    # Caller
    caller_type: str = ""
    caller_anonymous: bool = True
    caller_name: str = ""
    caller_safe_phone: str = ""
    caller_safe_times: str = ""
    caller_may_leave_message: str = "unknown"
    caller_code_word: str = ""
    caller_city: str = ""
    caller_state: str = ""
    caller_zip: str = ""
    caller_heard_about: str = ""
    caller_history: str = "unknown"
    # Potential victims
    victims: tuple[VictimForm, ...] = ()
    # Situation
    trafficking_type: str = "not_specified"
    venue: str = "unknown"
    indicators: str = ""
    immediate_danger: bool = False
    emergency_needs: tuple[str, ...] = ()
    # Consent
    consent_law_enforcement: str = "not_asked"
    consent_service_providers: str = "not_asked"
    consent_task_force: str = "not_asked"
    # Outcome
    summary: str = ""
    materials_sent: str = ""
    tip_forwarded_to: str = ""
    tip_forwarded_at: datetime | None = None
    follow_up_due: datetime | None = None
    referrals: tuple[ReferralInput, ...] = field(default=())
    materials: tuple[MaterialInput, ...] = ()  # from the resource library

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key, value in data.items():
            if isinstance(value, datetime):
                data[key] = value.isoformat()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ContactForm:
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {k: v for k, v in data.items() if k in known}
        for key in ("received_at", "tip_forwarded_at", "follow_up_due"):
            if isinstance(values.get(key), str):
                values[key] = datetime.fromisoformat(values[key])
        values["victims"] = tuple(_build(VictimForm, v) for v in values.get("victims", ()))
        values["referrals"] = tuple(_build(ReferralInput, r) for r in values.get("referrals", ()))
        values["materials"] = tuple(_build(MaterialInput, m) for m in values.get("materials", ()))
        for key in ("request_types", "emergency_needs"):
            values[key] = tuple(values.get(key, ()))
        return cls(**values)


def _build(kind, data: dict[str, Any]):
    known = {f.name for f in fields(kind)}
    return kind(**{k: v for k, v in data.items() if k in known})


def changed_fields(before: ContactForm, after: ContactForm) -> tuple[str, ...]:
    """The names of the form fields that differ (for the audit trail: names, never values)."""
    return tuple(f.name for f in fields(ContactForm) if getattr(before, f.name) != getattr(after, f.name))
