"""The records behind one service in the editor: the service, its
organization, its place (the first location it is offered at, else its
organization's first) with the place's first street address, the phone
lines the details show with it, and the people named at the service or its
organization (``directory_edit_people``). ``fingerprint`` sums them up so a save can
tell whether anything changed since the editor read them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from console.models import (
    Address,
    Location,
    Organization,
    Phone,
    Service,
    ServiceAtLocation,
    User,
)
from console.services.directory_edit_forms import (
    LocationForm,
    OrganizationForm,
    PhoneForm,
    ServiceEdit,
    ServiceForm,
    ServiceRecord,
)
from console.services.directory_edit_people import (
    Person,
    gather_people,
    person_forms,
    rows_of,
)

# Columns a save never writes and a verification does: left out of the
# fingerprint, so a verification on another desk does not refuse this one's edit.
_UNWATCHED = frozenset({"assured_date", "assured_by_id", "assurer_email", "last_modified_at", "last_modified_by_id"})
PHONE_ORDER = {"service": 0, "organization": 1, "location": 2}  # as the details list them


@dataclass(slots=True)
class Records:
    service: Service | None
    organization: Organization | None
    location: Location | None
    address: Address | None
    phones: list[Phone] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)  # named at the service or its organization


def place_of(session: Session, service: Service) -> Location | None:
    location_id = session.scalar(
        select(ServiceAtLocation.location_id).where(ServiceAtLocation.service_id == service.id)
        .order_by(ServiceAtLocation.id).limit(1)
    )
    if location_id is None:
        location_id = session.scalar(
            select(Location.id).where(Location.organization_id == service.organization_id).order_by(Location.id).limit(1)
        )
    return None if location_id is None else session.get(Location, location_id)


def gather(session: Session, service_id: str | None, organization_id: str | None = None,
           location_id: str | None = None, *, lock: bool = False) -> Records:
    """The records of a service (or, for a new one, of the organization and
    place it joins). ``lock``: hold the service and organization rows until
    the transaction ends (PostgreSQL; SQLite's write transaction holds all)."""
    service = None
    if service_id is not None:
        service = session.get(Service, service_id, with_for_update=lock or None)
        if service is None:
            return Records(None, None, None, None)
        organization_id = service.organization_id
    organization = None
    if organization_id is not None:
        organization = session.get(Organization, organization_id, with_for_update=lock or None)
    if service is not None:
        location = place_of(session, service)
    else:
        location = None if location_id is None else session.get(Location, location_id)
    address = None
    if location is not None:
        address = session.scalars(
            select(Address).where(Address.location_id == location.id).order_by(Address.id).limit(1)
        ).first()
    return Records(service, organization, location, address, _phones(session, service, organization, location),
                   gather_people(session, service, organization))


def _phones(session: Session, service: Service | None, organization: Organization | None,
            location: Location | None) -> list[Phone]:
    owned = []
    if service is not None:
        owned.append(Phone.service_id == service.id)
    if organization is not None:
        owned.append(and_(Phone.service_id.is_(None), Phone.organization_id == organization.id))
    if location is not None:
        owned.append(and_(Phone.service_id.is_(None), Phone.organization_id.is_(None),
                          Phone.location_id == location.id))
    if not owned:
        return []
    phones = session.scalars(select(Phone).where(or_(*owned)).order_by(Phone.id)).all()
    return sorted(phones, key=lambda phone: PHONE_ORDER[owner_of(phone)])


def owner_of(phone: Phone) -> str:
    if phone.service_id is not None:
        return "service"
    return "organization" if phone.organization_id is not None else "location"


def fingerprint(records: Records) -> str:
    digest = hashlib.sha256()
    rows = (records.service, records.organization, records.location, records.address, *records.phones,
            *rows_of(records.people))
    for row in rows:
        if row is None:
            digest.update(b"-\n")
            continue
        values = [(c.name, getattr(row, c.key)) for c in row.__table__.columns if c.name not in _UNWATCHED]
        digest.update(repr((row.__tablename__, values)).encode())
    return digest.hexdigest()[:32]


def _s(value: str | None) -> str:
    return value or ""


def edit_of(records: Records) -> ServiceEdit:
    org, svc, loc, adr = records.organization, records.service, records.location, records.address
    organization = OrganizationForm() if org is None else OrganizationForm(
        org.name, _s(org.alternate_name), _s(org.description), _s(org.website), _s(org.email))
    service = ServiceForm() if svc is None else ServiceForm(
        svc.name, _s(svc.alternate_name), _s(svc.description), _s(svc.url), _s(svc.email),
        _s(svc.eligibility_description), svc.minimum_age, svc.maximum_age, _s(svc.application_process),
        _s(svc.fees_description), _s(svc.alert))
    location = LocationForm(
        name=_s(loc.name) if loc else "",
        address_1=adr.address_1 if adr else "", address_2=_s(adr.address_2) if adr else "",
        city=adr.city if adr else "", state=adr.state_province if adr else "",
        postal_code=adr.postal_code if adr else "", address_confidential=bool(adr.confidential) if adr else False,
    )
    phones = tuple(
        PhoneForm(p.id, owner_of(p), p.number, _s(p.extension), _s(p.description), bool(p.confidential))
        for p in records.phones
    )
    return ServiceEdit(organization, service, location, phones, people=person_forms(records.people))


def record_of(session: Session, records: Records, stale) -> ServiceRecord:
    """The editor's view of ``records``; ``stale(assured_date)`` says whether verification is due."""
    svc, org, loc = records.service, records.organization, records.location
    names = _names(session, svc)
    org_services = 0 if org is None else session.scalar(
        select(func.count()).select_from(Service).where(Service.organization_id == org.id))
    loc_services = 0 if loc is None else session.scalar(
        select(func.count(func.distinct(ServiceAtLocation.service_id))).where(ServiceAtLocation.location_id == loc.id))
    return ServiceRecord(
        service_id=svc.id if svc else None, organization_id=org.id if org else None,
        location_id=loc.id if loc else None, edit=edit_of(records), token=fingerprint(records),
        status=svc.status if svc else "active", assured_date=svc.assured_date if svc else None,
        assured_by=names.get(svc.assured_by_id) if svc else None,
        stale=stale(svc.assured_date if svc else None),
        last_modified_at=svc.last_modified_at if svc else None,
        last_modified_by=names.get(svc.last_modified_by_id) if svc else None,
        organization_services=org_services or 0, location_services=loc_services or 0,
    )


def _names(session: Session, service: Service | None) -> dict[int, str]:
    if service is None:
        return {}
    ids = {i for i in (service.assured_by_id, service.last_modified_by_id) if i is not None}
    if not ids:
        return {}
    return dict(session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all())
