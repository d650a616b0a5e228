"""Importing an HSDS 3.0 directory: a CSV data package (folder or .zip) or
HSDS JSON (services with everything nested).

Two passes. The first reads the source once, checks each row and stages it
in a scratch database (``staging``); then the checks that need every row
run there (``links``). The directory is not touched until this pass is
over. The second pass is one transaction: references to records outside
the package are looked up, and if nothing is fatal the rows are added or
updated (``writer``) and the touched services' search rows rebuilt
(``reindex``). Any fatal problem, any database error, rolls it all back:
an aborted import changes nothing. ``dry_run`` does both passes in a read
transaction and writes nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from console.audit import Actor, AuditAction
from console.db import Database, explain_dbapi_error
from console.hsds import links, reader_json, spec
from console.hsds.problems import Report, Severity
from console.hsds.reader_csv import CsvFile, resources
from console.hsds.reindex import reindex
from console.hsds.source import (
    DEFAULT_LIMITS,
    Limits,
    Package,
    SourceError,
    kind_of,
    open_package,
)
from console.hsds.staging import Stage
from console.hsds.validate import RowChecker, RowRejected, plain
from console.hsds.writer import write

STAGE_ROWS = 5000  # rows staged a statement


class _Aborted(Exception):
    """Raised inside the transaction to roll it back."""


class ImportCancelled(Exception):
    """Raised by a ``progress`` callback to stop the import: nothing is changed."""


# progress(step, STEPS, what): called at each step, every STAGE_ROWS rows read
# and every CHUNK services of the search index rebuilt; it may raise
# ImportCancelled (a cancel takes effect at the next call).
Progress = Callable[[int, int, str], None]
Trail = Callable[[Session, list[str]], None]  # (the import's session, the tables it added to or changed)
STEPS = 4  # reading, checking references, writing, the search index


def _quiet(step: int, steps: int, what: str) -> None:
    pass


def import_directory(db: Database, path: Path | str, *, dry_run: bool = False, limits: Limits = DEFAULT_LIMITS,
                     scratch: Path | None = None, progress: Progress | None = None, actor: Actor | None = None,
                     trail: Trail | None = None) -> Report:
    """Import ``path`` into the directory; the report says what happened (``aborted``: nothing changed).
    A real import is in the audit trail, in its own transaction, as done by ``actor``; ``trail(session,
    tables)`` runs in the import's transaction when it changed some tables (their names)."""
    path = Path(path)
    report = Report(str(path), dry_run=dry_run, max_listed=limits.max_problems)
    progress = progress or _quiet
    cancelled = False
    try:
        kind = kind_of(path)
        progress(0, STEPS, f"Reading {path.name}")
        with Stage(scratch) as stage:
            if kind == "json":
                _stage_json(path, stage, report, limits, progress)
            else:
                with open_package(path, limits) as package:
                    _stage_package(package, stage, report, limits, progress)
            if not report.has_fatal:
                progress(1, STEPS, "Checking references")
                stage.indexed()
                links.check_package(stage, report)
                for name in stage.tables():
                    report.table(name).rejected = stage.count(name, rejected=True)
            if not report.has_fatal:
                _apply(db, stage, report, dry_run, progress, actor or Actor(None, "(no user)"), trail)
        progress(STEPS, STEPS, "Done")
    except ImportCancelled:
        cancelled = True
        report.info(str(path), "cancelled; nothing was changed")
    except SourceError as exc:
        report.fatal(exc.file, exc.message, row=exc.row)
    except OSError as exc:
        report.fatal(str(path), f"cannot be read ({exc.strerror or exc})")
    except sqlite3.Error as exc:  # the scratch file (the directory's own errors come as DBAPIError)
        report.fatal(str(path), f"the import's scratch file in the temporary folder failed ({exc}); is that "
                                "disk full?")
    report.aborted = report.has_fatal or cancelled
    if report.aborted:  # nothing was written, whatever was counted on the way
        for counts in report.tables.values():
            counts.added = counts.updated = counts.unchanged = 0
    return report


def _apply(db: Database, stage: Stage, report: Report, dry_run: bool, progress: Progress, actor: Actor,
           trail: Trail | None = None) -> None:
    try:
        with (db.read() if dry_run else db.write()) as session:  # ImportCancelled rolls it back
            links.check_directory(session, stage, report)
            if report.has_fatal:
                raise _Aborted
            progress(2, STEPS, "Comparing with the directory" if dry_run else "Writing the directory")
            write(session, stage, report, dry_run)
            if not dry_run:
                progress(3, STEPS, "Rebuilding the search index")
                reindex(session, stage, lambda done, total: progress(
                    3, STEPS, f"Rebuilding the search index: {done:,} of {total:,} services"))
                changed = [name for name, counts in report.tables.items() if counts.added or counts.updated]
                if changed:  # as the directory's own trail: an import that changed nothing leaves no mark
                    db.audit.record(session, action=AuditAction.IMPORT, user_id=actor.user_id,
                                    username=actor.username, record_type="directory", fields=changed,
                                    note="HSDS import")
                    if trail is not None:  # the directory's own trail row: committed with the import or not at all
                        trail(session, changed)
                progress(3, STEPS, "Saving")
    except _Aborted:
        pass
    except IntegrityError as exc:
        report.fatal(report.source, f"the directory refused the rows ({exc.orig}); nothing was changed")
    except DBAPIError as exc:
        if exc.connection_invalidated:
            raise explain_dbapi_error(db.target, exc) from None
        report.fatal(report.source, f"the database failed during the import ({exc.orig}); nothing was changed")


