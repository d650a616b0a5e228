"""Drafts: the intake form as typed, kept on this desk's disk as it changes,
so a crash, a power cut or a lost database connection loses nothing.

One JSON file a draft, written atomically (temporary file, fsync, rename):
after a crash the file is either the previous draft or the new one, never
half of each. The folder is per database, so a demo draft never comes back
on the real database. Drafts hold what a caller said; the folder is the
user's own (mode 0700). Beside an encrypted database (``console.encryption``)
each draft is sealed with AES-GCM under a key derived from the database key,
so a copied disk holds no caller's words in clear; such a draft opens only
once someone has signed in and unlocked the database.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

_SUFFIX = ".draft.json"
_SEALED = b"HCD1"  # a sealed draft's first bytes: then a 12-byte nonce and the AES-GCM ciphertext


@dataclass(frozen=True, slots=True)
class Draft:
    key: str
    saved_at: datetime
    payload: dict[str, Any]


def drafts_folder(data_dir: Path, database_identity: str) -> Path:
    digest = hashlib.sha256(database_identity.encode()).hexdigest()[:16]
    return data_dir / "drafts" / digest


class DraftStore:
    def __init__(self, folder: Path, key: bytes | None = None):
        """``key``: the encrypted database's key (drafts are then sealed); None: plain files."""
        self.folder = folder
        # Its own key for drafts, derived, so the database key is never used for two things.
        self._seal_key = hmac.new(key, b"hotline-console drafts v1", hashlib.sha256).digest() if key else None

    def _seal(self, data: bytes) -> bytes:
        if self._seal_key is None:
            return data
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        nonce = os.urandom(12)
        return _SEALED + nonce + AESGCM(self._seal_key).encrypt(nonce, data, _SEALED)

    def _open(self, data: bytes) -> bytes:
        if not data.startswith(_SEALED):
            return data
        if self._seal_key is None:
            raise ValueError("a sealed draft needs the database key")
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        try:
            return AESGCM(self._seal_key).decrypt(data[4:16], data[16:], _SEALED)
        except InvalidTag:
            raise ValueError("sealed with another key") from None

    def _path(self, key: str) -> Path:
        safe = "".join(ch for ch in key if ch.isalnum() or ch in "-_")
        if not safe:
            raise ValueError(f"unusable draft key {key!r}")
        return self.folder / f"{safe}{_SUFFIX}"

    def save(self, key: str, payload: dict[str, Any]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        record = {"key": key, "saved_at": datetime.now(timezone.utc).isoformat(), "payload": payload}
        data = self._seal(json.dumps(record, ensure_ascii=False, sort_keys=True).encode())
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, self._path(key))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def discard(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def all(self) -> list[Draft]:
        """Every readable draft, newest first; unreadable files are skipped, not deleted."""
        if not self.folder.is_dir():
            return []
        drafts = []
        for path in self.folder.glob(f"*{_SUFFIX}"):
            try:
                record = json.loads(self._open(path.read_bytes()).decode("utf-8"))
                drafts.append(Draft(record["key"], datetime.fromisoformat(record["saved_at"]), record["payload"]))
            except (OSError, ValueError, KeyError, TypeError):
                continue
        return sorted(drafts, key=lambda d: d.saved_at, reverse=True)
