"""Contact events name the person a contact was given to.

A claim gives a contact to the claimer, a supervisor's reassignment to
someone else: ``contact_events.assignee_id`` records that person beside the
one who acted (``user_id``), so the trail says who held the contact when.
Older events keep NULL (their holder is not known).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("contact_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("assignee_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_contact_events_assignee_id_users"), "users", ["assignee_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("contact_events", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_contact_events_assignee_id_users"), type_="foreignkey")
        batch_op.drop_column("assignee_id")
