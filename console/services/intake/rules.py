"""The intake's rules: what is required, what each field may hold, and what
follows from the answers (priority, mandated report).

``clean(form, now)`` returns the column values to store, or raises
``ValidationError`` naming every bad field at once. Field names are the
form's (``caller_zip``, ``victims.1.age_group``, ``referrals.0.status``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from console import validation as v
from console.services.intake.form import ContactForm
from console.services.library_rules import clean_sends
from console.vocabulary import (
    ALWAYS_URGENT,
    LANGUAGES,
    URGENCY_CHOSEN,
    US_STATES,
    AgeGroup,
    CallerHistory,
    CallerType,
    Channel,
    Citizenship,
    ConsentAnswer,
    EmergencyNeed,
    Gender,
    NonDataOutcome,
    Priority,
    ReferralStatus,
    RequestType,
    TraffickingType,
    Venue,
    YesNoUnknown,
)

MAX_VICTIM_GROUPS = 50
_LANGUAGE_CODES = frozenset(LANGUAGES)


@dataclass(frozen=True, slots=True)
class CleanContact:
    columns: dict[str, Any]
    request_types: tuple[str, ...]  # primary first
    victims: tuple[dict[str, Any], ...]
    referrals: tuple[dict[str, Any], ...]
    materials: tuple[dict[str, Any], ...] = ()  # library items sent (intake.materials)


def priority_of(request_types: set[str], urgent: bool) -> Priority:
    if RequestType.CRISIS in request_types:
        return Priority.CRISIS
    if request_types & ALWAYS_URGENT or (urgent and request_types & URGENCY_CHOSEN):
        return Priority.URGENT
    return Priority.NON_URGENT


def _language(p: v.Problems, name: str, value: str) -> str | None:
    cleaned = (value or "").strip().lower()
    if cleaned and cleaned not in _LANGUAGE_CODES:
        p.add(name, f"Unknown language code {value!r}.")
        return None
    return cleaned or None


def clean(form: ContactForm, now: datetime) -> CleanContact:
    p = v.Problems()
    non_data = p.check("non_data_outcome", v.code, form.non_data_outcome, NonDataOutcome)
    # A hang-up or wrong number is counted, not investigated: it needs no caller or summary.
    required = non_data is None

    received = p.check("received_at", v.moment, form.received_at, not_after=now) or now
    primary = p.check("primary_request", v.code, form.primary_request, RequestType, required=required)
    primary = primary or RequestType.GENERAL_INFO.value
    others = [p.check("request_types", v.code, t, RequestType) for t in form.request_types]
    requests = [primary] + [t for t in dict.fromkeys(others) if t and t != primary]
    request_set = set(requests)

    urgent = bool(form.urgent)
    if request_set & URGENCY_CHOSEN and form.urgent is None and required:
        p.add("urgent", "Required: is this request urgent?")
    if request_set & ALWAYS_URGENT:
        urgent = True

    caller_state = p.check("caller_state", v.us_state, form.caller_state, US_STATES)
    victims = _victims(p, form)
    danger = bool(form.immediate_danger)
    needs = [p.check("emergency_needs", v.code, n, EmergencyNeed) for n in form.emergency_needs]

    columns: dict[str, Any] = {
        "received_at": received,
        "channel": p.check("channel", v.code, form.channel, Channel, required=True),
        "language": _language(p, "language", form.language),
        "interpreter_language": _language(p, "interpreter_language", form.interpreter_language),
        "primary_request": primary,
        "urgent": urgent,
        "non_data_outcome": non_data,
        "caller_type": p.check("caller_type", v.code, form.caller_type, CallerType, required=required)
        or CallerType.UNKNOWN.value,
        "caller_anonymous": bool(form.caller_anonymous),
        "caller_name": p.check("caller_name", v.text, form.caller_name, max_length=120) or None,
        "caller_safe_phone": p.check("caller_safe_phone", v.phone, form.caller_safe_phone),
        "caller_safe_times": p.check("caller_safe_times", v.text, form.caller_safe_times, max_length=200) or None,
        "caller_may_leave_message": p.check(
            "caller_may_leave_message", v.code, form.caller_may_leave_message, YesNoUnknown, required=True
        ),
        "caller_code_word": p.check("caller_code_word", v.text, form.caller_code_word, max_length=60) or None,
        "caller_city": p.check("caller_city", v.text, form.caller_city, max_length=80) or None,
        "caller_state": caller_state,
        "caller_zip": p.check("caller_zip", v.us_zip, form.caller_zip, state=caller_state),
        "caller_heard_about": p.check("caller_heard_about", v.text, form.caller_heard_about, max_length=200) or None,
        "caller_history": p.check("caller_history", v.code, form.caller_history, CallerHistory, required=True),
        "trafficking_type": p.check("trafficking_type", v.code, form.trafficking_type, TraffickingType, required=True),
        "venue": p.check("venue", v.code, form.venue, Venue, required=True),
        "indicators": p.check("indicators", v.text, form.indicators, max_length=4000, multiline=True) or None,
        "immediate_danger": danger,
        "emergency_needs": " ".join(n for n in dict.fromkeys(needs) if n),
        "consent_law_enforcement": p.check(
            "consent_law_enforcement", v.code, form.consent_law_enforcement, ConsentAnswer, required=True
        ),
        "consent_service_providers": p.check(
            "consent_service_providers", v.code, form.consent_service_providers, ConsentAnswer, required=True
        ),
        "consent_task_force": p.check(
            "consent_task_force", v.code, form.consent_task_force, ConsentAnswer, required=True
        ),
        "summary": p.check("summary", v.text, form.summary, max_length=8000, required=required, multiline=True) or "",
        "materials_sent": p.check("materials_sent", v.text, form.materials_sent, max_length=2000, multiline=True)
        or None,
        "tip_forwarded_to": p.check("tip_forwarded_to", v.text, form.tip_forwarded_to, max_length=200) or None,
        "tip_forwarded_at": p.check("tip_forwarded_at", v.moment, form.tip_forwarded_at, not_after=now),
        "follow_up_due": p.check("follow_up_due", v.moment, form.follow_up_due, not_before=received),
    }
    if not form.caller_anonymous and not columns["caller_name"]:
        p.add("caller_name", "Required when the caller gives a name; otherwise tick Anonymous.")
    referrals = _referrals(p, form)
    materials = clean_sends(p, form.materials)
    p.raise_if_any()

    priority = priority_of(request_set, urgent)
    columns["priority"] = priority.value
    columns["priority_rank"] = priority.rank
    minors = any(victim["age_group"] == AgeGroup.MINOR for victim in victims)
    columns["mandated_report"] = minors or danger
    return CleanContact(columns, tuple(requests), tuple(victims), tuple(referrals), tuple(materials))


def _victims(p: v.Problems, form: ContactForm) -> list[dict[str, Any]]:
    if len(form.victims) > MAX_VICTIM_GROUPS:
        p.add("victims", f"At most {MAX_VICTIM_GROUPS} groups of potential victims.")
        return []
    cleaned = []
    for i, victim in enumerate(form.victims):
        at = f"victims.{i}."
        state = p.check(at + "state", v.us_state, victim.state, US_STATES)
        cleaned.append(
            {
                "position": i,
                "count": p.check(at + "count", v.count, victim.count) or 1,
                "age_group": p.check(at + "age_group", v.code, victim.age_group, AgeGroup, required=True),
                "gender": p.check(at + "gender", v.code, victim.gender, Gender, required=True),
                "citizenship": p.check(at + "citizenship", v.code, victim.citizenship, Citizenship, required=True),
                "language": _language(p, at + "language", victim.language),
                "city": p.check(at + "city", v.text, victim.city, max_length=80) or None,
                "state": state,
                "zip": p.check(at + "zip", v.us_zip, victim.zip, state=state),
            }
        )
    return cleaned


def _referrals(p: v.Problems, form: ContactForm) -> list[dict[str, Any]]:
    cleaned = []
    for i, referral in enumerate(form.referrals):
        at = f"referrals.{i}."
        cleaned.append(
            {
                "id": referral.id,
                "service_id": referral.service_id,
                "service_name": p.check(at + "service_name", v.text, referral.service_name, max_length=300, required=True),
                "organization_name": p.check(
                    at + "organization_name", v.text, referral.organization_name, max_length=300, required=True
                ),
                "status": p.check(at + "status", v.code, referral.status, ReferralStatus, required=True),
                "note": p.check(at + "note", v.text, referral.note, max_length=2000, multiline=True) or None,
            }
        )
    return cleaned
