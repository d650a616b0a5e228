"""The secrets of an encrypted database: the database key, the recovery key,
and the argon2id derivation that turns a password into a wrapping key.

The database key is 32 random bytes, given to SQLCipher as a raw key
(``PRAGMA key = "x'<64 hex>'"``): no key derivation on each connection. It is
never stored as it is; ``console.encryption.keyfile`` keeps it wrapped (AES-GCM)
once per user and once for the recovery key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import asdict, dataclass

from argon2.low_level import Type, hash_secret_raw

KEY_BYTES = 32
SALT_BYTES = 16
RECOVERY_GROUPS, RECOVERY_GROUP_CHARS = 8, 5  # 40 base32 characters: 200 bits
_CHECK_LABEL = b"hotline-console database key check v1"
# What people mistype for a base32 letter (RFC 4648 has no 0, 1, 8 or 9).
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


@dataclass(frozen=True, slots=True)
class Argon2Params:
    """argon2id's costs, stored beside each wrap so they can be raised later."""

    time_cost: int
    memory_kib: int
    parallelism: int

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


# ~0.29 s on this project's 2-core desk VM (argon2-cffi 25, measured with
# 2-4 passes over 64-128 MiB: 3 x 64 MiB = 0.29 s, 4 x 64 MiB = 0.40 s,
# 2 x 128 MiB = 0.49 s). Paid once per sign-in, never per connection.
DEFAULT_PARAMS = Argon2Params(time_cost=3, memory_kib=64 * 1024, parallelism=1)
# Refused when reading a key file: a tampered file must not make a desk hang
# or run out of memory, nor make a wrap cheap to guess.
MIN_PARAMS = Argon2Params(time_cost=1, memory_kib=8 * 1024, parallelism=1)
MAX_PARAMS = Argon2Params(time_cost=20, memory_kib=2 * 1024 * 1024, parallelism=16)


def new_database_key() -> bytes:
    """32 random bytes from the OS: the key SQLCipher encrypts the file with."""
    return secrets.token_bytes(KEY_BYTES)


def new_salt() -> bytes:
    return secrets.token_bytes(SALT_BYTES)


def new_recovery_key() -> str:
    """A key a person can copy by hand: 8 groups of 5 base32 characters."""
    chars = base64.b32encode(secrets.token_bytes(25)).decode("ascii")  # 25 bytes: exactly 40 characters
    return "-".join(chars[i:i + RECOVERY_GROUP_CHARS] for i in range(0, len(chars), RECOVERY_GROUP_CHARS))


def normalise_recovery_key(text: str) -> str:
    """The recovery key as typed (any case, spaces or dashes, 0 for O) in its one spelling."""
    chars = "".join(ch for ch in text.upper().translate(_LOOKALIKES) if ch.isalnum())
    return "-".join(chars[i:i + RECOVERY_GROUP_CHARS] for i in range(0, len(chars), RECOVERY_GROUP_CHARS))


def derive_wrapping_key(secret: str, salt: bytes, params: Argon2Params = DEFAULT_PARAMS) -> bytes:
    """argon2id of a password (or the recovery key): the key that wraps the database key."""
    return hash_secret_raw(secret.encode("utf-8"), salt, params.time_cost, params.memory_kib,
                           params.parallelism, KEY_BYTES, Type.ID)


def key_check_value(db_key: bytes) -> str:
    """A short MAC of a fixed label under the key: tells a right key from a wrong one, reveals nothing."""
    return base64.b64encode(hmac.new(db_key, _CHECK_LABEL, hashlib.sha256).digest()[:16]).decode("ascii")


def matches_check(db_key: bytes, check: str) -> bool:
    return hmac.compare_digest(key_check_value(db_key), check)


def sql_key(db_key: bytes) -> str:
    """The key as SQLCipher's raw-key literal, to go inside double quotes: ``x'<64 hex>'``."""
    if len(db_key) != KEY_BYTES:
        raise ValueError("a database key is 32 bytes")
    return f"x'{db_key.hex()}'"
