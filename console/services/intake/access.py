"""Who may open and edit which contact (issue 5: least privilege).

Roles with ``Permission.VIEW_ALL_CONTACTS`` open any contact. Others (the
specialist) open what the queue shows them, the open contacts, and their
own: contacts they entered, hold, or worked on. A closed contact is
history: only roles with ``Permission.EDIT_CLOSED_CONTACTS`` change it,
except that the person who worked on it may still correct it for
``closed_edit_minutes`` after it was closed (a typo noticed at once).

Checked inside the service's own transaction, on the row as it is there,
so a contact closed by someone else a moment ago is judged as closed.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from console.errors import PermissionDenied
from console.models import Contact, ContactEvent, User
from console.models.base import naive_utc
from console.permissions import Permission, allowed
from console.vocabulary import OPEN_STATUSES, ContactStatus, Role

_OPEN = frozenset(status.value for status in OPEN_STATUSES)


def role_of(session: Session, user_id: int) -> Role:
    role = session.scalar(select(User.role).where(User.id == user_id, User.active.is_(True)))
    if role is None:
        raise PermissionDenied("work on contacts: this account is disabled or unknown", "an admin")
    return Role(role)


def _worked_on(session: Session, contact: Contact, user_id: int) -> bool:
    if user_id in (contact.entered_by_id, contact.assigned_to_id):
        return True
    return bool(session.scalar(select(exists().where(ContactEvent.contact_id == contact.id,
                                                     ContactEvent.user_id == user_id))))


def check_open(session: Session, contact: Contact, user_id: int, role: Role | None = None) -> None:
    """Refuse (``PermissionDenied``) if ``user_id`` may not see ``contact``'s details."""
    if allowed(role or role_of(session, user_id), Permission.VIEW_ALL_CONTACTS):
        return
    if contact.status in _OPEN or _worked_on(session, contact, user_id):
        return
    raise PermissionDenied("open a closed contact someone else handled")


def check_edit(session: Session, contact: Contact, user_id: int, now: datetime, closed_edit_minutes: int) -> None:
    """Refuse if ``user_id`` may not change ``contact`` as it is now (``check_open``'s rule, and
    the closed-contact window)."""
    role = role_of(session, user_id)
    if contact.status != ContactStatus.CLOSED.value or allowed(role, Permission.EDIT_CLOSED_CONTACTS):
        check_open(session, contact, user_id, role)
        return
    if not _worked_on(session, contact, user_id):
        raise PermissionDenied("change a closed contact someone else handled")
    closed_at = contact.closed_at or contact.updated_at
    if closed_at is None or naive_utc(now) - naive_utc(closed_at) > timedelta(minutes=closed_edit_minutes):
        raise PermissionDenied(f"change a contact more than {closed_edit_minutes} minutes after it was closed")

