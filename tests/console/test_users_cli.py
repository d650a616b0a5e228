"""``hotline-console user ...``: the first admin, then admins only; passwords
from standard input (scripts) or the terminal, never from the command line."""

from __future__ import annotations

import io
import sys

import pytest

from console.cli import build_parser, run_command

ADMIN_PW, DANA_PW = "river lantern quietly", "meadow copper tangent"


class Piped(io.StringIO):
    def isatty(self) -> bool:
        return False


def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    saved, sys.stdin = sys.stdin, Piped(stdin)
    try:
        code = run_command(build_parser().parse_args(argv), out, err)
    finally:
        sys.stdin = saved
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def db_arg(tmp_path) -> list[str]:
    return ["--db", str(tmp_path / "desk.sqlite3")]


def test_the_first_user_must_be_an_admin_and_needs_no_one_to_vouch(db_arg):
    code, _, err = run("user", "add", "dana", "--role", "specialist", *db_arg, stdin=DANA_PW + "\n")
    assert code == 1 and "the first user must be an admin" in err
    code, out, err = run("user", "add", "ada", "--role", "admin", "--display-name", "Ada Admin", *db_arg,
                         stdin=ADMIN_PW + "\n")
    assert code == 0, err
    assert "the first admin" in out


def test_after_the_first_admin_every_action_needs_an_admins_password(db_arg):
    run("user", "add", "ada", "--role", "admin", *db_arg, stdin=ADMIN_PW + "\n")
    code, _, err = run("user", "add", "dana", "--role", "specialist", "--admin", "ada", *db_arg,
                       stdin="wrong password\n" + DANA_PW + "\n")
    assert code == 1 and "not right" in err
    code, out, err = run("user", "add", "dana", "--role", "specialist", "--admin", "ada", *db_arg,
                         stdin=f"{ADMIN_PW}\n{DANA_PW}\n")
    assert code == 0, err
    code, out, _ = run("user", "list", "--admin", "ada", *db_arg, stdin=ADMIN_PW + "\n")
    assert code == 0
    assert [line.split("\t")[:3] for line in out.splitlines()] == [
        ["ada", "admin", "active"], ["dana", "specialist", "active"]]


def test_a_specialist_cannot_manage_users_from_the_command_line_either(db_arg):
    run("user", "add", "ada", "--role", "admin", *db_arg, stdin=ADMIN_PW + "\n")
    run("user", "add", "dana", "--role", "specialist", "--admin", "ada", *db_arg, stdin=f"{ADMIN_PW}\n{DANA_PW}\n")
    code, _, err = run("user", "disable", "ada", "--admin", "dana", *db_arg, stdin=DANA_PW + "\n")
    assert code == 1 and "may not manage users" in err


def test_disable_unlock_reset_and_set_role_say_what_they_did(db_arg):
    run("user", "add", "ada", "--role", "admin", *db_arg, stdin=ADMIN_PW + "\n")
    run("user", "add", "dana", "--role", "specialist", "--admin", "ada", *db_arg, stdin=f"{ADMIN_PW}\n{DANA_PW}\n")
    admin = ["--admin", "ada", *db_arg]
    assert run("user", "disable", "dana", *admin, stdin=ADMIN_PW + "\n")[1] == "dana: disabled\n"
    assert run("user", "enable", "dana", *admin, stdin=ADMIN_PW + "\n")[1] == "dana: enabled\n"
    assert run("user", "unlock", "dana", *admin, stdin=ADMIN_PW + "\n")[1] == "dana: unlocked\n"
    assert run("user", "set-role", "dana", "supervisor", *admin, stdin=ADMIN_PW + "\n")[1] == \
        "dana: role is now supervisor\n"
    code, out, _ = run("user", "reset-password", "dana", *admin, stdin=f"{ADMIN_PW}\ncobalt harbour evening\n")
    assert code == 0 and "new one at their next sign-in" in out
    code, _, err = run("user", "disable", "nobody", *admin, stdin=ADMIN_PW + "\n")
    assert code == 1 and "User nobody does not exist" in err


def test_a_weak_or_missing_password_changes_nothing(db_arg):
    code, _, err = run("user", "add", "ada", "--role", "admin", *db_arg, stdin="password123\n")
    assert code == 1 and "at least 12" in err
    code, _, err = run("user", "add", "ada", "--role", "admin", *db_arg, stdin="")
    assert code == 1 and "No password on standard input" in err
    code, _, err = run("user", "add", "ada", "--role", "admin", *db_arg, stdin="password12345678\n")
    assert code == 1 and "too common" in err
    code, out, _ = run("user", "add", "ada", "--role", "admin", *db_arg, stdin=ADMIN_PW + "\n")
    assert code == 0  # still the first admin: nothing was half-made before


def test_the_password_is_never_an_argument():
    with pytest.raises(SystemExit):
        build_parser().parse_args(["user", "add", "ada", "--role", "admin", "--password", "x"])
