"""Queue ▸ TTA requests (Ctrl+5): program staff's list of training and
technical-assistance requests, to progress them. Non-modal.

Filter by status (open ones first shown) and kind; opened from a contact
(Contact ▸ TTA request, Ctrl+Shift+T) it shows that contact's requests and
offers New request. Enter or a click on a row shows it in the tabs: Alt+1
Request (what is asked, the work log), Alt+2 Progress (status and notes),
Alt+3 Materials (files for review, the review's outcome), Alt+4 Speakers
(trainers from the directory). Every read and write runs on the worker;
errors show beside what caused them, in words.
"""

from __future__ import annotations

import logging
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from console.errors import ConsoleError, ValidationError
from console.permissions import Permission, allowed
from console.services.directory import DirectoryService
from console.services.tta import OPEN_FILTER, TtaDetails, TtaService
from console.services.users import UserInfo
from console.vocabulary import TtaKind, TtaStatus
from ui.filter_combo import filter_combo
from ui.labels import choices
from ui.tables import RowRole, list_table
from ui.tta.details import details_html
from ui.tta.materials import MaterialsPanel
from ui.tta.model import (
    COL_DUE,
    COL_ID,
    COL_KIND,
    COL_STATUS,
    COL_URGENCY,
    COL_WHO,
    TtaRequestModel,
)
from ui.tta.progress import ProgressPanel
from ui.tta.speakers import SpeakersPanel

log = logging.getLogger(__name__)


