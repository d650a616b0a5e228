"""Follow-up tasks on contacts (issue 7): add, complete, cancel, reassign,
and each desk's due list.

Who may: a user whose role has ``MANAGE_FOLLOW_UPS`` (supervisors, admins)
manages any task; anyone else the tasks on contacts they hold or entered,
and the tasks they own. Checked here, in the service, before anything is
written.

The due list puts overdue tasks first, then the rest; within each, tasks
whose person may safely be reached now come before those with no safe times
given, and those outside their safe times come last ("not offered first");
then by due time. Each item says whether now is a safe time and, if not,
when the next window opens.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from console import safe_times
from console import validation as v
from console.audit import AuditAction
from console.db import Database
from console.errors import NotFound, PermissionDenied, ValidationError
from console.models import Contact, FollowUpTask, FollowUpWindow, User, utcnow
from console.permissions import Permission, allowed
from console.safe_times import DEFAULT_ZONE, SafeWindow
from console.vocabulary import FollowUpKind, FollowUpStatus, Role, YesNoUnknown

NOTE_MAX = 2000
_OPEN = FollowUpStatus.OPEN.value


@dataclass(frozen=True, slots=True)
class FollowUpForm:
    """A new task. ``None`` fields default from the contact (safe phone, safe
    times, may a message be left, due time) or the acting user (owner)."""

    contact_id: int
    kind: str = FollowUpKind.CALL_BACK.value
    due_at: datetime | None = None
    owner_id: int | None = None
    note: str = ""
    safe_phone: str | None = None
    safe_times: str | None = None  # text form: "Mon-Fri 18:00-20:00; weekends 10:00-12:00"
    may_leave_message: str | None = None
    time_zone: str | None = None  # of the safe times; None: the service's (the hotline's)


@dataclass(frozen=True, slots=True)
class FollowUpItem:
    task_id: int
    contact_id: int
    kind: FollowUpKind
    status: FollowUpStatus
    due_at: datetime  # aware, UTC
    owner_id: int
    owner_name: str
    note: str
    safe_phone: str | None
    may_leave_message: YesNoUnknown
    safe_times: str  # the windows, canonical ("Mon-Fri 18:00-20:00"); or the text as given if it had none
    time_zone: str
    overdue: bool
    safe_now: bool | None  # None: no safe times known
    next_safe_start: datetime | None  # UTC, when outside the safe times
    safe_mark: str  # "outside safe times: next window Tue 18:00"
    closed_at: datetime | None
    closed_by_id: int | None


def _bits(days: frozenset[int]) -> int:
    return sum(1 << d for d in days)


def _days(bits: int) -> frozenset[int]:
    return frozenset(d for d in range(7) if bits >> d & 1)


def _windows(task: FollowUpTask) -> tuple[SafeWindow, ...]:
    return tuple(SafeWindow(_days(w.days), w.starts, w.ends, task.safe_time_zone) for w in task.windows)


def _item(task: FollowUpTask, owner_name: str, now: datetime) -> FollowUpItem:
    windows = _windows(task)
    safe = safe_times.safe_now(windows, now)
    mark = safe.mark
    if not windows and task.safe_times_text:
        mark = f"safe times not structured: {task.safe_times_text}"
    return FollowUpItem(
        task.id, task.contact_id, FollowUpKind(task.kind), FollowUpStatus(task.status), task.due_at, task.owner_id,
        owner_name, task.note, task.safe_phone, YesNoUnknown(task.may_leave_message),
        safe_times.windows_text(windows) or (task.safe_times_text or ""), task.safe_time_zone,
        task.status == _OPEN and task.due_at <= now, safe.inside, safe.next_start, mark, task.closed_at,
        task.closed_by_id,
    )


def due_order(item: FollowUpItem) -> tuple:
    """Overdue first; within that, safe now, then unknown, then outside; then due soonest."""
    safe_rank = {True: 0, None: 1, False: 2}[item.safe_now]
    return (not item.overdue, safe_rank, item.due_at, item.task_id)


def count_overdue(session: Session, now: datetime) -> int:
    """Open tasks whose due time has passed (the supervisor's overview)."""
    return session.scalar(
        select(func.count()).select_from(FollowUpTask).where(FollowUpTask.status == _OPEN, FollowUpTask.due_at < now)
    ) or 0


class FollowUpService:
    def __init__(self, db: Database, clock: Callable[[], datetime] = utcnow, time_zone: str = DEFAULT_ZONE):
        self._db, self._clock, self._zone = db, clock, time_zone

    # -- reading ---------------------------------------------------------
    def due_list(self, user_id: int, now: datetime | None = None) -> tuple[FollowUpItem, ...]:
        """The open tasks ``user_id`` owns, in the order to do them (see the module's doc)."""
        now = now or self._clock()
        with self._db.read() as session:
            rows = session.execute(
                select(FollowUpTask, User.display_name).join(User, User.id == FollowUpTask.owner_id)
                .where(FollowUpTask.owner_id == user_id, FollowUpTask.status == _OPEN)
                .options(selectinload(FollowUpTask.windows))
            ).all()
            items = [_item(task, name, now) for task, name in rows]
        return tuple(sorted(items, key=due_order))

    def for_contact(self, contact_id: int) -> tuple[FollowUpItem, ...]:
        """Every task on a contact, open or closed, by due time."""
        now = self._clock()
        with self._db.read() as session:
            rows = session.execute(
                select(FollowUpTask, User.display_name).join(User, User.id == FollowUpTask.owner_id)
                .where(FollowUpTask.contact_id == contact_id).order_by(FollowUpTask.due_at, FollowUpTask.id)
                .options(selectinload(FollowUpTask.windows))
            ).all()
            return tuple(_item(task, name, now) for task, name in rows)

    def overdue_count(self, now: datetime | None = None) -> int:
        with self._db.read() as session:
            return count_overdue(session, now or self._clock())

    # -- changing --------------------------------------------------------
    def add(self, form: FollowUpForm, user_id: int) -> FollowUpItem:
        now = self._clock()
        with self._db.write() as session:
            actor = self._actor(session, user_id)
            contact = session.get(Contact, form.contact_id)
            if contact is None:
                raise NotFound("Contact", form.contact_id)
            self._check(actor, contact, None, "add follow-ups to this contact")
            task = self._validated(session, form, contact, actor)
            task.created_by_id = task.updated_by_id = actor.id
            task.created_at = task.updated_at = now
            session.add(task)
            session.flush()
            self._audit(session, actor, AuditAction.CREATE, task, ("owner_id", "due_at", "note"))
            return _item(task, session.get(User, task.owner_id).display_name, now)

    def complete(self, task_id: int, user_id: int, note: str | None = None) -> FollowUpItem:
        return self._close(task_id, user_id, FollowUpStatus.DONE, note, "complete this follow-up")

    def cancel(self, task_id: int, user_id: int, note: str | None = None) -> FollowUpItem:
        return self._close(task_id, user_id, FollowUpStatus.CANCELLED, note, "cancel this follow-up")

    def reassign(self, task_id: int, owner_id: int, user_id: int) -> FollowUpItem:
        now = self._clock()
        with self._db.write() as session:
            actor, task = self._open_task(session, task_id, user_id, "reassign this follow-up")
            owner = session.get(User, owner_id)
            if owner is None or not owner.active:
                raise ValidationError({"owner_id": "Choose an active user to own this follow-up."})
            task.owner_id, task.updated_by_id, task.updated_at = owner.id, actor.id, now
            self._audit(session, actor, AuditAction.REASSIGN, task, ("owner_id",))
            return _item(task, owner.display_name, now)

    # -- inside ----------------------------------------------------------
    def _close(self, task_id: int, user_id: int, status: FollowUpStatus, note: str | None, action: str):
        now = self._clock()
        with self._db.write() as session:
            actor, task = self._open_task(session, task_id, user_id, action)
            if note:
                p = v.Problems()
                extra = p.check("note", v.text, note, max_length=NOTE_MAX, multiline=True)
                p.raise_if_any()
                task.note = f"{task.note}\n{extra}".strip()
            task.status, task.closed_at, task.closed_by_id = status.value, now, actor.id
            task.updated_at, task.updated_by_id = now, actor.id
            done = status is FollowUpStatus.DONE
            self._audit(session, actor, AuditAction.DONE if done else AuditAction.CANCEL, task,
                        ("status", "note") if note else ("status",))
            return _item(task, session.get(User, task.owner_id).display_name, now)

    def _audit(self, session: Session, actor: User, action: AuditAction, task: FollowUpTask, fields) -> None:
        self._db.audit.record(session, action=action, user_id=actor.id, username=actor.username,
                              record_type="follow_up", record_id=task.id, fields=fields)

    def _open_task(self, session: Session, task_id: int, user_id: int, action: str):
        actor = self._actor(session, user_id)
        task = session.get(FollowUpTask, task_id)
        if task is None:
            raise NotFound("Follow-up", task_id)
        self._check(actor, session.get(Contact, task.contact_id), task, action)
        if task.status != _OPEN:
            raise ValidationError({"status": f"Follow-up #{task_id} is already {task.status}; it cannot change."})
        return actor, task

    @staticmethod
    def _actor(session: Session, user_id: int) -> User:
        actor = session.get(User, user_id)
        if actor is None:
            raise NotFound("User", user_id)
        return actor

    @staticmethod
    def _check(actor: User, contact: Contact, task: FollowUpTask | None, action: str) -> None:
        if allowed(Role(actor.role), Permission.MANAGE_FOLLOW_UPS):
            return
        if actor.id in (contact.assigned_to_id, contact.entered_by_id) or (task is not None and
                                                                           task.owner_id == actor.id):
            return
        raise PermissionDenied(action)

    def _validated(self, session: Session, form: FollowUpForm, contact: Contact, actor: User) -> FollowUpTask:
        p = v.Problems()
        kind = p.check("kind", v.code, form.kind, FollowUpKind, required=True)
        due = form.due_at if form.due_at is not None else contact.follow_up_due
        if due is None:
            p.add("due_at", "Required: when is this follow-up due?")
        elif due.tzinfo is None or due.utcoffset() is None:
            p.add("due_at", "Give a time with its time zone.")
        owner = session.get(User, form.owner_id if form.owner_id is not None else actor.id)
        if owner is None or not owner.active:
            p.add("owner_id", "Choose an active user to own this follow-up.")
        note = p.check("note", v.text, form.note, max_length=NOTE_MAX, multiline=True)
        phone_given = form.safe_phone if form.safe_phone is not None else contact.caller_safe_phone
        phone = p.check("safe_phone", v.phone, phone_given)
        may = form.may_leave_message if form.may_leave_message is not None else contact.caller_may_leave_message
        may = p.check("may_leave_message", v.code, may or "unknown", YesNoUnknown, required=True)
        zone = form.time_zone or self._zone
        p.check("time_zone", safe_times.zone_of, zone)
        windows: tuple[SafeWindow, ...] = ()
        if form.safe_times is not None:  # given: must parse
            text = p.check("safe_times", v.text, form.safe_times, max_length=safe_times.MAX_TEXT)
            if text is not None and "time_zone" not in p.errors:
                windows = p.check("safe_times", safe_times.parse, text, zone) or ()
        else:  # from the contact's free text: used if it parses, else kept as text
            text = contact.caller_safe_times
            try:
                windows = safe_times.parse(text, zone) if "time_zone" not in p.errors else ()
            except v.FieldProblem:
                windows = ()
        p.raise_if_any()
        task = FollowUpTask(
            contact_id=contact.id, kind=kind, due_at=due, owner_id=owner.id, note=note or "",
            safe_phone=phone, safe_times_text=text or None, safe_time_zone=zone, may_leave_message=may,
            status=_OPEN,
        )
        task.windows = [FollowUpWindow(days=_bits(w.days), starts=w.start, ends=w.end) for w in windows]
        return task
