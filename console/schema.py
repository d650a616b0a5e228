"""Bringing a database to the schema this version expects (Alembic), and
checking it. Runs at start-up, before the window opens, and in ``self-check``.

Alembic is imported only when there is something to migrate or check: a
database already at ``HEAD`` (every start of a desk but the first after an
upgrade) is recognised with one query, which keeps ~0.3 s off start-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError, OperationalError, ProgrammingError

from console.db import Database, explain_dbapi_error
from console.errors import DatabaseProblem

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The newest revision in migrations/versions; tests/console/test_migrations.py
# fails if a new revision is added without updating it.
HEAD = "0017"


def stored_revision(db: Database) -> str | None:
    """The database's schema revision, read with one query (None: no schema yet)."""
    try:
        with db.engine.connect() as conn:
            try:
                return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            except (OperationalError, ProgrammingError) as exc:  # SQLite, PostgreSQL
                if "no such table" in str(exc.orig) or "does not exist" in str(exc.orig):
                    return None
                raise
    except DBAPIError as exc:
        raise explain_dbapi_error(db.target, exc) from None


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the migrations folder has no revisions"
    return head


def current_revision(conn: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def known_revision(revision: str) -> bool:
    """True when this version's migrations know ``revision`` (False: a newer console made it)."""
    from alembic.script import ScriptDirectory
    from alembic.util.exc import CommandError

    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except CommandError:
        return False


def _refuse_unknown_revision(db: Database, revision: str | None) -> None:
    if revision is not None and not known_revision(revision):
        raise DatabaseProblem(
            db.target.describe(),
            f"The database was made by a newer version of Hotline Console (schema {revision}).",
            "Install the newer version on this desk; this database was not changed.",
        )


def pending(db: Database) -> list[tuple[str, str]]:
    """The migrations an upgrade would apply, oldest first: (revision, what it does)."""
    from alembic.script import ScriptDirectory

    stored = stored_revision(db)
    _refuse_unknown_revision(db, stored)
    if stored == HEAD:
        return []
    scripts = ScriptDirectory.from_config(alembic_config())
    steps = list(scripts.iterate_revisions("head", stored or "base"))
    return [(s.revision, (s.doc or "").strip().splitlines()[0]) for s in reversed(steps)]


def upgrade(db: Database, *, backup: bool = True) -> tuple[str | None, str]:
    """Apply every pending migration. Returns (revision before, revision now).

    An embedded database that already holds a schema is backed up first
    (``console.backup``); if the migration fails, that backup is put back and
    the error says so."""
    stored = stored_revision(db)
    if stored == HEAD:
        return HEAD, HEAD
    _refuse_unknown_revision(db, stored)
    saved = None
    if backup and stored is not None and db.target.is_sqlite:
        from console import backup as backups

        saved = backups.before_upgrade(db.target, stored)
    try:
        return _migrate(db)
    except Exception as exc:
        if saved is None:
            raise
        db.dispose()  # no pooled connection may keep the failed state
        backups.restore(db.target, saved.path)
        raise DatabaseProblem(
            db.target.describe(),
            f"The upgrade from schema {stored} failed ({exc}); the database was restored from the backup "
            f"taken just before it ({saved.path}).",
            "This desk can keep using the previous version; send the log to IT.",
        ) from None


def _migrate(db: Database) -> tuple[str | None, str]:
    from alembic import command

    try:
        with db.engine.connect() as conn:
            if db.target.is_sqlite:
                # Batch migrations copy tables; foreign keys must be off while
                # they do (a no-op inside a transaction, so before BEGIN).
                conn.connection.dbapi_connection.execute("PRAGMA foreign_keys = OFF")
            before = current_revision(conn)
            conn.rollback()
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            conn.begin()  # one transaction: the migrations and the search rows they ask to rebuild
            command.upgrade(cfg, "head")
            _rebuild_search_rows_if_needed(conn, before)
            if db.target.is_sqlite:
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    conn.rollback()
                    raise DatabaseProblem(
                        db.target.describe(),
                        f"The upgrade found {len(broken)} broken references; nothing was changed.",
                        "Restore the last backup and tell IT.",
                    )
            conn.commit()
            if db.target.is_sqlite:
                conn.connection.dbapi_connection.execute("PRAGMA foreign_keys = ON")
            return before, head_revision()
    except DBAPIError as exc:
        raise explain_dbapi_error(db.target, exc) from None


def _rebuild_search_rows_if_needed(conn: Connection, before: str | None) -> None:
    """A migration that marks itself ``REBUILDS_SEARCH_ROWS`` (0006: place,
    language and hours) leaves columns the directory's search rows must fill
    from the HSDS tables: an upgrade that crossed one rebuilds every row with
    the current code, in the upgrade's transaction (it commits or is undone
    with the schema). A new database has no rows to rebuild."""
    if before is None:
        return
    from alembic.script import ScriptDirectory
    from sqlalchemy.orm import Session

    from console.services.directory_index import rebuild_search_rows

    crossed = ScriptDirectory.from_config(alembic_config()).iterate_revisions("head", before)
    if any(getattr(script.module, "REBUILDS_SEARCH_ROWS", False) for script in crossed):
        session = Session(bind=conn)  # joins the upgrade's transaction; the caller commits
        rebuild_search_rows(session)
        session.flush()
        session.close()


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    ok: bool
    detail: str


def check(db: Database) -> list[Check]:
    """What ``self-check`` reports after the upgrade: each line a fact."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from console.models import Base

    checks: list[Check] = []
    try:
        with db.engine.connect() as conn:
            rev = current_revision(conn)
            head = head_revision()
            checks.append(Check("schema revision", rev == head, f"{rev} (this version expects {head})"))
            diffs = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": False}), Base.metadata)
            diffs = [d for d in diffs if not _is_fts(d)]
            checks.append(
                Check("tables match the models", not diffs, "no differences" if not diffs else repr(diffs[:5]))
            )
            if db.target.is_sqlite:
                quick = conn.exec_driver_sql("PRAGMA quick_check").scalar()
                checks.append(Check("file integrity", quick == "ok", str(quick)))
                mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
                checks.append(Check("journal mode", mode == "wal", str(mode)))
                fk = conn.exec_driver_sql("PRAGMA foreign_keys").scalar()
                checks.append(Check("foreign keys enforced", fk == 1, "on" if fk == 1 else "off"))
                fts = conn.execute(
                    text("SELECT count(*) FROM sqlite_master WHERE name = 'service_search_fts'")
                ).scalar()
                checks.append(Check("directory search index", fts == 1, "present" if fts else "missing"))
                checks.append(_place_index_check(conn))
                marks = conn.exec_driver_sql(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'contacts_change_mark_%'"
                ).scalar()
                checks.append(_change_marks_check(marks == 2))
            elif db.target.url.get_backend_name() == "postgresql":
                checks.extend(_postgres_checks(conn))
            conn.rollback()
    except DBAPIError as exc:
        raise explain_dbapi_error(db.target, exc) from None
    return checks


def _is_fts(diff) -> bool:
    # SQLite's FTS5 and R*Tree tables (and their shadow tables) and
    # PostgreSQL's trigram index and word table (0015) are made by raw SQL in
    # the migrations, outside the models.
    text = repr(diff)
    return any(part in text for part in ("_fts", "_trgm", "'service_search_rtree", "service_search_word"))


def _place_index_check(conn: Connection) -> Check:
    """SQLite: the R*Tree of migration 0006 and its three triggers."""
    found = conn.exec_driver_sql(
        "SELECT count(*) FROM sqlite_master WHERE name = 'service_search_rtree' "
        "OR (type = 'trigger' AND name LIKE 'service_search_rtree_a_')"
    ).scalar()
    return Check("directory place index", found == 4, "present" if found == 4 else
                 "missing or incomplete: searches near a ZIP would miss services")


def _change_marks_check(present: bool) -> Check:
    return Check("queue change marks", present, "every write marks its contact" if present
                 else "missing: a desk's queue would not see some changes until it restarts")


# PostgreSQL 13 is the oldest with ``pg_current_xact_id`` (the queue's change
# marks, migration 0004); the console is tested on 15.
POSTGRES_MIN_VERSION = 130000


def _postgres_checks(conn: Connection) -> list[Check]:
    version_num = int(conn.exec_driver_sql("SHOW server_version_num").scalar())
    version = conn.exec_driver_sql("SHOW server_version").scalar()
    encoding = conn.exec_driver_sql(
        "SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database()"
    ).scalar()
    trigger = conn.exec_driver_sql(
        "SELECT tgenabled FROM pg_trigger WHERE tgname = 'contacts_notify_change' "
        "AND tgrelid = to_regclass('contacts')"
    ).scalar()
    marks = conn.exec_driver_sql(
        "SELECT tgenabled FROM pg_trigger WHERE tgname = 'contacts_change_mark' AND tgrelid = to_regclass('contacts')"
    ).scalar()
    trigram = conn.exec_driver_sql("SELECT to_regclass('ix_service_search_document_trgm') IS NOT NULL").scalar()
    fulltext = conn.exec_driver_sql("SELECT to_regclass('ix_service_search_document_fts') IS NOT NULL").scalar()
    return [
        Check("server version", version_num >= POSTGRES_MIN_VERSION,
              f"PostgreSQL {version}" + ("" if version_num >= POSTGRES_MIN_VERSION else " (13 or newer needed)")),
        Check("database encoding", encoding == "UTF8",
              str(encoding) if encoding == "UTF8" else f"{encoding} (UTF8 needed: callers' words in any language)"),
        Check("change notifications", trigger in ("O", "A"),
              "contacts notify other desks" if trigger in ("O", "A")
              else "missing or disabled: other desks would not see changes"),
        _change_marks_check(marks in ("O", "A")),
        Check("directory search", fulltext,
              "full-text index present" if fulltext else "full-text index missing: word searches read every row"),
        # Informational: searches near a ZIP work either way, faster with the index.
        Check("directory search near a place", True,
              "words matched with a trigram index" if trigram else "words matched without a trigram index "
              "(pg_trgm not available or not permitted): slower with a large directory"),
    ]
