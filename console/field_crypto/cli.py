"""``hotline-console db encrypt-fields`` and ``db make-field-key PATH``, for IT.

Both are actions of the ``db`` command (``console.encryption.command``).
Failures are messages and exit code 1, never tracebacks (``console.cli``).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from console.exit_codes import EXIT_OK

ACTIONS = ("encrypt-fields", "make-field-key")


def _batch(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 10 <= value <= 10_000:
        raise argparse.ArgumentTypeError("choose between 10 and 10000 rows")
    return value


def add_parsers(actions, add_common: Callable[..., None]) -> None:
    seal = actions.add_parser("encrypt-fields", help="seal the callers' details a shared PostgreSQL database still "
                                                      "holds in clear, in batches (docs/encryption.md)")
    add_common(seal, top=False)
    seal.add_argument("--batch-size", type=_batch, default=500, metavar="N",
                      help="rows per transaction, 10 to 10000 (default 500)")
    make_key = actions.add_parser("make-field-key", help="write a new field key file (mode 0600; never overwrites)")
    add_common(make_key, top=False)
    make_key.add_argument("path", type=Path, metavar="PATH", help="the new key file")


def run(settings, args: argparse.Namespace, out: TextIO) -> int:
    if args.db_action == "make-field-key":
        from console.field_crypto.keys import make_field_key_file

        path = make_field_key_file(args.path)
        out.write(f"new field key written to {path} (mode 0600). Copy it to every desk that shares the "
                  "database (readable only by the console's users), set [security] field_key_file to it and "
                  "encrypt_fields = true, and keep a copy apart from the database's backups: without it the "
                  "sealed details cannot be read.\n")
        return EXIT_OK
    return _encrypt_fields(settings, args, out)


def _encrypt_fields(settings, args: argparse.Namespace, out: TextIO) -> int:
    from console.cli import open_database
    from console.errors import DatabaseProblem
    from console.field_crypto.sealing import seal_existing

    where = settings.database.describe()
    if settings.database.is_sqlite:
        raise DatabaseProblem(where, "Field encryption is for a shared PostgreSQL database; nothing was changed.",
                              "The embedded database is encrypted whole: `hotline-console db encrypt --user NAME`.")
    db = open_database(settings)
    try:
        report = seal_existing(db, args.batch_size, username=settings.username)
    finally:
        db.dispose()
    changed = sum(report.rows.values())
    if not changed:
        out.write(f"{where}: nothing to do; every caller's detail is sealed with field key {report.key_id}\n")
        return EXIT_OK
    tables = ", ".join(f"{name} {rows}" for name, rows in report.rows.items() if rows)
    out.write(f"{where}: sealed {report.values} values in {changed} rows ({tables}); {report.hashes} phone hashes "
              f"filled; {report.batches} batches. Every caller's detail is now sealed with field key "
              f"{report.key_id}.\n")
    return EXIT_OK