def _stage_package(package: Package, stage: Stage, report: Report, limits: Limits, progress: Progress) -> None:
    for resource in resources(package, report):
        table, file = resource.table, resource.path
        try:
            with package.open(file) as raw:
                reader = CsvFile(raw, file, limits)
                header = reader.header
                if header is None:
                    if table.name in spec.REQUIRED_TABLES:
                        report.fatal(file, f"is empty; the {table.name} table needs a header row and rows")
                    else:
                        report.info(file, "is empty; nothing to import")
                    continue
                if not _header_ok(table, header, file, report):
                    continue
                stage.create(table, file, header)
                _stage_rows(stage, table, file, header, _csv_records(reader, header), report, limits, progress, True)
        except SourceError as exc:  # this file is unusable; read the others to report them too
            report.fatal(exc.file, exc.message, row=exc.row)


def _header_ok(table: spec.TableSpec, header: list[str], file: str, report: Report) -> bool:
    fields = set(table.field_names)
    for name in header:
        if name not in fields and name != spec.CONFIDENTIAL:
            report.info(file, f"column {name!r} is not part of HSDS table {table.name!r}; ignored", row=1)
    unkept = [name for name in header if name in fields and name not in table.column_names]
    if unkept:
        report.info(file, f"columns not kept by the console, ignored: {', '.join(unkept)}", row=1)
    missing = [name for name in table.required if name not in header]
    for name in missing:
        report.fatal(file, f"has no {name!r} column; HSDS requires it", row=1, field_name=name)
    return not missing


def _csv_records(reader: CsvFile, header: list[str]) -> Iterator[tuple[int, Sequence | str]]:
    width = len(header)
    for row, cells in reader.rows():
        yield row, (cells if len(cells) == width else f"has {len(cells)} cells; the header has {width}")


def _stage_json(path: Path, stage: Stage, report: Report, limits: Limits, progress: Progress) -> None:
    flat = reader_json.Flattener(path.name, report)
    flat.run(reader_json.services_of(reader_json.load(path, limits), path.name))
    if report.has_fatal:
        return
    for table in spec.modeled():
        rows = flat.rows[table.name]
        if table.name in spec.REQUIRED_TABLES and not rows:
            report.fatal(path.name, f"holds no {table.name} records")
        if rows:
            header = sorted(flat.keys[table.name] | set(table.required))  # a missing one rejects its row
            stage.create(table, path.name, header)
            records = ((place, values if isinstance(values, str) else [values.get(c) for c in header])
                       for place, values in rows)
            _stage_rows(stage, table, path.name, header, records, report, limits, progress)


def _stage_rows(stage: Stage, table: spec.TableSpec, file: str, header: Sequence[str],
                records: Iterable[tuple[int | str, Sequence | str]], report: Report, limits: Limits,
                progress: Progress, text_only: bool = False) -> None:
    """Check each record (cells in ``header`` order, or why it is unusable) and stage it.
    ``text_only``: the cells are all strings (CSV), which the checker reads faster."""
    checker = RowChecker(table, header, limits)
    id_at = list(header).index("id")
    rejected_tail = (None,) * (len(checker.columns) - 1)
    buffer: list[tuple] = []
    read = 0
    progress(0, STEPS, f"Reading {file}")
    for place, cells in records:
        try:
            if isinstance(cells, str):
                raise RowRejected([(None, cells)])
            buffer.append((place, 0, *checker.check(cells, text_only)))
        except RowRejected as exc:
            for field, message in exc.reasons:
                report.add(Severity.REJECTED, file, place, field, message)
            buffer.append((place, 1, _raw_id(cells, id_at), *rejected_tail))
        if len(buffer) >= STAGE_ROWS:
            stage.add(table.name, buffer)
            read += len(buffer)
            buffer.clear()
            progress(0, STEPS, f"Reading {file}: {read:,} rows")
    stage.add(table.name, buffer)


def _raw_id(cells: Sequence | str, id_at: int) -> str | None:
    """A rejected row's id as written, kept so that duplicates and its dependants are found."""
    try:
        return plain(cells[id_at]) if not isinstance(cells, str) and id_at < len(cells) else None
    except TypeError:
        return None
