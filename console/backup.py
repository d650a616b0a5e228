"""Backups of the embedded (SQLite) database: taken, verified, restored.

A backup is taken with SQLite's online backup API, so a desk may keep working
while it runs and the copy is one consistent snapshot (WAL included). It is
written beside its final name and renamed into place only once verified
(``PRAGMA integrity_check``, a schema revision this version knows of), so a
backup that exists is a backup that opens. A restore verifies first, keeps a
copy of what it replaces, then copies the backup in through the same API
(never a file copy under an open WAL).

An encrypted database (``console.encryption``: the target carries its key)
is backed up through SQLCipher with the same key, so the copy is encrypted
too, and its key file is copied beside it (``<backup>.keys``): the copy opens
with the same passwords or recovery key.

A shared PostgreSQL database is backed up by its server's own tools
(``pg_dump``, base backups): these functions refuse it with that message.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from console.db import DatabaseTarget
from console.errors import DatabaseProblem

PRE_UPGRADE_KEPT = 3  # automatic backups before upgrades kept per database
BACKUP_FOLDER = "backups"


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    revision: str | None
    contacts: int
    size_bytes: int


def _sqlite_path(target: DatabaseTarget) -> Path:
    if target.sqlite_path is None:
        raise DatabaseProblem(
            target.describe(),
            "Backups here are for the embedded database; a shared PostgreSQL database is backed up on its server.",
            "Use pg_dump or the server's base backups.",
        )
    return target.sqlite_path


def _stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S-%fZ")  # two in one second stay apart


def _connect(path: Path, key: bytes | None, *, read_only: bool = False, timeout: float = 5.0):
    """sqlite3 for a plain file; sqlcipher3 with the raw key, first, for an encrypted one."""
    where = f"{path.resolve().as_uri()}?mode=ro" if read_only else str(path)
    if key is None:
        return sqlite3.connect(where, uri=read_only, timeout=timeout)
    import sqlcipher3

    from console.encryption.keys import sql_key
    from console.encryption.state import quiet_sqlcipher

    quiet_sqlcipher()
    conn = sqlcipher3.connect(where, uri=read_only, timeout=timeout)
    conn.execute(f'PRAGMA key = "{sql_key(key)}"')
    return conn


def _errors(key: bytes | None) -> tuple[type[Exception], ...]:
    if key is None:
        return (sqlite3.DatabaseError,)
    import sqlcipher3

    return sqlite3.DatabaseError, sqlcipher3.DatabaseError


def _copy(source, dest_path: Path, key: bytes | None = None) -> None:
    with closing(_connect(dest_path, key)) as dest:
        source.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
    with open(dest_path, "rb") as written:  # on the disk before anyone relies on it
        os.fsync(written.fileno())


def verify(path: Path, key: bytes | None = None) -> BackupInfo:
    """Open ``path`` read-only (with ``key`` when encrypted) and check it is a whole Hotline Console database."""
    from console.schema import known_revision  # schema imports this module's users

    where = str(path)
    if not path.is_file():
        raise DatabaseProblem(where, "There is no backup file here.", "Check the path.")
    try:
        with closing(_connect(path, key, read_only=True)) as conn:
            integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
            if integrity != "ok":
                raise DatabaseProblem(where, f"The backup is damaged ({integrity}).", "Use another backup.")
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            contacts = conn.execute("SELECT count(*) FROM contacts").fetchone()[0]
    except _errors(key) as exc:
        if key is not None and "not a database" in str(exc):
            raise DatabaseProblem(where, "This backup does not open with the database's key: it is a plain "
                                  "backup, another database's, or damaged.", "Check the path; nothing was changed."
                                  ) from None
        raise DatabaseProblem(
            where, f"This is not a Hotline Console database ({exc}).", "Check the path; nothing was changed."
        ) from None
    rev = revision[0] if revision else None
    if rev is not None and not known_revision(rev):
        raise DatabaseProblem(
            where, f"The backup was made by a newer version of Hotline Console (schema {rev}).",
            "Restore it with that version; nothing was changed.",
        )
    return BackupInfo(path, rev, contacts, path.stat().st_size)


def backup(target: DatabaseTarget, dest: Path, *, overwrite: bool = False) -> BackupInfo:
    """Write a verified backup of the embedded database to ``dest``."""
    source_path = _sqlite_path(target)
    if not source_path.is_file():
        raise DatabaseProblem(target.describe(), "There is no database here yet to back up.", "Check --db.")
    dest = dest.expanduser()
    if dest.exists() and not overwrite:
        raise DatabaseProblem(str(dest), "A file is already there; a backup never replaces one.",
                              "Choose a new file name.")
    if not dest.parent.is_dir():
        raise DatabaseProblem(str(dest), "The folder for the backup does not exist.", "Create it or choose another.")
    partial = dest.with_name(dest.name + ".partial")
    try:
        with closing(_connect(source_path, target.key)) as source:
            _copy(source, partial, target.key)
        info = verify(partial, target.key)
        os.replace(partial, dest)
        if target.key is not None:  # the copy opens with the same passwords and recovery key
            _copy_key_file(source_path, dest)
    except OSError as exc:
        raise DatabaseProblem(str(dest), f"The backup could not be written: {exc.strerror or exc}.",
                              "Check the disk and permissions.") from None
    finally:
        partial.unlink(missing_ok=True)
    return BackupInfo(dest, info.revision, info.contacts, info.size_bytes)


def restore(target: DatabaseTarget, source: Path) -> tuple[BackupInfo, Path | None]:
    """Replace the embedded database by the backup at ``source``.

    Returns the backup's facts and where the replaced database was kept
    (None when there was none)."""
    dest_path = _sqlite_path(target)
    info = verify(source.expanduser(), target.key)
    kept = None
    if dest_path.is_file():
        kept = backup(target, backup_folder(dest_path) / f"{dest_path.stem}-before-restore-{_stamp()}.sqlite3")
    dest_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with closing(_connect(info.path, target.key, read_only=True)) as backup_conn, \
                closing(_connect(dest_path, target.key, timeout=10)) as live:
            backup_conn.backup(live)
    except _errors(target.key) as exc:  # e.g. another console holds it
        raise DatabaseProblem(target.describe(), f"The database could not be replaced ({exc}).",
                              "Close every console using it and try again; nothing was changed.") from None
    return info, kept.path if kept else None


def backup_folder(db_path: Path) -> Path:
    folder = db_path.parent / BACKUP_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def before_upgrade(target: DatabaseTarget, revision: str) -> BackupInfo:
    """The automatic backup taken before migrating from ``revision``; keeps the newest few."""
    db_path = _sqlite_path(target)
    folder = backup_folder(db_path)
    info = backup(target, folder / f"{db_path.stem}-before-upgrade-from-{revision}-{_stamp()}.sqlite3")
    older = sorted(folder.glob(f"{db_path.stem}-before-upgrade-*.sqlite3"), key=lambda p: p.stat().st_mtime)
    for stale in older[:-PRE_UPGRADE_KEPT]:
        stale.unlink(missing_ok=True)
        stale.with_name(stale.name + ".keys").unlink(missing_ok=True)
    return info


def _copy_key_file(db_path: Path, dest: Path) -> None:
    from console.encryption.keyfile import key_file_path, write_private_file

    if key_file_path(db_path).exists():  # a key given without a key file (a script's own key): nothing to copy
        write_private_file(key_file_path(dest), key_file_path(db_path).read_bytes())
