"""A returning caller's phone, matched exactly although it is sealed.

A sealed value never equals another sealing of the same text (a random
nonce each time), so ``contacts.caller_phone_hash`` holds an HMAC-SHA256 of
the number in E.164 under the field key's hash sub-key: the same number
typed any way ("713-555-0142", "+1 (713) 555 0142") gives the same hash on
every desk with the site's key, and the hash says nothing to whoever lacks
the key (a plain hash of a phone number is reversed by trying them all).

The hash is filled by the model layer itself (``fill_phone_hash``, a
``before_insert`` / ``before_update`` listener on ``Contact``), so no
service can forget it. It is written only where there is a field key; it is
NULL on the embedded SQLite database and on a PostgreSQL database without
field encryption, where the phone itself is readable in the row and
``contact_ids_with_phone`` compares it directly. ``db encrypt-fields``
fills it for rows written before the key was set.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import String, select, type_coerce

from console.field_crypto.types import key_of

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from console.field_crypto.cipher import FieldKey


def e164(phone: str | None) -> str | None:
    """The number in E.164 (+17135550142); None for no number or not a number."""
    from console.validation import FieldProblem
    from console.validation import phone as normalise

    try:
        return normalise(phone)
    except FieldProblem:
        return None


def phone_hash(phone: str | None, key: FieldKey | None) -> str | None:
    """The keyed hash stored beside a phone (None: no key, or no usable number)."""
    number = e164(phone) if key is not None else None
    return key.hash_phone(number) if number is not None else None


def fill_phone_hash(_mapper, connection, target) -> None:
    """``before_insert`` / ``before_update`` on ``Contact``: the hash follows the phone."""
    target.caller_phone_hash = phone_hash(target.caller_safe_phone, key_of(connection.dialect))


def contact_ids_with_phone(session: Session, phone: str | None) -> list[int]:
    """Contacts whose caller gave this number, newest first (by the hash's
    index where there is a field key; else by the phone itself)."""
    from console.models import Contact

    number = e164(phone)
    if number is None:
        return []
    key = key_of(session.connection().dialect)
    if key is None:
        match = type_coerce(Contact.caller_safe_phone, String()) == number  # in clear here
    else:
        match = Contact.caller_phone_hash == key.hash_phone(number)
    stmt = select(Contact.id).where(match).order_by(Contact.received_at.desc(), Contact.id.desc())
    return list(session.scalars(stmt))
