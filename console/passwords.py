"""Passwords: argon2id hashes and the rules a new password must meet.

Hashes are argon2-cffi's self-describing strings (``$argon2id$v=19$m=...``):
the cost and salt travel with each hash, so a later release can raise the
cost and still verify old hashes (and rehash them at the next sign-in).

A new password must be long enough (``security.min_password_length``), not
on the shipped list of common passwords (``console/data``, drawn from
zxcvbn's list), and not the user name. Length beats composition rules
(NIST SP 800-63B): no "one digit and one symbol" demands.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from console.errors import ValidationError

MAX_LENGTH = 256  # argon2 takes any length; a cap keeps a pasted novel out
DEFAULT_HASHER = PasswordHasher()  # RFC 9106's second recommendation: t=3, 64 MiB, p=4 (~0.1-0.3 s)
# A hash nobody's password matches (of random bytes, thrown away), verified
# against when the user name is unknown so that a wrong name costs the same
# time as a wrong password. A literal, at DEFAULT_HASHER's costs (a test
# keeps them in step): hashing one at import cost every start 0.1 s.
DECOY = "$argon2id$v=19$m=65536,t=3,p=4$0J/o04wC7BNMHlb4yTh/hQ$9fUwkEwMnLEXSBqDawp5McCohkLQRdifaE3laRdvzHg"


@cache
def _common() -> frozenset[str]:
    text = resources.files("console").joinpath("data/common_passwords.txt").read_text("utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def _stem(password: str) -> str:
    """'Password2024!' -> 'password': the list's words with digits and symbols tacked on."""
    return re.sub(r"[\d\W_]+$", "", password.lower())


def password_problems(password: str, *, username: str, min_length: int) -> list[str]:
    """Why ``password`` may not be used (empty: it may)."""
    if len(password) < min_length:
        return [f"Use at least {min_length} characters (a few words in a row are easy to remember)."]
    if len(password) > MAX_LENGTH:
        return [f"Use at most {MAX_LENGTH} characters."]
    if password != password.strip():
        return ["Leave out spaces at the start and end."]
    lowered = password.lower()
    if username and username.lower() in lowered:
        return ["Do not use your user name in your password."]
    if lowered in _common() or _stem(password) in _common() or len(set(lowered)) < 4:
        return ["This password is too common: anyone trying passwords would guess it early. Choose another."]
    return []


def check_new_password(password: str, *, username: str, min_length: int, field: str = "password") -> None:
    """Raise ``ValidationError`` naming ``field`` when the password may not be used."""
    problems = password_problems(password, username=username, min_length=min_length)
    if problems:
        raise ValidationError({field: problems[0]})


def hash_password(password: str, hasher: PasswordHasher = DEFAULT_HASHER) -> str:
    return hasher.hash(password)


def verify_password(stored: str | None, password: str, hasher: PasswordHasher = DEFAULT_HASHER) -> bool:
    """True when ``password`` matches ``stored``; a missing or damaged hash never matches."""
    try:
        return hasher.verify(stored or DECOY, password[:MAX_LENGTH]) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str, hasher: PasswordHasher = DEFAULT_HASHER) -> bool:
    try:
        return hasher.check_needs_rehash(stored)
    except InvalidHashError:
        return True
