"""Backups of the embedded database: written verified, restored whole, taken
before every upgrade, and put back when an upgrade fails."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import func, select

from console import backup
from console.db import Database, DatabaseTarget
from console.errors import DatabaseProblem
from console.models import Contact
from console.schema import HEAD, stored_revision, upgrade
from tests.factories import make_contact
from tests.revisions import upgrade_to


def contacts(db: Database) -> int:
    with db.read() as session:
        return session.execute(select(func.count()).select_from(Contact)).scalar_one()


def test_a_backup_is_a_verified_copy_that_opens(db, db_path, tmp_path):
    make_contact(db, summary="kept in the backup")
    dest = tmp_path / "copy.sqlite3"
    info = backup.backup(db.target, dest)
    assert (info.path, info.revision, info.contacts) == (dest, HEAD, 1)
    assert not list(tmp_path.glob("*.partial"))
    assert not dest.with_name(dest.name + "-wal").exists()  # one self-contained file
    copy = Database(DatabaseTarget.sqlite_file(dest))
    try:
        assert contacts(copy) == 1
    finally:
        copy.dispose()


def test_a_backup_never_replaces_a_file_and_postgres_is_sent_to_its_tools(db, tmp_path):
    taken = tmp_path / "taken.sqlite3"
    taken.write_text("someone's file")
    with pytest.raises(DatabaseProblem, match="never replaces"):
        backup.backup(db.target, taken)
    assert taken.read_text() == "someone's file"
    with pytest.raises(DatabaseProblem, match="backed up on its server"):
        backup.backup(DatabaseTarget.parse("postgresql://desk@db.example/hotline"), tmp_path / "pg.sqlite3")
    with pytest.raises(DatabaseProblem, match="does not exist"):
        backup.backup(db.target, tmp_path / "no" / "such" / "folder.sqlite3")


def test_verify_refuses_what_is_not_a_whole_backup(db, tmp_path):
    text = tmp_path / "notes.sqlite3"
    text.write_text("not a database at all " * 100)
    with pytest.raises(DatabaseProblem, match="not a Hotline Console database"):
        backup.verify(text)
    good = backup.backup(db.target, tmp_path / "good.sqlite3").path
    cut = tmp_path / "cut.sqlite3"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(DatabaseProblem):
        backup.verify(cut)
    with sqlite3.connect(good) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(DatabaseProblem, match="newer version"):
        backup.verify(good)


def test_restore_puts_the_backup_back_and_keeps_what_it_replaced(db, db_path, tmp_path):
    make_contact(db, summary="before the backup")
    saved = backup.backup(db.target, tmp_path / "monday.sqlite3")
    make_contact(db, summary="after the backup")
    info, kept = backup.restore(db.target, saved.path)
    assert info.contacts == 1 and contacts(db) == 1
    assert kept is not None and kept.parent == db_path.parent / "backups"
    assert backup.verify(kept).contacts == 2


def test_an_upgrade_backs_up_first_and_keeps_the_newest_few(tmp_path):
    db = Database(DatabaseTarget.sqlite_file(tmp_path / "desk.sqlite3"))
    try:
        for _ in range(backup.PRE_UPGRADE_KEPT + 1):
            upgrade_to(db, "0003")
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DELETE FROM alembic_version")  # as if new: schema rebuilt below
            db.dispose()
            (tmp_path / "desk.sqlite3").unlink()
            upgrade_to(db, "0003")
            assert upgrade(db) == ("0003", HEAD)
        saved = sorted((tmp_path / "backups").glob("desk-before-upgrade-from-0003-*.sqlite3"))
        assert len(saved) == backup.PRE_UPGRADE_KEPT
        assert all(backup.verify(path).revision == "0003" for path in saved)
    finally:
        db.dispose()


def test_a_failed_upgrade_puts_the_database_back_and_says_so(tmp_path):
    db = Database(DatabaseTarget.sqlite_file(tmp_path / "desk.sqlite3"))
    try:
        upgrade_to(db, "0004")
        cid = make_contact(db, summary="must survive the failed upgrade")
        with sqlite3.connect(tmp_path / "desk.sqlite3") as conn:  # edited by hand, foreign keys off
            conn.execute("INSERT INTO contact_events (contact_id, at, user_id, event) "
                         "VALUES (?, '2026-01-01 00:00:00', 999, 'edited')", (cid,))
        with pytest.raises(DatabaseProblem) as failed:
            upgrade(db)
        assert "broken references" in str(failed.value) and "restored from the backup" in str(failed.value)
        assert stored_revision(db) == "0004" and contacts(db) == 1
    finally:
        db.dispose()
