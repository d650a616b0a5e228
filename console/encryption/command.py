"""The command line's side of encryption: unlocking an encrypted database for
a command, and ``hotline-console db encrypt``.

A command unlocks with ``--user NAME`` (or ``HOTLINE_USER``) and that user's
password, or with ``--recovery`` and the recovery key. Secrets are read from
the terminal (``getpass``, not echoed) or, when stdin is not a terminal (a
script), one line from stdin: never from the command line, which other
accounts on the machine can read.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from typing import TextIO

from console.db import DatabaseTarget
from console.encryption.state import is_encrypted, key_file_path
from console.errors import DatabaseProblem
from console.exit_codes import EXIT_OK
from console.field_crypto import cli as field_cli


def add_unlock_arguments(parser: argparse.ArgumentParser) -> None:
    """``--user`` and ``--recovery`` on a subcommand that opens the database."""
    parser.add_argument("--user", dest="unlock_user", metavar="NAME", default=argparse.SUPPRESS,
                        help="an encrypted database is unlocked with this user's password, asked for on the "
                             "terminal or read from stdin (env HOTLINE_USER)")
    parser.add_argument("--recovery", action="store_true", default=argparse.SUPPRESS,
                        help="unlock an encrypted database with the recovery key (terminal or stdin)")


def read_secret(prompt: str, stdin: TextIO | None = None) -> str:
    """A password or key: typed on the terminal without echo, or one line of stdin in a script."""
    stdin = sys.stdin if stdin is None else stdin
    if stdin.isatty():
        return getpass.getpass(prompt)
    line = stdin.readline()
    if not line:
        raise DatabaseProblem("stdin", f"Nothing to read for: {prompt.rstrip(': ')}.",
                              "Type it at a terminal, or give it as one line on stdin.")
    return line.rstrip("\r\n")


def unlock_for_command(settings, args: argparse.Namespace | None, stdin: TextIO | None = None) -> bytes:
    """The database key of the encrypted embedded database, for a command.

    ``UnlockFailed`` (a ``DatabaseProblem``) for a wrong password, unknown
    user or wrong recovery key; nothing is changed either way."""
    from console.encryption.keyfile import KeyFile

    target = settings.database
    keys = KeyFile.load(key_file_path(target.sqlite_path))
    if getattr(args, "recovery", False):
        return keys.unlock_with_recovery(read_secret("Recovery key: ", stdin))
    name = getattr(args, "unlock_user", None) or os.environ.get("HOTLINE_USER") or getattr(args, "admin", None)
    if not name:
        raise DatabaseProblem(target.describe(), "The database is encrypted; say who unlocks it.",
                              "Give --user NAME (or set HOTLINE_USER) and type that user's password, "
                              "or give --recovery and type the recovery key.")
    return keys.unlock(name, read_secret(f"Password for {name}: ", stdin))


def database_target(settings, args: argparse.Namespace | None = None, *, key: bytes | None = None,
                    stdin: TextIO | None = None) -> DatabaseTarget:
    """The settings' database, unlocked when it is encrypted.

    ``key``: the sign-in already unlocked it. ``args``: a command, which
    unlocks it here (``unlock_for_command``). Neither: a plain database as it
    is; an encrypted one is then refused by ``Database`` ("must be unlocked").
    With ``[database] encrypt = true`` a plain embedded database is refused."""
    target = settings.database
    if key is not None:
        return target.unlocked(key)
    if is_encrypted(target):
        return target if args is None else target.unlocked(unlock_for_command(settings, args, stdin))
    if settings.encrypt_database and target.sqlite_path is not None:
        raise DatabaseProblem(target.describe(), "The settings ask for an encrypted database ([database] encrypt "
                              "= true), but this one is not encrypted yet.",
                              "IT: run `hotline-console db encrypt --user NAME` on this desk (docs/encryption.md).")
    return target


# -- hotline-console db encrypt ----------------------------------------------------------


def add_parser(sub, add_common: Callable[..., None]) -> None:
    cmd = sub.add_parser("db", help="encrypt the embedded database, or the callers' details of a shared one "
                                    "(docs/encryption.md)")
    add_common(cmd, top=False)
    actions = cmd.add_subparsers(dest="db_action", metavar="ACTION", required=True)
    enc = actions.add_parser("encrypt", help="encrypt the embedded database (SQLCipher); prints the recovery key once")
    add_common(enc, top=False)
    enc.add_argument("--user", dest="unlock_user", metavar="NAME", default=argparse.SUPPRESS,
                     help="the admin whose password will unlock it (asked for, or one line of stdin; "
                          "env HOTLINE_USER)")
    field_cli.add_parsers(actions, add_common)


def run(settings, args: argparse.Namespace, out: TextIO, stdin: TextIO | None = None) -> int:
    from console.encryption.convert import encrypt_database

    if getattr(args, "db_action", "encrypt") in field_cli.ACTIONS:
        return field_cli.run(settings, args, out)
    name = getattr(args, "unlock_user", None) or os.environ.get("HOTLINE_USER")
    where = settings.database.describe()
    if not name:
        raise DatabaseProblem(where, "Say which admin will unlock the encrypted database; nothing was changed.",
                              "Give --user NAME; that admin's password is asked for.")
    stdin = sys.stdin if stdin is None else stdin
    password = read_secret(f"Password of {name} (it will unlock the database): ", stdin)
    if stdin.isatty() and read_secret("The same password again: ", stdin) != password:
        raise DatabaseProblem(where, "The two passwords differ; nothing was changed.", "Run it again.")
    if not password:
        raise DatabaseProblem(where, "An empty password cannot unlock a database; nothing was changed.",
                              "Give the admin's password.")
    if settings.database.is_sqlite and not is_encrypted(settings.database):  # else encrypt_database says why not
        _check_admin(settings, name, password)
    done = encrypt_database(settings.database, name, password)
    _record_encryption(settings, name, password)
    out.write(f"encrypted {done.database}: {done.tables} tables, {done.rows} rows checked in the encrypted copy\n"
              f"key file: {done.key_file} (mode 0600; {name} and the recovery key unlock the database)\n\n"
              f"RECOVERY KEY (shown this once, stored nowhere in clear):\n\n    {done.recovery_key}\n\n"
              "Write it down or print it now and keep it offline, in a safe away from this desk. With it an "
              "admin can unlock the database if every password is lost. It needs the key file too: keep the "
              "key file's copies that backups carry (backups/*.keys).\n")
    if done.plain_backups_left:
        out.write(f"\nWARNING: {len(done.plain_backups_left)} older backups are NOT encrypted and hold every "
                  "contact in clear; delete them or move them to encrypted storage:\n")
        out.writelines(f"  {path}\n" for path in done.plain_backups_left)
    if not settings.encrypt_database:
        out.write("\nSet [security] encrypt_database = true in the site settings, so that a plain database "
                  "is refused from now on.\n")
    return EXIT_OK


def _record_encryption(settings, name: str, password: str) -> None:
    """The trail of the now encrypted database says who encrypted it (the event
    cannot be written before: the plain file is replaced whole at the end)."""
    from sqlalchemy import func, select

    from console.audit import AuditAction
    from console.cli import open_database
    from console.encryption.keyfile import KeyFile
    from console.models import User

    key = KeyFile.load(key_file_path(settings.database.sqlite_path)).unlock(name, password)
    db = open_database(settings, key=key)
    try:
        with db.write() as session:
            user_id = session.scalar(select(User.id).where(func.lower(User.username) == name.strip().lower()))
            db.audit.record(session, action=AuditAction.ENCRYPT, user_id=user_id, username=name,
                            record_type="database", note="encrypted with SQLCipher; key file and recovery key made")
    finally:
        db.dispose()


def _check_admin(settings, name: str, password: str) -> None:
    """Only an admin of this database, with their own password, encrypts it (the
    check is a sign-in: counted and audited like any other)."""
    from console.cli import open_database
    from console.permissions import Permission, require
    from console.services.auth import AuthService, SignInRules

    db = open_database(settings)
    try:
        user = AuthService(db, SignInRules.from_settings(settings)).sign_in(name, password)
        require(user.role, Permission.MANAGE_USERS, "encrypt the database")
    finally:
        db.dispose()
