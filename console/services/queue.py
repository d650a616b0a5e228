"""The live queue: what is open, in what order, and who takes what.

Every change of status is one conditional ``UPDATE ... WHERE status = <what
it must be>``: the database decides which desk wins a race, in one statement,
on SQLite and PostgreSQL alike. When no row changed, the same transaction reads
the contact to say why (someone else holds it, it is closed, it is gone). The
ORM's own version counter is bumped by hand here, since Core updates bypass it.

Reading the queue: the first read is one query for every open contact,
walking ``ix_contacts_queue`` (holder's name joined in, plain tuples, no ORM
objects). Later reads fetch only the contacts changed since the last one:
the database marks every written row in commit order (``change_mark``,
migration 0004), each read notes the mark it reached in the same snapshot,
and the next read asks for rows at or past it (usually none or one, through
``ix_contacts_change_mark``). The service keeps the open items sorted by
queue order and moves just the changed ones (a bisect each); unchanged rows
keep their ``QueueItem`` object, so the UI can tell them by identity. A count
of open contacts in the same snapshot catches the one change no mark can
show, a row deleted outright, and triggers a full read. A holder's new
display name shows when the contact next changes.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from operator import itemgetter

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
from console.field_crypto.types import leading_chars
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
    # Cut in SQL on SQLite; whole on PostgreSQL, where it may be sealed (console.field_crypto).
    leading_chars(_c.summary, PREVIEW_CHARS * 2), _c.follow_up_due,
)
_QUEUE_FROM = Contact.__table__.outerjoin(_holder, _holder.c.id == _c.assigned_to_id)
_QUEUE_ORDER = (_c.priority_rank, _c.received_at, _c.id)
_OPEN = sorted(s.value for s in OPEN_STATUSES)
_IS_OPEN = _c.status.in_(_OPEN)
_RANK = len(_QUEUE_COLUMNS)  # rows read for the sorted queue carry priority_rank last
_OPEN_SET = frozenset(_OPEN)
_OPEN_ROWS = (
    select(*_QUEUE_COLUMNS, _c.priority_rank).select_from(_QUEUE_FROM).where(_IS_OPEN).order_by(*_QUEUE_ORDER)
)
_CHANGED_ROWS = (  # open or not: a contact closed since the last read must leave the queue
    select(*_QUEUE_COLUMNS, _c.priority_rank).select_from(_QUEUE_FROM).where(_c.change_mark >= bindparam("mark"))
)
_OPEN_COUNT = select(func.count()).select_from(Contact.__table__).where(_IS_OPEN)
# The first mark the next read must include (see migration 0004): past the
# newest on SQLite (one writer, commits in mark order); on PostgreSQL the
# oldest transaction still running when this snapshot was taken.
_NEXT_MARK = {
    "sqlite": "SELECT coalesce(max(change_mark), 0) + 1 FROM contacts",
    "postgresql": "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint",
}
# SKIP LOCKED hands each waiting contact to one desk on PostgreSQL; SQLite
# ignores FOR UPDATE, and its write transaction holds the lock already.
_FIRST_WAITING = (
    select(_c.id).where(_c.status == ContactStatus.WAITING.value).order_by(*_QUEUE_ORDER).limit(1)
    .with_for_update(skip_locked=True)
)


class QueueService:
    def __init__(self, db: Database, clock: Callable[[], datetime] = utcnow):
        self._db = db
        self._clock = clock
        self._mark: int | None = None  # where the next read starts; None: read everything
        self._items: dict[int, QueueItem] = {}  # every open contact, as last read
        self._keys: list[tuple] = []  # (priority_rank, received_at, id) of those, sorted: queue order
        self._key_of: dict[int, tuple] = {}
        self._ordered: tuple[QueueItem, ...] = ()  # the items in queue order
        self._next_due: datetime | None = None  # the next message to fall due

    # -- reading ---------------------------------------------------------
    def open_items(self) -> tuple[QueueItem, ...]:
        """Every open contact, most urgent first, then longest waiting."""
        with self._db.read() as session:
            conn = session.connection()
            # First in the snapshot: the mark must not be newer than what this read sees.
            mark = conn.exec_driver_sql(_NEXT_MARK[conn.dialect.name]).scalar_one()
            if self._mark is None:
                self._load(conn.execute(_OPEN_ROWS).all())
            else:
                changed = conn.execute(_CHANGED_ROWS, {"mark": self._mark}).all()
                if changed:
                    self._apply(changed)
                if conn.execute(_OPEN_COUNT).scalar_one() != len(self._items):
                    self._load(conn.execute(_OPEN_ROWS).all())  # a contact was deleted: start again
        self._mark = mark
        return self._overdue_first(self._ordered)

    def _load(self, rows) -> None:
        """Replace what is known by ``rows``: every open contact."""
        known = self._items
        self._items = {row[0]: self._same_or_new(known.get(row[0]), row) for row in rows}
        self._key_of = {row[0]: (row[_RANK], row[5], row[0]) for row in rows}
        self._keys = sorted(self._key_of.values())  # already in order: one pass
        self._order_items()

    def _apply(self, rows) -> None:
        """Move, add or drop the contacts in ``rows`` (changed since the last read)."""
        items, keys, key_of = self._items, self._keys, self._key_of
        for row in rows:
            contact_id = row[0]
            before = items.pop(contact_id, None)
            old_key = key_of.pop(contact_id, None)
            if old_key is not None:
                del keys[bisect_left(keys, old_key)]
            if row[4] in _OPEN_SET:
                key = (row[_RANK], row[5], contact_id)
                insort(keys, key)
                key_of[contact_id] = key
                items[contact_id] = self._same_or_new(before, row)
        self._order_items()

    def _order_items(self) -> None:
        self._ordered = tuple(map(self._items.__getitem__, map(itemgetter(2), self._keys)))

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
            to_status=moves[ContactStatus(before)].value,
            assignee_id={"claim": user_id, "reassign": assignee}.get(action),
        ))
        self._db.audit.record_by(session, user_id, action=action, record_type="contact", record_id=contact_id,
                                 fields=[name for name in changes if name not in ("version", "updated_at")],
                                 note=f"to user #{assignee}" if action == "reassign" else "")
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
    def _same_or_new(cls, known: QueueItem | None, row) -> QueueItem:
        # Compared whole, not by version: a script's write may leave the version as it was.
        item = cls._build(row)
        return known if item == known else item

    @staticmethod
    def _build(row) -> QueueItem:
        return QueueItem(
            row[0], row[1], _priority(row[2]), _request(row[3]), _status(row[4]), row[5], _caller(row[6]),
            row[7], row[8], row[9], row[10], preview(row[11]), row[12],
        )

