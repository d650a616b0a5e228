"""The audit trail for the window: browse, export and verify, for users
whose role has ``VIEW_AUDIT`` (checked here, whatever the window shows)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from console.audit.actions import AuditAction
from console.audit.browse import PAGE, AuditFilter, AuditRow, newest_first, usernames
from console.audit.trail import Actor
from console.audit.verify import ChainWalk, VerifyResult
from console.db import Database
from console.errors import PermissionDenied
from console.permissions import Permission, allowed

if TYPE_CHECKING:
    from console.services.users import UserInfo


class AuditService:
    def __init__(self, db: Database, user: UserInfo):
        self._db, self._user = db, user

    @property
    def permitted(self) -> bool:
        return allowed(self._user.role, Permission.VIEW_AUDIT)

    def _require(self) -> None:
        if not self.permitted:
            raise PermissionDenied("see the audit trail")

    def events(self, wanted: AuditFilter, *, before_id: int | None = None, limit: int = PAGE) -> tuple[AuditRow, ...]:
        self._require()
        with self._db.read() as session:
            return newest_first(session, wanted, before_id=before_id, limit=limit)

    def usernames(self) -> tuple[str, ...]:
        self._require()
        with self._db.read() as session:
            return usernames(session)

    def export(self, path: Path, wanted: AuditFilter) -> int:
        self._require()
        from console.audit.export import export_events

        return export_events(self._db, path, wanted, Actor(self._user.id, self._user.username))

    def start_verification(self) -> ChainWalk:
        """A walk of the whole chain, stepped by the caller (any user's desk runs it at start)."""
        return ChainWalk(self._db, self._db.audit.key)

    def note_failure(self, result: VerifyResult) -> None:
        """Record that this desk found the chain broken (once per start)."""
        with self._db.write() as session:
            self._db.audit.record(session, action=AuditAction.AUDIT_VERIFY_FAILED, user_id=self._user.id,
                                  username=self._user.username, record_type="audit_event",
                                  record_id=result.bad_event, note=result.problem.split(":")[0][:200])
