"""A service's opening hours as the search row keeps them, and "open now".

HSDS ``schedule`` rows are RFC 5545 fragments. The console reads the weekly
ones: ``freq`` WEEKLY (or none), ``interval`` 1 (or none), ``byday`` days
(none: every day, or ``dtstart``'s weekday for a WEEKLY rule), and
``opens_at``-``closes_at`` wall-clock times in the service's own zone. A
closing time at or before the opening one runs past midnight; ``00:00`` or
``24:00`` closing means midnight; ``23:59`` is read as midnight too (how
many directories write "until midnight"). Rows that expired before the index
was built (``valid_to`` or ``until`` in the past) are left out, as are
MONTHLY rules, fortnightly ones and rows without both times: none of them
says whether the service is open in a given hour of a given week.

The search row keeps the result in a compact form: ``hours`` is the week's
opening intervals in minutes from Monday 00:00, merged and sorted
(``"540-1020,1980-2460"``; the whole week is ``"0-10080"``), or NULL when no
schedule row could be read: *hours unknown*, which "open now" never shows.

``open_24h`` is true when the intervals cover the whole week, or, when the
service's schedules have no readable times at all, when a schedule
description says so ("24 hours", "24/7", "around the clock"; not after "not"
or "except"). A readable weekly schedule wins over words: "Office 9-5;
hotline 24 hours" beside Monday-Friday 09:00-17:00 is not 24 hours. A
24-hour description also sets ``hours`` to the whole week.

The zone is resolved when the row is built (``directory_index``): the IANA
zone of the address's ZIP, else the schedule's UTC offset (``timezone``, or
one written on ``opens_at`` such as ``09:00-05:00``), else
``America/New_York``. "Open now" converts the instant to that zone with
``zoneinfo``, so daylight saving moves with the place (Arizona stays put).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_ZONE = "America/New_York"
WEEK = 7 * 24 * 60
DAY = 24 * 60
_DAYS = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
_TIME = re.compile(r"^\s*(\d{1,2}):?(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{1,2}(?::?\d{2})?)?\s*$", re.I)
_ALWAYS = re.compile(r"24\s*/\s*7|\b24\s*x\s*7\b|\b24\s*-?\s*(?:hours?|hrs?|h)\b|a?round the clock", re.I)
_DENIED = re.compile(r"\b(?:not|no|except|excluding)\b[^.;]{0,30}?(?:24|around|round)", re.I)


@dataclass(frozen=True, slots=True)
class ScheduleRow:
    """The fields of an HSDS schedule row that decide the weekly hours."""

    freq: str | None = None
    interval: int | None = None
    byday: str | None = None
    opens_at: str | None = None
    closes_at: str | None = None
    dtstart: date | None = None
    valid_to: date | None = None
    until: date | None = None
    timezone: float | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True)
class WeeklyHours:
    hours: str | None  # compact intervals; None: unknown
    open_24h: bool
    offset: str | None  # a UTC offset the schedule gave ("-05:00"), if any


def weekly_hours(rows: Iterable[ScheduleRow], today: date) -> WeeklyHours:
    intervals: list[tuple[int, int]] = []
    offset: str | None = None
    descriptions: list[str] = []
    readable = False
    for row in rows:
        if row.description:
            descriptions.append(row.description)
        if (row.valid_to and row.valid_to < today) or (row.until and row.until < today):
            continue
        if offset is None:
            offset = _offset_of(row)
        found = _intervals(row)
        if found is not None:
            readable = True
            intervals.extend(found)
    merged = _merge(intervals)
    if readable:
        whole = merged == [(0, WEEK)]
        return WeeklyHours(encode(merged), whole, offset)
    if any(_ALWAYS.search(text) and not _DENIED.search(text) for text in descriptions):
        return WeeklyHours(encode([(0, WEEK)]), True, offset)
    return WeeklyHours(None, False, offset)


def _intervals(row: ScheduleRow) -> list[tuple[int, int]] | None:
    freq = (row.freq or "").strip().upper()
    if freq not in ("", "WEEKLY") or (row.interval not in (None, 1)):
        return None
    opens, closes = _minutes(row.opens_at), _minutes(row.closes_at)
    if opens is None or closes is None:
        return None
    days = _days(row.byday)
    if days is None:
        return None
    if not days:
        days = [row.dtstart.weekday()] if freq == "WEEKLY" and row.dtstart else list(range(7))
    if closes in (0, DAY - 1):
        closes = DAY  # "until midnight"
    length = closes - opens if closes > opens else closes + DAY - opens
    found: list[tuple[int, int]] = []
    for day in days:
        start = day * DAY + opens
        end = start + length
        if end <= WEEK:
            found.append((start, end))
        else:  # Sunday night into Monday morning
            found += [(start, WEEK), (0, end - WEEK)]
    return found


def _days(byday: str | None) -> list[int] | None:
    """Weekday numbers of a BYDAY list; None when a part is not a plain weekday (e.g. "2MO")."""
    days: list[int] = []
    for part in (byday or "").replace(";", ",").split(","):
        part = part.strip().upper()
        if not part:
            continue
        if part not in _DAYS:
            return None
        days.append(_DAYS[part])
    return sorted(set(days))


def _minutes(text: str | None) -> int | None:
    match = _TIME.match(text or "")
    if not match:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2))
    if hours == 24 and minutes == 0:
        return 0  # "24:00" closing: midnight, as "00:00"
    if hours > 23 or minutes > 59:
        return None
    return hours * 60 + minutes


def _offset_of(row: ScheduleRow) -> str | None:
    if row.timezone is not None and -14 <= row.timezone <= 14:
        return _format_offset(round(row.timezone * 60))
    for text in (row.opens_at, row.closes_at):
        match = _TIME.match(text or "")
        suffix = match.group(4) if match else None
        if suffix and suffix.upper() == "Z":
            return "+00:00"
        if suffix:
            digits = suffix[1:].replace(":", "")
            hours, minutes = (int(digits), 0) if len(digits) <= 2 else (int(digits[:-2]), int(digits[-2:]))
            return _format_offset((-1 if suffix[0] == "-" else 1) * (hours * 60 + minutes))
    return None


def _format_offset(minutes: int) -> str:
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _merge(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def encode(intervals: Sequence[tuple[int, int]]) -> str:
    return ",".join(f"{start}-{end}" for start, end in intervals)


@lru_cache(maxsize=4096)
def decode(hours: str) -> tuple[tuple[int, int], ...]:
    """The intervals of a compact ``hours`` string (a handful of distinct ones in a directory: cached)."""
    found = []
    for part in hours.split(","):
        if part:
            start, _, end = part.partition("-")
            found.append((int(start), int(end)))
    return tuple(found)


def by_day(hours: str) -> tuple[tuple[tuple[int, int], ...], ...]:
    """Monday to Sunday, each day's opening intervals in minutes of that day
    (an interval past midnight continues on the next day's line)."""
    days: list[list[tuple[int, int]]] = [[] for _ in range(7)]
    for start, end in decode(hours):
        while start < end:
            day = start // DAY
            stop = min(end, (day + 1) * DAY)
            days[day % 7].append((start - day * DAY, stop - day * DAY))
            start = stop
    return tuple(tuple(sorted(day)) for day in days)


def resolve_zone(zip_zone: str | None, offset: str | None) -> str:
    """The zone a row keeps: the ZIP's IANA zone, else the schedule's offset, else the default."""
    if zip_zone and zone(zip_zone) is not None:
        return zip_zone
    return offset or DEFAULT_ZONE


@lru_cache(maxsize=256)
def zone(name: str | None) -> tzinfo | None:
    """An IANA zone or a "+05:30" offset as a tzinfo; None when neither."""
    if not name:
        return None
    if name[0] in "+-":
        try:
            hours, minutes = name[1:].split(":")
            delta = timedelta(hours=int(hours), minutes=int(minutes))
        except ValueError:
            return None
        return timezone(-delta if name[0] == "-" else delta)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def minute_of_week(now: datetime, zone_name: str | None) -> int:
    """Minutes since Monday 00:00 on the wall clock of the zone (the default zone if it is unknown)."""
    tz = zone(zone_name) or zone(DEFAULT_ZONE) or timezone(timedelta(hours=-5))
    local = now.astimezone(tz)
    return local.weekday() * DAY + local.hour * 60 + local.minute


def is_open(hours: str | None, minute: int) -> bool | None:
    """Open at this minute of the week; None when the hours are unknown."""
    if hours is None:
        return None
    return any(start <= minute < end for start, end in decode(hours))


class OpenNow:
    """"Open now" for many rows at one instant: each zone's minute of the week once."""

    def __init__(self, now: datetime):
        if now.tzinfo is None:
            raise ValueError("'open now' needs a timezone-aware instant")
        self._now = now
        self._minutes: dict[str | None, int] = {}

    def __call__(self, hours: str | None, zone_name: str | None) -> bool | None:
        if hours is None:
            return None
        minute = self._minutes.get(zone_name)
        if minute is None:
            minute = self._minutes[zone_name] = minute_of_week(self._now, zone_name)
        return is_open(hours, minute)
