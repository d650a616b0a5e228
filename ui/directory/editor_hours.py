"""The editor's page of when a service is open: "Open 24 hours", a compact
week (a day's box ticks it open, then Tab to its opening and closing time;
00:00 closing is midnight), and the service's time zone (blank: the ZIP
code's), which "open now" reads. Each day's error shows on its line.

Hours an import brought that the week cannot show (two openings a day,
overnight, monthly or dated rules) are kept as they are: the grid stays
greyed until "Replace them with the week below" is ticked.
"""

from __future__ import annotations

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QTimeEdit,
    QWidget,
)

from console.services.directory_edit_needs import CLOSED, WEEKDAYS, HoursForm
from ui.intake.fields import ErrorLabel, FieldRow, Section, note_label

_ZONES = (
    ("America/New_York", "Eastern"), ("America/Chicago", "Central"), ("America/Denver", "Mountain"),
    ("America/Phoenix", "Arizona, no daylight saving"), ("America/Los_Angeles", "Pacific"),
    ("America/Anchorage", "Alaska"), ("Pacific/Honolulu", "Hawaii"),
    ("America/Puerto_Rico", "Puerto Rico, U.S. Virgin Islands"), ("Pacific/Guam", "Guam, Northern Mariana Islands"),
    ("Pacific/Pago_Pago", "American Samoa"),
)  # fmt: skip
_FORMAT = "HH:mm"


def _time_edit(name: str, spoken: str) -> QTimeEdit:
    edit = QTimeEdit()
    edit.setDisplayFormat(_FORMAT)
    edit.setObjectName(name)
    edit.setAccessibleName(spoken)
    return edit


class HoursPage(Section):
    def __init__(self) -> None:
        super().__init__("hours")
        self._custom = False
        self.kept = note_label(self.tr("These hours came in a form the week below cannot show (e.g. two openings "
                                       "a day, or overnight). They are kept as they are."))
        self.replace = QCheckBox(self.tr("&Replace them with the week below"))
        self.open_24h = QCheckBox(self.tr("Open &24 hours, every day"))
        self.check(self.replace, "hours.replace")
        self.body_layout.insertWidget(0, self.kept)
        self.check(self.open_24h, "hours.open_24h")
        self.week = QWidget(objectName="hours.week")
        grid = QGridLayout(self.week)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        names = (self.tr("&Monday"), self.tr("T&uesday"), self.tr("&Wednesday"), self.tr("T&hursday"),
                 self.tr("&Friday"), self.tr("S&aturday"), self.tr("Su&nday"))
        self.days: list[tuple[QCheckBox, QTimeEdit, QTimeEdit]] = []
        for i, (code, name) in enumerate(zip(WEEKDAYS, names, strict=True)):
            spoken = name.replace("&", "")
            box = QCheckBox(name, objectName=f"hours.{code.lower()}.open")
            box.setAccessibleName(self.tr("Open on %1").replace("%1", spoken))
            opens = _time_edit(f"hours.{code.lower()}.opens", self.tr("%1 opens at").replace("%1", spoken))
            closes = _time_edit(f"hours.{code.lower()}.closes", self.tr("%1 closes at").replace("%1", spoken))
            error = ErrorLabel(f"hours.{code.lower()}")
            for column, widget in enumerate((box, opens, QLabel("–"), closes)):
                grid.addWidget(widget, i, column)
            grid.addWidget(error, i, 4)
            box.toggled.connect(self._sync)
            for widget in (box, opens, closes):
                signal = widget.toggled if widget is box else widget.timeChanged
                signal.connect(self.edited)
            self.days.append((box, opens, closes))
            self._rows[f"hours.{code.lower()}"] = FieldRow(
                opens, error, focus=lambda b=box, o=opens: o if o.isEnabled() else b)
        grid.setColumnStretch(4, 1)
        self.form_layout.addRow(self.tr("Opening hours"), self.week)
        self.form_layout.addRow("", note_label(self.tr("Closing at 00:00 means midnight. Hours past midnight go on "
                                                       "the next day too (e.g. Friday 20:00–00:00, Saturday 00:00–06:00).")))
        self.zone = QComboBox(editable=True)
        self.zone.addItem(self.tr("From the ZIP code"), "")
        for name, where in _ZONES:
            self.zone.addItem(f"{name} – {self.tr(where)}", name)
        self.zone.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.row(self.tr("Time &zone"), self.zone, "hours.time_zone", accessible=self.tr("Time zone"),
                 note=note_label(self.tr("Where the service keeps its hours; \"open now\" reads them there.")))
        self.zone.editTextChanged.connect(self.edited)
        self.open_24h.toggled.connect(self._sync)
        self.replace.toggled.connect(self._sync)

    def values(self) -> HoursForm:
        zone = self.time_zone()
        if self._custom and not self.replace.isChecked():
            return HoursForm(CLOSED, False, zone, custom=True)
        if self.open_24h.isChecked():
            return HoursForm(CLOSED, True, zone)
        days = tuple((opens.time().toString(_FORMAT), closes.time().toString(_FORMAT)) if box.isChecked() else None
                     for box, opens, closes in self.days)
        return HoursForm(days, False, zone)

    def time_zone(self) -> str:
        text = self.zone.currentText().strip()
        index = self.zone.findText(text)
        return str(self.zone.itemData(index) or "") if index >= 0 else text

    def fill(self, form: HoursForm) -> None:
        self._custom = form.custom
        self.replace.setChecked(False)
        self.kept.setVisible(form.custom)
        self.replace.setVisible(form.custom)
        self.open_24h.setChecked(form.open_24h)
        for (box, opens, closes), day in zip(self.days, form.days, strict=True):
            box.setChecked(day is not None)
            opens.setTime(QTime.fromString(day[0] if day else "09:00", _FORMAT))
            closes.setTime(QTime.fromString(day[1] if day else "17:00", _FORMAT))
        index = self.zone.findData(form.time_zone)
        if index < 0:
            self.zone.addItem(form.time_zone, form.time_zone)
            index = self.zone.count() - 1
        self.zone.setCurrentIndex(index)
        self._sync()

    def _sync(self) -> None:
        usable = not self._custom or self.replace.isChecked()
        self.open_24h.setEnabled(usable)
        week = usable and not self.open_24h.isChecked()
        for box, opens, closes in self.days:
            box.setEnabled(week)
            opens.setEnabled(week and box.isChecked())
            closes.setEnabled(week and box.isChecked())
