"""The period chooser: this month, last month, this year, or custom dates.

Presets are reckoned from "today" in the hotline's zone (given by the
window). Custom dates are both included; typing in a date field waits a
moment before the period changes, so a year typed digit by digit is one
change.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from console.services.statistics import Period

THIS_MONTH, LAST_MONTH, THIS_YEAR, CUSTOM = "this_month", "last_month", "this_year", "custom"
DEBOUNCE_MS = 400


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class PeriodChooser(QWidget):
    period_changed = Signal(object)  # Period

    def __init__(self, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self._today = today
        self.preset = QComboBox(objectName="statisticsPeriod")
        self.preset.setAccessibleName(self.tr("Period"))
        for text, code in ((self.tr("This month"), THIS_MONTH), (self.tr("Last month"), LAST_MONTH),
                           (self.tr("This year"), THIS_YEAR), (self.tr("Custom dates"), CUSTOM)):
            self.preset.addItem(text, code)
        self.first = self._date_edit("statisticsFrom", self.tr("From (first day)"))
        self.last = self._date_edit("statisticsTo", self.tr("To (last day, included)"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for text, field in ((self.tr("&Period"), self.preset), (self.tr("&From"), self.first),
                            (self.tr("&To"), self.last)):
            caption = QLabel(text)
            caption.setBuddy(field)
            layout.addWidget(caption)
            layout.addWidget(field)
        layout.addStretch(1)
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self._on_debounce_timeout)
        self._emitted = self.period()
        self._show_dates(self._emitted)
        self.preset.currentIndexChanged.connect(self._on_preset_changed)
        self.first.dateChanged.connect(self._on_date_changed)
        self.last.dateChanged.connect(self._on_date_changed)

    def _date_edit(self, name: str, accessible: str) -> QDateEdit:
        edit = QDateEdit(objectName=name, calendarPopup=True, displayFormat="yyyy-MM-dd")
        edit.setAccessibleName(accessible)
        return edit

    def period(self) -> Period:
        code = self.preset.currentData()
        if code == THIS_MONTH:
            return Period.month_of(self._today)
        if code == LAST_MONTH:
            return Period.last_month(self._today)
        if code == THIS_YEAR:
            return Period.year_of(self._today)
        first, last = _date(self.first.date()), _date(self.last.date())
        return Period.days(min(first, last), max(first, last))

    def choose(self, code: str) -> None:
        self.preset.setCurrentIndex(self.preset.findData(code))

    def set_custom(self, first: date, last: date) -> None:
        """Custom dates, both included: one change of period."""
        for edit, day in ((self.first, first), (self.last, last)):
            edit.blockSignals(True)
            edit.setDate(_qdate(day))
            edit.blockSignals(False)
        if self.preset.currentData() == CUSTOM:
            self._on_debounce_timeout()
        else:
            self.choose(CUSTOM)

    def _show_dates(self, period: Period) -> None:
        custom = self.preset.currentData() == CUSTOM
        for edit, day in ((self.first, period.start), (self.last, period.last_day)):
            edit.blockSignals(True)
            edit.setDate(_qdate(day))
            edit.blockSignals(False)
            edit.setEnabled(custom)

    def _on_preset_changed(self, _index: int) -> None:
        self._debounce.stop()
        period = self.period()
        self._show_dates(period)
        self._emit(period)

    def _on_date_changed(self, _day: QDate) -> None:
        if self.preset.currentData() == CUSTOM:
            self._debounce.start()

    def _on_debounce_timeout(self) -> None:
        self._debounce.stop()
        self._emit(self.period())

    def _emit(self, period: Period) -> None:
        if period != self._emitted:  # "Custom dates" starts from the dates shown: nothing to count again
            self._emitted = period
            self.period_changed.emit(period)
