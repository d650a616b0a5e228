"""``hotline-console db encrypt`` and the commands on an encrypted database:
messages, exit codes, files on disk, never a traceback."""

from __future__ import annotations

import io
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from console.cli import build_parser, run_command
from console.db import Database, DatabaseTarget
from console.encryption import convert
from console.encryption import keyfile as keyfile_module
from console.encryption.keyfile import KeyFile, key_file_path
from console.encryption.keys import MIN_PARAMS
from console.errors import DatabaseProblem
from console.services.directory import DirectoryService
from console.services.directory_query import DirectoryQuery
from console.vocabulary import Role

PASSWORD = "lantern harbour meadow"  # the demo database's first admin, "admin"
RECOVERY = re.compile(r"([A-Z2-7]{5}-){7}[A-Z2-7]{5}")


@pytest.fixture(autouse=True)
def cheap_argon2(monkeypatch):
    monkeypatch.setattr(keyfile_module, "DEFAULT_PARAMS", MIN_PARAMS)
    monkeypatch.delenv("HOTLINE_USER", raising=False)


def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    """One command in this process; stdin is not a terminal, as in a script."""
    out, err = io.StringIO(), io.StringIO()
    saved, sys.stdin = sys.stdin, io.StringIO(stdin)
    try:
        code = run_command(build_parser().parse_args(argv), out, err)
    finally:
        sys.stdin = saved
    assert "Traceback" not in out.getvalue() + err.getvalue()
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    code, _, err = run("demo-data", "--db", str(path), "--organizations", "100")
    assert code == 0, err
    code, _, err = run("user", "add", "admin", "--role", "admin", "--db", str(path), stdin=PASSWORD + "\n")
    assert code == 0, err
    return path


@pytest.fixture
def plain(tmp_path, demo_file):
    path = tmp_path / "desk.sqlite3"
    shutil.copy(demo_file, path)
    return path


def _rows(path) -> list[str]:
    """The database as SQL, without the audit trail (which records the attempt)."""
    import sqlite3

    with sqlite3.connect(path) as conn:
        return [line for line in conn.iterdump() if '"audit_events"' not in line]


def encrypt(path) -> str:
    code, out, err = run("db", "encrypt", "--db", str(path), "--user", "admin", stdin=PASSWORD + "\n")
    assert code == 0, err
    return RECOVERY.search(out)[0]


def test_db_encrypt_round_trip_keeps_every_row_and_search_works(plain, tmp_path):
    code, out, err = run("db", "encrypt", "--db", str(plain), "--user", "admin", stdin=PASSWORD + "\n")
    assert code == 0, err
    assert len(RECOVERY.findall(out)) == 1 and "keep it offline" in out
    assert not plain.read_bytes().startswith(b"SQLite format 3")
    keys = key_file_path(plain)
    assert stat.S_IMODE(keys.stat().st_mode) == 0o600 and KeyFile.load(keys).users() == ("admin",)
    assert not list((tmp_path / "backups").glob("*before-encrypt*"))  # the plain copy is gone after success
    assert not list(tmp_path.glob("*.encrypting")) and not (tmp_path / "desk.sqlite3-journal").exists()
    db = Database(DatabaseTarget.sqlite_file(plain), key=KeyFile.load(keys).unlock("admin", PASSWORD))
    try:
        directory = DirectoryService(db, Role.SPECIALIST)
        assert directory.search(DirectoryQuery("shelter"))  # FTS5
        assert directory.search(DirectoryQuery("", near_zip="77002", miles=500))  # R*Tree
    finally:
        db.dispose()
    code, out, err = run("self-check", "--db", str(plain), "--user", "admin", stdin=PASSWORD + "\n")
    assert code == 0 and "self-check passed" in out, err
    assert "ok   encryption at rest: encrypted" in out and "ok   journal mode: wal" in out


