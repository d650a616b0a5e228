"""PostgreSQL only: contacts announce their changes (NOTIFY), and a trigram
index for the directory's word search when pg_trgm can be had.

A statement-level trigger on ``contacts`` calls ``pg_notify('hotline_changes',
'contacts')`` after every INSERT, UPDATE, DELETE or TRUNCATE. PostgreSQL
delivers the notification when (and only if) the transaction commits, folds
repeats within one transaction into one, and drops it on rollback, so every
writer (intake, queue, supervisors, a script in psql) is covered in one
place. ``console.changefeed.PostgresChangeFeed`` LISTENs on that channel.

The directory search on PostgreSQL is ``document ILIKE '%word%'`` for each
word (full-text search is a later issue). A GIN trigram index serves those
ILIKEs for words of three letters or more. pg_trgm ships with PostgreSQL (in
the contrib files, which Debian's package includes) and is a trusted
extension: the database owner may create it without superuser rights. When
it is missing or may not be created, the index is left out and the search
still works, scanning the search rows. The index is kept out of the models
(like SQLite's FTS5 table); ``console.schema.check`` says whether it is there.
On SQLite this revision changes nothing.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op
from sqlalchemy.exc import DBAPIError

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

CHANNEL = "hotline_changes"
NOTIFY_FUNCTION = "hotline_notify_change"
NOTIFY_TRIGGER = "contacts_notify_change"
TRIGRAM_INDEX = "ix_service_search_document_trgm"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    op.execute(f"""
        CREATE FUNCTION {NOTIFY_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME);
            RETURN NULL;
        END
        $$""")
    op.execute(f"""
        CREATE TRIGGER {NOTIFY_TRIGGER}
        AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON contacts
        FOR EACH STATEMENT EXECUTE FUNCTION {NOTIFY_FUNCTION}()""")
    available = bind.exec_driver_sql("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'").scalar()
    if available:
        try:
            with bind.begin_nested():  # a savepoint: a refusal must not abort the upgrade
                bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                bind.exec_driver_sql(
                    f"CREATE INDEX {TRIGRAM_INDEX} ON service_search USING gin (document gin_trgm_ops)"
                )
        except DBAPIError:
            pass  # no right to create the extension: the search scans instead


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # pg_trgm itself stays: other objects may use it, and it holds no data.
    op.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")
    op.execute(f"DROP TRIGGER IF EXISTS {NOTIFY_TRIGGER} ON contacts")
    op.execute(f"DROP FUNCTION IF EXISTS {NOTIFY_FUNCTION}()")
