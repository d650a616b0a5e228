"""Writing the audit trail: one event, in the caller's transaction.

``AuditTrail.record`` adds a row to the caller's session, so the event and
the change it describes commit or roll back together. Appending must see
the newest event and give the next id, one writer at a time:

- SQLite: write sessions start with BEGIN IMMEDIATE (``console.db``), so the
  database is already locked for this transaction.
- PostgreSQL: ``pg_advisory_xact_lock`` on a fixed number, held until the
  transaction ends; write sessions are READ COMMITTED, so the read after
  the lock sees the event the previous holder committed. Record the event
  last in a transaction: the lock is held from here to the commit.

Call it in a ``db.write()`` session, never in ``db.read()`` (on PostgreSQL
a read's REPEATABLE READ snapshot would miss a newer event).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import bindparam, insert, select, text
from sqlalchemy.orm import Session

from console.audit.actions import AuditAction
from console.audit.chain import GENESIS, KEY_BYTES, canonical, mac_of
from console.models import AuditEvent, User, utcnow

LOCK_NUMBER = 0x484C_4155_4449_5431  # "HLAUDIT1": one advisory lock for the whole trail
_TABLE = AuditEvent.__table__
# Built once, executed on the session's connection: compiled once and cached
# (a save's budget is 20 ms; the ORM's per-statement work would be most of ours).
_NEWEST = select(_TABLE.c.id, _TABLE.c.mac).order_by(_TABLE.c.id.desc()).limit(1)
_INSERT = insert(_TABLE)
_USERNAME = select(User.__table__.c.username).where(User.__table__.c.id == bindparam("user_id"))
_LOCK = text(f"SELECT pg_advisory_xact_lock({LOCK_NUMBER})")
# Field names only: a value (a phone, a name with a space) can never pass.
_FIELD_NAME = re.compile(r"[A-Za-z0-9_.]{1,64}")
NOTE_CHARS = 200


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts where no signed-in user is at hand (a command run by IT)."""

    user_id: int | None
    username: str


class AuditTrail:
    def __init__(self, key: bytes):
        if len(key) < KEY_BYTES:
            raise ValueError(f"an audit key has at least {KEY_BYTES} bytes")
        self._key = key

    @property
    def key(self) -> bytes:
        return self._key

    def record(self, session: Session, *, action: AuditAction | str, user_id: int | None, username: str,
               record_type: str | None = None, record_id: object = None, fields: Iterable[str] = (),
               note: str = "") -> None:
        """Append one event to the trail in ``session``'s transaction."""
        action = AuditAction(action)
        names = sorted(set(fields))
        if bad := [name for name in names if not _FIELD_NAME.fullmatch(name)]:
            raise ValueError(f"audit fields are names, not values: {len(bad)} refused")
        if len(note) > NOTE_CHARS:
            raise ValueError(f"an audit note is at most {NOTE_CHARS} characters")
        conn = session.connection()
        if conn.dialect.name == "postgresql":
            conn.execute(_LOCK)
        newest = conn.execute(_NEWEST).first()
        event_id, prev_mac = (newest[0] + 1, newest[1]) if newest else (1, GENESIS)
        values = {
            "id": event_id, "at": utcnow(), "user_id": user_id, "username": username[:64],
            "action": action.value, "record_type": record_type,
            "record_id": None if record_id is None else str(record_id)[:64],
            "fields": ",".join(names), "note": note,
        }
        values["prev_mac"] = prev_mac
        values["mac"] = mac_of(self._key, prev_mac, canonical(
            event_id, values["at"], user_id, values["username"], values["action"], record_type,
            values["record_id"], values["fields"], note))
        conn.execute(_INSERT, values)

    def record_by(self, session: Session, user_id: int | None, *, action: AuditAction | str, **details) -> None:
        """``record`` for services that know only the user's id: the name is read in the same session."""
        self.record(session, action=action, user_id=user_id, username=username_of(session, user_id), **details)


def username_of(session: Session, user_id: int | None) -> str:
    if user_id is None:
        return "(no user)"  # a script or test that named none
    name = session.connection().execute(_USERNAME, {"user_id": user_id}).scalar()
    return name if name is not None else f"#{user_id}"