def test_the_encrypted_database_s_trail_says_who_encrypted_it_and_still_verifies(plain):
    encrypt(plain)
    db = Database(DatabaseTarget.sqlite_file(plain), key=KeyFile.load(key_file_path(plain)).unlock("admin", PASSWORD))
    try:
        with db.engine.connect() as conn:
            newest = conn.execute(text("SELECT action, username, user_id, record_type, note FROM audit_events "
                                       "ORDER BY id DESC LIMIT 1")).one()
            admin_id = conn.execute(text("SELECT id FROM users WHERE username = 'admin'")).scalar()
    finally:
        db.dispose()
    assert newest[:4] == ("encrypt", "admin", admin_id, "database") and "SQLCipher" in newest.note
    code, out, err = run("audit", "verify", "--db", str(plain), "--user", "admin", stdin=PASSWORD + "\n")
    assert code == 0, out + err


def test_the_recovery_key_unlocks_and_wrong_secrets_are_refused_cleanly(plain):
    recovery = encrypt(plain)
    code, out, _ = run("self-check", "--db", str(plain), "--recovery", stdin=recovery.lower() + "\n")
    assert code == 0 and "self-check passed" in out
    before = plain.read_bytes()
    for argv, secret in ((("--user", "admin"), "not it"), (("--user", "nobody"), PASSWORD),
                         (("--recovery",), "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE-FFFFF-GGGGG-HHHHH")):
        code, _, err = run("migrate", "--db", str(plain), *argv, stdin=secret + "\n")
        assert code == 1 and ("does not unlock" in err or "not right" in err) and "nothing was changed" in err
    code, _, err = run("self-check", "--db", str(plain))
    assert code == 1 and "--user NAME" in err
    assert plain.read_bytes() == before


def test_a_second_encrypt_refuses_and_postgres_is_sent_elsewhere(plain):
    encrypt(plain)
    code, _, err = run("db", "encrypt", "--db", str(plain), "--user", "admin", stdin=PASSWORD + "\n")
    assert code == 1 and "already encrypted" in err
    code, _, err = run("db", "encrypt", "--db", "postgresql://desk@127.0.0.1:9/none", "--user", "admin",
                       stdin=PASSWORD + "\n")
    assert code == 1 and "field encryption applies there" in err
    code, _, err = run("db", "encrypt", "--db", str(plain))
    assert code == 1 and "--user NAME" in err


@pytest.mark.parametrize("where", ["verify", "swap"])
def test_a_failure_midway_leaves_the_plain_database_as_it_was(plain, tmp_path, monkeypatch, where):
    before = _rows(plain)
    if where == "verify":
        def broken(*_args):
            raise DatabaseProblem("copy", "rows differ (simulated)", "Tell IT.")
        monkeypatch.setattr(convert, "verify_copy", broken)
    else:
        real_replace = convert.os.replace

        def full(source, dest):  # the key file is written; the swap of the database fails
            if str(source).endswith(".encrypting"):
                raise OSError(28, "No space left on device")
            real_replace(source, dest)
        monkeypatch.setattr(convert.os, "replace", full)
    code, out, err = run("db", "encrypt", "--db", str(plain), "--user", "admin", stdin=PASSWORD + "\n")
    assert code == 1 and "It was not changed" in err and not RECOVERY.search(out)
    kept = re.search(r"the backup taken before is kept at (\S+?\.sqlite3)", err.replace("\n", " "))[1]
    assert (tmp_path / "backups").exists() and kept.startswith(str(tmp_path / "backups"))
    monkeypatch.undo()
    # Every row as it was, but the admin's sign-in that allowed the attempt (audited).
    assert _rows(plain) == before
    assert not key_file_path(plain).exists() and not list(tmp_path.glob("*.encrypting"))
    code, out, _ = run("self-check", "--db", str(plain))  # still the plain database, in WAL mode
    assert code == 0 and "ok   journal mode: wal" in out


def test_backup_and_restore_of_an_encrypted_database_stay_encrypted(plain, tmp_path):
    encrypt(plain)
    copy = tmp_path / "copy.sqlite3"
    code, out, err = run("backup", str(copy), "--db", str(plain), "--user", "admin", stdin=PASSWORD + "\n")
    assert code == 0 and "key file it needs is copied beside it" in out, err
    assert not copy.read_bytes().startswith(b"SQLite format 3") and key_file_path(copy).exists()
    code, out, err = run("restore", str(copy), "--yes", "--db", str(plain), "--user", "admin",
                         stdin=PASSWORD + "\n")
    assert code == 0 and "restored" in out, err
    kept = re.search(r"the database it replaced was kept: (\S+)", out)[1]
    assert not Path(kept).read_bytes().startswith(b"SQLite format 3")


