"""Encryption at rest: the key file, the encrypted engine, backups, against
real files. The database's bytes (and its -wal, and a backup's) never hold a
saved caller's name or phone; changing who may unlock never touches them."""

from __future__ import annotations

import dataclasses
import json
import re
import stat
from datetime import datetime, timezone

import pytest
from sqlalchemy import text

from console import backup
from console.db import Database, DatabaseTarget
from console.encryption import keyfile as keyfile_module
from console.encryption.keyfile import KeyFile, key_file_path
from console.encryption.keys import MIN_PARAMS, new_database_key, new_recovery_key, normalise_recovery_key
from console.errors import DatabaseProblem, KeyFileProblem, UnlockFailed
from console.schema import HEAD, stored_revision, upgrade
from console.services.intake import IntakeService
from console.services.users import UserService
from console.vocabulary import Role
from tests.factories import SHELTER_REFERRAL
from tests.revisions import upgrade_to

NAME, PHONE = "Zebulon Quillfeather", "713-555-0199"
SECRETS = (NAME.encode(), b"7135550199", b"Quillfeather")


@pytest.fixture(autouse=True)
def cheap_argon2(monkeypatch):
    """The cheapest accepted argon2id costs: the tests unlock dozens of times."""
    monkeypatch.setattr(keyfile_module, "DEFAULT_PARAMS", MIN_PARAMS)


@pytest.fixture
def key() -> bytes:
    return new_database_key()


@pytest.fixture
def encrypted(tmp_path, key):
    db = Database(DatabaseTarget.sqlite_file(tmp_path / "desk.sqlite3"), key=key)
    upgrade(db)
    KeyFile.create(key_file_path(tmp_path / "desk.sqlite3"), key, "AAAAA-BBBBB", users={"alice": "alice pw 1"})
    yield db
    db.dispose()


def save_caller(db: Database) -> None:
    user = UserService(db).ensure("dana", "Dana Reyes", Role.SPECIALIST)
    form = dataclasses.replace(SHELTER_REFERRAL, caller_anonymous=False, caller_name=NAME, caller_safe_phone=PHONE)
    IntakeService(db, clock=lambda: datetime(2026, 11, 29, 15, tzinfo=timezone.utc)).save(form, user.id)


def holds_plaintext(path) -> bool:
    data = path.read_bytes()
    return any(secret in data for secret in SECRETS)


# -- keys and the key file ------------------------------------------------------------


def test_keys_are_random_and_the_recovery_key_is_typable():
    assert len(new_database_key()) == 32 and new_database_key() != new_database_key()
    recovery = new_recovery_key()
    assert re.fullmatch(r"([A-Z2-7]{5}-){7}[A-Z2-7]{5}", recovery)
    typed = recovery.lower().replace("-", " ").replace("O", "0")
    assert normalise_recovery_key(typed) == recovery


def test_the_key_file_unlocks_for_each_holder_and_is_private(tmp_path, key):
    path = tmp_path / "desk.sqlite3.keys"
    recovery = new_recovery_key()
    KeyFile.create(path, key, recovery, users={"Alice ": "alice pw 1", "bob": "bob pw 2"})
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    keys = KeyFile.load(path)
    assert keys.users() == ("alice", "bob")
    assert keys.unlock("ALICE", "alice pw 1") == key == keys.unlock("bob", "bob pw 2")
    assert keys.unlock_with_recovery(recovery.lower()) == key
    text = path.read_text()
    assert key.hex() not in text and "alice pw 1" not in text and recovery not in text
    assert json.loads(text)["version"] == 1
    with pytest.raises(KeyFileProblem, match="already there"):
        KeyFile.create(path, key, recovery)


def test_an_unknown_user_and_a_wrong_password_get_one_message_and_change_nothing(tmp_path, key):
    path = tmp_path / "desk.sqlite3.keys"
    KeyFile.create(path, key, new_recovery_key(), users={"alice": "alice pw 1"})
    before = path.read_bytes()
    keys = KeyFile.load(path)
    with pytest.raises(UnlockFailed) as wrong:
        keys.unlock("alice", "alice pw 2")
    with pytest.raises(UnlockFailed) as unknown:
        keys.unlock("mallory", "alice pw 1")
    assert str(wrong.value) == str(unknown.value)
    assert "not right" in str(wrong.value) and "nothing was changed" in str(wrong.value)
    with pytest.raises(UnlockFailed, match="recovery key does not unlock"):
        keys.unlock_with_recovery(new_recovery_key())
    assert path.read_bytes() == before


