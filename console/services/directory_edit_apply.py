"""Writing one editor save into the directory's records, inside the
caller's write transaction, with its trail.

``apply_edit`` compares each clean value with the stored one and writes only
what differs; each record that changed gets one ``directory_changes`` row
naming the changed fields (never their values), and the organization,
service or place it belongs to gets ``last_modified_at``/``_by_id``. It
returns the services whose search rows the change reaches.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.audit import AuditAction, AuditTrail
from console.models import (
    Address,
    DirectoryChange,
    DirectoryContact,
    Location,
    Organization,
    Phone,
    Service,
    ServiceAtLocation,
)
from console.services import directory_edit_needs_store as needs_store
from console.services.directory_edit_forms import CleanEdit
from console.services.directory_edit_people import LINKS, Person
from console.services.directory_edit_people import owner_of as person_owner
from console.services.directory_records import Records, owner_of

_OWNER_COLUMN = {"service": "service_id", "organization": "organization_id", "location": "location_id"}


def new_id() -> str:
    return str(uuid.uuid4())


def _same(old: Any, new: Any) -> bool:
    return old == new or (old in ("", None) and new in ("", None))


def _assign(row: Any, values: dict[str, Any]) -> list[str]:
    """Set the values that differ; returns their names."""
    changed = [name for name, value in values.items() if not _same(getattr(row, name), value)]
    for name in changed:
        setattr(row, name, values[name])
    return changed


class Trail:
    """The ``directory_changes`` rows of one transaction."""

    def __init__(self, session: Session, user_id: int, now: datetime):
        self._session, self._user_id, self.now = session, user_id, now
        self.noted: list[tuple[str, str, str]] = []  # (entity, action, field) for the one audit event of the save

    def note(self, entity: str, entity_id: str | None, action: str, fields: Iterable[str] = ()) -> bool:
        """Record a change (an edit that changed nothing is not one); True if recorded."""
        names = sorted(set(fields))
        if action == "edited" and not names:
            return False
        self._session.add(DirectoryChange(at=self.now, user_id=self._user_id, entity=entity, entity_id=entity_id,
                                          action=action, fields=" ".join(names)))
        # Names as the audit trail takes them (letters, digits, _ and .): this trail's names are all such.
        self.noted.extend((entity, action, re.sub(r"[^A-Za-z0-9_.]", "_", f"{entity}.{name}")[:64])
                          for name in names or [""])
        return True

    def audit(self, audit: AuditTrail, username: str, service_id: str | None) -> None:
        """One audit event for everything this transaction noted: created, retired or edited, and the
        ``entity.field`` names (the detail stays in ``directory_changes``)."""
        if not self.noted:
            return
        actions = {(entity, action) for entity, action, _ in self.noted}
        action = (AuditAction.CREATE if ("service", "created") in actions
                  else AuditAction.RETIRE if ("service", "retired") in actions else AuditAction.EDIT)
        audit.record(self._session, action=action, user_id=self._user_id, username=username, record_type="service",
                     record_id=service_id, fields=[name for _, _, name in self.noted if not name.endswith(".")],
                     note="verified" if ("service", "verified") in actions else "")

    def created(self, row: Any, values: dict[str, Any]) -> None:
        self._session.add(row)
        self.note(row.__tablename__, row.id, "created", (k for k, v in values.items() if v not in ("", None, False)))

    def stamp(self, row: Any) -> None:
        row.last_modified_at, row.last_modified_by_id = self.now, self._user_id


def apply_edit(session: Session, r: Records, c: CleanEdit, trail: Trail) -> list[str]:
    """Write ``c`` into ``r``, creating what is new (``r`` is filled in)."""
    touched: set[str] = set()  # what to stamp: organization, service, location
    if r.organization is None:
        r.organization = Organization(id=new_id(), **c.organization)
        trail.created(r.organization, c.organization)
        touched.add("organization")
    elif trail.note("organization", r.organization.id, "edited", _assign(r.organization, c.organization)):
        touched.add("organization")
    new_place = r.location is None and c.has_place
    if new_place:
        r.location = Location(id=new_id(), organization_id=r.organization.id, location_type="physical", **c.location)
        trail.created(r.location, c.location)
        touched.add("location")
    elif r.location is not None and trail.note("location", r.location.id, "edited", _assign(r.location, c.location)):
        touched.add("location")
    new_service = r.service is None
    if new_service:
        r.service = Service(id=new_id(), organization_id=r.organization.id, status="active", **c.service)
        session.add(r.service)
        fields = [name for name, value in c.service.items() if value not in ("", None, False)]
    else:
        fields = _assign(r.service, c.service)
    session.flush()  # parents first: phones and addresses have no relationship to order them by
    if r.location is not None and (new_place or new_service):
        session.add(ServiceAtLocation(id=new_id(), service_id=r.service.id, location_id=r.location.id))
    if c.needs or c.hours:  # categories, populations, languages, hours: one trail row with the service's own
        fields += needs_store.apply(session, r.service.id, needs_store.read(session, r.service.id), c.needs, c.hours)
    if trail.note("service", r.service.id, "created" if new_service else "edited", fields) or new_service:
        touched.add("service")
    touched |= _apply_address(session, r, c, trail)
    touched |= _apply_phones(session, r, c, trail)
    touched |= _apply_people(session, r, c, trail)
    for root in touched:
        trail.stamp(getattr(r, root))
    if touched & {"organization", "location"}:
        return services_reached(session, r)
    return [r.service.id]


def _apply_address(session: Session, r: Records, c: CleanEdit, trail: Trail) -> set[str]:
    if r.location is None:
        return set()
    if r.address is None and c.address is not None:
        r.address = Address(id=new_id(), location_id=r.location.id, country="US", address_type="physical",
                            **c.address)
        trail.created(r.address, c.address)
    elif r.address is not None and c.address is None:
        trail.note("address", r.address.id, "deleted")
        session.delete(r.address)
        r.address = None
    elif r.address is not None:
        changed = _assign(r.address, c.address)
        if not trail.note("address", r.address.id, "edited", changed):
            return set()
        if "postal_code" in changed and r.location.latitude is not None:
            # The old point is elsewhere: a search near a ZIP takes the new ZIP's centre until coordinates are set.
            r.location.latitude = r.location.longitude = None
            trail.note("location", r.location.id, "edited", ["latitude", "longitude"])
    else:
        return set()
    return {"location"}


def _apply_phones(session: Session, r: Records, c: CleanEdit, trail: Trail) -> set[str]:
    roots = {"service": r.service, "organization": r.organization, "location": r.location}
    existing = {phone.id: phone for phone in r.phones}
    touched: set[str] = set()
    for phone_id, owner, columns in c.phones:
        phone = existing.pop(phone_id, None) if phone_id else None
        if phone is None:
            phone = Phone(id=new_id(), type="voice", **{_OWNER_COLUMN[owner]: roots[owner].id}, **columns)
            trail.created(phone, columns)
            r.phones.append(phone)
            touched.add(owner)
            continue
        old_owner = owner_of(phone)
        changed = _assign(phone, columns)
        if owner != old_owner:
            owners = {column: None for column in _OWNER_COLUMN.values()}
            changed += _assign(phone, {**owners, _OWNER_COLUMN[owner]: roots[owner].id})
        if trail.note("phone", phone.id, "edited", changed):
            touched |= {owner, old_owner}
    for phone in existing.values():  # left out of the edit: removed
        trail.note("phone", phone.id, "deleted")
        touched.add(owner_of(phone))
        r.phones.remove(phone)
        session.delete(phone)
    return touched


def _apply_people(session: Session, r: Records, c: CleanEdit, trail: Trail) -> set[str]:
    """The people named at the service or its organization (``directory_edit_people``)."""
    existing = {person.row.id: person for person in r.people}
    roots = {"service": r.service, "organization": r.organization}
    touched: set[str] = set()
    for person_id, owner, columns, line in c.people:
        person = existing.pop(person_id, None) if person_id else None
        if person is None:
            row = DirectoryContact(id=new_id(), **{f"{owner}_id": roots[owner].id}, **columns)
            trail.created(row, {**columns, "phone": line and line["number"]})
            session.flush()  # the person before their line
            person = Person(row, None)
            _apply_line(session, person, line)
            r.people.append(person)
            touched.add(owner)
            continue
        old_owner = person_owner(person.row)
        changed = _assign(person.row, columns)
        if owner != old_owner:
            changed += _assign(person.row, {**dict.fromkeys(LINKS), f"{owner}_id": roots[owner].id})
        changed += _apply_line(session, person, line)
        if trail.note("contact", person.row.id, "edited", changed):
            touched |= {owner, old_owner}
    for person in existing.values():  # left out of the edit: deleted, their lines with them (ON DELETE CASCADE)
        trail.note("contact", person.row.id, "deleted")
        touched.add(person_owner(person.row))
        r.people.remove(person)
        if person.line is not None:
            session.delete(person.line)
            session.flush()  # before the person: the unit of work does not know the line is theirs
        session.delete(person.row)
    return touched


def _apply_line(session: Session, person: Person, line: dict[str, Any] | None) -> list[str]:
    """The person's own line added, changed or removed; returns the changed names."""
    if line is None:
        if person.line is None:
            return []
        session.delete(person.line)
        person.line = None
        return ["phone"]
    if person.line is None:
        person.line = Phone(id=new_id(), contact_id=person.row.id, type="voice", **line)
        session.add(person.line)
        return ["phone"]
    return ["phone" if name == "number" else f"phone_{name}" for name in _assign(person.line, line)]


def services_reached(session: Session, r: Records) -> list[str]:
    """An organization's or place's change reaches every service of the
    organization and every service at the place."""
    ids = set(session.scalars(select(Service.id).where(Service.organization_id == r.organization.id)))
    if r.location is not None:
        ids.update(session.scalars(
            select(ServiceAtLocation.service_id).where(ServiceAtLocation.location_id == r.location.id)))
    ids.add(r.service.id)
    return sorted(ids)
