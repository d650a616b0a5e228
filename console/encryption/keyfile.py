"""The key file beside an encrypted database: ``<database>.keys``.

The wrapped keys cannot live inside the database they unlock, so they live
here: JSON, mode 0600, replaced atomically (temp file, fsync, rename). It
holds a format version, a key check value (``keys.key_check_value``) and the
database key wrapped with AES-GCM once per user (by an argon2id key from the
user's password) and once for the recovery key. Adding, re-wrapping or
removing a user rewrites this file only, never the database.

The file's presence is the truth about whether a database is encrypted.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import secrets
from collections.abc import Mapping
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from console.encryption.keys import (
    DEFAULT_PARAMS,
    KEY_BYTES,
    MAX_PARAMS,
    MIN_PARAMS,
    Argon2Params,
    derive_wrapping_key,
    key_check_value,
    matches_check,
    new_salt,
    normalise_recovery_key,
)
from console.encryption.state import KEY_FILE_SUFFIX as SUFFIX
from console.encryption.state import key_file_path
from console.errors import KeyFileProblem, UnlockFailed
from console.private_files import public_mode_problem

__all__ = ["KeyFile", "clean_username", "key_file_path", "write_private_file"]
FORMAT = "hotline-console-keys"
VERSION = 1
_NONCE_BYTES = 12
_RECOVERY = "recovery"
_DUMMY_SALT = bytes(16)


def clean_username(name: str) -> str:
    """User names as the sign-in work compares them: trimmed, lower case."""
    return (name or "").strip().lower()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _aad(slot: str) -> bytes:
    # Binds a wrap to its slot: a wrap copied under another user's name does not open.
    return f"{FORMAT} v{VERSION} {slot}".encode()


def _wrap(secret: str, slot: str, db_key: bytes, params: Argon2Params) -> dict[str, object]:
    salt, nonce = new_salt(), secrets.token_bytes(_NONCE_BYTES)
    wrapped = AESGCM(derive_wrapping_key(secret, salt, params)).encrypt(nonce, db_key, _aad(slot))
    return {"kdf": "argon2id", "salt": _b64(salt), **params.as_dict(), "nonce": _b64(nonce), "wrapped": _b64(wrapped)}


class KeyFile:
    """One database's key file, read from ``path``. Methods that change it write it at once."""

    def __init__(self, path: Path, data: dict):
        self.path = path
        self._data = data

    # -- reading and writing ---------------------------------------------------------

    @classmethod
    def create(cls, path: Path, db_key: bytes, recovery_key: str, *, users: Mapping[str, str] | None = None,
               params: Argon2Params | None = None) -> KeyFile:
        """Write a new key file with the recovery wrap and one wrap per ``users`` (name -> password)."""
        if len(db_key) != KEY_BYTES:
            raise ValueError("a database key is 32 bytes")
        params = params or DEFAULT_PARAMS
        if path.exists():
            raise KeyFileProblem(str(path), "A key file is already there; it was not replaced.",
                                 "The database is already encrypted: nothing to do.")
        data = {"format": FORMAT, "version": VERSION, "cipher": "SQLCipher 4, raw 256-bit key",
                "key_check": key_check_value(db_key),
                "recovery": _wrap(normalise_recovery_key(recovery_key), _RECOVERY, db_key, params), "users": {}}
        for name, password in (users or {}).items():
            data["users"][clean_username(name)] = _wrap(password, f"user:{clean_username(name)}", db_key, params)
        keys = cls(path, data)
        keys._save()
        return keys

    @classmethod
    def load(cls, path: Path) -> KeyFile:
        return cls(path, _read(path))

    def _save(self) -> None:
        text = json.dumps(self._data, indent=2, sort_keys=True) + "\n"
        try:
            write_private_file(self.path, text.encode("utf-8"))
        except OSError as exc:
            raise KeyFileProblem(str(self.path), f"The key file could not be written ({exc.strerror or exc}); "
                                 "it is as it was.", "Check the folder's permissions and free space.") from None

    # -- unlocking ---------------------------------------------------------------------

    def users(self) -> tuple[str, ...]:
        return tuple(sorted(self._data["users"]))

    def unlock(self, username: str, password: str) -> bytes:
        """The database key, for a user and password; ``UnlockFailed`` if either is not right."""
        name = clean_username(username)
        entry = self._data["users"].get(name)
        if entry is None:
            # The same argon2id work as a real user, so the time taken does not tell who exists.
            derive_wrapping_key(password, _DUMMY_SALT, DEFAULT_PARAMS)
            raise self._refused()
        return self._open(entry, password, f"user:{name}")

    def unlock_with_recovery(self, recovery_key: str) -> bytes:
        return self._open(self._data["recovery"], normalise_recovery_key(recovery_key), _RECOVERY, recovery=True)

    def _open(self, entry: dict, secret: str, slot: str, *, recovery: bool = False) -> bytes:
        salt, nonce, wrapped, params = _entry_parts(self.path, entry)
        try:
            db_key = AESGCM(derive_wrapping_key(secret, salt, params)).decrypt(nonce, wrapped, _aad(slot))
        except InvalidTag:
            raise self._refused(recovery=recovery) from None
        if not matches_check(db_key, self._data["key_check"]):
            raise _damaged(self.path, "a wrapped key does not match the key check")
        return db_key

    def _refused(self, *, recovery: bool = False) -> UnlockFailed:
        where = str(self.path.with_name(self.path.name.removesuffix(SUFFIX)))
        if recovery:
            return UnlockFailed(where, "This recovery key does not unlock the database; nothing was changed.",
                                "Check it against the copy stored offline (letters, digits 2-7, in groups of 5).")
        return UnlockFailed(where, "The user name or password is not right, or this user may not unlock the "
                            "database; nothing was changed.",
                            "Check both and try again. An admin can let you unlock it, or use the recovery key.")

    # -- changing who can unlock (the database file is never touched) ------------------

    def add_user(self, username: str, password: str, db_key: bytes) -> None:
        name = self._checked(username, db_key)
        if name in self._data["users"]:
            raise KeyFileProblem(str(self.path), f"{name} can already unlock this database; nothing was changed.",
                                 "Change that user's password instead.")
        self._data["users"][name] = _wrap(password, f"user:{name}", db_key, DEFAULT_PARAMS)
        self._save()

    def rewrap(self, username: str, new_password: str, db_key: bytes) -> None:
        """After a password change or reset: the user's wrap under the new password."""
        name = self._checked(username, db_key)
        if name not in self._data["users"]:
            raise KeyFileProblem(str(self.path), f"{name} cannot unlock this database; nothing was changed.",
                                 "Add the user to the key file instead.")
        self._data["users"][name] = _wrap(new_password, f"user:{name}", db_key, DEFAULT_PARAMS)
        self._save()

    def remove_user(self, username: str) -> bool:
        """Forget a user's wrap; False when there was none. The recovery key still unlocks."""
        self._data = _read(self.path)
        if self._data["users"].pop(clean_username(username), None) is None:
            return False
        self._save()
        return True

    def replace_recovery(self, new_recovery_key: str, db_key: bytes) -> None:
        """A new recovery key (the old one stops working)."""
        self._checked("", db_key)
        self._data["recovery"] = _wrap(normalise_recovery_key(new_recovery_key), _RECOVERY, db_key, DEFAULT_PARAMS)
        self._save()

    def _checked(self, username: str, db_key: bytes) -> str:
        self._data = _read(self.path)  # another admin's change since loading is kept
        if not matches_check(db_key, self._data["key_check"]):
            raise KeyFileProblem(str(self.path), "That is not this database's key; nothing was changed.",
                                 "Unlock the database first and use the key it opened with.")
        return clean_username(username)


