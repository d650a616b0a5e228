"""The editor's phone lines: one row of fields a line, each line belonging
to the service, its organization or its place, with its own "confidential"
box. Tab walks a row left to right; "Add a line" appends one and puts the
cursor in its number; "Remove" takes its row out (the save deletes it).
Errors of a line show under that line, in words.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from console.services.directory_edit_forms import PhoneForm
from ui.directory.editor_rows import EditorRowsPage
from ui.intake.fields import CodeCombo, ErrorLabel, watch

_FIELDS = ("owner", "number", "extension", "description")


class _Line:
    """The widgets of one phone line."""

    def __init__(self, page: PhonesPage, phone: PhoneForm, n: int):
        self.id, self.n = phone.id, n
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


class PhonesPage(EditorRowsPage):
    prefix, fields = "phones", _FIELDS

    def __init__(self) -> None:
        self._grid = QGridLayout()
        super().__init__(self._grid, object_name="section_phones", add_name="phoneAdd")
        self.add_button.setText(self.tr("&Add a line"))
        self.add_button.setAccessibleName(self.tr("Add a phone line"))
        self.note.setText(self.tr("A confidential line is for staff only: specialists see that it exists, "
                                  "not its number, and a public export leaves it out."))
        self._grid.setColumnStretch(3, 1)
        for col, text in enumerate((self.tr("Belongs to"), self.tr("Number"), self.tr("Ext."), self.tr("Description"))):
            self._grid.addWidget(QLabel(text), 0, col)

    def line_count(self) -> int:
        return self.count()

    def _make(self, phone: PhoneForm, n: int) -> _Line:
        return _Line(self, phone, n)

    def _place(self, line: _Line) -> None:
        row = 1 + 2 * line.n
        for col, widget in enumerate(line.widgets()):
            self._grid.addWidget(widget, row, col)
            widget.show()  # now, not on the layout's queued show: Tab may come before it
        self._grid.addWidget(line.error, row + 1, 0, 1, 6)

    def _unplace(self, line: _Line) -> None:
        for widget in (*line.widgets(), line.error):
            self._grid.removeWidget(widget)
            widget.deleteLater()

    def _blank(self) -> PhoneForm:
        return PhoneForm(owner="service")

    def _first_field(self, line: _Line) -> QWidget:
        return line.number

    def _field_label(self, name: str) -> str:
        return {"owner": self.tr("belongs to"), "number": self.tr("number"), "extension": self.tr("extension"),
                "description": self.tr("description")}[name]
