"""Sealing one value: AES-256-GCM under a key derived from the site's field key.

A sealed value is ASCII text, so it fits any text column and survives a dump:

    enc1:<key id, 8 hex>:<base64 of a 12-byte random nonce, the ciphertext and the 16-byte tag>

The associated data names the format and the column ("enc1|contacts.summary"):
a value cut from one column and pasted into another does not open, instead
of showing up as, say, a caller's name. It is not bound to the row (an
insert does not know its id yet), so moving a value between rows of the
same column is not detected. AES-GCM does not hide a value's length.

The key file's 32 bytes are never used as they are: HKDF-SHA256 derives a
sub-key for AES-GCM, one for the phone hash and a key id (4 bytes, shown as
8 hex digits), so one file serves all three and none reveals another. The
key id travels in every value, so a wrong key file is named as such rather
than reported as damage.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from dataclasses import dataclass, field, replace
from typing import Any

PREFIX = "enc1:"
KEY_ID_CHARS = 8
NONCE_BYTES, TAG_BYTES = 12, 16
_INFO = b"hotline-console field encryption v1 "


class SealedValueError(ValueError):
    """A sealed value that does not open; the message says why, never the value."""


def _derive(secret: bytes, purpose: bytes, length: int = 32) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=_INFO + purpose).derive(secret)


def key_id_of(stored: str) -> str | None:
    """The key id a sealed value names (None: not a sealed value)."""
    if not stored.startswith(PREFIX):
        return None
    return stored[len(PREFIX):len(PREFIX) + KEY_ID_CHARS]


@dataclass(frozen=True, slots=True)
class FieldKey:
    """The sub-keys of one field key file. ``sealing``: new values are sealed
    (``[security] encrypt_fields``); without it the key only opens what is sealed."""

    key_id: str
    sealing: bool
    aead: Any = field(repr=False, compare=False)  # cryptography's AESGCM
    hash_key: bytes = field(repr=False, compare=False)

    @classmethod
    def from_secret(cls, secret: bytes, *, sealing: bool = True) -> FieldKey:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        if len(secret) < 32:
            raise ValueError("a field key is 32 bytes or more")
        return cls(_derive(secret, b"key id", 4).hex(), sealing, AESGCM(_derive(secret, b"aes-256-gcm")),
                   _derive(secret, b"phone hash"))

    def reading_only(self) -> FieldKey:
        return replace(self, sealing=False)

    def seal(self, text: str, column: str) -> str:
        nonce = os.urandom(NONCE_BYTES)
        blob = nonce + self.aead.encrypt(nonce, text.encode("utf-8"), _associated(column))
        return f"{PREFIX}{self.key_id}:{base64.b64encode(blob).decode('ascii')}"

    def open(self, stored: str, column: str) -> str:
        """The text of a sealed value of ``column``; ``SealedValueError`` if it does not open."""
        from cryptography.exceptions import InvalidTag

        key_id, sep, body = stored[len(PREFIX):].partition(":")
        try:
            blob = base64.b64decode(body, validate=True)
        except (binascii.Error, ValueError):
            blob = b""
        if not sep or len(key_id) != KEY_ID_CHARS or len(blob) < NONCE_BYTES + TAG_BYTES:
            raise SealedValueError(f"a sealed value of {column} is damaged (it is not in the sealed form)")
        if key_id != self.key_id:
            raise SealedValueError(f"a value of {column} was sealed with field key {key_id}, but this desk's "
                                   f"field key is {self.key_id}")
        try:
            return self.aead.decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], _associated(column)).decode("utf-8")
        except (InvalidTag, UnicodeDecodeError):
            raise SealedValueError(f"a sealed value of {column} does not open with its key: it was altered in "
                                   "the database, or moved there from another column") from None

    def hash_phone(self, e164: str) -> str:
        """HMAC-SHA256 of a phone number in E.164: 64 hex digits, the same for every desk with this key."""
        return hmac.new(self.hash_key, e164.encode("ascii"), hashlib.sha256).hexdigest()


def _associated(column: str) -> bytes:
    return b"enc1|" + column.encode("ascii")
