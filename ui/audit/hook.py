"""The audit trail's part of the main window, kept out of ``main_window``:
the chain check after the panes load, the banner above them when it fails
(VIEW_AUDIT users only), and View ▸ Audit trail… (Ctrl+Shift+L)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMainWindow, QToolBar

from console.audit.service import AuditService
from console.audit.verify import VerifyResult
from ui.audit.banner import AuditBanner, ChainCheck

SHORTCUT = "Ctrl+Shift+L"  # L for log: Ctrl+Shift+A is Admin ▸ Users


class AuditHook(QObject):
    def __init__(self, service: AuditService, worker, window: QMainWindow):
        super().__init__(window)
        self._service, self._worker, self._window = service, worker, window
        self.result: VerifyResult | None = None
        self.audit_window = None  # ui.audit.window.AuditWindow, built on first use
        self.banner = AuditBanner()
        # A toolbar is the one place above the panes a QMainWindow offers; it
        # stays hidden (and out of the View menu) unless the chain is broken.
        self.bar = QToolBar(objectName="auditBannerBar", movable=False, floatable=False)
        self.bar.toggleViewAction().setVisible(False)
        self.bar.addWidget(self.banner)
        self.banner.show()
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.bar)
        self.bar.hide()
        self.banner.open_requested.connect(self.show_window)
        self.check = ChainCheck(service, worker, self)
        self.check.finished.connect(self._on_checked)

    def add_menu(self, view_menu, add_action) -> None:
        if self._service.permitted:
            add_action(view_menu, self.tr("Audit &trail…"), "actionAuditTrail", SHORTCUT, self.show_window)

    def start(self) -> None:
        """Check the chain (in the background, a batch at a time)."""
        self.bar.hide()  # a restored window layout must not show last start's banner
        self.check.start()

    def _on_checked(self, result: VerifyResult) -> None:
        self.result = result
        if self._service.permitted and not result.intact:
            self.banner.show_result(result)
            self.bar.show()

    def show_window(self) -> None:
        if self.audit_window is None:
            from ui.audit.window import AuditWindow

            self.audit_window = AuditWindow(self._service, self._worker, self._window)
            self.audit_window.start()
        self.audit_window.show()
        self.audit_window.raise_()
        self.audit_window.activateWindow()
