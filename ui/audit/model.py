"""Audit events as a table: newest first, one row per event (``AuditRow``)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from console.audit.browse import AuditRow
from ui.tables import RowRole, RowsModel, SortRole

COL_ID, COL_AT, COL_USER, COL_ACTION, COL_RECORD, COL_FIELDS, COL_NOTE = range(7)
_DISPLAY = Qt.ItemDataRole.DisplayRole


class AuditEventsModel(RowsModel):
    _key = "id"

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[AuditRow] = []
        self._headers = (self.tr("#"), self.tr("When (UTC)"), self.tr("User"), self.tr("Action"), self.tr("Record"),
                         self.tr("Fields"), self.tr("Note"))

    def append_rows(self, rows: tuple[AuditRow, ...]) -> None:
        """The next (older) page, below the rows shown."""
        if not rows:
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    @property
    def oldest_id(self) -> int | None:
        return self._rows[-1].id if self._rows else None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY):
        row = self.row_at(index)
        if row is None:
            return None
        if role == RowRole:
            return row
        column = index.column()
        if role == SortRole:
            return row.id if column in (COL_ID, COL_AT) else (self.data(index) or "").casefold()
        if role != _DISPLAY:
            return None
        if column == COL_ID:
            return str(row.id)
        if column == COL_AT:
            return row.at.strftime("%Y-%m-%d %H:%M:%S")
        if column == COL_USER:
            return row.username
        if column == COL_ACTION:
            return row.action.replace("_", " ")
        if column == COL_RECORD:
            return " #".join(filter(None, (row.record_type, row.record_id)))
        if column == COL_FIELDS:
            return row.fields.replace(",", ", ")
        return row.note
