"""The window's follow-up actions: Queue ▸ Follow-ups (Ctrl+Shift+U) and
Contact ▸ Add follow-up (Ctrl+Shift+F, on the open saved contact). Kept out
of the main window, which only adds the menu entries and relays ``said``."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Signal

from console.errors import ConsoleError
from console.models import utcnow
from console.services.follow_ups import FollowUpService
from console.services.users import UserInfo, UserService
from ui.follow_ups.add_dialog import AddFollowUpDialog
from ui.follow_ups.due_dialog import FollowUpsDialog


class FollowUpActions(QObject):
    said = Signal(str)  # a line for the status bar
    contact_open_requested = Signal(int)
    task_added = Signal(object)  # FollowUpItem

    def __init__(self, service: FollowUpService, users: UserService, user: UserInfo, worker, open_contact_id,
                 time_zone: str, window):
        super().__init__(window)
        self._service, self._users, self._user, self._worker = service, users, user, worker
        self._open_contact_id = open_contact_id  # () -> int | None: the saved contact open in the form
        self._zone, self._window = ZoneInfo(time_zone), window
        self.dialog: FollowUpsDialog | None = None

    def add_menu(self, contact_menu, queue_menu, action) -> None:
        action(contact_menu, self.tr("Add &follow-up…"), "actionAddFollowUp", "Ctrl+Shift+F", self.add_to_open_contact)
        action(queue_menu, self.tr("Follow-&ups…"), "actionFollowUps", "Ctrl+Shift+U", self.show_due)

    def show_due(self) -> None:
        if self.dialog is None:
            self.dialog = FollowUpsDialog(self._service, self._worker, self._user, self._zone, self._window)
            self.dialog.contact_open_requested.connect(self.contact_open_requested)
        self.dialog.refresh()
        self.dialog.show()
        self.dialog.raise_()

    def add_to_open_contact(self) -> None:
        contact_id = self._open_contact_id()
        if contact_id is None:
            self.said.emit(self.tr("Save the contact first: a follow-up belongs to a saved contact."))
            return

        def chosen(people) -> None:
            form = AddFollowUpDialog.ask(contact_id, [p for p in people], self._user, utcnow(), self._window)
            if form is not None:
                self._worker.submit(lambda: self._service.add(form, self._user.id), self._on_added, self._on_failed,
                                    owner=self)

        self._worker.submit(self._users.all, chosen, self._on_failed, owner=self)

    def _on_added(self, item) -> None:
        self.said.emit(self.tr("Follow-up added to contact #%1: %2").replace("%1", str(item.contact_id))
                       .replace("%2", item.safe_mark))
        self.task_added.emit(item)
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.refresh()

    def _on_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, ConsoleError):
            raise exc
        self.said.emit(str(exc))
