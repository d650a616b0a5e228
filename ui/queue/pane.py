"""The queue pane: what waits, for how long, and the keys to take it.

Nothing here touches the database on the GUI thread: every read and write is
a function handed to the worker, whose result comes back to a slot. A poll
timer asks the change feed (cheap) and reads the queue only when something
was committed; a one-second timer repaints only the clocks.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.changefeed import ChangeFeed
from console.errors import ConsoleError
from console.services.queue import QueueItem, QueueService
from console.services.users import UserInfo
from console.vocabulary import ContactStatus, Priority

_FOLLOW_UP_STATUSES = frozenset({ContactStatus.MESSAGE, ContactStatus.FOLLOW_UP})
from ui.announce import announce
from ui.queue.model import (
    COL_REQUEST,
    COL_STATE,
    COL_STATUS,
    COL_SUMMARY,
    COL_URGENCY,
    COL_WAITING,
    QueueModel,
    RowRole,
)
from ui.tables import list_table

log = logging.getLogger(__name__)

# The clock column fits a message's "due in 6 d 23 h" and "OVERDUE 1 h 05" as well as "12:03".
_COLUMN_CHARS = {COL_URGENCY: 13, COL_WAITING: 15, COL_REQUEST: 22, COL_STATE: 6, COL_STATUS: 14}


class QueuePane(QWidget):
    contact_open_requested = Signal(int)
    loaded = Signal()
    claim_failed = Signal(str)
    database_reachable = Signal(bool)  # False when reads fail, True when they work again

    def __init__(self, queue: QueueService, feed: ChangeFeed, worker, user: UserInfo, parent=None, poll_ms: int = 300):
        super().__init__(parent)
        self.setObjectName("queuePane")
        self._queue, self._feed, self._worker, self._user = queue, feed, worker, user
        self._running = False
        self._polling = False  # a poll is with the worker
        self._loaded = False
        self._failing = False  # the last read failed; its message is showing
        self._seen: set[int] = set()
        self._all_items: tuple[QueueItem, ...] = ()

        self.model = QueueModel(self, user_id=user.id)
        self._build()
        self._clock = QTimer(self, interval=1000)
        self._clock.timeout.connect(self._on_clock_timeout)
        self._poll = QTimer(self, interval=poll_ms)
        self._poll.timeout.connect(self._on_poll_timeout)

    # -- layout ------------------------------------------------------------
    def _build(self) -> None:
        self.title = QLabel(self)
        self.title.setObjectName("queueTitle")
        font = QFont(self.title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)

        table = self.table = list_table(
            self, "queueTable", self.tr("Queue of open contacts"), self.model, _COLUMN_CHARS, padding=24
        )
        header = table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(COL_SUMMARY, QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        table.doubleClicked.connect(self._on_table_double_clicked)
        table.installEventFilter(self)
        table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)

        self.claim_button = self._button("claimNextButton", self.tr("Claim next (F2)"),
                                         self.tr("Claim the next waiting contact"), self.claim_next)
        self.open_button = self._button("openButton", self.tr("Open (Enter)"),
                                        self.tr("Open the selected contact"), self._open_selected)
        self.close_button = self._button("closeContactButton", self.tr("Close contact"),
                                         self.tr("Close the selected contact"), self.close_selected)
        self.status = QLabel(self)
        self.status.setObjectName("queueStatus")
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Queue status"))

        buttons = QHBoxLayout()
        buttons.addWidget(self.claim_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.close_button)
        buttons.addStretch(1)
        # Program staff work the messages and follow-ups; everyone else the whole queue.
        self.view = QComboBox(self, objectName="queueView")
        self.view.setAccessibleName(self.tr("Queue view"))
        self.view.addItem(self.tr("All open contacts"), False)
        self.view.addItem(self.tr("Messages and follow-ups"), True)
        self.view.currentIndexChanged.connect(self._on_view_changed)
        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(heading)
        layout.addWidget(table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self._update_title()
        self._update_buttons()

    def _button(self, name: str, text: str, accessible: str, slot) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        button.clicked.connect(slot)
        return button

    # -- public ------------------------------------------------------------
    def start(self) -> None:
        """First load, then the clock and the poll."""
        self._running = True
        self.refresh_now()
        self._clock.start()
        self._poll.start()

    def stop(self) -> None:
        self._running = False
        self._clock.stop()
        self._poll.stop()

    def refresh_now(self) -> None:
        """Read the queue now, whatever the feed says."""
        queue, feed = self._queue, self._feed

        def load():
            feed.changed()  # consume: what we read now is up to date
            return queue.open_items()

        self._worker.submit(load, self._on_items_loaded, self._on_load_failed, owner=self)

    def focus_table(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self._select_row(0)

    def selected_item(self) -> QueueItem | None:
        index = self.table.currentIndex()
        return index.data(RowRole) if index.isValid() else None

    def claim_next(self) -> None:
        queue, user_id = self._queue, self._user.id
        self._say(self.tr("Claiming the next contact\u2026"))
        self._submit_then_refresh(lambda: queue.claim_next(user_id), self._on_claimed, self._on_claim_failed)

    def claim_selected(self) -> None:
        item = self.selected_item()
        if item is None:
            return
        queue, user_id, cid = self._queue, self._user.id, item.contact_id
        self._submit_then_refresh(lambda: queue.claim(cid, user_id), self._on_claimed, self._on_claim_failed)

    def close_selected(self) -> None:
        item = self.selected_item()
        if item is None:
            return
        queue, user_id, cid, version = self._queue, self._user.id, item.contact_id, item.version
        self._submit_then_refresh(lambda: queue.close(cid, user_id, expected_version=version),
                                  self._on_closed, self._on_action_failed)

    def _submit_then_refresh(self, action, on_done, on_error) -> None:
        """Run ``action`` on the worker, then read the queue it changed, in one trip."""
        queue, feed = self._queue, self._feed

        def run():
            result = action()
            feed.changed()  # our own commit: the read below shows it already
            return result, queue.open_items()

        self._worker.submit(run, on_done, on_error, owner=self)

    # -- slots ---------------------------------------------------------------
    def _on_clock_timeout(self) -> None:
        self.model.tick(datetime.now(timezone.utc))

    def _on_poll_timeout(self) -> None:
        if self._polling or not self._running:
            return  # the last poll is still with the worker
        self._polling = True
        queue, feed = self._queue, self._feed
        self._worker.submit(lambda: queue.open_items() if feed.changed() or queue.order_stale() else None,
                            self._on_poll_done, self._on_poll_failed, owner=self)

    def _on_poll_done(self, items) -> None:
        self._polling = False
        if items is not None:
            self._apply(items)
        elif self._failing:
            self.refresh_now()  # reads work again: NOTIFY/data_version has no replay, so read all

    def _on_poll_failed(self, exc: BaseException) -> None:
        self._polling = False
        self._on_load_failed(exc)

    def _on_items_loaded(self, items) -> None:
        self._apply(items)

    def _on_load_failed(self, exc: BaseException) -> None:
        log.warning("the queue could not be read", exc_info=exc)
        if not self._failing:
            self.database_reachable.emit(False)
        self._failing = True
        self._say(self.tr("The queue cannot be read right now; it keeps trying. If this lasts, tell IT."))

    def _on_claimed(self, result) -> None:
        item, items = result
        self._apply(items)
        if item is None:
            self._say(self.tr("Nobody is waiting."))
            return
        self._say(self.tr("You have contact #{id}.").format(id=item.contact_id))
        row = self.model.row_of(item.contact_id)
        if row >= 0:
            self._select_row(row)
        self.contact_open_requested.emit(item.contact_id)

    def _on_claim_failed(self, exc: BaseException) -> None:
        message = self._explain(exc, self.tr("The contact could not be claimed. Try again; if it keeps failing, tell IT."))
        self._say(message)
        self.claim_failed.emit(message)
        self.refresh_now()

    def _on_closed(self, result) -> None:
        item, items = result
        self._apply(items)
        self._say(self.tr("Contact #{id} closed.").format(id=item.contact_id))

    def _on_action_failed(self, exc: BaseException) -> None:
        self._say(self._explain(exc, self.tr("That did not work. Try again; if it keeps failing, tell IT.")))
        self.refresh_now()

    @staticmethod
    def _explain(exc: BaseException, otherwise: str) -> str:
        """Console errors are written for the desk; anything else is logged, not shown."""
        if isinstance(exc, ConsoleError):
            return str(exc)
        log.error("queue action failed", exc_info=exc)
        return otherwise

    def _on_table_double_clicked(self, index) -> None:
        item = index.data(RowRole)
        if item is not None:
            self.contact_open_requested.emit(item.contact_id)

    def _on_current_row_changed(self, *_):
        self._update_buttons()

    def _open_selected(self) -> None:
        item = self.selected_item()
        if item is not None:
            self.contact_open_requested.emit(item.contact_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and event.modifiers() in (
                Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier
            ):
                self._open_selected()
                return True
        return super().eventFilter(watched, event)

    # -- helpers -------------------------------------------------------------
    def _apply(self, items: tuple[QueueItem, ...]) -> None:
        if self._failing:
            self._failing = False
            self._say("")
            self.database_reachable.emit(True)
        self._all_items = items
        self.model.set_items(self._shown(items))
        self.model.tick(datetime.now(timezone.utc))
        self._update_title()
        self._update_buttons()
        self._announce_new_crises(items)
        if not self._loaded:
            self._loaded = True
            self.loaded.emit()

    def _shown(self, items: tuple[QueueItem, ...]) -> tuple[QueueItem, ...]:
        if not self.view.currentData():
            return items
        return tuple(item for item in items if item.status in _FOLLOW_UP_STATUSES)

    def _on_view_changed(self, _index: int) -> None:
        self.model.set_items(self._shown(self._all_items))  # in place: the selection stays if still shown
        self.model.tick(datetime.now(timezone.utc))
        self._update_title()
        self._update_buttons()

    def show_follow_ups(self, on: bool) -> None:
        self.view.setCurrentIndex(1 if on else 0)

    def _announce_new_crises(self, items) -> None:
        ids = {item.contact_id for item in items}
        fresh = [i for i in items if i.priority is Priority.CRISIS and i.contact_id not in self._seen]
        first_load, self._seen = not self._loaded, ids
        if first_load or not fresh:
            return
        announce(self.table, self.tr("%n new crisis contact(s) in the queue.", "", len(fresh)), assertive=True)

    def _update_title(self) -> None:
        n = self.model.rowCount()
        self.title.setText(self.tr("Queue ({count})").format(count=n))
        self.title.setAccessibleName(self.tr("Queue, %n open contacts", "", n))

    def _update_buttons(self) -> None:
        has = self.selected_item() is not None
        self.open_button.setEnabled(has)
        self.close_button.setEnabled(has)

    def _select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)

    def _say(self, text: str) -> None:
        self.status.setText(text)
