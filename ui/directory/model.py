"""Search results as a table: one row per ``ServiceHit``, in the order the
directory ranked them (near a place: nearest first, with the distance in
miles). "Hours" says in words whether the service is open 24 hours, open or
closed now (nothing when its hours are unknown); "Notes" flags a stale entry
("Not verified since Nov 2024"). The tooltip says all of it in full.

Each search brings a new list, so ``set_rows`` resets the model, except when
the same services come back in the same order (a repeated search): then the
rows are updated in place and the view keeps its selection.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QLocale,
    QObject,
    Qt,
)

from console.services.directory import ServiceHit
from ui.labels import label
from ui.tables import TextRowsModel

COL_ORGANIZATION, COL_SERVICE, COL_DISTANCE, COL_PLACE, COL_HOURS, COL_NOTES, COL_CATEGORIES = range(7)


_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_CONTEXT = "ServiceHitModel"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def place(hit: ServiceHit) -> str:
    return ", ".join(part for part in (hit.city, hit.state) if part)


def category_labels(hit: ServiceHit) -> str:
    return ", ".join(label(code) for code in hit.categories)


def population_labels(hit: ServiceHit) -> str:
    return ", ".join(label(code) for code in hit.populations)


def distance(hit: ServiceHit) -> str:
    return "" if hit.distance_miles is None else f"{hit.distance_miles:.1f}"


def hours(hit: ServiceHit, full: bool = False) -> str:
    """"24 h", "Open" or "Closed" (now); nothing when the hours are unknown (``full``: says so)."""
    if hit.open_24h:
        return _tr("Open 24 hours") if full else _tr("24 h")
    if hit.open_now is None:
        return _tr("Hours unknown") if full else ""
    if full:
        return _tr("Open now") if hit.open_now else _tr("Closed now")
    return _tr("Open") if hit.open_now else _tr("Closed")


def notes(hit: ServiceHit, full: bool = False) -> str:
    """The stale flag: "Not verified since Nov 2024" (``full``: the day too), or "Never verified"."""
    if not hit.stale:
        return ""
    if hit.assured_date is None:
        return _tr("Never verified")
    day = QDate(hit.assured_date.year, hit.assured_date.month, hit.assured_date.day)
    return _tr("Not verified since %1").replace("%1", QLocale().toString(day, "d MMMM yyyy" if full else "MMM yyyy"))


class ServiceHitModel(TextRowsModel):
    _key = "service_id"

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[ServiceHit] = []
        self._headers = (self.tr("Organization"), self.tr("Service"), self.tr("Mi"), self.tr("Place"),
                         self.tr("Hours"), self.tr("Notes"), self.tr("Categories"))

    # -- the table ------------------------------------------------------------
    def _sort_value(self, hit: ServiceHit, column: int):
        if column == COL_DISTANCE:
            return hit.distance_miles if hit.distance_miles is not None else float("inf")
        return None

    def _other(self, hit: ServiceHit, column: int, role: int):
        if role == _ALIGN and column == COL_DISTANCE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _tooltip(self, hit: ServiceHit) -> str:
        where = place(hit)
        if hit.distance_miles is not None:
            where = self.tr("%1 miles away").replace("%1", distance(hit)) + (f" — {where}" if where else "")
        lines = [f"{hit.organization_name} — {hit.service_name}", where, hours(hit, full=True),
                 notes(hit, full=True)]
        if hit.categories:
            lines.append(self.tr("Categories: %1").replace("%1", category_labels(hit)))
        if hit.populations:
            lines.append(self.tr("For: %1").replace("%1", population_labels(hit)))
        return "\n".join(line for line in lines if line)

    @staticmethod
    def _text(hit: ServiceHit, column: int) -> str:
        if column == COL_ORGANIZATION:
            return hit.organization_name
        if column == COL_SERVICE:
            return hit.service_name
        if column == COL_PLACE:
            return place(hit)
        if column == COL_DISTANCE:
            return distance(hit)
        if column == COL_HOURS:
            return hours(hit)
        if column == COL_NOTES:
            return notes(hit)
        if column == COL_CATEGORIES:
            return category_labels(hit)
        return ""