def _damaged(path: Path, what: str) -> KeyFileProblem:
    return KeyFileProblem(str(path), f"The key file is damaged ({what}); nothing was changed.",
                          "Put back the key file from the copy beside the last backup (backups/*.keys); "
                          "the database itself is not affected.")


def _read(path: Path) -> dict:
    if problem := public_mode_problem(path):
        raise KeyFileProblem(str(path), f"The key file of this encrypted database is not private: {problem}",
                             "Nothing was opened or changed.")
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise KeyFileProblem(str(path), "The key file of this encrypted database is missing.",
                             "Put it back from the copy beside the last backup (backups/*.keys).") from None
    except OSError as exc:
        raise KeyFileProblem(str(path), f"The key file cannot be read ({exc.strerror or exc}).",
                             "Ask IT to check its permissions (it should be readable by the desk's account only).") \
            from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _damaged(path, "not a key file's JSON") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _damaged(path, "not a Hotline Console key file")
    if type(data.get("version")) is not int or data["version"] > VERSION:
        raise KeyFileProblem(str(path), "The key file was written by a newer version of Hotline Console.",
                             "Install that version on this desk; nothing was changed.")
    if not isinstance(data.get("key_check"), str) or not isinstance(data.get("recovery"), dict) \
            or not isinstance(data.get("users"), dict) \
            or not all(isinstance(entry, dict) for entry in data["users"].values()):
        raise _damaged(path, "parts are missing")
    return data


def _entry_parts(path: Path, entry: dict) -> tuple[bytes, bytes, bytes, Argon2Params]:
    try:
        params = Argon2Params(int(entry["time_cost"]), int(entry["memory_kib"]), int(entry["parallelism"]))
        salt, nonce, wrapped = (base64.b64decode(entry[k], validate=True) for k in ("salt", "nonce", "wrapped"))
    except (KeyError, TypeError, ValueError, binascii.Error):
        raise _damaged(path, "a wrapped key is incomplete") from None
    low, high = MIN_PARAMS.as_dict(), MAX_PARAMS.as_dict()
    if entry.get("kdf") != "argon2id" or len(nonce) != _NONCE_BYTES or len(salt) < 8 or \
            not all(low[k] <= v <= high[k] for k, v in params.as_dict().items()):
        raise _damaged(path, "a wrapped key has settings this version does not accept")
    return salt, nonce, wrapped, params


def write_private_file(path: Path, data: bytes) -> None:
    """Replace ``path`` atomically by a file only its owner may read (0600 on POSIX)."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if hasattr(os, "O_DIRECTORY"):  # the rename itself on the disk (POSIX)
        folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
