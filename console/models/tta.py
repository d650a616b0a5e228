"""Training and technical-assistance (TTA) requests on a contact (issue 7).

- ``tta_requests``: one request: its kind (``TtaKind``), who asks (the
  organization and the person: name, role, email, phone: professionals, not
  victims), the topic (a ``LibraryTopic`` code plus free words), the audience
  (a ``LibraryAudience`` code plus free words), the event's date and place
  where there is one, urgency (consistent with the contact's) and the time a
  response is due under the hours policy; its status (``TtaStatus``) and,
  for a review of third-party materials, the review's outcome. It goes with
  its contact (ON DELETE CASCADE).
- ``tta_work_log``: who worked on a request, when, and what: each status
  change (from, to) and each note, one row each; only ever appended to.
- ``tta_attachments``: third-party materials sent for review, stored in the
  database (so every desk of a shared PostgreSQL database sees them, and a
  backup holds them). The content is the last column and deferred: a listing
  never reads it (SQLite keeps a large value on overflow pages it does not
  visit; PostgreSQL TOASTs it out of line). Type checked by content, size
  limited and the name sanitised by ``console.services.tta_attachments``.

Codes are short strings checked by ``console.services.tta``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from console.field_crypto.types import SealedText
from console.models.base import Base, utcnow

CODE = String(32)


class TtaRequest(Base):
    __tablename__ = "tta_requests"
    __table_args__ = (
        # Program staff's list: open requests by status, oldest first.
        Index("ix_tta_requests_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(CODE)
    status: Mapped[str] = mapped_column(CODE, default="new")
    urgent: Mapped[bool] = mapped_column(Boolean)
    respond_by: Mapped[datetime | None]  # the hours policy's due time; None: urgent, handled now

    # Who asks
    organization: Mapped[str] = mapped_column(String(200), default="")
    # The person's name, email and phone and the description are sealed on a
    # shared PostgreSQL database (console.field_crypto); the organization is not.
    requester_name: Mapped[str] = mapped_column(SealedText("tta_requests.requester_name", 120))
    requester_role: Mapped[str] = mapped_column(String(120), default="")
    requester_email: Mapped[str | None] = mapped_column(SealedText("tta_requests.requester_email", 200))
    requester_phone: Mapped[str | None] = mapped_column(SealedText("tta_requests.requester_phone", 32))

    # What about, for whom, where and when
    topic: Mapped[str] = mapped_column(CODE)
    topic_detail: Mapped[str] = mapped_column(String(200), default="")
    audience: Mapped[str | None] = mapped_column(CODE)
    audience_detail: Mapped[str] = mapped_column(String(200), default="")
    event_date: Mapped[date | None] = mapped_column(Date)
    event_city: Mapped[str | None] = mapped_column(String(80))
    event_state: Mapped[str | None] = mapped_column(String(2))
    description: Mapped[str] = mapped_column(SealedText("tta_requests.description"), default="")

    # A review of third-party materials: its outcome (``TtaReviewOutcome``)
    review_outcome: Mapped[str | None] = mapped_column(CODE)
    review_note: Mapped[str] = mapped_column(Text, default="")
    reviewed_at: Mapped[datetime | None]
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closed_at: Mapped[datetime | None]  # done or declined

    log: Mapped[list[TtaWorkLog]] = relationship(
        back_populates="request", cascade="all, delete-orphan", passive_deletes=True, order_by="TtaWorkLog.id"
    )


class TtaWorkLog(Base):
    """One step of work on a request: a status change (from, to) or a note."""

    __tablename__ = "tta_work_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("tta_requests.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    from_status: Mapped[str | None] = mapped_column(CODE)
    to_status: Mapped[str | None] = mapped_column(CODE)
    note: Mapped[str] = mapped_column(SealedText("tta_work_log.note"), default="")

    request: Mapped[TtaRequest] = relationship(back_populates="log")


class TtaAttachment(Base):
    """A file sent for review; ``content`` is read only when it is saved out."""

    __tablename__ = "tta_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("tta_requests.id", ondelete="CASCADE"), index=True)
    file_name: Mapped[str] = mapped_column(String(160))  # sanitised; its extension matches the content
    media_type: Mapped[str] = mapped_column(String(100))  # found from the content, not the name
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
