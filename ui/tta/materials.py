"""The Materials tab of a TTA request (a review of third-party materials):
the files attached for review, Attach (a file the console checks by its
content) and Save a copy (where the user chooses: the console never opens
or runs a file), and the review's outcome with its note."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.services.tta import AttachmentInfo, TtaDetails
from console.vocabulary import TtaKind, TtaReviewOutcome
from ui.intake.fields import CodeCombo, ErrorLabel, note_label, plain_text

AttachmentRole = Qt.ItemDataRole.UserRole + 1


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / (1024 * 1024):.1f} MB"


class MaterialsPanel(QWidget):
    attach_requested = Signal()
    save_requested = Signal(object)  # AttachmentInfo
    review_requested = Signal(str, str)  # (outcome code, note)

    def __init__(self, can_review: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("ttaMaterials")
        self._can_review = can_review
        self.files = QListWidget(objectName="ttaAttachments")
        self.files.setAccessibleName(self.tr("Files attached for review (Enter saves a copy)"))
        files_label = QLabel(self.tr("Attached f&iles"))
        files_label.setBuddy(self.files)
        self.attach_button = QPushButton(self.tr("A&ttach a file…"), objectName="ttaAttach")
        self.attach_button.setAccessibleName(self.tr("Attach a file for review"))
        self.save_button = QPushButton(self.tr("Sa&ve a copy…"), objectName="ttaSaveCopy")
        self.save_button.setAccessibleName(self.tr("Save a copy of the selected file"))
        self.outcome = CodeCombo(TtaReviewOutcome, blank=self.tr("— not reviewed —"))
        self.outcome.setObjectName("ttaReviewOutcome")
        self.outcome.setAccessibleName(self.tr("Review outcome"))
        self.review_note = plain_text(3)
        self.review_note.setObjectName("ttaReviewNote")
        self.review_note.setAccessibleName(self.tr("Review note"))
        self.review_button = QPushButton(self.tr("&Record review"), objectName="ttaRecordReview")
        self.review_button.setAccessibleName(self.tr("Record the review's outcome and note"))
        self.error = ErrorLabel("ttaMaterials")
        self.hint = note_label(self.tr("PDF, Word, Excel, PowerPoint, PNG, JPEG or plain text, up to 20 MB; "
                                       "checked by content. Files are never opened here."))
        file_buttons = QHBoxLayout()
        file_buttons.addStretch(1)
        file_buttons.addWidget(self.attach_button)
        file_buttons.addWidget(self.save_button)
        form = QFormLayout()
        outcome_label, note_label_ = QLabel(self.tr("Review &outcome")), QLabel(self.tr("Review n&ote"))
        outcome_label.setBuddy(self.outcome)
        note_label_.setBuddy(self.review_note)
        form.addRow(outcome_label, self.outcome)
        form.addRow(note_label_, self.review_note)
        review_buttons = QHBoxLayout()
        review_buttons.addStretch(1)
        review_buttons.addWidget(self.review_button)
        layout = QVBoxLayout(self)
        layout.addWidget(files_label)
        layout.addWidget(self.files, 1)
        layout.addLayout(file_buttons)
        layout.addWidget(self.hint)
        layout.addLayout(form)
        layout.addLayout(review_buttons)
        layout.addWidget(self.error)
        self.attach_button.clicked.connect(self.attach_requested)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.files.itemActivated.connect(lambda _item: self._on_save_clicked())
        self.review_button.clicked.connect(
            lambda: self.review_requested.emit(self.outcome.code(), self.review_note.toPlainText()))
        self.set_details(None)

    def set_details(self, details: TtaDetails | None, *, may_attach: bool = False) -> None:
        self.error.clear_message()
        self.files.clear()
        review = details is not None and details.item.kind == TtaKind.THIRD_PARTY_REVIEW
        open_ = details is not None and details.item.is_open
        for info in details.attachments if details is not None else ():
            row = QListWidgetItem(f"{info.file_name} · {size_text(info.size)} · {info.added_by or ''}", self.files)
            row.setData(AttachmentRole, info)
        if self.files.count():
            self.files.setCurrentRow(0)
        self.attach_button.setEnabled(review and open_ and may_attach)
        self.save_button.setEnabled(self.files.count() > 0)
        self.outcome.set_code(details.item.review_outcome if details is not None else "")
        self.review_note.setPlainText(details.item.review_note if details is not None else "")
        for widget in (self.outcome, self.review_note, self.review_button):
            widget.setEnabled(review and open_ and self._can_review)
        if details is not None and not review:
            self.hint.setText(self.tr("Files and a review belong to a review of third-party materials."))

    def selected(self) -> AttachmentInfo | None:
        row = self.files.currentItem()
        return None if row is None else row.data(AttachmentRole)

    def show_errors(self, errors: dict[str, str]) -> None:
        self.error.show_message("\n".join(errors.values()))

    def _on_save_clicked(self) -> None:
        info = self.selected()
        if info is not None:
            self.save_requested.emit(info)
