"""A TTA request as the window's Request tab reads it: who asks, what about,
for whom, when, its progress and review, and the work log (who, when, what)."""

from __future__ import annotations

from html import escape
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication

from console.services.tta import TtaDetails
from ui.labels import label
from ui.tta.model import when

_CONTEXT = "TtaDetails"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def _row(name: str, value: str | None) -> str:
    return f"<tr><th align='left'>{escape(name)}</th><td>{escape(value)}</td></tr>" if value else ""


def details_html(details: TtaDetails, zone: ZoneInfo) -> str:
    i = details.item
    urgency = _tr("URGENT: handled now") if i.urgent else _tr("Non-urgent: respond by %1").replace(
        "%1", when(i.respond_by, zone))
    if i.overdue:
        urgency = _tr("OVERDUE") + " · " + urgency
    reach = " · ".join(p for p in (i.requester_email, i.requester_phone) if p)
    event = " · ".join(p for p in (i.event_date.isoformat() if i.event_date else "",
                                   ", ".join(p for p in (i.event_city, i.event_state) if p)) if p)
    review = ""
    if i.review_outcome:
        review = f"{label(i.review_outcome)} ({i.reviewed_by or ''}, {when(i.reviewed_at, zone)})"
        review += f": {i.review_note}" if i.review_note else ""
    rows = "".join((
        _row(_tr("Status"), label(i.status)),
        _row(_tr("Urgency"), urgency),
        _row(_tr("Organization"), i.organization),
        _row(_tr("Requester"), ", ".join(p for p in (i.requester_name, i.requester_role) if p)),
        _row(_tr("Reach them"), reach),
        _row(_tr("Topic"), label(i.topic) + (f": {i.topic_detail}" if i.topic_detail else "")),
        _row(_tr("Audience"), ", ".join(p for p in (label(i.audience), i.audience_detail) if p)),
        _row(_tr("Event"), event),
        _row(_tr("Asked"), i.description),
        _row(_tr("Review"), review),
        _row(_tr("Attachments"), str(i.attachments) if i.attachments else ""),
        _row(_tr("Made"), f"{when(i.created_at, zone)} · {i.created_by or ''}"),
    ))
    log = "".join(
        f"<li>{escape(when(e.at, zone))} · <b>{escape(e.user)}</b>"
        + (f" · {escape(label(e.from_status) or '—')} → {escape(label(e.to_status))}" if e.to_status else "")
        + (f"<br>{escape(e.note)}" if e.note else "") + "</li>"
        for e in details.log
    )
    title = _tr("TTA request #%1 · %2 · contact #%3").replace("%1", str(i.request_id)).replace(
        "%2", label(i.kind)).replace("%3", str(i.contact_id))
    return (f"<h3>{escape(title)}</h3><table cellspacing='4'>{rows}</table>"
            f"<h4>{escape(_tr('Work log'))}</h4><ul>{log}</ul>")
