"""Knowing cheaply whether anything was committed since we last looked.

The queue pane asks ``changed()`` a few times a second (on the database worker
thread) and re-reads the queue only when it says True.

SQLite: ``PRAGMA data_version`` on one dedicated connection. Its value changes
when a commit by ANY OTHER connection (this process or another) reaches the
file, and never for the connection's own work; the feed's connection does no
work, so every commit counts. The pragma reads a counter in shared memory (no
disk read, no transaction), so polling it is nearly free.

Other backends: until PostgreSQL ``LISTEN/NOTIFY`` arrives (its own issue),
``PollingChangeFeed`` says True at most every few seconds, which makes the
queue refresh on a timer.

Qt-free by rule, like the rest of ``console``.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from console.db import Database, DatabaseTarget

DEFAULT_POLL_SECONDS = 2.0


@runtime_checkable
class ChangeFeed(Protocol):
    def changed(self) -> bool:
        """True if anything was committed since the last call (the first call: True)."""
        ...

    def close(self) -> None:
        """Release the feed's connection; ``changed()`` then says False."""
        ...


class SQLiteChangeFeed:
    """``PRAGMA data_version`` on one dedicated connection.

    ``target_or_path`` is a SQLite ``DatabaseTarget`` or a file path. ``connect``
    may supply the connection instead (an encrypted file needs its key, which
    only the engine knows). Calls may come from any one thread at a time; a
    lock makes ``close()`` from another thread safe.
    """

    def __init__(self, target_or_path: DatabaseTarget | Path | str, *, connect: Callable[[], Any] | None = None):
        if isinstance(target_or_path, DatabaseTarget):
            path = target_or_path.sqlite_path
            if path is None:
                raise ValueError(f"not a SQLite file: {target_or_path.describe()}")
        else:
            path = Path(target_or_path)
        self.path = path
        if connect is None:
            self._conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        else:
            self._conn = connect()
        self._lock = threading.Lock()
        self._last: int | None = None

    def changed(self) -> bool:
        with self._lock:
            if self._conn is None:
                return False
            version = self._conn.execute("PRAGMA data_version").fetchone()[0]
            changed, self._last = version != self._last, version
            return changed

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None


class PollingChangeFeed:
    """Says True on the first call, then at most every ``interval`` seconds.

    A stand-in for backends without a feed yet; replaced by PostgreSQL
    ``LISTEN/NOTIFY`` in a later issue.
    """

    def __init__(self, interval: float = DEFAULT_POLL_SECONDS, clock: Callable[[], float] = time.monotonic):
        self.interval = interval
        self._clock = clock
        self._last: float | None = None
        self._closed = False

    def changed(self) -> bool:
        if self._closed:
            return False
        now = self._clock()
        if self._last is None or now - self._last >= self.interval:
            self._last = now
            return True
        return False

    def close(self) -> None:
        self._closed = True


def open_change_feed(db: Database, poll_seconds: float = DEFAULT_POLL_SECONDS) -> ChangeFeed:
    """The best feed for this database; the caller closes it."""
    target = db.target
    if target.is_sqlite and target.sqlite_path is not None:
        if target.url.get_driver_name() == "pysqlite":
            return SQLiteChangeFeed(target)
        # SQLCipher and other SQLite drivers: the engine's connect listener
        # applies the key; take one connection out of its pool for good.
        return SQLiteChangeFeed(target, connect=lambda: _dedicated_connection(db))
    return PollingChangeFeed(poll_seconds)


def _dedicated_connection(db: Database) -> Any:
    fairy = db.engine.raw_connection()
    fairy.detach()  # never returned to the pool: the feed owns it
    return fairy.driver_connection
