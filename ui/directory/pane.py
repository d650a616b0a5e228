"""The directory pane: search as you type, filter, read, refer.

Typing restarts a short single-shot timer; when it fires, the search runs on
the worker (never on the GUI thread). Every search and every details read
carries a number; an answer to anything but the newest request is dropped,
so a slow early search never overwrites a later one. Filters search at once
(``filters.py``; the ZIP field once five digits are typed). Enter in the
search box or the ZIP field moves to the results; Up and Down there show
each service's details. The status line says how many services matched and
by which filters; a filter's problem (a ZIP that does not exist) is said
there with the filter's name. ``refer_selected`` (Ctrl+R, in the main
window) hands the selected ``ServiceHit`` to whoever listens.
"""

from __future__ import annotations

import logging

from PySide6 import QtGui
from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from console.errors import ConsoleError, NotFound, ValidationError
from console.services.directory import (
    DirectoryQuery,
    DirectoryService,
    ServiceDetails,
    ServiceHit,
)
from console.vocabulary import STATE_NAMES
from ui.directory.details import details_html
from ui.directory.filters import DirectoryFilters
from ui.directory.model import (
    COL_CATEGORIES,
    COL_DISTANCE,
    COL_HOURS,
    COL_NOTES,
    COL_ORGANIZATION,
    COL_PLACE,
    COL_SERVICE,
    ServiceHitModel,
)
from ui.tables import RowRole, list_table

log = logging.getLogger(__name__)

DEBOUNCE_MS = 200
# Organization and service share what the others leave.
_COLUMN_CHARS = {COL_PLACE: 14, COL_DISTANCE: 5, COL_HOURS: 7, COL_NOTES: 12, COL_CATEGORIES: 26}
_WIDE_NOTES_CHARS = 30  # "Not verified since Nov 2024" in full once there is room
WIDE = 640  # pixels from which the table also shows hours, and the notes in full (all are in the details anyway)
WIDER = 900  # and the categories


