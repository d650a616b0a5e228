"""Knowing cheaply whether anything was committed since we last looked.

The queue pane asks ``changed()`` a few times a second (on the database worker
thread) and re-reads the queue only when it says True.

SQLite: ``PRAGMA data_version`` on one dedicated connection. Its value changes
when a commit by ANY OTHER connection (this process or another) reaches the
file, and never for the connection's own work; the feed's connection does no
work, so every commit counts. The pragma reads a counter in shared memory (no
disk read, no transaction), so polling it is nearly free.

PostgreSQL: ``LISTEN hotline_changes`` on one dedicated autocommit psycopg
connection, outside the SQLAlchemy pool. Migration 0003's trigger on
``contacts`` sends the NOTIFY; PostgreSQL delivers it when the writing
transaction commits. ``changed()`` drains what has arrived without waiting
(a poll of the socket). NOTIFY has no replay, so after a lost connection the
feed reconnects on the next call and says True once: the queue re-reads
everything. While the server cannot be reached ``changed()`` raises
``DatabaseProblem`` (the queue pane shows it and keeps polling) and tries
again at growing intervals (``RETRY_MIN_S`` up to ``RETRY_MAX_S``), failing
fast in between.

Other backends: ``PollingChangeFeed`` says True at most every few seconds,
which makes the queue refresh on a timer.

Qt-free by rule, like the rest of ``console``.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from sqlalchemy.engine import URL

from console.db import Database, DatabaseTarget
from console.errors import DatabaseProblem

DEFAULT_POLL_SECONDS = 2.0
CHANNEL = "hotline_changes"  # the NOTIFY channel of migration 0003's trigger
RETRY_MIN_S = 0.25  # first wait before reconnecting again after a failed attempt
RETRY_MAX_S = 5.0
CONNECT_TIMEOUT_S = 5


@runtime_checkable
class ChangeFeed(Protocol):
    def changed(self) -> bool:
        """True if anything was committed since the last call (the first call: True).

        May raise ``DatabaseProblem`` while the database cannot be reached
        (PostgreSQL); the caller reports it and asks again later."""
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


class PostgresChangeFeed:
    """``LISTEN hotline_changes`` on a dedicated autocommit psycopg connection.

    ``changed()`` is True on the first call, when a notification arrived since
    the last call, and once after a reconnect; it never waits for the network
    on the normal path (a zero-timeout poll of the connection's socket). The
    connection is made lazily, on the first call, and remade after it is
    lost. If it cannot be made, ``changed()`` raises ``DatabaseProblem``; it
    tries again on a later call once the back-off has passed (raising at once
    before that, without touching the network). A network cut that sends
    nothing is noticed by TCP keepalives (about 20 s).

    ``clock`` is for tests. Calls may come from any one thread at a time; a
    lock makes ``close()`` from another thread safe.
    """

    def __init__(
        self,
        db: Database | DatabaseTarget,
        *,
        retry_min: float = RETRY_MIN_S,
        retry_max: float = RETRY_MAX_S,
        clock: Callable[[], float] = time.monotonic,
    ):
        target = db.target if isinstance(db, Database) else db
        if target.url.get_backend_name() != "postgresql":
            raise ValueError(f"not a PostgreSQL database: {target.describe()}")
        self.target = target
        self._conninfo = postgres_conninfo(target.url)
        self._retry_min, self._retry_max, self._clock = retry_min, retry_max, clock
        self._lock = threading.Lock()
        self._conn: Any = None
        self._closed = False
        self._failures = 0
        self._retry_at = 0.0

    def changed(self) -> bool:
        with self._lock:
            if self._closed:
                return False
            if self._conn is None:
                self._listen()
                return True  # first call, or back after a loss: read everything
            import psycopg

            try:
                arrived = False
                # Twice: a server going down sends its goodbye and then closes
                # the socket; the second look sees the close in the same call.
                for _ in range(2):
                    for _ in self._conn.notifies(timeout=0):
                        arrived = True
                    if arrived:
                        break
                lost = self._conn.closed
            except psycopg.Error:
                lost = True
            if not lost:
                return arrived
            self._drop()
            self._listen()  # at once: a restarted server is usually back already
            return True

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._drop()

    @property
    def connected(self) -> bool:
        """Whether the feed holds a live connection now (for tests and diagnostics)."""
        with self._lock:
            return self._conn is not None and not self._conn.closed

    def _listen(self) -> None:
        now = self._clock()
        if now < self._retry_at:
            raise self._unreachable()
        import psycopg

        conn = None
        try:
            conn = psycopg.connect(self._conninfo, autocommit=True)
            conn.execute(f"LISTEN {CHANNEL}")
        except psycopg.Error as exc:
            if conn is not None:
                conn.close()
            self._failures += 1
            self._retry_at = now + min(self._retry_max, self._retry_min * 2 ** (self._failures - 1))
            raise self._unreachable() from exc
        self._conn, self._failures, self._retry_at = conn, 0, 0.0

    def _drop(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except Exception:  # a broken connection may fail to close; it is gone either way
                pass
            self._conn = None

    def _unreachable(self) -> DatabaseProblem:
        return DatabaseProblem(
            self.target.describe(),
            "The database server cannot be reached, so changes made on other desks are not shown.",
            "The console keeps trying by itself. If this lasts, check the network and that the "
            "database server is running, or tell IT.",
        )


def postgres_conninfo(url: URL) -> str:
    """A libpq connection string for the database of a SQLAlchemy URL: same
    host, port, user, password, database and query options, plus a connect
    timeout and TCP keepalives (so a silent network cut is noticed)."""
    from psycopg.conninfo import make_conninfo

    params: dict[str, object] = {
        key: value[-1] if isinstance(value, tuple) else value for key, value in url.query.items()
    }
    params.update(host=url.host, port=url.port, user=url.username, password=url.password, dbname=url.database)
    params.setdefault("connect_timeout", CONNECT_TIMEOUT_S)
    params.setdefault("application_name", "hotline-console change feed")
    params.setdefault("keepalives", 1)
    params.setdefault("keepalives_idle", 10)
    params.setdefault("keepalives_interval", 5)
    params.setdefault("keepalives_count", 2)
    return make_conninfo("", **{key: value for key, value in params.items() if value not in (None, "")})


class PollingChangeFeed:
    """Says True on the first call, then at most every ``interval`` seconds.

    The fallback for databases without a feed of their own (an in-memory
    SQLite database, another backend).
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
    if target.url.get_backend_name() == "postgresql":
        return PostgresChangeFeed(db)  # connects on its first changed()
    return PollingChangeFeed(poll_seconds)


def _dedicated_connection(db: Database) -> Any:
    fairy = db.engine.raw_connection()
    conn = fairy.driver_connection  # read before detach(), after which the fairy no longer says
    fairy.detach()  # never returned to the pool: the feed owns it
    return conn
