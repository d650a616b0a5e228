"""Test data: rows made directly through the ORM (no service needed), and a
valid intake form to save.

``make_contact`` fills every NOT NULL column of ``Contact`` sensibly and adds
the primary ``ContactRequest``; the ORM sets ``version``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import MetaData, Table, insert, inspect, select, update

from console.db import Database
from console.models import (
    Address,
    Attribute,
    Contact,
    ContactRequest,
    DirectoryContact,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
    utcnow,
)
from console.places import zip_place
from console.services.directory_index import rebuild_search_rows
from console.services.intake import ContactForm, VictimForm
from console.services.library_rules import LibraryItemForm
from console.vocabulary import CATEGORY_TAXONOMY, ContactStatus, Priority, RequestType, ServiceCategory

# A complete, valid urgent referral: a caseworker asking for shelter for two minors.
SHELTER_REFERRAL = ContactForm(
    primary_request="referral",
    urgent=True,
    caller_type="social_service_provider",
    caller_city="Houston",
    caller_state="TX",
    caller_zip="77002",
    caller_safe_phone="713-555-0142",
    victims=(VictimForm(count=2, age_group="minor", gender="female", state="TX"),),
    summary="Caseworker needs shelter tonight for two girls found at a motel.",
)

# A complete, valid resource library item (a fact sheet in English, as a PDF on the shared drive).
FACT_SHEET = LibraryItemForm(
    title="Recognizing the Signs of Human Trafficking",
    kind="fact_sheet",
    topics=("indicators",),
    audiences=("general_public",),
    language="en",
    format="pdf",
    file_path="library/fact-sheets/signs-en.pdf",
    reviewed_on=date(2026, 3, 2),
    description="Common signs of labor and sex trafficking and how to reach the hotline safely.",
)

_DEFAULT_REQUEST = {
    Priority.CRISIS: RequestType.CRISIS,
    Priority.URGENT: RequestType.TIP,
    Priority.NON_URGENT: RequestType.GENERAL_INFO,
}


def make_contact(
    db: Database,
    *,
    priority: str = "urgent",
    status: str = "waiting",
    received_at: datetime | None = None,
    caller_state: str | None = "TX",
    summary: str = "Caller reports a possible labor trafficking situation at a worksite.",
    primary_request: str | None = None,
    caller_type: str = "community_member",
    assigned_to_id: int | None = None,
    channel: str = "phone",
    **extra,
) -> int:
    """Insert one contact; return its id."""
    prio = Priority(priority)
    request = RequestType(primary_request) if primary_request else _DEFAULT_REQUEST[prio]
    now = utcnow()
    received = received_at or now
    if status == ContactStatus.IN_PROGRESS and "claimed_at" not in extra:
        extra["claimed_at"] = now
    if status == ContactStatus.CLOSED and "closed_at" not in extra:
        extra["closed_at"] = now
    contact = Contact(
        received_at=received,
        channel=channel,
        primary_request=request.value,
        urgent=prio is not Priority.NON_URGENT,
        priority=prio.value,
        priority_rank=prio.rank,
        status=ContactStatus(status).value,
        assigned_to_id=assigned_to_id,
        caller_type=caller_type,
        caller_state=caller_state,
        summary=summary,
        **extra,
    )
    contact.requests.append(ContactRequest(request_type=request.value, is_primary=True))
    with db.write() as session:
        present = {column["name"] for column in inspect(session.connection()).get_columns("contacts")}
        if present < set(Contact.__table__.c.keys()):  # a test's database left at an older revision
            return _insert_older(session, contact, present)
        session.add(contact)
        session.flush()
        return contact.id


def _insert_older(session, contact: Contact, present: set[str]) -> int:
    """Insert ``contact`` into a table that lacks columns added since: only the
    columns it has, with the models' Python defaults (no ORM: its INSERT names
    every column)."""
    older = Table("contacts", MetaData(), *(column._copy() for column in Contact.__table__.c
                                             if column.name in present))
    values = {name: getattr(contact, name) for name in present
              if name not in ("id", "change_mark") and getattr(contact, name, None) is not None}
    values["version"] = 1
    contact_id = session.execute(insert(older).values(values)).inserted_primary_key[0]
    for request in contact.requests:
        session.execute(insert(ContactRequest.__table__).values(
            contact_id=contact_id, request_type=request.request_type, is_primary=request.is_primary))
    return contact_id


def add_service(db: Database, service_name: str, organization_name: str) -> str:
    """A minimal directory entry (one organization, one service) to refer to; returns the service id."""
    org_id, service_id = str(uuid.uuid4()), str(uuid.uuid4())
    with db.write() as session:
        session.add(Organization(id=org_id, name=organization_name, description=""))
        session.flush()
        session.add(Service(id=service_id, organization_id=org_id, name=service_name, status="active"))
    return service_id


def add_directory_service(
    db: Database,
    service_name: str,
    organization_name: str,
    *,
    zip_code: str | None = None,
    point: tuple[float, float] | None = None,
    languages: Iterable[str | tuple[str | None, str | None]] = (),
    location_languages: Iterable[str | tuple[str | None, str | None]] = (),
    schedules: Iterable[dict] = (),
    assured_date: date | None = None,
) -> str:
    """A service at one location, indexed for search; returns the service id.

    The location sits at ``point`` (latitude, longitude), else has no
    coordinates; its physical address is in ``zip_code`` (city and state
    from the ZIP table). Languages are codes or (code, name) pairs, on the
    service or on its location; schedules are ``Schedule`` fields."""
    org_id, service_id, location_id = (str(uuid.uuid4()) for _ in range(3))
    with db.write() as session:
        session.add(Organization(id=org_id, name=organization_name, description=""))
        session.add(Location(id=location_id, organization_id=org_id, location_type="physical", name=organization_name,
                             latitude=point[0] if point else None, longitude=point[1] if point else None))
        if zip_code is not None:
            place = zip_place(zip_code)
            session.add(Address(id=str(uuid.uuid4()), location_id=location_id, address_1="1 Main Street",
                                city="Somewhere" if place is None else place.city, postal_code=zip_code,
                                state_province="TX" if place is None else place.state))
        session.add(Service(id=service_id, organization_id=org_id, name=service_name, status="active",
                            assured_date=assured_date))
        session.flush()
        session.add(ServiceAtLocation(id=str(uuid.uuid4()), service_id=service_id, location_id=location_id))
        owners = (({"service_id": service_id}, languages), ({"location_id": location_id}, location_languages))
        for owner, items in owners:
            for item in items:
                code, name = (item, None) if isinstance(item, str) else item
                session.add(Language(id=str(uuid.uuid4()), code=code, name=name, **owner))
        for fields in schedules:
            session.add(Schedule(id=str(uuid.uuid4()), **{"service_id": service_id, **fields}))
        session.flush()
        rebuild_search_rows(session, [service_id])
    return service_id


def add_trainer(db: Database, organization_name: str, zip_code: str, words: str) -> str:
    """A service "<words> training" in the category "training & speakers", indexed; returns its id."""
    service_id = add_directory_service(db, f"{words} training", organization_name, zip_code=zip_code)
    with db.write() as session:
        taxonomy = session.scalar(select(Taxonomy).where(Taxonomy.name == CATEGORY_TAXONOMY))
        if taxonomy is None:
            taxonomy = Taxonomy(id="tx-cat", name=CATEGORY_TAXONOMY, description="")
            session.add(taxonomy)
            session.flush()
        term = session.scalar(select(TaxonomyTerm).where(TaxonomyTerm.code == ServiceCategory.TRAINING_SPEAKERS))
        if term is None:
            term = TaxonomyTerm(id="term-training", code=ServiceCategory.TRAINING_SPEAKERS.value, name="Training",
                                description="", taxonomy_id=taxonomy.id)
            session.add(term)
            session.flush()
        session.add(Attribute(id=f"attr-{service_id}", link_id=service_id, link_entity="service",
                              taxonomy_term_id=term.id))
        session.flush()
        rebuild_search_rows(session, [service_id])
    return service_id


def _service_places(db, service_id: str) -> tuple[str, str, str]:
    """(organization, location, service at location) of a service made by the factories."""
    with db.read() as session:
        return session.execute(
            select(Service.organization_id, ServiceAtLocation.location_id, ServiceAtLocation.id)
            .join(ServiceAtLocation, ServiceAtLocation.service_id == Service.id).where(Service.id == service_id)
        ).one()


def add_trainer_with_people(db: Database) -> str:
    """Trainers in Ohio with three people; a confidential shelter in Ohio and a legal aid in Texas with
    people named for schools; someone named for nothing. Returns the Ohio trainer's service id."""
    ohio = add_trainer(db, "Buckeye Educators Alliance", "43215", "Schools")
    org, _, sal = _service_places(db, ohio)
    shelter = add_directory_service(db, "Youth shelter", "Harbor Youth Haven", zip_code="43215")
    _, shelter_place, _ = _service_places(db, shelter)
    texas_org, _, _ = _service_places(db, add_directory_service(db, "Legal aid", "Texas Legal", zip_code="77002"))
    with db.write() as session:
        session.execute(update(Address).where(Address.location_id == shelter_place).values(confidential=True))
        session.add_all([
            DirectoryContact(id="ana", organization_id=org, name="Ana Ruiz", title="Training Coordinator",
                             department="Community Education", email="aruiz@buckeye.example.org"),
            DirectoryContact(id="ben", service_at_location_id=sal, name="Ben Okafor", title="Speaker"),
            DirectoryContact(id="fay", organization_id=org, name="Fay Wong", title="Trainer", confidential=True,
                             email="fwong@buckeye.example.org"),
            DirectoryContact(id="cara", location_id=shelter_place, name="Cara Lin", title="Schools Liaison",
                             email="clin@harbor.example.org"),
            DirectoryContact(id="dev", organization_id=texas_org, name="Dev Patel", title="Attorney",
                             department="Youth/Schools Outreach", email="dpatel@texaslegal.example.org"),
            DirectoryContact(id="eve", organization_id=texas_org, name="Eve Stone", title="Accountant"),
        ])
        session.flush()
        session.add_all([
            Phone(id="ph-ana", contact_id="ana", number="(614) 555-0150", extension="21", type="voice"),
            Phone(id="ph-fay", contact_id="fay", number="(614) 555-0151", type="voice"),
            Phone(id="ph-cara", contact_id="cara", number="(614) 555-0152", type="voice", description="Cell"),
        ])
    return ohio
