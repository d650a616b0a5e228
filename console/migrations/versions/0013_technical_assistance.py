"""Training and technical-assistance requests, their work log and attachments

- ``tta_requests``: a TTA request on a contact (kind, who asks, topic,
  audience, event date and place, urgency and the due time the hours policy
  gives it, status, a review's outcome), with who and when made and changed
  it. It goes with its contact (ON DELETE CASCADE). Indexes on the contact
  and on (status, created) for program staff's list.
- ``tta_work_log``: each status change and note on a request: who, when, from,
  to, the note.
- ``tta_attachments``: third-party materials sent for review, the content in
  the database (a BLOB on SQLite, bytea on PostgreSQL), with its sanitised
  name, the type found from its content, its size and SHA-256.
- Existing contacts are untouched: no request is made for old TTA contacts.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def _users_fk(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], ["users.id"], name=op.f(f"fk_{table}_{column}_users"))


def upgrade() -> None:
    op.create_table(
        "tta_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("respond_by", sa.DateTime(), nullable=True),
        sa.Column("organization", sa.String(length=200), nullable=False),
        sa.Column("requester_name", sa.String(length=120), nullable=False),
        sa.Column("requester_role", sa.String(length=120), nullable=False),
        sa.Column("requester_email", sa.String(length=200), nullable=True),
        sa.Column("requester_phone", sa.String(length=32), nullable=True),
        sa.Column("topic", sa.String(length=32), nullable=False),
        sa.Column("topic_detail", sa.String(length=200), nullable=False),
        sa.Column("audience", sa.String(length=32), nullable=True),
        sa.Column("audience_detail", sa.String(length=200), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=True),
        sa.Column("event_city", sa.String(length=80), nullable=True),
        sa.Column("event_state", sa.String(length=2), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("review_outcome", sa.String(length=32), nullable=True),
        sa.Column("review_note", sa.Text(), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["contact_id"], ["contacts.id"], name=op.f("fk_tta_requests_contact_id_contacts"),
                                ondelete="CASCADE"),
        _users_fk("tta_requests", "reviewed_by_id"),
        _users_fk("tta_requests", "created_by_id"),
        _users_fk("tta_requests", "updated_by_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tta_requests")),
    )
    op.create_index(op.f("ix_tta_requests_contact_id"), "tta_requests", ["contact_id"])
    op.create_index("ix_tta_requests_status_created", "tta_requests", ["status", "created_at"])
    op.create_table(
        "tta_work_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("from_status", sa.String(length=32), nullable=True),
        sa.Column("to_status", sa.String(length=32), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["request_id"], ["tta_requests.id"],
                                name=op.f("fk_tta_work_log_request_id_tta_requests"), ondelete="CASCADE"),
        _users_fk("tta_work_log", "user_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tta_work_log")),
    )
    op.create_index(op.f("ix_tta_work_log_request_id"), "tta_work_log", ["request_id"])
    op.create_table(
        "tta_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=160), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["request_id"], ["tta_requests.id"],
                                name=op.f("fk_tta_attachments_request_id_tta_requests"), ondelete="CASCADE"),
        _users_fk("tta_attachments", "added_by_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tta_attachments")),
    )
    op.create_index(op.f("ix_tta_attachments_request_id"), "tta_attachments", ["request_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_tta_attachments_request_id"), table_name="tta_attachments")
    op.drop_table("tta_attachments")
    op.drop_index(op.f("ix_tta_work_log_request_id"), table_name="tta_work_log")
    op.drop_table("tta_work_log")
    op.drop_index("ix_tta_requests_status_created", table_name="tta_requests")
    op.drop_index(op.f("ix_tta_requests_contact_id"), table_name="tta_requests")
    op.drop_table("tta_requests")
