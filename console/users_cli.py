"""``hotline-console user ...``: IT's way to manage who may sign in.

On a database where nobody can sign in yet, ``user add NAME --role admin``
creates the first admin. After that, every action is an admin's: the admin
(``--admin NAME``, default the desk's account name) types their own password
first. Passwords are read from the terminal without echo, or from standard
input one a line when it is not a terminal (scripts), never from the command
line (argv is visible to every user of the machine).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from typing import TextIO

from console.db import Database
from console.encryption import KeyFile, is_encrypted, key_file_path
from console.errors import ConsoleError, ValidationError
from console.passwords import DEFAULT_HASHER
from console.services.auth import AuthService, SignInRules
from console.services.users import UserInfo, UserService
from console.settings import Settings
from console.vocabulary import Role

EXIT_OK, EXIT_FAILED = 0, 1
ROLES = [role.value for role in Role]


def add_parser(sub, add_common: Callable[..., None]) -> None:
    cmd = sub.add_parser("user", help="add users, reset passwords, disable, unlock (admins; the first admin on a new database)")
    _options(cmd, add_common, top=True)
    actions = cmd.add_subparsers(dest="user_action", metavar="ACTION", required=True)

    def action(name: str, text: str) -> argparse.ArgumentParser:
        parser = actions.add_parser(name, help=text)
        _options(parser, add_common, top=False)
        return parser

    add = action("add", "add a user; the password is asked for (or read from stdin)")
    add.add_argument("name", metavar="NAME", help="the user name they sign in with")
    add.add_argument("--role", choices=ROLES, required=True)
    add.add_argument("--display-name", metavar="TEXT", help="the name colleagues know them by (default: NAME)")
    action("list", "every user, their role and whether they can sign in")
    for name, text in (("reset-password", "give a temporary password, changed at their next sign-in"),
                       ("disable", "stop a user signing in (their records stay theirs)"),
                       ("enable", "let a disabled user sign in again"),
                       ("unlock", "lift a lock left by wrong passwords")):
        action(name, text).add_argument("name", metavar="NAME")
    role = action("set-role", "change a user's role")
    role.add_argument("name", metavar="NAME")
    role.add_argument("role", choices=ROLES)


def _options(parser: argparse.ArgumentParser, add_common: Callable[..., None], *, top: bool) -> None:
    """--db, --config... and --admin, before or after the action (a later copy never erases an earlier one)."""
    add_common(parser, top=False)
    parser.add_argument("--admin", metavar="NAME", default=None if top else argparse.SUPPRESS,
                        help="the admin acting (default: HOTLINE_USER or this account's name)")


def _secret(prompt: str, stdin: TextIO, *, confirm: bool = False) -> str:
    if stdin.isatty():
        first = getpass.getpass(prompt)
        if confirm and getpass.getpass("Again, to be sure: ") != first:
            raise ValidationError({"password": "The two passwords differ; nothing was changed."})
        return first
    line = stdin.readline()
    if not line:
        raise ValidationError({"password": f"No password on standard input ({prompt.strip().rstrip(':')})."})
    return line.rstrip("\r\n")


def run(open_db: Callable[..., Database], settings: Settings, args: argparse.Namespace, out: TextIO,
        err: TextIO, stdin: TextIO | None = None) -> int:
    """``open_db(key=None)`` opens the database (an encrypted one with ``key``)."""
    stdin = stdin or sys.stdin
    name, password = args.admin or settings.username, None
    db = None
    try:
        if is_encrypted(settings.database):  # the admin's password unlocks it, then signs them in
            password = _secret(f"Password for admin {name}: ", stdin)
            db = open_db(key=KeyFile.load(key_file_path(settings.database.sqlite_path)).unlock(name, password))
        else:
            db = open_db()
        rules = SignInRules.from_settings(settings)
        auth = AuthService(db, rules, hasher=DEFAULT_HASHER)
        users = UserService(db, min_password_length=rules.min_password_length)
        if args.user_action == "add" and auth.needs_first_admin():
            return _first_admin(auth, args, out, stdin)
        if password is None:
            password = _secret(f"Password for admin {name}: ", stdin)
        admin = auth.sign_in(name, password)
        return _ACTIONS[args.user_action](users, admin, args, out, stdin)
    except ValidationError as exc:
        err.write("".join(f"hotline-console user: {message}\n" for message in exc.errors.values()))
        return EXIT_FAILED
    except ConsoleError as exc:
        err.write(f"hotline-console user: {exc}\n")
        return EXIT_FAILED
    finally:
        if db is not None:
            db.dispose()


def _first_admin(auth: AuthService, args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    if args.role != Role.ADMIN.value:
        raise ValidationError({"role": "Nobody can sign in yet: the first user must be an admin (--role admin)."})
    password = _secret(f"New password for {args.name}: ", stdin, confirm=True)
    user = auth.create_first_admin(args.name, args.display_name or args.name, password)
    out.write(f"added {user.username} (admin): the first admin; they can sign in now\n")
    return EXIT_OK


def _add(users: UserService, admin: UserInfo, args, out: TextIO, stdin: TextIO) -> int:
    password = _secret(f"First password for {args.name}: ", stdin, confirm=True)
    user = users.add(admin, args.name, args.display_name or args.name, Role(args.role), password)
    out.write(f"added {user.username} ({user.role.value}): they choose their own password at their first sign-in\n")
    return EXIT_OK


def _list(users: UserService, admin: UserInfo, _args, out: TextIO, _stdin: TextIO) -> int:
    for row in users.rows(admin):
        state = "active" if row.active else "disabled"
        if not row.has_password:
            state += ", no password yet"
        if row.locked_until is not None:
            state += f", locked until {row.locked_until.astimezone():%Y-%m-%d %H:%M}"
        out.write(f"{row.info.username}\t{row.info.role.value}\t{state}\t{row.info.display_name}\n")
    return EXIT_OK


def _change(action: str) -> Callable[..., int]:
    def run_change(users: UserService, admin: UserInfo, args, out: TextIO, stdin: TextIO) -> int:
        user = users.find(args.name)
        if action == "reset-password":
            users.reset_password(admin, user.id, _secret(f"Temporary password for {user.username}: ", stdin,
                                                         confirm=True))
            done = "password reset: they choose a new one at their next sign-in"
        elif action == "set-role":
            done = f"role is now {users.set_role(admin, user.id, Role(args.role)).role.value}"
        elif action == "unlock":
            users.unlock(admin, user.id)
            done = "unlocked"
        else:
            users.set_active(admin, user.id, action == "enable")
            done = f"{action}d"
        out.write(f"{user.username}: {done}\n")
        return EXIT_OK

    return run_change


_ACTIONS = {"add": _add, "list": _list, **{a: _change(a) for a in
                                          ("reset-password", "set-role", "unlock", "disable", "enable")}}
