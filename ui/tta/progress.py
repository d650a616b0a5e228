"""The Progress tab of a TTA request: move its status on (new → in progress
→ done, or declined) with a note, or add a note alone. Only the statuses the
request may go to are offered; roles that may not progress requests see why
instead of the controls' effect (the service refuses them anyway)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.services.tta import TtaDetails
from ui.intake.fields import CodeCombo, ErrorLabel, note_label, plain_text
from ui.labels import label


class ProgressPanel(QWidget):
    status_requested = Signal(str, str)  # (status code, note)
    note_requested = Signal(str)

    def __init__(self, can_progress: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("ttaProgress")
        self._can_progress = can_progress
        self.next_status = CodeCombo([], blank=self.tr("— choose —"))
        self.next_status.setObjectName("ttaNextStatus")
        self.next_status.setAccessibleName(self.tr("Next status"))
        self.note = plain_text(4)
        self.note.setObjectName("ttaNote")
        self.note.setAccessibleName(self.tr("Note on the work"))
        self.apply_button = QPushButton(self.tr("&Apply status"), objectName="ttaApplyStatus")
        self.apply_button.setAccessibleName(self.tr("Change the request's status, with the note"))
        self.note_button = QPushButton(self.tr("Add note on&ly"), objectName="ttaAddNote")
        self.note_button.setAccessibleName(self.tr("Add the note to the work log without changing the status"))
        self.error = ErrorLabel("ttaProgress")
        self.hint = note_label("")
        self.hint.setObjectName("ttaProgressHint")
        form = QFormLayout()
        status_label, note_caption = QLabel(self.tr("Ne&xt status")), QLabel(self.tr("N&ote"))
        status_label.setBuddy(self.next_status)
        note_caption.setBuddy(self.note)
        form.addRow(status_label, self.next_status)
        form.addRow(note_caption, self.note)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.note_button)
        buttons.addWidget(self.apply_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        self.apply_button.clicked.connect(self._on_apply_clicked)
        self.note_button.clicked.connect(self._on_note_clicked)
        self.set_details(None)

    def set_details(self, details: TtaDetails | None, *, may_note: bool = False) -> None:
        self.error.clear_message()
        self.next_status.clear()
        self.next_status.addItem(self.tr("— choose —"), "")
        nexts = details.item.next_statuses if details is not None else ()
        for status in nexts:
            self.next_status.addItem(label(status), status.value)
        if len(nexts) >= 1:
            self.next_status.setCurrentIndex(1)
        self.apply_button.setEnabled(self._can_progress and bool(nexts))
        self.next_status.setEnabled(self._can_progress and bool(nexts))
        self.note_button.setEnabled(details is not None and (self._can_progress or may_note))
        if details is None:
            hint = self.tr("Select a request.")
        elif not nexts:
            hint = self.tr("This request is %1: closed. Notes can still be added.").replace(
                "%1", label(details.item.status))
        elif not self._can_progress:
            hint = self.tr("Program staff and supervisors move requests on; you can add notes to your own.")
        else:
            hint = self.tr("New → in progress → done; declined needs a note saying why.")
        self.hint.setText(hint)

    def show_errors(self, errors: dict[str, str]) -> None:
        self.error.show_message("\n".join(errors.values()))

    def clear_note(self) -> None:
        self.note.clear()

    def _on_apply_clicked(self) -> None:
        if self.next_status.code():
            self.status_requested.emit(self.next_status.code(), self.note.toPlainText())
        else:
            self.error.show_message(self.tr("Choose the next status."))

    def _on_note_clicked(self) -> None:
        self.note_requested.emit(self.note.toPlainText())
