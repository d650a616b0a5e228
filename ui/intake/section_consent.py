"""Section 5, consent: may the caller's information be shared, and with whom."""

from __future__ import annotations

from typing import Any

from console.services.intake.form import ContactForm
from console.vocabulary import ConsentAnswer
from ui.intake.fields import CodeCombo, Section, note_label


class ConsentSection(Section):
    def __init__(self) -> None:
        super().__init__("consent")
        intro = note_label(self.tr("May the caller's information be shared with…"))
        self.form_layout.addRow(intro)
        self.law_enforcement = CodeCombo(ConsentAnswer)
        self.row(
            self.tr("&Law enforcement"),
            self.law_enforcement,
            "consent_law_enforcement",
            accessible=self.tr("Share with law enforcement"),
        )
        self.service_providers = CodeCombo(ConsentAnswer)
        self.row(
            self.tr("Service &providers"),
            self.service_providers,
            "consent_service_providers",
            accessible=self.tr("Share with service providers"),
        )
        self.task_force = CodeCombo(ConsentAnswer)
        self.row(
            self.tr("&Task force"),
            self.task_force,
            "consent_task_force",
            accessible=self.tr("Share with the anti-trafficking task force"),
        )
        note = note_label(
            self.tr(
                "Whatever the caller consents to, a minor or someone in immediate danger "
                "is reported and a supervisor is alerted."
            )
        )
        self.body_layout.insertWidget(1, note)
        self.fill(ContactForm())

    def values(self) -> dict[str, Any]:
        return {
            "consent_law_enforcement": self.law_enforcement.code(),
            "consent_service_providers": self.service_providers.code(),
            "consent_task_force": self.task_force.code(),
        }

    def fill(self, form: ContactForm) -> None:
        self.law_enforcement.set_code(form.consent_law_enforcement)
        self.service_providers.set_code(form.consent_service_providers)
        self.task_force.set_code(form.consent_task_force)
