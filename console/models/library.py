"""The resource library: anti-trafficking materials the hotline sends out,
and the record of each one sent on a contact.

Codes are stored as short strings (``console.vocabulary``: ``LibraryKind``,
``LibraryTopic``, ``LibraryAudience``, ``LibraryFormat``, ``SendMethod``);
an item's topics and audiences are space-separated codes, like a directory
search row's categories. Items are retired, never deleted, so what was sent
stays countable. On SQLite an FTS5 table with external content
(``library_items_fts``, migration 0008) mirrors ``title``, ``description``
and ``search_words`` through triggers; the application only writes
``library_items``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from console.field_crypto.types import SealedText
from console.models.base import Base, utcnow

if TYPE_CHECKING:
    from console.models.contact import Contact

CODE = String(32)


class LibraryItem(Base):
    __tablename__ = "library_items"
    # A listing without words walks this index in title order (retired ones apart).
    __table_args__ = (Index("ix_library_items_retired_title", "retired", "title", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(CODE)
    topics: Mapped[str] = mapped_column(String(400), default="")  # space-separated codes
    audiences: Mapped[str] = mapped_column(String(400), default="")  # space-separated codes
    language: Mapped[str] = mapped_column(String(8))
    format: Mapped[str] = mapped_column(CODE)
    link: Mapped[str | None] = mapped_column(String(1000))  # http(s) only
    file_path: Mapped[str | None] = mapped_column(String(1000))
    reviewed_on: Mapped[date | None] = mapped_column(Date)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    # The words of its kind, format, topics, audiences and language, for the full-text index.
    search_words: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class MaterialSent(Base):
    """One library item given on a contact: to whom, how, when, by whom.

    The title is copied when it is sent, so the record stays readable if the
    item is later renamed or removed."""

    __tablename__ = "materials_sent"
    # Counting an item's use over a period reads this index alone.
    __table_args__ = (Index("ix_materials_sent_sent_at", "sent_at", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("library_items.id", ondelete="SET NULL"), index=True)
    item_title: Mapped[str] = mapped_column(String(300))
    method: Mapped[str] = mapped_column(CODE)
    recipient: Mapped[str | None] = mapped_column(SealedText("materials_sent.recipient", 200))  # console.field_crypto
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    contact: Mapped[Contact] = relationship(back_populates="material_sends")
