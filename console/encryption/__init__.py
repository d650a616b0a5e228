"""Encryption at rest of the embedded SQLite database (SQLCipher).

A random 256-bit database key opens the file as a raw key; it is kept in the
key file beside the database (``<database>.keys``), wrapped once per user by
an argon2id key from that user's password and once by a recovery key for
admins. See docs/encryption.md.

The names below are loaded on first use: ``console.db`` asks
``console.encryption.state`` on every open, which must not cost the
cryptography and argon2 imports (~60 ms) on a plain database.
"""

from __future__ import annotations

import importlib

_WHERE = {
    "KeyFile": "keyfile", "write_private_file": "keyfile",
    "Argon2Params": "keys", "DEFAULT_PARAMS": "keys", "new_database_key": "keys", "new_recovery_key": "keys",
    "is_encrypted": "state", "key_file_path": "state",
    "encrypt_database": "convert",
    "unlock_for_command": "command", "database_target": "command",
}
__all__ = [
    "DEFAULT_PARAMS",
    "Argon2Params",
    "KeyFile",
    "database_target",
    "encrypt_database",
    "is_encrypted",
    "key_file_path",
    "new_database_key",
    "new_recovery_key",
    "unlock_for_command",
    "write_private_file",
]


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
