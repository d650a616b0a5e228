"""Which columns are sealed, and what self-check says about them.

The list of sealed columns is the models' own declarations (every column of
type ``SealedText``): one place, read here for self-check and for
``db encrypt-fields``, and checked against docs/encryption.md by a test.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import text

from console.field_crypto.cipher import KEY_ID_CHARS, PREFIX
from console.field_crypto.types import SealedText

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from console.db import Database


def sealed_columns() -> dict[str, tuple[str, ...]]:
    """{table: (its sealed columns)}, in the models' order."""
    from console.models import Base

    found: dict[str, tuple[str, ...]] = {}
    for table in Base.metadata.sorted_tables:
        columns = tuple(column.name for column in table.columns if isinstance(column.type, SealedText))
        if columns:
            found[table.name] = columns
    return found


@dataclass(frozen=True, slots=True)
class Census:
    """Non-empty values of the sealed columns: how many are sealed, how many in clear, and with which keys."""

    sealed: int
    clear: int
    key_ids: frozenset[str]


def census(conn: Connection) -> Census:
    """One pass over each table with sealed columns (PostgreSQL)."""
    quote = conn.dialect.identifier_preparer.quote
    sealed = clear = 0
    key_ids: set[str] = set()
    for table, columns in sealed_columns().items():
        parts = []
        for name in map(quote, columns):
            key_id = f"substr({name}, {len(PREFIX) + 1}, {KEY_ID_CHARS})"
            parts += [f"count(*) FILTER (WHERE {name} LIKE :sealed)",
                      f"count(*) FILTER (WHERE {name} <> '' AND {name} NOT LIKE :sealed)",
                      f"array_agg(DISTINCT {key_id}) FILTER (WHERE {name} LIKE :sealed)"]
        row = conn.execute(text(f"SELECT {', '.join(parts)} FROM {quote(table)}"), {"sealed": PREFIX + "%"}).one()
        for i in range(0, len(row), 3):
            sealed, clear = sealed + row[i], clear + row[i + 1]
            key_ids.update(row[i + 2] or ())
    return Census(sealed, clear, frozenset(key_ids))


def field_encryption_line(db: Database) -> tuple[str, bool, str]:
    """self-check's "field encryption" line for a PostgreSQL database: what is
    true of the values stored, not only of the settings."""
    with db.engine.connect() as conn:
        found = census(conn)
    ok, detail = _judge(found, db.field_key)
    return "field encryption", ok, detail


def _judge(found: Census, key) -> tuple[bool, str]:
    others = ", ".join(sorted(found.key_ids - ({key.key_id} if key is not None else set())))
    counts = f"{found.sealed} values sealed, {found.clear} in clear"
    if key is None and found.sealed:
        return False, (f"{counts} (key {others}), and this desk has no field key: set [security] field_key_file "
                       "(docs/encryption.md)")
    if key is None:
        return True, ("off: callers' names, phones and narratives are stored in clear on the server; set "
                      "[security] field_key_file and encrypt_fields (docs/encryption.md)")
    if others:
        return False, (f"{counts}; some are sealed with field key {others}, not this desk's key {key.key_id}: "
                       "the desks' key files differ")
    if not key.sealing:
        return True, (f"key {key.key_id} opens sealed values, but new ones are written in clear "
                      f"([security] encrypt_fields = false); {counts}")
    left = ": run `hotline-console db encrypt-fields` to seal the rest" if found.clear else ""
    return True, f"on: fields sealed with key {key.key_id} (AES-256-GCM); {counts}{left}"
