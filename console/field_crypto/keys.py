"""Where the field key lives, and the check that it is the database's.

As for the audit key (``console.audit.keys``): a file outside the database,
readable only by the console's account (mode 0600), 32 random bytes as 64
hex digits, made by ``hotline-console db make-field-key PATH``.

- ``[security] field_key_file`` (env ``HOTLINE_FIELD_KEY_FILE``) names it;
  ``[security] encrypt_fields = true`` seals new values with it and makes it
  required: a desk without it is refused, so no desk of a site that seals
  writes a caller's details in clear. A key file without ``encrypt_fields``
  only opens what is sealed (new values are written in clear).
- Only a PostgreSQL database is field-encrypted; for the embedded SQLite
  database both settings are ignored (SQLCipher encrypts the whole file).
- At start-up (``check_database_key``) the newest sealed summary (among the
  newest 1,000 contacts) names the key id it was sealed with: a desk whose
  key file differs, or that has none, is refused before it writes a value
  the other desks could not open.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text

from console.errors import ConsoleError, SettingsError
from console.field_crypto.cipher import PREFIX, FieldKey, key_id_of
from console.private_files import public_mode_problem

if TYPE_CHECKING:
    from console.db import Database
    from console.settings import Settings

KEY_HEX = 64
_SETTING = "security.field_key_file"


def make_field_key_file(path: Path) -> Path:
    """A new random key at ``path`` (mode 0600), never over an existing file."""
    from console.audit.keys import KeyFileExists, make_key_file

    try:
        return make_key_file(path)
    except KeyFileExists:
        raise ConsoleError(f"{path} already exists; a field key is never overwritten (the values sealed with "
                           "it could no longer be opened). Choose a new file name.") from None


def read_field_key_file(path: Path, *, sealing: bool) -> FieldKey:
    source = str(path)
    if problem := public_mode_problem(path):
        raise SettingsError(source, f"the field key file is not private: {problem}", key=_SETTING)
    try:
        secret = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        raise SettingsError(source, "the field key file does not exist. Copy the site's field key here (every "
                                    "desk of the database uses the same one), or make the site's first one with "
                                    "`hotline-console db make-field-key PATH`.", key=_SETTING) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(source, "the field key file cannot be read "
                                    f"({getattr(exc, 'strerror', None) or exc}).", key=_SETTING) from None
    try:
        key = bytes.fromhex(secret)
    except ValueError:
        key = b""
    if len(key) != KEY_HEX // 2:
        raise SettingsError(source, f"this is not a field key: expected {KEY_HEX} hex digits, as "
                                    "`hotline-console db make-field-key` writes.", key=_SETTING)
    return FieldKey.from_secret(key, sealing=sealing)


def field_key(settings: Settings) -> FieldKey | None:
    """The key for ``settings``' database (None: fields are written in clear)."""
    if settings.database.is_sqlite:
        return None  # the embedded file is encrypted whole, never field by field
    if settings.field_key_file is not None:
        return read_field_key_file(settings.field_key_file, sealing=settings.encrypt_fields)
    if settings.encrypt_fields:
        raise SettingsError(
            "settings", "[security] encrypt_fields is true, but no field key file is set, so this desk would "
            "write callers' details in clear. IT: copy the site's field key file to this desk (readable only by "
            "the console's users) and set [security] field_key_file to it (or HOTLINE_FIELD_KEY_FILE).",
            key=_SETTING)
    return None


# Only the newest contacts are looked at (through the primary key): a bounded
# cost on every start, also on a large database that seals nothing.
_NEWEST = 1000
_NEWEST_SEALED = text(f"SELECT substr(summary, 1, :chars) FROM (SELECT id, summary FROM contacts ORDER BY id DESC "
                      f"LIMIT {_NEWEST}) AS newest WHERE summary LIKE :sealed ORDER BY id DESC LIMIT 1")


def database_key_id(db: Database) -> str | None:
    """The key id of the newest sealed contact among the newest ones (None:
    none of them is sealed, or not PostgreSQL)."""
    if db.engine.dialect.name != "postgresql":
        return None
    with db.engine.connect() as conn:
        head = conn.execute(_NEWEST_SEALED, {"chars": len(PREFIX) + 8, "sealed": PREFIX + "%"}).scalar()
    return key_id_of(head) if head else None


def check_database_key(db: Database, settings: Settings) -> None:
    """Refuse a desk whose field key is not the one the database's values are sealed with."""
    sealed_with = database_key_id(db)
    if sealed_with is None:
        return
    key = db.field_key
    if key is None:
        raise SettingsError(
            "settings", f"this database's callers' details are sealed (field key {sealed_with}), and no field key "
            "file is set for this desk. IT: copy the site's field key file here and set [security] field_key_file "
            "(and encrypt_fields = true) as on the other desks.", key=_SETTING)
    if key.key_id != sealed_with:
        raise SettingsError(
            str(settings.field_key_file), f"this field key (id {key.key_id}) is not the one this database's "
            f"callers' details are sealed with (id {sealed_with}). Copy the site's field key file here; a desk "
            "with another key would write details the other desks cannot open.", key=_SETTING)
