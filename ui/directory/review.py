"""Directory ▸ Needs review: the services not verified within the site's
period (or never), the never-verified and the oldest first. Enter opens the
selected one in the editor; F5 reads the list again (it is read again
after every save made from it, so a verified or retired entry leaves it).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from console.errors import ConsoleError
from console.services.directory_edit import DirectoryEditService
from console.services.directory_review import ReviewItem, ReviewList
from ui.directory.editor_text import day_text, verified_text
from ui.tables import RowRole, RowsModel, list_table

log = logging.getLogger(__name__)

COL_VERIFIED, COL_ORGANIZATION, COL_SERVICE, COL_PLACE = range(4)


class ReviewModel(RowsModel):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[ReviewItem] = []
        self._headers = (self.tr("Last verified"), self.tr("Organization"), self.tr("Service"), self.tr("Place"))

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        item = self.row_at(index)
        if item is None:
            return None
        if role == RowRole:
            return item
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            col = index.column()
            if col == COL_VERIFIED:
                return day_text(item.assured_date) if item.assured_date else verified_text(None)
            if col == COL_ORGANIZATION:
                return item.organization_name
            if col == COL_SERVICE:
                return item.service_name
            if col == COL_PLACE:
                return ", ".join(part for part in (item.city, item.state) if part)
        return None

    def set_rows(self, rows: Sequence[ReviewItem]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()


class NeedsReviewDialog(QDialog):
    open_requested = Signal(str)  # a service id

    def __init__(self, service: DirectoryEditService, worker, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("needsReviewDialog")
        self.setWindowTitle(self.tr("Directory entries that need review"))
        self._service, self._worker = service, worker
        self.model = ReviewModel(self)
        self.table = list_table(self, "reviewTable", self.tr("Entries that need review"), self.model,
                                {COL_VERIFIED: 19, COL_PLACE: 18}, padding=16)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_ORGANIZATION, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_SERVICE, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._on_table_activated)
        self.status = QLabel(self.tr("Reading…"), self, objectName="reviewStatus", wordWrap=True)
        self.status.setAccessibleName(self.tr("Review list status"))
        buttons = QDialogButtonBox(self)
        for text, name, role, slot in (
            (self.tr("Open (Enter)"), "reviewOpen", QDialogButtonBox.ButtonRole.ActionRole, self.open_selected),
            (self.tr("Refresh (F5)"), "reviewRefresh", QDialogButtonBox.ButtonRole.ActionRole, self.refresh),
            (self.tr("Close"), "reviewClose", QDialogButtonBox.ButtonRole.RejectRole, self.reject),
        ):
            button = buttons.addButton(text, role)
            button.setObjectName(name)
            button.setAccessibleName(text.split(" (")[0])
            button.setAutoDefault(False)  # Enter belongs to the table
            button.clicked.connect(slot)
        QShortcut(QKeySequence("F5"), self, activated=self.refresh)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(820, 520)

    def refresh(self) -> None:
        service = self._service
        self._worker.submit(service.needs_review, self._on_list_loaded, self._on_list_failed, owner=self)

    def selected(self) -> ReviewItem | None:
        index = self.table.currentIndex()
        return index.data(RowRole) if index.isValid() else None

    def open_selected(self) -> None:
        item = self.selected()
        if item is not None:
            self.open_requested.emit(item.service_id)

    def _on_table_activated(self, _index: QModelIndex) -> None:
        self.open_selected()

    def _on_list_loaded(self, listed: ReviewList) -> None:
        kept, previous = self.selected(), self.table.currentIndex().row()
        self.model.set_rows(listed.items)
        if not listed.items:
            self.status.setText(self.tr("Every entry was verified since %1. Nothing to review.")
                                .replace("%1", day_text(listed.cutoff)))
            return
        text = self.tr("%1 entries were never verified or not since %2; the oldest first.")
        text = text.replace("%1", str(listed.total)).replace("%2", day_text(listed.cutoff))
        if listed.total > len(listed.items):
            text += " " + self.tr("The first %1 are listed.").replace("%1", str(len(listed.items)))
        self.status.setText(text)
        # The same entry if it is still due, else the one that took its place.
        row = next((i for i, item in enumerate(listed.items) if kept and item.service_id == kept.service_id),
                   max(previous, 0))
        self.table.setCurrentIndex(self.model.index(min(row, len(listed.items) - 1), 0))
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_list_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, ConsoleError):
            log.error("the review list could not be read", exc_info=exc)
            self.status.setText(self.tr("The list cannot be read right now. Try again; if it keeps failing, tell IT."))
        else:
            self.status.setText(str(exc))
