"""Locking the desk: after a while untouched (with a countdown first), or at once
with Ctrl+L; the same user's password opens exactly the screen they left.

An application-wide event filter treats any key, click, wheel or mouse
movement as presence and restarts the idle timer (a restart is cheap; no
event is consumed). ``warning_seconds`` before the lock a banner counts down
across the top of the main window; any key or click dismisses it.

Locking hides every visible window of the console (the main window, floating
docks, the statistics window, a dialog left open) and shows the lock screen
in their place; unlocking shows them again, in the same order, with the
same focus. A call in progress, its form and its draft are untouched.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QWidget

from console.services.users import UserInfo
from ui.announce import announce
from ui.sign_in.lock_screen import LockScreen

_PRESENCE = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel, QEvent.Type.MouseMove,
             QEvent.Type.TouchBegin}


class DeskLock(QObject):
    locked = Signal()
    unlocked = Signal()
    switch_user_requested = Signal()

    def __init__(self, window: QMainWindow, user: UserInfo, unlock: Callable[[str], UserInfo], *,
                 idle_seconds: int, warning_seconds: int, on_lock: Callable[[], None] | None = None):
        super().__init__(window)
        self._window, self._on_lock = window, on_lock
        self._warning_seconds = min(warning_seconds, max(idle_seconds - 1, 0))
        self.screen = LockScreen(user, unlock)
        self.screen.unlocked.connect(self._unlocked)
        self.screen.switch_user_requested.connect(self.switch_user_requested)
        self._hidden: list[QWidget] = []
        self._focus: QWidget | None = None
        self._idle = QTimer(self, singleShot=True, objectName="idleTimer")
        self._idle.setInterval(max(idle_seconds - self._warning_seconds, 1) * 1000)
        self._idle.timeout.connect(self._warn)
        self._tick = QTimer(self, interval=1000, objectName="countdownTimer")
        self._tick.timeout.connect(self._count_down)
        self._left = 0
        self.banner = QLabel(window, objectName="lockCountdown")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setStyleSheet("background: #fff3cd; color: #3d2c00; border-bottom: 2px solid #b58100;"
                                  " font-size: 13pt; font-weight: 600; padding: 10px;")
        self.banner.hide()

    @property
    def is_locked(self) -> bool:
        return self.screen.isVisible()

    def start(self) -> None:
        QApplication.instance().installEventFilter(self)
        self._idle.start()

    def stop(self) -> None:
        QApplication.instance().removeEventFilter(self)
        self._idle.stop()
        self._tick.stop()
        self.screen.hide()
        self.screen.deleteLater()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _PRESENCE and not self.is_locked:
            if self._tick.isActive():
                self._tick.stop()
                self.banner.hide()
            self._idle.start()
        return False

    def _warn(self) -> None:
        self._left = self._warning_seconds
        if self._left <= 0:
            self.lock()
            return
        self._show_banner()
        announce(self._window, self.banner.text(), assertive=True)
        self._tick.start()

    def _count_down(self) -> None:
        self._left -= 1
        if self._left <= 0:
            self.lock()
        else:
            self._show_banner()

    def _show_banner(self) -> None:
        self.banner.setText(self.tr("Locking this desk in %1 s for privacy — press any key to stay signed in.")
                            .replace("%1", str(self._left)))
        self.banner.setGeometry(0, 0, self._window.width(), self.banner.sizeHint().height())
        self.banner.show()
        self.banner.raise_()

    def lock(self) -> None:
        """Cover everything now (Ctrl+L, or the countdown's end)."""
        if self.is_locked:
            return
        self._tick.stop()
        self._idle.stop()
        self.banner.hide()
        self._focus = QApplication.focusWidget()
        self._hidden = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not self.screen]
        self.screen.setGeometry(self._window.geometry())
        for widget in self._hidden:
            widget.hide()
        self.screen.show()
        self.screen.raise_()
        self.screen.activateWindow()
        self.screen.start()
        if self._on_lock is not None:
            self._on_lock()
        self.locked.emit()

    def _unlocked(self) -> None:
        self.screen.hide()
        for widget in self._hidden:
            widget.show()
        self._hidden = []
        self._window.activateWindow()
        if self._focus is not None:
            self._focus.setFocus()
        self._idle.start()
        self.unlocked.emit()
