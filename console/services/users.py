"""The people who use the console, and the admins' management of them.

Only admins (``Permission.MANAGE_USERS``) add users, change roles, reset
passwords, disable, enable and unlock accounts. The acting admin's role is
read again inside each transaction, so an admin demoted on another desk
cannot act on a stale window. Every change is audited with the fields it
touched (never a password or its hash).

``ensure`` records a user without a password (the demo data, scripts and
tests); such a user cannot sign in until an admin sets one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from console.audit import AuditAction
from console.db import Database
from console.errors import NotFound, ValidationError
from console.models import User
from console.models.base import utcnow
from console.passwords import DEFAULT_HASHER, check_new_password, hash_password
from console.permissions import Permission, require
from console.services.key_wraps import KeyWraps
from console.validation import has_control
from console.vocabulary import Role

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


@dataclass(frozen=True, slots=True)
class UserInfo:
    id: int
    username: str
    display_name: str
    role: Role
    must_change_password: bool = False


@dataclass(frozen=True, slots=True)
class UserRow:
    """A line of the admins' user list."""

    info: UserInfo
    active: bool
    has_password: bool
    locked_until: datetime | None  # UTC; None or past: not locked
    password_changed_at: datetime | None


def user_info(user: User) -> UserInfo:
    return UserInfo(user.id, user.username, user.display_name, Role(user.role), bool(user.must_change_password))


def clean_username(text: str) -> str:
    name = (text or "").strip().lower()
    if not _USERNAME.fullmatch(name):
        raise ValidationError({"username": "Use 2-64 lower-case letters, digits, dots, dashes or underscores, "
                                           "starting with a letter or digit."})
    return name


def clean_display_name(text: str) -> str:
    shown = " ".join((text or "").split())
    if not shown or len(shown) > 120 or any(ord(c) < 32 for c in shown):
        raise ValidationError({"display_name": "Give the name colleagues know this person by (up to 120 characters)."})
    return shown


def set_password(user: User, hashed: str, now: datetime, *, must_change: bool) -> None:
    """A new password clears the wrong-guess count and any lock."""
    user.password_hash, user.must_change_password = hashed, must_change
    user.password_changed_at, user.failed_sign_ins, user.locked_until = now, 0, None


