"""Section 1, the call: what is asked, how urgent, by which channel, in which language."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QPushButton

from console.services.intake.form import ContactForm
from console.vocabulary import (
    ALWAYS_URGENT,
    URGENCY_CHOSEN,
    Channel,
    NonDataOutcome,
    RequestType,
)
from ui.intake.compound import CheckGroup, OptionalDateTime
from ui.intake.fields import CodeCombo, Section, language_choices, note_label
from ui.labels import choices

_URGENT = "urgent"
_NOT_URGENT = "not_urgent"


class CallSection(Section):
    def __init__(self) -> None:
        super().__init__("call")
        self.primary = CodeCombo(RequestType, blank=self.tr("— choose —"))
        self.row(self.tr("&Primary request"), self.primary, "primary_request", required=True)

        self.others = CheckGroup(choices(RequestType), "request_types")
        self.row(self.tr("&Other requests"), self.others, "request_types")

        self.urgency = CodeCombo(
            [(self.tr("Urgent"), _URGENT), (self.tr("Not urgent"), _NOT_URGENT)], blank=self.tr("— choose —")
        )
        self.urgency_note = note_label("")
        self.urgency_note.setObjectName("urgent_note")
        self.row(self.tr("&Urgency"), self.urgency, "urgent", note=self.urgency_note)

        # Shown while TTA is asked: the contact's TTA requests (ui.tta.actions; on a saved contact).
        self.tta_button = QPushButton(self.tr("TTA requ&est… (Ctrl+Shift+T)"), objectName="tta_request_button")
        self.tta_button.setAccessibleName(self.tr("Training and technical assistance request on this contact"))
        self.form_layout.addRow("", self.tta_button)

        self.channel = CodeCombo(Channel)
        self.row(self.tr("Cha&nnel"), self.channel, "channel")

        self.language = CodeCombo(language_choices())
        self.row(self.tr("&Language"), self.language, "language")

        self.interpreter = CodeCombo(language_choices(), blank=self.tr("— none —"))
        self.row(self.tr("&Interpreter"), self.interpreter, "interpreter_language")

        self.arrived = OptionalDateTime("received_at", self.tr("Now"), "received_at_now", empty_when_checked=True)
        self.arrived.set_accessible_names(self.tr("Arrived"))
        self.arrived.check.setToolTip(self.tr("Untick to enter when a message really arrived (local time)"))
        found = self.row(self.tr("&Arrived"), self.arrived, "received_at")
        found.field.setObjectName("received_at_box")
        found.focus = self.arrived.focus_target

        self.non_data = CodeCombo(NonDataOutcome, blank=self.tr("— none —"))
        self.row(self.tr("Non-data ou&tcome"), self.non_data, "non_data_outcome")

        self.keep = QCheckBox(self.tr("&Keep this contact with me"))
        self.keep.setToolTip(self.tr("Untick to put it back in the queue for another desk"))
        self.check(self.keep, "keep_with_me")

        self.primary.currentIndexChanged.connect(self._on_requests_changed)
        self.others.changed.connect(self._on_requests_changed)
        self.clear_values()

    def clear_values(self) -> None:
        self.fill(ContactForm())

    def requests(self) -> set[str]:
        found = set(self.others.codes())
        if self.primary.code():
            found.add(self.primary.code())
        return found

    def values(self) -> dict[str, Any]:
        urgency = self.urgency.code() if self.urgency.isEnabled() else ""
        return {
            "received_at": self.arrived.value(),
            "channel": self.channel.code(),
            "language": self.language.code(),
            "interpreter_language": self.interpreter.code(),
            "primary_request": self.primary.code(),
            "request_types": self.others.codes(),
            "urgent": {_URGENT: True, _NOT_URGENT: False}.get(urgency),
            "non_data_outcome": self.non_data.code(),
            "keep_with_me": self.keep.isChecked(),
        }

    def fill(self, form: ContactForm) -> None:
        self.primary.set_code(form.primary_request)
        self.others.set_codes(form.request_types)
        self.urgency.set_code({True: _URGENT, False: _NOT_URGENT}.get(form.urgent, ""))
        self.channel.set_code(form.channel)
        self.language.set_code(form.language)
        self.interpreter.set_code(form.interpreter_language)
        self.arrived.set_value(form.received_at)
        self.non_data.set_code(form.non_data_outcome)
        self.keep.setChecked(form.keep_with_me)
        self._on_requests_changed()

    def _on_requests_changed(self) -> None:
        self.others.set_locked(self.primary.code() or None)
        requests = self.requests()
        asked = bool(requests & URGENCY_CHOSEN)
        self.tta_button.setVisible(RequestType.TTA.value in requests)
        self.urgency.setEnabled(asked)
        if requests & ALWAYS_URGENT:
            note = self.tr("Crisis and tips are always handled now.")
        elif not asked:
            note = self.tr("Asked for training & technical assistance and referral requests.")
        else:
            note = ""
        self.urgency_note.setText(note)
        self.urgency_note.setVisible(bool(note))