def test_an_unknown_user_costs_the_same_derivation_as_a_known_one(tmp_path, key, monkeypatch):
    path = tmp_path / "desk.sqlite3.keys"
    KeyFile.create(path, key, new_recovery_key(), users={"alice": "alice pw 1"})
    keys = KeyFile.load(path)
    calls = []
    real = keyfile_module.derive_wrapping_key
    monkeypatch.setattr(keyfile_module, "derive_wrapping_key", lambda *a: calls.append(a[2]) or real(*a))
    for name in ("alice", "mallory"):
        with pytest.raises(UnlockFailed):
            keys.unlock(name, "guess")
    assert calls == [MIN_PARAMS, MIN_PARAMS]  # one argon2id run each, at the same costs


def test_a_wrap_copied_under_another_name_does_not_open(tmp_path, key):
    path = tmp_path / "desk.sqlite3.keys"
    KeyFile.create(path, key, new_recovery_key(), users={"alice": "alice pw 1"})
    data = json.loads(path.read_text())
    data["users"]["admin"] = data["users"]["alice"]
    path.write_text(json.dumps(data))
    with pytest.raises(UnlockFailed):
        KeyFile.load(path).unlock("admin", "alice pw 1")


def test_adding_rewrapping_and_removing_users_never_touch_the_database(tmp_path, encrypted, key):
    db_file = tmp_path / "desk.sqlite3"
    save_caller(encrypted)
    encrypted.dispose()
    before = db_file.read_bytes(), db_file.stat().st_mtime_ns
    keys = KeyFile.load(key_file_path(db_file))
    keys.add_user("bob", "bob pw 2", key)
    keys.rewrap("alice", "alice new pw", key)
    assert keys.remove_user("bob") is True and keys.remove_user("bob") is False
    assert (db_file.read_bytes(), db_file.stat().st_mtime_ns) == before
    again = KeyFile.load(key_file_path(db_file))
    assert again.users() == ("alice",) and again.unlock("alice", "alice new pw") == key
    for name, password in (("alice", "alice pw 1"), ("bob", "bob pw 2")):
        with pytest.raises(UnlockFailed):
            again.unlock(name, password)
    with pytest.raises(KeyFileProblem, match="not this database's key"):
        again.add_user("carol", "carol pw 3", new_database_key())
    with pytest.raises(KeyFileProblem, match="already unlock"):
        again.add_user("alice", "x", key)
    with pytest.raises(KeyFileProblem, match="cannot unlock"):
        again.rewrap("carol", "x", key)
    assert stat.S_IMODE(key_file_path(db_file).stat().st_mode) == 0o600


@pytest.mark.parametrize(("content", "phrase"), [
    (b"\x00\xff not json", "damaged (not a key file's JSON)"),
    (b'{"format": "something else"}', "not a Hotline Console key file"),
    (b'{"format": "hotline-console-keys", "version": 7}', "newer version"),
    (b'{"format": "hotline-console-keys", "version": 1, "key_check": "x"}', "parts are missing"),
])
def test_a_damaged_key_file_is_explained(tmp_path, content, phrase):
    path = tmp_path / "desk.sqlite3.keys"
    path.write_bytes(content)
    path.chmod(0o600)
    with pytest.raises(KeyFileProblem) as caught:
        KeyFile.load(path)
    assert phrase in str(caught.value) and "what to do" in str(caught.value)


def test_a_tampered_wrap_is_refused_before_any_work(tmp_path, key):
    path = tmp_path / "desk.sqlite3.keys"
    KeyFile.create(path, key, new_recovery_key(), users={"alice": "alice pw 1"})
    data = json.loads(path.read_text())
    data["users"]["alice"]["memory_kib"] = 1 << 40  # would exhaust the desk's memory
    path.write_text(json.dumps(data))
    with pytest.raises(KeyFileProblem, match="settings this version does not accept"):
        KeyFile.load(path).unlock("alice", "alice pw 1")
    with pytest.raises(KeyFileProblem, match="missing"):
        KeyFile.load(tmp_path / "none.keys")


# -- the encrypted database -----------------------------------------------------------


