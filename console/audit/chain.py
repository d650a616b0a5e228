"""The HMAC chain: how one event's ``mac`` is computed from its content and
the ``mac`` of the event before it.

    mac = HMAC-SHA256(key, prev_mac || canonical(event))

``canonical`` is compact JSON of the stored values in a fixed order, with the
time as naive UTC to the microsecond (what both SQLite and PostgreSQL keep),
so the bytes a verifier rebuilds from the database are the bytes signed.
Without the key nobody can make a ``mac`` that verifies: an altered, deleted
or inserted event breaks the chain at that point.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime

from console.models.base import naive_utc

GENESIS = "0" * 64  # the prev_mac of the first event
KEY_BYTES = 32


def canonical(event_id: int, at: datetime, user_id: int | None, username: str, action: str,
              record_type: str | None, record_id: str | None, fields: str, note: str) -> bytes:
    stamp = naive_utc(at).strftime("%Y-%m-%dT%H:%M:%S.%f")
    values = [event_id, stamp, user_id, username, action, record_type, record_id, fields, note]
    return json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def mac_of(key: bytes, prev_mac: str, content: bytes) -> str:
    return hmac.new(key, prev_mac.encode("ascii") + content, hashlib.sha256).hexdigest()


def same_mac(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("ascii", "replace"), b.encode("ascii", "replace"))
