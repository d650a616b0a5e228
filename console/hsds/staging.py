"""The scratch database an import stages rows in.

Every row read is written to a private SQLite file in a temporary folder
(removed afterwards, even on failure): checked rows with their values,
rejected ones with just their id, each with the place it came from. The
checks that need the whole file (duplicated ids, references, what a
rejected row takes with it) are then queries, so memory stays flat however
large the package; nothing touches the directory until they pass.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Self

from console.hsds.spec import TableSpec

BATCH = 500  # rows a round trip to the directory (well under bound-parameter limits)


def _name(table: str) -> str:
    return f'"s_{table}"'


class Stage:
    def __init__(self, directory: Path | None = None):
        self._dir = tempfile.mkdtemp(prefix="hotline-hsds-", dir=directory)
        self.conn = sqlite3.connect(str(Path(self._dir) / "stage.sqlite3"), isolation_level=None)
        for pragma in ("journal_mode = OFF", "synchronous = OFF", "temp_store = FILE", "cache_size = -16000"):
            self.conn.execute(f"PRAGMA {pragma}")
        self.conn.execute("CREATE TABLE missing (tbl TEXT, id TEXT, PRIMARY KEY (tbl, id)) WITHOUT ROWID")
        self.conn.execute("CREATE TABLE touched (entity TEXT, id TEXT, PRIMARY KEY (entity, id)) WITHOUT ROWID")
        self.files: dict[str, str] = {}  # table -> the file (or JSON file) its rows came from
        self.present: dict[str, tuple[str, ...]] = {}  # table -> the columns the source gave
        self.specs: dict[str, TableSpec] = {}
        self.fresh_services = False  # the directory had no services before this import

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()
        shutil.rmtree(self._dir, ignore_errors=True)

    # -- loading --------------------------------------------------------------

    def create(self, table: TableSpec, file: str, present: Sequence[str]) -> None:
        """A table for the rows of ``table`` with the ``present`` columns (in table order)."""
        self.present[table.name] = tuple(c for c in table.column_names if c in present)
        columns = ", ".join(f'"{c}"' for c in self.present[table.name])
        self.conn.execute(f"CREATE TABLE {_name(table.name)} (_n INTEGER PRIMARY KEY, _row, _rejected, {columns})")
        self.files[table.name] = file
        self.specs[table.name] = table

    def add(self, table: str, rows: list[tuple]) -> None:
        """Rows as (place, rejected, *values in column order)."""
        if rows:
            marks = ", ".join("?" * len(rows[0]))
            self.conn.execute("BEGIN")
            self.conn.executemany(f"INSERT INTO {_name(table)} VALUES (NULL, {marks})", rows)
            self.conn.execute("COMMIT")

    def indexed(self) -> None:
        """Indexes for the checks, made once every row is in (faster than as they come)."""
        for name, table in self.specs.items():
            refs = [c.name for c in table.refs] + (["link_id"] if name == "attribute" else [])
            for column in ("id", *(c for c in refs if c in self.present[name])):
                self.conn.execute(f'CREATE INDEX "ix_{name}_{column}" ON {_name(name)} ("{column}")')
        self.conn.execute("ANALYZE")

    # -- reading --------------------------------------------------------------

    def tables(self) -> list[str]:
        return list(self.specs)

    def query(self, sql: str, params: Sequence = ()) -> list[tuple]:
        return self.conn.execute(sql, params).fetchall()

    def count(self, table: str, rejected: bool) -> int:
        return self.conn.execute(f"SELECT count(*) FROM {_name(table)} WHERE _rejected = ?", (int(rejected),)).fetchone()[0]

    def rows(self, table: str, columns: Sequence[str]) -> Iterator[list[dict]]:
        """Batches of the table's accepted rows, by id, typed as the directory stores them."""
        spec = self.specs[table]
        kinds = {c.name: c.kind for c in spec.columns}
        dates = [c for c in columns if kinds[c] == "date"]
        bools = [c for c in columns if kinds[c] == "bool"]
        names = ", ".join(f'"{c}"' for c in columns)
        cursor = self.conn.execute(f"SELECT {names} FROM {_name(table)} WHERE _rejected = 0 ORDER BY id")
        while batch := cursor.fetchmany(BATCH):
            rows = [dict(zip(columns, row)) for row in batch]
            for row in rows:
                for c in dates:
                    if row[c] is not None:
                        row[c] = date.fromisoformat(row[c])
                for c in bools:
                    row[c] = bool(row[c])
            yield rows

    def raw_rows(self, table: str) -> Iterator[list[tuple]]:
        """Batches of the accepted rows as tuples of the present columns, as the driver takes them
        (dates as ISO text, flags as booleans), in the order of the file (usually that of the ids)."""
        present = self.present[table]
        kinds = {c.name: c.kind for c in self.specs[table].columns}
        bools = [i for i, c in enumerate(present) if kinds[c] == "bool"]
        names = ", ".join(f'"{c}"' for c in present)
        cursor = self.conn.execute(f"SELECT {names} FROM {_name(table)} WHERE _rejected = 0 ORDER BY _n")
        while batch := cursor.fetchmany(BATCH * 4):
            if bools:
                batch = [tuple(bool(v) if i in bools and v is not None else v for i, v in enumerate(row))
                         for row in batch]
            yield batch

    def ids(self, sql: str, params: Sequence = (), size: int = BATCH) -> Iterator[list[str]]:
        """Batches of the first column of a query."""
        cursor = self.conn.execute(sql, params)
        while batch := cursor.fetchmany(size):
            yield [row[0] for row in batch]

    # -- bookkeeping ----------------------------------------------------------

    def touch(self, pairs: list[tuple[str, str]]) -> None:
        """Remember (entity, id) pairs whose change reaches the search index."""
        if pairs:
            self.conn.executemany("INSERT OR IGNORE INTO touched VALUES (?, ?)", pairs)


def table_sql(table: str) -> str:
    return _name(table)
