"""Build the real main window the way ``ui.app`` does, for tests and scripts."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings

from console.cli import open_database
from console.settings import build_settings


def open_desk(data_dir: Path, db_path: Path, *, username: str = "dreyes", display_name: str = "Dana Reyes"):
    """(window, worker, context, db) on a real SQLite file, with the real worker thread."""
    from ui.app import _build_context
    from ui.main_window import MainWindow
    from ui.workers import DbWorker

    env = {**os.environ, "HOTLINE_DATA_DIR": str(data_dir), "HOTLINE_USER": username, "HOTLINE_USER_NAME": display_name}
    settings = build_settings(db_url=str(db_path), env=env)
    db = open_database(settings)
    context = _build_context(settings, db)
    worker = DbWorker()
    window = MainWindow(context, worker, QSettings(str(data_dir / "window.ini"), QSettings.Format.IniFormat))
    return window, worker, context, db


def close_desk(window, worker, context, db) -> None:
    window.close()
    worker.wait_idle()
    context.feed.close()
    db.dispose()


def show_loaded(qtbot, window, timeout_ms: int = 10000) -> None:
    """Show the main window and wait until its panes have loaded (``panes_loaded``)."""
    with qtbot.waitSignal(window.panes_loaded, timeout=timeout_ms):
        window.show()
        window.start()
