"""Admin ▸ Users ▸ Add user: a user name, the name colleagues know them by,
a role and a first password (typed twice) that they must change at their
first sign-in. ``UserService.add`` checks everything."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLineEdit, QWidget

from console.services.users import UserInfo, UserService
from console.vocabulary import Role
from ui.users.form_dialog import UserFormDialog, role_combo


class AddUserDialog(UserFormDialog):
    def __init__(self, service: UserService, worker, by: UserInfo, parent: QWidget | None = None):
        super().__init__("addUserDialog", self.tr("Add a user"), self.tr("&Add user"), worker, parent)
        self._service, self._by = service, by
        self.username = QLineEdit(placeholderText=self.tr("e.g. jlopez: lower-case, what they sign in with"))
        self.display_name = QLineEdit(placeholderText=self.tr("e.g. Jorge López"))
        self.role = role_combo(Role.SPECIALIST)
        self.add_row("username", self.tr("&User name"), self.username, self.tr("User name"))
        self.add_row("display_name", self.tr("&Full name"), self.display_name, self.tr("Full name"))
        self.add_row("role", self.tr("&Role"), self.role, self.tr("Role"))
        self.password, self.repeat = self.add_passwords(
            self.tr("First &password"), self.tr("Repeat pass&word"), self.tr("First password"))
        self.finish_layout(self.tr("Give the first password to the person in person or by phone, never by e-mail. "
                                   "They choose their own at their first sign-in."))

    def work(self) -> Callable[[], UserInfo]:
        service, by = self._service, self._by
        username, display_name = self.username.text(), self.display_name.text()
        role, password = Role(self.role.currentData()), self.password.text()
        return lambda: service.add(by, username, display_name, role, password)
