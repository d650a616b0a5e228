"""The hotline's hours: what is handled now, what becomes a message, and when
it is due.

Urgent work (a crisis, a tip, urgent TTA or referral requests) is handled
24/7. Non-urgent work (non-urgent TTA or referrals, general information) is
handled in business hours; arriving outside them (before opening, after
closing, on a weekend, a holiday or a site closure) it becomes a message,
due at closing time on the n-th business day after the local day it arrived.

Every instant in or out is timezone-aware; out-going ones are UTC. Local
times come from wall-clock dates and times in the hotline's zone converted
with ``zoneinfo``, never from adding hours, so daylight saving is right.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from console.vocabulary import ALWAYS_URGENT, URGENCY_CHOSEN, RequestType

_REQUEST_CODES = frozenset(t.value for t in RequestType)
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Short labels people use for the usual U.S. hotline zones; other zones show
# their abbreviation at the instant (e.g. "CET", "CEST").
_ZONE_LABELS = {
    "America/New_York": "ET",
    "US/Eastern": "ET",
    "America/Chicago": "CT",
    "US/Central": "CT",
    "America/Denver": "MT",
    "US/Mountain": "MT",
    "America/Los_Angeles": "PT",
    "US/Pacific": "PT",
    "America/Anchorage": "AKT",
    "Pacific/Honolulu": "HT",
}
SITE_CLOSURE = "site closure"


@dataclass(frozen=True, slots=True)
class HoursSettings:
    """The hours, zone and calendar of one hotline (defaults: the national one)."""

    time_zone: str = "America/New_York"
    business_days: tuple[int, ...] = (0, 1, 2, 3, 4)  # date.weekday(): Monday is 0
    opens: time = time(9, 0)
    closes: time = time(21, 0)
    # Holidays from the ``holidays`` package. "public" is the U.S. federal
    # holidays in law; "government" adds one-off closures by executive order.
    holiday_country: str | None = "US"
    holiday_subdivision: str | None = None
    holiday_categories: tuple[str, ...] = ("public",)
    observed_holidays: bool = True  # a Saturday holiday also closes the Friday before, a Sunday one the Monday after
    site_closures: tuple[date, ...] = ()
    follow_up_business_days: int = 5
    overdue_grace: timedelta = timedelta(0)  # elapsed time after due_at
    time_zone_label: str | None = None  # shown after times in reasons; None: derived from the zone

    def __post_init__(self) -> None:
        # Lists from a settings file become tuples, so the settings stay hashable.
        object.__setattr__(self, "business_days", tuple(sorted(set(self.business_days))))
        object.__setattr__(self, "site_closures", tuple(sorted(set(self.site_closures))))
        object.__setattr__(self, "holiday_categories", tuple(self.holiday_categories))
        if not self.business_days or not all(0 <= d <= 6 for d in self.business_days):
            raise ValueError("business_days must name at least one weekday, 0 (Monday) to 6 (Sunday).")
        if self.opens.tzinfo or self.closes.tzinfo or not self.opens < self.closes:
            raise ValueError("opens and closes are local wall-clock times, opens before closes.")
        if self.follow_up_business_days < 1:
            raise ValueError("follow_up_business_days must be at least 1.")
        if self.overdue_grace < timedelta(0):
            raise ValueError("overdue_grace cannot be negative.")
        if not all(type(d) is date for d in self.site_closures):
            raise ValueError("site_closures are dates.")


@dataclass(frozen=True, slots=True)
class Routing:
    """What happens to a request that arrived at a given moment."""

    handled_now: bool
    is_message: bool
    reason: str
    due_at: datetime | None  # UTC
    overdue_at: datetime | None  # UTC


def is_urgent_work(request_types: set[str] | frozenset[str], urgent: bool) -> bool:
    """Urgent work, as ``rules.priority_of`` ranks it (crisis or urgent)."""
    return bool(request_types & ALWAYS_URGENT) or (urgent and bool(request_types & URGENCY_CHOSEN))


def _aware(moment: datetime) -> datetime:
    if not isinstance(moment, datetime):
        raise TypeError(f"Expected a datetime, got {type(moment).__name__}.")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"Naive datetime {moment.isoformat()}: give a timezone-aware instant.")
    return moment


class HoursPolicy:
    """Decides, for a request and the moment it arrived, what happens to it."""

    def __init__(self, settings: HoursSettings | None = None) -> None:
        self.settings = settings or HoursSettings()
        try:
            self._zone = ZoneInfo(self.settings.time_zone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"Unknown time zone {self.settings.time_zone!r}.") from error
        self._closures = frozenset(self.settings.site_closures)
        self._business_days = frozenset(self.settings.business_days)
        self._holidays_by_year: dict[int, dict[date, str]] = {}
        try:
            self._holidays_of(date.today().year)  # a wrong country or category fails here, not mid-call
        except (NotImplementedError, ValueError, KeyError) as error:
            raise ValueError(f"Holiday calendar not available: {error}") from error

    @property
    def zone(self) -> ZoneInfo:
        return self._zone

    # -- the calendar ---------------------------------------------------------

    def _holidays_of(self, year: int) -> dict[date, str]:
        found = self._holidays_by_year.get(year)
        if found is None:
            s = self.settings
            found = {}
            if s.holiday_country:
                import holidays  # ~0.1 s to import: only when a calendar is first needed

                calendar = holidays.country_holidays(
                    s.holiday_country,
                    subdiv=s.holiday_subdivision,
                    years=year,
                    observed=s.observed_holidays,
                    categories=s.holiday_categories,
                )
                found = dict(calendar.items())
            self._holidays_by_year[year] = found
        return found

    def _local_date(self, day: date) -> date:
        if isinstance(day, datetime):
            return _aware(day).astimezone(self._zone).date()
        return day

    def is_holiday(self, day: date) -> str | None:
        """The holiday's name, "site closure", or None for an ordinary day."""
        day = self._local_date(day)
        name = self._holidays_of(day.year).get(day)
        if name:
            return name
        return SITE_CLOSURE if day in self._closures else None

    def is_business_day(self, day: date) -> bool:
        day = self._local_date(day)
        return day.weekday() in self._business_days and self.is_holiday(day) is None

    def add_business_days(self, day: date, n: int) -> date:
        """The n-th business day after ``day`` (``day`` itself never counts)."""
        if n < 0:
            raise ValueError("n must be zero or more.")
        day = self._local_date(day)
        while n:
            day += timedelta(days=1)
            if self.is_business_day(day):
                n -= 1
        return day

    # -- instants -------------------------------------------------------------

    def _at(self, day: date, wall: time) -> datetime:
        return datetime.combine(day, wall, tzinfo=self._zone).astimezone(UTC)

    def opening(self, day: date) -> datetime:
        return self._at(day, self.settings.opens)

    def closing(self, day: date) -> datetime:
        return self._at(day, self.settings.closes)

    def is_business_time(self, moment: datetime) -> bool:
        local = _aware(moment).astimezone(self._zone)
        s = self.settings
        return self.is_business_day(local.date()) and s.opens <= local.time() < s.closes

    def next_business_open(self, moment: datetime) -> datetime:
        """The first opening (local opening time on a business day) at or after ``moment``."""
        moment = _aware(moment)
        day = moment.astimezone(self._zone).date()
        if not (self.is_business_day(day) and self.opening(day) >= moment):
            day = self.add_business_days(day, 1)
        return self.opening(day)

    # -- the decision ---------------------------------------------------------

    def route(self, request_types: set[str] | frozenset[str], urgent: bool, arrived: datetime) -> Routing:
        arrived = _aware(arrived)
        types = frozenset(request_types)
        unknown = types - _REQUEST_CODES
        if unknown:
            raise ValueError(f"Unknown request types: {', '.join(sorted(unknown))}.")
        if is_urgent_work(types, urgent):
            what = "Crisis call" if RequestType.CRISIS in types else "Urgent request"
            reason = f"{what}: handled now; urgent work is processed 24 hours a day, 7 days a week."
            return Routing(True, False, reason, None, None)

        local = arrived.astimezone(self._zone)
        grace = self.settings.overdue_grace
        if self.is_business_time(arrived):
            due = self.closing(local.date())
            reason = (
                f"Non-urgent request received in business hours ({self._when(arrived)}): "
                f"handled now; due by {self._when(due)}."
            )
            return Routing(True, False, reason, due, due + grace)

        due = self.closing(self.add_business_days(local.date(), self.settings.follow_up_business_days))
        reason = (
            f"Non-urgent request received {self._why_closed(local)}: taken as a message; "
            f"program staff respond by {self._when(due)}."
        )
        return Routing(False, True, reason, due, due + grace)

    # -- words ----------------------------------------------------------------

    def _why_closed(self, local: datetime) -> str:
        day = local.date()
        holiday = self.is_holiday(day)
        if day.weekday() not in self._business_days:
            kind = "weekend" if day.weekday() >= 5 else "not a business day"
            return f"on {_DAY_NAMES[day.weekday()]} ({kind})"
        if holiday == SITE_CLOSURE:
            return f"on {_day(day)} (site closure)"
        if holiday:
            return f"on {_day(day)}, a holiday ({holiday.replace(' (observed)', ', observed')})"
        s = self.settings
        if local.time() < s.opens:
            return f"{self._when(local)}, before the {_clock(s.opens)} opening"
        return f"{self._when(local)}, after the {_clock(s.closes)} closing"

    def _when(self, moment: datetime) -> str:
        local = moment.astimezone(self._zone)
        label = self.settings.time_zone_label or _ZONE_LABELS.get(self.settings.time_zone) or local.tzname() or ""
        return f"{_day(local.date())}, {_clock(local.time())} {label}".rstrip()


def _day(day: date) -> str:
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"


def _clock(wall: time) -> str:
    hour = wall.hour % 12 or 12
    return f"{hour}:{wall.minute:02d} {'am' if wall.hour < 12 else 'pm'}"
