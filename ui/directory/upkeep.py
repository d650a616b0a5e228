"""The window's directory upkeep, for staff who may edit the directory:
edit the selected service (Ctrl+E), add one (Ctrl+Shift+N; or at the
selected one's organization and place), the needs-review list, and, for
admins, an HSDS import. The main window builds this on first use, so none
of these dialogs load at start-up.

Whatever changes the directory makes the pane search again, so the new
text is what the desk finds. A role that may not edit never gets these
menu items; the service refuses anyway.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from console.errors import ConsoleError, NotFound
from console.services.directory_edit import DirectoryEditService
from console.services.directory_edit_forms import ServiceRecord
from ui.directory.editor import ServiceEditorDialog
from ui.directory.pane import DirectoryPane

log = logging.getLogger(__name__)


def package_path(chosen: str | Path) -> Path:
    """A file of a package folder (its datapackage.json, a CSV) stands for the folder."""
    path = Path(chosen)
    if path.name.lower() == "datapackage.json" or path.suffix.lower() == ".csv":
        return path.parent
    return path


class DirectoryUpkeep(QObject):
    said = Signal(str)  # a message for the status bar
    changed = Signal()  # the directory changed

    def __init__(self, service: DirectoryEditService, worker, pane: DirectoryPane, window: QWidget):
        super().__init__(window)
        self._service, self._worker, self._pane, self._window = service, worker, pane, window
        self.editor: ServiceEditorDialog | None = None  # the newest one opened
        self.review = None  # the needs-review dialog, once opened
        self.importer = None  # the newest import dialog

    # -- the editor ---------------------------------------------------------------
    def edit_selected(self) -> None:
        hit = self._pane.selected_hit()
        if hit is None:
            self.said.emit(self.tr("Select a service in the directory first (Ctrl+F, type, Enter)."))
            return
        self.edit(hit.service_id)

    def edit(self, service_id: str, parent: QWidget | None = None) -> None:
        service = self._service
        self._worker.submit(lambda: service.load(service_id), lambda record: self.open_editor(record, parent),
                            self._on_failed, owner=self)

    def new_service(self, *, same_organization: bool = False) -> None:
        service = self._service
        like = self._pane.selected_hit() if same_organization else None
        if same_organization and like is None:
            self.said.emit(self.tr("Select a service of that organization in the directory first."))
            return
        like_id = like.service_id if like else None
        self._worker.submit(lambda: service.blank(like_id), self.open_editor, self._on_failed, owner=self)

    def open_editor(self, record: ServiceRecord, parent: QWidget | None = None) -> ServiceEditorDialog:
        dialog = ServiceEditorDialog(self._service, self._worker, record, parent or self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._on_saved)
        self.editor = dialog
        dialog.open()
        dialog.focus_first()
        return dialog

    def _on_saved(self, record: ServiceRecord) -> None:
        text = self.tr("Retired: %1") if record.status != "active" else self.tr("Saved: %1")
        self.said.emit(text.replace("%1", record.edit.service.name))
        self._directory_changed()

    def _directory_changed(self) -> None:
        self._pane.refresh()
        if self.review is not None:
            self.review.refresh()
        self.changed.emit()

    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, NotFound):
            self.said.emit(self.tr("That service is no longer in the directory (removed on another desk?)."))
        elif isinstance(exc, ConsoleError):
            self.said.emit(str(exc))
        else:
            log.error("directory upkeep failed", exc_info=exc)
            self.said.emit(self.tr("The directory cannot be changed right now. Try again; if it keeps failing, "
                                   "tell IT."))

    # -- the review list ------------------------------------------------------------
    def show_needs_review(self) -> None:
        if self.review is None:
            from ui.directory.review import NeedsReviewDialog

            self.review = NeedsReviewDialog(self._service, self._worker, self._window)
            self.review.open_requested.connect(lambda service_id: self.edit(service_id, self.review))
        self.review.refresh()
        self.review.show()
        self.review.raise_()
        self.review.activateWindow()

    # -- the import -----------------------------------------------------------------
    def import_hsds(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self._window, self.tr("Import HSDS: a .zip, a .json, or the datapackage.json of a folder"), "",
            self.tr("HSDS packages (*.zip *.json datapackage.json);;All files (*)"))
        if chosen:
            self.import_from(package_path(chosen))

    def import_from(self, path: Path):
        from ui.directory.import_dialog import HsdsImportDialog

        dialog = HsdsImportDialog(self._service, self._worker, path, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(lambda _report: self._directory_changed())
        self.importer = dialog
        dialog.open()
        dialog.start()
        return dialog
