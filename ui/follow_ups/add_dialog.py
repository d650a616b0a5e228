"""Contact ▸ Add follow-up (Ctrl+Shift+F): a task on the open, saved contact.

Blank safe phone, safe times and "may a message be left" take the contact's
caller fields (the service fills them in). The service checks everything;
its per-field errors come back to the caller of ``ask``'s result."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from console.services.follow_ups import FollowUpForm
from console.services.users import UserInfo
from console.vocabulary import FollowUpKind, YesNoUnknown
from ui.labels import choices


class AddFollowUpDialog(QDialog):
    def __init__(self, contact_id: int, users: list[UserInfo], me: UserInfo, now: datetime,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("addFollowUpDialog")
        self.setWindowTitle(self.tr("Add a follow-up to contact #%1").replace("%1", str(contact_id)))
        self._contact_id = contact_id
        self.kind = QComboBox(objectName="followUpKind")
        for text, code in choices(FollowUpKind):
            self.kind.addItem(text, code)
        self.due = QDateTimeEdit(objectName="followUpDue", calendarPopup=True)
        self.due.setDisplayFormat("ddd d MMM yyyy HH:mm")
        self.due.setDateTime(QDateTime.fromSecsSinceEpoch(int((now + timedelta(days=1)).timestamp())))
        self.owner = QComboBox(objectName="followUpOwner")
        for user in users:
            self.owner.addItem(user.display_name, user.id)
        self.owner.setCurrentIndex(max(0, self.owner.findData(me.id)))
        self.safe_phone = QLineEdit(objectName="followUpSafePhone", placeholderText=self.tr("blank: the contact's"))
        self.safe_times = QLineEdit(
            objectName="followUpSafeTimes", placeholderText=self.tr("e.g. Mon-Fri 18:00-20:00 (blank: the contact's)")
        )
        self.may_leave_message = QComboBox(objectName="followUpMayLeaveMessage")
        self.may_leave_message.addItem(self.tr("As on the contact"), None)
        for text, code in choices(YesNoUnknown):
            self.may_leave_message.addItem(text, code)
        self.note = QPlainTextEdit(objectName="followUpNote")
        self.note.setTabChangesFocus(True)
        layout = QFormLayout(self)
        for caption, field, name in (
            (self.tr("&Kind"), self.kind, self.tr("Kind of follow-up")),
            (self.tr("D&ue"), self.due, self.tr("Due")),
            (self.tr("&Owner"), self.owner, self.tr("Owner")),
            (self.tr("Safe &phone"), self.safe_phone, self.tr("Safe phone")),
            (self.tr("Safe &times"), self.safe_times, self.tr("Safe times")),
            (self.tr("&May a message be left"), self.may_leave_message, self.tr("May a message be left")),
            (self.tr("&Note"), self.note, self.tr("Note")),
        ):
            label = QLabel(caption)
            label.setBuddy(field)
            field.setAccessibleName(name)
            layout.addRow(label, field)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)

    def form(self) -> FollowUpForm:
        due = datetime.fromtimestamp(self.due.dateTime().toSecsSinceEpoch(), UTC)
        return FollowUpForm(
            contact_id=self._contact_id,
            kind=self.kind.currentData(),
            due_at=due,
            owner_id=self.owner.currentData(),
            note=self.note.toPlainText(),
            safe_phone=self.safe_phone.text().strip() or None,
            safe_times=self.safe_times.text().strip() or None,
            may_leave_message=self.may_leave_message.currentData(),
        )

    @classmethod
    def ask(cls, contact_id: int, users: list[UserInfo], me: UserInfo, now: datetime,
            parent: QWidget | None = None) -> FollowUpForm | None:
        dialog = cls(contact_id, users, me, now, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.form()
