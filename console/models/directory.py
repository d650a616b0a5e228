"""The referral directory, shaped after Open Referral HSDS 3.0.

Table and column names follow HSDS so that import and export map one to one.
Ids are HSDS ids (strings, usually UUIDs). Two things HSDS has no field for
are added: ``confidential`` on addresses, phones and contacts (a shelter's
street, a private line, a person's own email), and ``service_search``, the console's own denormalized search
document per service that the full-text index reads. Directory upkeep
(migration 0007) adds who last changed an organization, service or location
and when, who last verified a service, and ``directory_changes``, the trail
of every change made in the window or by an import.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql import false

from console.models.base import Base, utcnow

HSDS_ID = String(64)


class Organization(Base):
    __tablename__ = "organization"

    id: Mapped[str] = mapped_column(HSDS_ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    alternate_name: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str | None] = mapped_column(String(200))
    website: Mapped[str | None] = mapped_column(String(500))
    tax_status: Mapped[str | None] = mapped_column(String(100))
    tax_id: Mapped[str | None] = mapped_column(String(100))
    year_incorporated: Mapped[int | None] = mapped_column(Integer)
    legal_status: Mapped[str | None] = mapped_column(String(100))
    uri: Mapped[str | None] = mapped_column(String(500))
    parent_organization_id: Mapped[str | None] = mapped_column(
        ForeignKey("organization.id", ondelete="SET NULL")
    )
    last_modified_at: Mapped[datetime | None]  # by a desk (0007); an import leaves it
    last_modified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    services: Mapped[list[Service]] = relationship(back_populates="organization")
    locations: Mapped[list[Location]] = relationship(back_populates="organization")


class Service(Base):
    __tablename__ = "service"

    id: Mapped[str] = mapped_column(HSDS_ID, primary_key=True)
    organization_id: Mapped[str] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(300))
    alternate_name: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(500))
    email: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(32), default="active")
    interpretation_services: Mapped[str | None] = mapped_column(Text)
    application_process: Mapped[str | None] = mapped_column(Text)
    fees_description: Mapped[str | None] = mapped_column(Text)
    eligibility_description: Mapped[str | None] = mapped_column(Text)
    minimum_age: Mapped[int | None] = mapped_column(Integer)
    maximum_age: Mapped[int | None] = mapped_column(Integer)
    assured_date: Mapped[date | None] = mapped_column(Date)
    assurer_email: Mapped[str | None] = mapped_column(String(200))
    alert: Mapped[str | None] = mapped_column(Text)
    assured_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # who verified it at a desk (0007)
    last_modified_at: Mapped[datetime | None]
    last_modified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    organization: Mapped[Organization] = relationship(back_populates="services")
    at_locations: Mapped[list[ServiceAtLocation]] = relationship(back_populates="service")


class Location(Base):
    __tablename__ = "location"

    id: Mapped[str] = mapped_column(HSDS_ID, primary_key=True)
    organization_id: Mapped[str | None] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    location_type: Mapped[str] = mapped_column(String(32), default="physical")
    name: Mapped[str | None] = mapped_column(String(300))
    alternate_name: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    transportation: Mapped[str | None] = mapped_column(Text)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    last_modified_at: Mapped[datetime | None]
    last_modified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    organization: Mapped[Organization | None] = relationship(back_populates="locations")
    addresses: Mapped[list[Address]] = relationship(back_populates="location")


class Address(Base):
    __tablename__ = "address"
    __table_args__ = (Index("ix_address_state_city", "state_province", "city"),)

    id: Mapped[str] = mapped_column(HSDS_ID, primary_key=True)
    location_id: Mapped[str | None] = mapped_column(
        ForeignKey("location.id", ondelete="CASCADE"), index=True
    )
    attention: Mapped[str | None] = mapped_column(String(200))
    address_1: Mapped[str] = mapped_column(String(300))
    address_2: Mapped[str | None] = mapped_column(String(300))
    city: Mapped[str] = mapped_column(String(120))
    region: Mapped[str | None] = mapped_column(String(120))
    state_province: Mapped[str] = mapped_column(String(60))
    postal_code: Mapped[str] = mapped_column(String(20))
    country: Mapped[str] = mapped_column(String(2), default="US")
    address_type: Mapped[str] = mapped_column(String(32), default="physical")
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)

    location: Mapped[Location | None] = relationship(back_populates="addresses")


class Phone(Base):
    __tablename__ = "phone"

    id: Mapped[str] = mapped_column(HSDS_ID, primary_key=True)
    location_id: Mapped[str | None] = mapped_column(ForeignKey("location.id", ondelete="CASCADE"), index=True)
    service_id: Mapped[str | None] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[str | None] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[str] = mapped_column(String(40))
    extension: Mapped[str | None] = mapped_column(String(20))
    type: Mapped[str | None] = mapped_column(String(20))
    description: Mapped[str | None] = mapped_column(Text)
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    # A person's own line (migration 0017); NULL for the lines of a service, organization or location.
    contact_id: Mapped[str | None] = mapped_column(ForeignKey("contact.id", ondelete="CASCADE"), index=True)


class DirectoryContact(Base):
    """HSDS ``contact``: a person named at an organization, a service, a
    service at a location or a location (a training coordinator, an intake
    manager), with their phones in ``phone.contact_id`` (migration 0017).
    Not to be confused with ``Contact``, the hotline's record of a call.

    ``confidential`` is the console's extension, as on addresses and phones:
    the person's email and phones are for roles that may see confidential
    entries. ``console.services.directory_people`` treats anyone at a place
    with a confidential address the same way."""

    __tablename__ = "contact"

    id: Mapped[str] = mapped_column(HSDS_ID, primary_key=True)
    organization_id: Mapped[str | None] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    service_id: Mapped[str | None] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    service_at_location_id: Mapped[str | None] = mapped_column(
        ForeignKey("service_at_location.id", ondelete="CASCADE"), index=True
    )
    location_id: Mapped[str | None] = mapped_column(ForeignKey("location.id", ondelete="CASCADE"), index=True)
    name: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(200))
    department: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200))
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)


class ServiceAtLocation(Base):
    __tablename__ = "service_at_location"

    id: Mapped[str] = mapped_column(HSDS_ID, primary_key=True)
    service_id: Mapped[str] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    location_id: Mapped[str] = mapped_column(ForeignKey("location.id", ondelete="CASCADE"), index=True)
    description: Mapped[str | None] = mapped_column(Text)

    service: Mapped[Service] = relationship(back_populates="at_locations")
    location: Mapped[Location] = relationship()


class Taxonomy(Base):
    __tablename__ = "taxonomy"

    id: Mapped[str] = mapped_column(HSDS_ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    uri: Mapped[str | None] = mapped_column(String(500))
    version: Mapped[str | None] = mapped_column(String(40))


class TaxonomyTerm(Base):
    __tablename__ = "taxonomy_term"
    __table_args__ = (UniqueConstraint("taxonomy_id", "code"),)

    id: Mapped[str] = mapped_column(HSDS_ID, primary_key=True)
    code: Mapped[str | None] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("taxonomy_term.id", ondelete="SET NULL"))
    taxonomy_id: Mapped[str | None] = mapped_column(ForeignKey("taxonomy.id", ondelete="CASCADE"), index=True)
    language: Mapped[str | None] = mapped_column(String(8))
    term_uri: Mapped[str | None] = mapped_column(String(500))


class Attribute(Base):
    """Links a taxonomy term to any record (HSDS ``attribute``); the directory
    uses it for service categories and populations served."""

    __tablename__ = "attribute"
    __table_args__ = (
        Index("ix_attribute_link", "link_entity", "link_id"),
        Index("ix_attribute_term_link", "taxonomy_term_id", "link_id"),
    )

    id: Mapped[str] = mapped_column(HSDS_ID, primary_key=True)
    link_id: Mapped[str] = mapped_column(HSDS_ID)
    taxonomy_term_id: Mapped[str] = mapped_column(ForeignKey("taxonomy_term.id", ondelete="CASCADE"))
    link_type: Mapped[str | None] = mapped_column(String(60))
    link_entity: Mapped[str] = mapped_column(String(40))
    value: Mapped[str | None] = mapped_column(Text)


class Language(Base):
    __tablename__ = "language"

    id: Mapped[str] = mapped_column(HSDS_ID, primary_key=True)
    service_id: Mapped[str | None] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    location_id: Mapped[str | None] = mapped_column(ForeignKey("location.id", ondelete="CASCADE"), index=True)
    phone_id: Mapped[str | None] = mapped_column(ForeignKey("phone.id", ondelete="CASCADE"), index=True)
    name: Mapped[str | None] = mapped_column(String(100))
    code: Mapped[str | None] = mapped_column(String(8))
    note: Mapped[str | None] = mapped_column(Text)


class Schedule(Base):
    """HSDS ``schedule``: when a service, a location or a service at a
    location is open, as RFC 5545 parts. Every HSDS 3.0 column; times stay
    text as written ("09:00", "09:00-05:00"), since an offset is part of them.
    ``directory_hours`` reads the weekly rows into the search row."""

    __tablename__ = "schedule"

    id: Mapped[str] = mapped_column(HSDS_ID, primary_key=True)
    service_id: Mapped[str | None] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    location_id: Mapped[str | None] = mapped_column(ForeignKey("location.id", ondelete="CASCADE"), index=True)
    service_at_location_id: Mapped[str | None] = mapped_column(
        ForeignKey("service_at_location.id", ondelete="CASCADE"), index=True
    )
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    dtstart: Mapped[date | None] = mapped_column(Date)
    timezone: Mapped[float | None] = mapped_column(Float)  # a UTC offset in hours
    until: Mapped[date | None] = mapped_column(Date)
    count: Mapped[int | None] = mapped_column(Integer)
    wkst: Mapped[str | None] = mapped_column(String(2))
    freq: Mapped[str | None] = mapped_column(String(10))
    interval: Mapped[int | None] = mapped_column(Integer)
    byday: Mapped[str | None] = mapped_column(String(200))
    byweekno: Mapped[str | None] = mapped_column(String(400))
    bymonthday: Mapped[str | None] = mapped_column(String(400))
    byyearday: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    opens_at: Mapped[str | None] = mapped_column(String(20))
    closes_at: Mapped[str | None] = mapped_column(String(20))
    schedule_link: Mapped[str | None] = mapped_column(String(500))
    attending_type: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)


class ServiceSearch(Base):
    """One row per service: the text the full-text index reads, plus what a
    result row shows, so a search touches one table and its index.

    Rebuilt by ``console.services.directory_index`` whenever a service, its
    organization, locations, terms, languages or schedules change. On SQLite
    an FTS5 table with external content (``service_search_fts``, migration
    0001) mirrors ``document``, and an R*Tree (``service_search_rtree``,
    migration 0006) mirrors ``latitude``/``longitude``, both through triggers.
    PostgreSQL narrows a radius search with the (latitude, longitude) index.
    """

    __tablename__ = "service_search"
    __table_args__ = (
        # A listing walks these in name order and stops at the limit (no sort):
        # nationwide, or within a state (migration 0006; it replaced the index on state alone).
        Index("ix_service_search_name", "organization_name", "service_name", "service_id"),
        Index("ix_service_search_state_name", "state", "organization_name", "service_name", "service_id"),
        Index("ix_service_search_lat_lon", "latitude", "longitude"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[str] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), unique=True
    )
    organization_name: Mapped[str] = mapped_column(String(300))
    service_name: Mapped[str] = mapped_column(String(300))
    city: Mapped[str | None] = mapped_column(String(120))
    state: Mapped[str | None] = mapped_column(String(60))
    categories: Mapped[str] = mapped_column(String(400), default="")  # space-separated codes
    populations: Mapped[str] = mapped_column(String(400), default="")  # space-separated codes
    document: Mapped[str] = mapped_column(Text, default="")
    # Added by migration 0006 (place, language and hours filters):
    latitude: Mapped[float | None] = mapped_column(Float)  # of the first physical location (else the ZIP's centre)
    longitude: Mapped[float | None] = mapped_column(Float)
    languages: Mapped[str] = mapped_column(String(200), default="", server_default="")  # space-separated codes
    hours: Mapped[str | None] = mapped_column(String(400))  # weekly intervals (directory_hours); NULL: unknown
    open_24h: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    time_zone: Mapped[str | None] = mapped_column(String(64))  # IANA name or "+05:30"
    assured_date: Mapped[date | None] = mapped_column(Date)  # the service's, for the "not verified since" flag


class DirectoryChange(Base):
    """Who changed which directory record, when, and which fields: names
    only, never values (migration 0007). ``entity`` is organization, service,
    location, address, phone or import; an import's row has no ``entity_id``
    and lists the tables it changed."""

    __tablename__ = "directory_changes"
    __table_args__ = (Index("ix_directory_changes_entity", "entity", "entity_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str | None] = mapped_column(HSDS_ID)
    action: Mapped[str] = mapped_column(String(16))  # created, edited, deleted, verified, retired, imported
    fields: Mapped[str] = mapped_column(Text, default="")  # space-separated column names
