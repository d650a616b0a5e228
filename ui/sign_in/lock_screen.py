"""What a locked desk shows: whose desk it is and a password field, nothing else.

It is its own top-level window, shown where the main window was while every
other window of the console is hidden, so no caller detail is on screen or
reachable by a key. The same user's password opens exactly the screen they
left; "Sign in as someone else" ends their session (their draft is kept).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from console.errors import ConsoleError
from console.services.users import UserInfo
from ui.announce import announce


class LockScreen(QWidget):
    unlocked = Signal()
    switch_user_requested = Signal()

    def __init__(self, user: UserInfo, unlock: Callable[[str], UserInfo], parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("lockScreen")
        self.setWindowTitle(self.tr("Hotline Console — locked"))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)  # above any dialog left open underneath
        self._unlock = unlock
        title = QLabel(self.tr("This desk is locked"), objectName="lockTitle")
        title.setStyleSheet("font-size: 22pt; font-weight: 600;")
        who = QLabel(self.tr("In use by %1. Their work is kept exactly as they left it.")
                     .replace("%1", user.display_name), objectName="lockUser", wordWrap=True)
        self.password = QLineEdit(objectName="lockPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Password of %1").replace("%1", user.display_name))
        self.password.setMaximumWidth(360)
        caption = QLabel(self.tr("&Password"))
        caption.setBuddy(self.password)
        self.message = QLabel(objectName="lockMessage", wordWrap=True)
        self.message.setStyleSheet("color: #a40000; font-weight: 600;")
        self.unlock_button = QPushButton(self.tr("&Unlock"), objectName="unlockButton")
        self.unlock_button.setDefault(True)
        self.switch_button = QPushButton(self.tr("Sign in as &someone else"), objectName="switchUserButton")
        self.unlock_button.clicked.connect(self._try_unlock)
        self.password.returnPressed.connect(self._try_unlock)
        self.switch_button.clicked.connect(self.switch_user_requested)

        row = QHBoxLayout()
        row.addWidget(caption)
        row.addWidget(self.password)
        row.addWidget(self.unlock_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        for text in (title, who, self.message):  # full width, centred text: wrapped lines are never clipped
            text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        layout.addWidget(who)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(self.switch_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
        row.insertStretch(0, 1)

    def start(self) -> None:
        self.password.clear()
        self.message.clear()
        self.password.setFocus()

    def _try_unlock(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self._unlock(self.password.text())
        except ConsoleError as exc:
            self.message.setText(str(exc))
            announce(self, str(exc), assertive=True)
            self.password.clear()
            self.password.setFocus()
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.password.clear()
        self.unlocked.emit()
