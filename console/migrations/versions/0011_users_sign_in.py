"""Sign-in for users: a password hash, a count of failed sign-ins and a lock.

- ``password_hash``: argon2id, in the library's self-describing form
  (algorithm, cost and salt travel with the hash, so costs can rise later
  and old hashes still verify). NULL: the user cannot sign in yet (the
  desk's operating-system account recorded before sign-in existed, until an
  admin sets a password).
- ``failed_sign_ins`` and ``locked_until`` (UTC): repeated wrong passwords
  lock the account for a while (settings ``security.*``).
- ``must_change_password``: set when an admin gives a temporary password.
- ``password_changed_at`` (UTC).

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("password_hash", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("failed_sign_ins", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("locked_until", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("must_change_password", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
        batch.add_column(sa.Column("password_changed_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        for name in ("password_changed_at", "must_change_password", "locked_until", "failed_sign_ins",
                     "password_hash"):
            batch.drop_column(name)
