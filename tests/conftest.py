"""Fixtures shared by every test: a real, migrated SQLite file in tmp_path."""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never this machine's real settings (/etc/hotline-console, ~/.config): an empty
# file stands in for each, here and in every process a test starts. A test
# that needs a settings file writes one in tmp_path and points these at it.
os.environ["HOTLINE_SITE_CONFIG"] = os.devnull
os.environ["HOTLINE_USER_CONFIG"] = os.devnull
# Logs of the tests' consoles: one throwaway folder, never the platform's.
os.environ["HOTLINE_LOG_DIR"] = tempfile.mkdtemp(prefix="hotline-test-logs-")
# The audit key of consoles opened like the app does (console.cli.open_database):
# one throwaway key, so no test writes audit.key into this machine's data folder
# and PostgreSQL desks have the key they require. Tests of the key's default
# place pass an environment without it.
if not os.environ.get("HOTLINE_AUDIT_KEY_FILE"):
    _audit_key = Path(tempfile.mkdtemp(prefix="hotline-test-audit-")) / "audit.key"
    _audit_key.write_text(secrets.token_hex(32) + "\n", encoding="ascii")
    _audit_key.chmod(0o600)  # a key file others can read is refused (console.private_files)
    os.environ["HOTLINE_AUDIT_KEY_FILE"] = str(_audit_key)

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


# -- PostgreSQL ------------------------------------------------------------------
# A real server (tests/pg.py) started once a session on 127.0.0.1 in a temporary
# folder, password auth (scram-sha-256). Without server binaries the tests that
# use it are skipped with the reason, or fail when CI is set: CI always runs them.


@pytest.fixture(scope="session")
def pg_server():
    from tests import pg

    reason = pg.unavailable_reason()
    if reason:
        if pg.ci_requires_postgres():
            pytest.fail(f"CI is set, so the PostgreSQL tests must run, but: {reason}", pytrace=False)
        pytest.skip(reason)
    server = pg.PgServer.start()
    yield server
    server.close()


@pytest.fixture(scope="session")
def pg_template(pg_server) -> str:
    """A database migrated once with ``upgrade``; each ``pg_db`` is a copy of it."""
    name = pg_server.create_database("hotline_template")
    database = Database(DatabaseTarget(pg_server.url(name)))
    try:
        upgrade(database)
    finally:
        database.dispose()  # CREATE DATABASE ... TEMPLATE needs it unused
    return name


@pytest.fixture
def pg_db(pg_server, pg_template):
    """A ``Database`` on a fresh PostgreSQL database of its own, at the newest schema."""
    name = pg_server.create_database(template=pg_template)
    database = Database(DatabaseTarget(pg_server.url(name)))
    upgrade(database)  # at HEAD already (a copy of the template): one query says so
    yield database
    database.dispose()
    pg_server.drop_database(name)
