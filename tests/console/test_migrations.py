"""Alembic migrations on real SQLite files: from empty, from every earlier
revision with data in it, refusing a newer schema, and matching the models."""

from __future__ import annotations

import sqlite3

import pytest
from alembic import command
from sqlalchemy import text

from console.db import Database, DatabaseTarget
from console.errors import DatabaseProblem
from console.schema import alembic_config, check, head_revision, upgrade
from tests.revisions import revisions, upgrade_to


def test_an_empty_file_is_upgraded_to_head_and_matches_the_models(tmp_path):
    db = Database(DatabaseTarget.sqlite_file(tmp_path / "new.sqlite3"))
    before, now = upgrade(db)
    assert before is None and now == head_revision()
    assert all(item.ok for item in check(db)), check(db)
    assert upgrade(db) == (now, now)  # idempotent


@pytest.mark.parametrize("revision", revisions())
def test_a_database_at_each_revision_upgrades_keeping_its_users(tmp_path, revision):
    db = Database(DatabaseTarget.sqlite_file(tmp_path / "old.sqlite3"))
    upgrade_to(db, revision)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO users (username, display_name, role, active, created_at) "
                             "VALUES ('old', 'Old Timer', 'specialist', 1, '2025-01-01 00:00:00')")
    upgrade(db)
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT display_name FROM users").scalar() == "Old Timer"
    assert all(item.ok for item in check(db))


def test_downgrade_to_empty_and_back(tmp_path):
    db = Database(DatabaseTarget.sqlite_file(tmp_path / "round.sqlite3"))
    upgrade(db)
    with db.engine.connect() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
        conn.commit()
        tables = conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE type='table' AND name != 'alembic_version'")
        assert tables.scalar() == 0
    upgrade(db)
    assert all(item.ok for item in check(db))


def test_a_database_from_a_newer_version_is_refused_untouched(tmp_path):
    path = tmp_path / "future.sqlite3"
    db = Database(DatabaseTarget.sqlite_file(path))
    upgrade(db)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_future'")
    db.dispose()
    before = path.read_bytes()
    with pytest.raises(DatabaseProblem) as caught:
        upgrade(Database(DatabaseTarget.sqlite_file(path)))
    assert "newer version" in str(caught.value)
    assert path.read_bytes() == before


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"Dear diary, this is not a database.\n" * 200)
    before = path.read_bytes()
    with pytest.raises(DatabaseProblem) as caught:
        upgrade(Database(DatabaseTarget.sqlite_file(path)))
    assert "not a Hotline Console database" in str(caught.value)
    assert path.read_bytes() == before


def test_wal_and_foreign_keys_are_on_for_every_connection(db):
    with db.read() as session:
        assert session.connection().exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert session.connection().exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert session.connection().exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    assert sqlite3.sqlite_version_info >= (3, 35)


def test_the_head_constant_names_the_newest_migration():
    from console.schema import HEAD

    assert HEAD == head_revision() == revisions()[-1]


def test_check_says_when_writes_would_not_mark_their_contact(db):
    with db.write() as session:
        session.execute(text("DROP TRIGGER contacts_change_mark_update"))
    checks = {c.name: c for c in check(db)}
    assert not checks["queue change marks"].ok
    assert "would not see" in checks["queue change marks"].detail
