"""Section 2, the caller: who they are and how to reach them safely."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from PySide6.QtWidgets import QCheckBox, QLineEdit

from console.services.intake import EarlierCalls
from console.services.intake.form import ContactForm
from console.vocabulary import CallerHistory, CallerType, YesNoUnknown
from ui.intake.fields import CodeCombo, Section, note_label, state_choices


def _line(placeholder: str = "") -> QLineEdit:
    # No setMaxLength: it would cut a loaded draft silently; the rules report a
    # text that is too long beside its field instead.
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    return edit


class CallerSection(Section):
    def __init__(self) -> None:
        super().__init__("caller")
        self.caller_type = CodeCombo(CallerType, blank=self.tr("— choose —"))
        self.row(self.tr("Caller &type"), self.caller_type, "caller_type", required=True)

        self.anonymous = QCheckBox(self.tr("&Anonymous (no name given)"))
        self.check(self.anonymous, "caller_anonymous")

        self.name = _line()
        self.row(self.tr("&Name"), self.name, "caller_name")

        self.safe_phone = _line(self.tr("e.g. 713-555-0142"))
        # Filled by the pane once the number is typed: earlier contacts from it (a returning caller).
        self.earlier_note = note_label("")
        self.earlier_note.setObjectName("earlier_calls_note")
        self.earlier_note.hide()
        self.row(self.tr("Safe &phone"), self.safe_phone, "caller_safe_phone", note=self.earlier_note)

        self.safe_times = _line(self.tr("e.g. weekdays after 6pm"))
        self.row(self.tr("Safe t&imes"), self.safe_times, "caller_safe_times")

        self.may_leave_message = CodeCombo(YesNoUnknown)
        self.row(self.tr("&May leave a message"), self.may_leave_message, "caller_may_leave_message")

        self.code_word = _line()
        self.row(self.tr("C&ode word"), self.code_word, "caller_code_word")

        self.city = _line()
        self.row(self.tr("Cit&y"), self.city, "caller_city")

        self.state = CodeCombo(state_choices(), blank="—")
        self.row(self.tr("&State"), self.state, "caller_state")

        self.zip = _line(self.tr("77002 or 77002-1234"))
        self.row(self.tr("&ZIP"), self.zip, "caller_zip")

        self.heard_about = _line()
        self.row(self.tr("Hea&rd of us via"), self.heard_about, "caller_heard_about")

        self.history = CodeCombo(CallerHistory)
        self.row(self.tr("First time or r&eturning"), self.history, "caller_history")

        self.anonymous.toggled.connect(self._on_anonymous_toggled)
        self.fill(ContactForm())

    def values(self) -> dict[str, Any]:
        anonymous = self.anonymous.isChecked()
        return {
            "caller_type": self.caller_type.code(),
            "caller_anonymous": anonymous,
            # A name typed before ticking Anonymous stays on screen (greyed) but is not kept.
            "caller_name": "" if anonymous else self.name.text(),
            "caller_safe_phone": self.safe_phone.text(),
            "caller_safe_times": self.safe_times.text(),
            "caller_may_leave_message": self.may_leave_message.code(),
            "caller_code_word": self.code_word.text(),
            "caller_city": self.city.text(),
            "caller_state": self.state.code(),
            "caller_zip": self.zip.text(),
            "caller_heard_about": self.heard_about.text(),
            "caller_history": self.history.code(),
        }

    def fill(self, form: ContactForm) -> None:
        self.caller_type.set_code(form.caller_type)
        self.anonymous.setChecked(form.caller_anonymous)
        self.name.setText(form.caller_name)
        self.safe_phone.setText(form.caller_safe_phone)
        self.safe_times.setText(form.caller_safe_times)
        self.may_leave_message.set_code(form.caller_may_leave_message)
        self.code_word.setText(form.caller_code_word)
        self.city.setText(form.caller_city)
        self.state.set_code(form.caller_state)
        self.zip.setText(form.caller_zip)
        self.heard_about.setText(form.caller_heard_about)
        self.history.set_code(form.caller_history)
        self.show_earlier(None)
        self._on_anonymous_toggled()

    def show_earlier(self, found: EarlierCalls | None) -> None:
        """Say what the number's earlier contacts are (nothing for none)."""
        if found is None or not found.count:
            self.earlier_note.clear()
            self.earlier_note.hide()
            return
        when = "?"
        if (at := found.last_received_at) is not None:  # stored in UTC (naive from SQLite): the desk's own date
            when = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone().strftime("%-d %b %Y")
        text = (self.tr("Returning caller: this number called once before, on %2 (#%3).") if found.count == 1 else
                self.tr("Returning caller: %1 earlier contacts from this number, the last on %2 (#%3)."))
        self.earlier_note.setText(text.replace("%1", str(found.count)).replace("%2", when)
                                  .replace("%3", str(found.last_id)))
        self.earlier_note.show()
        self.safe_phone.setAccessibleDescription(self.earlier_note.text())  # a screen reader hears it too

    def _on_anonymous_toggled(self) -> None:
        self.name.setEnabled(not self.anonymous.isChecked())
