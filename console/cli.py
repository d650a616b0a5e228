"""The command line: options shared with the window, and the subcommands IT
runs without a display. ``ui.app.main`` parses with ``build_parser`` and
hands subcommands to ``run_command``; nothing here imports Qt.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from console import __version__, maintenance
from console.db import Database
from console.errors import ConsoleError
from console import users_cli
from console.audit import Actor
from console.audit import cli as audit_cli
from console.encryption import command as encryption_cli
from console.hsds import cli as hsds_cli
from console.logs import setup_logging
from console.exit_codes import EXIT_FAILED, EXIT_OK
from console.schema import upgrade
from console.settings import Settings, build_settings

def _add_common(parser: argparse.ArgumentParser, *, top: bool) -> None:
    # Accepted before or after a subcommand; the subcommand's copy must not
    # overwrite a value given before it, hence SUPPRESS below the top level.
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--db", metavar="URL", default=default,
                        help="database URL or SQLite file (default: the embedded database; env HOTLINE_DB_URL)")
    parser.add_argument("--demo", action="store_true", default=False if top else argparse.SUPPRESS,
                        help="use the separate demo database, filled with sample data on first use")
    parser.add_argument("--config", metavar="FILE", default=default,
                        help="read this settings file instead of the site file (env HOTLINE_SITE_CONFIG); "
                             "see docs/settings.md")

def _organizations(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 100 <= value <= 100_000:
        raise argparse.ArgumentTypeError("choose between 100 and 100000 organizations")
    return value

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hotline-console", description="Hotline Console: the hotline's call console.")
    parser.add_argument("--version", action="version", version=f"hotline-console {__version__}")
    _add_common(parser, top=True)
    parser.add_argument("--smoke", action="store_true",
                        help="open the window, wait until its panes have loaded, then exit (CI and benchmarks)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    maintenance.add_parsers(sub, _add_common)
    cmd = sub.add_parser("demo-data", help="fill the database with a synthetic directory and sample contacts")
    _add_common(cmd, top=False)
    cmd.add_argument("--organizations", type=_organizations, default=300, metavar="N",
                     help="organizations to generate, 100 to 100000 (default 300)")
    cmd.add_argument("--seed", type=int, default=2026, help="random seed (same seed, same data)")
    cmd.add_argument("--no-contacts", action="store_true", help="directory only, no sample contacts")
    encryption_cli.add_unlock_arguments(cmd)
    hsds_cli.add_parser(sub, _add_common)
    encryption_cli.add_parser(sub, _add_common)
    audit_cli.add_parser(sub, _add_common)
    users_cli.add_parser(sub, _add_common)
    return parser

def settings_from(args: argparse.Namespace) -> Settings:
    return build_settings(db_url=args.db, demo=args.demo, config=args.config)

def open_database(settings: Settings, args: argparse.Namespace | None = None, *, key: bytes | None = None) -> Database:
    """Open and migrate: what every entry point does first. The audit key is
    found first: a shared database without one is refused before connecting.
    An encrypted embedded database is unlocked with ``key`` (the sign-in
    unlocked it) or, for a command, from ``args`` (--user / --recovery,
    ``console.encryption.command``); a plain one opens as before. A shared
    PostgreSQL database gets the field key (``console.field_crypto``), and a
    desk whose key is not the one its values are sealed with is refused."""
    from console.audit.keys import audit_key
    from console.field_crypto.keys import check_database_key, field_key

    target = encryption_cli.database_target(settings, args, key=key)
    db = Database(target, audit_key=audit_key(settings), field_key=field_key(settings))
    try:
        upgrade(db)
        check_database_key(db, settings)
    except BaseException:
        db.dispose()
        raise
    return db

def _demo_data(settings: Settings, out: TextIO, args: argparse.Namespace) -> int:
    from console.demo.seed import seed_demo  # heavy: only when asked

    db = open_database(settings, args)
    report = seed_demo(db, settings, organizations=args.organizations, seed=args.seed, contacts=not args.no_contacts)
    db.dispose()
    out.write(report + "\n")
    return EXIT_OK

def run_command(args: argparse.Namespace, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """Run one subcommand; every expected failure is a message and an exit code."""
    try:
        settings = settings_from(args)
        if args.command == "demo-data":
            return _demo_data(settings, out, args)
        if args.command == "directory":
            return hsds_cli.run(lambda: open_database(settings, args), args, out, err, Actor(None, settings.username))
        if args.command == "audit":
            setup_logging(settings, args.command)
            return audit_cli.run(lambda: open_database(settings, args), settings.username, args, out, err)
        if args.command == "user":
            setup_logging(settings, args.command)
            return users_cli.run(lambda key=None: open_database(settings, args, key=key), settings, args, out, err)
        if args.command == "db":
            setup_logging(settings, args.command)
            return encryption_cli.run(settings, args, out)
        setup_logging(settings, args.command)
        return maintenance.COMMANDS[args.command](settings, args, out)
    except ConsoleError as exc:
        err.write(f"hotline-console {args.command}: {exc}\n")
        return EXIT_FAILED
    except KeyboardInterrupt:
        err.write("interrupted; nothing half-written was kept\n")
        return EXIT_FAILED
