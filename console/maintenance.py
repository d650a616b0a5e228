"""The commands IT runs on a desk: check it, migrate it, back it up, restore it.

Each takes the settings and the parsed arguments, writes plain lines (or one
JSON object for fleet tools) and returns an exit code; expected failures are
``ConsoleError`` and become a message in ``console.cli``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from console import __version__, backup, validation
from console.db import Database
from console.encryption.command import add_unlock_arguments, database_target
from console.errors import DatabaseProblem, SettingsError
from console.exit_codes import EXIT_FAILED, EXIT_OK
from console.schema import check, pending, upgrade
from console.settings import Settings


def add_parsers(sub, add_common) -> None:
    """The maintenance subcommands, on the main parser's subparsers."""
    cmd = sub.add_parser("self-check", help="open the database, apply migrations, check the schema")
    add_common(cmd, top=False)
    add_unlock_arguments(cmd)
    cmd.add_argument("--json", action="store_true", help="one JSON object on stdout, for fleet tools")
    cmd = sub.add_parser("migrate", help="apply pending database migrations (an embedded database is backed up first)")
    add_common(cmd, top=False)
    add_unlock_arguments(cmd)
    cmd.add_argument("--dry-run", action="store_true", help="list the migrations that would run; change nothing")
    cmd = sub.add_parser("backup", help="write a verified copy of the embedded database to PATH")
    add_common(cmd, top=False)
    add_unlock_arguments(cmd)
    cmd.add_argument("path", type=Path, metavar="PATH", help="the new backup file (never replaces a file)")
    cmd = sub.add_parser("restore", help="replace the embedded database by the backup at PATH")
    add_common(cmd, top=False)
    add_unlock_arguments(cmd)
    cmd.add_argument("path", type=Path, metavar="PATH", help="a backup written by `backup`")
    cmd.add_argument("--yes", action="store_true", help="do not ask for confirmation")


def self_check(settings: Settings, args: argparse.Namespace, out: TextIO) -> int:
    if getattr(args, "json", False):
        return _self_check_json(settings, out, args)
    out.write(f"settings: {', '.join(map(str, settings.files)) or 'built-in defaults'}\n")
    out.write(f"database: {settings.database.describe()}\n")
    migrations, results = _checked(settings, args)
    out.write(f"migrations: {migrations}\n")
    for name, ok, detail in results:
        out.write(f"{'ok  ' if ok else 'FAIL'} {name}: {detail}\n")
    failures = sum(not ok for _, ok, _ in results)
    out.write("self-check passed\n" if not failures else f"self-check FAILED ({failures} problems)\n")
    return EXIT_OK if not failures else EXIT_FAILED


def _checked(settings: Settings, args: argparse.Namespace) -> tuple[str, list[tuple[str, bool, str]]]:
    from console.field_crypto.keys import field_key

    db = Database(database_target(settings, args), field_key=field_key(settings))
    try:
        before, now = upgrade(db)
        done = "up to date" if before == now else f"upgraded {before or 'empty'} -> {now}"
        checks = [(item.name, item.ok, item.detail) for item in check(db)]
        return done, checks + validation.data_checks() + _encryption_lines(db)
    finally:
        db.dispose()


def _encryption_lines(db: Database) -> list[tuple[str, bool, str]]:
    """A plain embedded database that must be encrypted was refused before this;
    on PostgreSQL what the stored values say (``console.field_crypto.census``)."""
    if not db.target.is_sqlite:
        from console.field_crypto.census import field_encryption_line

        return [("encryption at rest", True, "the server's disk encryption; callers' details: see field encryption"),
                field_encryption_line(db)]
    return [("encryption at rest", True, ("encrypted (SQLCipher, key file beside it)" if db.target.key is not None
                                          else "not encrypted (docs/encryption.md)"))]


def _self_check_json(settings: Settings, out: TextIO, args: argparse.Namespace) -> int:
    report: dict[str, object] = {
        "version": __version__,
        "settings_files": [str(path) for path in settings.files],
        "database": settings.database.describe(),
    }
    try:
        report["migrations"], results = _checked(settings, args)
    except (DatabaseProblem, SettingsError) as exc:  # the fleet tool still gets JSON
        report.update(ok=False, error=str(exc), checks=[])
    else:
        report["checks"] = [{"name": name, "ok": ok, "detail": detail} for name, ok, detail in results]
        report["ok"] = all(ok for _, ok, _ in results)
    out.write(json.dumps(report, indent=2) + "\n")
    return EXIT_OK if report["ok"] else EXIT_FAILED


def migrate(settings: Settings, args: argparse.Namespace, out: TextIO) -> int:
    where = settings.database.describe()
    db = Database(database_target(settings, args))
    try:
        if getattr(args, "dry_run", False):
            steps = pending(db)
            if not steps:
                out.write(f"{where}: up to date; nothing would change\n")
            for revision, what in steps:
                out.write(f"would apply {revision}: {what}\n")
            if steps:
                out.write(f"{where}: dry run, nothing changed\n")
            return EXIT_OK
        before, now = upgrade(db)
    finally:
        db.dispose()
    out.write(f"{where}: " + (f"already at {now}" if before == now else f"{before or 'empty'} -> {now}") + "\n")
    taken = _newest_pre_upgrade_backup(settings, before) if before not in (None, now) else None
    if taken is not None:
        out.write(f"backup taken before the upgrade: {taken}\n")
    return EXIT_OK


def _newest_pre_upgrade_backup(settings: Settings, revision: str) -> Path | None:
    path = settings.database.sqlite_path
    if path is None:
        return None
    found = sorted((path.parent / backup.BACKUP_FOLDER).glob(f"{path.stem}-before-upgrade-from-{revision}-*"))
    return found[-1] if found else None


def take_backup(settings: Settings, args: argparse.Namespace, out: TextIO) -> int:
    target = database_target(settings, args)
    info = backup.backup(target, args.path)
    out.write(f"backup written and verified: {info.path} (schema {info.revision}, {info.contacts} contacts, "
              f"{info.size_bytes / 1e6:.1f} MB)\n")
    if target.key is not None:
        out.write(f"encrypted with the database's key; the key file it needs is copied beside it: {info.path}.keys\n")
    return EXIT_OK


def restore(settings: Settings, args: argparse.Namespace, out: TextIO, stdin: TextIO | None = None) -> int:
    stdin = sys.stdin if stdin is None else stdin
    target = database_target(settings, args, stdin=stdin)
    info = backup.verify(args.path.expanduser(), target.key)
    where = settings.database.describe()
    if not args.yes:
        if not stdin.isatty():
            raise DatabaseProblem(where, "Restoring replaces the database; nothing was changed.",
                                  "Run it again with --yes to confirm.")
        out.write(f"Replace {where} by {info.path} (schema {info.revision}, {info.contacts} contacts)? [y/N] ")
        out.flush()
        if stdin.readline().strip().lower() not in ("y", "yes"):
            out.write("nothing was changed\n")
            return EXIT_FAILED
    restored, kept = backup.restore(target, info.path)
    out.write(f"restored {where} from {restored.path} ({restored.contacts} contacts)\n")
    if kept is not None:
        out.write(f"the database it replaced was kept: {kept}\n")
    db = Database(target)
    try:
        before, now = upgrade(db)
    finally:
        db.dispose()
    if before != now:
        out.write(f"upgraded the restored database {before} -> {now}\n")
    return EXIT_OK


COMMANDS = {"self-check": self_check, "migrate": migrate, "backup": take_backup, "restore": restore}
