"""The resource library and the materials sent from it.

- ``library_items``: the catalogue (title, kind, topics, audiences, language,
  format, a link or a file path, date reviewed, retired, who and when
  created and changed), with an index on (retired, title, id) for listings.
- ``materials_sent``: which item went to whom on a contact, how and when, by
  whom; the item's title is copied. It goes with its contact (ON DELETE
  CASCADE); an item removed from the catalogue leaves its sends readable
  (SET NULL). The older free-text ``contacts.materials_sent`` stays as it is.
- SQLite only: ``library_items_fts``, an FTS5 table with external content
  over ``title``, ``description`` and ``search_words`` (made by raw SQL,
  outside the models, like the directory's in 0001), kept in step by three
  triggers, so the application only ever writes ``library_items``. The
  update trigger fires only when an indexed column changes (retiring an
  item does not touch the index).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_COLUMNS = "title, description, search_words"
_OLD = "old.title, old.description, old.search_words"
_NEW = "new.title, new.description, new.search_words"
FTS_SQL = (
    f"""CREATE VIRTUAL TABLE library_items_fts USING fts5(
        {_COLUMNS}, content='library_items', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', prefix='2 3')""",
    f"""CREATE TRIGGER library_items_fts_ai AFTER INSERT ON library_items BEGIN
        INSERT INTO library_items_fts(rowid, {_COLUMNS}) VALUES (new.id, {_NEW});
    END""",
    f"""CREATE TRIGGER library_items_fts_ad AFTER DELETE ON library_items BEGIN
        INSERT INTO library_items_fts(library_items_fts, rowid, {_COLUMNS}) VALUES ('delete', old.id, {_OLD});
    END""",
    f"""CREATE TRIGGER library_items_fts_au AFTER UPDATE OF id, {_COLUMNS} ON library_items BEGIN
        INSERT INTO library_items_fts(library_items_fts, rowid, {_COLUMNS}) VALUES ('delete', old.id, {_OLD});
        INSERT INTO library_items_fts(rowid, {_COLUMNS}) VALUES (new.id, {_NEW});
    END""",
)
FTS_DROP = (
    "DROP TRIGGER IF EXISTS library_items_fts_au",
    "DROP TRIGGER IF EXISTS library_items_fts_ad",
    "DROP TRIGGER IF EXISTS library_items_fts_ai",
    "DROP TABLE IF EXISTS library_items_fts",
)


def upgrade() -> None:
    op.create_table(
        "library_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("topics", sa.String(length=400), nullable=False),
        sa.Column("audiences", sa.String(length=400), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("format", sa.String(length=32), nullable=False),
        sa.Column("link", sa.String(length=1000), nullable=True),
        sa.Column("file_path", sa.String(length=1000), nullable=True),
        sa.Column("reviewed_on", sa.Date(), nullable=True),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.Column("search_words", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_library_items_created_by_id_users")),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"], name=op.f("fk_library_items_updated_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_library_items")),
    )
    op.create_index("ix_library_items_retired_title", "library_items", ["retired", "title", "id"])
    op.create_table(
        "materials_sent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("item_title", sa.String(length=300), nullable=False),
        sa.Column("method", sa.String(length=32), nullable=False),
        sa.Column("recipient", sa.String(length=200), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.Column("sent_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["contact_id"], ["contacts.id"], name=op.f("fk_materials_sent_contact_id_contacts"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["item_id"], ["library_items.id"],
                                name=op.f("fk_materials_sent_item_id_library_items"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["sent_by_id"], ["users.id"], name=op.f("fk_materials_sent_sent_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_materials_sent")),
    )
    op.create_index(op.f("ix_materials_sent_contact_id"), "materials_sent", ["contact_id"])
    op.create_index(op.f("ix_materials_sent_item_id"), "materials_sent", ["item_id"])
    op.create_index("ix_materials_sent_sent_at", "materials_sent", ["sent_at", "item_id"])
    if op.get_bind().dialect.name == "sqlite":
        for statement in FTS_SQL:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in FTS_DROP:
            op.execute(statement)
    op.drop_index("ix_materials_sent_sent_at", table_name="materials_sent")
    op.drop_index(op.f("ix_materials_sent_item_id"), table_name="materials_sent")
    op.drop_index(op.f("ix_materials_sent_contact_id"), table_name="materials_sent")
    op.drop_table("materials_sent")
    op.drop_index("ix_library_items_retired_title", table_name="library_items")
    op.drop_table("library_items")
