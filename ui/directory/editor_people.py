"""The editor's people: the persons named at the service or its organization
(a training coordinator, an intake manager), each on rows of fields
(whom they belong to, name, title, department; email, their own line,
extension; "confidential"). Tab walks a person left to right, row by row;
"Add a person" appends one and puts the cursor in the name; "Remove" takes
the person out (the save deletes them). Errors of a person show under them.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from console.services.directory_edit_forms import PersonForm
from ui.intake.fields import CodeCombo, ErrorLabel, note_label, watch

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


class PeoplePage(QScrollArea):
    edited = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("section_people")
        self.setWidgetResizable(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        body = QWidget()
        self._list = QVBoxLayout()
        self.add_button = QPushButton(self.tr("&Add a person"), objectName="personAdd")
        self.add_button.setAccessibleName(self.tr("Add a person"))
        self.add_button.clicked.connect(self._on_add_button_clicked)
        note = note_label(self.tr("People the hotline may ask for by name or title: a trainer, an intake "
                                  "manager. A confidential person's email and phone are for staff only; "
                                  "specialists see the name and title, and a public export leaves the "
                                  "email and phone out."))
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(body)
        layout.addLayout(self._list)
        layout.addLayout(buttons)
        layout.addWidget(note)
        layout.addStretch(1)
        self.setWidget(body)
        self._people: list[_Person] = []
        self._made = 0

    def fill(self, people: tuple[PersonForm, ...]) -> None:
        for person in list(self._people):
            self._drop(person)
        for person in people:
            self._add(person)

    def values(self) -> tuple[PersonForm, ...]:
        return tuple(person.form() for person in self._people)

    def person_count(self) -> int:
        return len(self._people)

    def show_errors(self, errors: dict[str, str]) -> QWidget | None:
        """Each person's errors under them; returns the first field in error."""
        first = None
        for i, person in enumerate(self._people):
            found = [(name, errors[f"people.{i}.{name}"]) for name in _FIELDS if f"people.{i}.{name}" in errors]
            if not found:
                person.error.clear_message()
                continue
            person.error.show_message(" ".join(f"{self._field_label(name)}: {message.rstrip('.')}."
                                          for name, message in found))
            first = first or getattr(person, found[0][0])
        return first

    def _field_label(self, name: str) -> str:
        return {"owner": self.tr("belongs to"), "name": self.tr("name"), "title": self.tr("title"),
                "department": self.tr("department"), "email": self.tr("email"), "phone": self.tr("phone"),
                "extension": self.tr("extension")}[name]

    def _add(self, person: PersonForm) -> _Person:
        shown = _Person(self, person, self._made)
        self._made += 1
        self._list.addWidget(shown)
        shown.remove.clicked.connect(lambda: self._on_remove_clicked(shown))
        self._people.append(shown)
        self._order_tabs()
        return shown

    def _drop(self, person: _Person) -> None:
        self._people.remove(person)
        self._list.removeWidget(person)
        person.deleteLater()

    def _order_tabs(self) -> None:
        chain = [w for person in self._people for w in person.widgets()] + [self.add_button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _on_add_button_clicked(self) -> None:
        person = self._add(PersonForm(owner="service"))
        self.ensureWidgetVisible(person)
        person.name.setFocus(Qt.FocusReason.OtherFocusReason)
        self.edited.emit()

    def _on_remove_clicked(self, person: _Person) -> None:
        self._drop(person)
        self._order_tabs()
        (self._people[-1].name if self._people else self.add_button).setFocus(Qt.FocusReason.OtherFocusReason)
        self.edited.emit()
