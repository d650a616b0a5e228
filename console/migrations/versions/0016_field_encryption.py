"""Field encryption on PostgreSQL: the phone hash, and room for sealed values

- ``contacts.caller_phone_hash`` (both databases): an HMAC of the caller's
  phone under the field key, indexed, for finding a returning caller whose
  phone is sealed (``console.field_crypto.phones``). NULL for every existing
  contact; ``hotline-console db encrypt-fields`` fills it. Plain ADD COLUMN,
  never batch mode: a recreated ``contacts`` would take the change-mark
  triggers of 0004 with it.
- PostgreSQL only: the sealed columns that were VARCHAR(n) become TEXT, as
  a sealed value is longer than its text (varchar to text rewrites nothing).
  SQLite ignores lengths, so there nothing changes. The list is copied here
  as it was at this revision (a migration never imports code that may change).

A downgrade on PostgreSQL is refused while any value is sealed: the older
version could not read it, and it would not fit the narrower columns.

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

INDEX = "ix_contacts_caller_phone_hash"
WIDENED = {  # table: {column: its VARCHAR length before}
    "contacts": {"caller_name": 120, "caller_safe_phone": 32, "caller_safe_times": 200, "caller_code_word": 60,
                 "caller_heard_about": 200, "tip_forwarded_to": 200},
    "follow_up_tasks": {"safe_phone": 32, "safe_times_text": 200},
    "tta_requests": {"requester_name": 120, "requester_email": 200, "requester_phone": 32},
    "disclosures": {"recipient_name": 200},
    "materials_sent": {"recipient": 200},
}
SEALED_BEFORE_TEXT = {  # sealed columns that were TEXT already: checked by the downgrade too
    "contacts": ("indicators", "summary", "materials_sent"),
    "referrals": ("note",),
    "follow_up_tasks": ("note",),
    "tta_requests": ("description",),
    "tta_work_log": ("note",),
    "disclosures": ("override_reason",),
}


def upgrade() -> None:
    op.add_column("contacts", sa.Column("caller_phone_hash", sa.String(length=64), nullable=True))
    op.create_index(INDEX, "contacts", ["caller_phone_hash"])
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, columns in WIDENED.items():
        for column, length in columns.items():
            op.alter_column(table, column, type_=sa.Text(), existing_type=sa.String(length=length))


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        _refuse_sealed_values(bind)
        for table, columns in WIDENED.items():
            for column, length in columns.items():
                op.alter_column(table, column, type_=sa.String(length=length), existing_type=sa.Text())
    op.drop_index(INDEX, table_name="contacts")
    # SQLite 3.35+ drops a plain column in place (no table copy: the triggers stay).
    op.drop_column("contacts", "caller_phone_hash")


def _refuse_sealed_values(bind) -> None:
    tables = {table: (*WIDENED.get(table, {}), *SEALED_BEFORE_TEXT.get(table, ()))
              for table in (*WIDENED, *SEALED_BEFORE_TEXT)}
    for table, columns in tables.items():
        sealed = " OR ".join(f"{column} LIKE :sealed" for column in columns)
        if bind.execute(sa.text(f"SELECT EXISTS (SELECT 1 FROM {table} WHERE {sealed})"), {"sealed": "enc1:%"}).scalar():
            raise RuntimeError(
                f"{table} holds values sealed by field encryption; the older version cannot read them. "
                "Nothing was changed. Restore a backup taken before encryption was turned on instead.")
