"""The audit trail: ``audit_events``, which the database lets no one change.

Rows are only added (``console.audit.AuditTrail``). The database itself
refuses to change or remove them, so a bug or a careless script cannot:

- SQLite: BEFORE UPDATE and BEFORE DELETE triggers that abort.
- PostgreSQL: a row trigger function that raises for UPDATE and DELETE, a
  statement trigger that raises for TRUNCATE, and the privileges revoked
  from PUBLIC. The table's owner (or a superuser) can still drop the
  triggers: that is what the HMAC chain is for (``audit verify``).

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

TABLE = "audit_events"
MESSAGE = "audit events cannot be changed or removed"
PG_FUNCTION = "hotline_audit_events_refuse"
PG_ROW_TRIGGER = "audit_events_no_change"
PG_TRUNCATE_TRIGGER = "audit_events_no_truncate"
SQLITE_TRIGGERS = {"audit_events_no_update": "UPDATE", "audit_events_no_delete": "DELETE"}
INDEXES = {"ix_audit_events_at": ["at"], "ix_audit_events_record": ["record_type", "record_id"],
           "ix_audit_events_user_id": ["user_id"]}


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("record_type", sa.String(length=32), nullable=True),
        sa.Column("record_id", sa.String(length=64), nullable=True),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("prev_mac", sa.String(length=64), nullable=False),
        sa.Column("mac", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_audit_events_user_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_audit_events"),
    )
    for name, columns in INDEXES.items():
        op.create_index(name, TABLE, columns)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""
            CREATE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '{MESSAGE} (%)', TG_OP USING ERRCODE = 'insufficient_privilege';
            END
            $$""")
        op.execute(f"""
            CREATE TRIGGER {PG_ROW_TRIGGER} BEFORE UPDATE OR DELETE ON {TABLE}
            FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION}()""")
        op.execute(f"""
            CREATE TRIGGER {PG_TRUNCATE_TRIGGER} BEFORE TRUNCATE ON {TABLE}
            FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTION}()""")
        op.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {TABLE} FROM PUBLIC")
    else:
        for trigger, operation in SQLITE_TRIGGERS.items():
            op.execute(f"""
                CREATE TRIGGER {trigger} BEFORE {operation} ON {TABLE}
                BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {PG_TRUNCATE_TRIGGER} ON {TABLE}")
        op.execute(f"DROP TRIGGER IF EXISTS {PG_ROW_TRIGGER} ON {TABLE}")
        op.execute(f"DROP FUNCTION IF EXISTS {PG_FUNCTION}()")
    else:
        for trigger in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    for name in INDEXES:
        op.drop_index(name, table_name=TABLE)
    op.drop_table(TABLE)
