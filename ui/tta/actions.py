"""The window's TTA actions: Contact ▸ TTA request (Ctrl+Shift+T, and the
intake's Call section button shown when the contact asks for training &
technical assistance) and Queue ▸ TTA requests (Ctrl+5). Kept out of the
main window, which only adds the menu entries and relays ``said``.

On the open saved contact: with no request yet, the New request dialog opens
at once; otherwise the TTA requests window shows that contact's requests."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from console.errors import ConsoleError, ValidationError
from console.services.directory import DirectoryService
from console.services.tta import TtaDetails, TtaService
from console.services.users import UserInfo
from ui.tta.new_dialog import NewTtaDialog
from ui.tta.window import TtaWindow

log = logging.getLogger(__name__)


class TtaActions(QObject):
    said = Signal(str)  # a line for the status bar
    request_created = Signal(object)  # TtaDetails

    def __init__(self, service: TtaService, directory: DirectoryService, user: UserInfo, worker, open_contact_id,
                 window):
        super().__init__(window)
        self._service, self._directory, self._user, self._worker = service, directory, user, worker
        self._open_contact_id = open_contact_id  # () -> int | None: the saved contact open in the form
        self._window = window
        self.tta_window: TtaWindow | None = None
        self.dialog: NewTtaDialog | None = None

    def add_menu(self, contact_menu, queue_menu, action) -> None:
        action(contact_menu, self.tr("&TTA request…"), "actionTtaRequest", "Ctrl+Shift+T", self.for_open_contact)
        action(queue_menu, self.tr("TT&A requests…"), "actionTtaRequests", "Ctrl+5", self.show_all)

    def connect_form_button(self, button) -> None:
        button.clicked.connect(self.for_open_contact)

    def window(self) -> TtaWindow:
        if self.tta_window is None:
            self.tta_window = TtaWindow(self._service, self._directory, self._worker, self._user, self._window)
            self.tta_window.new_requested.connect(self.new_request)
        return self.tta_window

    def show_all(self) -> None:
        window = self.window()
        window.show_contact(None)
        self._raise(window)
        window.focus_list()

    def for_open_contact(self) -> None:
        contact_id = self._open_contact_id()
        if contact_id is None:
            self.said.emit(self.tr("Save the contact first: a TTA request belongs to a saved contact."))
            return

        def found(items) -> None:
            if items:
                window = self.window()
                window.show_contact(contact_id)
                self._raise(window)
                window.focus_list()
            else:
                self.new_request(contact_id)

        self._worker.submit(lambda: self._service.requests(None, None, contact_id), found, self._on_failed,
                            owner=self)

    def new_request(self, contact_id: int) -> None:
        self._worker.submit(lambda: self._service.new_form(contact_id), self._on_form_ready, self._on_failed,
                            owner=self)

    def _on_form_ready(self, form) -> None:
        self.dialog = NewTtaDialog(form, self._window)
        self.dialog.save_requested.connect(self._on_save_requested)
        self.dialog.open()

    def _on_save_requested(self, form) -> None:
        dialog, me = self.dialog, self._user.id

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ValidationError):
                dialog.show_errors(exc.errors)
            elif isinstance(exc, ConsoleError):
                dialog.show_errors({"general": str(exc)})
            else:
                self._on_failed(exc)

        self._worker.submit(lambda: self._service.create(form, me), lambda d: self._on_created(dialog, d), failed,
                            owner=dialog)

    def _on_created(self, dialog: NewTtaDialog, details: TtaDetails) -> None:
        dialog.accept()
        item = details.item
        self.said.emit(self.tr("TTA request #%1 added to contact #%2").replace("%1", str(item.request_id))
                       .replace("%2", str(item.contact_id)))
        self.request_created.emit(details)
        window = self.window()
        window.show_contact(item.contact_id, refresh=False)
        window.refresh(select=item.request_id)
        self._raise(window)

    @staticmethod
    def _raise(window: TtaWindow) -> None:
        window.show()
        window.raise_()
        window.activateWindow()

    def _on_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, ConsoleError):
            raise exc
        log.info("TTA action refused: %s", exc)
        self.said.emit(str(exc))
