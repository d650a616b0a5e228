"""The window's sharing action: Contact ▸ Share… (Ctrl+Shift+P) on the open,
saved contact. Kept out of the main window, which adds the menu entry,
relays ``said`` and reopens the contact after a tip (``shared``).

Saving a packet: the file is chosen first, then reserved (a temporary file
beside it, so an unwritable folder is found before anything is recorded);
the service records and audits the disclosure; only then is the file
written and renamed into place. A refusal leaves no file and no record."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog

from console.errors import ConsoleError, ValidationError
from console.services.sharing import Packet, PacketFile, SharingService
from console.services.users import UserInfo
from console.vocabulary import DisclosureKind
from ui.sharing.dialog import ShareDialog, ShareRequest

log = logging.getLogger(__name__)
SHORTCUT = "Ctrl+Shift+P"  # P for packet; free in the main window and the F1 list


class SharingActions(QObject):
    said = Signal(str)  # a line for the status bar
    shared = Signal(object)  # Packet, once recorded and its file written

    def __init__(self, service: SharingService, user: UserInfo, worker, open_contact, window):
        super().__init__(window)
        self._service, self._user, self._worker, self._window = service, user, worker, window
        # () -> (contact id or None, unsaved changes?): the contact open in the form.
        self._open_contact = open_contact
        self.dialog: ShareDialog | None = None

    def add_menu(self, contact_menu, action) -> None:
        action(contact_menu, self.tr("S&hare (tip or referral packet)…"), "actionShare", SHORTCUT,
               self.for_open_contact)

    def for_open_contact(self) -> None:
        contact_id, dirty = self._open_contact()
        if contact_id is None or dirty:
            self.said.emit(self.tr("Save the contact first: a packet is made from the saved contact."))
            return
        self.dialog = ShareDialog(contact_id, self._window)
        self.dialog.recipient_changed.connect(self._on_recipient_changed)
        self.dialog.save_requested.connect(self._on_save_requested)
        self.dialog.open()
        self.dialog.start()

    def _on_recipient_changed(self, recipient_class: str) -> None:
        dialog, user = self.dialog, self._user
        self._worker.submit(lambda: self._service.preview(dialog.contact_id, recipient_class, user),
                            dialog.show_preview, lambda exc: self._on_refused(dialog, exc), owner=dialog)

    def ask_path(self, suggested: str) -> str:
        """Where to save the packet ('' if cancelled); tests replace it."""
        path, _filter = QFileDialog.getSaveFileName(self.dialog, self.tr("Save packet"), str(Path.home() / suggested),
                                                    self.tr("Text files (*.txt)"))
        return path

    def _on_save_requested(self, request: ShareRequest) -> None:
        dialog = self.dialog
        kind = request.kind.value.replace("_", "-")
        path = self.ask_path(f"contact-{request.contact_id}-{kind}.txt")
        if not path:
            return
        target = Path(path) if Path(path).suffix.lower() == ".txt" else Path(path + ".txt")
        share = self._service.forward_tip if request.kind is DisclosureKind.TIP else self._service.referral_packet
        user = self._user

        def run() -> tuple[Packet, Path]:
            file = PacketFile(target)  # an unwritable folder fails here, before anything is recorded
            try:
                packet = share(request.contact_id, request.recipient_class, request.recipient_name, user,
                               request.override_reason)
            except BaseException:
                file.abort()
                raise
            try:
                return packet, file.commit(packet.text)
            except OSError as exc:
                raise _RecordedNotWritten(packet, exc) from exc

        dialog.set_busy(True)
        self._worker.submit(run, lambda done: self._on_shared(dialog, *done), lambda exc: self._on_refused(dialog, exc),
                            owner=dialog)

    def _on_shared(self, dialog: ShareDialog, packet: Packet, path: Path) -> None:
        dialog.accept()
        what = self.tr("Tip forwarded") if packet.kind is DisclosureKind.TIP else self.tr("Referral packet made")
        self.said.emit(self.tr("%1 for contact #%2: saved to %3").replace("%1", what)
                       .replace("%2", str(packet.contact_id)).replace("%3", str(path)))
        self.shared.emit(packet)

    def _on_refused(self, dialog: ShareDialog, exc: BaseException) -> None:
        dialog.set_busy(False)
        if isinstance(exc, ValidationError):
            dialog.show_errors(exc.errors)
        elif isinstance(exc, _RecordedNotWritten):
            dialog.show_errors({"general": self.tr(
                "The packet was recorded, but its file could not be written (%1). Nothing was sent; tell a "
                "supervisor before saving it again.").replace("%1", exc.reason)})
            self.shared.emit(exc.packet)
        elif isinstance(exc, OSError):
            dialog.show_errors({"general": self.tr("The file cannot be written there (%1). Nothing was recorded; "
                                                   "choose another folder.").replace("%1", exc.strerror or str(exc))})
        elif isinstance(exc, ConsoleError):
            log.info("sharing refused: %s", type(exc).__name__)
            dialog.show_errors({"general": str(exc)})
        else:
            raise exc


class _RecordedNotWritten(Exception):
    def __init__(self, packet: Packet, error: OSError):
        super().__init__(str(error))
        self.packet, self.reason = packet, error.strerror or str(error)
