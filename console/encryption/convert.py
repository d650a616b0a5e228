"""``db encrypt``: turn the plain embedded database into an encrypted one.

Safe at every step: a verified backup of the plain file first; the encrypted
copy is written beside it with ``sqlcipher_export`` while this process holds
the plain file exclusively (no desk can commit to it meanwhile), then checked
(integrity, the same row count in every table); the key file is written, and
only then is the copy renamed over the plain file. Until that rename the
plain database is as it was; if anything fails, what was made is removed and
the message says so. The plain backup is removed after success (it would be a
readable copy of every contact).
"""

from __future__ import annotations

import os
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from console import backup
from console.db import Database, DatabaseTarget
from console.encryption.keyfile import KeyFile, key_file_path
from console.encryption.keys import new_database_key, new_recovery_key, sql_key
from console.encryption.state import is_encrypted, quiet_sqlcipher, sqlite_header_is_plain
from console.errors import DatabaseProblem

LOCK_WAIT_MS = 5000


@dataclass(frozen=True, slots=True)
class Encrypted:
    database: Path
    key_file: Path
    recovery_key: str  # shown once, never stored in clear
    tables: int
    rows: int
    plain_backups_left: tuple[Path, ...]  # older backups in the backups folder, still readable


def encrypt_database(target: DatabaseTarget, username: str, password: str) -> Encrypted:
    """Encrypt the embedded database; ``username``'s password and a new recovery key unlock it."""
    path = _plain_path(target)
    if not path.exists():  # a new desk: make the schema first, then encrypt the empty database
        db = Database(target)
        try:
            from console.schema import upgrade

            upgrade(db)
        finally:
            db.dispose()
    folder = backup.backup_folder(path)
    saved = backup.backup(target, folder / f"{path.stem}-before-encrypt-{backup._stamp()}.sqlite3")
    db_key, recovery_key = new_database_key(), new_recovery_key()
    copy = path.with_name(path.name + ".encrypting")
    copy.unlink(missing_ok=True)
    keys = key_file_path(path)
    swapped = False
    import sqlcipher3

    quiet_sqlcipher()
    try:
        with closing(sqlcipher3.connect(str(path), isolation_level=None, timeout=LOCK_WAIT_MS / 1000)) as plain:
            _hold_exclusively(plain, target)
            try:
                plain.execute("ATTACH DATABASE ? AS encrypted KEY \"" + sql_key(db_key) + "\"", (str(copy),))
                plain.execute("SELECT sqlcipher_export('encrypted')")
                plain.execute("DETACH DATABASE encrypted")
                counts = _row_counts(plain)
                verify_copy(copy, db_key, counts)
                KeyFile.create(keys, db_key, recovery_key, users={username: password})
            except BaseException:
                plain.execute("PRAGMA journal_mode = WAL")  # as it was
                raise
        # The lock ends here: Windows cannot rename over an open file. A desk
        # starting in this instant would find the plain file in DELETE mode.
        os.replace(copy, path)  # the plain file is replaced whole, or not at all
        swapped = True
        for suffix in ("-wal", "-shm", "-journal"):  # the plain file's; none should be left in DELETE mode
            path.with_name(path.name + suffix).unlink(missing_ok=True)
    except (OSError, sqlcipher3.Error) as exc:
        if not swapped:
            _back_to_wal(path)
        raise _failed(target, saved.path, f"{exc.strerror or exc}" if isinstance(exc, OSError) else str(exc),
                      copy, keys if not swapped else None) from None
    except DatabaseProblem as exc:
        raise _failed(target, saved.path, exc.problem, copy, None if swapped else keys) from None
    saved.path.unlink(missing_ok=True)
    left = tuple(sorted(p for p in folder.glob("*.sqlite3") if sqlite_header_is_plain(p)))
    return Encrypted(path, keys, recovery_key, len(counts), sum(counts.values()), left)


def _plain_path(target: DatabaseTarget) -> Path:
    path = target.sqlite_path
    if path is None:
        raise DatabaseProblem(target.describe(), "`db encrypt` is for the embedded database; on a shared "
                              "PostgreSQL database field encryption applies there.",
                              "Use the server's disk encryption and the console's field encryption.")
    if is_encrypted(path):
        raise DatabaseProblem(target.describe(), "The database is already encrypted (its key file is beside it); "
                              "nothing was changed.", "Nothing to do. Who may unlock it is kept in its key file (docs/encryption.md).")
    if sqlite_header_is_plain(path) is False:
        raise DatabaseProblem(target.describe(), "This file is not a plain SQLite database (already encrypted "
                              "without its key file, or damaged); nothing was changed.", "Check the path with IT.")
    return path


def _hold_exclusively(conn, target: DatabaseTarget) -> None:
    """Take the plain file for this process alone until the connection closes."""
    conn.execute(f"PRAGMA busy_timeout = {LOCK_WAIT_MS}")
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]  # only when no one else has it open
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("COMMIT")  # in EXCLUSIVE locking mode the lock stays until close
    except Exception as exc:  # noqa: BLE001 (sqlcipher3.OperationalError: locked)
        mode = str(exc)
    if mode != "delete":
        raise DatabaseProblem(target.describe(), "The database is in use by another program (a console window?); "
                              "nothing was changed.", "Close every Hotline Console on this desk and try again.")


def _row_counts(conn, schema: str = "main") -> dict[str, int]:
    names = [row[0] for row in conn.execute(
        f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {name: conn.execute(f'SELECT count(*) FROM {schema}."{name}"').fetchone()[0] for name in names}


def verify_copy(copy: Path, db_key: bytes, expected: dict[str, int]) -> None:
    """The encrypted copy opens with the key, is whole, and holds every row of the plain file."""
    import sqlcipher3

    with closing(sqlcipher3.connect(str(copy), isolation_level=None)) as conn:
        conn.execute(f'PRAGMA key = "{sql_key(db_key)}"')
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        counts = _row_counts(conn)
    if integrity != "ok" or counts != expected:
        differ = sorted(name for name in expected.keys() | counts.keys() if expected.get(name) != counts.get(name))
        raise DatabaseProblem(str(copy), f"The encrypted copy did not check out ({integrity}; tables that differ: "
                              f"{', '.join(differ) or 'none'})", "Tell IT.")
    if sqlite_header_is_plain(copy) is not False:
        raise DatabaseProblem(str(copy), "The encrypted copy is not encrypted", "Tell IT.")


def _back_to_wal(path: Path) -> None:
    """The plain file's journal mode as it was, after a failed swap (best effort: every open sets it too)."""
    import sqlite3

    try:
        with closing(sqlite3.connect(str(path), timeout=LOCK_WAIT_MS / 1000)) as conn:
            conn.execute("PRAGMA journal_mode = WAL")
    except sqlite3.Error:
        pass


def _failed(target: DatabaseTarget, saved: Path, why: str, copy: Path, keys: Path | None) -> DatabaseProblem:
    copy.unlink(missing_ok=True)
    if keys is not None:
        keys.unlink(missing_ok=True)
    return DatabaseProblem(target.describe(), f"The database could not be encrypted ({why}). It was not changed: "
                           f"it is still the plain database, and the backup taken before is kept at {saved}.",
                           "Fix the cause (free space, permissions, another program using the file) and run "
                           "`hotline-console db encrypt` again.")
