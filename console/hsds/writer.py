"""Writing staged rows into the directory, matched by HSDS id.

Table by table, parents first, a batch of ids at a time: a row the
directory lacks is added, one that differs is updated in place, the rest
are counted unchanged. Only the columns the source gave are compared and
written: a package without the ``confidential`` column leaves the flags
already set in the directory as they are. Nothing is ever deleted.

References within a table (an organization's parent, a term's parent) are
written in a second round, once every row of the table exists, so the
order of rows in a file never matters. Changes that reach a service's
search row are noted in the stage for ``reindex``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from console.hsds.problems import Report
from console.hsds.staging import Stage
from console.models import Service

PARAMETERS = 900  # bound values a statement (SQLite's old limit is 999)


def write(session: Session, stage: Stage, report: Report, dry_run: bool) -> None:
    # Into a directory without services, every service imported is new: the
    # search rows to build are theirs, and nothing else needs noting.
    stage.fresh_services = session.execute(select(Service.id).limit(1)).first() is None
    for name in stage.tables():
        _write_table(session, stage, name, report, dry_run)


def _write_table(session: Session, stage: Stage, name: str, report: Report, dry_run: bool) -> None:
    table = stage.specs[name].table
    present = stage.present[name]
    inner = [c.name for c in stage.specs[name].refs if c.refers_to == name and c.name in present]
    compared = [c for c in present if c != "id"]
    written = [c for c in compared if c not in inner]
    counts = report.table(name)
    add = _Inserter(session, table, present, inner)
    new_table = session.execute(select(table.c.id).limit(1)).first() is None
    if new_table:  # all rows are added
        for batch in stage.raw_rows(name):
            counts.added += len(batch)
            if not dry_run:
                add(batch)
        if not stage.fresh_services:
            for batch in stage.rows(name, present):
                stage.touch(_touched(name, batch, []))
    else:
        change = update(table).where(table.c.id == bindparam("id_")).values({c: bindparam(c) for c in written})
        for batch in stage.rows(name, present):
            existing = {
                row.id: row._mapping for row in session.execute(
                    select(*(table.c[c] for c in present)).where(table.c.id.in_([r["id"] for r in batch])))
            }
            added, changed = [], []
            for row in batch:
                old = existing.get(row["id"])
                if old is None:
                    added.append(row)
                elif any(old[c] != row[c] for c in compared):
                    changed.append((row, old))
            counts.added += len(added)
            counts.updated += len(changed)
            counts.unchanged += len(batch) - len(added) - len(changed)
            if not stage.fresh_services:
                stage.touch(_touched(name, added, changed))
            if dry_run:
                continue
            if added:
                add([tuple(_raw(row[c]) for c in present) for row in added])
            if changed and written:
                session.execute(change, [{"id_": row["id"], **{c: row[c] for c in written}} for row, _ in changed])
    if inner and not dry_run:
        _write_inner(session, stage, name, inner, new_table)


class _Inserter:
    """Multi-row INSERTs straight to the driver: SQLAlchemy's per-row work
    doubled an import's time, one statement a row cost a third more. Rows
    are tuples in ``columns`` order; the ``inner`` columns are written as
    NULL first (see ``_write_inner``)."""

    def __init__(self, session: Session, table, columns: Sequence[str], inner: Sequence[str]):
        self._conn = session.connection()
        quote = self._conn.dialect.identifier_preparer.quote
        mark = "?" if self._conn.dialect.paramstyle == "qmark" else "%s"
        defaults = {c.name: c.default.arg for c in table.columns  # what the model fills in for columns not given
                    if c.name not in columns and c.default is not None and c.default.is_scalar}
        names = [*columns, *defaults]
        self._per = max(1, PARAMETERS // len(names))
        self._head = f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in names)}) VALUES "
        self._row = "(" + ", ".join([mark] * len(names)) + ")"
        self._blank = [i for i, c in enumerate(columns) if c in inner]
        self._tail = tuple(defaults.values())

    def __call__(self, rows: list[tuple]) -> None:
        if self._blank:
            rows = [tuple(None if i in self._blank else v for i, v in enumerate(row)) for row in rows]
        for start in range(0, len(rows), self._per):
            batch = rows[start:start + self._per]
            params = [value for row in batch for value in (*row, *self._tail)]
            self._conn.exec_driver_sql(self._head + ", ".join([self._row] * len(batch)), tuple(params))


def _raw(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def _write_inner(session: Session, stage: Stage, name: str, inner: list[str], new_table: bool) -> None:
    """Set references within the table now that every row exists (in a new
    table, only the rows that have one: the others were written empty)."""
    table = stage.specs[name].table
    for column in inner:
        change = update(table).where(table.c.id == bindparam("id_")).values({column: bindparam("value")})
        for batch in stage.rows(name, ["id", column]):
            batch = [row for row in batch if row[column] is not None] if new_table else batch
            if not batch:
                continue
            now = dict(session.execute(
                select(table.c.id, table.c[column]).where(table.c.id.in_([r["id"] for r in batch]))
            ).all())
            fixes = [{"id_": r["id"], "value": r[column]} for r in batch if now.get(r["id"]) != r[column]]
            if fixes:
                session.execute(change, fixes)


# What a row's change reaches in the search rows: (column, entity) pairs;
# ``reindex`` turns entities into the services whose rows it rebuilds.
REACHES = {
    "organization": (("id", "organization"),),
    "location": (("id", "location"), ("organization_id", "organization")),
    "address": (("location_id", "location"),),
    "service": (("id", "service"),),
    "service_at_location": (("service_id", "service"),),
    "schedule": (("service_id", "service"), ("location_id", "location"), ("service_at_location_id", "sal")),
    "language": (("service_id", "service"), ("location_id", "location")),
    "attribute": (("link_id", "service"),),
    "taxonomy_term": (("id", "term"),),
    "taxonomy": (("id", "taxonomy"),),
}


def _touched(name: str, added: list[dict], changed: list[tuple[dict, object]]) -> list[tuple[str, str]]:
    """(entity, id) pairs whose services need their search rows rebuilt: the
    new and the old values, so a service that lost a location is rebuilt too."""
    rows = added + [row for row, _ in changed] + [old for _, old in changed]
    if name == "attribute":
        rows = [row for row in rows if row.get("link_entity", "service") == "service"]
    return list({(entity, row[column]) for column, entity in REACHES.get(name, ()) for row in rows
                 if row.get(column) is not None})
