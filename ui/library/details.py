"""A library item's details as rich text for a read-only ``QTextBrowser``.

Everything from the catalogue is escaped; a link is shown as text to read
out or copy, never opened from here. A retired item says so first, in
words. No colour is set, so dark and high-contrast palettes apply.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale

from console.services.library import LibraryItemDetails
from ui.labels import label
from ui.library.model import language_name

_CONTEXT = "LibraryDetails"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def details_html(d: LibraryItemDetails) -> str:
    h = d.hit
    parts = [f"<h3>{escape(h.title)}</h3>"]
    if h.retired:
        parts.append(f"<p><b>{escape(_tr('Retired: no longer offered to callers.'))}</b></p>")
    parts.append(f"<p>{escape(' · '.join((label(h.kind), label(h.format), language_name(h.language))))}</p>")
    if d.description:
        parts.append(f"<p>{escape(d.description)}</p>")
    rows = [
        (_tr("Topics"), ", ".join(label(t) for t in h.topics)),
        (_tr("For"), ", ".join(label(a) for a in h.audiences)),
        (_tr("Link"), h.link or ""),
        (_tr("File"), h.file_path or ""),
        (_tr("Reviewed"), _day(h.reviewed_on) if h.reviewed_on else _tr("not recorded")),
        (_tr("Sent"), _times(d.times_sent)),
    ]
    body = "".join(
        f"<tr><td style='padding-right:12px' valign='top'>{escape(name)}</td><td>{escape(value)}</td></tr>"
        for name, value in rows if value
    )
    parts.append(f"<table cellspacing='0' cellpadding='2'>{body}</table>")
    added = _tr("Added by %1, %2").replace("%1", d.created_by or _tr("unknown")).replace("%2", _moment(d.created_at))
    changed = _tr("changed by %1, %2").replace("%1", d.updated_by or _tr("unknown")).replace("%2",
                                                                                             _moment(d.updated_at))
    parts.append(f"<p><i>{escape(added)}" + (f"; {escape(changed)}" if d.updated_at != d.created_at else "")
                 + "</i></p>")
    return "\n".join(parts)


def _times(n: int) -> str:
    if n == 0:
        return _tr("never yet")
    return _tr("once") if n == 1 else _tr("%1 times").replace("%1", str(n))


def _day(value) -> str:  # "d MMMM yyyy" is never ambiguous
    return QLocale().toString(QDate(value.year, value.month, value.day), "d MMMM yyyy")


def _moment(value) -> str:
    local = QDateTime.fromSecsSinceEpoch(int(value.timestamp())).toLocalTime()
    return QLocale().toString(local, "d MMMM yyyy HH:mm")
