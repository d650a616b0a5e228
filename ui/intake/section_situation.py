"""Section 4, the situation: type of trafficking, where, what was noticed, danger and needs."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox

from console.services.intake.form import ContactForm
from console.vocabulary import EmergencyNeed, TraffickingType, Venue
from ui.intake.compound import CheckGroup
from ui.intake.fields import CodeCombo, Section, plain_text
from ui.labels import choices


def venue_choices() -> list[tuple[str, str]]:
    """Venues by label (easier to scan in a 27-item list); "Other" and "Unknown" last."""
    tail = {Venue.OTHER.value, Venue.UNKNOWN.value}
    pairs = choices(Venue)
    return sorted((p for p in pairs if p[1] not in tail), key=lambda p: p[0].casefold()) + [
        p for p in pairs if p[1] in tail
    ]


class SituationSection(Section):
    def __init__(self) -> None:
        super().__init__("situation")
        self.trafficking_type = CodeCombo(TraffickingType)
        self.row(self.tr("&Trafficking type"), self.trafficking_type, "trafficking_type")

        self.venue = CodeCombo(venue_choices())
        self.venue.setToolTip(self.tr("Type the first letters of a venue to pick it"))
        self.row(self.tr("Ven&ue / industry"), self.venue, "venue")

        self.indicators = plain_text(5)
        self.indicators.setPlaceholderText(
            self.tr("What the caller describes: control, debt, documents taken, threats, …")
        )
        self.row(self.tr("&Indicators noted"), self.indicators, "indicators")

        self.danger = QCheckBox(self.tr("I&mmediate danger"))
        self.danger.setToolTip(self.tr("Someone is in danger now: a supervisor is alerted"))
        self.check(self.danger, "immediate_danger")

        self.needs = CheckGroup(choices(EmergencyNeed), "emergency_needs", columns=3)
        self.row(self.tr("&Emergency needs"), self.needs, "emergency_needs")
        self.fill(ContactForm())

    def values(self) -> dict[str, Any]:
        return {
            "trafficking_type": self.trafficking_type.code(),
            "venue": self.venue.code(),
            "indicators": self.indicators.toPlainText(),
            "immediate_danger": self.danger.isChecked(),
            "emergency_needs": self.needs.codes(),
        }

    def fill(self, form: ContactForm) -> None:
        self.trafficking_type.set_code(form.trafficking_type)
        self.venue.set_code(form.venue)
        self.indicators.setPlainText(form.indicators)
        self.danger.setChecked(form.immediate_danger)
        self.needs.set_codes(form.emergency_needs)
