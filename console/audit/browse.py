"""Reading the audit trail: filtered, newest first, a page at a time, and as
CSV. ``AuditService`` is what the window uses; it checks ``VIEW_AUDIT``
itself, whatever the window shows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from console.audit.actions import AuditAction
from console.models import AuditEvent
from console.validation import has_control

PAGE = 500
_T = AuditEvent.__table__
_COLUMNS = (_T.c.id, _T.c.at, _T.c.user_id, _T.c.username, _T.c.action, _T.c.record_type, _T.c.record_id,
            _T.c.fields, _T.c.note, _T.c.prev_mac, _T.c.mac)


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """Which events: days are UTC days, both included; empty text means any."""

    since: date | None = None
    until: date | None = None
    username: str = ""
    action: str = ""
    record_type: str = ""
    record_id: str = ""

    def __post_init__(self) -> None:
        if any(has_control(text) for text in (self.username, self.action, self.record_type, self.record_id)):
            raise ValueError("a filter cannot hold control characters")  # no stored name has one
        if self.action:
            AuditAction(self.action)  # ValueError: not an action
        if self.since and self.until and self.until < self.since:
            raise ValueError("the period ends before it starts")

    def describe(self) -> str:
        """A short summary for an export's audit note (staff names and codes only)."""
        parts = [f"{name} {value}" for name, value in (
            ("since", self.since), ("until", self.until), ("user", self.username), ("action", self.action),
            ("record", " ".join(filter(None, (self.record_type, self.record_id))))) if value]
        return ("; ".join(parts) or "all events")[:200]


@dataclass(frozen=True, slots=True)
class AuditRow:
    id: int
    at: datetime
    user_id: int | None
    username: str
    action: str
    record_type: str | None
    record_id: str | None
    fields: str
    note: str
    prev_mac: str
    mac: str


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def filtered(wanted: AuditFilter) -> Select:
    stmt = select(*_COLUMNS)
    if wanted.since:
        stmt = stmt.where(_T.c.at >= _midnight(wanted.since))
    if wanted.until:
        stmt = stmt.where(_T.c.at < _midnight(wanted.until + timedelta(days=1)))
    if wanted.username:
        stmt = stmt.where(_T.c.username == wanted.username)
    if wanted.action:
        stmt = stmt.where(_T.c.action == wanted.action)
    if wanted.record_type:
        stmt = stmt.where(_T.c.record_type == wanted.record_type)
    if wanted.record_id:
        stmt = stmt.where(_T.c.record_id == wanted.record_id)
    return stmt


def newest_first(session: Session, wanted: AuditFilter, *, before_id: int | None = None,
                 limit: int = PAGE) -> tuple[AuditRow, ...]:
    """One page, newest first; the next page starts before the last row's id."""
    stmt = filtered(wanted)
    if before_id is not None:
        stmt = stmt.where(_T.c.id < before_id)
    return tuple(AuditRow(*row) for row in session.execute(stmt.order_by(_T.c.id.desc()).limit(limit)))


def oldest_first(session: Session, wanted: AuditFilter, batch: int = 5000) -> Iterator[AuditRow]:
    """Every matching event in id order, read ``batch`` at a time (never all at once)."""
    last = 0
    while True:
        rows = session.execute(filtered(wanted).where(_T.c.id > last).order_by(_T.c.id).limit(batch)).all()
        yield from (AuditRow(*row) for row in rows)
        if len(rows) < batch:
            return
        last = rows[-1].id


def usernames(session: Session) -> tuple[str, ...]:
    return tuple(session.scalars(select(_T.c.username).distinct().order_by(_T.c.username)))
