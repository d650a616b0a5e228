"""The directory kept true: who changed what and when, verification, retirement.

- ``directory_changes``: one row per change to a directory record made at a
  desk (created, edited, deleted, verified, retired) or per import
  (imported): when, by whom, which entity and id, and the names of the
  fields changed, never their values. Indexed by (entity, entity_id, at) for
  a record's history and by ``at`` for a period's.
- ``organization``, ``service`` and ``location`` gain ``last_modified_at``
  and ``last_modified_by_id`` (a user); ``service`` gains ``assured_by_id``,
  who last marked it verified at a desk (``assured_date`` already holds
  when). All are empty on existing rows: nothing is known of their past.
- On SQLite each column is a plain ``ALTER TABLE ... ADD COLUMN ... REFERENCES``
  (and ``DROP COLUMN`` on the way down), never a batch copy: a directory of
  175,000 services is not rewritten three times for empty columns.

Retiring a service sets its HSDS ``status`` to ``inactive``, which needs no
new column. From this revision on, inactive and defunct services have no
search row (``directory_index``): the upgrade deletes the rows an import
may have made for them (the FTS5 and R*Tree triggers follow), and the
downgrade leaves them out until the next rebuild.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

RETIRED = ("inactive", "defunct")  # console.services.directory_index.RETIRED_STATUSES, as of this revision

# (table, column, refers to users?)
_COLUMNS = (
    ("organization", "last_modified_at", False),
    ("organization", "last_modified_by_id", True),
    ("service", "assured_by_id", True),
    ("service", "last_modified_at", False),
    ("service", "last_modified_by_id", True),
    ("location", "last_modified_at", False),
    ("location", "last_modified_by_id", True),
)


def _fk_name(table: str, column: str) -> str:
    return f"fk_{table}_{column}_users"  # the models' naming convention


def upgrade() -> None:
    op.create_table(
        "directory_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("entity", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=True),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_directory_changes_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_changes")),
    )
    op.create_index(op.f("ix_directory_changes_at"), "directory_changes", ["at"])
    op.create_index("ix_directory_changes_entity", "directory_changes", ["entity", "entity_id", "at"])
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, column, to_user in _COLUMNS:
        if sqlite:
            kind = f"INTEGER CONSTRAINT {_fk_name(table, column)} REFERENCES users (id)" if to_user else "DATETIME"
            op.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
        else:
            op.add_column(table, sa.Column(column, sa.Integer() if to_user else sa.DateTime(), nullable=True))
            if to_user:
                op.create_foreign_key(op.f(_fk_name(table, column)), table, "users", [column], ["id"])
    op.execute(sa.text("DELETE FROM service_search WHERE service_id IN "
                       "(SELECT id FROM service WHERE status IN :retired)")
               .bindparams(sa.bindparam("retired", RETIRED, expanding=True)))


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, column, to_user in reversed(_COLUMNS):
        if sqlite:
            op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        else:
            if to_user:
                op.drop_constraint(op.f(_fk_name(table, column)), table, type_="foreignkey")
            op.drop_column(table, column)
    op.drop_index("ix_directory_changes_entity", table_name="directory_changes")
    op.drop_index(op.f("ix_directory_changes_at"), table_name="directory_changes")
    op.drop_table("directory_changes")
