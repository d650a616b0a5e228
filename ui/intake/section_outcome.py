"""Section 6, the outcome: summary, referrals given, materials, tip forwarding, follow-up."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.services.intake.form import ContactForm, ReferralInput
from console.vocabulary import ReferralStatus
from ui.intake.compound import OptionalDateTime
from ui.intake.fields import (
    CodeCombo,
    ErrorLabel,
    FieldRow,
    Section,
    chain_tab_order,
    note_label,
    plain_text,
    preceding_focusable,
    watch,
)

_REFERRAL_FIELDS = ("service_name", "organization_name", "status", "note")


class ReferralRow(QFrame):
    """One referral: who it is to (read-only), its status, a note, Remove."""

    edited = Signal()
    remove_requested = Signal(object)

    def __init__(self, referral: ReferralInput) -> None:
        super().__init__()
        self.referral = referral
        self.setFrameShape(QFrame.Shape.StyledPanel)
        title = QLabel(f"<b>{_escape(referral.service_name)}</b> — {_escape(referral.organization_name)}")
        title.setTextFormat(Qt.TextFormat.RichText)
        title.setWordWrap(True)
        self.status = CodeCombo(ReferralStatus)
        self.status.set_code(referral.status)
        self.note = QLineEdit(referral.note)
        self.note.setPlaceholderText(self.tr("Note (optional)"))
        self.remove = QPushButton(self.tr("Remove"))
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))
        self.error = ErrorLabel("referrals")
        controls = QHBoxLayout()
        controls.addWidget(self.status)
        controls.addWidget(self.note, 1)
        controls.addWidget(self.remove)
        box = QVBoxLayout(self)
        box.setContentsMargins(8, 6, 8, 6)
        box.setSpacing(4)
        box.addWidget(title)
        box.addLayout(controls)
        box.addWidget(self.error)
        watch(self.edited, self.status, self.note)

    def set_index(self, index: int) -> None:
        at = f"referrals.{index}"
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


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class ReferralList(QWidget):
    """The referrals on this contact; a label's buddy (focus goes to the first status)."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("referrals")
        self._empty = note_label(self.tr("None yet. Refer a service from the directory (Ctrl+R)."))
        self._box = QVBoxLayout(self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.addWidget(self._empty)
        self.rows: list[ReferralRow] = []
        self.after: QWidget | None = None  # where focus goes when the last referral is removed
        self.label: QLabel | None = None  # its row's label, whose buddy is the first status
        self._refresh()

    def referrals(self) -> tuple[ReferralInput, ...]:
        return tuple(row.value() for row in self.rows)

    def set_referrals(self, referrals: tuple[ReferralInput, ...]) -> None:
        while self.rows:
            self._drop(self.rows[-1])
        for referral in referrals:
            self._append(referral)
        self._refresh()

    def add(self, referral: ReferralInput) -> bool:
        if referral.service_id is not None and any(r.referral.service_id == referral.service_id for r in self.rows):
            return False
        self._append(referral)
        self._refresh()
        self.changed.emit()
        return True

    def remove_row(self, row: ReferralRow) -> None:
        index = self.rows.index(row)
        self._drop(row)
        self._refresh()
        if self.rows:
            self.rows[min(index, len(self.rows) - 1)].status.setFocus()
        elif self.after is not None:
            self.after.setFocus()
        self.changed.emit()

    def _append(self, referral: ReferralInput) -> None:
        row = ReferralRow(referral)
        row.edited.connect(self.changed)
        row.remove_requested.connect(self.remove_row)
        self._box.addWidget(row)
        row.show()  # at once, not on the next event-loop turn: focus may go there now
        self.rows.append(row)

    def _drop(self, row: ReferralRow) -> None:
        self.rows.remove(row)
        self._box.removeWidget(row)
        row.hide()
        row.setParent(None)
        row.deleteLater()

    def _refresh(self) -> None:
        for i, row in enumerate(self.rows):
            row.set_index(i)
        self._empty.setVisible(not self.rows)
        # No focus proxy here: Qt 6.12 moves a widget after a grandchild proxy in the focus
        # chain, which makes Tab loop through the rows. The label's buddy follows the first row.
        chain_tab_order(preceding_focusable(self), [w for row in self.rows for w in (row.status, row.note, row.remove)])
        if self.label is not None:
            self.label.setBuddy(self.rows[0].status if self.rows else self)


class OutcomeSection(Section):
    def __init__(self) -> None:
        super().__init__("outcome")
        self.summary = plain_text(5)
        self.summary.setPlaceholderText(self.tr("What happened on this contact, in a few sentences"))
        self.row(self.tr("S&ummary"), self.summary, "summary", required=True)

        self.referrals = ReferralList()
        found = self.row(self.tr("&Referrals"), self.referrals, "referrals")
        found.focus = lambda: self.referrals.rows[0].status if self.referrals.rows else self.summary

        self.materials = plain_text(2)
        self.row(self.tr("&Materials sent"), self.materials, "materials_sent")
        self.referrals.after = self.materials
        self.referrals.label = found.label
        self.referrals.set_referrals(())

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
        }

    def fill(self, form: ContactForm) -> None:
        self.summary.setPlainText(form.summary)
        self.materials.setPlainText(form.materials_sent)
        self.tip_to.setText(form.tip_forwarded_to)
        self.tip_at.set_value(form.tip_forwarded_at)
        self.follow_up.set_value(form.follow_up_due)
        self.referrals.set_referrals(form.referrals)

    def add_referral(self, referral: ReferralInput) -> bool:
        return self.referrals.add(referral)

    def error_rows(self) -> dict[str, FieldRow]:
        rows = dict(super().error_rows())
        for i, row in enumerate(self.referrals.rows):
            for field in _REFERRAL_FIELDS:
                target = row.note if field == "note" else row.status
                rows[f"referrals.{i}.{field}"] = FieldRow(target, row.error)
        return rows
