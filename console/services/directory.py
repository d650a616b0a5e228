"""The referral directory as a desk uses it mid-call: search, then details.

``search`` reads the index rows kept by ``directory_index`` (on SQLite through
their FTS5 index; ``directory_search`` explains the plan, ``directory_near``
the plan near a place). Each hit says how far it is (near a place), which
filters it met, whether it is open now (None: hours unknown) and whether
its entry is stale: not verified for ``STALE_AFTER_DAYS`` (or never).
``details`` reads the HSDS tables and withholds what the role may not see:
a confidential address shows only its city and state, a confidential phone
no number.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from console.db import Database
from console.errors import NotFound
from console.models import (
    Address,
    Attribute,
    Language,
    Location,
    Organization,
    Phone,
    Service,
    ServiceAtLocation,
    ServiceSearch,
    Taxonomy,
    TaxonomyTerm,
    utcnow,
)
from console.permissions import Permission, allowed
from console.services.directory_hours import OpenNow
from console.services.directory_near import near_rows
from console.services.directory_query import MAX_LIMIT, DirectoryQuery, matched_filters, validated
from console.services.directory_search import search_rows
from console.vocabulary import (
    CATEGORY_TAXONOMY,
    POPULATION_TAXONOMY,
    Population,
    Role,
    ServiceCategory,
)

if TYPE_CHECKING:
    from console.services.directory_people import PersonHit

__all__ = [
    "MAX_LIMIT", "STALE_AFTER_DAYS", "AddressInfo", "DirectoryQuery", "DirectoryService", "PhoneInfo",
    "ServiceDetails", "ServiceHit",
]

STALE_AFTER_DAYS = 365  # an entry not verified for this long is flagged; sites set [directory] stale_after_months
_SS = ServiceSearch
_ORDER = {code: i for i, code in enumerate([*ServiceCategory, *Population])}  # vocabulary order


@dataclass(frozen=True, slots=True)
class ServiceHit:
    service_id: str
    service_name: str
    organization_name: str
    city: str | None
    state: str | None
    categories: tuple[str, ...]
    populations: tuple[str, ...]
    languages: tuple[str, ...] = ()
    distance_miles: float | None = None  # when the search was near a place
    open_now: bool | None = None  # None: hours unknown
    open_24h: bool = False
    assured_date: date | None = None  # last verified
    stale: bool = False  # not verified for STALE_AFTER_DAYS, or never
    matched: tuple[str, ...] = ()  # the filters of the query it met: "near", "state", "language", "open_now", ...


@dataclass(frozen=True, slots=True)
class AddressInfo:
    """A street address; ``withheld`` ones carry only city and state."""

    city: str
    state: str
    address_1: str | None
    address_2: str | None
    postal_code: str | None
    confidential: bool
    withheld: bool = False


@dataclass(frozen=True, slots=True)
class PhoneInfo:
    """A phone line; ``withheld`` ones carry no number."""

    number: str | None
    extension: str | None
    type: str | None
    description: str | None
    confidential: bool
    withheld: bool = False


@dataclass(frozen=True, slots=True)
class ServiceDetails:
    service_id: str
    service_name: str
    organization_id: str
    organization_name: str
    description: str
    organization_description: str
    eligibility: str
    minimum_age: int | None
    maximum_age: int | None
    website: str | None
    email: str | None
    alert: str | None
    addresses: tuple[AddressInfo, ...]
    phones: tuple[PhoneInfo, ...]
    languages: tuple[str, ...]  # names as recorded ("Spanish"), else codes
    categories: tuple[str, ...]
    populations: tuple[str, ...]
    assured_date: date | None
    stale: bool = False  # not verified for STALE_AFTER_DAYS, or never
    hours: str | None = None  # weekly intervals (directory_hours.by_day reads them); None: unknown
    open_24h: bool = False
    open_now: bool | None = None
    time_zone: str | None = None
    people: tuple[PersonHit, ...] = ()  # named at the service or its organization (HSDS contact)


PEOPLE_SHOWN = 10  # people named at a service, in its details


class DirectoryService:
    def __init__(self, db: Database, role: Role, clock: Callable[[], datetime] = utcnow,
                 stale_after_days: int = STALE_AFTER_DAYS):
        self._db = db
        self._role = role
        self._clock = clock
        self._stale_after = timedelta(days=stale_after_days)

    def _stale(self, assured: date | None, now: datetime) -> bool:
        return assured is None or assured < now.date() - self._stale_after

    def search(self, query: DirectoryQuery) -> tuple[ServiceHit, ...]:
        query, centre = validated(query)
        now = self._clock()
        open_now = OpenNow(now)
        keep = (lambda row: open_now(row.hours, row.time_zone)) if query.open_now else None
        fts5 = self._db.target.is_sqlite
        with self._db.read() as session:
            if centre is None:
                found = [(row, None) for row in search_rows(session.connection(), query, fts5, keep)]
            else:
                found = near_rows(session.connection(), query, centre, fts5, keep)
        matched = matched_filters(query)
        return tuple(
            ServiceHit(
                row.service_id, row.service_name, row.organization_name, row.city, row.state,
                tuple(row.categories.split()), tuple(row.populations.split()), tuple(row.languages.split()),
                None if miles is None else round(miles, 1), open_now(row.hours, row.time_zone), bool(row.open_24h),
                row.assured_date, self._stale(row.assured_date, now), matched,
            )
            for row, miles in found
        )

    def spelling(self, text: str) -> str | None:
        """A corrected query for words that begin nothing in the directory
        ("sheltr legal" -> "shelter legal"), or None. From the word index's
        vocabulary (SQLite's fts5vocab; on PostgreSQL the word table, None until
        it exists)."""
        from console.services.directory_prefixes import spelled
        from console.services.directory_search import search_terms

        terms = search_terms(text)
        with self._db.read() as session:
            fixed = spelled(session.connection(), terms) if terms else None
        return " ".join(fixed) if fixed else None

    def states(self) -> tuple[str, ...]:
        """States with at least one service (as the state filter sees them), by code."""
        with self._db.read() as session:
            states = session.scalars(select(_SS.state).where(_SS.state.is_not(None)).distinct())
            return tuple(sorted(s for s in states if s))

    def people(self, service_ids: Sequence[str], words: str, state: str | None,
               limit: int = 50) -> tuple[PersonHit, ...]:
        """The directory's people at these services (trainers found) or whose title or department names
        ``words``, as ``directory_people.PersonHit``: emails and phones withheld as the role requires."""
        from console.services.directory_people import find_people

        see_all = allowed(self._role, Permission.VIEW_CONFIDENTIAL_DIRECTORY)
        with self._db.read() as session:
            return find_people(session, service_ids, words, state, min(limit, MAX_LIMIT), see_all)

    def details(self, service_id: str) -> ServiceDetails:
        see_all = allowed(self._role, Permission.VIEW_CONFIDENTIAL_DIRECTORY)
        with self._db.read() as session:
            row = session.execute(
                select(Service, Organization).join(Organization).where(Service.id == service_id)
            ).first()
            if row is None:
                raise NotFound("Service", service_id)
            service, org = row
            location_ids = _location_ids(session, service)
            addresses = session.scalars(
                select(Address).where(Address.location_id.in_(location_ids)).order_by(Address.id)
            ).all()
            addresses = sorted(addresses, key=lambda a: location_ids.index(a.location_id))
            phones = session.scalars(
                select(Phone).where(or_(
                    Phone.service_id == service.id,  # its own lines, then those of its organization and places
                    and_(Phone.service_id.is_(None),
                         or_(Phone.organization_id == org.id, Phone.location_id.in_(location_ids))),
                )).order_by(Phone.id)
            ).all()
            phones = sorted(phones, key=lambda p: 0 if p.service_id else 1 if p.organization_id else 2)
            languages = session.execute(
                select(Language.name, Language.code).where(Language.service_id == service.id).order_by(Language.id)
            ).all()
            categories, populations = _service_terms(session, service.id)
            indexed = session.execute(
                select(_SS.hours, _SS.open_24h, _SS.time_zone).where(_SS.service_id == service.id)
            ).first()
            hours, open_24h, time_zone = indexed if indexed is not None else (None, False, None)
            from console.services.directory_people import find_people  # imports this module

            people = find_people(session, [service.id], "", None, PEOPLE_SHOWN, see_all)
            now = self._clock()
            return ServiceDetails(
                service_id=service.id, service_name=service.name, organization_id=org.id,
                organization_name=org.name, description=service.description or "",
                organization_description=org.description or "",
                eligibility=service.eligibility_description or "",
                minimum_age=service.minimum_age, maximum_age=service.maximum_age,
                website=service.url or org.website, email=service.email or org.email, alert=service.alert,
                addresses=tuple(_address(a, see_all) for a in addresses),
                phones=tuple(_phone(p, see_all) for p in phones),
                languages=tuple(dict.fromkeys(name or code for name, code in languages if name or code)),
                categories=categories, populations=populations, assured_date=service.assured_date,
                stale=self._stale(service.assured_date, now), hours=hours, open_24h=bool(open_24h),
                open_now=OpenNow(now)(hours, time_zone), time_zone=time_zone, people=people,
            )




def _location_ids(session: Session, service: Service) -> list[str]:
    ids = session.scalars(
        select(ServiceAtLocation.location_id).where(ServiceAtLocation.service_id == service.id)
        .order_by(ServiceAtLocation.id)
    ).all()
    if not ids:
        ids = session.scalars(
            select(Location.id).where(Location.organization_id == service.organization_id).order_by(Location.id)
        ).all()
    return list(dict.fromkeys(ids))


def _service_terms(session: Session, service_id: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    rows = session.execute(
        select(Taxonomy.name, TaxonomyTerm.code)
        .join(TaxonomyTerm, TaxonomyTerm.taxonomy_id == Taxonomy.id)
        .join(Attribute, Attribute.taxonomy_term_id == TaxonomyTerm.id)
        .where(Attribute.link_entity == "service", Attribute.link_id == service_id,
               Taxonomy.name.in_([CATEGORY_TAXONOMY, POPULATION_TAXONOMY]), TaxonomyTerm.code.is_not(None))
    ).all()

    def codes(taxonomy: str) -> tuple[str, ...]:
        found = {code for name, code in rows if name == taxonomy}
        return tuple(sorted(found, key=lambda c: (_ORDER.get(c, len(_ORDER)), c)))

    return codes(CATEGORY_TAXONOMY), codes(POPULATION_TAXONOMY)


def _address(a: Address, see_all: bool) -> AddressInfo:
    if a.confidential and not see_all:
        return AddressInfo(a.city, a.state_province, None, None, None, confidential=True, withheld=True)
    return AddressInfo(a.city, a.state_province, a.address_1, a.address_2, a.postal_code, a.confidential)


def _phone(p: Phone, see_all: bool) -> PhoneInfo:
    if p.confidential and not see_all:
        return PhoneInfo(None, None, p.type, p.description, confidential=True, withheld=True)
    return PhoneInfo(p.number, p.extension, p.type, p.description, p.confidential)
