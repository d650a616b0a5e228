"""The desk's log: the platform's log folder, rotated, opened with the facts
IT asks for first (which version, which settings files, which database).

Nothing personal is ever logged: the database is named without its password,
and the code logs ids and outcomes, never what a caller said (a test saves a
contact with distinctive values and searches the log for them).
"""

from __future__ import annotations

import logging
import platform
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

import platformdirs

from console import __version__
from console.settings import APP_NAME, Settings

LOG_FILE = "console.log"
MAX_BYTES = 5 * 1024 * 1024
KEEP = 5  # old files kept beside the current one
FORMAT = "%(asctime)s %(levelname)s %(process)d %(name)s: %(message)s"

log = logging.getLogger("hotline")


def log_folder(settings: Settings) -> Path:
    return settings.log_dir or platformdirs.user_log_path(APP_NAME, appauthor=False)


def setup_logging(settings: Settings, what: str = "window") -> Path | None:
    """Log to the rotating file (stderr when the folder cannot be written);
    returns the file's path, or None when logging to stderr."""
    folder = log_folder(settings)
    path: Path | None = folder / LOG_FILE
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=KEEP, encoding="utf-8")
    except OSError as exc:
        handler = logging.StreamHandler(sys.stderr)
        path = None
        sys.stderr.write(f"hotline-console: cannot write the log in {folder} ({exc.strerror}); logging to stderr\n")
    handler.setFormatter(logging.Formatter(FORMAT))
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)
    files = ", ".join(map(str, settings.files)) or "none (built-in defaults)"
    log.info("Hotline Console %s starting (%s) on Python %s, %s", __version__, what,
             platform.python_version(), platform.platform(terse=True))
    log.info("settings files: %s; database: %s; data folder: %s", files, settings.database.describe(),
             settings.data_dir)
    return path
