"""``hotline-console directory import|export``: the referral directory in and
out as Open Referral HSDS 3.0, for IT and directory staff.

Exit 0 when the import or export is done (rows left out are listed, not a
failure); exit 1 when an import is aborted (nothing changed) or a path
cannot be read or written. Every failure is a message, never a traceback.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TextIO

from sqlalchemy.exc import DBAPIError

from console.audit import Actor
from console.db import Database, explain_dbapi_error
from console.errors import ConsoleError
from console.hsds.problems import Report, Severity
from console.hsds.source import DEFAULT_LIMITS as _DEFAULTS
from console.hsds.source import MB, Limits

EXIT_OK, EXIT_FAILED = 0, 1
_HEADINGS = {
    Severity.FATAL: "would corrupt the directory",
    Severity.REJECTED: "rows left out",
    Severity.INFO: "notes",
}


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("give a number above 0")
    return value


def _field_chars(text: str) -> int:
    value = _positive(text)
    if value > 131_072:
        raise argparse.ArgumentTypeError("at most 131072 (the CSV reader's own limit)")
    return value


def add_parser(sub, add_common: Callable[..., None]) -> None:
    """Register ``directory`` and its actions on the main parser's subparsers."""
    cmd = sub.add_parser("directory", help="import or export the referral directory (Open Referral HSDS 3.0)")
    add_common(cmd, top=False)
    actions = cmd.add_subparsers(dest="directory_action", metavar="ACTION", required=True)
    imp = actions.add_parser(
        "import", help="import an HSDS CSV package (folder or .zip) or HSDS JSON; updates records by id")
    add_common(imp, top=False)
    imp.add_argument("path", metavar="PATH", help="folder or .zip with datapackage.json, or a .json file")
    imp.add_argument("--dry-run", action="store_true", help="check and report what would change; change nothing")
    imp.add_argument("--max-file-mb", type=_positive, default=_DEFAULTS.max_file_bytes // MB, metavar="MB",
                     help=f"refuse a CSV file or zip member larger than this (default {_DEFAULTS.max_file_bytes // MB})")
    imp.add_argument("--max-field-chars", type=_field_chars, default=_DEFAULTS.max_field_chars, metavar="N",
                     help=f"reject a row with a longer cell (default {_DEFAULTS.max_field_chars})")
    exp = actions.add_parser("export", help="export the directory as an HSDS 3.0 CSV package (folder, or .zip)")
    add_common(exp, top=False)
    exp.add_argument("path", metavar="PATH", help="a new folder, or a file name ending in .zip")
    exp.add_argument("--include-confidential", action="store_true",
                     help="keep confidential addresses, phones and people's emails (with a 'confidential' column); "
                          "not for sharing")


def run(db_opener: Callable[[], Database], args: argparse.Namespace, out: TextIO, err: TextIO,
        actor: Actor | None = None) -> int:
    """Run the action on the database ``db_opener()`` opens (and migrates); ``actor``: who, for the audit trail."""
    db = db_opener()
    try:
        return _run(db, args, out, err, actor)
    except DBAPIError as exc:  # the database went away mid-way: explained by the caller, like any other
        raise explain_dbapi_error(db.target, exc) from None
    except (ConsoleError, KeyboardInterrupt):
        raise
    except Exception as exc:  # noqa: BLE001 (a bug; still a message, and the transaction was rolled back)
        err.write(f"hotline-console directory {args.directory_action}: failed unexpectedly "
                  f"({type(exc).__name__}: {exc}); nothing was changed. Please report this.\n")
        return EXIT_FAILED
    finally:
        db.dispose()


def _run(db: Database, args: argparse.Namespace, out: TextIO, err: TextIO, actor: Actor | None) -> int:
    from console.hsds.exporter import ExportRefused, export_directory
    from console.hsds.importer import import_directory

    if args.directory_action == "import":
        limits = Limits(max_file_bytes=args.max_file_mb * MB, max_field_chars=args.max_field_chars)
        report = import_directory(db, args.path, dry_run=args.dry_run, limits=limits, actor=actor)
        write_import_report(report, out if not report.aborted else err)
        return EXIT_FAILED if report.aborted else EXIT_OK
    try:
        report = export_directory(db, args.path, include_confidential=args.include_confidential, actor=actor)
    except ExportRefused as exc:
        err.write(f"hotline-console directory export: {exc.message}\n")
        return EXIT_FAILED
    except OSError as exc:
        err.write(f"hotline-console directory export: {args.path} cannot be written "
                  f"({exc.strerror or exc}); nothing was left behind\n")
        return EXIT_FAILED
    write_export_report(report, out)
    return EXIT_OK


def write_import_report(report: Report, out: TextIO) -> None:
    if report.aborted:
        out.write(f"Import of {report.source} ABORTED: nothing was changed.\n")
    elif report.dry_run:
        out.write(f"Dry run of {report.source}: nothing was changed. The import would do this:\n")
    else:
        out.write(f"Imported {report.source}:\n")
    if report.tables:
        _table(report, out, ("added", "updated", "unchanged", "rejected"))
    rows = sum(counts.rejected for counts in report.tables.values())
    for severity in (Severity.FATAL, Severity.REJECTED, Severity.INFO):
        listed = report.problems_of(severity)
        if report.counts[severity]:
            count = rows if severity is Severity.REJECTED and rows else report.counts[severity]
            out.write(f"{_HEADINGS[severity]} ({count:,}):\n")
            out.writelines(f"  {problem}\n" for problem in listed)
            if len(listed) < report.counts[severity]:
                out.write(f"  ... and {report.counts[severity] - len(listed):,} more\n")
    if report.aborted:
        out.write("Fix the problems above in the source and import again.\n")


def write_export_report(report: Report, out: TextIO) -> None:
    out.write(f"Exported the directory to {report.source} (HSDS 3.0 CSV package):\n")
    out.writelines(f"  {name:<22}{counts.added:>10,} rows\n" for name, counts in report.tables.items())
    out.writelines(f"  {problem.message}\n" for problem in report.problems)


def _table(report: Report, out: TextIO, columns: tuple[str, ...]) -> None:
    out.write(f"  {'table':<22}" + "".join(f"{c:>11}" for c in columns) + "\n")
    out.writelines(f"  {name:<22}" + "".join(f"{getattr(counts, c):>11,}" for c in columns) + "\n" for name, counts in report.tables.items())