class TtaWindow(QDialog):
    requests_loaded = Signal(object)  # tuple[TtaItem, ...]
    details_shown = Signal(object)  # TtaDetails
    new_requested = Signal(int)  # contact id: the window's owner opens the new-request dialog

    def __init__(self, service: TtaService, directory: DirectoryService, worker, user: UserInfo,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("ttaWindow")
        self.setWindowTitle(self.tr("TTA requests"))
        self._service, self._worker, self._user = service, worker, user
        self._zone = ZoneInfo(service.zone.key)
        self._contact_id: int | None = None
        self._shown: TtaDetails | None = None
        self._can_progress = allowed(user.role, Permission.PROGRESS_TTA)
        # Injectable for tests: () -> path or "", (suggested name) -> path or "".
        self.choose_file_to_attach = self._ask_file_to_attach
        self.choose_where_to_save = self._ask_where_to_save
        self.model = TtaRequestModel(self._zone, self)
        self._build(directory)
        self.resize(1100, 680)

    def _build(self, directory: DirectoryService) -> None:
        self.status_filter = QComboBox(self, objectName="ttaStatusFilter")
        self.status_filter.setAccessibleName(self.tr("Show requests by status"))
        self.status_filter.addItem(self.tr("Open (new or in progress)"), OPEN_FILTER)
        for text, code in choices(TtaStatus):
            self.status_filter.addItem(text, code)
        self.status_filter.addItem(self.tr("All"), None)
        self.status_filter.currentIndexChanged.connect(self.refresh)
        self.kind_filter = filter_combo(self, "ttaKindFilter", self.tr("Show requests of this kind"),
                                        self.tr("Any kind"), choices(TtaKind), self.refresh)
        self.contact_label = QLabel(objectName="ttaContactFilter")
        self.all_button = QPushButton(self.tr("All &contacts"), objectName="ttaAllContacts")
        self.all_button.setAccessibleName(self.tr("Show the requests of every contact"))
        self.all_button.clicked.connect(lambda: self.show_contact(None))
        self.new_button = QPushButton(self.tr("&New request…"), objectName="ttaNewRequest")
        self.new_button.setAccessibleName(self.tr("New TTA request on this contact"))
        self.new_button.clicked.connect(lambda: self.new_requested.emit(self._contact_id))
        self.refresh_button = QPushButton(self.tr("Re&fresh"), objectName="ttaRefresh")
        self.refresh_button.setAccessibleName(self.tr("Read the requests again"))
        self.refresh_button.clicked.connect(self.refresh)
        bar = QHBoxLayout()
        for text, widget in ((self.tr("&Status"), self.status_filter), (self.tr("&Kind"), self.kind_filter)):
            caption = QLabel(text)
            caption.setBuddy(widget)
            bar.addWidget(caption)
            bar.addWidget(widget)
        bar.addWidget(self.contact_label)
        bar.addWidget(self.all_button)
        bar.addStretch(1)
        bar.addWidget(self.new_button)
        bar.addWidget(self.refresh_button)
        self.table = list_table(self, "ttaRequests", self.tr("TTA requests (Enter shows one)"), self.model,
                                {COL_ID: 3, COL_URGENCY: 11, COL_STATUS: 10, COL_KIND: 20, COL_WHO: 24, COL_DUE: 20},
                                padding=12)
        self.table.horizontalHeader().setSectionResizeMode(COL_WHO, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.request_view = QTextBrowser(objectName="ttaRequestDetails", openLinks=False)
        self.request_view.setAccessibleName(self.tr("The request and its work log"))
        self.progress = ProgressPanel(self._can_progress, self)
        self.materials = MaterialsPanel(self._can_progress, self)
        self.speakers = SpeakersPanel(directory, self._worker, self)
        self.tabs = QTabWidget(objectName="ttaTabs")
        self.tabs.setAccessibleName(self.tr("The selected request"))
        for n, (widget, name) in enumerate(((self.request_view, self.tr("Request")),
                                            (self.progress, self.tr("Progress")),
                                            (self.materials, self.tr("Materials")),
                                            (self.speakers, self.tr("Speakers"))), start=1):
            self.tabs.addTab(widget, f"&{n} {name}")
        splitter = QSplitter(self, objectName="ttaSplitter", childrenCollapsible=False)
        splitter.addWidget(self.table)
        splitter.addWidget(self.tabs)
        splitter.setSizes([620, 480])
        self.state = QLabel(self.tr("Loading…"), objectName="ttaState", wordWrap=True)
        self.state.setAccessibleName(self.tr("TTA requests status"))
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.state)
        self.progress.status_requested.connect(self._on_status_requested)
        self.progress.note_requested.connect(self._on_note_requested)
        self.materials.attach_requested.connect(self._on_attach_requested)
        self.materials.save_requested.connect(self._on_save_requested)
        self.materials.review_requested.connect(self._on_review_requested)
        self.show_contact(None, refresh=False)

    # -- reading ------------------------------------------------------------------------
    def show_contact(self, contact_id: int | None, *, refresh: bool = True) -> None:
        """The requests of one contact (with New request), or of all (None)."""
        self._contact_id = contact_id
        self.contact_label.setText("" if contact_id is None else self.tr("Contact #%1").replace("%1", str(contact_id)))
        for widget in (self.contact_label, self.all_button, self.new_button):
            widget.setVisible(contact_id is not None)
        if contact_id is not None:
            self.status_filter.blockSignals(True)
            self.status_filter.setCurrentIndex(self.status_filter.count() - 1)  # all of its requests
            self.status_filter.blockSignals(False)
        if refresh:
            self.refresh()

    def refresh(self, *_args, select: int | None = None) -> None:
        status, kind, contact = self.status_filter.currentData(), self.kind_filter.currentData(), self._contact_id
        keep = select if select is not None else (self._shown.request_id if self._shown else None)
        self._worker.submit(lambda: self._service.requests(status, kind, contact),
                            lambda items: self._on_loaded(items, keep), self._on_failed, owner=self)

    def focus_list(self) -> None:
        self.table.setFocus()

    def _on_loaded(self, items, keep: int | None) -> None:
        self.model.set_rows(items)
        overdue = sum(1 for i in items if i.overdue)
        self.state.setText(self.tr("%1 request(s), %2 overdue").replace("%1", str(len(items)))
                           .replace("%2", str(overdue)))
        row = self.model.row_of(keep) if keep is not None else None
        if row is None and items:
            row = 0
        if row is not None:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        else:
            self._show(None)
        self.requests_loaded.emit(items)

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item = self.model.data(current, RowRole) if current.isValid() else None
        if item is None:
            self._show(None)
            return
        request_id = item.request_id
        self._worker.submit(lambda: self._service.details(request_id), self._show, self._on_failed, owner=self)

    def _show(self, details: TtaDetails | None) -> None:
        same = details is not None and self._shown is not None and details.request_id == self._shown.request_id
        self._shown = details
        mine = details is not None and details.item.created_by_id == self._user.id
        self.request_view.setHtml(details_html(details, self._zone) if details else "")
        self.progress.set_details(details, may_note=mine)
        self.materials.set_details(details, may_attach=self._can_progress or mine)
        if not same:
            self.speakers.set_request(details.item if details else None)
        if details is not None:
            self.details_shown.emit(details)

    # -- changing -----------------------------------------------------------------------
    def _change(self, call, panel, *, after=None) -> None:
        def done(details: TtaDetails) -> None:
            if after is not None:
                after()
            self._show(details)
            self.refresh(select=details.request_id)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ValidationError):
                panel.show_errors(exc.errors)
            else:
                self._on_failed(exc)

        self._worker.submit(call, done, failed, owner=self)

    def _on_status_requested(self, status: str, note: str) -> None:
        if self._shown is not None:
            request_id, me = self._shown.request_id, self._user.id
            self._change(lambda: self._service.change_status(request_id, status, note, me), self.progress,
                         after=self.progress.clear_note)

    def _on_note_requested(self, note: str) -> None:
        if self._shown is not None:
            request_id, me = self._shown.request_id, self._user.id
            self._change(lambda: self._service.add_note(request_id, note, me), self.progress,
                         after=self.progress.clear_note)

    def _on_review_requested(self, outcome: str, note: str) -> None:
        if self._shown is not None:
            request_id, me = self._shown.request_id, self._user.id
            self._change(lambda: self._service.record_review(request_id, outcome, note, me), self.materials)

    def _on_attach_requested(self) -> None:
        path = self.choose_file_to_attach()
        if not path or self._shown is None:
            return
        request_id, me, limit = self._shown.request_id, self._user.id, self._service.max_attachment_bytes

        def attach():
            with open(path, "rb") as handle:  # one byte past the limit is enough to refuse it
                content = handle.read(limit + 1)
            return self._service.attach(request_id, Path(path).name, content, me)

        self._change(attach, self.materials)

    def _on_save_requested(self, info) -> None:
        target = self.choose_where_to_save(info.file_name)
        if not target:
            return

        def save() -> str:
            _info, content = self._service.attachment(info.attachment_id)
            Path(target).write_bytes(content)  # written, never opened or run
            return target

        self._worker.submit(save, lambda where: self.state.setText(self.tr("Saved a copy: %1").replace("%1", where)),
                            self._on_failed, owner=self)

    def _ask_file_to_attach(self) -> str:
        return QFileDialog.getOpenFileName(self, self.tr("Attach materials for review"))[0]

    def _ask_where_to_save(self, name: str) -> str:
        return QFileDialog.getSaveFileName(self, self.tr("Save a copy of %1").replace("%1", name),
                                           str(Path.home() / name))[0]

    def _on_failed(self, exc: BaseException) -> None:
        log.warning("TTA requests could not be read or changed", exc_info=exc)
        self.state.setText(str(exc) if isinstance(exc, (ConsoleError, OSError))
                           else self.tr("The TTA requests cannot be read right now."))
