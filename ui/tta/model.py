"""TTA requests as a table: one row per ``TtaItem``, in the service's order
(urgent first, then by due time). Urgency and overdue read as words
(URGENT, OVERDUE), never colour alone; the tooltip says it all in full."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject

from console.services.tta import TtaItem
from ui.labels import label
from ui.tables import TextRowsModel

COL_ID, COL_URGENCY, COL_STATUS, COL_KIND, COL_WHO, COL_DUE = range(6)


def when(moment: datetime | None, zone: ZoneInfo) -> str:
    return "" if moment is None else f"{moment.astimezone(zone):%a %d %b %H:%M}"


class TtaRequestModel(TextRowsModel):
    _key = "request_id"

    def __init__(self, zone: ZoneInfo, parent: QObject | None = None):
        super().__init__(parent)
        self._zone = zone
        self._rows: list[TtaItem] = []
        self._headers = (self.tr("#"), self.tr("Urgency"), self.tr("Status"), self.tr("Kind"),
                         self.tr("Who asks"), self.tr("Respond by / event"))

    def urgency(self, item: TtaItem) -> str:
        words = [self.tr("URGENT") if item.urgent else self.tr("non-urgent")]
        if item.overdue:
            words.insert(0, self.tr("OVERDUE"))
        return " · ".join(words)

    def due(self, item: TtaItem) -> str:
        parts = [self.tr("now") if item.urgent and item.respond_by is None else when(item.respond_by, self._zone)]
        if item.event_date is not None:
            parts.append(self.tr("event %1").replace("%1", item.event_date.isoformat()))
        return " · ".join(p for p in parts if p)

    def _text(self, item: TtaItem, column: int) -> str:
        if column == COL_ID:
            return str(item.request_id)
        if column == COL_URGENCY:
            return self.urgency(item)
        if column == COL_STATUS:
            return label(item.status)
        if column == COL_KIND:
            return label(item.kind)
        if column == COL_WHO:
            return ", ".join(p for p in (item.organization, item.requester_name) if p)
        if column == COL_DUE:
            return self.due(item)
        return ""

    def _sort_value(self, item: TtaItem, column: int):
        if column == COL_ID:
            return item.request_id
        if column == COL_DUE:
            return item.respond_by.isoformat() if item.respond_by else ""
        return None

    def _tooltip(self, item: TtaItem) -> str:
        lines = [self.tr("TTA request #%1 on contact #%2").replace("%1", str(item.request_id))
                 .replace("%2", str(item.contact_id)),
                 f"{label(item.kind)} · {label(item.status)} · {self.urgency(item)}",
                 self.tr("Topic: %1").replace("%1", label(item.topic)
                                              + (f" ({item.topic_detail})" if item.topic_detail else ""))]
        return "\n".join(lines)
