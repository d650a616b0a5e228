"""The live queue: what is open, in what order, and who takes what.

Every change of status is one conditional ``UPDATE ... WHERE status = <what
it must be>``: the database decides which desk wins a race, in one statement,
on SQLite and PostgreSQL alike. When no row changed, the same transaction reads
the contact to say why (someone else holds it, it is closed, it is gone). The
ORM's own version counter is bumped by hand here, since Core updates bypass it.

Reading the queue walks ``ix_contacts_queue`` in one read snapshot. The
first read is one query for everything (holder's name joined in, plain
tuples, no ORM objects). Later reads fetch only ``(id, version)`` of every
open contact in queue order, then the full columns of just the rows whose
version is new (usually none or one: a second, small query), and reuse the
``QueueItem`` built before for the rest. Every change to a contact bumps its
version (the ORM does on flush; this module by hand), so a refresh of 10,000
rows moves two integers a row and builds only what changed, and the UI can
tell unchanged rows by identity. A holder's new display name shows when the
contact next changes.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from itertools import compress
from operator import itemgetter, ne

from sqlalchemy import bindparam, case, func, select, update
from sqlalchemy.orm import Session

from console.db import Database
from console.errors import (
    ClaimConflict,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    StaleContact,
)
from console.models import Contact, ContactEvent, User, utcnow
from console.permissions import Permission, allowed
from console.vocabulary import (
    MESSAGE_RANK,
    OPEN_STATUSES,
    CallerType,
    ContactStatus,
    Priority,
    RequestType,
    Role,
)

PREVIEW_CHARS = 80
CLAIM_NEXT_ATTEMPTS = 20
FULL_READ_SHARE = 4  # more than 1/4 of the rows changed: read them all at once
ID_CHUNK = 500

_W, _P, _C = ContactStatus.WAITING, ContactStatus.IN_PROGRESS, ContactStatus.CLOSED
_M, _F = ContactStatus.MESSAGE, ContactStatus.FOLLOW_UP
_HELD = (_P, _F)  # statuses in which a contact has a holder
_AWAITING = frozenset({_M, _F})  # statuses of a message, answered or not

# action -> {status it may start from: status it leads to}, event recorded.
# A message (non-urgent, out of hours) is claimed into a follow-up, released
# back to a message; everything open can be closed.
TRANSITIONS: dict[str, tuple[dict[ContactStatus, ContactStatus], str]] = {
    "claim": ({_W: _P, _M: _F}, "claimed"),
    "release": ({_P: _W, _F: _M}, "released"),
    "close": ({_W: _C, _P: _C, _M: _C, _F: _C}, "closed"),
    "reopen": ({_C: _W}, "reopened"),
    "reassign": ({_W: _P, _P: _P, _M: _F, _F: _F}, "reassigned"),
}


@dataclass(frozen=True, slots=True)
class QueueItem:
    contact_id: int
    version: int
    priority: Priority
    primary_request: RequestType
    status: ContactStatus
    received_at: datetime  # aware, UTC
    caller_type: CallerType
    caller_state: str | None
    assigned_to_id: int | None
    assigned_to_name: str | None
    claimed_at: datetime | None  # aware, UTC
    summary_preview: str
    follow_up_due: datetime | None = None  # aware, UTC: a message's (or any follow-up's) deadline


def _rank(item: QueueItem) -> int:
    """The item's place in index order (``priority_rank``): messages after all else."""
    return MESSAGE_RANK if item.status in _AWAITING else item.priority.rank


def _due_before(item: QueueItem, now: datetime) -> bool:
    return item.status in _AWAITING and item.follow_up_due is not None and item.follow_up_due <= now


