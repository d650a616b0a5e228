"""The console's settings, built once in the composition root and passed down.

For now: built-in defaults < environment (``HOTLINE_*``) < command-line flags.
The site and user files (TOML) arrive with the installation work.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from console.db import DatabaseTarget

APP_NAME = "HotlineConsole"
DEFAULT_DB_FILE = "hotline.sqlite3"
DEMO_DB_FILE = "demo.sqlite3"


@dataclass(frozen=True, slots=True)
class Settings:
    data_dir: Path
    database: DatabaseTarget
    demo: bool
    username: str
    display_name: str


def default_data_dir(env: Mapping[str, str]) -> Path:
    override = env.get("HOTLINE_DATA_DIR")
    if override:
        return Path(override).expanduser()
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers)
        return "desk"


def build_settings(*, db_url: str | None = None, demo: bool = False, env: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if env is None else env
    data_dir = default_data_dir(env)
    if db_url:
        target = DatabaseTarget.parse(db_url)
    elif env.get("HOTLINE_DB_URL") and not demo:
        target = DatabaseTarget.parse(env["HOTLINE_DB_URL"])
    else:
        target = DatabaseTarget.sqlite_file(data_dir / (DEMO_DB_FILE if demo else DEFAULT_DB_FILE))
    username = env.get("HOTLINE_USER") or _os_user()
    return Settings(data_dir, target, demo, username, env.get("HOTLINE_USER_NAME") or username)
