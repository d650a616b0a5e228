"""The call record: a contact, its request types, potential victims, referrals
and the trail of its status changes.

Codes are stored as short strings (see ``console.vocabulary``); the intake
service checks them before anything is written.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    UniqueConstraint,
    event,
    false,
)
from sqlalchemy.orm import Mapped, WriteOnlyMapped, mapped_column, relationship

from console.field_crypto.phones import fill_phone_hash
from console.field_crypto.types import SealedText
from console.models.base import Base, utcnow

if TYPE_CHECKING:
    from console.models.library import MaterialSent

CODE = String(32)


class User(Base):
    """A person who works at a desk and signs in to it (migration 0011)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(CODE)
    active: Mapped[bool] = mapped_column(Boolean, default=True)  # False: disabled by an admin
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # argon2id, self-describing; None: no password yet, cannot sign in.
    password_hash: Mapped[str | None] = mapped_column(String(200), default=None)
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(default=None)  # UTC
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    password_changed_at: Mapped[datetime | None] = mapped_column(default=None)  # UTC


class Contact(Base):
    __tablename__ = "contacts"
    __table_args__ = (
        # The queue reads open contacts in this order; the index covers the
        # (id, version) scan of every refresh, so SQLite never visits the table.
        Index("ix_contacts_queue", "status", "priority_rank", "received_at", "id", "version"),
        # A refresh reads the contacts changed since its last mark (migration 0004).
        Index("ix_contacts_change_mark", "change_mark"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    # Set by the database's triggers on every write, in commit order (0004);
    # the application never writes it.
    change_mark: Mapped[int] = mapped_column(BigInteger, server_default="0", nullable=False, deferred=True)

    # Call
    received_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    channel: Mapped[str] = mapped_column(CODE)
    language: Mapped[str | None] = mapped_column(String(8))
    interpreter_language: Mapped[str | None] = mapped_column(String(8))
    primary_request: Mapped[str] = mapped_column(CODE)
    urgent: Mapped[bool] = mapped_column(Boolean)
    priority: Mapped[str] = mapped_column(CODE)
    priority_rank: Mapped[int] = mapped_column(SmallInteger)
    non_data_outcome: Mapped[str | None] = mapped_column(CODE)

    # Workflow
    status: Mapped[str] = mapped_column(CODE)
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    claimed_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]

    # Caller
    caller_type: Mapped[str] = mapped_column(CODE)
    caller_anonymous: Mapped[bool] = mapped_column(Boolean, default=True)
    # SealedText: sealed on a shared PostgreSQL database (console.field_crypto,
    # docs/encryption.md); city, state and ZIP stay in clear: statistics count them.
    caller_name: Mapped[str | None] = mapped_column(SealedText("contacts.caller_name", 120))
    caller_safe_phone: Mapped[str | None] = mapped_column(SealedText("contacts.caller_safe_phone", 32))
    # HMAC of the phone in E.164 under the field key, for finding a returning
    # caller (console.field_crypto.phones fills it); NULL without a field key.
    caller_phone_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    caller_safe_times: Mapped[str | None] = mapped_column(SealedText("contacts.caller_safe_times", 200))
    caller_may_leave_message: Mapped[str] = mapped_column(CODE, default="unknown")
    caller_code_word: Mapped[str | None] = mapped_column(SealedText("contacts.caller_code_word", 60))
    caller_city: Mapped[str | None] = mapped_column(String(80))
    caller_state: Mapped[str | None] = mapped_column(String(2))
    caller_zip: Mapped[str | None] = mapped_column(String(10))
    caller_heard_about: Mapped[str | None] = mapped_column(SealedText("contacts.caller_heard_about", 200))
    caller_history: Mapped[str] = mapped_column(CODE, default="unknown")

    # Situation
    trafficking_type: Mapped[str] = mapped_column(CODE, default="not_specified")
    venue: Mapped[str] = mapped_column(CODE, default="unknown")
    indicators: Mapped[str | None] = mapped_column(SealedText("contacts.indicators"))
    immediate_danger: Mapped[bool] = mapped_column(Boolean, default=False)
    emergency_needs: Mapped[str] = mapped_column(String(120), default="")  # space-separated codes

    # Consent and reporting
    consent_law_enforcement: Mapped[str] = mapped_column(CODE, default="not_asked")
    consent_service_providers: Mapped[str] = mapped_column(CODE, default="not_asked")
    consent_task_force: Mapped[str] = mapped_column(CODE, default="not_asked", server_default="not_asked")  # 0014
    mandated_report: Mapped[bool] = mapped_column(Boolean, default=False)

    # Outcome
    summary: Mapped[str] = mapped_column(SealedText("contacts.summary"))
    materials_sent: Mapped[str | None] = mapped_column(SealedText("contacts.materials_sent"))
    tip_forwarded_to: Mapped[str | None] = mapped_column(SealedText("contacts.tip_forwarded_to", 200))
    tip_forwarded_at: Mapped[datetime | None]
    follow_up_due: Mapped[datetime | None]

    requests: Mapped[list[ContactRequest]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="ContactRequest.id"
    )
    victims: Mapped[list[PotentialVictim]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="PotentialVictim.position"
    )
    referrals: Mapped[list[Referral]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="Referral.id"
    )
    # Library items sent (console.models.library); ``materials_sent`` above is the older free text.
    material_sends: Mapped[list[MaterialSent]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="MaterialSent.id"
    )
    # Appended to, never loaded with the contact (the trail only grows).
    events: WriteOnlyMapped[ContactEvent] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    assigned_to: Mapped[User | None] = relationship(foreign_keys=[assigned_to_id])

    __mapper_args__ = {"version_id_col": version}


# The phone hash follows the phone on every insert and update, whichever service writes it.
event.listen(Contact, "before_insert", fill_phone_hash)
event.listen(Contact, "before_update", fill_phone_hash)


class ContactRequest(Base):
    """One request type on a contact; exactly one per contact is primary."""

    __tablename__ = "contact_requests"
    __table_args__ = (UniqueConstraint("contact_id", "request_type"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    request_type: Mapped[str] = mapped_column(CODE)
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)

    contact: Mapped[Contact] = relationship(back_populates="requests")


class PotentialVictim(Base):
    """A potential victim, or a group of them described alike (``count``)."""

    __tablename__ = "potential_victims"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(SmallInteger)
    count: Mapped[int] = mapped_column(SmallInteger, default=1)
    age_group: Mapped[str] = mapped_column(CODE, default="unknown")
    gender: Mapped[str] = mapped_column(CODE, default="unknown")
    citizenship: Mapped[str] = mapped_column(CODE, default="unknown")
    language: Mapped[str | None] = mapped_column(String(8))
    city: Mapped[str | None] = mapped_column(String(80))
    state: Mapped[str | None] = mapped_column(String(2))
    zip: Mapped[str | None] = mapped_column(String(10))

    contact: Mapped[Contact] = relationship(back_populates="victims")


class Referral(Base):
    """A directory service given to the caller on a contact.

    The service and organization names are copied at the time of the referral
    so the record stays readable if the directory entry later changes or goes.
    """

    __tablename__ = "referrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    service_id: Mapped[str | None] = mapped_column(
        ForeignKey("service.id", ondelete="SET NULL"), index=True
    )
    service_name: Mapped[str] = mapped_column(String(300))
    organization_name: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(CODE, default="referred")
    note: Mapped[str | None] = mapped_column(SealedText("referrals.note"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    contact: Mapped[Contact] = relationship(back_populates="referrals")


class ContactEvent(Base):
    """Who did what to a contact, and when: created, edited, claimed, closed."""

    __tablename__ = "contact_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # who acted
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # who holds it after (claim, reassign)
    event: Mapped[str] = mapped_column(CODE)
    from_status: Mapped[str | None] = mapped_column(CODE)
    to_status: Mapped[str | None] = mapped_column(CODE)
