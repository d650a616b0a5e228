"""``hotline-console db encrypt-fields``: seal in place what is still in clear.

With field encryption on, a value is sealed when it is written; rows
written before stay in clear until this runs. Each table with sealed
columns is walked by id in batches; each batch is one transaction that locks
its rows (``FOR UPDATE``: a desk saving one of them waits a moment instead of
having its edit overwritten), seals the values still in clear, fills the
contacts' phone hashes, and commits. Values already sealed with this key
are left as they are, so a second run changes nothing and a run cut short
is simply run again. The rows are written through plain table constructs,
not the models: a contact's version and ``updated_at`` stay as they were
(its content did not change), so no desk's open contact turns stale. Each
batch that changed rows writes an ``encrypt`` audit event in its own
transaction: the table, the columns sealed, how many rows, the key's id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import bindparam, column, select, table, update
from sqlalchemy.orm import Session

from console.audit.actions import AuditAction
from console.db import Database
from console.errors import DatabaseProblem
from console.field_crypto.census import sealed_columns
from console.field_crypto.cipher import PREFIX, FieldKey, SealedValueError, key_id_of
from console.field_crypto.phones import phone_hash

DEFAULT_BATCH = 500
_HASH = "caller_phone_hash"


@dataclass(slots=True)
class SealingReport:
    key_id: str
    rows: dict[str, int] = field(default_factory=dict)  # rows changed, by table
    values: int = 0  # values sealed
    hashes: int = 0  # phone hashes written or corrected
    batches: int = 0


def seal_existing(db: Database, batch_size: int = DEFAULT_BATCH,
                  progress: Callable[[str, int], None] | None = None, *,
                  username: str = "(command line)") -> SealingReport:
    """Seal every value still in clear; ``progress(table, rows checked)`` after each batch.
    ``username``: who ran it, for the audit trail."""
    key = db.field_key
    where = db.target.describe()
    if db.engine.dialect.name != "postgresql":
        raise DatabaseProblem(where, "Field encryption is for a shared PostgreSQL database; nothing was changed.",
                              "The embedded database is encrypted whole: `hotline-console db encrypt --user NAME`.")
    if key is None or not key.sealing:
        raise DatabaseProblem(where, "Field encryption is not on for this desk; nothing was changed.",
                              "Set [security] encrypt_fields = true and field_key_file (the site's key) on every "
                              "desk first (docs/encryption.md), then run this again.")
    report = SealingReport(key.key_id)
    try:
        for name, columns in sealed_columns().items():
            report.rows[name] = _seal_table(db, key, name, columns, batch_size, report, progress, username)
    except _Stopped as stop:
        raise DatabaseProblem(where, f"Stopped: {stop}. The batches before it were sealed and kept.",
                              "Give this desk the site's field key file, or restore the damaged value from a "
                              "backup; then run this again (it skips what is sealed already).") from None
    return report


class _Stopped(Exception):
    """A value this desk's key cannot open or does not own: the run stops there."""


def _seal_table(db: Database, key: FieldKey, name: str, columns: tuple[str, ...], batch_size: int,
                report: SealingReport, progress, username: str) -> int:
    hashed = name == "contacts"
    written = (*columns, _HASH) if hashed else columns
    rows_table = table(name, column("id"), *(column(c) for c in written))
    read = (select(rows_table).where(rows_table.c.id > bindparam("after")).order_by(rows_table.c.id)
            .limit(batch_size).with_for_update())
    write = (update(rows_table).where(rows_table.c.id == bindparam("row_id"))
             .values({c: bindparam(f"new_{c}") for c in written}))
    after, checked, changed = 0, 0, 0
    while True:
        with db.engine.begin() as conn:  # one batch, one transaction
            rows = conn.execute(read, {"after": after}).mappings().all()
            if not rows:
                return changed
            touched: set[str] = set()
            updates = [u for u in (_sealed_row(key, name, columns, row, hashed, report, touched) for row in rows)
                       if u]
            if updates:
                conn.execute(write, updates)
                with Session(bind=conn) as session:  # the batch's own transaction: no change without its event
                    db.audit.record(session, action=AuditAction.ENCRYPT, user_id=None, username=username,
                                    record_type=name, fields=touched,
                                    note=f"{len(updates)} rows sealed with field key {key.key_id}")
        report.batches += 1
        changed += len(updates)
        after, checked = rows[-1]["id"], checked + len(rows)
        if progress is not None:
            progress(name, checked)


def _sealed_row(key: FieldKey, name: str, columns: tuple[str, ...], row, hashed: bool,
                report: SealingReport, touched: set[str]) -> dict | None:
    """The row's new values ({"row_id", "new_<column>"...}), or None when it is sealed already;
    the columns it changes are added to ``touched``."""
    new = {c: row[c] for c in columns}
    for c in columns:
        value = row[c]
        if not value:
            continue
        if value.startswith(PREFIX):
            if key_id_of(value) != key.key_id:
                raise _Stopped(f"{name} #{row['id']}: its {c} is sealed with field key {key_id_of(value)}, not "
                               f"this desk's key {key.key_id}")
            continue
        new[c] = key.seal(value, f"{name}.{c}")
        report.values += 1
        touched.add(c)
    changed = new != {c: row[c] for c in columns}
    if hashed:
        wanted = phone_hash(_opened(key, name, row, "caller_safe_phone"), key)
        new[_HASH] = wanted
        if wanted != row[_HASH]:
            report.hashes += 1
            touched.add(_HASH)
            changed = True
    if not changed:
        return None
    return {"row_id": row["id"], **{f"new_{c}": v for c, v in new.items()}}


def _opened(key: FieldKey, name: str, row, c: str) -> str | None:
    value = row[c]
    if not value or not value.startswith(PREFIX):
        return value
    try:
        return key.open(value, f"{name}.{c}")
    except SealedValueError as exc:
        raise _Stopped(f"{name} #{row['id']}: {exc}") from None

