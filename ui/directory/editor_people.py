"""The editor's people: the persons named at the service or its organization
(a training coordinator, an intake manager), each on rows of fields
(whom they belong to, name, title, department; email, their own line,
extension; "confidential"). Tab walks a person left to right, row by row;
"Add a person" appends one and puts the cursor in the name; "Remove" takes
the person out (the save deletes them). Errors of a person show under them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.services.directory_edit_forms import PersonForm
from ui.directory.editor_rows import EditorRowsPage
from ui.intake.fields import CodeCombo, ErrorLabel, watch

_FIELDS = ("owner", "name", "title", "department", "email", "phone", "extension")


class _Person(QFrame):
    """The fields of one person."""

    def __init__(self, page: PeoplePage, person: PersonForm, n: int):
        super().__init__(objectName=f"person_{n}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.id = person.id
        self.owner = CodeCombo([(page.tr("Service"), "service"), (page.tr("Organization"), "organization")])
        self.owner.set_code(person.owner)
        self.name = QLineEdit(person.name, maxLength=200, placeholderText=page.tr("e.g. Maria Lopez"))
        self.title = QLineEdit(person.title, maxLength=200, placeholderText=page.tr("e.g. Training Coordinator"))
        self.department = QLineEdit(person.department, maxLength=200)
        self.email = QLineEdit(person.email, maxLength=200, placeholderText="name@example.org")
        self.phone = QLineEdit(person.phone, maxLength=40, placeholderText="713-555-0100")
        self.extension = QLineEdit(person.extension, maxLength=20)
        self.extension.setMaximumWidth(page.fontMetrics().averageCharWidth() * 8 + 16)
        self.confidential = QCheckBox(page.tr("Confidential"), checked=person.confidential)
        self.remove = QPushButton(page.tr("Remove"))
        self.error = ErrorLabel(f"people_{n}")
        for name, widget, spoken in (
            ("owner", self.owner, page.tr("Person %1 belongs to")), ("name", self.name, page.tr("Person %1 name")),
            ("title", self.title, page.tr("Person %1 title")),
            ("department", self.department, page.tr("Person %1 department")),
            ("email", self.email, page.tr("Person %1 email")), ("phone", self.phone, page.tr("Person %1 phone")),
            ("extension", self.extension, page.tr("Person %1 extension")),
            ("confidential", self.confidential, page.tr("Person %1: email and phone for staff only")),
            ("remove", self.remove, page.tr("Remove person %1")),
        ):
            widget.setObjectName(f"person_{n}_{name}")
            widget.setAccessibleName(spoken.replace("%1", str(n + 1)))
        grid = QGridLayout(self)
        for col, (caption, widget) in enumerate(((page.tr("Belongs to"), self.owner), (page.tr("Name"), self.name),
                                                  (page.tr("Title"), self.title),
                                                  (page.tr("Department"), self.department))):
            grid.addWidget(self._caption(caption, widget), 0, col)
            grid.addWidget(widget, 1, col)
        for col, (caption, widget) in enumerate(((page.tr("Email"), self.email), (page.tr("Phone"), self.phone),
                                                  (page.tr("Ext."), self.extension)), start=1):
            grid.addWidget(self._caption(caption, widget), 2, col)
            if widget is not self.extension:  # placed below, kept narrow
                grid.addWidget(widget, 3, col)
        grid.addWidget(self.extension, 3, 3, Qt.AlignmentFlag.AlignLeft)
        grid.addWidget(self.confidential, 4, 1, 1, 2)  # after the fields it guards, as Tab reaches it
        grid.addWidget(self.remove, 4, 3, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.error, 5, 0, 1, 4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        watch(page.edited, self.owner, self.name, self.title, self.department, self.email, self.phone,
              self.extension, self.confidential)

    @staticmethod
    def _caption(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def widgets(self) -> tuple[QWidget, ...]:
        return (self.owner, self.name, self.title, self.department, self.email, self.phone, self.extension,
                self.confidential, self.remove)

    def form(self) -> PersonForm:
        return PersonForm(self.id, self.owner.code(), self.name.text(), self.title.text(), self.department.text(),
                          self.email.text(), self.phone.text(), self.extension.text(), self.confidential.isChecked())


class PeoplePage(EditorRowsPage):
    prefix, fields = "people", _FIELDS

    def __init__(self) -> None:
        self._list = QVBoxLayout()
        super().__init__(self._list, object_name="section_people", add_name="personAdd")
        self.add_button.setText(self.tr("&Add a person"))
        self.add_button.setAccessibleName(self.tr("Add a person"))
        self.note.setText(self.tr("People the hotline may ask for by name or title: a trainer, an intake "
                                  "manager. A confidential person's email and phone are for staff only; "
                                  "specialists see the name and title, and a public export leaves the "
                                  "email and phone out."))

    def person_count(self) -> int:
        return self.count()

    def _make(self, person: PersonForm, n: int) -> _Person:
        return _Person(self, person, n)

    def _place(self, person: _Person) -> None:
        self._list.addWidget(person)
        person.show()  # now, not on the layout's queued show: Tab may come before it

    def _unplace(self, person: _Person) -> None:
        self._list.removeWidget(person)
        person.deleteLater()

    def _blank(self) -> PersonForm:
        return PersonForm(owner="service")

    def _first_field(self, person: _Person) -> QWidget:
        return person.name

    def _field_label(self, name: str) -> str:
        return {"owner": self.tr("belongs to"), "name": self.tr("name"), "title": self.tr("title"),
                "department": self.tr("department"), "email": self.tr("email"), "phone": self.tr("phone"),
                "extension": self.tr("extension")}[name]
