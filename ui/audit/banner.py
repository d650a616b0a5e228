"""The chain check at start, and the banner that says it failed.

Every desk walks the chain after its panes load, a batch per job on the
database thread (other work runs between batches). A broken chain is put in
the trail (``audit_verify_failed``, once per start); users with VIEW_AUDIT
see a banner naming the first bad event. Colour is not the only signal: the
banner's text says what is wrong.
"""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from console.audit.service import AuditService
from console.audit.verify import ChainWalk, VerifyResult

log = logging.getLogger(__name__)


class ChainCheck(QObject):
    """Steps a ``ChainWalk`` on the worker; ``finished`` carries the ``VerifyResult``."""

    finished = Signal(object)

    def __init__(self, service: AuditService, worker, parent: QObject | None = None):
        super().__init__(parent)
        self._service, self._worker = service, worker
        self._walk: ChainWalk | None = None

    def start(self) -> None:
        self._walk = self._service.start_verification()
        self._next()

    def _next(self) -> None:
        walk = self._walk
        self._worker.submit(walk.step, self._on_step, self._on_error, owner=self)

    def _on_step(self, result: VerifyResult | None) -> None:
        if not shiboken6.isValid(self):
            return
        if result is None:
            self._next()
            return
        if not result.intact:
            log.error("the audit trail is broken: %s", result.describe())
            self._worker.submit(lambda: self._service.note_failure(result), None, self._on_error, owner=self)
        self.finished.emit(result)

    def _on_error(self, exc: BaseException) -> None:
        log.warning("the audit trail could not be checked", exc_info=exc)


class AuditBanner(QWidget):
    """Shown above the panes when the chain is broken; ``open_requested`` opens the Audit trail window."""

    open_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, objectName="auditBanner")
        self.label = QLabel(objectName="auditBannerText", wordWrap=True)
        self.label.setAccessibleName(self.tr("Audit trail warning"))
        self.button = QPushButton(self.tr("Open audit trail"), objectName="auditBannerOpen")
        self.button.clicked.connect(self.open_requested)
        layout = QHBoxLayout(self)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.hide()

    def show_result(self, result: VerifyResult) -> None:
        if result.intact:
            self.hide()
            return
        self.label.setText(self.tr("⚠ AUDIT TRAIL BROKEN — %1. Tell IT (hotline-console audit verify).")
                           .replace("%1", result.describe()))
        self.show()
