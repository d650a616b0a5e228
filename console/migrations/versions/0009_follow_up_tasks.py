"""Follow-up tasks on contacts, with the person's safe time windows.

- ``follow_up_tasks``: what to do (kind), by when (``due_at``, UTC), by whom
  (``owner_id``), a note; how to reach the person safely for it (safe phone,
  the safe times as given, their time zone, may a message be left); status
  (open, done, cancelled) with who and when made, changed and closed it. It
  goes with its contact (ON DELETE CASCADE). Indexes on (owner, status, due)
  for a desk's due list and on (status, due) for the overdue count.
- ``follow_up_windows``: the safe windows of a task, one row each: weekdays as
  a bit set (Monday 1 ... Sunday 64), local start and end times.
- Existing contacts are untouched; their ``follow_up_due`` stays as it is.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "follow_up_tasks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("safe_phone", sa.String(length=32), nullable=True),
        sa.Column("safe_times_text", sa.String(length=200), nullable=True),
        sa.Column("safe_time_zone", sa.String(length=64), nullable=False),
        sa.Column("may_leave_message", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["contact_id"], ["contacts.id"], name=op.f("fk_follow_up_tasks_contact_id_contacts"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name=op.f("fk_follow_up_tasks_owner_id_users")),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_follow_up_tasks_created_by_id_users")),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"], name=op.f("fk_follow_up_tasks_updated_by_id_users")),
        sa.ForeignKeyConstraint(["closed_by_id"], ["users.id"], name=op.f("fk_follow_up_tasks_closed_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up_tasks")),
    )
    op.create_index(op.f("ix_follow_up_tasks_contact_id"), "follow_up_tasks", ["contact_id"])
    op.create_index("ix_follow_up_tasks_owner_due", "follow_up_tasks", ["owner_id", "status", "due_at"])
    op.create_index("ix_follow_up_tasks_status_due", "follow_up_tasks", ["status", "due_at"])
    op.create_table(
        "follow_up_windows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("days", sa.SmallInteger(), nullable=False),
        sa.Column("starts", sa.Time(), nullable=False),
        sa.Column("ends", sa.Time(), nullable=False),
        sa.ForeignKeyConstraint(["task_id"], ["follow_up_tasks.id"],
                                name=op.f("fk_follow_up_windows_task_id_follow_up_tasks"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up_windows")),
    )
    op.create_index(op.f("ix_follow_up_windows_task_id"), "follow_up_windows", ["task_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_follow_up_windows_task_id"), table_name="follow_up_windows")
    op.drop_table("follow_up_windows")
    op.drop_index("ix_follow_up_tasks_status_due", table_name="follow_up_tasks")
    op.drop_index("ix_follow_up_tasks_owner_due", table_name="follow_up_tasks")
    op.drop_index(op.f("ix_follow_up_tasks_contact_id"), table_name="follow_up_tasks")
    op.drop_table("follow_up_tasks")
