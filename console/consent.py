"""What may be shared about a contact, and on what basis (docs/consent.md).

Pure functions, no database: ``decide`` takes a contact's consent answers,
its mandated-report flag and a recipient class, and says whether a tip or
referral packet may go, on which basis, and which parts of the record it
holds and leaves out (and why). ``console.services.sharing`` applies it.

The rules:
- Consent "yes" for that class: the packet holds the case, the potential
  victims, the narrative and the caller's identity and safe contact details.
- No consent ("no" or "not asked"), and a mandated report (a minor involved
  or immediate danger) going to law enforcement: allowed, whatever the
  consent, as a mandated report, without the caller's identity.
- No consent otherwise: refused, unless a supervisor overrides it with a
  written reason; then shared without the caller's identity.
- Never shared, whatever the basis: ``NEVER_SHARED``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from console.validation import has_control
from console.vocabulary import ConsentAnswer, DisclosureBasis, RecipientClass

OVERRIDE_REASON_MIN = 20  # characters: a sentence, not "ok"
OVERRIDE_REASON_MAX = 1000


class Part(StrEnum):
    """A part of the record a packet may hold."""

    CASE = "case"  # what, where, how urgent: no one's identity
    VICTIMS = "victims"  # the potential victims' descriptions and whereabouts
    NARRATIVE = "narrative"  # summary and indicators (the caller's name, phone and code word blanked out)
    CALLER = "caller"  # who called and how to reach them safely


# The contact's fields in each part (names, as the audit trail and the disclosure row record them).
PART_FIELDS: dict[Part, tuple[str, ...]] = {
    Part.CASE: ("received_at", "primary_request", "request_types", "trafficking_type", "venue", "immediate_danger",
                "emergency_needs", "mandated_report"),
    Part.VICTIMS: ("victims",),
    Part.NARRATIVE: ("summary", "indicators"),
    Part.CALLER: ("caller_type", "caller_name", "caller_safe_phone", "caller_safe_times", "caller_may_leave_message",
                  "caller_city", "caller_state", "caller_zip", "language"),
}

# Left out of every packet, whatever the basis: (what, why).
NEVER_SHARED: tuple[tuple[str, str], ...] = (
    ("caller_code_word", "The code word proves the caller to the hotline; anyone else holding it could pose as them."),
    ("caller_heard_about", "How the caller heard of the hotline is for the hotline's own statistics."),
    ("caller_history", "Whether the caller called before stays with the hotline."),
    ("referrals", "Other services the caller was referred to: each recipient learns only its own share."),
    ("materials", "What was sent to the caller stays with the hotline."),
    ("consent", "The caller's answers for other recipients."),
    ("workflow", "Who at the hotline handled the contact, its status, follow-ups and earlier disclosures."),
)

_WITHOUT_IDENTITY = (Part.CASE, Part.VICTIMS, Part.NARRATIVE)
_WITH_CONSENT = (*_WITHOUT_IDENTITY, Part.CALLER)


@dataclass(frozen=True, slots=True)
class ConsentFacts:
    """A contact's answers, as stored (codes), and whether it is a mandated report."""

    law_enforcement: str = ConsentAnswer.NOT_ASKED.value
    service_providers: str = ConsentAnswer.NOT_ASKED.value
    task_force: str = ConsentAnswer.NOT_ASKED.value
    mandated_report: bool = False

    def answer(self, recipient: RecipientClass) -> ConsentAnswer:
        code = {RecipientClass.LAW_ENFORCEMENT: self.law_enforcement,
                RecipientClass.SERVICE_PROVIDERS: self.service_providers,
                RecipientClass.TASK_FORCE: self.task_force}[recipient]
        try:
            return ConsentAnswer(code)
        except ValueError:
            return ConsentAnswer.NOT_ASKED  # an unknown code never reads as consent


