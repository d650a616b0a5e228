"""What was shared about a contact, with whom, and on what basis (migration 0014).

One row each time a tip is forwarded or a referral packet is made
(``console.services.sharing``): when, by whom, the kind, the recipient's
class and name, the basis (the caller's consent, a mandated report, or a
supervisor's override with its written reason) and the names of the fields
the packet held, never their values. The packet itself is not kept: it
leaves as a file, and this row says what was in it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from console.field_crypto.types import SealedText
from console.models.base import Base, utcnow

CODE = String(32)


class Disclosure(Base):
    __tablename__ = "disclosures"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)  # UTC
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(CODE)  # DisclosureKind
    recipient_class: Mapped[str] = mapped_column(CODE)  # RecipientClass
    # The same name as contacts.tip_forwarded_to, sealed like it (console.field_crypto).
    recipient_name: Mapped[str] = mapped_column(SealedText("disclosures.recipient_name", 200))
    basis: Mapped[str] = mapped_column(CODE)  # DisclosureBasis
    override_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    override_reason: Mapped[str | None] = mapped_column(SealedText("disclosures.override_reason"))
    fields_shared: Mapped[str] = mapped_column(Text, default="")  # field names, space-separated
