"""The audit trail: who did what to which record, when (``console.audit``).

Rows are only ever added: the database refuses UPDATE, DELETE and TRUNCATE
(migration 0012). Each row carries an HMAC of its content chained to the row
before it, so a change made with the database file or a superuser's account
shows up in ``hotline-console audit verify``. ``fields`` holds field NAMES
and ``note`` short fixed text: never what a caller said.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from console.models.base import Base

MAC_CHARS = 64  # HMAC-SHA256 in hex


class AuditEvent(Base):
    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_at", "at"),
        Index("ix_audit_events_record", "record_type", "record_id"),
        Index("ix_audit_events_user_id", "user_id"),
    )

    # Given by the trail (last id + 1 under its lock), never by a sequence: a
    # sequence leaves gaps on rollback, and a gap is how a deletion shows.
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: e.g. an unknown name signing in
    username: Mapped[str] = mapped_column(String(64))  # as it was then: users may be renamed
    action: Mapped[str] = mapped_column(String(32))
    record_type: Mapped[str | None] = mapped_column(String(32))
    record_id: Mapped[str | None] = mapped_column(String(64))
    fields: Mapped[str] = mapped_column(Text, default="")  # comma-separated field names, never values
    note: Mapped[str] = mapped_column(String(200), default="")
    prev_mac: Mapped[str] = mapped_column(String(MAC_CHARS))
    mac: Mapped[str] = mapped_column(String(MAC_CHARS))
