"""A list of things given on a contact, one framed row each: what it is
(read-only), a code, a line of text, Remove. The Outcome section's referrals
(``section_outcome``) and library materials (``materials``) are such lists.

A row's controls come in Tab order right after the list's ``anchor`` (the
widget before it: set explicitly when lists follow each other, since rows
added later would otherwise land wherever Qt's focus chain put them); when
the last row goes, focus moves to ``after``. The list is its label's buddy
through its first row.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ui.intake.fields import CodeCombo, ErrorLabel, chain_tab_order, note_label, preceding_focusable, watch


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class EntryRow(QFrame):
    """One entry: ``title`` (rich text, escaped by the caller), ``choice``, ``text``, ``remove``."""

    edited = Signal()
    remove_requested = Signal(object)

    def __init__(self, title: str, codes: type[StrEnum], code: str, text: str, placeholder: str, error: str) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        heading = QLabel(title)
        heading.setTextFormat(Qt.TextFormat.RichText)
        heading.setWordWrap(True)
        self.choice = CodeCombo(codes)
        self.choice.set_code(code)
        self.text = QLineEdit(text)
        self.text.setPlaceholderText(placeholder)
        self.remove = QPushButton(self.tr("Remove"))
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))
        self.error = ErrorLabel(error)
        controls = QHBoxLayout()
        controls.addWidget(self.choice)
        controls.addWidget(self.text, 1)
        controls.addWidget(self.remove)
        box = QVBoxLayout(self)
        box.setContentsMargins(8, 6, 8, 6)
        box.setSpacing(4)
        box.addWidget(heading)
        box.addLayout(controls)
        box.addWidget(self.error)
        watch(self.edited, self.choice, self.text)

    def key(self) -> object:
        """Two rows with the same key (not None) are the same entry: ``add`` refuses the second."""
        return None

    def set_names(self, at: str) -> None:
        """Object names under ``at`` (``referrals.0``); accessible names say what each control is of."""
        raise NotImplementedError

    def value(self):
        raise NotImplementedError


class EntryList(QWidget):
    changed = Signal()

    def __init__(self, name: str, empty: str, row_type: Callable[[object], EntryRow]) -> None:
        super().__init__()
        self.setObjectName(name)
        self._row_type = row_type
        self._empty = note_label(empty)
        self._box = QVBoxLayout(self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.addWidget(self._empty)
        self.rows: list[EntryRow] = []
        self.anchor: Callable[[], QWidget] | None = None  # the control before the rows (else the chain's)
        self.after: QWidget | None = None  # where focus goes when the last row is removed
        self.label: QLabel | None = None  # its row's label, whose buddy is the first row's code
        self._refresh()

    def values(self) -> tuple:
        return tuple(row.value() for row in self.rows)

    def set_values(self, values) -> None:
        while self.rows:
            self._drop(self.rows[-1])
        for value in values:
            self._append(value)
        self._refresh()

    def add(self, value) -> bool:
        row = self._row_type(value)
        if row.key() is not None and any(r.key() == row.key() for r in self.rows):
            row.deleteLater()
            return False
        self._append(value, row)
        self._refresh()
        self.changed.emit()
        return True

    def remove_row(self, row: EntryRow) -> None:
        index = self.rows.index(row)
        self._drop(row)
        self._refresh()
        if self.rows:
            self.rows[min(index, len(self.rows) - 1)].choice.setFocus()
        elif self.after is not None:
            self.after.setFocus()
        self.changed.emit()

    def last_control(self) -> QWidget | None:
        return self.rows[-1].remove if self.rows else None

    def _append(self, value, row: EntryRow | None = None) -> None:
        row = row or self._row_type(value)
        row.edited.connect(self.changed)
        row.remove_requested.connect(self.remove_row)
        self._box.addWidget(row)
        row.show()  # at once, not on the next event-loop turn: focus may go there now
        self.rows.append(row)

    def _drop(self, row: EntryRow) -> None:
        self.rows.remove(row)
        self._box.removeWidget(row)
        row.hide()
        row.setParent(None)
        row.deleteLater()

    def _refresh(self) -> None:
        for i, row in enumerate(self.rows):
            row.set_names(f"{self.objectName()}.{i}")
        self._empty.setVisible(not self.rows)
        # No focus proxy here: Qt 6.12 moves a widget after a grandchild proxy in the focus
        # chain, which makes Tab loop through the rows. The label's buddy follows the first row.
        anchor = self.anchor() if self.anchor is not None else preceding_focusable(self)
        chain_tab_order(anchor, [w for row in self.rows for w in (row.choice, row.text, row.remove)])
        if self.label is not None:
            self.label.setBuddy(self.rows[0].choice if self.rows else self)