def preview(text: str | None, limit: int = PREVIEW_CHARS) -> str:
    """The summary on one line, cut at ``limit`` characters with an ellipsis."""
    line = " ".join((text or "").split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "\u2026"


def _lookup(enum) -> Callable[[str], object]:
    # A dict lookup is ~20x faster than Enum(value); unknown codes still raise.
    table = {m.value: m for m in enum}
    return lambda code: table.get(code) or enum(code)


_priority, _request, _status, _caller = map(_lookup, (Priority, RequestType, ContactStatus, CallerType))

_c = Contact.__table__.c
_holder = User.__table__.alias("holder")
_QUEUE_COLUMNS = (
    _c.id, _c.version, _c.priority, _c.primary_request, _c.status, _c.received_at, _c.caller_type,
    _c.caller_state, _c.assigned_to_id, _holder.c.display_name, _c.claimed_at,
    func.substr(_c.summary, 1, PREVIEW_CHARS * 2), _c.follow_up_due,
)
_QUEUE_FROM = Contact.__table__.outerjoin(_holder, _holder.c.id == _c.assigned_to_id)
_QUEUE_ORDER = (_c.priority_rank, _c.received_at, _c.id)
_OPEN = sorted(s.value for s in OPEN_STATUSES)
_IS_OPEN = _c.status.in_(_OPEN)
_OPEN_ROWS = select(*_QUEUE_COLUMNS).select_from(_QUEUE_FROM).where(_IS_OPEN).order_by(*_QUEUE_ORDER)
_OPEN_VERSIONS = select(_c.id, _c.version).where(_IS_OPEN).order_by(*_QUEUE_ORDER)
# SKIP LOCKED hands each waiting contact to one desk on PostgreSQL; SQLite
# ignores FOR UPDATE, and its write transaction holds the lock already.
_FIRST_WAITING = (
    select(_c.id).where(_c.status == ContactStatus.WAITING.value).order_by(*_QUEUE_ORDER).limit(1)
    .with_for_update(skip_locked=True)
)
_BY_IDS = select(*_QUEUE_COLUMNS).select_from(_QUEUE_FROM).where(_c.id.in_(bindparam("ids", expanding=True)))


class QueueService:
    def __init__(self, db: Database, clock: Callable[[], datetime] = utcnow):
        self._db = db
        self._clock = clock
        self._items: dict[int, QueueItem] = {}  # last refresh, reused while unchanged
        self._version_of: dict[int, int] = {}  # contact id -> version of those items
        self._versions_sql: dict[str, str] = {}
        self._next_due: datetime | None = None  # the next message to fall due

    # -- reading ---------------------------------------------------------
    def open_items(self) -> tuple[QueueItem, ...]:
        """Every open contact, most urgent first, then longest waiting."""
        known = self._items
        with self._db.read() as session:
            conn = session.connection()
            if not known:
                rows = conn.execute(_OPEN_ROWS).all()
                versions = [(row[0], row[1]) for row in rows]
                order = [row[0] for row in rows]
            else:
                versions = self._versions(conn)  # [(id, version)] in queue order
                # Every pass below runs in C (map, compress, dict): no Python
                # loop over 10,000 rows and no hashing of tuples.
                order = list(map(itemgetter(0), versions))
                before = map(self._version_of.get, order)
                stale = list(compress(order, map(ne, map(itemgetter(1), versions), before)))
                if not stale:
                    rows = []
                elif len(stale) * FULL_READ_SHARE > len(versions):
                    rows = conn.execute(_OPEN_ROWS).all()
                else:
                    rows = [row for i in range(0, len(stale), ID_CHUNK)
                            for row in conn.execute(_BY_IDS, {"ids": stale[i:i + ID_CHUNK]})]
        known.update([(row[0], self._reuse_or_build(known.get(row[0]), row)) for row in rows])
        items = tuple(map(known.__getitem__, order))
        if len(known) != len(order):  # some contacts left the queue: forget them
            self._items = dict(zip(order, items))
        self._version_of = dict(versions)
        return self._overdue_first(items)

    def _overdue_first(self, items: tuple[QueueItem, ...]) -> tuple[QueueItem, ...]:
        """Move overdue messages up, after urgent work and before non-urgent work.

        Messages come last in index order, by arrival; a message's due time
        grows with its arrival, so the overdue ones are the first of them.
        Remembers when the next message falls due, for ``order_stale``."""
        if not items or items[-1].status not in _AWAITING:
            self._next_due = None  # no messages: nothing can fall due
            return items
        now = self._clock()
        # Index order is by rank (urgent, non-urgent, messages): binary searches, not scans.
        urgent_end = bisect_left(items, 2, key=_rank)
        messages_start = bisect_left(items, 3, key=_rank, lo=urgent_end)
        overdue_end = messages_start
        while overdue_end < len(items) and _due_before(items[overdue_end], now):
            overdue_end += 1
        upcoming = items[overdue_end] if overdue_end < len(items) else None
        self._next_due = upcoming.follow_up_due if upcoming is not None else None
        if overdue_end == messages_start:
            return items
        return (items[:urgent_end] + items[messages_start:overdue_end]
                + items[urgent_end:messages_start] + items[overdue_end:])

    def order_stale(self) -> bool:
        """True when a message has fallen due since the last ``open_items`` (time alone reorders the queue)."""
        return self._next_due is not None and self._clock() >= self._next_due

    def _versions(self, conn) -> list[tuple[int, int]]:
        # Plain DBAPI tuples: two integers a row need no type processing, and
        # 10,000 fewer Row objects keep the refresh (and the GC) quiet.
        sql = self._versions_sql.get(conn.dialect.name)
        if sql is None:
            sql = str(_OPEN_VERSIONS.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
            self._versions_sql[conn.dialect.name] = sql
        cursor = conn.connection.cursor()
        try:
            cursor.execute(sql)
            return cursor.fetchall()
        finally:
            cursor.close()

    def item(self, contact_id: int) -> QueueItem:
        """One contact as the queue shows it (closed ones too)."""
        with self._db.read() as session:
            return self._read_item(session, contact_id)

    # -- changing --------------------------------------------------------
    def claim(self, contact_id: int, user_id: int) -> QueueItem:
        """Take a waiting contact. Raises ClaimConflict if another desk has it;
        claiming a contact one already holds changes nothing and returns it."""
        with self._db.write() as session:
            return self._transition(session, "claim", contact_id, user_id)

    def claim_next(self, user_id: int) -> QueueItem | None:
        """Claim the first waiting contact in queue order; None if nobody waits."""
        for _ in range(CLAIM_NEXT_ATTEMPTS):
            with self._db.write() as session:
                contact_id = session.execute(_FIRST_WAITING).scalar()
                if contact_id is None:
                    return None
                try:
                    return self._transition(session, "claim", contact_id, user_id)
                except (ClaimConflict, InvalidTransition, NotFound):
                    continue  # another desk won it in between: try the next one
        return None

    def release(self, contact_id: int, user_id: int) -> QueueItem:
        """Put a contact back in the queue (its holder, or someone who may reassign)."""
        with self._db.write() as session:
            return self._transition(session, "release", contact_id, user_id)

    def close(self, contact_id: int, user_id: int, expected_version: int | None = None) -> QueueItem:
        """Close an open contact. ``expected_version`` guards against closing a
        contact changed on another desk since it was read (StaleContact)."""
        with self._db.write() as session:
            return self._transition(session, "close", contact_id, user_id, expected_version)

    def reopen(self, contact_id: int, user_id: int) -> QueueItem:
        """Put a closed contact back in the queue, unassigned."""
        with self._db.write() as session:
            return self._transition(session, "reopen", contact_id, user_id)

    def reassign(self, contact_id: int, to_user_id: int, by_user_id: int) -> QueueItem:
        """Give an open contact to another user (supervisors): it is theirs, in progress."""
        with self._db.write() as session:
            if not self._may_reassign(session, by_user_id):
                raise PermissionDenied("reassign contacts")
            if session.execute(select(User.active).where(User.id == to_user_id)).scalar() is not True:
                raise NotFound("Active user", to_user_id)
            return self._transition(session, "reassign", contact_id, by_user_id, assignee=to_user_id)

    # -- internals -------------------------------------------------------
    def _transition(
        self,
        session: Session,
        action: str,
        contact_id: int,
        user_id: int,
        expected_version: int | None = None,
        *,
        assignee: int | None = None,
    ) -> QueueItem:
        moves, event = TRANSITIONS[action]
        now = self._clock()
        targets = set(moves.values())
        if len(targets) == 1:
            new_status: object = next(iter(targets)).value
        else:  # one statement still: the database picks the target from the row's status
            new_status = case(*((_c.status == src.value, dst.value) for src, dst in moves.items()))
        changes: dict[str, object] = {"status": new_status, "version": _c.version + 1, "updated_at": now}
        if action == "claim":
            changes.update(assigned_to_id=user_id, claimed_at=now)
        elif action == "reassign":
            changes.update(assigned_to_id=assignee, claimed_at=now)
        elif action in ("release", "reopen"):
            changes.update(assigned_to_id=None, claimed_at=None, closed_at=None)
        if action == "reopen":  # a reopened message waits as ordinary work, ranked by its priority
            changes.update(priority_rank=case(*((_c.priority == p.value, p.rank) for p in Priority)))
        elif action == "close":
            changes.update(closed_at=now)
        from_ok = _c.status.in_(sorted(src.value for src in moves))
        cond = [_c.id == contact_id, from_ok]
        if expected_version is not None:
            cond.append(_c.version == expected_version)
        if action in ("release", "close") and not self._may_reassign(session, user_id):
            # Only the holder may let go of (or close) a contact in progress.
            cond.append(_c.status.not_in([h.value for h in _HELD]) | (_c.assigned_to_id == user_id))
        # FOR UPDATE locks the row on PostgreSQL; SQLite's write lock is already held.
        before = session.execute(select(_c.status).where(_c.id == contact_id).with_for_update()).scalar()
        result = session.execute(update(Contact.__table__).where(*cond).values(changes))
        if result.rowcount != 1:
            self._explain(session, action, contact_id, user_id, expected_version)
            return self._read_item(session, contact_id)  # a claim of one's own contact: nothing to do
        session.add(ContactEvent(
            contact_id=contact_id, at=now, user_id=user_id, event=event, from_status=before,
            to_status=moves[ContactStatus(before)].value
        ))
        return self._read_item(session, contact_id)

    @staticmethod
    def _explain(session: Session, action: str, contact_id: int, user_id: int, expected_version: int | None) -> None:
        """Raise the error that says why a conditional update changed nothing.

        Returns (without raising) only when a user claims a contact they hold."""
        row = session.execute(
            select(_c.status, _c.version, _c.assigned_to_id, _holder.c.display_name)
            .select_from(_QUEUE_FROM).where(_c.id == contact_id)
        ).first()
        if row is None:
            raise NotFound("Contact", contact_id)
        status, version, holder_id, holder_name = row
        moves, _ = TRANSITIONS[action]
        if expected_version is not None and version != expected_version:
            raise StaleContact(contact_id)
        if status in (_P.value, _F.value) and (action == "claim" or status in moves):
            if action == "claim" and holder_id == user_id:
                return
            raise ClaimConflict(contact_id, holder_name)  # in progress on another desk
        wanted = {"claim": "claimed", "release": "released", "close": "closed", "reopen": "reopened",
                  "reassign": "reassigned"}[action]
        raise InvalidTransition(contact_id, status, wanted)

    @staticmethod
    def _may_reassign(session: Session, user_id: int) -> bool:
        role = session.execute(select(User.role).where(User.id == user_id)).scalar()
        return role is not None and allowed(Role(role), Permission.REASSIGN)

    def _read_item(self, session: Session, contact_id: int) -> QueueItem:
        row = session.execute(select(*_QUEUE_COLUMNS).select_from(_QUEUE_FROM).where(_c.id == contact_id)).first()
        if row is None:
            raise NotFound("Contact", contact_id)
        return self._build(row)

    @classmethod
    def _reuse_or_build(cls, known: QueueItem | None, row) -> QueueItem:
        return known if known is not None and known.version == row[1] else cls._build(row)

    @staticmethod
    def _build(row) -> QueueItem:
        return QueueItem(
            row[0], row[1], _priority(row[2]), _request(row[3]), _status(row[4]), row[5], _caller(row[6]),
            row[7], row[8], row[9], row[10], preview(row[11]), row[12],
        )

