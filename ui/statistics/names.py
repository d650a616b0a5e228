"""What the statistics' tables and codes read as, translated.

Vocabulary codes go through ``ui.labels``; the codes the statistics add
(totals, follow-up states, "not recorded") and the table titles are
translated from their English names in ``console``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from console.services.statistics import Breakdown, Statistics
from console.statistics_export import CODE_TEXTS, Names, english_label
from ui.labels import label

_CONTEXT = "statistics"


def cell_label(key: str, code: str) -> str:
    if key == "language" or code in CODE_TEXTS:
        return QCoreApplication.translate(_CONTEXT, english_label(key, code))
    return label(code)


def title(breakdown: Breakdown) -> str:
    return QCoreApplication.translate(_CONTEXT, breakdown.title)


def frozen_names(stats: Statistics) -> Names:
    """Names looked up now, on the GUI thread, for an export written on another."""
    labels = {(b.key, c.code): cell_label(b.key, c.code) for b in stats.all() for c in b.cells}
    titles = {b.key: title(b) for b in stats.all()}
    return Names(label=lambda key, code: labels[(key, code)], title=lambda b: titles[b.key])
