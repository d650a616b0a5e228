"""Library use as a table: one row per item (title, kind, language, a count
per way it was sent, total), in the order the service gave (most sent
first). Counts are the suppressed texts (``<3``, ``x``); an item sent too few
times to split shows a dash under each method, explained by its tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from console.services.statistics_library import NO_SPLIT, ItemUse, LibraryUse
from console.suppression import SMALL, Cell
from ui.labels import label
from ui.library.model import language_name
from ui.tables import RowRole, RowsModel, SortRole

COL_TITLE, COL_KIND, COL_LANGUAGE, COL_FIRST_METHOD = range(4)

_DISPLAY = Qt.ItemDataRole.DisplayRole


def column_label(key: str, code: str) -> str:
    """How a kind, language or method reads (the CSV export uses the same)."""
    return language_name(code) if key == "language" else label(code)


class LibraryUseModel(RowsModel):
    _key = "item_id"

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[ItemUse] = []
        self._methods: tuple[str, ...] = ()
        self._headers = self._headers_for(())

    def _headers_for(self, methods: tuple[str, ...]) -> tuple[str, ...]:
        return (self.tr("Title"), self.tr("Kind"), self.tr("Language"), *(label(m) for m in methods),
                self.tr("Total"))

    @property
    def total_column(self) -> int:
        return COL_FIRST_METHOD + len(self._methods)

    def set_use(self, use: LibraryUse | None) -> None:
        self.beginResetModel()  # a recount for another period: new rows, maybe new columns
        self._methods = use.methods if use is not None else ()
        self._headers = self._headers_for(self._methods)
        self._rows = list(use.items) if use is not None else []
        self.endResetModel()

    def _cell(self, item: ItemUse, column: int) -> Cell | None:
        if column == self.total_column:
            return item.total
        index = column - COL_FIRST_METHOD
        return item.cells[index] if 0 <= index < len(item.cells) else None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY):
        item = self.row_at(index)
        if item is None:
            return None
        column = index.column()
        if role == RowRole:
            return item
        if column < COL_FIRST_METHOD:
            text = (item.title, label(item.kind) if item.kind else self.tr("(removed)"),
                    language_name(item.language) if item.language else "")[column]
            if role == _DISPLAY:
                return text
            if role == SortRole:
                return text.casefold()
            if role == Qt.ItemDataRole.ToolTipRole and column == COL_TITLE and item.item_id is None:
                return self.tr("No longer in the library: counted under the title it was sent with")
            return None
        cell = self._cell(item, column)
        if role == _DISPLAY:
            return NO_SPLIT if cell is None else cell.text
        if role == SortRole:
            return 0 if cell is None or cell.count is None else cell.count
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if cell is None:
                return self.tr("Too few sends to split by method without giving a 1 or 2 away")
            if cell.mark == SMALL:
                return self.tr("1 or 2")
            if cell.mark:
                return self.tr("Withheld so that a small count cannot be worked out")
        return None
