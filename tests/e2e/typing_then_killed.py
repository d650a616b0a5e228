"""Child process for the crash test: start the console, type a contact from
the keyboard, wait until the draft is on disk, then die by SIGKILL."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QDeadlineTimer, QThread  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QComboBox, QPlainTextEdit  # noqa: E402

from tests.desk import open_desk  # noqa: E402

SUMMARY = "Caller is hiding in a gas station restroom off I-45"


def wait(app, done, ms=20000):
    deadline = QDeadlineTimer(ms)
    while not done():
        if deadline.hasExpired():
            sys.exit("timed out")
        app.processEvents()
        QThread.msleep(10)


def main() -> None:
    data_dir, db_path = Path(sys.argv[1]), Path(sys.argv[2])
    app = QApplication(sys.argv[:1])
    window, worker, context, db = open_desk(data_dir, db_path)
    window.show()
    window.start()
    wait(app, lambda: not window._pending_loads)
    window.new_contact()
    primary = window.findChild(QComboBox, "primary_request")
    primary.setFocus()
    QTest.keyClicks(primary, "Crisis")
    summary = window.findChild(QPlainTextEdit, "summary")
    summary.setFocus()
    QTest.keyClicks(summary, SUMMARY)
    wait(app, lambda: bool(context.drafts.all()))
    print("draft kept", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)


if __name__ == "__main__":
    main()
