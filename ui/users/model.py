"""The admins' user list as a table: one row per ``UserRow``, by user name.

The state column says in words what an admin needs to know before acting:
active, disabled, locked (until when, on this desk's clock), or no password
yet (the account cannot sign in until an admin sets one). Locks run out by
themselves, so the state is worked out against the clock when it is read.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
)

from console.services.users import UserRow
from ui.labels import label
from ui.tables import TextRowsModel

COL_USERNAME, COL_NAME, COL_ROLE, COL_STATE, COL_CHANGED = range(5)

_CONTEXT = "UsersModel"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def is_locked(row: UserRow, now: datetime) -> bool:
    """Locked by wrong passwords, and the lock has not yet run out."""
    return row.locked_until is not None and _utc(row.locked_until) > now


def state_text(row: UserRow, now: datetime) -> str:
    if not row.active:
        return _tr("disabled")
    if is_locked(row, now):
        until = _utc(row.locked_until).astimezone()  # type: ignore[arg-type]
        return _tr("locked until %1").replace("%1", f"{until:%H:%M}")
    if not row.has_password:
        return _tr("no password yet")
    if row.info.must_change_password:
        return _tr("active (temporary password)")
    return _tr("active")


def changed_text(row: UserRow) -> str:
    moment = row.password_changed_at
    return "" if moment is None else f"{_utc(moment).astimezone():%Y-%m-%d}"


def sort_key(row: UserRow) -> tuple[str, int]:
    return row.info.username.casefold(), row.info.id


class UsersModel(TextRowsModel):
    _key = "info.id"  # set_rows compares rows by it (attrgetter reads dotted names)

    def __init__(self, parent: QObject | None = None, *, now: Callable[[], datetime] = lambda: datetime.now(UTC)):
        super().__init__(parent)
        self._rows: list[UserRow] = []
        self._now = now
        self._headers = (self.tr("User name"), self.tr("Full name"), self.tr("Role"), self.tr("State"),
                         self.tr("Password changed"))

    def set_rows(self, rows) -> None:
        """The users sorted by user name (unique, and what people sign in with)."""
        super().set_rows(sorted(rows, key=sort_key))

    def row_of(self, key) -> int | None:
        return next((row for row, item in enumerate(self._rows) if item.info.id == key), None)

    def locked(self, row: UserRow) -> bool:
        return is_locked(row, self._now())

    def _sort_value(self, row: UserRow, column: int):
        if column == COL_CHANGED:
            return row.password_changed_at.isoformat() if row.password_changed_at else ""
        return None

    def _tooltip(self, row: UserRow) -> str:
        return f"{row.info.display_name} ({row.info.username}) · {label(row.info.role)} · {self._text(row, COL_STATE)}"

    def _text(self, row: UserRow, column: int) -> str:
        if column == COL_USERNAME:
            return row.info.username
        if column == COL_NAME:
            return row.info.display_name
        if column == COL_ROLE:
            return label(row.info.role)
        if column == COL_STATE:
            return state_text(row, self._now())
        if column == COL_CHANGED:
            return changed_text(row)
        return ""
