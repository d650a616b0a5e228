"""Admin ▸ Users ▸ Reset password: a temporary password (typed twice) that
the user must change at their next sign-in. It also lifts a lock left by
wrong passwords. ``UserService.reset_password`` checks the password."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from console.services.users import UserInfo, UserService
from ui.users.form_dialog import UserFormDialog


class ResetPasswordDialog(UserFormDialog):
    def __init__(self, service: UserService, worker, by: UserInfo, user: UserInfo, parent: QWidget | None = None):
        title = self.tr("Reset the password of %1").replace("%1", f"{user.display_name} ({user.username})")
        super().__init__("resetPasswordDialog", title, self.tr("&Reset password"), worker, parent)
        self._service, self._by, self._user_id = service, by, user.id
        self.add_intro(user)
        self.password, self.repeat = self.add_passwords(
            self.tr("Temporary &password"), self.tr("Repeat pass&word"), self.tr("Temporary password"))
        note = (self.tr("This is your own account: the new password is yours to keep.") if user.id == by.id else
                self.tr("%1 must choose their own password at their next sign-in. Give them this one in person "
                        "or by phone, never by e-mail. A lock from wrong passwords is lifted too.")
                .replace("%1", user.display_name))
        self.finish_layout(note)

    def work(self) -> Callable[[], UserInfo]:
        service, by, user_id, password = self._service, self._by, self._user_id, self.password.text()
        return lambda: service.reset_password(by, user_id, password)
