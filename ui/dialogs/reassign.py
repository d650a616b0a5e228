"""Choose who takes a contact over (supervisors)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from console.services.users import UserInfo
from ui.labels import label


class ReassignDialog(QDialog):
    def __init__(self, contact_id: int, users: list[UserInfo], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reassignDialog")
        self.setWindowTitle(self.tr("Reassign contact #%1").replace("%1", str(contact_id)))
        self.users = QComboBox(objectName="reassignUser")
        self.users.setAccessibleName(self.tr("Give the contact to"))
        for user in users:
            self.users.addItem(f"{user.display_name} ({label(user.role)})", user.id)
        caption = QLabel(self.tr("&Give it to"))
        caption.setBuddy(self.users)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QFormLayout(self)
        layout.addRow(caption, self.users)
        layout.addRow(buttons)

    @classmethod
    def ask(cls, contact_id: int, users: list[UserInfo], parent: QWidget | None = None) -> int | None:
        dialog = cls(contact_id, users, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.users.currentData()
