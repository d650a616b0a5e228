"""The read-only, one-row-at-a-time tables of the panes (queue, directory)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget


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
