"""The text of a tip or referral packet, and writing it to a file (no database).

``render`` lays out only the parts a ``console.consent.Decision`` includes,
from the contact's stored values (a ``ContactForm``), and returns the text
with the names of the fields that had a value in it. The caller's code word
never appears; when the caller's part is left out, their name, phone and
code word are blanked out of the narrative too (``console.consent.redact``).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from console.consent import PART_FIELDS, Decision, Part, redact
from console.services.intake.form import ContactForm
from console.vocabulary import DisclosureBasis, DisclosureKind

DEFAULT_HOTLINE = "National Human Trafficking Hotline"
_LEFT_OUT = ("Left out of this packet: the caller's code word, how they heard of the hotline, their earlier calls, "
             "other referrals and materials, the caller's other consent answers and the hotline's own case handling.")
_TITLES = {DisclosureKind.TIP: "Tip forwarded", DisclosureKind.REFERRAL_PACKET: "Referral packet"}


@dataclass(frozen=True, slots=True)
class PacketHeading:
    hotline: str
    kind: DisclosureKind
    contact_id: int
    at: datetime  # local time of the hotline
    recipient_name: str
    mandated_report: bool
    override_reason: str | None = None


def words(code: str | None) -> str:
    return (code or "").replace("_", " ")


def basis_line(decision: Decision, override_reason: str | None) -> str:
    if decision.basis is DisclosureBasis.CONSENT:
        return "Shared with consent."
    if decision.basis is DisclosureBasis.MANDATED:
        return "Mandated report (a minor is involved or someone is in immediate danger): shared without consent."
    return f"Shared without consent by supervisor override: {override_reason}"


def render(form: ContactForm, heading: PacketHeading, decision: Decision) -> tuple[str, tuple[str, ...]]:
    """(the packet's text, the names of the fields it holds)."""
    values = _values(form, decision)
    if form.received_at:
        received = form.received_at.astimezone(heading.at.tzinfo)
        values["received_at"] = f"{received:%Y-%m-%d %H:%M} {received.tzname() or ''}".rstrip()
    if heading.mandated_report:
        values["mandated_report"] = "yes (a minor is involved or someone is in immediate danger)"
    lines = [
        heading.hotline,
        f"{_TITLES[heading.kind]}: CONFIDENTIAL",
        f"Date: {heading.at:%Y-%m-%d %H:%M} {heading.at.tzname() or ''}".rstrip(),
        f"Contact: #{heading.contact_id}",
        f"To: {heading.recipient_name} ({words(decision.recipient)})",
        f"Basis: {basis_line(decision, heading.override_reason)}",
    ]
    shown: list[str] = []
    for part in decision.included:
        lines += ["", f"== {_PART_TITLES[part]} =="]
        for name in PART_FIELDS[part]:
            text = values.get(name)
            if text:
                shown.append(name)
                lines.append(text if name == "victims" else f"{_FIELD_TITLES[name]}: {text}")
    if Part.CALLER not in decision.included:
        lines += ["", "== Caller ==", "Withheld: no consent to share the caller's identity with this recipient."]
    lines += ["", _LEFT_OUT, ""]
    return "\n".join(lines), tuple(shown)


def _values(form: ContactForm, decision: Decision) -> dict[str, str]:
    caller = Part.CALLER in decision.included
    hidden = [form.caller_code_word] + ([] if caller else _name_words(form.caller_name))
    phones = [] if caller else [form.caller_safe_phone]

    def free(text: str) -> str:
        return redact(text, hidden, phones).strip()

    requests = [form.primary_request, *form.request_types]
    victims = "\n".join(
        f"{i}. {v.count} x {words(v.age_group)}, {words(v.gender)}, {words(v.citizenship)}"
        + (f", language {v.language}" if v.language else "")
        + (f", in {' '.join(x for x in (v.city, v.state, v.zip) if x)}" if (v.city or v.state or v.zip) else "")
        for i, v in enumerate(form.victims, 1)
    )
    return {
        "received_at": "",  # in the hotline's time (``render``)
        "primary_request": words(form.primary_request),
        "request_types": ", ".join(words(r) for r in requests[1:]),
        "trafficking_type": words(form.trafficking_type),
        "venue": words(form.venue),
        "immediate_danger": "yes" if form.immediate_danger else "no",
        "emergency_needs": ", ".join(words(n) for n in form.emergency_needs),
        "mandated_report": "",  # from the heading (``render``)
        "victims": victims,
        "summary": free(form.summary),
        "indicators": free(form.indicators),
        "caller_type": words(form.caller_type),
        "caller_name": "anonymous" if form.caller_anonymous or not form.caller_name else form.caller_name,
        "caller_safe_phone": form.caller_safe_phone,
        "caller_safe_times": free(form.caller_safe_times) if caller else "",
        "caller_may_leave_message": words(form.caller_may_leave_message),
        "caller_city": form.caller_city,
        "caller_state": form.caller_state,
        "caller_zip": form.caller_zip,
        "language": form.language,
    }


def _name_words(name: str) -> list[str]:
    """The whole name and each part of it long enough to be a name (not "de", "la")."""
    parts = [w for w in name.replace("-", " ").split() if len(w) >= 3]
    return [name, *parts] if name else []


_PART_TITLES = {Part.CASE: "Case", Part.VICTIMS: "Potential victims", Part.NARRATIVE: "Narrative",
                Part.CALLER: "Caller"}
_FIELD_TITLES = {
    "received_at": "Received", "primary_request": "Request", "request_types": "Also", "trafficking_type":
    "Trafficking type", "venue": "Venue / industry", "immediate_danger": "Immediate danger", "emergency_needs":
    "Emergency needs", "mandated_report": "Mandated report", "summary": "Summary", "indicators": "Indicators",
    "caller_type": "Caller type", "caller_name": "Name", "caller_safe_phone": "Safe phone",
    "caller_safe_times": "Safe times", "caller_may_leave_message": "May leave a message", "caller_city": "City",
    "caller_state": "State", "caller_zip": "ZIP", "language": "Language of the call",
}


class PacketFile:
    """A packet's file, reserved before the packet is made: a temporary file
    beside ``path`` (readable by its owner only), so a folder that cannot be
    written is found before anything is recorded. ``commit`` writes, fsyncs
    and renames it into place; ``abort`` leaves nothing behind."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        fd, self._partial = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".part", dir=self.path.parent)
        self._out = os.fdopen(fd, "w", encoding="utf-8", newline="\n")

    def commit(self, text: str) -> Path:
        try:
            with self._out:
                self._out.write(text)
                self._out.flush()
                os.fsync(self._out.fileno())
            os.replace(self._partial, self.path)
        except BaseException:
            self.abort()
            raise
        return self.path

    def abort(self) -> None:
        self._out.close()
        Path(self._partial).unlink(missing_ok=True)


def write_packet(path: Path | str, text: str) -> Path:
    """Write ``text`` to ``path`` atomically, readable by its owner only."""
    return PacketFile(path).commit(text)
