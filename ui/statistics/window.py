"""The statistics window (View ▸ Statistics, Ctrl+Shift+S): a period, then
two tabs: Contacts (the totals, one table and bar chart per breakdown,
exports to CSV and XLSX) and Library use (``ui.statistics.library_use``).

Counting and writing files run on the database worker; the window shows
what ``StatisticsService`` returned, already suppressed, and exports exactly
that. While it counts, a busy bar shows; choosing another period meanwhile
drops the result that was coming (there is nothing else to cancel: a count
takes about a second).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.errors import ConsoleError
from console.services.statistics import TITLES, Period, Statistics, StatisticsService
from ui.statistics.chart import BarChart
from ui.statistics.library_use import LibraryUsePanel
from ui.statistics.model import BreakdownModel
from ui.statistics.names import cell_label, frozen_names, title
from ui.statistics.period import PeriodChooser
from ui.tables import list_table

log = logging.getLogger(__name__)


class StatisticsWindow(QWidget):
    loaded = Signal(object)  # Statistics
    exported = Signal(str)  # the file written

    def __init__(self, statistics: StatisticsService, worker, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("statisticsWindow")
        self.setWindowTitle(self.tr("Statistics — Hotline Console"))
        self._service, self._worker = statistics, worker
        self._wanted: Period | None = None
        self.current: Statistics | None = None
        self.chooser = PeriodChooser(statistics.today(), self)
        self.state = QLabel(objectName="statisticsState", wordWrap=True)
        self.state.setAccessibleName(self.tr("Statistics period and state"))
        self.busy = QProgressBar(objectName="statisticsBusy", minimum=0, maximum=0, textVisible=False)
        self.busy.setAccessibleName(self.tr("Counting"))
        self.busy.setMaximumWidth(160)
        self.busy.hide()
        self.summary = QLabel(objectName="statisticsSummary", wordWrap=True)
        self.summary.setAccessibleName(self.tr("Totals"))
        self.tables = QListWidget(objectName="statisticsTables")
        self.tables.setAccessibleName(self.tr("Tables"))
        self.tables.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.model = BreakdownModel(self)
        self.table = list_table(self, "statisticsTable", self.tr("Counts"), self.model, {0: 34, 1: 8, 2: 8}, 16)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.chart = BarChart()
        scroll = QScrollArea(objectName="statisticsChartScroll", widgetResizable=True)
        scroll.setWidget(self.chart)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.note = QLabel(objectName="statisticsNote", wordWrap=True)
        self.note.setAccessibleName(self.tr("About small counts"))
        self.export_csv_button = self._button(self.tr("Export &CSV…"), "statisticsExportCsv", "csv")
        self.export_xlsx_button = self._button(self.tr("Export &XLSX…"), "statisticsExportXlsx", "xlsx")
        # Library use: a tab of its own, counted for the same period when it is shown.
        self.library = LibraryUsePanel(statistics, worker, self)
        self.tabs = QTabWidget(objectName="statisticsTabs")
        self.tabs.setAccessibleName(self.tr("Contacts or library use"))
        self._layout(scroll)
        self.chooser.period_changed.connect(self.load)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self.tables.currentRowChanged.connect(self._on_tables_row_changed)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        self._set_exportable(False)
        self.resize(1000, 680)

    def _button(self, text: str, name: str, kind: str) -> QPushButton:
        button = QPushButton(text, objectName=name)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(lambda: self.export(kind))
        return button

    def _layout(self, scroll: QScrollArea) -> None:
        tables_label = QLabel(self.tr("T&ables"))
        tables_label.setBuddy(self.tables)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(tables_label)
        left_layout.addWidget(self.tables)
        split = QSplitter(Qt.Orientation.Horizontal, objectName="statisticsSplitter")
        split.addWidget(left)
        split.addWidget(self.table)
        split.addWidget(scroll)
        list_width = max(self.fontMetrics().horizontalAdvance(title) for title in TITLES.values()) + 64
        split.setSizes([list_width, 380, 1000 - list_width - 380])
        buttons = QHBoxLayout()
        buttons.addWidget(self.note, 1)
        buttons.addWidget(self.export_csv_button)
        buttons.addWidget(self.export_xlsx_button)
        state_row = QHBoxLayout()
        state_row.addWidget(self.state, 1)
        state_row.addWidget(self.busy)
        contacts = QWidget(objectName="statisticsContacts")
        contacts_layout = QVBoxLayout(contacts)
        contacts_layout.addLayout(state_row)
        contacts_layout.addWidget(self.summary)
        contacts_layout.addWidget(split, 1)
        contacts_layout.addLayout(buttons)
        self.tabs.addTab(contacts, self.tr("Co&ntacts"))
        self.tabs.addTab(self.library, self.tr("&Library use"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.chooser)
        layout.addWidget(self.tabs, 1)

    # -- loading --------------------------------------------------------------------

    def start(self) -> None:
        self.load(self.chooser.period())

    def load(self, period: Period) -> None:
        self._wanted = period
        if self.tabs.currentWidget() is self.library:
            self.library.load(period)
        self.state.setText(self.tr("Counting %1 …").replace("%1", period.describe()))
        self._set_exportable(False)
        self.busy.show()
        service = self._service
        self._worker.submit(lambda: service.statistics(period), self.show_statistics, self._on_failed, owner=self)

    def _on_tabs_current_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.library and self._wanted is not None:
            self.library.load(self._wanted)

    def _on_failed(self, exc: BaseException) -> None:
        self.busy.hide()
        log.warning("the statistics could not be read", exc_info=exc)
        if isinstance(exc, ConsoleError):
            self.state.setText(str(exc))
        else:
            self.state.setText(self.tr("The statistics cannot be read right now: the database did not answer. "
                                       "Try again in a moment."))

    def show_statistics(self, stats: Statistics) -> None:
        if self._wanted is not None and stats.period != self._wanted:
            return  # an answer for a period no longer chosen
        self.current = stats
        self.busy.hide()
        counted = stats.computed_at.strftime("%Y-%m-%d %H:%M UTC")
        self.state.setText(self.tr("%1 (dates in %2) · counted %3").replace("%1", stats.period.describe())
                           .replace("%2", stats.time_zone).replace("%3", counted))
        self.summary.setText(" · ".join(f"{cell_label('totals', c.code)} {c.text}" for c in stats.totals.cells))
        self.note.setText(self.tr(stats.note))
        row = max(0, self.tables.currentRow())
        self.tables.blockSignals(True)
        self.tables.clear()
        for breakdown in stats.all():
            QListWidgetItem(title(breakdown), self.tables)
        self.tables.setCurrentRow(row)
        self.tables.blockSignals(False)
        self._show_table(row)
        self._set_exportable(True)
        self.loaded.emit(stats)

    def _on_tables_row_changed(self, row: int) -> None:
        self._show_table(row)

    def _show_table(self, row: int) -> None:
        breakdowns = self.current.all() if self.current is not None else ()
        breakdown = breakdowns[row] if 0 <= row < len(breakdowns) else None
        self.model.set_breakdown(breakdown)
        self.chart.set_breakdown(breakdown)

    # -- exports --------------------------------------------------------------------

    def _set_exportable(self, ready: bool) -> None:
        self.export_csv_button.setEnabled(ready)
        self.export_xlsx_button.setEnabled(ready)

    def export(self, kind: str) -> None:
        stats = self.current
        if stats is None:
            return
        suggested = f"hotline-statistics-{stats.period.start.isoformat()}-to-{stats.period.last_day.isoformat()}.{kind}"
        filters = self.tr("CSV (*.csv)") if kind == "csv" else self.tr("Excel workbook (*.xlsx)")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export statistics"), suggested, filters)
        if not path:
            return
        target, names = Path(path), frozen_names(stats)
        self.state.setText(self.tr("Writing %1 …").replace("%1", target.name))
        service = self._service
        self._worker.submit(lambda: service.export(stats, target, kind, names), lambda _none: self._on_exported(target),
                            self._on_export_failed, owner=self)

    def _on_exported(self, target: Path) -> None:
        self.state.setText(self.tr("Saved %1").replace("%1", str(target)))
        self.exported.emit(str(target))

    def _on_export_failed(self, exc: BaseException) -> None:
        log.warning("the statistics export failed", exc_info=exc)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        self.state.setText(self.tr("The file was not saved (%1). Choose another folder or name.").replace("%1", reason))
