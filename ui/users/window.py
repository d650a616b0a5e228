"""Admin ▸ Users (Ctrl+Shift+A): the people who use the console, with what
their accounts can do, and the admins' changes to them.

Add a user, reset a password, change a role, disable or enable, unlock:
each runs ``UserService`` on the database worker, then the list is read
again and the selection stays on the same person. The service checks the
admin's role afresh each time; what it refuses (``PermissionDenied``,
``NotFound``, rules such as "not your own account") shows in a message box
in its words. Disabling asks first, naming the person.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.errors import ConsoleError, ValidationError
from console.services.users import UserInfo, UserRow, UserService
from ui.tables import list_table
from ui.users.add_dialog import AddUserDialog
from ui.users.form_dialog import UserFormDialog, tell
from ui.users.model import UsersModel
from ui.users.password_dialog import ResetPasswordDialog
from ui.users.role_dialog import ChangeRoleDialog

log = logging.getLogger(__name__)


class UsersWindow(QWidget):
    loaded = Signal(object)  # list[UserRow], after every reading of the list

    def __init__(self, service: UserService, worker, by: UserInfo, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("usersWindow")
        self.setWindowTitle(self.tr("Users — Hotline Console"))
        self._service, self._worker, self._by = service, worker, by
        self._keep: int | None = None  # the user to select after the next reading
        self.dialog: UserFormDialog | None = None  # the open add / reset / role dialog
        self.model = UsersModel(self)
        self.table = list_table(self, "usersTable", self.tr("Users"), self.model, {0: 14, 1: 24, 2: 14, 3: 22, 4: 18},
                                16)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        caption = QLabel(self.tr("U&sers"))
        caption.setBuddy(self.table)
        self.state = QLabel(self.tr("Reading the users…"), objectName="usersState", wordWrap=True)
        self.state.setAccessibleName(self.tr("Users list state"))
        self.add_button = self._button(self.tr("&Add user…"), "usersAdd", self.add_user)
        self.reset_button = self._button(self.tr("Reset &password…"), "usersResetPassword", self.reset_password)
        self.role_button = self._button(self.tr("Change &role…"), "usersChangeRole", self.change_role)
        self.active_button = self._button(self.tr("&Disable"), "usersActive", self.toggle_active)
        self.unlock_button = self._button(self.tr("&Unlock"), "usersUnlock", self.unlock)
        self.close_button = self._button(self.tr("&Close"), "usersClose", self.close)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.reset_button, self.role_button, self.active_button, self.unlock_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(caption)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.state)
        layout.addLayout(buttons)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)
        self.model.dataChanged.connect(lambda *_: self._update_buttons())
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        self._update_buttons()
        self.resize(900, 480)

    def _button(self, text: str, name: str, slot) -> QPushButton:
        button = QPushButton(text, objectName=name)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(slot)
        return button

    # -- the list -------------------------------------------------------------------

    def start(self) -> None:
        self.reload(self._keep)

    def reload(self, keep: int | None = None) -> None:
        """Read the list again; select ``keep`` (a user id) or whoever is selected now."""
        selected = self.selected()
        self._keep = keep if keep is not None else (selected.info.id if selected else None)
        service, by = self._service, self._by
        self._worker.submit(lambda: service.rows(by), self._on_loaded, self._on_read_failed, owner=self)

    def _on_loaded(self, rows: list[UserRow]) -> None:
        self.model.set_rows(rows)
        row = self.model.row_of(self._keep) if self._keep is not None else None
        if row is None and self.model.rowCount() and not self.table.currentIndex().isValid():
            row = 0
        if row is not None:
            self.table.selectRow(row)
            self.table.setCurrentIndex(self.model.index(row, 0))
        if not self.state.text() or self.state.text() == self.tr("Reading the users…"):
            self.state.setText(self._count_text())
        self._update_buttons()
        self.loaded.emit(rows)

    def _count_text(self) -> str:
        return self.tr("%1 users").replace("%1", str(self.model.rowCount()))

    def selected(self) -> UserRow | None:
        return self.model.row_at(self.table.currentIndex())

    def select_user(self, user_id: int) -> None:
        row = self.model.row_of(user_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.setCurrentIndex(self.model.index(row, 0))

    def _update_buttons(self) -> None:
        row = self.selected()
        for button in (self.reset_button, self.role_button, self.active_button):
            button.setEnabled(row is not None)
        disable = row is None or row.active
        self.active_button.setText(self.tr("&Disable") if disable else self.tr("&Enable"))
        self.active_button.setAccessibleName(self.tr("Disable") if disable else self.tr("Enable"))
        own = row is not None and row.info.id == self._by.id
        self.active_button.setEnabled(row is not None and not (own and row.active))
        self.active_button.setToolTip(self.tr("You cannot disable your own account.") if own else "")
        self.unlock_button.setEnabled(row is not None and self.model.locked(row))

    # -- changes --------------------------------------------------------------------

    def add_user(self) -> None:
        self._open(AddUserDialog(self._service, self._worker, self._by, self), self.tr("Added %1."))

    def reset_password(self) -> None:
        row = self.selected()
        if row is not None:
            self._open(ResetPasswordDialog(self._service, self._worker, self._by, row.info, self),
                       self.tr("Password of %1 reset: they choose their own at their next sign-in."))

    def change_role(self) -> None:
        row = self.selected()
        if row is not None:
            self._open(ChangeRoleDialog(self._service, self._worker, self._by, row.info, self),
                       self.tr("Role of %1 changed."))

    def _open(self, dialog: UserFormDialog, said: str) -> None:
        self.dialog = dialog
        dialog.saved.connect(lambda info: self._changed(info, said))
        dialog.finished.connect(self._on_dialog_finished)
        dialog.open()  # window-modal, and nothing here waits for it

    def _on_dialog_finished(self, _result: int) -> None:
        self.dialog = None  # it deletes itself on closing
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def toggle_active(self) -> None:
        row = self.selected()
        if row is None:
            return
        user, active = row.info, not row.active
        if not active and not self.confirm_disable(user):
            return
        service, by = self._service, self._by
        text = self.tr("%1 enabled.") if active else self.tr("%1 disabled: they can no longer sign in.")
        self._worker.submit(lambda: service.set_active(by, user.id, active), lambda info: self._changed(info, text),
                            self._on_change_failed, owner=self)

    def confirm_disable(self, user: UserInfo) -> bool:
        answer = QMessageBox.question(
            self, self.tr("Disable a user"),
            self.tr("Disable %1 (%2)? They will no longer be able to sign in. Their contacts and notes stay "
                    "theirs, and an admin can enable the account again.")
            .replace("%1", user.display_name).replace("%2", user.username),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def unlock(self) -> None:
        row = self.selected()
        if row is None:
            return
        service, by, user_id = self._service, self._by, row.info.id
        self._worker.submit(lambda: service.unlock(by, user_id),
                            lambda info: self._changed(info, self.tr("%1 unlocked: they can sign in again.")),
                            self._on_change_failed, owner=self)

    def _changed(self, info: UserInfo, text: str) -> None:
        self.state.setText(text.replace("%1", f"{info.display_name} ({info.username})"))
        self.reload(info.id)

    def _on_read_failed(self, exc: BaseException) -> None:
        self.state.setText(self._message(exc))
        tell(self, self.tr("Users"), self.state.text())

    def _on_change_failed(self, exc: BaseException) -> None:
        self._on_read_failed(exc)
        self.reload()  # someone may have changed the user meanwhile: show them as they are

    def _message(self, exc: BaseException) -> str:
        if isinstance(exc, ValidationError):
            message = " ".join(exc.errors.values())
        elif isinstance(exc, ConsoleError):
            message = str(exc)
        else:
            log.warning("the users could not be read or changed", exc_info=exc)
            message = self.tr("The database did not answer: nothing was changed. Try again in a moment.")
        return message
