"""The directory's filters, laid out in the pane's form under the search box.

State, category and population; near a ZIP code within a distance; a
language; "Open now" and "Open 24 h". Tab walks them in that order, Space
ticks a box, typing on a list selects by prefix; every control is named for
screen readers. A change searches at once, except the ZIP field, which
searches once five digits are typed (or the field is cleared), after the
same pause as the search box; Enter in it searches at once.

"Open now" leaves out services whose hours are unknown: the check box says
so in its description, and the pane's status line repeats it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from console.services.directory import DirectoryQuery
from console.vocabulary import LANGUAGE_NAMES, Population, ServiceCategory
from ui.filter_combo import filter_combo
from ui.intake.fields import language_choices
from ui.labels import label

MILES = (5, 10, 25, 50, 100)
DEFAULT_MILES = 25
_ZIP = QRegularExpression(r"^\d{0,5}(-\d{0,4})?$")


class DirectoryFilters(QObject):
    changed = Signal()  # a filter changed: search now
    zip_edited = Signal()  # the ZIP is complete or cleared: search once typing pauses
    zip_entered = Signal()  # Enter in the ZIP field

    def __init__(self, pane: QWidget, form: QFormLayout):
        super().__init__(pane)
        self.state_combo = self._combo(pane, "directoryState", self.tr("State filter"), [])
        self.category_combo = self._combo(
            pane, "directoryCategory", self.tr("Category filter"), [(label(c), c.value) for c in ServiceCategory]
        )
        self.population_combo = self._combo(
            pane, "directoryPopulation", self.tr("Population filter"), [(label(p), p.value) for p in Population]
        )
        self.zip_edit = QLineEdit(pane, objectName="directoryNearZip", clearButtonEnabled=True)
        self.zip_edit.setAccessibleName(self.tr("Near ZIP code"))
        self.zip_edit.setPlaceholderText(self.tr("ZIP code"))
        self.zip_edit.setValidator(QRegularExpressionValidator(_ZIP, self.zip_edit))
        self.zip_edit.setMaxLength(10)
        self.zip_edit.textChanged.connect(self._on_zip_edit_text_changed)
        self.zip_edit.returnPressed.connect(self.zip_entered)
        self.miles_combo = QComboBox(pane, objectName="directoryMiles")
        self.miles_combo.setAccessibleName(self.tr("Distance from the ZIP code"))
        for miles in MILES:
            self.miles_combo.addItem(self.tr("within %1 mi").replace("%1", str(miles)), miles)
        self.miles_combo.setCurrentIndex(MILES.index(DEFAULT_MILES))
        self.miles_combo.currentIndexChanged.connect(self._on_miles_changed)
        self.language_combo = self._combo(pane, "directoryLanguage", self.tr("Language filter"), language_choices())
        self.open_now_check = QCheckBox(self.tr("Open now"), pane, objectName="directoryOpenNow")
        self.open_now_check.setAccessibleDescription(
            self.tr("Open at this moment in the service's own time zone; "
                    "services whose hours are unknown are not shown.")
        )
        self.open_now_check.setToolTip(self.open_now_check.accessibleDescription())
        self.open_24h_check = QCheckBox(self.tr("Open 24 h"), pane, objectName="directoryOpen24h")
        self.open_24h_check.setAccessibleDescription(self.tr("Open 24 hours a day, 7 days a week."))
        for box in (self.open_now_check, self.open_24h_check):
            box.toggled.connect(self.changed)

        near = QHBoxLayout()
        near.addWidget(self.zip_edit, 1)
        near.addWidget(self.miles_combo, 1)
        hours = QHBoxLayout()
        hours.addWidget(self.open_now_check)
        hours.addWidget(self.open_24h_check)
        hours.addStretch(1)
        # No Alt+letter (the intake form owns them); buddies name the fields.
        for text, field, layout in (
            (self.tr("State"), self.state_combo, None), (self.tr("Category"), self.category_combo, None),
            (self.tr("Population"), self.population_combo, None), (self.tr("Near ZIP"), self.zip_edit, near),
            (self.tr("Language"), self.language_combo, None), (self.tr("Hours"), self.open_now_check, hours),
        ):
            caption = QLabel(text, pane)
            caption.setBuddy(field)
            form.addRow(caption, layout if layout is not None else field)

    def _combo(self, pane: QWidget, name: str, accessible: str, items: list[tuple[str, str]]) -> QComboBox:
        return filter_combo(pane, name, accessible, self.tr("Any"), items, self.changed)

    # -- what the query takes -------------------------------------------------
    def near_zip(self) -> str | None:
        return self.zip_edit.text().strip() or None

    def miles(self) -> int:
        return int(self.miles_combo.currentData())

    def language(self) -> str | None:
        return self.language_combo.currentData() or None

    def open_now(self) -> bool:
        return self.open_now_check.isChecked()

    def open_24h(self) -> bool:
        return self.open_24h_check.isChecked()

    # -- what the status line says ------------------------------------------------
    def summary(self, query: DirectoryQuery) -> str:
        """" · within 25 mi of 77002 · Spanish · open now …": what every result met."""
        parts = []
        if query.near_zip:
            parts.append(self.tr("within %1 mi of %2").replace("%1", f"{query.miles:g}").replace("%2", query.near_zip))
        if query.language:
            parts.append(self.tr(LANGUAGE_NAMES.get(query.language, query.language)))
        if query.open_24h:
            parts.append(self.tr("open 24 hours"))
        if query.open_now:
            parts.append(self.tr("open now (services whose hours are unknown are left out)"))
        return "".join(" · " + part for part in parts)

    def problems_text(self, errors: dict[str, str]) -> str:
        """Each problem after the name of its filter ("Near ZIP: 99999 is not a U.S. ZIP code.")."""
        names = {"near_zip": self.tr("Near ZIP"), "miles": self.tr("Distance"), "language": self.tr("Language"),
                 "state": self.tr("State"), "category": self.tr("Category"), "population": self.tr("Population")}
        return " ".join(f"{names[field]}: {text}" if field in names else text for field, text in errors.items())

    # -- slots -------------------------------------------------------------------
    def _on_zip_edit_text_changed(self, text: str) -> None:
        if len(text) in (0, 5, 10) and "-" not in text[:5]:
            self.zip_edited.emit()  # complete (ZIP or ZIP+4) or cleared: worth a search

    def _on_miles_changed(self, _index: int) -> None:
        if self.near_zip():
            self.changed.emit()
