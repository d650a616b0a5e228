"""Search results as a table: one row per ``ServiceHit``, in the order the
directory ranked them.

Each search brings a new list, so ``set_rows`` resets the model, except when
the same services come back in the same order (a repeated search): then the
rows are updated in place and the view keeps its selection.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from console.services.directory import ServiceHit
from ui.labels import label

COL_ORGANIZATION, COL_SERVICE, COL_PLACE, COL_CATEGORIES = range(4)
COLUMN_COUNT = 4

RowRole = Qt.ItemDataRole.UserRole + 1  # the ServiceHit
SortRole = Qt.ItemDataRole.UserRole + 2  # a value that sorts like the column reads

_DISPLAY, _TOOLTIP = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole


def place(hit: ServiceHit) -> str:
    return ", ".join(part for part in (hit.city, hit.state) if part)


def category_labels(hit: ServiceHit) -> str:
    return ", ".join(label(code) for code in hit.categories)


def population_labels(hit: ServiceHit) -> str:
    return ", ".join(label(code) for code in hit.populations)


class ServiceHitModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[ServiceHit] = []
        self._headers = (self.tr("Organization"), self.tr("Service"), self.tr("Place"), self.tr("Categories"))

    # -- the table ------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY):
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY and 0 <= section < COLUMN_COUNT:
            return self._headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        hit = self._rows[index.row()]
        if role == RowRole:
            return hit
        if role == _DISPLAY:
            return self._text(hit, index.column())
        if role == SortRole:
            return self._text(hit, index.column()).casefold()
        if role == _TOOLTIP:
            lines = [f"{hit.organization_name} — {hit.service_name}", place(hit)]
            if hit.categories:
                lines.append(self.tr("Categories: %1").replace("%1", category_labels(hit)))
            if hit.populations:
                lines.append(self.tr("For: %1").replace("%1", population_labels(hit)))
            return "\n".join(line for line in lines if line)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    @staticmethod
    def _text(hit: ServiceHit, column: int) -> str:
        if column == COL_ORGANIZATION:
            return hit.organization_name
        if column == COL_SERVICE:
            return hit.service_name
        if column == COL_PLACE:
            return place(hit)
        if column == COL_CATEGORIES:
            return category_labels(hit)
        return ""

    # -- updates --------------------------------------------------------------
    def set_rows(self, hits: Sequence[ServiceHit]) -> None:
        hits = list(hits)
        if [h.service_id for h in hits] == [h.service_id for h in self._rows]:
            changed = [i for i, (new, old) in enumerate(zip(hits, self._rows)) if new != old]
            self._rows = hits
            if changed:
                self.dataChanged.emit(self.index(min(changed), 0), self.index(max(changed), COLUMN_COUNT - 1))
            return
        self.beginResetModel()
        self._rows = hits
        self.endResetModel()

    def hit(self, row: int) -> ServiceHit | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, service_id: str) -> int | None:
        for row, hit in enumerate(self._rows):
            if hit.service_id == service_id:
                return row
        return None
