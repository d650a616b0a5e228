"""The read-only, one-row-at-a-time tables of the panes (queue, directory,
library, statistics): the view's settings and the models' common part."""

from __future__ import annotations

from operator import attrgetter

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

# The roles every row model answers besides Qt's own: the row's object (a
# DTO, for the panes), and a value that sorts as the column reads.
RowRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2


def list_table(
    parent: QWidget, name: str, accessible_name: str, model: QAbstractItemModel, column_chars: dict[int, int], padding: int
) -> QTableView:
    """A table that selects whole rows, never edits, and leaves Tab to move on.

    Columns get fixed widths from ``column_chars`` (average characters), not
    ResizeToContents, which would measure every row of a 10,000-row model.
    """
    table = QTableView(parent, objectName=name)
    table.setAccessibleName(accessible_name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)
    table.verticalHeader().hide()
    header, chars = table.horizontalHeader(), table.fontMetrics().averageCharWidth()
    for col, n in column_chars.items():
        header.resizeSection(col, n * chars + padding)
    header.setHighlightSections(False)
    return table


class RowsModel(QAbstractTableModel):
    """A flat table of ``_rows`` under ``_headers`` (set by the subclass): the
    counting and the header every such model repeats. Subclasses answer ``data``."""

    _rows: list
    _headers: tuple[str, ...]
    _key = ""  # the attribute that names a row (an id): set_rows and row_of match rows by it

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self._headers)):
            return self._headers[section]
        return None

    def row_at(self, index: QModelIndex | QPersistentModelIndex):
        """The row behind ``index``, or None for an index outside the rows."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._rows[index.row()]

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        """Read-only rows: selectable, never edited, no children."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def hit(self, row: int):
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, key) -> int | None:
        return next((row for row, item in enumerate(self._rows) if getattr(item, self._key) == key), None)

    def set_rows(self, rows) -> None:
        """Show ``rows``: the same rows in the same order change in place
        (selection and scroll stay), any other list resets the model."""
        rows = list(rows)
        key = attrgetter(self._key)
        if list(map(key, rows)) == list(map(key, self._rows)):
            changed = [i for i, (new, old) in enumerate(zip(rows, self._rows)) if new != old]
            self._rows = rows
            if changed:
                self.dataChanged.emit(self.index(min(changed), 0), self.index(max(changed), len(self._headers) - 1))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()


class TextRowsModel(RowsModel):
    """Rows read as text, a column at a time (``_text``): the table shows that
    text and sorts by it, folded, unless ``_sort_value`` gives a value of its
    own (a number, a date); ``_tooltip`` says more about a row and ``_other``
    answers any other role. ``RowRole`` gives the row itself."""

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        row = self.row_at(index)
        if row is None:
            return None
        if role == RowRole:
            return row
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == SortRole:
            value = self._sort_value(row, column)
            return self._text(row, column).casefold() if value is None else value
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row)
        return self._other(row, column, role)

    def _text(self, row, column: int) -> str:
        raise NotImplementedError

    def _sort_value(self, row, column: int):
        """A column's own sort value; None (this default): its text, folded."""

    def _tooltip(self, row) -> str | None:
        """What more to say of a row when pointed at; None: nothing."""

    def _other(self, row, column: int, role: int):
        """Any other role's value (alignment, font...); None: Qt's default."""
