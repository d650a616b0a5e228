"""Field checks shared by every form and importer.

Each check returns the cleaned value or raises ``FieldProblem`` with a
message for the person at the desk; ``Problems`` gathers them per field so a
form can show every error at once, beside its field.
"""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum
from functools import lru_cache

from console.errors import ValidationError


class FieldProblem(ValueError):
    """One field's value is not acceptable; the message says why."""


class Problems:
    """Collects field problems; ``raise_if_any`` turns them into a ValidationError."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def check(self, field: str, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except FieldProblem as problem:
            self.errors.setdefault(field, str(problem))
            return None

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


_ZIP = re.compile(r"^([0-9]{5})(?:-?([0-9]{4}))?$")  # ASCII digits: \d takes "７７００２", which zipcodes cannot read
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control(value: str) -> bool:
    """Control codes no text column stores (PostgreSQL refuses NUL outright)."""
    return _CONTROL.search(value) is not None


def text(value: str | None, *, max_length: int, required: bool = False, multiline: bool = False) -> str:
    """Trimmed text within a length; control characters refused."""
    cleaned = (value or "").strip()
    if required and not cleaned:
        raise FieldProblem("Required.")
    if len(cleaned) > max_length:
        raise FieldProblem(f"Too long: {len(cleaned)} characters, at most {max_length}.")
    if _CONTROL.search(cleaned) or (not multiline and ("\n" in cleaned or "\r" in cleaned)):
        raise FieldProblem("Contains characters that cannot be stored (line breaks or control codes).")
    return cleaned


def code(value: str | None, vocabulary: type[StrEnum], *, required: bool = False) -> str | None:
    """A code from one of the console's vocabularies."""
    if value is None or value == "":
        if required:
            raise FieldProblem("Required: choose one.")
        return None
    try:
        return vocabulary(value).value
    except ValueError:
        raise FieldProblem(f"Unknown choice {value!r}.") from None


def us_state(value: str | None, states: tuple[str, ...] | list[str]) -> str | None:
    cleaned = (value or "").strip().upper()
    if not cleaned:
        return None
    if cleaned not in states:
        raise FieldProblem(f"{value!r} is not a U.S. state or territory code (e.g. TX).")
    return cleaned


def us_zip(value: str | None, *, state: str | None = None) -> str | None:
    """A real U.S. ZIP (or ZIP+4), in the given state if one is given."""
    cleaned = (value or "").strip()
    if not cleaned:
        return None
    match = _ZIP.match(cleaned)
    if not match:
        raise FieldProblem("A ZIP code is 5 digits, or ZIP+4 (77002 or 77002-1234).")
    five = match.group(1)
    zip_state = state_of_zip(five)
    if zip_state is None:
        raise FieldProblem(f"{five} is not a U.S. ZIP code.")
    if state and zip_state != state:
        raise FieldProblem(f"ZIP {five} is in {zip_state}, not {state}.")
    return five if match.group(2) is None else f"{five}-{match.group(2)}"


@lru_cache(maxsize=8192)
def state_of_zip(five: str) -> str | None:
    """The state of a 5-digit ZIP, or None if there is no such ZIP. Cached:
    the package scans its whole table (~1-3 ms) on every lookup."""
    import zipcodes  # its table loads on first use (~0.6 s): not at start-up

    found = zipcodes.matching(five)
    return found[0]["state"] if found else None


def phone(value: str | None) -> str | None:
    """A phone number a specialist could dial, stored as E.164 (+17135550142)."""
    cleaned = (value or "").strip()
    if not cleaned:
        return None
    import phonenumbers  # imported when first needed: keeps start-up short

    try:
        parsed = phonenumbers.parse(cleaned, "US")
    except phonenumbers.NumberParseException:
        raise FieldProblem("Not a phone number (e.g. 713-555-0142 or +52 55 1234 5678).") from None
    if not phonenumbers.is_possible_number(parsed):
        raise FieldProblem("This number has the wrong number of digits.")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)



def web_link(value: str | None, *, max_length: int = 1000) -> str | None:
    """An http or https address a caller could open; nothing else (no
    ``file:``, ``javascript:``, ``mailto:``), no spaces, no user name or password."""
    from urllib.parse import urlsplit

    cleaned = (value or "").strip()
    if not cleaned:
        return None
    if len(cleaned) > max_length:
        raise FieldProblem(f"Too long: {len(cleaned)} characters, at most {max_length}.")
    if any(ch.isspace() or not ch.isprintable() for ch in cleaned):
        raise FieldProblem("A link has no spaces or line breaks.")
    try:
        parts = urlsplit(cleaned)
        host, port = parts.hostname, parts.port  # port: a malformed one raises ValueError
    except ValueError:
        raise FieldProblem("Not a web address (e.g. https://www.example.org/fact-sheet).") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise FieldProblem("Only web links (http:// or https://) can be stored.")
    if not host or "." not in host.strip(".") or port == 0:
        raise FieldProblem("Not a web address (e.g. https://www.example.org/fact-sheet).")
    if parts.username is not None or parts.password is not None:
        raise FieldProblem("A link with a user name or password in it cannot be sent to callers.")
    return cleaned


def count(value: int | None, *, minimum: int = 1, maximum: int = 999) -> int:
    if value is None:
        return minimum
    if not minimum <= value <= maximum:
        raise FieldProblem(f"Between {minimum} and {maximum}.")
    return value


def moment(value: datetime | None, *, not_after: datetime | None = None, not_before: datetime | None = None) -> datetime | None:
    """A point in time (timezone-aware), optionally bounded."""
    if value is None:
        return None
    if value.tzinfo is None:
        raise FieldProblem("The time has no time zone.")
    if not_after is not None and value > not_after:
        raise FieldProblem("This time is in the future.")
    if not_before is not None and value < not_before:
        raise FieldProblem("This time is before the contact arrived.")
    return value


def warm_up() -> None:
    """Load the phone and ZIP tables now (in the background at start-up) so the
    first save of the day, and the first directory search near a ZIP, do not
    pay for them."""
    from console import places

    phone("713-555-0142")
    us_zip("77002", state="TX")
    places.warm_up()


def data_checks() -> list[tuple[str, bool, str]]:
    """(name, ok, detail) for ``self-check``: the shipped reference data works."""
    results = []
    try:
        results.append(("phone numbers", phone("713-555-0142") == "+17135550142", "713-555-0142 -> E.164"))
    except Exception as exc:  # a missing data module in a broken bundle
        results.append(("phone numbers", False, repr(exc)))
    try:
        results.append(("ZIP codes", us_zip("77002", state="TX") == "77002", "77002 is in TX"))
    except Exception as exc:
        results.append(("ZIP codes", False, repr(exc)))
    return results
