"""Statistics of the contacts received in a period, for supervisors and
program staff: counts by request type, caller, channel, state, situation,
language and outcome; referrals; TTA requests; follow-ups met on time.

A period is a range of local dates ``[start, end)`` in the hotline's time
zone; its instants are local midnights converted with ``zoneinfo`` (so a
daylight-saving day is right). The counts are grouped in SQL, in one read
snapshot (``statistics_counts``); no contact is read into Python. Every count leaves this
module through ``console.suppression`` (counts of 1 or 2 never leave it), and
only roles with ``Permission.VIEW_STATISTICS`` get any.

``library_use`` counts the resource library's sends of a period by item and
method (``statistics_library``), under the same permission and suppression.

TTA contacts are counted by the contact's urgency; the TTA requests recorded
on them (``console.services.tta``) by their kind of technical assistance.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from console.audit import AuditAction
from console.db import Database
from console.errors import PermissionDenied
from console.models import utcnow
from console.permissions import Permission, allowed
from console.services.statistics_counts import ORDERS, Raw, period_counts
from console.services.statistics_library import Label, LibraryUse, build_use, use_rows, write_use_csv
from console.suppression import NOTE, Cell, Relation, shown, suppress
from console.vocabulary import Role

# Breakdown key -> English title (the UI translates it; exports use it as is).
TITLES: dict[str, str] = {
    "totals": "Totals",
    "request_type": "Request types (all of a contact's)",
    "primary_request": "Primary request type",
    "caller_type": "Caller type",
    "channel": "Channel",
    "status": "State",
    "outcome": "Data and non-data contacts",
    "trafficking_type": "Trafficking type",
    "venue": "Venue / industry",
    "language": "Language of the contact",
    "referral_status": "Referrals by status",
    "referral_category": "Referrals given by service category",
    "tta_urgency": "TTA requests by urgency",
    "tta_kind": "TTA requests by kind of assistance",
    "follow_up": "Follow-ups and messages",
}
TOTAL_CODES = ("contacts", "data_contacts", "potential_victims", "referrals_given", "tta_requests", "follow_ups")


@dataclass(frozen=True, slots=True)
class Period:
    """Local dates ``[start, end)`` in the hotline's zone."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if not self.start < self.end:
            raise ValueError("a period ends after it starts")

    @classmethod
    def days(cls, first: date, last: date) -> Period:
        """From ``first`` to ``last``, both included (what a person types)."""
        return cls(first, last + timedelta(days=1))

    @classmethod
    def month_of(cls, day: date) -> Period:
        start = day.replace(day=1)
        return cls(start, (start + timedelta(days=32)).replace(day=1))

    @classmethod
    def last_month(cls, today: date) -> Period:
        return cls.month_of(today.replace(day=1) - timedelta(days=1))

    @classmethod
    def year_of(cls, day: date) -> Period:
        return cls(date(day.year, 1, 1), date(day.year + 1, 1, 1))

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    def instants(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """The period's first instant and the instant after it (aware)."""
        return datetime.combine(self.start, time(), zone), datetime.combine(self.end, time(), zone)

    def describe(self) -> str:
        return f"{self.start.isoformat()} to {self.last_day.isoformat()}"


@dataclass(frozen=True, slots=True)
class Breakdown:
    """One table: suppressed cells in display order and the group's total
    (the sum of its cells, or the base its percentages are of)."""

    key: str
    cells: tuple[Cell, ...]
    total: Cell | None
    relation: Relation
    withheld: bool = False

    @property
    def title(self) -> str:
        return TITLES[self.key]

    def share(self, cell: Cell) -> float | None:
        """The cell's fraction of the total, only when both are shown."""
        if cell.count is None or self.total is None or not self.total.count:
            return None
        return cell.count / self.total.count


@dataclass(frozen=True, slots=True)
class Statistics:
    period: Period
    time_zone: str
    computed_at: datetime
    totals: Breakdown
    breakdowns: tuple[Breakdown, ...]
    note: str = NOTE

    def all(self) -> tuple[Breakdown, ...]:
        return (self.totals, *self.breakdowns)


# key -> (how the cells relate to the total, the total's key in the totals);
# every contact is in one row of each of the tables of a contact column.
_CONTACT_COLUMNS = ("primary_request", "caller_type", "channel", "status", "outcome", "trafficking_type", "venue",
                    "language")
_LAYOUT: dict[str, tuple[Relation, str]] = {
    "request_type": (Relation.SUM_AT_LEAST, "contacts"),  # a contact has one request type or more
    **{key: (Relation.SUM_EQUALS, "contacts") for key in _CONTACT_COLUMNS},
    "referral_status": (Relation.SUM_EQUALS, "referrals"),
    "referral_category": (Relation.SUM_AT_LEAST, "referrals_given"),  # a service may have several categories
    "tta_urgency": (Relation.SUM_EQUALS, "tta_requests"),
    "tta_kind": (Relation.SUM_EQUALS, "tta_recorded"),  # each recorded request has one kind
    "follow_up": (Relation.SUM_EQUALS, "follow_ups"),
}


def build(period: Period, zone: str, at: datetime, raw: Raw, totals: dict[str, int]) -> Statistics:
    """Raw grouped counts -> suppressed tables (pure: the property tests drive it)."""
    breakdowns = []
    for key, (relation, total_key) in _LAYOUT.items():
        found = raw.get(key, {})
        counts = {code: found.get(code, 0) for code in ORDERS[key]}
        counts.update((code, n) for code, n in found.items() if code not in counts)  # a code the vocabulary lost
        total = totals[total_key] if total_key in totals else sum(counts.values())
        result = suppress(counts, total, relation)
        breakdowns.append(Breakdown(key, result.cells, result.total, relation, result.withheld))
    total_cells = tuple(shown(code, totals.get(code, 0)) for code in TOTAL_CODES)
    return Statistics(period, zone, at, Breakdown("totals", total_cells, None, Relation.INDEPENDENT), tuple(breakdowns))


class StatisticsService:
    def __init__(self, db: Database, role: Role, time_zone: str = "America/New_York",
                 clock: Callable[[], datetime] = utcnow, user_id: int | None = None):
        self._db, self._role, self._clock = db, role, clock
        self._user_id = user_id  # who exports, for the audit trail
        self.zone = ZoneInfo(time_zone)

    @property
    def permitted(self) -> bool:
        return allowed(self._role, Permission.VIEW_STATISTICS)

    def today(self) -> date:
        return self._clock().astimezone(self.zone).date()

    def statistics(self, period: Period) -> Statistics:
        if not self.permitted:
            raise PermissionDenied("see the hotline's statistics")
        now = self._clock()
        start, end = period.instants(self.zone)
        with self._db.read() as session:
            raw, totals = period_counts(session, start, end, now)
        return build(period, self.zone.key, now, raw, totals)

    def export(self, stats: Statistics, path, kind: str, names=None) -> None:
        """Write ``stats`` as ``kind`` ("csv" or "xlsx") to ``path``. The audit event
        commits only once the file is written: a failed export leaves none."""
        if not self.permitted:
            raise PermissionDenied("export the hotline's statistics")
        # Imported here: statistics_export imports this module.
        from console import statistics_export

        write = {"csv": statistics_export.write_csv, "xlsx": statistics_export.write_xlsx}[kind]
        with self._db.write() as session:
            self._db.audit.record_by(session, self._user_id, action=AuditAction.EXPORT, record_type="statistics",
                                     record_id=f"{stats.period.start}/{stats.period.last_day}", note=kind)
            write(stats, path, names or statistics_export.Names())

    def library_use(self, period: Period) -> LibraryUse:
        """The library items sent in ``period``, by item and method, suppressed."""
        if not self.permitted:
            raise PermissionDenied("count how often library items were sent")
        now = self._clock()
        start, end = period.instants(self.zone)
        with self._db.read() as session:
            rows = use_rows(session, start, end)
        return build_use(period, self.zone.key, now, rows)

    def export_library_use(self, use: LibraryUse, path, label: Label | None = None) -> None:
        """Write ``use`` as CSV to ``path``; audited like ``export``, once the file is written."""
        if not self.permitted:
            raise PermissionDenied("export the library's use")
        with self._db.write() as session:
            self._db.audit.record_by(session, self._user_id, action=AuditAction.EXPORT, record_type="library_use",
                                     record_id=f"{use.period.start}/{use.period.last_day}", note="csv")
            write_use_csv(use, path, label)
