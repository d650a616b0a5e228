"""F1: the keyboard map, so nobody has to remember it."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

SHORTCUTS = (
    ("Ctrl+N", "New contact (opens the form on the Call section)"),
    ("Ctrl+S", "Save the contact"),
    ("Ctrl+W", "Close the form (unsaved work is kept as a draft)"),
    ("Esc", "Leave a field's pop-up; never discards a contact"),
    ("F2", "Claim the next contact from the queue"),
    ("Ctrl+1 / Ctrl+2 / Ctrl+3", "Focus the queue / the form / the directory"),
    ("Ctrl+F", "Search the directory"),
    ("Ctrl+R", "Refer the selected directory service on the open contact"),
    ("Ctrl+E", "Edit the selected directory service (directory staff)"),
    ("Ctrl+Shift+N", "New directory service (directory staff)"),
    ("Ctrl+S / Ctrl+Shift+V", "In the directory editor: save / save and mark verified"),
    ("Ctrl+4", "Search the resource library"),
    ("Ctrl+Shift+M", "Send the selected library item on the open contact"),
    ("Ctrl+PgDown / Ctrl+PgUp", "Next / previous section of the form"),
    ("Ctrl+Shift+S", "Statistics (supervisors and program staff)"),
    ("Ctrl+Shift+L", "Audit trail: who did what, filtered; export (supervisors and admins)"),
    ("Ctrl+Shift+F", "Add a follow-up task to the open saved contact"),
    ("Ctrl+Shift+U", "My follow-ups: due tasks, overdue first, safe times marked"),
    ("Ctrl+Shift+T", "TTA request on the open saved contact (new, or its requests)"),
    ("Ctrl+5", "TTA requests: filter, progress, materials for review, find speakers"),
    ("Ctrl+Shift+P", "Share the open saved contact: forward a tip or save a referral packet, within consent"),
    ("Ctrl+L", "Lock the desk (your password opens the same screen again)"),
    ("Ctrl+Shift+H", "Privacy screen: hide caller details at once; again to show them"),
    ("Ctrl+Shift+A", "Users: add, reset password, role, disable, unlock (admins)"),
    ("Alt+letter", "Jump to the field whose label has that letter underlined"),
    ("F1", "This list"),
)


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        table = QTableWidget(len(SHORTCUTS), 2, self, objectName="shortcutsTable")
        table.setAccessibleName(self.tr("Keyboard shortcuts"))
        table.setHorizontalHeaderLabels([self.tr("Keys"), self.tr("Action")])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (keys, action) in enumerate(SHORTCUTS):
            table.setItem(row, 0, QTableWidgetItem(keys))
            table.setItem(row, 1, QTableWidgetItem(self.tr(action)))
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.resize(560, 400)
