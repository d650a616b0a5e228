"""The statistics window's "Library use" tab: how often each resource
library item was sent in the window's period, split by email, post and
link, most sent first, suppressed like the other statistics, and exported
to CSV (audited by the service).

It counts only when it is shown (the window asks it to ``load`` the period
when the tab is opened or the period changes while it is open), on the
database worker; an answer for a period no longer wanted is dropped.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget

from console.errors import ConsoleError
from console.services.statistics import Period, StatisticsService
from console.services.statistics_library import LibraryUse
from ui.statistics.library_model import COL_FIRST_METHOD, COL_TITLE, LibraryUseModel, column_label
from ui.tables import list_table

log = logging.getLogger(__name__)


class LibraryUsePanel(QWidget):
    loaded = Signal(object)  # LibraryUse
    exported = Signal(str)  # the file written

    def __init__(self, statistics: StatisticsService, worker, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("libraryUse")
        self._service, self._worker = statistics, worker
        self.wanted: Period | None = None
        self.current: LibraryUse | None = None
        self.state = QLabel(objectName="libraryUseState", wordWrap=True)
        self.state.setAccessibleName(self.tr("Library use period and state"))
        self.model = LibraryUseModel(self)
        self.table = list_table(self, "libraryUseTable", self.tr("Library items sent"), self.model,
                                {COL_TITLE: 40, 1: 18, 2: 10}, 16)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.horizontalHeader().setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        self.note = QLabel(objectName="libraryUseNote", wordWrap=True)
        self.note.setAccessibleName(self.tr("About small counts"))
        self.export_button = QPushButton(self.tr("Export library use as C&SV…"), objectName="libraryUseExportCsv")
        self.export_button.setAccessibleName(self.tr("Export library use as CSV"))
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.export)
        buttons = QHBoxLayout()
        buttons.addWidget(self.note, 1)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def load(self, period: Period) -> None:
        """Count ``period`` unless it is already shown or on its way."""
        if period == self.wanted:
            return
        self.wanted = period
        self.state.setText(self.tr("Counting the library's sends %1 …").replace("%1", period.describe()))
        self.export_button.setEnabled(False)
        service = self._service
        self._worker.submit(lambda: service.library_use(period), self.show_use, self._on_failed, owner=self)

    def show_use(self, use: LibraryUse) -> None:
        if use.period != self.wanted:
            return  # an answer for a period no longer chosen
        self.current = use
        self.model.set_use(use)
        header, metrics = self.table.horizontalHeader(), self.table.fontMetrics()
        for column in range(COL_FIRST_METHOD, self.model.columnCount()):  # the count columns: as wide as their heading
            heading = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            header.resizeSection(column, max(metrics.horizontalAdvance(heading), metrics.averageCharWidth() * 7) + 24)
        counted = use.computed_at.strftime("%Y-%m-%d %H:%M UTC")
        items = self.tr("%n item(s) sent", "", len(use.items))
        self.state.setText(self.tr("%1 (dates in %2) · %3 · sends in all: %4 · counted %5")
                           .replace("%1", use.period.describe()).replace("%2", use.time_zone)
                           .replace("%3", items).replace("%4", use.total.text).replace("%5", counted))
        self.note.setText(self.tr(use.note))
        self.export_button.setEnabled(True)
        self.loaded.emit(use)

    def _on_failed(self, exc: BaseException) -> None:
        self.wanted = None  # so that choosing the period again retries
        log.warning("the library's use could not be counted", exc_info=exc)
        self.state.setText(str(exc) if isinstance(exc, ConsoleError) else self.tr(
            "The library's use cannot be counted right now: the database did not answer. Try again in a moment."))

    def export(self) -> None:
        use = self.current
        if use is None:
            return
        suggested = f"library-use-{use.period.start.isoformat()}-to-{use.period.last_day.isoformat()}.csv"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export library use"), suggested, self.tr("CSV (*.csv)"))
        if not path:
            return
        target = Path(path)
        # Names looked up now, on the GUI thread, for the file written on the worker.
        names = {("method", m): column_label("method", m) for m in use.methods}
        names.update(((key, code), column_label(key, code)) for item in use.items
                     for key, code in (("kind", item.kind), ("language", item.language)) if code)
        self.state.setText(self.tr("Writing %1 …").replace("%1", target.name))
        service = self._service
        self._worker.submit(lambda: service.export_library_use(use, target, lambda key, code: names[(key, code)]),
                            lambda _none: self._on_exported(target), self._on_export_failed, owner=self)

    def _on_exported(self, target: Path) -> None:
        self.state.setText(self.tr("Saved %1").replace("%1", str(target)))
        self.exported.emit(str(target))

    def _on_export_failed(self, exc: BaseException) -> None:
        log.warning("the library use export failed", exc_info=exc)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        self.state.setText(self.tr("The file was not saved (%1). Choose another folder or name.").replace("%1", reason))
