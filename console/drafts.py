"""Drafts: the intake form as typed, kept on this desk's disk as it changes,
so a crash, a power cut or a lost database connection loses nothing.

One JSON file a draft, written atomically (temporary file, fsync, rename):
after a crash the file is either the previous draft or the new one, never
half of each. The folder is per database, so a demo draft never comes back
on the real database. Drafts hold what a caller said; the folder is the
user's own (mode 0700), and encryption at rest arrives with the security work.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

_SUFFIX = ".draft.json"


@dataclass(frozen=True, slots=True)
class Draft:
    key: str
    saved_at: datetime
    payload: dict[str, Any]


def drafts_folder(data_dir: Path, database_identity: str) -> Path:
    digest = hashlib.sha256(database_identity.encode()).hexdigest()[:16]
    return data_dir / "drafts" / digest


class DraftStore:
    def __init__(self, folder: Path):
        self.folder = folder

    def _path(self, key: str) -> Path:
        safe = "".join(ch for ch in key if ch.isalnum() or ch in "-_")
        if not safe:
            raise ValueError(f"unusable draft key {key!r}")
        return self.folder / f"{safe}{_SUFFIX}"

    def save(self, key: str, payload: dict[str, Any]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        record = {"key": key, "saved_at": datetime.now(timezone.utc).isoformat(), "payload": payload}
        data = json.dumps(record, ensure_ascii=False, sort_keys=True).encode()
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
                record = json.loads(path.read_text(encoding="utf-8"))
                drafts.append(Draft(record["key"], datetime.fromisoformat(record["saved_at"]), record["payload"]))
            except (OSError, ValueError, KeyError, TypeError):
                continue
        return sorted(drafts, key=lambda d: d.saved_at, reverse=True)
