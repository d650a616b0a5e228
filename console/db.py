"""Engines and sessions: the one place that connects to a database.

SQLite (the embedded default) runs in WAL mode with ``synchronous=FULL`` (a
committed tip survives a power cut), foreign keys on and a busy timeout.
Python 3.11's sqlite3 driver manages transactions in a legacy way that skips
BEGIN before SELECTs, so the driver's own handling is switched off and BEGIN
is emitted here: ``BEGIN IMMEDIATE`` for write sessions (a second desk waits
on the busy timeout instead of failing on the lock upgrade), plain ``BEGIN``
for reads. See shared PITFALLS.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from console.audit.trail import AuditTrail
from console.errors import DatabaseProblem

if TYPE_CHECKING:
    from console.field_crypto.cipher import FieldKey

BUSY_TIMEOUT_MS = 5000
_BEGIN_OPTION = "hotline_sqlite_begin"


@dataclass(frozen=True, slots=True)
class DatabaseTarget:
    """Where the data lives: a SQLAlchemy URL, shown without its password.

    ``key`` is the raw SQLCipher key of an unlocked encrypted SQLite file
    (``unlocked``); it is never part of the URL, the repr or ``describe()``."""

    url: URL
    key: bytes | None = field(default=None, repr=False, compare=False)

    @classmethod
    def parse(cls, text: str) -> DatabaseTarget:
        try:
            url = make_url(text)
        except ArgumentError:
            # A bare path is the friendliest thing to accept from IT.
            url = make_url("sqlite:///" + str(Path(text).expanduser().resolve()))
        if url.drivername == "postgresql":
            url = url.set(drivername="postgresql+psycopg")  # psycopg 3 is the driver we ship
        return cls(url)

    @classmethod
    def sqlite_file(cls, path: Path) -> DatabaseTarget:
        return cls(URL.create("sqlite", database=str(path)))

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        db = self.url.database
        if not self.is_sqlite or not db or db == ":memory:":
            return None
        return Path(db)

    def describe(self) -> str:
        return self.url.render_as_string(hide_password=True)

    def unlocked(self, key: bytes) -> DatabaseTarget:
        """This SQLite file opened through SQLCipher with ``key`` (32 bytes)."""
        if not self.is_sqlite or self.sqlite_path is None:
            raise ValueError(f"only an embedded SQLite file is encrypted, not {self.describe()}")
        return replace(self, url=self.url.set(drivername="sqlite+pysqlcipher"), key=key)


def _prepare_sqlite_file(target: DatabaseTarget) -> None:
    """Create the folder of a SQLite file, or explain why it cannot be."""
    path = target.sqlite_path
    if path is None:
        return
    where = target.describe()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise DatabaseProblem(
            where,
            f"The folder for the database cannot be made: part of {path.parent} is a file.",
            "Choose another location with --db or HOTLINE_DB_URL.",
        ) from None
    except OSError as exc:
        raise DatabaseProblem(
            where,
            f"The folder {path.parent} cannot be created ({exc.strerror or exc}).",
            "Ask IT for write access, or choose another location with --db.",
        ) from None
    if path.is_dir():
        raise DatabaseProblem(where, f"{path} is a folder, not a database file.", "Point --db at a file.")
    if path.exists():
        if not os.access(path, os.R_OK | os.W_OK):
            raise DatabaseProblem(
                where, f"You may not read and write {path}.", "Ask IT to fix the file's permissions."
            )
    elif not os.access(path.parent, os.W_OK | os.X_OK):
        raise DatabaseProblem(
            where, f"The folder {path.parent} is read-only for you.", "Ask IT for write access, or choose another location with --db."
        )


def _install_sqlite_listeners(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cur = dbapi_connection.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA mmap_size = 268435456")  # reads straight from the page cache
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        mode = conn.get_execution_options().get(_BEGIN_OPTION, "IMMEDIATE")
        conn.exec_driver_sql("BEGIN" if mode == "DEFERRED" else "BEGIN IMMEDIATE")


def explain_dbapi_error(target: DatabaseTarget, exc: BaseException) -> DatabaseProblem:
    """Turn a driver error met while opening a database into advice."""
    where = target.describe()
    text = str(getattr(exc, "orig", exc)).lower()
    if target.key is not None and "file is not a database" in text:
        return DatabaseProblem(
            where,
            "The database could not be unlocked with this key: it is not the key the file was encrypted with, "
            "or the file is damaged.",
            "Unlock it again with your password or the recovery key; if that fails too, restore the last "
            "backup. Nothing was changed.",
        )
    if "file is not a database" in text or "malformed" in text:
        from console.encryption.state import sqlite_header_is_plain

        path = target.sqlite_path
        locked = path is not None and sqlite_header_is_plain(path) is False
        return DatabaseProblem(
            where,
            "This file is not a Hotline Console database, or it is damaged"
            + (f", or it is encrypted and its key file ({path.name}.keys) is missing." if locked else "."),
            "Check the path. If it is the right file, restore it from the last backup; it was not changed.",
        )
    if "locked" in text or "busy" in text:
        return DatabaseProblem(
            where,
            "The database is locked by another program and did not free up in time.",
            "Close other programs using it (or wait a minute) and start again.",
        )
    if "readonly" in text or "read-only" in text:
        return DatabaseProblem(where, "The database is read-only for you.", "Ask IT for write access.")
    if "password authentication failed" in text or "authentication failed" in text:
        return DatabaseProblem(
            where, "The database refused the user name or password.", "Check the database address with IT."
        )
    if "unable to open" in text:
        return DatabaseProblem(where, "The database file cannot be opened.", "Check the path and its permissions.")
    if (isinstance(exc, DBAPIError) and exc.connection_invalidated) or "connect" in text or "could not" in text:
        return DatabaseProblem(
            where,
            "The database server cannot be reached.",
            "Check the network and that the server is running, then start again.",
        )
    return DatabaseProblem(where, f"The database reported a problem: {_without_values(getattr(exc, 'orig', exc))}",
                           "Tell IT.")


def _without_values(error: object) -> str:
    """The server's message without its DETAIL lines, which quote row values
    (PostgreSQL: "Key (phone)=(...) already exists")."""
    return "\n".join(line for line in str(error).splitlines() if not line.lstrip().startswith("DETAIL:"))


class Database:
    """An engine plus the two kinds of session the services use."""

    def __init__(self, target: DatabaseTarget, *, echo: bool = False, audit_key: bytes | None = None,
                 key: bytes | None = None, field_key: FieldKey | None = None):
        # ``key``: the raw SQLCipher key of an encrypted embedded file (console.encryption).
        # ``field_key``: seals callers' details on PostgreSQL (console.field_crypto); ignored on SQLite.
        target = target.unlocked(key) if key is not None else target
        self.target = target
        # Without a key (tests, scripts, benchmarks) the trail is signed with a
        # random key of this instance alone: its events chain correctly but can
        # never be verified later. ``console.cli.open_database`` passes the
        # site's key (``console.audit.keys``).
        self.audit = AuditTrail(audit_key if audit_key is not None else secrets.token_bytes(32))
        if target.is_sqlite:
            _prepare_sqlite_file(target)
            from console.encryption.state import check_target

            check_target(target)  # a locked encrypted file, or a key for a plain one: refused here
        url, options = target.url, {}
        if target.key is not None:
            # SQLAlchemy's pysqlcipher dialect sends the URL's password as
            # PRAGMA key="..." first on every new connection, before the
            # listeners below: a raw key literal, so no key derivation per
            # connection. QueuePool as for plain files (the dialect's default,
            # SingletonThreadPool, is one connection per thread).
            from console.encryption.keys import sql_key
            from console.encryption.state import quiet_sqlcipher

            quiet_sqlcipher()
            url, options = url.set(password=sql_key(target.key)), {"poolclass": QueuePool}
        try:
            connect_args = {"connect_timeout": 5} if target.url.get_backend_name() == "postgresql" else {}
            # hide_parameters: an error's text (shown, logged) never carries a
            # caller's name or phone from the statement's values.
            self.engine = create_engine(
                url, echo=echo, pool_pre_ping=not target.is_sqlite, connect_args=connect_args,
                hide_parameters=True, **options,
            )
        except (ArgumentError, ImportError) as exc:
            raise DatabaseProblem(
                target.describe(), f"This database address is not usable: {exc}", "Check --db or HOTLINE_DB_URL."
            ) from None
        if target.is_sqlite:
            _install_sqlite_listeners(self.engine)
            self._read_engine = self.engine.execution_options(**{_BEGIN_OPTION: "DEFERRED"})
        else:
            # One snapshot for the whole read, as SQLite gives (a queue read
            # is two queries that must agree).
            self._read_engine = self.engine.execution_options(isolation_level="REPEATABLE READ")
        # The engine's dialect carries the field key to the SealedText columns:
        # this database's alone, whatever else the process opens.
        self.field_key = None if target.is_sqlite else field_key
        from console.field_crypto.types import attach

        attach(self.engine, self.field_key, target.describe())
        self._writer = sessionmaker(self.engine, expire_on_commit=False)
        self._reader = sessionmaker(self._read_engine, expire_on_commit=False)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction that may write; commits on success, rolls back on error."""
        with self._writer.begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """One read-only transaction (a consistent snapshot on every backend)."""
        with self._reader() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()

