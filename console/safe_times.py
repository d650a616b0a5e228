"""When a person may safely be reached: weekly windows in their time zone.

A window is a set of weekdays, a local start and end time and a zone
("Mon-Fri 18:00-20:00" in America/New_York). An end at or before the start
runs past midnight into the next day ("Fri 22:00-01:00" ends Saturday 1 am).
Instants in and out are aware; local times come from ``zoneinfo``, never from
adding hours, so daylight saving is right (as in ``console.hours``).

The text form, one window per ``;`` or line: days, then ``start-end``.
Days are names or three-letter abbreviations, ranges (``Mon-Fri``,
``Fri-Mon``), lists (``Mon,Wed``), ``weekdays``, ``weekends``, ``daily``;
no days means every day. Times are ``18:00``, ``6pm`` or ``6:30 pm``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from console.errors import ValidationError
from console.validation import FieldProblem

DEFAULT_ZONE = "America/New_York"  # the national hotline's (HoursSettings.time_zone)
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_NAMES = {
    **{d.lower(): i for i, d in enumerate(DAYS)},
    **{n: i for i, n in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))},
    "tues": 1, "wednes": 2, "thur": 3, "thurs": 3,
}
_GROUPS = {
    "weekdays": frozenset(range(5)), "weekday": frozenset(range(5)),
    "weekends": frozenset({5, 6}), "weekend": frozenset({5, 6}),
    "daily": frozenset(range(7)), "everyday": frozenset(range(7)), "every day": frozenset(range(7)),
}
_TIME = r"\d{1,2}(?::\d{2})?\s*(?:am|pm)?"
_ENTRY = re.compile(rf"^(?P<days>.*?)\s*(?P<start>{_TIME})\s*(?:-|–|to)\s*(?P<end>{_TIME})$", re.IGNORECASE)
_CLOCK = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$", re.IGNORECASE)
MAX_TEXT = 200
HINT = "Write days and hours, e.g. \"Mon-Fri 18:00-20:00; weekends 10:00-12:00\"."


@dataclass(frozen=True, slots=True)
class SafeWindow:
    days: frozenset[int]  # date.weekday(): Monday is 0; the day the window starts
    start: time
    end: time  # at or before ``start``: the window ends the next day
    zone: str = DEFAULT_ZONE

    def __post_init__(self) -> None:
        if not self.days or not all(0 <= d <= 6 for d in self.days):
            raise ValueError("A window needs at least one weekday, 0 (Monday) to 6 (Sunday).")
        if self.start.tzinfo or self.end.tzinfo:
            raise ValueError("start and end are local wall-clock times.")
        zone_of(self.zone)

    @property
    def overnight(self) -> bool:
        return self.end <= self.start

    def contains(self, moment: datetime) -> bool:
        local = _aware(moment).astimezone(zone_of(self.zone))
        day, now = local.weekday(), local.time().replace(tzinfo=None)
        if not self.overnight:
            return day in self.days and self.start <= now < self.end
        return (day in self.days and now >= self.start) or ((day - 1) % 7 in self.days and now < self.end)

    def next_start(self, moment: datetime) -> datetime:
        """The first start of this window after ``moment`` (UTC)."""
        moment = _aware(moment)
        zone = zone_of(self.zone)
        day = moment.astimezone(zone).date() - timedelta(days=1)
        for offset in range(9):
            candidate = day + timedelta(days=offset)
            if candidate.weekday() in self.days:
                at = _at(candidate, self.start, zone)
                if at > moment:
                    return at
        raise AssertionError("a weekly window starts within 8 days")  # pragma: no cover

    def text(self) -> str:
        return f"{days_text(self.days)} {self.start:%H:%M}-{self.end:%H:%M}"


def zone_of(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise FieldProblem(f"Unknown time zone {name!r} (e.g. America/New_York).") from None


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"Naive datetime {moment.isoformat()}: give a timezone-aware instant.")
    return moment


def _at(day: date, wall: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, wall, tzinfo=zone).astimezone(UTC)


def days_text(days: frozenset[int]) -> str:
    """Days as people write them: "Mon-Fri", "Sat,Sun", "daily"."""
    if len(days) == 7:
        return "daily"
    ordered = sorted(days)
    runs: list[list[int]] = []
    for d in ordered:
        if runs and d == runs[-1][-1] + 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    return ",".join(DAYS[r[0]] if len(r) == 1 else f"{DAYS[r[0]]}{'-' if len(r) > 2 else ','}{DAYS[r[-1]]}"
                    for r in runs)


def _clock(value: str) -> time:
    match = _CLOCK.match(value.strip())
    if not match:
        raise FieldProblem(f"{value!r} is not a time (e.g. 18:00 or 6pm).")
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), (match.group(3) or "").lower()
    if half:
        if not 1 <= hour <= 12:
            raise FieldProblem(f"{value!r}: with am or pm the hour is 1 to 12.")
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour == 24 and minute == 0 and not half:
        return time(0, 0)  # "24:00": midnight at the end of the day
    if hour > 23 or minute > 59:
        raise FieldProblem(f"{value!r} is not a time of day (00:00 to 23:59).")
    return time(hour, minute)


def _day(word: str) -> int:
    found = _NAMES.get(word.strip().lower().rstrip("."))
    if found is None:
        raise FieldProblem(f"Unknown day {word.strip()!r}: use Mon to Sun, weekdays, weekends or daily.")
    return found


def _days(words: str) -> frozenset[int]:
    cleaned = " ".join(words.lower().replace("&", ",").replace(" and ", ",").replace(" to ", "-").split())
    cleaned = cleaned.replace(" - ", "-").strip(" ,:")
    if not cleaned:
        return _GROUPS["daily"]
    days: set[int] = set()
    for part in (p.strip() for p in cleaned.split(",")):
        if not part:
            continue
        if part in _GROUPS:
            days |= _GROUPS[part]
        elif "-" in part:
            first, _, last = part.partition("-")
            a, b = _day(first), _day(last)
            days.update((a + i) % 7 for i in range((b - a) % 7 + 1))
        else:
            days.add(_day(part))
    if not days:
        raise FieldProblem(f"No days in {words.strip()!r}. {HINT}")
    return frozenset(days)


def parse(text: str | None, zone: str = DEFAULT_ZONE) -> tuple[SafeWindow, ...]:
    """Windows from their text form; empty text means none. Raises FieldProblem."""
    zone_of(zone)
    cleaned = (text or "").strip()
    if len(cleaned) > MAX_TEXT:
        raise FieldProblem(f"Too long: {len(cleaned)} characters, at most {MAX_TEXT}.")
    windows = []
    for entry in filter(None, (e.strip() for e in re.split(r"[;\n]", cleaned))):
        match = _ENTRY.match(entry)
        if not match:
            raise FieldProblem(f"{entry!r} has no hours. {HINT}")
        start, end = _clock(match.group("start")), _clock(match.group("end"))
        if start == end:
            raise FieldProblem(f"{entry!r} starts and ends at the same time.")
        windows.append(SafeWindow(_days(match.group("days")), start, end, zone))
    return tuple(dict.fromkeys(windows))  # no duplicates, order kept


def parse_field(text: str | None, zone: str = DEFAULT_ZONE, *, field: str = "safe_times") -> tuple[SafeWindow, ...]:
    """``parse``, raising a ValidationError on ``field``."""
    try:
        return parse(text, zone)
    except FieldProblem as problem:
        raise ValidationError({field: str(problem)}) from None


def windows_text(windows: tuple[SafeWindow, ...]) -> str:
    return "; ".join(w.text() for w in windows)


@dataclass(frozen=True, slots=True)
class SafeNow:
    """Whether now is a safe time, and if not, when the next window opens."""

    inside: bool | None  # None: no windows known
    next_start: datetime | None  # UTC, when outside
    mark: str  # "inside safe times until 20:00", "outside safe times: next window Tue 18:00"


def safe_now(windows: tuple[SafeWindow, ...], now: datetime) -> SafeNow:
    if not windows:
        return SafeNow(None, None, "no safe times given")
    inside = [w for w in windows if w.contains(now)]
    if inside:
        w = inside[0]
        return SafeNow(True, None, f"inside safe times until {w.end:%H:%M}")
    at, window = min(((w.next_start(now), w) for w in windows), key=lambda pair: pair[0])
    local = at.astimezone(zone_of(window.zone))
    label = "" if window.zone == DEFAULT_ZONE else f" {local.tzname()}"
    return SafeNow(False, at, f"outside safe times: next window {DAYS[local.weekday()]} {local:%H:%M}{label}")