class UserService:
    def __init__(self, db: Database, *, min_password_length: int = 12, hasher: PasswordHasher = DEFAULT_HASHER,
                 clock: Callable[[], datetime] = utcnow):
        self._db, self._min_length, self._hasher, self._clock = db, min_password_length, hasher, clock
        self._wraps = KeyWraps(db)

    def ensure(self, username: str, display_name: str | None = None, role: Role = Role.SPECIALIST) -> UserInfo:
        """The user with this name, created (without a password) on first use."""
        with self._db.write() as session:
            user = session.scalar(select(User).where(User.username == username))
            if user is None:
                user = User(username=username, display_name=display_name or username, role=role.value)
                session.add(user)
                session.flush()
            return user_info(user)

    def all(self) -> list[UserInfo]:
        with self._db.read() as session:
            return [user_info(u) for u in session.scalars(select(User).order_by(User.display_name))]

    def rows(self, by: UserInfo) -> list[UserRow]:
        """Every user with their account's state, for admins."""
        with self._db.read() as session:
            self._require_admin(session, by)
            users = session.scalars(select(User).order_by(func.lower(User.display_name), User.id))
            return [UserRow(user_info(u), bool(u.active), u.password_hash is not None, u.locked_until,
                            u.password_changed_at) for u in users]

    # -- admins' changes ----------------------------------------------------------

    def add(self, by: UserInfo, username: str, display_name: str, role: Role, password: str) -> UserInfo:
        """A new user with a first password they must change at their first sign-in."""
        name, shown = clean_username(username), clean_display_name(display_name)
        check_new_password(password, username=name, min_length=self._min_length)
        hashed = hash_password(password, self._hasher)
        with self._db.write() as session:
            actor = self._require_admin(session, by)
            if session.scalar(select(User.id).where(func.lower(User.username) == name)) is not None:
                raise ValidationError({"username": f"There is already a user called {name}."})
            user = User(username=name, display_name=shown, role=Role(role).value, active=True)
            set_password(user, hashed, self._clock(), must_change=True)
            session.add(user)
            session.flush()
            self._audit(session, actor, AuditAction.USER_ADD, user, ("username", "display_name", "role", "password"))
            self._wraps.set_password(user.username, password)
            return user_info(user)

    def set_role(self, by: UserInfo, user_id: int, role: Role) -> UserInfo:
        with self._db.write() as session:
            actor = self._require_admin(session, by)
            user = self._user(session, user_id)
            if user.id == actor.id and Role(role) is not Role.ADMIN:
                self._keep_an_admin(session, user)
            user.role = Role(role).value
            self._audit(session, actor, AuditAction.USER_CHANGE, user, ("role",), note=f"role {user.role}")
            return user_info(user)

    def reset_password(self, by: UserInfo, user_id: int, password: str) -> UserInfo:
        """A temporary password the user must change at their next sign-in; clears a lock."""
        with self._db.write() as session:
            actor = self._require_admin(session, by)
            user = self._user(session, user_id)
            check_new_password(password, username=user.username, min_length=self._min_length)
            set_password(user, hash_password(password, self._hasher), self._clock(), must_change=user.id != actor.id)
            self._audit(session, actor, AuditAction.USER_CHANGE, user, ("password",), note="password reset")
            self._wraps.set_password(user.username, password)
            return user_info(user)

    def set_active(self, by: UserInfo, user_id: int, active: bool) -> UserInfo:
        """Disable (the user can no longer sign in; their records stay theirs) or enable."""
        with self._db.write() as session:
            actor = self._require_admin(session, by)
            user = self._user(session, user_id)
            if not active:
                if user.id == actor.id:
                    raise ValidationError({"active": "You cannot disable your own account."})
                self._keep_an_admin(session, user)
            user.active = active
            self._audit(session, actor, AuditAction.USER_CHANGE, user, ("active",),
                        note="enabled" if active else "disabled")
            if not active:
                self._wraps.remove(user.username)  # enabled again: an admin's reset gives a new wrap
            return user_info(user)

    def unlock(self, by: UserInfo, user_id: int) -> UserInfo:
        """Lift a lock left by wrong passwords before it runs out."""
        with self._db.write() as session:
            actor = self._require_admin(session, by)
            user = self._user(session, user_id)
            user.failed_sign_ins, user.locked_until = 0, None
            self._audit(session, actor, AuditAction.USER_CHANGE, user, ("locked_until",), note="unlocked")
            return user_info(user)

    def find(self, username: str) -> UserInfo:
        if has_control(username or ""):
            raise NotFound("User", "?")  # no user name has one
        with self._db.read() as session:
            user = session.scalar(select(User).where(func.lower(User.username) == (username or "").strip().lower()))
            if user is None:
                raise NotFound("User", username)
            return user_info(user)

    # -- helpers ------------------------------------------------------------------

    @staticmethod
    def _require_admin(session: Session, by: UserInfo) -> User:
        actor = session.get(User, by.id)
        role = Role(actor.role) if actor is not None and actor.active else Role.SPECIALIST
        require(role, Permission.MANAGE_USERS, "manage users")
        return actor

    @staticmethod
    def _user(session: Session, user_id: int) -> User:
        user = session.get(User, user_id)
        if user is None:
            raise NotFound("User", user_id)
        return user

    @staticmethod
    def _keep_an_admin(session: Session, leaving: User) -> None:
        """The last active admin cannot stop being one: nobody could manage users after."""
        others = session.scalar(select(func.count()).select_from(User).where(
            User.role == Role.ADMIN.value, User.active.is_(True), User.id != leaving.id,
            User.password_hash.is_not(None)))
        if leaving.role == Role.ADMIN.value and not others:
            raise ValidationError({"role": "This is the last admin: make another user an admin first."})

    def _audit(self, session: Session, actor: User, action: AuditAction, user: User, fields: tuple[str, ...],
               note: str = "") -> None:
        self._db.audit.record(session, action=action, user_id=actor.id, username=actor.username,
                              record_type="user", record_id=str(user.id), fields=fields, note=note)
