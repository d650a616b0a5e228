"""The shape every sign-in dialog shares: labelled fields, an error beside
each field, one message line for the rest, and a submit that calls a service.

The service call (an argon2 check, ~0.2 s) runs on the GUI thread behind a
busy cursor: short, and nothing else can happen before it answers anyway.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from console.errors import ConsoleError, ValidationError
from ui.announce import announce


class CredentialsDialog(QDialog):
    def __init__(self, title: str, intro: str, submit_text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.result_value = None
        self._fields: dict[str, QLineEdit] = {}
        self._errors: dict[str, QLabel] = {}
        self.intro = QLabel(intro, objectName="intro", wordWrap=True)
        self.form = QFormLayout()
        self.message = QLabel(objectName="message", wordWrap=True)
        self.message.setAccessibleName(self.tr("Sign-in message"))
        self.message.setStyleSheet("color: #a40000; font-weight: 600;")
        self.message.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(submit_text)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)

    def add_field(self, key: str, caption: str, *, secret: bool = False, text: str = "") -> QLineEdit:
        edit = QLineEdit(text, objectName=key)
        edit.setAccessibleName(caption.replace("&", ""))
        if secret:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setInputMethodHints(Qt.InputMethodHint.ImhHiddenText | Qt.InputMethodHint.ImhNoPredictiveText)
        label = QLabel(caption)
        label.setBuddy(edit)
        error = QLabel(objectName=f"{key}Error", wordWrap=True)
        error.setStyleSheet("color: #a40000;")
        error.hide()
        self.form.addRow(label, edit)
        self.form.addRow("", error)
        self._fields[key], self._errors[key] = edit, error
        return edit

    def value(self, key: str) -> str:
        return self._fields[key].text()

    def work(self) -> object:
        """The service call; raises ``ConsoleError`` to stay open with its message."""
        raise NotImplementedError

    def _submit(self) -> None:
        for error in self._errors.values():
            error.hide()
        self.message.hide()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.result_value = self.work()
        except ValidationError as exc:
            self._show_field_errors(exc.errors)
            return
        except ConsoleError as exc:
            self._show_message(str(exc))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.accept()

    def _show_field_errors(self, errors: dict[str, str]) -> None:
        first = None
        for key, text in errors.items():
            target = self._errors.get(key)
            if target is None:
                self._show_message(text)
                continue
            target.setText(text)
            target.show()
            first = first or self._fields[key]
        if first is not None:
            first.setFocus()
            first.selectAll()
            announce(self, " ".join(errors.values()), assertive=True)

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        announce(self, text, assertive=True)
        secrets = [edit for edit in self._fields.values() if edit.echoMode() == QLineEdit.EchoMode.Password]
        for edit in secrets:
            edit.clear()
        if secrets:
            secrets[0].setFocus()

    def ask(self):
        """Show modally; the service's answer, or None when cancelled."""
        getattr(self, "first_focus", next(iter(self._fields.values()))).setFocus()
        return self.result_value if self.exec() == QDialog.DialogCode.Accepted else None
