"""Directory ▸ Import HSDS… (admins): check a package first, then import it.

The check is the importer's dry run: both of its passes, in a read
transaction, nothing written. Its summary (rows added, updated, unchanged
and rejected per table, then the problems, in the command line's words)
shows before anything changes; "Import" then runs the real import, which
is all or nothing, and the summary says what it did. Cancel at any point
before "Import" leaves the directory as it was. Both runs go to the worker
with a progress dialog fed by the importer's steps (reading, checking,
writing, the search index) and its row counts. Cancel stops either run at
the importer's next report; the real import then rolls back whole, and the
summary says nothing was changed.
"""

from __future__ import annotations

import io
import logging
import threading
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QProgressDialog,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.errors import ConsoleError
from console.services.directory_edit import DirectoryEditService

log = logging.getLogger(__name__)
_COLUMNS = ("added", "updated", "unchanged", "rejected")


class HsdsImportDialog(QDialog):
    imported = Signal(object)  # the Report of an import that changed the directory
    progressed = Signal(int, int, str)  # step, steps, what: emitted on the worker thread, shown on this one

    def __init__(self, service: DirectoryEditService, worker, path: Path | str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("hsdsImportDialog")
        self.setWindowTitle(self.tr("Import a directory (HSDS)"))
        self._service, self._worker, self._path = service, worker, Path(path)
        self._progress: QProgressDialog | None = None
        self._importing = False  # the real import runs: a cancel waits for its rollback
        self._cancelled = False
        self._stop = threading.Event()  # read by the importer's progress calls, on the worker thread
        self.progressed.connect(self._on_progress)
        self.report = None  # the newest Report
        self.headline = QLabel(self, objectName="importHeadline", wordWrap=True)
        self.headline.setAccessibleName(self.tr("Import status"))
        self.table = QTableWidget(0, 1 + len(_COLUMNS), self, objectName="importCounts")
        self.table.setAccessibleName(self.tr("Rows per table"))
        self.table.setHorizontalHeaderLabels([self.tr("Table"), self.tr("Added"), self.tr("Updated"),
                                              self.tr("Unchanged"), self.tr("Rejected")])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.details = QPlainTextEdit(self, objectName="importReport", readOnly=True)
        self.details.setAccessibleName(self.tr("Import report"))
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))  # the report's columns
        buttons = QDialogButtonBox(self)
        self.import_button = buttons.addButton(self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("importRun")
        self.import_button.setAccessibleName(self.tr("Import into the directory"))
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self._on_import_clicked)
        self.close_button = buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button.setObjectName("importClose")
        self.close_button.setAccessibleName(self.tr("Cancel the import"))
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.table)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.resize(760, 560)

    # -- the two runs ----------------------------------------------------------------
    def start(self) -> None:
        """Check the package (nothing is written)."""
        self.headline.setText(self.tr("Checking %1…").replace("%1", str(self._path)))
        self._submit(dry_run=True, text=self.tr("Checking %1; nothing is changed.").replace("%1", self._path.name))

    def _on_import_clicked(self) -> None:
        self.import_button.setEnabled(False)
        self.close_button.setEnabled(False)
        self.headline.setText(self.tr("Importing %1…").replace("%1", str(self._path)))
        self._submit(dry_run=False, text=self.tr(
            "Importing %1. It applies whole or not at all: Cancel undoes it.").replace("%1", self._path.name))

    def _submit(self, *, dry_run: bool, text: str) -> None:
        self._importing = not dry_run
        self._stop.clear()
        self._progress = progress = QProgressDialog(text, self.tr("Cancel"), 0, 0, self)
        progress.setObjectName("importProgress")
        progress.setWindowTitle(self.windowTitle())
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)  # a quick check does not flash a window
        progress.setAutoReset(False)
        progress.setAutoClose(False)
        progress.canceled.connect(self.reject)
        service, path, stop, progressed = self._service, self._path, self._stop, self.progressed

        def report_progress(step: int, steps: int, what: str) -> None:  # on the worker thread
            from console.hsds.importer import ImportCancelled

            if stop.is_set():
                raise ImportCancelled
            progressed.emit(step, steps, what)

        self._worker.submit(lambda: service.import_hsds(path, dry_run=dry_run, progress=report_progress),
                            self._on_run_done, self._on_run_failed, owner=self)

    def _on_progress(self, step: int, steps: int, what: str) -> None:
        if self._progress is not None and not self._stop.is_set():
            self._progress.setRange(0, steps)
            self._progress.setValue(step)
            self._progress.setLabelText(what)

    def _finish_run(self) -> bool:
        """Close the progress; False when the person cancelled meanwhile (the answer is not wanted)."""
        self._importing = False
        if self._progress is not None:
            self._progress.canceled.disconnect()
            self._progress.close()
            self._progress.deleteLater()
            self._progress = None
        self.close_button.setEnabled(True)
        return not self._cancelled

    def _on_run_done(self, report) -> None:
        if not self._finish_run():
            return
        self.report = report
        self._show(report)
        if report.dry_run:
            self.import_button.setEnabled(not report.aborted)
            if not report.aborted:
                self.import_button.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.close_button.setText(self.tr("Close"))
        self.close_button.setAccessibleName(self.tr("Close"))
        if not report.aborted:
            self.imported.emit(report)

    def _on_run_failed(self, exc: BaseException) -> None:
        if not self._finish_run():
            return
        if isinstance(exc, ConsoleError):
            self.headline.setText(str(exc))
        else:
            log.error("the directory import failed", exc_info=exc)
            self.headline.setText(self.tr("The import failed unexpectedly; nothing was changed. Send the log to IT."))

    # -- showing a report -------------------------------------------------------------
    def _show(self, report) -> None:
        from console.hsds.cli import (
            write_import_report,  # the command line's words, loaded with the importer
        )

        if report.aborted and self._stop.is_set():
            headline = self.tr("Cancelled: nothing was changed.")
        elif report.aborted:
            headline = self.tr("This package cannot be imported: nothing was changed. Fix the problems below "
                               "in the source and try again.")
        elif report.dry_run:
            headline = self.tr("Checked: nothing was changed yet. This is what the import would do; "
                               "press Import to apply it, or Cancel to leave the directory as it is.")
        else:
            headline = self.tr("Imported. The directory now holds these changes.")
        self.headline.setText(headline)
        rows = list(report.tables.items())
        self.table.setRowCount(len(rows))
        for row, (name, counts) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(name))
            for col, attr in enumerate(_COLUMNS, start=1):
                item = QTableWidgetItem(f"{getattr(counts, attr):,}")
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        text = io.StringIO()
        write_import_report(report, text)
        self.details.setPlainText(text.getvalue())

    def reject(self) -> None:
        self._stop.set()  # the importer stops at its next progress report
        if self._importing:  # all or nothing: its answer (rolled back, "cancelled") is awaited
            if self._progress is not None:
                self._progress.setLabelText(self.tr("Cancelling: undoing the import…"))
            return
        self._cancelled = True  # a check still running is no longer wanted; it writes nothing anyway
        super().reject()
