"""The start-up floor: the least a PySide6 window costs.

A QApplication and a QMainWindow holding one label; it shows, and once the
window is first exposed it quits on a 0 ms single shot (the same way
``hotline-console --smoke`` quits once its panes have loaded). ``make bench``
times it, unfrozen and (from ``tools/bare_window.spec``) frozen, against the
console's own smoke start-up; the budget is at most 2x this floor.

    QT_QPA_PLATFORM=offscreen python tools/bare_window.py
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

TIMEOUT_MS = 30_000


class _FirstExpose(QObject):
    """Quits the application on the event loop's next turn after the first expose."""

    def __init__(self, app: QApplication):
        super().__init__()
        self._app = app
        self._done = False

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if not self._done and event.type() == QEvent.Type.Expose and watched.isExposed():
            self._done = True
            QTimer.singleShot(0, lambda: self._app.exit(0))
        return False


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("Bare window")
    window.setCentralWidget(QLabel("A bare PySide6 window"))
    window.resize(1400, 820)  # the console's own first size
    window.winId()  # create the native window now, so its first expose can be watched
    first_expose = _FirstExpose(app)
    window.windowHandle().installEventFilter(first_expose)
    QTimer.singleShot(TIMEOUT_MS, lambda: app.exit(1))
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