def test_directory_export_unlocks_with_hotline_user(plain, tmp_path, monkeypatch):
    encrypt(plain)
    monkeypatch.setenv("HOTLINE_USER", "admin")
    code, _, err = run("directory", "export", str(tmp_path / "out.zip"), "--db", str(plain), stdin=PASSWORD + "\n")
    assert code == 0, err


def test_the_encrypt_setting_refuses_a_plain_database(plain, tmp_path):
    site = tmp_path / "site.toml"
    site.write_text("[security]\nencrypt_database = true\n")
    code, _, err = run("self-check", "--config", str(site), "--db", str(plain))
    assert code == 1 and "hotline-console db encrypt" in err
    encrypt(plain)
    code, out, _ = run("self-check", "--config", str(site), "--db", str(plain), "--user", "admin",
                       stdin=PASSWORD + "\n")
    assert code == 0 and "self-check passed" in out


def test_a_damaged_key_file_is_a_message_not_a_traceback(plain):
    encrypt(plain)
    key_file_path(plain).write_text("{ half a file")
    code, _, err = run("self-check", "--db", str(plain), "--user", "admin", stdin=PASSWORD + "\n")
    assert code == 1 and "key file is damaged" in err and "what to do" in err


def test_encrypt_refuses_while_another_console_holds_the_database(plain):
    # Another process with an idle connection, as a window's pool keeps one: after the swap
    # it would write to the replaced plain file. (Within one process SQLite cannot see it.)
    holder = subprocess.Popen(
        [sys.executable, "-c", ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                                "c.execute('SELECT count(*) FROM contacts').fetchall(); print('open', flush=True); "
                                "sys.stdin.read()"),
         str(plain)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        code, _, err = run("db", "encrypt", "--db", str(plain), "--user", "admin", stdin=PASSWORD + "\n")
    finally:
        holder.communicate("", timeout=30)
    assert code == 1 and "in use by another program" in err and "It was not changed" in err
    assert not key_file_path(plain).exists() and plain.read_bytes().startswith(b"SQLite format 3")


def test_only_an_admin_with_their_own_password_encrypts(plain):
    code, _, err = run("db", "encrypt", "--db", str(plain), "--user", "admin", stdin="not the password\n")
    assert code == 1 and "not right" in err
    assert not key_file_path(plain).exists()
    code, _, err = run("user", "add", "dana", "--role", "specialist", "--admin", "admin", "--db", str(plain),
                       stdin=f"{PASSWORD}\ncobalt evening tangent\n")
    assert code == 0, err
    code, _, err = run("db", "encrypt", "--db", str(plain), "--user", "dana", stdin="cobalt evening tangent\n")
    assert code == 1 and "may not encrypt the database" in err
    assert not key_file_path(plain).exists()


def test_users_added_reset_or_disabled_change_who_can_unlock_never_the_database(plain):
    encrypt(plain)
    database = plain.read_bytes()
    admin = ["--admin", "admin", "--db", str(plain)]
    code, _, err = run("user", "add", "dana", "--role", "specialist", *admin, stdin=f"{PASSWORD}\ncobalt evening tangent\n")
    assert code == 0, err
    keys = KeyFile.load(key_file_path(plain))
    assert "dana" in keys.users()
    db_key = keys.unlock("dana", "cobalt evening tangent")
    assert keys.unlock("admin", PASSWORD) == db_key
    run("user", "reset-password", "dana", *admin, stdin=f"{PASSWORD}\nharbour violet summit\n")
    assert KeyFile.load(key_file_path(plain)).unlock("dana", "harbour violet summit") == db_key
    with pytest.raises(DatabaseProblem):
        KeyFile.load(key_file_path(plain)).unlock("dana", "cobalt evening tangent")
    run("user", "disable", "dana", *admin, stdin=PASSWORD + "\n")
    assert "dana" not in KeyFile.load(key_file_path(plain)).users()
    code, _, err = run("user", "list", "--admin", "admin", "--db", str(plain), stdin="wrong\n")
    assert code == 1 and "not right" in err
    # The file was re-encrypted by nobody: only rows were written, through the same key.
    assert plain.read_bytes()[:16] == database[:16]
