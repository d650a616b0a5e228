"""Queue ▸ Follow-ups: the desk user's open follow-up tasks, in the order to
do them (overdue first; outside the person's safe times marked, never first).

Non-modal; reads through the worker, never on the GUI thread. Each row says
in words whether it is overdue and whether now is a safe time (colour is not
the only signal: there is none)."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.errors import ConsoleError
from console.services.follow_ups import FollowUpItem, FollowUpService
from console.services.users import UserInfo
from ui.labels import label

log = logging.getLogger(__name__)
TaskRole = Qt.ItemDataRole.UserRole + 1


def item_text(item: FollowUpItem, zone) -> str:
    due = item.due_at.astimezone(zone)
    parts = [f"{label(item.kind)} · #{item.contact_id}", f"due {due:%a %d %b %H:%M}"]
    if item.overdue:
        parts.insert(0, "OVERDUE")
    parts.append(item.safe_mark)
    if item.safe_phone:
        parts.append(item.safe_phone)
    parts.append(f"message: {label(item.may_leave_message)}")
    return " · ".join(parts)


class FollowUpsDialog(QDialog):
    tasks_loaded = Signal(object)  # tuple[FollowUpItem, ...]
    contact_open_requested = Signal(int)

    def __init__(self, service: FollowUpService, worker, user: UserInfo, zone, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("followUpsDialog")
        self.setWindowTitle(self.tr("My follow-ups"))
        self._service, self._worker, self._user, self._zone = service, worker, user, zone
        self.state = QLabel(self.tr("Loading…"), objectName="followUpsState", wordWrap=True)
        self.tasks = QListWidget(objectName="followUpList")
        self.tasks.setAccessibleName(self.tr("My follow-ups, in the order to do them (Enter opens the contact)"))
        caption = QLabel(self.tr("&Due tasks (overdue first)"))
        caption.setBuddy(self.tasks)
        self.done_button = QPushButton(self.tr("Mark &done"), objectName="followUpDone")
        self.done_button.setAccessibleName(self.tr("Mark the selected follow-up done"))
        self.refresh_button = QPushButton(self.tr("&Refresh"), objectName="followUpRefresh")
        self.refresh_button.setAccessibleName(self.tr("Refresh the follow-ups"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.done_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.refresh_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)
        self.done_button.clicked.connect(self._on_done_clicked)
        self.refresh_button.clicked.connect(self.refresh)
        self.tasks.itemActivated.connect(self._on_task_activated)
        layout = QVBoxLayout(self)
        layout.addWidget(caption)
        layout.addWidget(self.tasks, 1)
        layout.addWidget(self.state)
        layout.addWidget(buttons)
        self.resize(720, 380)

    def refresh(self) -> None:
        self._worker.submit(lambda: self._service.due_list(self._user.id), self._on_loaded, self._on_failed,
                            owner=self)

    def _on_loaded(self, items: tuple[FollowUpItem, ...]) -> None:
        self.tasks.clear()
        for item in items:
            row = QListWidgetItem(item_text(item, self._zone), self.tasks)
            row.setData(TaskRole, item.task_id)
            row.setData(Qt.ItemDataRole.UserRole, item.contact_id)
        overdue = sum(1 for i in items if i.overdue)
        self.state.setText(self.tr("%1 open, %2 overdue").replace("%1", str(len(items))).replace("%2", str(overdue)))
        if items:
            self.tasks.setCurrentRow(0)
        self.tasks_loaded.emit(items)

    def _on_failed(self, exc: BaseException) -> None:
        log.warning("follow-ups could not be read or changed", exc_info=exc)
        self.state.setText(str(exc) if isinstance(exc, ConsoleError)
                           else self.tr("The follow-ups cannot be read right now."))

    def _on_done_clicked(self) -> None:
        row = self.tasks.currentItem()
        if row is None:
            return
        task_id = row.data(TaskRole)
        self._worker.submit(lambda: self._service.complete(task_id, self._user.id),
                            lambda _item: self.refresh(), self._on_failed, owner=self)

    def _on_task_activated(self, row: QListWidgetItem) -> None:
        self.contact_open_requested.emit(int(row.data(Qt.ItemDataRole.UserRole)))
