"""Queue index covers (id, version): a queue refresh reads only the index.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_index("ix_contacts_queue")
        batch_op.create_index("ix_contacts_queue", ["status", "priority_rank", "received_at", "id", "version"])


def downgrade() -> None:
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_index("ix_contacts_queue")
        batch_op.create_index("ix_contacts_queue", ["status", "priority_rank", "received_at"])
