"""Typed domain errors. The UI and the command line map them to messages.

Every message here is written for the person at the desk or for IT: what
happened and what to do, in the hotline's words, never the database's.
"""

from __future__ import annotations

from collections.abc import Mapping


class ConsoleError(Exception):
    """Base of every error the console expects and explains."""


class ValidationError(ConsoleError):
    """Input that cannot be stored; ``errors`` maps a field path to a message.

    Field paths are dotted: ``caller.zip``, ``victims.1.age_group``.
    """

    def __init__(self, errors: Mapping[str, str]):
        self.errors: dict[str, str] = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


class NotFound(ConsoleError):
    def __init__(self, what: str, key: object):
        self.what, self.key = what, key
        super().__init__(f"{what} {key} does not exist (it may have been removed on another desk).")


class ClaimConflict(ConsoleError):
    """Someone else already has the contact; nothing was changed."""

    def __init__(self, contact_id: int, holder: str | None):
        self.contact_id, self.holder = contact_id, holder
        who = holder or "another desk"
        super().__init__(f"Contact #{contact_id} is already being handled by {who}.")


class StaleContact(ConsoleError):
    """The contact changed on another desk since it was opened here."""

    def __init__(self, contact_id: int):
        self.contact_id = contact_id
        super().__init__(
            f"Contact #{contact_id} was changed on another desk while you edited it. "
            "Your text is kept in the form; reopen the contact to see the other changes."
        )


class InvalidTransition(ConsoleError):
    def __init__(self, contact_id: int, current: str, wanted: str):
        self.contact_id, self.current, self.wanted = contact_id, current, wanted
        state = str(current).replace("_", " ")
        super().__init__(f"Contact #{contact_id} is {state}; it cannot be {wanted}.")


class DatabaseProblem(ConsoleError):
    """The database cannot be opened or used. ``where`` never holds a password."""

    def __init__(self, where: str, problem: str, advice: str):
        self.where, self.problem, self.advice = where, problem, advice
        super().__init__(f"{problem}\n  database: {where}\n  what to do: {advice}")


class UnlockFailed(DatabaseProblem):
    """The user name, password or recovery key does not unlock the encrypted
    database. One message for an unknown user and a wrong password; nothing changed."""


class KeyFileProblem(DatabaseProblem):
    """The key file beside an encrypted database is missing, damaged or not writable."""


class PermissionDenied(ConsoleError):
    """The user's role may not do this; nothing was changed."""

    def __init__(self, action: str, ask: str = "a supervisor"):
        self.action = action
        super().__init__(f"Your role may not {action}. Ask {ask}.")


class SignInRefused(ConsoleError):
    """Sign-in (or unlocking the window) did not succeed; the message says what to do.

    A wrong password and an unknown user name get the same message, so the
    sign-in screen does not tell a stranger which names exist.
    """

    WRONG = "The user name or password is not right. Check Caps Lock and try again."

    def __init__(self, message: str = WRONG):
        super().__init__(message)


class SettingsError(ConsoleError):
    """A setting the console cannot use; it refuses to start half-configured.

    ``source`` is the settings file, or ``environment`` / ``command line``;
    ``line`` (when known) and ``key`` (a dotted ``table.key``, an environment
    variable or a flag) say where in it.
    """

    def __init__(self, source: str, problem: str, *, line: int | None = None, key: str | None = None):
        self.source, self.problem, self.line, self.key = source, problem, line, key
        where = source + (f", line {line}" if line else "") + (f", key {key}" if key else "")
        super().__init__(
            f"Settings problem in {where}: {problem}\n"
            "  what to do: correct it (every setting is described in docs/settings.md), then start again."
        )
