"""Section 6, the outcome: summary, referrals given, materials, tip forwarding, follow-up."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtWidgets import QLineEdit

from console.services.intake.form import ContactForm, MaterialInput, ReferralInput
from console.vocabulary import ReferralStatus
from ui.intake.compound import OptionalDateTime
from ui.intake.entries import EntryList, EntryRow, escape
from ui.intake.fields import FieldRow, Section, plain_text
from ui.intake.materials import MATERIAL_FIELDS, MaterialList

_REFERRAL_FIELDS = ("service_name", "organization_name", "status", "note")


class ReferralRow(EntryRow):
    """One referral: who it is to (read-only), its status, a note, Remove."""

    def __init__(self, referral: ReferralInput) -> None:
        title = f"<b>{escape(referral.service_name)}</b> — {escape(referral.organization_name)}"
        super().__init__(title, ReferralStatus, referral.status, referral.note, self.tr("Note (optional)"), "referrals")
        self.referral = referral
        self.status, self.note = self.choice, self.text

    def key(self) -> object:
        return self.referral.service_id

    def set_names(self, at: str) -> None:
        self.setObjectName(at)
        self.status.setObjectName(f"{at}.status")
        self.note.setObjectName(f"{at}.note")
        self.remove.setObjectName(f"{at}.remove")
        self.error.setObjectName(f"error_{at}")
        to = self.referral.service_name
        self.status.setAccessibleName(self.tr("Status of the referral to {0}").format(to))
        self.note.setAccessibleName(self.tr("Note on the referral to {0}").format(to))
        self.remove.setAccessibleName(self.tr("Remove the referral to {0}").format(to))

    def value(self) -> ReferralInput:
        return replace(self.referral, status=self.status.code(), note=self.note.text())


class ReferralList(EntryList):
    """The referrals on this contact; a label's buddy (focus goes to the first status)."""

    def __init__(self) -> None:
        super().__init__("referrals", self.tr("None yet. Refer a service from the directory (Ctrl+R)."), ReferralRow)

    def referrals(self) -> tuple[ReferralInput, ...]:
        return self.values()

    def set_referrals(self, referrals: tuple[ReferralInput, ...]) -> None:
        self.set_values(referrals)


class OutcomeSection(Section):
    def __init__(self) -> None:
        super().__init__("outcome")
        self.summary = plain_text(5)
        self.summary.setPlaceholderText(self.tr("What happened on this contact, in a few sentences"))
        self.row(self.tr("S&ummary"), self.summary, "summary", required=True)

        self.referrals = ReferralList()
        found = self.row(self.tr("&Referrals"), self.referrals, "referrals")
        found.focus = lambda: self.referrals.rows[0].status if self.referrals.rows else self.summary

        # Sent from the resource library (Ctrl+Shift+M there); the free text below is for anything else.
        self.library = MaterialList()
        shelf = self.row(self.tr("&Library materials"), self.library, "materials")
        shelf.focus = lambda: self.library.rows[0].choice if self.library.rows else self.summary

        self.materials = plain_text(2)
        self.row(self.tr("&Materials sent"), self.materials, "materials_sent")
        # Rows come in Tab order after the summary: the referrals', then the materials'.
        self.referrals.anchor = lambda: self.summary
        self.library.anchor = lambda: self.referrals.last_control() or self.summary
        self.referrals.after = self.library.after = self.materials
        self.referrals.label, self.library.label = found.label, shelf.label
        self.referrals.set_referrals(())
        self.library.set_values(())

        self.tip_to = QLineEdit()
        self.tip_to.setPlaceholderText(self.tr("Agency or task force"))
        self.row(self.tr("&Tip forwarded to"), self.tip_to, "tip_forwarded_to")

        self.tip_at = OptionalDateTime(
            "tip_forwarded_at", self.tr("Forwarded"), "tip_forwarded", empty_when_checked=False
        )
        self.tip_at.set_accessible_names(self.tr("Tip forwarded at"))
        self._datetime_row(self.tr("Forwarded &at"), self.tip_at, "tip_forwarded_at")

        self.follow_up = OptionalDateTime("follow_up_due", self.tr("Set"), "follow_up_set", empty_when_checked=False)
        self.follow_up.set_accessible_names(self.tr("Follow-up due"))
        self._datetime_row(self.tr("F&ollow-up due"), self.follow_up, "follow_up_due")
        OptionalDateTime.align(self.tip_at, self.follow_up)
        self.fill(ContactForm())

    def _datetime_row(self, text: str, widget: OptionalDateTime, name: str) -> None:
        found = self.row(text, widget, name)
        widget.setObjectName(f"{name}_box")
        found.focus = widget.focus_target

    def values(self) -> dict[str, Any]:
        return {
            "summary": self.summary.toPlainText(),
            "materials_sent": self.materials.toPlainText(),
            "tip_forwarded_to": self.tip_to.text(),
            "tip_forwarded_at": self.tip_at.value(),
            "follow_up_due": self.follow_up.value(),
            "referrals": self.referrals.referrals(),
            "materials": self.library.values(),
        }

    def fill(self, form: ContactForm) -> None:
        self.summary.setPlainText(form.summary)
        self.materials.setPlainText(form.materials_sent)
        self.tip_to.setText(form.tip_forwarded_to)
        self.tip_at.set_value(form.tip_forwarded_at)
        self.follow_up.set_value(form.follow_up_due)
        self.referrals.set_referrals(form.referrals)
        self.library.set_values(form.materials)

    def add_referral(self, referral: ReferralInput) -> bool:
        return self.referrals.add(referral)

    def add_material(self, material: MaterialInput) -> bool:
        return self.library.add(material)

    def error_rows(self) -> dict[str, FieldRow]:
        rows = dict(super().error_rows())
        for i, row in enumerate(self.referrals.rows):
            for field in _REFERRAL_FIELDS:
                target = row.note if field == "note" else row.status
                rows[f"referrals.{i}.{field}"] = FieldRow(target, row.error)
        for i, row in enumerate(self.library.rows):
            for field in MATERIAL_FIELDS:
                rows[f"materials.{i}.{field}"] = FieldRow(row.text if field == "recipient" else row.choice, row.error)
        return rows
