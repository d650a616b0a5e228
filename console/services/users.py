"""Users of the console. Until sign-in exists (the security issue), the
person at the desk is the operating-system account, recorded as a specialist
on first start so every contact is attributable."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from console.db import Database
from console.models import User
from console.vocabulary import Role


@dataclass(frozen=True, slots=True)
class UserInfo:
    id: int
    username: str
    display_name: str
    role: Role


def _info(user: User) -> UserInfo:
    return UserInfo(user.id, user.username, user.display_name, Role(user.role))


class UserService:
    def __init__(self, db: Database):
        self._db = db

    def ensure(self, username: str, display_name: str | None = None, role: Role = Role.SPECIALIST) -> UserInfo:
        """The user with this name, created on first use."""
        with self._db.write() as session:
            user = session.scalar(select(User).where(User.username == username))
            if user is None:
                user = User(username=username, display_name=display_name or username, role=role.value)
                session.add(user)
                session.flush()
            return _info(user)

    def all(self) -> list[UserInfo]:
        with self._db.read() as session:
            return [_info(u) for u in session.scalars(select(User).order_by(User.display_name))]
