"""Follow-up tasks on a contact (issue 7): call back, send materials, check a
referral's outcome. Each carries its own safe way to reach the person (copied
from the contact's caller fields when the task is made, then its own) and
its safe time windows as rows: weekdays, local start and end, in the task's
time zone (``console.safe_times``).

Codes are short strings (``FollowUpKind``, ``FollowUpStatus``,
``YesNoUnknown``), checked by ``console.services.follow_ups``.
"""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import ForeignKey, Index, SmallInteger, String, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from console.field_crypto.types import SealedText
from console.models.base import Base, utcnow

CODE = String(32)


class FollowUpTask(Base):
    __tablename__ = "follow_up_tasks"
    __table_args__ = (
        # The due list (one owner's open tasks by due time) and the overdue count.
        Index("ix_follow_up_tasks_owner_due", "owner_id", "status", "due_at"),
        Index("ix_follow_up_tasks_status_due", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(CODE)
    due_at: Mapped[datetime]
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(SealedText("follow_up_tasks.note"), default="")

    # How to reach the person safely for this task.
    # Sealed on a shared PostgreSQL database (console.field_crypto).
    safe_phone: Mapped[str | None] = mapped_column(SealedText("follow_up_tasks.safe_phone", 32))
    safe_times_text: Mapped[str | None] = mapped_column(SealedText("follow_up_tasks.safe_times_text", 200))  # as given (or the contact's free text)
    safe_time_zone: Mapped[str] = mapped_column(String(64))
    may_leave_message: Mapped[str] = mapped_column(CODE, default="unknown")

    status: Mapped[str] = mapped_column(CODE, default="open")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closed_at: Mapped[datetime | None]  # done or cancelled: when, and by whom
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    windows: Mapped[list[FollowUpWindow]] = relationship(
        back_populates="task", cascade="all, delete-orphan", order_by="FollowUpWindow.id"
    )


class FollowUpWindow(Base):
    """One safe time window of a task: ``days`` is a bit set, Monday 1, Sunday 64."""

    __tablename__ = "follow_up_windows"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("follow_up_tasks.id", ondelete="CASCADE"), index=True)
    days: Mapped[int] = mapped_column(SmallInteger)
    starts: Mapped[time] = mapped_column(Time)
    ends: Mapped[time] = mapped_column(Time)  # at or before ``starts``: ends the next day

    task: Mapped[FollowUpTask] = relationship(back_populates="windows")
