"""The people the directory editor shows with a service, as it reads them
(``directory_edit_apply.apply_people`` writes them back).

The people are those its details name (``directory_people``): at the service
(directly, or at one of its services at a location) or at its organization.
Each comes with one line of their own: their first phone that belongs to them
alone (``phone.contact_id``, no service, organization or place); a person's
further lines (an import may bring several) are kept as they are.

A person moved between the service and the organization gets the one link
(HSDS allows several; the editor writes one). A person left out of the edit
is deleted, with their lines (``ON DELETE CASCADE``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from console.models import (
    DirectoryContact,
    Organization,
    Phone,
    Service,
    ServiceAtLocation,
)
from console.services.directory_edit_forms import PersonForm

LINKS = ("service_id", "service_at_location_id", "organization_id", "location_id")  # a person's own


@dataclass(slots=True)
class Person:
    row: DirectoryContact
    line: Phone | None  # their own first line, edited with them


def owner_of(person: DirectoryContact) -> str:
    return "service" if person.service_id is not None or person.service_at_location_id is not None \
        else "organization"


def gather_people(session: Session, service: Service | None, organization: Organization | None) -> list[Person]:
    """The service's people first, then the organization's, each in id order."""
    owned = []
    if service is not None:
        owned.append(DirectoryContact.service_id == service.id)
        owned.append(DirectoryContact.service_at_location_id.in_(
            select(ServiceAtLocation.id).where(ServiceAtLocation.service_id == service.id)))
    if organization is not None:
        owned.append(and_(DirectoryContact.service_id.is_(None), DirectoryContact.service_at_location_id.is_(None),
                          DirectoryContact.organization_id == organization.id))
    if not owned:
        return []
    rows = session.scalars(select(DirectoryContact).where(or_(*owned)).order_by(DirectoryContact.id)).all()
    lines: dict[str, list[Phone]] = {}
    if rows:
        for phone in session.scalars(select(Phone).where(Phone.contact_id.in_([r.id for r in rows]))
                                     .order_by(Phone.id)):
            lines.setdefault(phone.contact_id, []).append(phone)
    people = []
    for row in sorted(rows, key=lambda r: owner_of(r) != "service"):
        own = lines.get(row.id, [])
        line = next((p for p in own if p.service_id is None and p.organization_id is None and p.location_id is None),
                    None)
        people.append(Person(row, line))
    return people


def rows_of(people: list[Person]) -> list:
    """The rows the editor shows of each person, for its fingerprint (their further lines are never written)."""
    return [row for person in people for row in (person.row, person.line) if row is not None]


def person_forms(people: list[Person]) -> tuple[PersonForm, ...]:
    def s(value: str | None) -> str:
        return value or ""

    return tuple(
        PersonForm(p.row.id, owner_of(p.row), s(p.row.name), s(p.row.title), s(p.row.department), s(p.row.email),
                   p.line.number if p.line else "", s(p.line.extension) if p.line else "", bool(p.row.confidential))
        for p in people
    )