@dataclass(frozen=True, slots=True)
class Decision:
    recipient: RecipientClass
    answer: ConsentAnswer
    basis: DisclosureBasis | None  # None: refused unless a supervisor overrides
    included: tuple[Part, ...]
    left_out: tuple[tuple[str, str], ...]  # (part or field, why), the parts first, then NEVER_SHARED
    reason: str  # the basis, or why it is refused, in the hotline's words

    @property
    def allowed(self) -> bool:
        return self.basis is not None

    @property
    def needs_override(self) -> bool:
        return self.basis is None

    @property
    def fields(self) -> tuple[str, ...]:
        """The names of the contact fields the packet may hold."""
        return tuple(name for part in self.included for name in PART_FIELDS[part])


def decide(facts: ConsentFacts, recipient: RecipientClass | str) -> Decision:
    recipient = RecipientClass(recipient)
    answer = facts.answer(recipient)
    if answer is ConsentAnswer.YES:
        return _decision(recipient, answer, DisclosureBasis.CONSENT, _WITH_CONSENT,
                         "The caller consented to sharing with this recipient.")
    if facts.mandated_report and recipient is RecipientClass.LAW_ENFORCEMENT:
        return _decision(recipient, answer, DisclosureBasis.MANDATED, _WITHOUT_IDENTITY,
                         "Mandated report: a minor is involved or someone is in immediate danger. The law requires "
                         "the report whatever the consent; the caller's identity stays out.")
    if answer is ConsentAnswer.NO:
        why = "The caller did not consent to sharing with this recipient."
    else:
        why = "Consent was not asked for this recipient: ask the caller when it is safe to."
    if facts.mandated_report:
        why += " A mandated report goes to law enforcement only."
    return _decision(recipient, answer, None, _WITHOUT_IDENTITY,
                     why + " Only a supervisor's override, with a written reason, can share it.")


def with_override(decision: Decision) -> Decision:
    """The decision once a supervisor overrides a refusal: shared without the caller's identity."""
    if decision.allowed:
        return decision
    return _decision(decision.recipient, decision.answer, DisclosureBasis.OVERRIDE, _WITHOUT_IDENTITY,
                     "Shared without consent by a supervisor's override.")


def _decision(recipient, answer, basis, included, reason) -> Decision:
    # The case, victims and narrative go whenever anything goes; only the caller's part can be left out.
    left = () if Part.CALLER in included else ((Part.CALLER.value, _CALLER_LEFT_OUT),)
    return Decision(recipient, answer, basis, tuple(included), left + NEVER_SHARED, reason)


_CALLER_LEFT_OUT = "Without the caller's consent for this recipient, their identity and contact details stay out."


def check_override_reason(reason: str | None) -> str | None:
    """The trimmed reason, or a message saying what is wrong with it (``None``: fine)."""
    text = " ".join((reason or "").split())
    if len(text) < OVERRIDE_REASON_MIN:
        return (f"Write why this is shared without consent: at least {OVERRIDE_REASON_MIN} characters "
                f"({len(text)} so far).")
    if len(text) > OVERRIDE_REASON_MAX:
        return f"Too long: {len(text)} characters, at most {OVERRIDE_REASON_MAX}."
    if has_control(text):
        return "Contains characters that cannot be stored (control codes)."
    return None


def redact(text: str, words: Iterable[str], phones: Iterable[str] = ()) -> str:
    """``text`` with each of ``words`` (case-insensitive) and any phone number whose
    digits end like one of ``phones`` replaced by "[withheld]"."""
    for word in sorted({w.strip() for w in words if w and w.strip()}, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", "[withheld]", text, flags=re.IGNORECASE)
    tails = {digits[-7:] for digits in (re.sub(r"\D", "", p) for p in phones) if len(digits) >= 7}
    if tails:
        def blank(match: re.Match) -> str:
            return "[withheld]" if re.sub(r"\D", "", match.group())[-7:] in tails else match.group()

        text = _PHONE_LIKE.sub(blank, text)
    return text


_PHONE_LIKE = re.compile(r"\+?\d[\d\s().\-]{5,}\d")
