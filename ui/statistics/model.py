"""One breakdown as a table: category, count (or <3 / x), percent of the
total; a last row for the total. A withheld table has one row that says so."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from console.services.statistics import Breakdown
from console.suppression import SMALL, Cell
from ui.statistics.names import cell_label
from ui.tables import RowsModel, SortRole

COL_CATEGORY, COL_COUNT, COL_PERCENT = range(3)

_DISPLAY = Qt.ItemDataRole.DisplayRole


class BreakdownModel(RowsModel):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._breakdown: Breakdown | None = None
        self._rows: list[tuple[str, Cell | None, bool]] = []  # (category text, cell, is the total)
        self._headers = (self.tr("Category"), self.tr("Count"), self.tr("Percent"))
        self._bold = QFont()
        self._bold.setBold(True)

    def set_breakdown(self, breakdown: Breakdown | None) -> None:
        self.beginResetModel()
        self._breakdown = breakdown
        self._rows = []
        if breakdown is not None:
            if breakdown.withheld:
                self._rows.append((self.tr("Withheld: too few contacts to show by category"), None, False))
            self._rows += [(cell_label(breakdown.key, c.code), c, False) for c in breakdown.cells]
            if breakdown.total is not None:
                self._rows.append((self.tr("Total"), breakdown.total, True))
        self.endResetModel()

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        text, cell, is_total = self._rows[index.row()]
        column = index.column()
        if role == _DISPLAY:
            if column == COL_CATEGORY:
                return text
            if cell is None:
                return ""
            if column == COL_COUNT:
                return cell.text
            share = None if is_total or self._breakdown is None else self._breakdown.share(cell)
            return "" if share is None else f"{100 * share:.1f} %"
        if role == SortRole:
            if column == COL_CATEGORY:
                return text.casefold()
            return 0 if cell is None or cell.count is None else cell.count
        if role == Qt.ItemDataRole.FontRole and is_total:
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole and column != COL_CATEGORY:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and cell is not None and cell.mark:
            if cell.mark == SMALL:
                return self.tr("1 or 2")
            return self.tr("Withheld so that a small count cannot be worked out")
        return None
