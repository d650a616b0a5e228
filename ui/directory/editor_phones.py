"""The editor's phone lines: one row of fields a line, each line belonging
to the service, its organization or its place, with its own "confidential"
box. Tab walks a row left to right; "Add a line" appends one and puts the
cursor in its number; "Remove" takes its row out (the save deletes it).
Errors of a line show under that line, in words.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from console.services.directory_edit_forms import PhoneForm
from ui.intake.fields import CodeCombo, ErrorLabel, note_label, watch

_FIELDS = ("owner", "number", "extension", "description")


class _Line:
    """The widgets of one phone line."""

    def __init__(self, page: PhonesPage, phone: PhoneForm, n: int):
        self.id = phone.id
        owners = [(page.tr("Service"), "service"), (page.tr("Organization"), "organization"),
                  (page.tr("Place"), "location")]
        self.owner = CodeCombo(owners)
        self.owner.set_code(phone.owner)
        self.number = QLineEdit(phone.number, maxLength=40, placeholderText="713-555-0100")
        self.extension = QLineEdit(phone.extension, maxLength=20)
        self.extension.setMaximumWidth(page.fontMetrics().averageCharWidth() * 8 + 16)
        self.description = QLineEdit(phone.description, maxLength=200, placeholderText=page.tr("e.g. Intake, 24 hours"))
        self.confidential = QCheckBox(page.tr("Confidential"), checked=phone.confidential)
        self.remove = QPushButton(page.tr("Remove"))
        self.error = ErrorLabel(f"phones_{n}")
        for name, widget, spoken in (
            ("owner", self.owner, page.tr("Line %1 belongs to")), ("number", self.number, page.tr("Line %1 number")),
            ("extension", self.extension, page.tr("Line %1 extension")),
            ("description", self.description, page.tr("Line %1 description")),
            ("confidential", self.confidential, page.tr("Line %1 is confidential")),
            ("remove", self.remove, page.tr("Remove line %1")),
        ):
            widget.setObjectName(f"phone_{n}_{name}")
            widget.setAccessibleName(spoken.replace("%1", str(n + 1)))
        watch(page.edited, self.owner, self.number, self.extension, self.description, self.confidential)

    def widgets(self) -> tuple[QWidget, ...]:
        return self.owner, self.number, self.extension, self.description, self.confidential, self.remove

    def form(self) -> PhoneForm:
        return PhoneForm(self.id, self.owner.code(), self.number.text(), self.extension.text(),
                         self.description.text(), self.confidential.isChecked())


class PhonesPage(QScrollArea):
    edited = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("section_phones")
        self.setWidgetResizable(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        body = QWidget()
        self._grid = QGridLayout()
        self._grid.setColumnStretch(3, 1)
        for col, text in enumerate((self.tr("Belongs to"), self.tr("Number"), self.tr("Ext."), self.tr("Description"))):
            self._grid.addWidget(QLabel(text), 0, col)
        self.add_button = QPushButton(self.tr("&Add a line"), objectName="phoneAdd")
        self.add_button.setAccessibleName(self.tr("Add a phone line"))
        self.add_button.clicked.connect(self._on_add_button_clicked)
        note = note_label(self.tr("A confidential line is for staff only: specialists see that it exists, "
                                  "not its number, and a public export leaves it out."))
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(body)
        layout.addLayout(self._grid)
        layout.addLayout(buttons)
        layout.addWidget(note)
        layout.addStretch(1)
        self.setWidget(body)
        self._lines: list[_Line] = []
        self._rows = 0

    def fill(self, phones: tuple[PhoneForm, ...]) -> None:
        for line in list(self._lines):
            self._drop(line)
        for phone in phones:
            self._add(phone)

    def values(self) -> tuple[PhoneForm, ...]:
        return tuple(line.form() for line in self._lines)

    def line_count(self) -> int:
        return len(self._lines)

    def show_errors(self, errors: dict[str, str]) -> QWidget | None:
        """Each line's errors under it; returns the first field in error."""
        first = None
        for i, line in enumerate(self._lines):
            found = [(name, errors[f"phones.{i}.{name}"]) for name in _FIELDS if f"phones.{i}.{name}" in errors]
            if not found:
                line.error.clear_message()
                continue
            line.error.show_message(" ".join(f"{self._field_label(name)}: {message.rstrip('.')}."
                                          for name, message in found))
            first = first or getattr(line, found[0][0])
        return first

    def _field_label(self, name: str) -> str:
        return {"owner": self.tr("belongs to"), "number": self.tr("number"), "extension": self.tr("extension"),
                "description": self.tr("description")}[name]

    def _add(self, phone: PhoneForm) -> _Line:
        line = _Line(self, phone, self._rows)
        row = 1 + 2 * self._rows
        self._rows += 1
        for col, widget in enumerate(line.widgets()):
            self._grid.addWidget(widget, row, col)
        self._grid.addWidget(line.error, row + 1, 0, 1, 6)
        line.remove.clicked.connect(lambda: self._on_remove_clicked(line))
        self._lines.append(line)
        self._order_tabs()
        return line

    def _drop(self, line: _Line) -> None:
        self._lines.remove(line)
        for widget in (*line.widgets(), line.error):
            self._grid.removeWidget(widget)
            widget.deleteLater()

    def _order_tabs(self) -> None:
        chain = [w for line in self._lines for w in line.widgets()] + [self.add_button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _on_add_button_clicked(self) -> None:
        line = self._add(PhoneForm(owner="service"))
        line.number.setFocus(Qt.FocusReason.OtherFocusReason)
        self.edited.emit()

    def _on_remove_clicked(self, line: _Line) -> None:
        self._drop(line)
        self._order_tabs()
        (self._lines[-1].number if self._lines else self.add_button).setFocus(Qt.FocusReason.OtherFocusReason)
        self.edited.emit()
