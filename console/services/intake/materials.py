"""Library materials on a contact: stored with it by ``IntakeService.save``.

A new material becomes a ``materials_sent`` row sent now by the user who
saves; one already stored keeps its row and time, taking the method and
recipient as edited; one taken off the form is deleted with the save (as a
referral is). The item must still exist (a retired item may be recorded:
it was sent). A blank title takes the item's.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.errors import ValidationError
from console.models import Contact, LibraryItem, MaterialSent
from console.services.intake.form import MaterialInput


def check_items(session: Session, materials: tuple[dict[str, Any], ...]) -> None:
    """Every new material's item is in the library; a blank title is filled from it."""
    wanted = {m["item_id"] for m in materials if m["id"] is None and m["item_id"] is not None}
    titles = dict(session.execute(select(LibraryItem.id, LibraryItem.title).where(LibraryItem.id.in_(wanted))).all())
    errors = {}
    for i, material in enumerate(materials):
        if material["id"] is not None:
            continue
        if material["item_id"] not in titles:
            errors[f"materials.{i}.title"] = "This item is no longer in the library."
        elif not material["item_title"]:
            material["item_title"] = titles[material["item_id"]]
    if errors:
        raise ValidationError(errors)


def fill_sends(contact: Contact, materials: tuple[dict[str, Any], ...], user_id: int, now: datetime) -> None:
    existing = {m.id: m for m in contact.material_sends}
    kept: list[MaterialSent] = []
    for data in materials:
        send = existing.get(data["id"]) if data["id"] is not None else None
        if send is None:
            values = {k: val for k, val in data.items() if k != "id"}
            send = MaterialSent(**values, sent_at=now, sent_by_id=user_id)
        else:
            send.method, send.recipient = data["method"], data["recipient"]
        kept.append(send)
    contact.material_sends = kept


def material_inputs(contact: Contact) -> tuple[MaterialInput, ...]:
    return tuple(
        MaterialInput(m.item_id, m.item_title, m.method, m.recipient or "", m.id) for m in contact.material_sends
    )
