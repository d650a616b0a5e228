"""What a service is for and when it is open, as the directory editor edits
them: the hotline's categories, the populations served, the languages
offered, and the weekly hours with the service's own time zone.

``NeedsForm`` holds codes (``console.vocabulary``). ``HoursForm`` is a
compact week: for each weekday (Monday first) ``None`` (closed) or an
(opens, closes) pair of ``HH:MM`` wall-clock times, where a closing
``00:00`` means midnight (so ``00:00``-``00:00`` is the whole day); or
``open_24h``; and ``time_zone``, an IANA name ("" : the ZIP code's zone).
``custom``: the stored schedules say more than one opening a day can show
(split days, overnight, monthly or dated rows): the editor keeps them as
they are unless someone replaces them with a week typed in the grid.

``clean_needs`` and ``clean_hours`` add every problem to a
``console.validation.Problems`` under the keys the editor shows them by:
``needs.categories``, ``needs.populations``, ``needs.languages``,
``hours.mo`` ... ``hours.su``, ``hours.time_zone``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from console import validation as v
from console.vocabulary import LANGUAGES, Population, ServiceCategory

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
MIDNIGHT = "00:00"
CLOSED: tuple[tuple[str, str] | None, ...] = (None,) * 7
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_ORDER = {code: i for i, code in enumerate([*ServiceCategory, *Population, *LANGUAGES])}


def ordered(codes: Iterable[str]) -> tuple[str, ...]:
    """Codes without repeats in the vocabulary's order (others after, by code): forms compare equal."""
    return tuple(sorted(set(codes), key=lambda code: (_ORDER.get(code, len(_ORDER)), code)))


@dataclass(frozen=True, slots=True)
class NeedsForm:
    categories: tuple[str, ...] = ()
    populations: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class HoursForm:
    days: tuple[tuple[str, str] | None, ...] = field(default=CLOSED)
    open_24h: bool = False
    time_zone: str = ""
    custom: bool = False


def minutes(text: str) -> int | None:
    match = _HHMM.match(text or "")
    return None if match is None else int(match.group(1)) * 60 + int(match.group(2))


def clean_needs(p: v.Problems, form: NeedsForm, kept_languages: Iterable[str] = ()) -> dict[str, Any]:
    """``kept_languages``: codes the service already has that the console does not offer (an import's)."""
    for name, codes, known, what in (
        ("needs.categories", form.categories, frozenset(ServiceCategory), "category"),
        ("needs.populations", form.populations, frozenset(Population), "population"),
        ("needs.languages", form.languages, frozenset(LANGUAGES) | set(kept_languages), "language code"),
    ):
        unknown = sorted(set(codes) - known)
        if unknown:
            p.add(name, f"Unknown {what} {', '.join(map(repr, unknown))}: choose from the list.")
    return {"categories": ordered(form.categories), "populations": ordered(form.populations),
            "languages": ordered(form.languages)}


def clean_hours(p: v.Problems, form: HoursForm) -> dict[str, Any]:
    days = tuple(form.days) + CLOSED[len(form.days):]
    if len(days) != 7:
        p.add("hours.mo", "A week has seven days.")
        days = CLOSED
    cleaned: list[tuple[str, str] | None] = []
    for code, day in zip(WEEKDAYS, days, strict=True):
        cleaned.append(None if form.open_24h else _day(p, f"hours.{code.lower()}", day))
    return {
        "days": CLOSED if form.open_24h else tuple(cleaned),
        "open_24h": bool(form.open_24h),
        "time_zone": _time_zone(p, form.time_zone),
        "custom": bool(form.custom),
    }


def _day(p: v.Problems, name: str, day: tuple[str, str] | None) -> tuple[str, str] | None:
    if day is None:
        return None
    opens, closes = (part.strip() for part in day)
    start, end = minutes(opens), minutes(closes)
    if start is None or end is None:
        p.add(name, "Times are written like 09:00 or 17:30.")
        return None
    if end == 0:
        return opens, MIDNIGHT  # "until midnight"
    if end <= start:
        p.add(name, f"Closes at {closes}, before it opens at {opens}: a closing time after the opening one "
                    "(00:00 for midnight; overnight hours go on two days).")
        return None
    return opens, closes


def _time_zone(p: v.Problems, name: str) -> str:
    name = (name or "").strip()
    if not name:
        return ""
    try:
        if name[0] in "+-" or "." in name:
            raise ValueError(name)
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        p.add("hours.time_zone", f"Unknown time zone {name!r}: choose one from the list (e.g. America/Chicago).")
        return ""
    return name
