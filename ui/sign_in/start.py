"""Who is at the desk: the sign-in at start (or after a sign-out), the first
admin on a database nobody can sign in to yet, a required password change.

An encrypted embedded database (``console.encryption``) cannot even be read
before someone signs in: the first sign-in's password unwraps the database
key from the key file, the database opens with it, and the same password is
then checked against the user's record (the lock and the audit trail work as
on any database). Later sign-ins at the same desk use the open database.

``--smoke`` (CI and benchmarks) signs in without a dialog: the user named by
``HOTLINE_USER`` (or the account's name) with the password on the first line
of standard input. There is no way around the password.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import TextIO

from console.cli import open_database
from console.db import Database
from console.errors import SignInRefused
from console.services.auth import AuthService, SignInRules
from console.services.users import UserInfo
from ui.sign_in.dialogs import ChangePasswordDialog, FirstAdminDialog, SignInDialog

log = logging.getLogger("hotline")
Attempt = Callable[[str, str], tuple[Database, UserInfo]]


def open_and_sign_in(settings, *, smoke: bool, stdin: TextIO | None = None,
                     signing_in: Callable[[], None] = lambda: None) -> tuple[Database, UserInfo] | None:
    """The open database and the signed-in user; None when the person cancels.
    ``signing_in`` is called as the sign-in starts (``ui.preload``: the window's
    imports fill the wait on the person and on the password check)."""
    from console.encryption import is_encrypted

    if is_encrypted(settings.database):
        attempt = _unlocking(settings)
        signing_in()
        if smoke:
            return attempt(settings.username, _smoke_password(stdin))
        result = SignInDialog(attempt, settings.username, title_note=" (encrypted database)").ask()
        if result is None:
            return None
        db, user = result
        user = _password_change_if_due(AuthService(db, SignInRules.from_settings(settings)), user)
        if user is None:
            db.dispose()
            return None
        return db, user
    db = open_database(settings)
    if settings.demo:
        from console.demo.seed import seed_demo

        log.info("demo data: %s", seed_demo(db, settings))
    signing_in()
    user = next_user(AuthService(db, SignInRules.from_settings(settings)), settings, smoke=smoke, stdin=stdin)
    if user is None:
        db.dispose()
        return None
    return db, user


def next_user(auth: AuthService, settings, *, smoke: bool, stdin: TextIO | None = None) -> UserInfo | None:
    """The next person signing in on the open database; None when they cancel."""
    if smoke:
        if auth.needs_first_admin():
            raise SignInRefused("Nobody can sign in to this database yet: create the first admin with "
                                "`hotline-console user add NAME --role admin`.")
        return auth.sign_in(settings.username, _smoke_password(stdin))
    if auth.needs_first_admin():
        user = FirstAdminDialog(auth.create_first_admin, settings.username).ask()
    else:
        user = SignInDialog(auth.sign_in, settings.username).ask()
    return _password_change_if_due(auth, user) if user is not None else None


def _unlocking(settings) -> Attempt:
    from console.encryption import KeyFile, key_file_path

    def attempt(name: str, password: str) -> tuple[Database, UserInfo]:
        key = KeyFile.load(key_file_path(settings.database.sqlite_path)).unlock(name, password)
        db = open_database(settings, key=key)
        try:
            return db, AuthService(db, SignInRules.from_settings(settings)).sign_in(name, password)
        except BaseException:
            db.dispose()
            raise

    return attempt


def _password_change_if_due(auth: AuthService, user: UserInfo) -> UserInfo | None:
    if not user.must_change_password:
        return user
    return ChangePasswordDialog(lambda old, new: auth.change_password(user.id, old, new), required=True).ask()


def _smoke_password(stdin: TextIO | None) -> str:
    stdin = stdin or sys.stdin
    if stdin.isatty():
        raise SignInRefused("--smoke reads the password of HOTLINE_USER from standard input; pipe it in.")
    return stdin.readline().rstrip("\r\n")
