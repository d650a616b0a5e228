"""A returning caller: the contacts the same safe phone number came from before.

Matched exactly through ``console.field_crypto.phones`` (the keyed hash
where fields are sealed, the number itself elsewhere), so "713-555-0142"
and "+1 (713) 555 0142" are the same caller. The specialist learns how
many earlier contacts there were and the newest one's date and number, not
their details: opening one goes through the usual access rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.field_crypto.phones import contact_ids_with_phone
from console.models import Contact


@dataclass(frozen=True, slots=True)
class EarlierCalls:
    count: int  # 0: no earlier contact from this number
    last_id: int | None = None
    last_received_at: datetime | None = None


def earlier_calls(session: Session, phone: str, exclude_id: int | None = None) -> EarlierCalls:
    ids = [i for i in contact_ids_with_phone(session, phone) if i != exclude_id]  # newest first
    if not ids:
        return EarlierCalls(0)
    received = session.scalar(select(Contact.received_at).where(Contact.id == ids[0]))
    return EarlierCalls(len(ids), ids[0], received)
