"""The privacy screen (Ctrl+Shift+H): caller details blanked at once, on an
open-plan floor, without signing out.

A plain panel covers the whole main window (form, queue, directory) and takes
the keyboard; everything under it is disabled so no key reaches a field.
Floating docks are hidden with it. The same shortcut, or the panel's
button, shows the window again exactly as it was.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QDockWidget, QLabel, QMainWindow, QPushButton, QVBoxLayout, QWidget


class PrivacyScreen(QWidget):
    def __init__(self, window: QMainWindow, shortcut_text: str):
        super().__init__(window)
        self.setObjectName("privacyScreen")
        self.setAutoFillBackground(True)
        self.setStyleSheet("#privacyScreen { background: #2b2f36; } QLabel { color: #f0f0f0; font-size: 16pt; }")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._window = window
        self._disabled: list[QWidget] = []
        self._hidden: list[QWidget] = []
        self._focus: QWidget | None = None
        text = QLabel(self.tr("Privacy screen: caller details are hidden.\nPress %1 to show them again.")
                      .replace("%1", shortcut_text), alignment=Qt.AlignmentFlag.AlignCenter)
        self.reveal_button = QPushButton(self.tr("&Show the window"), objectName="revealButton")
        self.reveal_button.clicked.connect(self.reveal)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(text)
        layout.addWidget(self.reveal_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.setAccessibleName(self.tr("Privacy screen"))
        window.installEventFilter(self)
        self.hide()

    @property
    def covering(self) -> bool:
        return self.isVisible()

    def toggle(self) -> None:
        self.reveal() if self.covering else self.cover()

    def cover(self) -> None:
        if self.covering:
            return
        self._focus = QApplication.focusWidget()
        docks = self._window.findChildren(QDockWidget)
        self._hidden = [d for d in docks if d.isFloating() and d.isVisible()]
        for dock in self._hidden:
            dock.hide()
        under = [self._window.centralWidget(), *(d.widget() for d in docks)]
        self._disabled = [w for w in under if w is not None and w.isEnabled()]
        for widget in self._disabled:
            widget.setEnabled(False)
        self.setGeometry(self._window.rect())
        self.show()
        self.raise_()
        self.setFocus()

    def reveal(self) -> None:
        if not self.covering:
            return
        self.hide()
        for widget in self._disabled:
            widget.setEnabled(True)
        for dock in self._hidden:
            dock.show()
        self._disabled, self._hidden = [], []
        if self._focus is not None:
            self._focus.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Resize and self.covering:
            self.setGeometry(self._window.rect())
        return False
