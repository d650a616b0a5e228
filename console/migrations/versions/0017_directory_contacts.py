"""The directory's people: HSDS ``contact`` and ``phone.contact_id``

- ``contact``: a person named at an organization, a service, a service at a
  location or a location (name, title, department, email), each link
  nullable and indexed, going with what it names (ON DELETE CASCADE), plus
  the console's ``confidential`` flag as on addresses and phones. The HSDS
  table name, as the other directory tables; the hotline's call records are
  ``contacts``.
- ``phone.contact_id``: a person's own line, NULL on every existing phone,
  indexed, going with its person (ON DELETE CASCADE). On SQLite the phone
  table is copied once (batch mode): a column added by ``ALTER TABLE ... ADD
  COLUMN ... REFERENCES`` (as 0007 does for links to users) keeps its ON
  DELETE in force, but reflection cannot read it back, so ``self-check``
  would report the table as differing from the models. Copying the 222,000
  phones of the demo's 100,000 organizations took about two seconds here.

Nothing is filled in: people come with the next HSDS import (or the demo
directory). No search row changes: people are not in the service index.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

_LINKS = (  # contact column -> the table it refers to
    ("organization_id", "organization"),
    ("service_id", "service"),
    ("service_at_location_id", "service_at_location"),
    ("location_id", "location"),
)
PHONE_FK = "fk_phone_contact_id_contact"  # the models' naming convention
PHONE_INDEX = "ix_phone_contact_id"


def upgrade() -> None:
    op.create_table(
        "contact",
        sa.Column("id", sa.String(length=64), nullable=False),
        *(sa.Column(column, sa.String(length=64), nullable=True) for column, _ in _LINKS),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("department", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("confidential", sa.Boolean(), nullable=False),
        *(sa.ForeignKeyConstraint([column], [f"{table}.id"], name=op.f(f"fk_contact_{column}_{table}"),
                                  ondelete="CASCADE") for column, table in _LINKS),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact")),
    )
    for column, _ in _LINKS:
        op.create_index(op.f(f"ix_contact_{column}"), "contact", [column])
    with op.batch_alter_table("phone") as batch_op:  # PostgreSQL: plain ALTERs; SQLite: one copy
        batch_op.add_column(sa.Column("contact_id", sa.String(length=64), nullable=True))
        batch_op.create_foreign_key(op.f(PHONE_FK), "contact", ["contact_id"], ["id"], ondelete="CASCADE")
        batch_op.create_index(op.f(PHONE_INDEX), ["contact_id"])


def downgrade() -> None:
    with op.batch_alter_table("phone") as batch_op:
        batch_op.drop_index(op.f(PHONE_INDEX))
        batch_op.drop_constraint(op.f(PHONE_FK), type_="foreignkey")
        batch_op.drop_column("contact_id")
    for column, _ in reversed(_LINKS):
        op.drop_index(op.f(f"ix_contact_{column}"), table_name="contact")
    op.drop_table("contact")
