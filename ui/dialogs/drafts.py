"""Offer back drafts that were never saved (after a crash, or kept on purpose)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.drafts import Draft
from ui.labels import label

RESTORE, DISCARD = "restore", "discard"


def describe(draft: Draft) -> str:
    form = draft.payload.get("form", {})
    what = label(form.get("primary_request")) or "—"
    contact = draft.payload.get("contact_id")
    where = f"contact #{contact}" if contact else "new contact"
    summary = " ".join((form.get("summary") or "").split())[:60]
    return f"{draft.saved_at.astimezone():%a %H:%M}  ·  {where}  ·  {what}  ·  {summary}"


class DraftsDialog(QDialog):
    def __init__(self, drafts: list[Draft], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Unsaved contacts"))
        self.setObjectName("draftsDialog")
        self._drafts = drafts
        self.choice: str | None = None
        text = QLabel(
            self.tr("These contacts were being entered on this desk and were never saved. Restore one to finish it."),
            wordWrap=True,
        )
        self.list = QListWidget(objectName="draftsList")
        self.list.setAccessibleName(self.tr("Unsaved contacts"))
        for draft in drafts:
            QListWidgetItem(describe(draft), self.list)
        self.list.setCurrentRow(0)
        buttons = QDialogButtonBox()
        restore = buttons.addButton(self.tr("&Restore"), QDialogButtonBox.ButtonRole.AcceptRole)
        restore.setObjectName("restoreDraft")
        later = buttons.addButton(self.tr("&Later"), QDialogButtonBox.ButtonRole.RejectRole)
        later.setObjectName("laterDraft")
        discard = buttons.addButton(self.tr("&Discard"), QDialogButtonBox.ButtonRole.DestructiveRole)
        discard.setObjectName("discardDraft")
        restore.clicked.connect(lambda: self._finish(RESTORE))
        discard.clicked.connect(lambda: self._finish(DISCARD))
        later.clicked.connect(self.reject)
        self.list.itemActivated.connect(lambda _item: self._finish(RESTORE))
        restore.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(560, 260)

    def _finish(self, choice: str) -> None:
        self.choice = choice
        self.accept()

    def selected(self) -> Draft | None:
        row = self.list.currentRow()
        return self._drafts[row] if 0 <= row < len(self._drafts) else None

    @classmethod
    def ask(cls, drafts: list[Draft], parent: QWidget | None = None) -> tuple[str, Draft] | None:
        """(RESTORE or DISCARD, the draft), or None for later."""
        dialog = cls(drafts, parent)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.choice is None:
            return None
        draft = dialog.selected()
        return None if draft is None else (dialog.choice, draft)
