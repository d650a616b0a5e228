"""Library search results as a table: one row per ``LibraryHit``, in the
order the library ranked them. A retired item (shown to staff who ask for
them) says so in its title, in words. The tooltip says it all in full.

Each search brings a new list, so ``set_rows`` resets the model, except when
the same items come back in the same order: then the rows are updated in
place and the view keeps its selection.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QLocale,
    QObject,
)

from console.services.library import LibraryHit
from console.vocabulary import LANGUAGE_NAMES
from ui.labels import label
from ui.tables import TextRowsModel

COL_TITLE, COL_KIND, COL_LANGUAGE, COL_FORMAT, COL_REVIEWED = range(5)


_CONTEXT = "LibraryHitModel"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def language_name(code: str) -> str:
    return QCoreApplication.translate("intake", LANGUAGE_NAMES.get(code, code))


def title(hit: LibraryHit) -> str:
    return hit.title + (_tr(" — RETIRED") if hit.retired else "")


def reviewed(hit: LibraryHit) -> str:
    day = hit.reviewed_on
    return "" if day is None else QLocale().toString(QDate(day.year, day.month, day.day), "MMM yyyy")


class LibraryHitModel(TextRowsModel):
    _key = "item_id"

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[LibraryHit] = []
        self._headers = (self.tr("Title"), self.tr("Kind"), self.tr("Language"), self.tr("Format"),
                         self.tr("Reviewed"))

    def _sort_value(self, hit: LibraryHit, column: int):
        if column == COL_REVIEWED:
            return hit.reviewed_on.isoformat() if hit.reviewed_on else ""
        return None

    def _tooltip(self, hit: LibraryHit) -> str:
        lines = [title(hit), f"{label(hit.kind)} · {label(hit.format)} · {language_name(hit.language)}",
                 self.tr("Topics: %1").replace("%1", ", ".join(label(t) for t in hit.topics)),
                 self.tr("For: %1").replace("%1", ", ".join(label(a) for a in hit.audiences))]
        if hit.reviewed_on:
            lines.append(self.tr("Reviewed %1").replace("%1", reviewed(hit)))
        return "\n".join(lines)

    @staticmethod
    def _text(hit: LibraryHit, column: int) -> str:
        if column == COL_TITLE:
            return title(hit)
        if column == COL_KIND:
            return label(hit.kind)
        if column == COL_LANGUAGE:
            return language_name(hit.language)
        if column == COL_FORMAT:
            return label(hit.format)
        if column == COL_REVIEWED:
            return reviewed(hit)
        return ""