class DirectoryPane(QWidget):
    referral_requested = Signal(object)  # the selected ServiceHit
    loaded = Signal()  # once, when the first search has answered

    def __init__(self, directory: DirectoryService, worker, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("directoryPane")
        self._directory, self._worker = directory, worker
        self._search_seq = 0  # the newest search asked for
        self._answered_seq = 0  # the newest search answered
        self._select_first = False  # Enter was pressed before the answer came
        self._details_seq = 0
        self._shown_id: str | None = None  # whose details are showing
        self._loaded = False
        self._width_class: int | None = None
        self.model = ServiceHitModel(self)
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self._search_now)
        self._build()

    # -- layout ------------------------------------------------------------
    def _build(self) -> None:
        self.search_edit = QLineEdit(self, objectName="directorySearch", clearButtonEnabled=True)
        self.search_edit.setPlaceholderText(self.tr("Name, service, city or need"))
        self.search_edit.setAccessibleName(self.tr("Search the directory"))
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self.search_edit.returnPressed.connect(self._on_search_edit_return_pressed)
        # No Alt+letter here: the intake form owns the window's mnemonics (a
        # shared letter would make Alt cycle between panes mid-call). Ctrl+F
        # reaches the search box and Tab walks the filters; buddies still name
        # each field for screen readers.
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        caption = QLabel(self.tr("Search"), self)
        caption.setBuddy(self.search_edit)
        form.addRow(caption, self.search_edit)
        self.filters = DirectoryFilters(self, form)
        self.filters.changed.connect(self._on_filter_changed)
        self.filters.zip_edited.connect(self._timer.start)
        self.filters.zip_entered.connect(self._on_search_edit_return_pressed)
        self.state_combo, self.category_combo = self.filters.state_combo, self.filters.category_combo
        self.population_combo, self.language_combo = self.filters.population_combo, self.filters.language_combo
        self.zip_edit, self.miles_combo = self.filters.zip_edit, self.filters.miles_combo
        self.open_now_check, self.open_24h_check = self.filters.open_now_check, self.filters.open_24h_check

        self.table = self._results_table()
        self.details = QTextBrowser(self, objectName="directoryDetails", openLinks=False)
        self.details.setAccessibleName(self.tr("Service details"))
        self.details.setPlaceholderText(self.tr("Select a service to see its details."))
        splitter = QSplitter(Qt.Orientation.Vertical, self, objectName="directorySplitter", childrenCollapsible=False)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setSizes([300, 260])

        self.status = QLabel(self, objectName="directoryStatus", wordWrap=True)
        self.status.setAccessibleName(self.tr("Directory search status"))
        self.refer_button = QPushButton(self.tr("Refer (Ctrl+R)"), self, objectName="directoryRefer", enabled=False)
        self.refer_button.setAccessibleName(self.tr("Refer the caller to the selected service"))
        self.refer_button.clicked.connect(self.refer_selected)
        # Offered when nothing matched and a typed word begins no word of the directory.
        self.spelling_button = QPushButton(self, objectName="directorySpelling", visible=False)
        self.spelling_button.setAccessibleName(self.tr("Search the suggested spelling"))
        self.spelling_button.clicked.connect(self._search_spelling)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.spelling_button, 0, Qt.AlignmentFlag.AlignTop)
        bottom.addWidget(self.refer_button, 0, Qt.AlignmentFlag.AlignTop)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(form)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

    def _results_table(self) -> QTableView:
        table = list_table(
            self, "directoryResults", self.tr("Directory search results"), self.model, _COLUMN_CHARS, padding=16
        )
        header = table.horizontalHeader()
        header.setSectionResizeMode(COL_ORGANIZATION, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_SERVICE, QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        return table

    def sizeHint(self) -> QSize:
        return QSize(460, 720)  # a dock starts wide enough for names and places

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        width_class = (self.width() >= WIDE) + (self.width() >= WIDER)
        if width_class != self._width_class:  # only when crossing: a width the user set stays
            self._width_class = width_class
            self.table.setColumnHidden(COL_HOURS, width_class < 1)
            self.table.setColumnHidden(COL_CATEGORIES, width_class < 2)
            chars = _WIDE_NOTES_CHARS if width_class else _COLUMN_CHARS[COL_NOTES]
            width = chars * self.table.fontMetrics().averageCharWidth() + 16
            self.table.horizontalHeader().resizeSection(COL_NOTES, width)

    # -- public ------------------------------------------------------------
    def start(self) -> None:
        """Load the states that have services, then show the directory."""
        directory = self._directory
        self._worker.submit(directory.states, self._on_states_loaded, self._on_states_failed, owner=self)
        self._search_now()

    def refresh(self) -> None:
        """Search again as the query stands, and read the shown details again (the directory changed)."""
        self._search_now()
        if self._shown_id is not None:
            self._read_details(self._shown_id)

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def selected_hit(self) -> ServiceHit | None:
        index = self.table.currentIndex()
        return index.data(RowRole) if index.isValid() else None

    def refer_selected(self) -> None:
        hit = self.selected_hit()
        if hit is not None:
            self.referral_requested.emit(hit)

    def query(self) -> DirectoryQuery:
        f = self.filters
        return DirectoryQuery(
            self.search_edit.text(), self.state_combo.currentData(),
            self.category_combo.currentData(), self.population_combo.currentData(),
            near_zip=f.near_zip(), miles=f.miles(), language=f.language(), open_now=f.open_now(),
            open_24h=f.open_24h(),
        )

    # -- searching -----------------------------------------------------------
    def _on_search_edit_text_changed(self, _text: str) -> None:
        self._timer.start()  # restarts: the search runs once typing pauses

    def _on_search_edit_return_pressed(self) -> None:
        if self._timer.isActive():
            self._search_now()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if self._answered_seq != self._search_seq:
            self._select_first = True  # when the answer comes
        elif not self.table.currentIndex().isValid() and self.model.rowCount():
            self._select_row(0)

    def _on_filter_changed(self) -> None:
        self._search_now()

    def _search_now(self) -> None:
        self._timer.stop()
        self._search_seq += 1
        seq, query, directory = self._search_seq, self.query(), self._directory
        self.status.setText(self.tr("Searching…"))
        self.spelling_button.hide()
        self._worker.submit(
            lambda: directory.search(query),
            lambda hits: self._on_search_done(seq, query, hits),
            lambda exc: self._on_search_failed(seq, exc),
            owner=self,
        )

    def _on_search_done(self, seq: int, query: DirectoryQuery, hits: tuple[ServiceHit, ...]) -> None:
        if seq != self._search_seq:
            return  # a newer search is on its way
        self._answered_seq = seq
        kept = self._shown_id
        self.model.set_rows(hits)
        self.table.setColumnHidden(COL_DISTANCE, not query.near_zip)
        row = self.model.row_of(kept) if kept else None
        if self._select_first and hits:
            row = 0 if row is None else row
        self._select_first = False
        if row is not None:
            self._select_row(row)
        else:
            self._show_details(None)
        self._say(self._count_text(len(hits)) + self.filters.summary(query), announce=True)
        self._update_refer()
        self._mark_loaded()
        if not hits and query.text.strip():
            directory = self._directory
            self._worker.submit(lambda: directory.spelling(query.text),
                                lambda fixed: self._offer_spelling(seq, fixed), lambda exc: None, owner=self)

    def _offer_spelling(self, seq: int, fixed: str | None) -> None:
        if seq != self._search_seq or not fixed:
            return
        self.spelling_button.setText(self.tr("Search “%1”").replace("%1", fixed))
        self.spelling_button.setProperty("spelling", fixed)
        self.spelling_button.show()
        self._say(self.tr("No services match. Did you mean “%1”?").replace("%1", fixed), announce=True)

    def _search_spelling(self) -> None:
        self.search_edit.setText(self.spelling_button.property("spelling"))
        self._search_now()
        self.search_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_search_failed(self, seq: int, exc: BaseException) -> None:
        if seq != self._search_seq:
            return
        self._answered_seq, self._select_first = seq, False
        if isinstance(exc, ValidationError):
            self._say(self.filters.problems_text(exc.errors))
        elif isinstance(exc, ConsoleError):
            self._say(str(exc))
        else:
            log.error("directory search failed", exc_info=exc)
            self._say(self.tr("The directory cannot be searched right now. Try again; if it keeps failing, tell IT."))
        self._mark_loaded()

    def _count_text(self, n: int) -> str:
        if n == 0:
            return self.tr("No services match. Try fewer words, or set a filter to Any.")
        if n >= DirectoryQuery().limit:
            return self.tr("The first %1 services. Type more or filter to narrow.").replace("%1", str(n))
        return self.tr("1 service") if n == 1 else self.tr("%1 services").replace("%1", str(n))

    def _mark_loaded(self) -> None:
        if not self._loaded:
            self._loaded = True
            self.loaded.emit()

    def _on_states_loaded(self, states: tuple[str, ...]) -> None:
        combo, current = self.state_combo, self.state_combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("Any"), None)
        for code in states:
            combo.addItem(f"{code} – {STATE_NAMES.get(code, code)}", code)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        combo.blockSignals(False)

    def _on_states_failed(self, exc: BaseException) -> None:
        log.warning("the directory's states could not be read", exc_info=exc)

    # -- details -------------------------------------------------------------
    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_refer()
        hit = current.data(RowRole) if current.isValid() else None
        if hit is None or hit.service_id == self._shown_id:
            return
        self._read_details(hit.service_id)

    def _read_details(self, service_id: str) -> None:
        self._details_seq += 1
        seq, directory = self._details_seq, self._directory
        self._worker.submit(
            lambda: directory.details(service_id),
            lambda details: self._on_details_done(seq, details),
            lambda exc: self._on_details_failed(seq, exc),
            owner=self,
        )

    def _on_details_done(self, seq: int, details: ServiceDetails) -> None:
        if seq == self._details_seq:
            self._show_details(details)

    def _on_details_failed(self, seq: int, exc: BaseException) -> None:
        if seq != self._details_seq:
            return
        self._shown_id = None
        if isinstance(exc, NotFound):
            self.details.setPlainText(self.tr("This service is no longer in the directory (removed on another desk?)."))
        else:
            log.error("directory details failed", exc_info=exc)
            self.details.setPlainText(
                self.tr("The details cannot be read right now. Try again; if it keeps failing, tell IT.")
            )

    def _show_details(self, details: ServiceDetails | None) -> None:
        self._details_seq += details is None  # a details read still on its way is no longer wanted
        self._shown_id = details.service_id if details else None
        if details is None:
            self.details.clear()
        else:
            self.details.setHtml(details_html(details))

    # -- helpers -------------------------------------------------------------
    def _select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)

    def _update_refer(self) -> None:
        self.refer_button.setEnabled(self.selected_hit() is not None)

    def _say(self, text: str, announce: bool = False) -> None:
        self.status.setText(text)
        if announce and text and self.search_edit.hasFocus() and hasattr(QtGui, "QAccessibleAnnouncementEvent"):
            event = QtGui.QAccessibleAnnouncementEvent(self.status, text)
            event.setPoliteness(QAccessible.AnnouncementPoliteness.Polite)
            QAccessible.updateAccessibility(event)
