"""What a supervisor watches: the queue's shape, its health, who works on
what, and the contacts that need a supervisor now (crisis, a minor,
immediate danger).

One read per overview, a handful of aggregate queries over the open
contacts (the queue index serves them); nothing is cached between calls.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import exists, func, select

from console.db import Database
from console.models import Contact, PotentialVictim, User, utcnow
from console.services.follow_ups import count_overdue
from console.vocabulary import OPEN_STATUSES, ContactStatus, Priority

_c = Contact.__table__.c
_OPEN = sorted(s.value for s in OPEN_STATUSES)
_MINOR = exists().where(PotentialVictim.contact_id == _c.id, PotentialVictim.age_group == "minor")


class Health(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


@dataclass(frozen=True, slots=True)
class HealthThresholds:
    """Minutes an urgent contact may wait before the queue turns amber / red.

    Settings, not constants: a floor with more desks sets them tighter."""

    amber_wait_minutes: int = 5
    red_wait_minutes: int = 15
    crisis_red_wait_minutes: int = 2


@dataclass(frozen=True, slots=True)
class Alert:
    contact_id: int
    reasons: tuple[str, ...]  # "crisis", "minor", "immediate_danger"
    received_at: datetime
    status: ContactStatus
    assigned_to_name: str | None


@dataclass(frozen=True, slots=True)
class Workload:
    user_id: int
    display_name: str
    contact_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Overview:
    at: datetime
    by_status: dict[str, int]
    by_priority: dict[str, int]
    by_request: dict[str, int]
    longest_wait_seconds: int | None  # the longest-waiting unclaimed contact
    longest_wait_contact_id: int | None
    overdue_ids: tuple[int, ...]  # open contacts whose follow-up due time has passed
    workload: tuple[Workload, ...]
    alerts: tuple[Alert, ...]
    health: Health
    health_reason: str
    follow_up_tasks_overdue: int = 0  # open follow-up tasks past their due time (issue 7)


class SupervisionService:
    def __init__(
        self, db: Database, thresholds: HealthThresholds = HealthThresholds(), clock: Callable[[], datetime] = utcnow
    ):
        self._db, self._thresholds, self._clock = db, thresholds, clock

    def overview(self) -> Overview:
        now = self._clock()
        is_open = _c.status.in_(_OPEN)
        with self._db.read() as session:
            def counts(column) -> dict[str, int]:
                rows = session.execute(select(column, func.count()).where(is_open).group_by(column))
                return {code: n for code, n in rows}

            by_status, by_priority, by_request = counts(_c.status), counts(_c.priority), counts(_c.primary_request)
            waiting = session.execute(
                select(_c.id, _c.received_at, _c.priority)
                .where(_c.status == ContactStatus.WAITING.value)
                .order_by(_c.received_at, _c.id)
            ).all()
            overdue = session.scalars(
                select(_c.id).where(is_open, _c.follow_up_due.is_not(None), _c.follow_up_due < now).order_by(_c.id)
            ).all()
            held = session.execute(
                select(User.id, User.display_name, _c.id)
                .join(Contact, Contact.assigned_to_id == User.id)
                .where(_c.status == ContactStatus.IN_PROGRESS.value)
                .order_by(User.display_name, _c.id)
            ).all()
            flagged = session.execute(
                select(_c.id, _c.priority, _MINOR, _c.immediate_danger, _c.received_at, _c.status,
                       User.display_name)
                .outerjoin(User, User.id == _c.assigned_to_id)
                .where(is_open, (_c.priority == Priority.CRISIS.value) | _c.mandated_report)
                .order_by(_c.received_at.desc(), _c.id)
            ).all()
            tasks_overdue = count_overdue(session, now)
        oldest = waiting[0] if waiting else None
        health, reason = self._health(waiting, len(overdue) + tasks_overdue, now)
        return Overview(
            at=now,
            by_status=by_status,
            by_priority=by_priority,
            by_request=by_request,
            longest_wait_seconds=int((now - oldest.received_at).total_seconds()) if oldest else None,
            longest_wait_contact_id=oldest.id if oldest else None,
            overdue_ids=tuple(overdue),
            workload=_workload(held),
            alerts=tuple(_alert(row) for row in flagged),
            health=health,
            health_reason=reason,
            follow_up_tasks_overdue=tasks_overdue,
        )

    def _health(self, waiting, overdue: int, now: datetime) -> tuple[Health, str]:
        t = self._thresholds

        def minutes(row) -> float:
            return (now - row.received_at).total_seconds() / 60

        crisis = [minutes(r) for r in waiting if r.priority == Priority.CRISIS.value]
        urgent = [minutes(r) for r in waiting if r.priority in (Priority.CRISIS.value, Priority.URGENT.value)]
        if crisis and max(crisis) >= t.crisis_red_wait_minutes:
            return Health.RED, f"a crisis has waited {max(crisis):.0f} min unclaimed"
        if urgent and max(urgent) >= t.red_wait_minutes:
            return Health.RED, f"urgent work has waited {max(urgent):.0f} min"
        if crisis:
            return Health.AMBER, "a crisis is waiting to be claimed"
        if urgent and max(urgent) >= t.amber_wait_minutes:
            return Health.AMBER, f"urgent work has waited {max(urgent):.0f} min"
        if overdue:
            return Health.AMBER, f"{overdue} follow-up(s) overdue"
        return Health.GREEN, "no urgent work waiting long"


def _workload(rows) -> tuple[Workload, ...]:
    grouped: dict[int, tuple[str, list[int]]] = {}
    for user_id, name, contact_id in rows:
        grouped.setdefault(user_id, (name, []))[1].append(contact_id)
    return tuple(Workload(uid, name, tuple(ids)) for uid, (name, ids) in grouped.items())


def _alert(row) -> Alert:
    contact_id, priority, minor, danger, received_at, status, holder = row
    reasons = []
    if priority == Priority.CRISIS.value:
        reasons.append("crisis")
    if minor:
        reasons.append("minor")
    if danger:
        reasons.append("immediate_danger")
    return Alert(contact_id, tuple(reasons), received_at, ContactStatus(status), holder)