def test_an_encrypted_database_its_wal_and_its_backup_hold_no_plaintext(tmp_path, encrypted):
    save_caller(encrypted)
    db_file = tmp_path / "desk.sqlite3"
    wal = tmp_path / "desk.sqlite3-wal"
    assert wal.stat().st_size > 0  # the contact is still in the WAL: the pool holds the file open
    assert not holds_plaintext(db_file) and not holds_plaintext(wal)
    assert not db_file.read_bytes().startswith(b"SQLite format 3")
    copy = tmp_path / "copy.sqlite3"
    info = backup.backup(encrypted.target, copy)
    assert info.contacts == 1 and not holds_plaintext(copy)
    assert stat.S_IMODE((tmp_path / "copy.sqlite3.keys").stat().st_mode) == 0o600
    with encrypted.read() as session:  # and readable with the key
        assert session.execute(text("SELECT caller_name FROM contacts")).scalar() == NAME


def test_the_same_contact_in_a_plain_database_is_found_by_this_check(tmp_path):
    db = Database(DatabaseTarget.sqlite_file(tmp_path / "plain.sqlite3"))
    upgrade(db)
    save_caller(db)
    files = [tmp_path / "plain.sqlite3", tmp_path / "plain.sqlite3-wal"]
    assert any(holds_plaintext(path) for path in files)  # the check above can see plaintext
    db.dispose()


def test_a_wrong_key_a_missing_key_and_a_needless_key_are_explained(tmp_path, encrypted, key):
    save_caller(encrypted)
    encrypted.dispose()
    db_file = tmp_path / "desk.sqlite3"
    before = db_file.read_bytes()
    wrong = Database(DatabaseTarget.sqlite_file(db_file), key=new_database_key())
    with pytest.raises(DatabaseProblem, match="could not be unlocked with this key"):
        stored_revision(wrong)
    wrong.dispose()
    with pytest.raises(DatabaseProblem, match="encrypted and must be unlocked first"):
        Database(DatabaseTarget.sqlite_file(db_file))
    key_file_path(db_file).rename(tmp_path / "elsewhere.keys")
    locked = Database(DatabaseTarget.sqlite_file(db_file))
    with pytest.raises(DatabaseProblem, match="not a Hotline Console database.*key file"):
        stored_revision(locked)
    locked.dispose()
    assert db_file.read_bytes() == before
    plain = tmp_path / "plain.sqlite3"
    upgrade(Database(DatabaseTarget.sqlite_file(plain)))
    with pytest.raises(DatabaseProblem, match="not encrypted"):
        Database(DatabaseTarget.sqlite_file(plain), key=key)


def test_the_key_never_shows_in_the_target_or_its_description(tmp_path, encrypted, key):
    assert key.hex() not in repr(encrypted.target) + encrypted.target.describe() + str(encrypted.engine.url)
    assert encrypted.target.describe().startswith("sqlite+pysqlcipher:///")


def test_migrations_and_their_backup_run_on_an_encrypted_database(tmp_path, key):
    path = tmp_path / "old.sqlite3"
    db = Database(DatabaseTarget.sqlite_file(path), key=key)
    upgrade_to(db, "0003")
    assert upgrade(db) == ("0003", HEAD)
    taken = list((tmp_path / "backups").glob("old-before-upgrade-from-0003-*.sqlite3"))
    assert len(taken) == 1 and not taken[0].read_bytes().startswith(b"SQLite format 3")
    assert backup.verify(taken[0], key).revision == "0003"
    with pytest.raises(DatabaseProblem, match="not a Hotline Console database"):
        backup.verify(taken[0])  # without the key it does not open
    db.dispose()


def test_an_encrypted_backup_restores_with_the_same_key(tmp_path, encrypted, key):
    save_caller(encrypted)
    copy = tmp_path / "copy.sqlite3"
    backup.backup(encrypted.target, copy)
    save_caller(encrypted)  # a second contact, after the backup
    encrypted.dispose()
    info, kept = backup.restore(encrypted.target, copy)
    assert info.contacts == 1 and kept is not None and not holds_plaintext(kept)
    with encrypted.read() as session:
        assert session.execute(text("SELECT count(*) FROM contacts")).scalar() == 1
    with pytest.raises(DatabaseProblem, match="does not open with the database's key"):
        backup.verify(copy, new_database_key())


def test_the_change_feed_reads_an_encrypted_database(encrypted):
    from console.changefeed import open_change_feed

    feed = open_change_feed(encrypted)
    try:
        assert feed.changed() is True and feed.changed() is False
        save_caller(encrypted)
        assert feed.changed() is True
    finally:
        feed.close()
