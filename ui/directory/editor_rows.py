"""What the editor's Phones and People pages share: a list of entries, each a
set of fields with its own error line and a "Remove" button, under which an
"Add" button appends one. Tab walks the entries in order and ends on "Add";
adding puts the cursor in the new entry's first field, removing puts it in
the last entry left (or on "Add"). Errors arrive keyed ``<prefix>.<i>.<field>``
(``phones.1.number``) and show under their entry, in words.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.intake.fields import note_label


class EditorRowsPage(QScrollArea):
    """Subclasses say how an entry is made and placed, and name its fields."""

    edited = Signal()
    prefix = ""  # the error keys' first part
    fields: tuple[str, ...] = ()  # the fields errors may name, in the order they are reported

    def __init__(self, entries: QLayout, *, object_name: str, add_name: str) -> None:
        """``entries``: the layout the entries go in (``_place``), above "Add". The
        subclass then words ``add_button`` and ``note``."""
        super().__init__()
        self.setObjectName(object_name)
        self.setWidgetResizable(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        body = QWidget()
        self.add_button = QPushButton(objectName=add_name)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.note = note_label("")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(body)
        layout.addLayout(entries)
        layout.addLayout(buttons)
        layout.addWidget(self.note)
        layout.addStretch(1)
        self.setWidget(body)
        self._rows: list[Any] = []
        self._made = 0  # entries ever made: their object names stay unique

    # -- what a subclass provides -------------------------------------------------

    def _make(self, form, n: int):
        """A new entry for ``form`` (it has ``widgets()``, ``form()``, ``remove``, ``error``)."""
        raise NotImplementedError

    def _place(self, row) -> None:
        raise NotImplementedError

    def _unplace(self, row) -> None:
        raise NotImplementedError

    def _blank(self):
        """The form of a new, empty entry."""
        raise NotImplementedError

    def _first_field(self, row) -> QWidget:
        raise NotImplementedError

    def _field_label(self, name: str) -> str:
        raise NotImplementedError

    # -- the list -------------------------------------------------------------------

    def fill(self, forms: tuple) -> None:
        for row in list(self._rows):
            self._drop(row)
        for form in forms:
            self._add(form)

    def values(self) -> tuple:
        return tuple(row.form() for row in self._rows)

    def count(self) -> int:
        return len(self._rows)

    def entries(self) -> tuple:
        """The entries shown, in order (their widgets are attributes: ``number``, ``name``...)."""
        return tuple(self._rows)

    def show_errors(self, errors: dict[str, str]) -> QWidget | None:
        """Each entry's errors under it; returns the first field in error."""
        first = None
        for i, row in enumerate(self._rows):
            found = [(name, errors[key]) for name in self.fields if (key := f"{self.prefix}.{i}.{name}") in errors]
            if not found:
                row.error.clear_message()
                continue
            row.error.show_message(" ".join(f"{self._field_label(name)}: {message.rstrip('.')}."
                                            for name, message in found))
            first = first or getattr(row, found[0][0])
        return first

    def _add(self, form):
        row = self._make(form, self._made)
        self._made += 1
        self._place(row)
        row.remove.clicked.connect(lambda: self._on_remove_clicked(row))
        self._rows.append(row)
        self._order_tabs()
        return row

    def _drop(self, row) -> None:
        self._rows.remove(row)
        self._unplace(row)

    def _order_tabs(self) -> None:
        chain = [w for row in self._rows for w in row.widgets()] + [self.add_button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _on_add_button_clicked(self) -> None:
        row = self._add(self._blank())
        self.ensureWidgetVisible(self._first_field(row))
        self._first_field(row).setFocus(Qt.FocusReason.OtherFocusReason)
        self.edited.emit()

    def _on_remove_clicked(self, row) -> None:
        self._drop(row)
        self._order_tabs()
        (self._first_field(self._rows[-1]) if self._rows else self.add_button).setFocus(
            Qt.FocusReason.OtherFocusReason)
        self.edited.emit()
