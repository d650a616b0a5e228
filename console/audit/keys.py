"""Where the audit key lives: a file outside the database, never in it.

Whoever holds the key can forge a chain that verifies, so it is kept apart
from the data: a file readable only by the console's account (mode 0600),
32 random bytes written as 64 hex digits.

- ``[audit] key_file`` (env ``HOTLINE_AUDIT_KEY_FILE``) names it. Every desk
  sharing a PostgreSQL database must use the same key, so there is no
  default for PostgreSQL: the console refuses to start until IT sets it.
- For the embedded SQLite database the default is ``<data_dir>/audit.key``,
  created on first use.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from console.audit.chain import KEY_BYTES
from console.errors import ConsoleError, SettingsError
from console.private_files import public_mode_problem

if TYPE_CHECKING:
    from console.settings import Settings

DEFAULT_KEY_FILE = "audit.key"


class KeyFileExists(ConsoleError):
    def __init__(self, path: Path):
        super().__init__(f"{path} already exists; a key is never overwritten (the trail it signed could no "
                         "longer be verified). Choose a new file name.")


def make_key_file(path: Path) -> Path:
    """Write a new random key to ``path`` (mode 0600); refuse an existing file.

    Written to a private temporary file first and linked into place, so a
    second process never reads a half-written key."""
    path = path.expanduser()
    if path.exists():
        raise KeyFileExists(path)
    part = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(KEY_BYTES) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.link(part, path)  # fails if the name was taken meanwhile
    except FileExistsError:
        raise KeyFileExists(path) from None
    except OSError as exc:
        raise ConsoleError(f"{path} cannot be written ({exc.strerror or exc}).") from None
    finally:
        part.unlink(missing_ok=True)
    return path


def read_key_file(path: Path) -> bytes:
    source = str(path)
    if problem := public_mode_problem(path):
        raise SettingsError(source, f"the audit key file is not private: {problem}", key="audit.key_file")
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        raise SettingsError(source, "the audit key file does not exist. Copy the site's key here, or make a "
                                    "new one with `hotline-console audit make-key PATH`.",
                            key="audit.key_file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(source, f"the audit key file cannot be read ({getattr(exc, 'strerror', None) or exc}).",
                            key="audit.key_file") from None
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) < KEY_BYTES:
        raise SettingsError(source, f"this is not an audit key: expected {2 * KEY_BYTES} hex digits, as "
                                    "`hotline-console audit make-key` writes.", key="audit.key_file")
    return key


def audit_key(settings: Settings) -> bytes:
    """The key for ``settings``' database, creating the embedded default on first use."""
    if settings.audit_key_file is not None:
        return read_key_file(settings.audit_key_file)
    if not settings.database.is_sqlite:
        raise SettingsError(
            "settings", "a shared PostgreSQL database needs an audit key that every desk shares, and none is "
            "set. IT: make one with `hotline-console audit make-key PATH`, copy it to every desk (readable "
            "only by the console's users) and set [audit] key_file to it (or HOTLINE_AUDIT_KEY_FILE).",
            key="audit.key_file")
    path = settings.data_dir / DEFAULT_KEY_FILE
    if not path.exists():
        try:
            make_key_file(path)
        except KeyFileExists:
            pass  # another process on this machine made it first: use theirs
    return read_key_file(path)
