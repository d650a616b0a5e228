"""Admin ▸ Users ▸ Change role: what the user may do from their next action
on (the service reads the role afresh each time). The last admin cannot
stop being one; ``UserService.set_role`` says so beside the role."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from console.services.users import UserInfo, UserService
from console.vocabulary import Role
from ui.users.form_dialog import UserFormDialog, role_combo


class ChangeRoleDialog(UserFormDialog):
    def __init__(self, service: UserService, worker, by: UserInfo, user: UserInfo, parent: QWidget | None = None):
        title = self.tr("Change the role of %1").replace("%1", f"{user.display_name} ({user.username})")
        super().__init__("changeRoleDialog", title, self.tr("&Change role"), worker, parent)
        self._service, self._by, self._user_id = service, by, user.id
        self.add_intro(user)
        self.role = role_combo(user.role)
        self.add_row("role", self.tr("&Role"), self.role, self.tr("Role"))
        self.finish_layout(self.tr("Specialists take contacts; supervisors also reassign and watch the queue; "
                                   "program staff keep the directory and library; admins also manage users."))

    def work(self) -> Callable[[], UserInfo]:
        service, by, user_id, role = self._service, self._by, self._user_id, Role(self.role.currentData())
        return lambda: service.set_role(by, user_id, role)
