"""Editing one directory service: its details, categories, populations and
languages, opening hours and time zone, organization, place, phone lines
and the people named at it, on pages (Ctrl+PgDown / Ctrl+PgUp, or Ctrl+Tab), with each
error beside its field.

Save (Ctrl+S) stores the changes and closes; "Mark verified" (Ctrl+Shift+V)
stores them too and records that the entry was confirmed today; "Retire…"
asks first, then takes the service out of the search. Every call runs on
the worker; while one runs the buttons wait. A refusal (someone changed the
entry meanwhile, the role may not) is said in words above the buttons, and
what was typed stays. Esc asks before it drops unsaved changes.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.errors import ConsoleError, ValidationError
from console.services.directory_edit import DirectoryEditService
from console.services.directory_edit_forms import ServiceEdit, ServiceRecord
from ui.directory.editor_hours import HoursPage
from ui.directory.editor_needs import NeedsPage
from ui.directory.editor_pages import OrganizationPage, PlacePage, ServicePage
from ui.directory.editor_people import PeoplePage
from ui.directory.editor_phones import PhonesPage
from ui.directory.editor_text import change_line, header_text, referrals_text
from ui.intake.fields import ErrorLabel

log = logging.getLogger(__name__)


class ServiceEditorDialog(QDialog):
    saved = Signal(object)  # the ServiceRecord as stored (after a save, a verification or a retirement)
    _ERROR_PAGES = ("service", "needs", "hours", "organization", "location", "phones", "people", "")  # key prefixes

    def __init__(self, service: DirectoryEditService, worker, record: ServiceRecord, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("serviceEditor")
        self._service, self._worker, self._record = service, worker, record
        self._busy = False
        self._build()
        self._fill(record)
        if record.service_id is not None:
            self._load_extras(record.service_id)

    # -- layout ------------------------------------------------------------------
    def _build(self) -> None:
        self.header = QLabel(self, objectName="editorHeader", wordWrap=True)
        self.header.setAccessibleName(self.tr("About this entry"))
        self.service_page, self.organization_page = ServicePage(), OrganizationPage()
        self.place_page, self.phones_page, self.people_page = PlacePage(), PhonesPage(), PeoplePage()
        self.needs_page, self.hours_page = NeedsPage(), HoursPage()
        self.history = QPlainTextEdit(self, objectName="editorHistory", readOnly=True)
        self.history.setAccessibleName(self.tr("Changes to this entry"))
        self.history.setPlaceholderText(self.tr("No changes recorded yet."))
        self.tabs = QTabWidget(self, objectName="editorPages")
        self.tabs.setAccessibleName(self.tr("Editor pages"))
        for page, title in ((self.service_page, self.tr("Service")), (self.needs_page, self.tr("Categories")),
                            (self.hours_page, self.tr("Hours")), (self.organization_page, self.tr("Organization")),
                            (self.place_page, self.tr("Place")), (self.phones_page, self.tr("Phones")),
                            (self.people_page, self.tr("People")),
                            (self.history, self.tr("History"))):
            self.tabs.addTab(page, title)
        self.message = ErrorLabel("editor", self)
        buttons = QDialogButtonBox(self)
        self.save_button = self._button(buttons, self.tr("Save (Ctrl+S)"), "editorSave",
                                        QDialogButtonBox.ButtonRole.AcceptRole, self._on_save_clicked)
        self.verify_button = self._button(buttons, self.tr("Mark verified (Ctrl+Shift+V)"), "editorVerify",
                                          QDialogButtonBox.ButtonRole.ActionRole, self._on_verify_clicked)
        self.retire_button = self._button(buttons, self.tr("Retire…"), "editorRetire",
                                          QDialogButtonBox.ButtonRole.DestructiveRole, self._on_retire_clicked)
        self.cancel_button = self._button(buttons, self.tr("Cancel"), "editorCancel",
                                          QDialogButtonBox.ButtonRole.RejectRole, self.reject)
        self.save_button.setDefault(True)
        self.save_button.setAccessibleName(self.tr("Save the service"))
        self.verify_button.setAccessibleName(self.tr("Save and mark the service verified today"))
        self.retire_button.setAccessibleName(self.tr("Retire the service"))
        for keys, slot in (("Ctrl+S", self._on_save_clicked), ("Ctrl+Shift+V", self._on_verify_clicked),
                           ("Ctrl+PgDown", lambda: self._step(1)), ("Ctrl+PgUp", lambda: self._step(-1))):
            QShortcut(QKeySequence(keys), self, activated=slot)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(720, 640)

    def _button(self, box: QDialogButtonBox, text: str, name: str, role, slot) -> QPushButton:
        button = box.addButton(text, role)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def _fill(self, record: ServiceRecord) -> None:
        self._record = record
        new = record.service_id is None
        name = record.edit.service.name or self.tr("New service")
        self.setWindowTitle(self.tr("Directory: %1").replace("%1", name))
        self.service_page.fill(record.edit.service)
        self.organization_page.fill(record.edit.organization)
        self.place_page.fill(record.edit.location)
        self.phones_page.fill(record.edit.phones)
        self.people_page.fill(record.edit.people)
        self.needs_page.fill(record.edit.needs)
        self.hours_page.fill(record.edit.hours)
        self.organization_page.shared.setText(self._shared(record.organization_services, new))
        self.place_page.shared.setText(self._shared(record.location_services, new))
        self.header.setText(header_text(record))
        self.retire_button.setEnabled(not new and record.status == "active")
        self.verify_button.setEnabled(record.status == "active")

    def _shared(self, services: int, new: bool) -> str:
        others = services - (0 if new else 1)
        if others <= 0:
            return ""
        if others == 1:
            return self.tr("Shared with another service: a change here shows on it too.")
        return self.tr("Shared with %1 other services: a change here shows on them too.").replace("%1", str(others))

    def _load_extras(self, service_id: str) -> None:
        service = self._service
        self._worker.submit(lambda: service.referral_counts(service_id), self._on_counts_loaded,
                            self._on_extras_failed, owner=self)
        self._worker.submit(lambda: service.history(service_id), self._on_history_loaded,
                            self._on_extras_failed, owner=self)

    def _on_counts_loaded(self, counts) -> None:
        self.header.setText(header_text(self._record) + "\n" + referrals_text(counts))

    def _on_history_loaded(self, changes) -> None:
        self.history.setPlainText("\n".join(change_line(change) for change in changes))

    def _on_extras_failed(self, exc: BaseException) -> None:
        log.warning("the editor's referral counts or history could not be read", exc_info=exc)

    # -- reading -----------------------------------------------------------------
    def edit(self) -> ServiceEdit:
        return ServiceEdit(self.organization_page.values(), self.service_page.values(), self.place_page.values(),
                           self.phones_page.values(), self.needs_page.values(), self.hours_page.values(),
                           self.people_page.values())

    def is_dirty(self) -> bool:
        return self.edit() != self._record.edit

    def focus_first(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.service_page.name.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- actions -----------------------------------------------------------------
    def _on_save_clicked(self) -> None:
        record, edit, service = self._record, self.edit(), self._service
        if record.service_id is not None and edit == record.edit:
            self.accept()  # nothing to store
            return
        self._run(lambda: service.save(record, edit))

    def _on_verify_clicked(self) -> None:
        if not self.verify_button.isEnabled():
            return
        record, edit, service = self._record, self.edit(), self._service
        if record.service_id is not None and edit == record.edit:
            self._run(lambda: service.verify(record))
        else:
            self._run(lambda: service.save(record, edit, verified=True))

    def _on_retire_clicked(self) -> None:
        record, service = self._record, self._service
        answer = QMessageBox.question(
            self, self.tr("Retire this service?"),
            self.tr("“%1” will no longer appear in directory searches or the review list. It stays in the "
                    "database and in referrals already given. Retire it?").replace("%1", record.edit.service.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self._run(lambda: service.retire(record))

    def _run(self, call) -> None:
        if self._busy:
            return
        self._set_busy(True)
        self.message.clear_message()
        self._worker.submit(call, self._on_call_done, self._on_call_failed, owner=self)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for button in (self.save_button, self.verify_button, self.retire_button):
            button.setEnabled(not busy)
        if not busy:
            self.retire_button.setEnabled(self._record.service_id is not None and self._record.status == "active")
            self.verify_button.setEnabled(self._record.status == "active")

    def _on_call_done(self, record: ServiceRecord) -> None:
        self._set_busy(False)
        self._fill(record)
        self.saved.emit(record)
        self.accept()

    def _on_call_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self._clear_errors()
        if isinstance(exc, ValidationError):
            self._show_errors(exc.errors)
        elif isinstance(exc, ConsoleError):
            self.message.show_message(str(exc))
        else:
            log.error("saving a directory entry failed", exc_info=exc)
            self.message.show_message(self.tr("The entry could not be saved right now; what you typed is still "
                                              "here. Try again; if it keeps failing, tell IT."))

    def _pages(self):
        return (self.service_page, self.needs_page, self.hours_page, self.organization_page, self.place_page)

    def _clear_errors(self) -> None:
        for page in self._pages():
            for row in page.error_rows().values():
                row.clear_error()
        self.phones_page.show_errors({})
        self.people_page.show_errors({})

    def _show_errors(self, errors: dict[str, str]) -> None:
        first: QWidget | None = None
        for page in self._pages():
            for name, row in page.error_rows().items():
                if name in errors:
                    row.show_error(errors[name])
                    first = first or row.target()
        # Every page shows its own errors, whichever holds the first.
        in_phones, in_people = self.phones_page.show_errors(errors), self.people_page.show_errors(errors)
        first = first or in_phones or in_people
        pages = [self.tabs.tabText(i) for i in range(self.tabs.count())
                 if any(key.split(".")[0] == self._ERROR_PAGES[i] for key in errors)]
        text = self.tr("Nothing was saved: fix the fields marked ⚠ (on %1).") if len(errors) > 1 else self.tr(
            "Nothing was saved: fix the field marked ⚠ (on %1).")
        self.message.show_message(text.replace("%1", ", ".join(pages)))
        if first is not None:
            page = next((p for p in (*self._pages(), self.phones_page, self.people_page) if p.isAncestorOf(first)),
                        None)
            if page is not None:
                self.tabs.setCurrentWidget(page)
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def _step(self, delta: int) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + delta) % self.tabs.count())

    def reject(self) -> None:
        if self._busy:
            return  # a save is on its way; its answer closes the dialog
        if self.is_dirty():
            answer = QMessageBox.question(
                self, self.tr("Drop your changes?"), self.tr("The changes to this entry are not saved. Drop them?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().reject()
