"""The people a speaker search found, one row per ``PersonHit``, in the order
the search gave (those at the trainers first). A withheld email or line says
so in words; the tooltip says why the person was found and all their lines."""

from __future__ import annotations

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
)

from console.services.directory import PhoneInfo
from console.services.directory_people import PersonHit
from ui.tables import TextRowsModel

COL_NAME, COL_TITLE, COL_ORGANIZATION, COL_PLACE, COL_PHONE, COL_EMAIL = range(6)

_CONTEXT = "PersonHitModel"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def phone_text(p: PhoneInfo) -> str:
    if p.withheld:
        return _tr("withheld (confidential)")
    return (p.number or "") + (f" {_tr('ext.')} {p.extension}" if p.extension else "")


def email_text(hit: PersonHit) -> str:
    if hit.withheld:
        return _tr("withheld (confidential)")
    return hit.email or ""


def title_text(hit: PersonHit) -> str:
    return ", ".join(part for part in (hit.title, hit.department) if part)


def place_text(hit: PersonHit) -> str:
    return ", ".join(part for part in (hit.city, hit.state) if part)


class PersonHitModel(TextRowsModel):
    _key = "contact_id"

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[PersonHit] = []
        self._headers = (self.tr("Name"), self.tr("Title"), self.tr("Organization"), self.tr("Place"),
                         self.tr("Phone"), self.tr("Email"))

    def _tooltip(self, hit: PersonHit) -> str:
        why = [self.tr("Named at a trainer found") if hit.trainer else "",
               self.tr("Their title or department names the topic") if hit.topic else ""]
        lines = [hit.name or "", title_text(hit), hit.organization_name or "", place_text(hit),
                 *(phone_text(p) for p in hit.phones), email_text(hit), *why]
        return "\n".join(line for line in lines if line)

    @staticmethod
    def _text(hit: PersonHit, column: int) -> str:
        if column == COL_NAME:
            return hit.name or ""
        if column == COL_TITLE:
            return title_text(hit)
        if column == COL_ORGANIZATION:
            return hit.organization_name or ""
        if column == COL_PLACE:
            return place_text(hit)
        if column == COL_PHONE:
            more = len(hit.phones) - 1
            return phone_text(hit.phones[0]) + (f" (+{more})" if more > 0 else "") if hit.phones else ""
        if column == COL_EMAIL:
            return email_text(hit)
        return ""
