"""Signing in: the first admin, passwords checked, wrong guesses counted.

Every attempt is audited in the same transaction as the counter it moves:
a sign-in, a failed one (with the name typed when it matches nobody), an
account locked by too many wrong passwords. A failed attempt commits its
count and its audit event, then the refusal is raised.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from console.audit import AuditAction
from console.db import Database
from console.errors import SignInRefused, ValidationError
from console.models import User
from console.models.base import utcnow
from console.passwords import DEFAULT_HASHER, check_new_password, hash_password, needs_rehash, verify_password
from console.services.key_wraps import KeyWraps
from console.services.users import UserInfo, clean_display_name, clean_username, set_password, user_info
from console.validation import has_control
from console.vocabulary import Role


@dataclass(frozen=True, slots=True)
class SignInRules:
    """From the settings' ``[security]`` table."""

    max_failed: int = 6
    lockout: timedelta = timedelta(minutes=30)
    min_password_length: int = 12

    @classmethod
    def from_settings(cls, settings) -> SignInRules:
        return cls(settings.max_failed_sign_ins, timedelta(minutes=settings.lockout_minutes),
                   settings.min_password_length)


def _local_time(moment: datetime) -> str:
    """A UTC moment as the desk's wall clock, for a message."""
    return moment.astimezone().strftime("%H:%M")


class AuthService:
    def __init__(self, db: Database, rules: SignInRules = SignInRules(), *,
                 hasher: PasswordHasher = DEFAULT_HASHER, clock: Callable[[], datetime] = utcnow):
        self._db, self.rules, self._hasher, self._clock = db, rules, hasher, clock

    # -- the first start ----------------------------------------------------------

    def needs_first_admin(self) -> bool:
        """True until some user can sign in (an empty database, or one from before sign-in)."""
        with self._db.read() as session:
            return session.scalar(select(func.count()).select_from(User).where(User.password_hash.is_not(None))) == 0

    def create_first_admin(self, username: str, display_name: str, password: str) -> UserInfo:
        """The first admin, only while nobody can sign in (two desks racing: one wins)."""
        name = clean_username(username)
        shown = clean_display_name(display_name or name)
        check_new_password(password, username=name, min_length=self.rules.min_password_length)
        hashed = hash_password(password, self._hasher)
        with self._db.write() as session:
            if session.scalar(select(func.count()).select_from(User).where(User.password_hash.is_not(None))):
                raise ValidationError({"username": "An admin was created on another desk meanwhile. Sign in instead."})
            user = session.scalar(select(User).where(func.lower(User.username) == name))
            if user is None:  # an account recorded before sign-in existed keeps its contacts
                user = User(username=name)
                session.add(user)
            user.display_name, user.role, user.active = shown, Role.ADMIN.value, True
            set_password(user, hashed, self._clock(), must_change=False)
            session.flush()
            self._db.audit.record(session, action=AuditAction.USER_ADD, user_id=user.id, username=user.username,
                                  record_type="user", record_id=str(user.id), fields=("role", "password"),
                                  note="first admin")
            return user_info(user)

    # -- signing in ---------------------------------------------------------------

    def sign_in(self, username: str, password: str) -> UserInfo:
        """The user, signed in; ``SignInRefused`` otherwise (the attempt is counted and audited)."""
        typed = (username or "").strip().lower()[:64]
        if has_control(typed):  # no user name has one; PostgreSQL would refuse the NUL in the query
            typed = "".join("?" if has_control(c) else c for c in typed)
            user_named = False
        else:
            user_named = bool(typed)
        with self._db.write() as session:
            user = session.scalar(select(User).where(func.lower(User.username) == typed)) if user_named else None
            refusal = self._check(session, user, typed, password, action=AuditAction.SIGN_IN)
            if refusal is None:
                return user_info(user)
        raise refusal

    def unlock(self, user_id: int, password: str) -> UserInfo:
        """The same user opening their locked window: the same checks and counts as signing in."""
        with self._db.write() as session:
            user = session.get(User, user_id)
            refusal = self._check(session, user, user.username if user else "", password, action=AuditAction.UNLOCK)
            if refusal is None:
                return user_info(user)
        raise refusal

    def note(self, user: UserInfo, action: AuditAction) -> None:
        """Record a desk event that changes no row: the window locked, the user signed out."""
        with self._db.write() as session:
            self._db.audit.record(session, action=action, user_id=user.id, username=user.username)

    def change_password(self, user_id: int, old: str, new: str) -> UserInfo:
        """The user's own change (required after an admin's reset)."""
        with self._db.write() as session:
            user = session.get(User, user_id)
            if user is None or not verify_password(user.password_hash, old, self._hasher):
                raise ValidationError({"old_password": "This is not your current password."})
            check_new_password(new, username=user.username, min_length=self.rules.min_password_length,
                               field="new_password")
            if verify_password(user.password_hash, new, self._hasher):
                raise ValidationError({"new_password": "Choose a password other than your current one."})
            set_password(user, hash_password(new, self._hasher), self._clock(), must_change=False)
            self._db.audit.record(session, action=AuditAction.USER_CHANGE, user_id=user.id, username=user.username,
                                  record_type="user", record_id=str(user.id), fields=("password",))
            KeyWraps(self._db).set_password(user.username, new)
            return user_info(user)

    def _check(self, session: Session, user: User | None, typed: str, password: str, *,
               action: AuditAction) -> SignInRefused | None:
        """None when ``password`` opens ``user``'s account; else the refusal, with its count and audit written."""
        now = self._clock()
        audit = self._db.audit
        if user is None or user.password_hash is None:
            verify_password(None, password, self._hasher)  # same time as a wrong password
            audit.record(session, action=AuditAction.SIGN_IN_FAILED, user_id=user.id if user else None,
                         username=typed, note="no such user" if user is None else "no password set")
            return SignInRefused()
        if user.locked_until is not None and user.locked_until > now:
            audit.record(session, action=AuditAction.SIGN_IN_FAILED, user_id=user.id, username=user.username,
                         note="account locked")
            return SignInRefused(
                f"This account is locked after too many wrong passwords. Try again after "
                f"{_local_time(user.locked_until)}, or ask an admin to unlock it.")
        if not verify_password(user.password_hash, password, self._hasher):
            return self._wrong_password(session, user, now)
        if not user.active:
            audit.record(session, action=AuditAction.SIGN_IN_FAILED, user_id=user.id, username=user.username,
                         note="account disabled")
            return SignInRefused("This account is disabled. Ask an admin.")
        user.failed_sign_ins, user.locked_until = 0, None
        if needs_rehash(user.password_hash, self._hasher):
            user.password_hash = hash_password(password, self._hasher)
        audit.record(session, action=action, user_id=user.id, username=user.username)
        return None

    def _wrong_password(self, session: Session, user: User, now: datetime) -> SignInRefused:
        user.failed_sign_ins += 1
        self._db.audit.record(session, action=AuditAction.SIGN_IN_FAILED, user_id=user.id, username=user.username,
                              note=f"wrong password ({user.failed_sign_ins} in a row)")
        if user.failed_sign_ins < self.rules.max_failed:
            return SignInRefused()
        user.failed_sign_ins, user.locked_until = 0, now + self.rules.lockout
        self._db.audit.record(session, action=AuditAction.ACCOUNT_LOCKED, user_id=user.id, username=user.username,
                              record_type="user", record_id=str(user.id),
                              note=f"{self.rules.max_failed} wrong passwords")
        minutes = int(self.rules.lockout.total_seconds() // 60)
        return SignInRefused(f"Too many wrong passwords: this account is locked for {minutes} minutes. "
                             "An admin can unlock it sooner.")
