"""Is a database encrypted, and may it be opened as asked? Checked before
connecting, so a locked file or a key for a plain one gets a clear message
instead of SQLite's "file is not a database"."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from console.errors import DatabaseProblem

if TYPE_CHECKING:
    from console.db import DatabaseTarget

KEY_FILE_SUFFIX = ".keys"
_SQLITE_HEADER = b"SQLite format 3\x00"
_QUIET: list[bool] = []


def key_file_path(database: Path) -> Path:
    """Where the key file of the SQLite file ``database`` lives: beside it, ``<name>.keys``."""
    return database.with_name(database.name + KEY_FILE_SUFFIX)


def sqlite_header_is_plain(path: Path) -> bool | None:
    """True: a plain SQLite file; False: something else (a SQLCipher file is
    random bytes from its first byte); None: no file yet, or an empty one."""
    try:
        with open(path, "rb") as file:
            head = file.read(len(_SQLITE_HEADER))
    except (FileNotFoundError, IsADirectoryError, PermissionError):
        return None
    return None if not head else head == _SQLITE_HEADER


def is_encrypted(target: DatabaseTarget | Path) -> bool:
    """True when the embedded database has a key file beside it (the key file's
    presence is the truth). Always False for PostgreSQL."""
    path = target if isinstance(target, Path) else target.sqlite_path
    return path is not None and key_file_path(path).exists()


def check_target(target: DatabaseTarget) -> None:
    """Refuse a locked encrypted file, or a key for a plain one, before connecting."""
    path, where = target.sqlite_path, target.describe()
    if path is None:
        return
    keys, plain = key_file_path(path), sqlite_header_is_plain(path)
    if keys.exists() and plain:  # `db encrypt` stopped between writing the key file and swapping the files
        raise DatabaseProblem(where, f"The database is not encrypted, but a key file is beside it ({keys}): "
                              "an encryption was interrupted. The data is intact.",
                              f"Remove {keys.name}, then run `hotline-console db encrypt` again.")
    if target.key is None and keys.exists():
        raise DatabaseProblem(where, "The database is encrypted and must be unlocked first.",
                              "Sign in to unlock it; commands take --user NAME or --recovery (docs/encryption.md).")
    if target.key is not None and plain:
        raise DatabaseProblem(where, "A key was given, but the database is not encrypted.",
                              "Open it without a key, or encrypt it with `hotline-console db encrypt`.")


def quiet_sqlcipher() -> None:
    """SQLCipher logs a failed decryption to stderr; the console explains it instead."""
    if not _QUIET:
        import sqlcipher3

        conn = sqlcipher3.connect(":memory:")
        conn.execute("PRAGMA cipher_log_level = NONE")  # process-wide
        conn.close()
        _QUIET.append(True)
