"""PostgreSQL only: the directory's word search becomes full-text search.

A GIN index over ``to_tsvector('simple', document)`` of the search rows
serves ``console.services.directory_fulltext_pg`` (prefix queries, ranked).
It is an expression index, kept out of the models like SQLite's FTS5 table
(its name ends in ``_fts``). The trigram index of 0003 stays: the search
near a ZIP still matches words with ILIKE among the services in its box.
On SQLite this revision changes nothing.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

INDEX = "ix_service_search_document_fts"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"CREATE INDEX {INDEX} ON service_search USING gin (to_tsvector('simple', document))")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"DROP INDEX IF EXISTS {INDEX}")
