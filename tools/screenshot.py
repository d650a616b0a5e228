"""Render the main window offscreen, on fresh demo data, to a PNG (``make screenshot``).

The window is the real one, built by the real composition root, with the
first waiting contact open in the form and a directory search typed in.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(argv: list[str]) -> int:
    target = Path(argv[0] if argv else "docs/screenshot.png").resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="hotline-shot-") as tmp:
        os.environ["HOTLINE_DATA_DIR"] = tmp
        os.environ.setdefault("HOTLINE_USER", "dreyes")
        os.environ.setdefault("HOTLINE_USER_NAME", "Dana Reyes")
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication

        from console.cli import open_database
        from console.demo.seed import seed_demo
        from console.settings import build_settings
        from ui.app import _build_context
        from ui.main_window import MainWindow
        from ui.workers import DbWorker

        settings = build_settings(demo=True)
        db = open_database(settings)
        seed_demo(db, settings)
        context = _build_context(settings, db)
        app = QApplication.instance() or QApplication(sys.argv[:1])
        worker = DbWorker()
        window = MainWindow(context, worker, QSettings(str(Path(tmp) / "window.ini"), QSettings.Format.IniFormat))
        window.resize(1500, 860)
        window.show()
        window.start()
        _wait(app, lambda: not window._pending_loads)
        window.queue.claim_next()
        _wait(app, lambda: window.intake.contact_id is not None)
        window.directory.search_edit.setText("shelter")
        _wait(app, lambda: window.directory.model.rowCount() > 0 and not worker.pending(), settle_ms=600)
        window.directory.table.selectRow(0)
        _wait(app, lambda: not worker.pending(), settle_ms=300)
        window.grab().save(str(target))
        window.close()
        worker.wait_idle()
        context.feed.close()
        db.dispose()
    print(target)
    return 0


def _wait(app, done, timeout_ms: int = 20000, settle_ms: int = 100) -> None:
    from PySide6.QtCore import QDeadlineTimer, QThread

    deadline = QDeadlineTimer(timeout_ms)
    while not done():
        if deadline.hasExpired():
            raise SystemExit("screenshot: the window did not get ready in time")
        app.processEvents()
        QThread.msleep(10)
    settle = QDeadlineTimer(settle_ms)
    while not settle.hasExpired():
        app.processEvents()
        QThread.msleep(10)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
