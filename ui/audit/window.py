"""View ▸ Audit trail…: events filtered by period, user, action and record,
newest first, 500 at a time; Export writes the filtered events as CSV (the
export is itself in the trail). Supervisors and admins only: the service
refuses anyone else whatever this window shows.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.audit import AuditAction
from console.audit.browse import PAGE, AuditFilter, AuditRow
from console.audit.service import AuditService
from console.errors import ConsoleError
from ui.audit.model import COL_NOTE, AuditEventsModel
from ui.tables import list_table

log = logging.getLogger(__name__)
_ANY_DAY = QDate(2000, 1, 1)  # the minimum of the date fields, shown as "any"


class AuditWindow(QWidget):
    loaded = Signal(int)  # rows now shown
    exported = Signal(str)  # the file written

    def __init__(self, service: AuditService, worker, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("auditWindow")
        self.setWindowTitle(self.tr("Audit trail — Hotline Console"))
        self._service, self._worker = service, worker
        self._filter = AuditFilter()
        self.since, self.until = self._date("auditSince", self.tr("From")), self._date("auditUntil", self.tr("To"))
        self.user = QComboBox(objectName="auditUser", editable=True)
        self.user.setAccessibleName(self.tr("User"))
        self.action = QComboBox(objectName="auditAction")
        self.action.setAccessibleName(self.tr("Action"))
        self.action.addItem(self.tr("Any action"), "")
        for action in AuditAction:
            self.action.addItem(action.value.replace("_", " "), action.value)
        self.record_type = QLineEdit(objectName="auditRecordType", placeholderText=self.tr("e.g. contact"))
        self.record_type.setAccessibleName(self.tr("Record type"))
        self.record_id = QLineEdit(objectName="auditRecordId", placeholderText=self.tr("id"))
        self.record_id.setAccessibleName(self.tr("Record id"))
        self.filter_button = QPushButton(self.tr("&Filter"), objectName="auditFilter")
        self.filter_button.clicked.connect(self.apply_filter)
        self.state = QLabel(objectName="auditState", wordWrap=True)
        self.model = AuditEventsModel(self)
        self.table = list_table(self, "auditTable", self.tr("Audit events"), self.model,
                                {0: 7, 1: 22, 2: 12, 3: 14, 4: 16, 5: 48}, 16)
        self.table.horizontalHeader().setSectionResizeMode(COL_NOTE, QHeaderView.ResizeMode.Stretch)
        self.more_button = QPushButton(self.tr("&Older events"), objectName="auditMore")
        self.more_button.clicked.connect(self.load_more)
        self.export_button = QPushButton(self.tr("&Export CSV…"), objectName="auditExport")
        self.export_button.setAccessibleName(self.tr("Export CSV"))
        self.export_button.clicked.connect(self._on_export_clicked)
        self._layout()
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        for edit in (self.record_type, self.record_id):
            edit.returnPressed.connect(self.apply_filter)
        self.resize(1100, 640)

    def _date(self, name: str, label: str) -> QDateEdit:
        edit = QDateEdit(objectName=name, calendarPopup=True, displayFormat="yyyy-MM-dd")
        edit.setMinimumDate(_ANY_DAY)
        edit.setSpecialValueText(self.tr("any"))
        edit.setDate(_ANY_DAY)
        edit.setAccessibleName(label)
        return edit

    def _layout(self) -> None:
        form = QFormLayout()
        period = QHBoxLayout()
        period.addWidget(self.since)
        period.addWidget(QLabel(self.tr("to")))
        period.addWidget(self.until)
        period.addStretch(1)
        period_label = QLabel(self.tr("&Period (UTC days)"))
        period_label.setBuddy(self.since)
        form.addRow(period_label, period)
        who = QHBoxLayout()
        for widget in (self.user, self.action, self.record_type, self.record_id, self.filter_button):
            who.addWidget(widget)
        who_label = QLabel(self.tr("&User, action, record"))
        who_label.setBuddy(self.user)
        form.addRow(who_label, who)
        buttons = QHBoxLayout()
        buttons.addWidget(self.state, 1)
        buttons.addWidget(self.more_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    # -- filtering and loading -------------------------------------------------------

    def start(self) -> None:
        service = self._service
        self._worker.submit(service.usernames, self._on_usernames, self._on_failed, owner=self)
        self.apply_filter()

    def _on_usernames(self, names: tuple[str, ...]) -> None:
        typed = self.user.currentText()
        self.user.clear()
        self.user.addItems(["", *names])
        self.user.setEditText(typed)

    def current_filter(self) -> AuditFilter:
        def day(edit: QDateEdit) -> date | None:
            return None if edit.date() == _ANY_DAY else edit.date().toPython()

        return AuditFilter(day(self.since), day(self.until), self.user.currentText().strip(),
                           self.action.currentData() or "", self.record_type.text().strip(),
                           self.record_id.text().strip())

    def apply_filter(self) -> None:
        try:
            wanted = self.current_filter()
        except ValueError as exc:
            self.state.setText(str(exc))
            return
        self._filter = wanted
        self.model.set_rows([])
        self._load(wanted, None)

    def load_more(self) -> None:
        self._load(self._filter, self.model.oldest_id)

    def _load(self, wanted: AuditFilter, before_id: int | None) -> None:
        self.state.setText(self.tr("Reading …"))
        service = self._service
        self._worker.submit(lambda: service.events(wanted, before_id=before_id),
                            lambda rows: self._on_loaded(wanted, rows), self._on_failed, owner=self)

    def _on_loaded(self, wanted: AuditFilter, rows: tuple[AuditRow, ...]) -> None:
        if wanted != self._filter:
            return  # an answer for a filter no longer chosen
        self.model.append_rows(rows)
        self.more_button.setEnabled(len(rows) == PAGE)
        shown = self.model.rowCount()
        self.state.setText(self.tr("%1 events shown, newest first").replace("%1", str(shown)))
        self.loaded.emit(shown)

    def _on_failed(self, exc: BaseException) -> None:
        log.warning("the audit trail could not be read", exc_info=exc)
        self.state.setText(str(exc) if isinstance(exc, ConsoleError)
                           else self.tr("The audit trail cannot be read right now. Try again in a moment."))

    # -- export ----------------------------------------------------------------------

    def _on_export_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export audit events"), "hotline-audit.csv",
                                              self.tr("CSV (*.csv)"))
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        wanted, service = self._filter, self._service
        self.state.setText(self.tr("Writing %1 …").replace("%1", path.name))
        self._worker.submit(lambda: service.export(path, wanted), lambda count: self._on_exported(path, count),
                            self._on_failed, owner=self)

    def _on_exported(self, path: Path, count: int) -> None:
        self.state.setText(self.tr("%1 events saved to %2").replace("%1", str(count)).replace("%2", str(path)))
        self.exported.emit(str(path))
