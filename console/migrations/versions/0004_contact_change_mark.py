"""Contacts carry a change mark, so a queue refresh reads only what changed.

``contacts.change_mark`` is set by the database on every INSERT and UPDATE
(triggers, so every writer is covered: intake, queue, a script), and it grows
in commit order, which is what a reader needs: "everything at or after the
mark I saw last" must include every change it has not seen yet.

- SQLite has one writer at a time, and a write transaction holds the lock
  until it commits, so ``max(change_mark) + 1`` taken inside it is already in
  commit order. An AFTER trigger writes it (SQLite's BEFORE triggers cannot
  change NEW); the WHEN clause stops the trigger's own UPDATE from firing it
  again.
- PostgreSQL commits concurrent transactions in any order, so a sequence would
  not do (a reader could see mark 11 committed before 10). The mark is the
  writing transaction's id instead (``pg_current_xact_id()``, 64-bit, never
  wraps). A reader notes the oldest transaction still running when its
  snapshot was taken (``pg_snapshot_xmin``): everything it has not seen was
  written by that transaction or a later one, so the next refresh reads marks
  at or above it. Rows seen already may come again; none is missed.

Existing rows keep mark 0: a desk reads the whole queue once when it starts.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

INDEX = "ix_contacts_change_mark"
PG_FUNCTION = "hotline_contact_change_mark"
PG_TRIGGER = "contacts_change_mark"
SQLITE_TRIGGERS = ("contacts_change_mark_insert", "contacts_change_mark_update")

_SQLITE_NEXT_MARK = "UPDATE contacts SET change_mark = (SELECT max(change_mark) + 1 FROM contacts) WHERE id = NEW.id"


def upgrade() -> None:
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("change_mark", sa.BigInteger(), server_default="0", nullable=False))
        batch_op.create_index(INDEX, ["change_mark"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""
            CREATE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                NEW.change_mark := pg_current_xact_id()::text::bigint;
                RETURN NEW;
            END
            $$""")
        op.execute(f"""
            CREATE TRIGGER {PG_TRIGGER} BEFORE INSERT OR UPDATE ON contacts
            FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION}()""")
    else:
        op.execute(f"""
            CREATE TRIGGER {SQLITE_TRIGGERS[0]} AFTER INSERT ON contacts
            BEGIN {_SQLITE_NEXT_MARK}; END""")
        op.execute(f"""
            CREATE TRIGGER {SQLITE_TRIGGERS[1]} AFTER UPDATE ON contacts
            WHEN NEW.change_mark = OLD.change_mark
            BEGIN {_SQLITE_NEXT_MARK}; END""")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {PG_TRIGGER} ON contacts")
        op.execute(f"DROP FUNCTION IF EXISTS {PG_FUNCTION}()")
    else:
        for trigger in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_index(INDEX)
        batch_op.drop_column("change_mark")
