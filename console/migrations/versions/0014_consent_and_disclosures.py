"""Consent for the task force, and what was shared with whom

- ``contacts.consent_task_force``: the caller's answer for the third
  recipient class (``ConsentAnswer``), "not_asked" for every existing contact
  and by default. Plain ADD COLUMN, never batch mode: a recreated
  ``contacts`` would take the change-mark triggers of 0004 with it.
- ``disclosures``: one row each time a tip is forwarded or a referral packet
  made (``console.services.sharing``): when, by whom, kind, recipient class
  and name, basis (consent / mandated / override), who overrode and why, and
  the names of the fields shared. It goes with its contact (ON DELETE
  CASCADE); indexed by contact.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

TABLE = "disclosures"


def _users_fk(column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], ["users.id"], name=op.f(f"fk_{TABLE}_{column}_users"))


def upgrade() -> None:
    op.add_column(
        "contacts",
        sa.Column("consent_task_force", sa.String(length=32), server_default="not_asked", nullable=False),
    )
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("by_user_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("recipient_class", sa.String(length=32), nullable=False),
        sa.Column("recipient_name", sa.String(length=200), nullable=False),
        sa.Column("basis", sa.String(length=32), nullable=False),
        sa.Column("override_by_id", sa.Integer(), nullable=True),
        sa.Column("override_reason", sa.Text(), nullable=True),
        sa.Column("fields_shared", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contacts.id"], name=op.f(f"fk_{TABLE}_contact_id_contacts"),
                                ondelete="CASCADE"),
        _users_fk("by_user_id"),
        _users_fk("override_by_id"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{TABLE}")),
    )
    op.create_index(op.f(f"ix_{TABLE}_contact_id"), TABLE, ["contact_id"])


def downgrade() -> None:
    op.drop_index(op.f(f"ix_{TABLE}_contact_id"), table_name=TABLE)
    op.drop_table(TABLE)
    # SQLite 3.35+ drops a plain column in place (no table copy: the triggers stay).
    op.drop_column("contacts", "consent_task_force")
