"""Fixtures shared by every test: a real, migrated SQLite file in tmp_path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from console.db import Database, DatabaseTarget  # noqa: E402
from console.schema import upgrade  # noqa: E402
from console.services.users import UserInfo, UserService  # noqa: E402
from console.vocabulary import Role  # noqa: E402


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "hotline.sqlite3"


@pytest.fixture
def db(db_path: Path):
    database = Database(DatabaseTarget.sqlite_file(db_path))
    upgrade(database)
    yield database
    database.dispose()


@pytest.fixture
def specialist(db: Database) -> UserInfo:
    return UserService(db).ensure("dana", "Dana Reyes", Role.SPECIALIST)
