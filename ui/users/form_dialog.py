"""What the users window's dialogs share: labelled fields with an error
under each, a message line for the rest, and a submit that runs the service
call on the database worker.

The dialog stays open until the service has stored the change; a problem
the service names by field shows under that field with the cursor on it.
Two password fields that differ are caught here, before anything is sent.
Passwords are never logged; the fields are emptied whenever the dialog
closes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from console.errors import ConsoleError, NotFound, PermissionDenied, ValidationError
from console.services.users import UserInfo
from console.vocabulary import Role
from ui.intake.fields import ErrorLabel, FieldRow, clear_field_errors, form_row, note_label, show_field_errors
from ui.labels import choices, label

log = logging.getLogger(__name__)


def tell(parent: QWidget, title: str, text: str) -> None:
    """A problem that belongs to no field, in a message box (one place, so tests can stand in)."""
    QMessageBox.warning(parent, title, text)


def role_combo(current: Role = Role.SPECIALIST) -> QComboBox:
    combo = QComboBox()
    for text, code in choices(Role):
        combo.addItem(text, code)
    combo.setCurrentIndex(max(0, combo.findData(Role(current).value)))
    return combo


def password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setInputMethodHints(Qt.InputMethodHint.ImhHiddenText | Qt.InputMethodHint.ImhNoPredictiveText
                             | Qt.InputMethodHint.ImhSensitiveData)
    edit.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    return edit


class UserFormDialog(QDialog):
    saved = Signal(object)  # the UserInfo as stored

    def __init__(self, name: str, title: str, submit_text: str, worker, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._worker = worker
        self._rows: dict[str, FieldRow] = {}  # in visual order
        self._pairs: list[tuple[QLineEdit, QLineEdit]] = []  # (password, repeat)
        self.general_error = ErrorLabel(f"{name}General")
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(submit_text)
        self.ok_button.setObjectName(f"{name}Ok")
        self.ok_button.setAccessibleName(submit_text.replace("&", ""))
        self.ok_button.setDefault(True)
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName(f"{name}Cancel")
        cancel.setAccessibleName(self.tr("Cancel without changing anything"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(self.general_error)
        self._layout.addLayout(self.form)
        self._buttons = buttons
        self.setMinimumWidth(460)

    def add_intro(self, user: UserInfo) -> None:
        """Whose account this is, above the fields (the title bar is easy to miss)."""
        intro = QLabel(f"{user.display_name} ({user.username}) · {label(user.role)}", objectName="userDialogIntro")
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setAccessibleName(self.tr("User"))
        font = intro.font()
        font.setBold(True)
        intro.setFont(font)
        self._layout.insertWidget(0, intro)

    def finish_layout(self, note: str = "") -> None:
        if note:
            self._layout.addWidget(note_label(note))
        self._layout.addWidget(self._buttons)

    def add_row(self, field: str, caption: str, widget: QWidget, accessible: str | None = None) -> None:
        self._rows[field] = form_row(self.form, caption, widget, field, accessible=accessible)

    def add_passwords(self, caption: str, repeat_caption: str, accessible: str) -> tuple[QLineEdit, QLineEdit]:
        password, repeat = password_edit(), password_edit()
        self.add_row("password", caption, password, accessible)
        self.add_row("repeat", repeat_caption, repeat, self.tr("%1, again").replace("%1", accessible))
        self._pairs.append((password, repeat))
        return password, repeat

    # -- submitting --------------------------------------------------------------

    def work(self) -> Callable[[], Any]:
        """The service call to run on the worker (a subclass's)."""
        raise NotImplementedError

    def submit(self) -> None:
        if not self.ok_button.isEnabled():
            return  # the last submit has not been answered yet
        self._clear_errors()
        if any(password.text() != repeat.text() for password, repeat in self._pairs):
            self.show_errors({"repeat": self.tr("The two passwords differ: type the same password in both.")})
            return
        self.ok_button.setEnabled(False)
        self._worker.submit(self.work(), self._on_saved, self._on_failed, owner=self)

    def _on_saved(self, info) -> None:
        self.saved.emit(info)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.show_errors(exc.errors)
        elif isinstance(exc, (PermissionDenied, NotFound)):
            tell(self, self.windowTitle(), str(exc))
            self.reject()  # trying again would not help
        elif isinstance(exc, ConsoleError):
            self.general_error.show_message(str(exc))
        else:
            log.warning("a user change failed: %s", type(exc).__name__)  # never the values: they hold passwords
            self.general_error.show_message(self.tr("Nothing was changed: the database did not answer. Try again."))

    def show_errors(self, errors: dict[str, str]) -> None:
        first = show_field_errors(self._rows, errors, self.general_error)
        if first is not None and isinstance(first.field, QLineEdit):
            first.field.selectAll()

    def _clear_errors(self) -> None:
        clear_field_errors(self._rows, self.general_error)

    def done(self, result: int) -> None:
        for password, repeat in self._pairs:
            password.clear()
            repeat.clear()
        super().done(result)

