"""The directory's people (HSDS ``contact``) for a speaker or trainer
search: the persons at the trainers found, and the persons whose title or
department names the topic ("Youth Outreach Coordinator" for "youth").

Confidentiality, field by field, under the directory's rule (confidential
entries only for roles with ``VIEW_CONFIDENTIAL_DIRECTORY``):

- name, title, department, organization and city: always shown. They say
  whom to ask for, not where anyone is (a confidential address also keeps
  its city and state).
- email: withheld when the person is marked ``confidential`` or works at a
  place with a confidential address (their location, or that of their
  service at a location): a shelter advocate's own address is the shelter's.
- phones: each withheld when the line is confidential itself or its person
  is withheld as above; the type and description stay, as in the details.

The public HSDS export applies the same rule (``private_contact``): such a
person's email is left blank and their phones are left out.

The ids come first, in order, from two statements bounded by ``limit``: the
people at the trainers (by the indexes on their links), then one pass over
the people for the topic words (some 40 ms at 20,000 people, the demo's
100,000 organizations). What a hit shows (the confidential test, phones,
places) is then read for those ids alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, and_, exists, false, func, literal, or_, select, union
from sqlalchemy.orm import Session, aliased

from console.models import Address, DirectoryContact, Location, Organization, Phone, Service, ServiceAtLocation
from console.services.directory import PhoneInfo
from console.services.directory_search import search_terms

_C = DirectoryContact
_SAL = aliased(ServiceAtLocation, name="contact_sal")
_OWN_SERVICE = aliased(Service, name="own_service")
_SAL_SERVICE = aliased(Service, name="sal_service")
_LOCATION = aliased(Location, name="contact_location")
_SERVICE_ID = func.coalesce(_C.service_id, _SAL.service_id)
_ORG_ID = func.coalesce(_C.organization_id, _OWN_SERVICE.organization_id, _SAL_SERVICE.organization_id,
                        _LOCATION.organization_id)
_PLACE_ID = func.coalesce(_C.location_id, _SAL.location_id)


@dataclass(frozen=True, slots=True)
class PersonHit:
    contact_id: str
    name: str | None
    title: str | None
    department: str | None
    organization_id: str | None
    organization_name: str | None
    service_id: str | None  # the service they are named at (its details say more), if any
    service_name: str | None
    city: str | None
    state: str | None
    email: str | None  # None when withheld (or unknown)
    phones: tuple[PhoneInfo, ...]
    confidential: bool  # their email and phones are confidential (shown to this role or not)
    withheld: bool  # and withheld from this role
    trainer: bool  # named at a trainer found (or at its organization)
    topic: bool  # their title or department names the topic


def private_contact(contact=_C) -> ColumnElement[bool]:
    """True for a person whose email and phones are confidential (see the module's doc)."""
    hidden = Address.confidential.is_(True)
    return or_(
        contact.confidential.is_(True),
        exists().where(Address.location_id == contact.location_id, hidden),
        exists().where(ServiceAtLocation.id == contact.service_at_location_id,
                       Address.location_id == ServiceAtLocation.location_id, hidden),
    )


def _topic(terms: list[str], sqlite: bool) -> ColumnElement[bool]:
    """Every word begins a word of the title or department, any case (SQLite's LIKE ignores case
    already: ILIKE's lower() on both sides doubled the time of a pass over the people)."""
    if not terms:
        return false()
    text = literal(" ") + func.coalesce(_C.title, "") + literal(" ") + func.coalesce(_C.department, "")
    for mark in ("-", "/"):  # "Anti-Trafficking", "Schools/Youth": words after them count too
        text = func.replace(text, mark, " ")
    escaped = [t.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for t in terms]
    like = text.like if sqlite else text.ilike
    return and_(*(like(f"% {t}%", escape="\\") for t in escaped))


def _in_state(state: str) -> ColumnElement[bool]:
    """Their organization has a place in ``state``: the states of its few places, found by the
    organization's index. (Asked the other way round, "its places among the state's", both databases
    read every address of the state, for each person or once: up to 40 s, or 30 ms, at 100,000
    organizations.)"""
    states = (select(Address.state_province).join(Location, Location.id == Address.location_id)
              .where(Location.organization_id == _ORG_ID).correlate(_C, _OWN_SERVICE, _SAL_SERVICE, _LOCATION))
    return literal(state).in_(states)


def _frame(*columns) -> Select:
    """``columns`` of the people with their services, place and organization joined."""
    return (
        select(*columns)
        .select_from(_C)
        .outerjoin(_SAL, _SAL.id == _C.service_at_location_id)
        .outerjoin(_OWN_SERVICE, _OWN_SERVICE.id == _C.service_id)
        .outerjoin(_SAL_SERVICE, _SAL_SERVICE.id == _SAL.service_id)
        .outerjoin(_LOCATION, _LOCATION.id == _C.location_id)
        .outerjoin(Organization, Organization.id == _ORG_ID)
    )


def _details(session: Session, ids: list[str], topic: ColumnElement[bool]) -> dict[str, object]:
    rows = session.execute(_frame(
        _C.id, _C.name, _C.title, _C.department, _C.email, private_contact().label("private"),
        _ORG_ID.label("organization_id"), Organization.name.label("organization_name"),
        _SERVICE_ID.label("service_id"), func.coalesce(_OWN_SERVICE.name, _SAL_SERVICE.name).label("service_name"),
        _PLACE_ID.label("place_id"), topic.label("topic"),
    ).where(_C.id.in_(ids)))
    return {row.id: row for row in rows}


def _at(service_ids: list[str]):
    """The people named at these services, their services at a location, or their organizations."""
    return union(
        select(_C.id).where(_C.service_id.in_(service_ids)),
        select(_C.id).where(_C.service_at_location_id.in_(
            select(ServiceAtLocation.id).where(ServiceAtLocation.service_id.in_(service_ids)))),
        select(_C.id).where(_C.organization_id.in_(
            select(Service.organization_id).where(Service.id.in_(service_ids)))),
    )


def find_people(session: Session, service_ids: Sequence[str], words: str, state: str | None, limit: int,
                see_all: bool) -> tuple[PersonHit, ...]:
    """The people at the trainers ``service_ids`` (those whose title or department names ``words``
    first), then others whose title or department names them (those in the event's ``state`` first)."""
    terms = search_terms(words)
    topic = _topic(terms, session.get_bind().dialect.name == "sqlite")
    by_name = (func.coalesce(_C.name, _C.title, ""), _C.id)
    # First the ids, in order: the columns shown cost subqueries, worth it for the page alone.
    found: list[tuple[str, bool]] = []  # (id, at a trainer)
    if service_ids:
        first = (topic.desc(),) if terms else ()  # (a constant would read as a column number)
        stmt = select(_C.id).where(_C.id.in_(_at(list(service_ids)))).order_by(*first, *by_name)
        found += [(person, True) for person in session.scalars(stmt.limit(limit))]
    if terms and len(found) < limit:
        first = (_in_state(state).desc(),) if state else ()
        stmt = _frame(_C.id).where(topic, _C.id.not_in([person for person, _ in found])).order_by(*first, *by_name)
        found += [(person, False) for person in session.scalars(stmt.limit(limit - len(found)))]
    if not found:
        return ()
    rows = _details(session, [person for person, _ in found], topic)
    return _hits(session, [(rows[person], trainer) for person, trainer in found], state, see_all)


def _hits(session: Session, found: list[tuple[object, bool]], state: str | None,
          see_all: bool) -> tuple[PersonHit, ...]:
    ids = [row.id for row, _ in found]
    phones: dict[str, list[Phone]] = defaultdict(list)
    for phone in session.scalars(select(Phone).where(Phone.contact_id.in_(ids)).order_by(Phone.id)):
        phones[phone.contact_id].append(phone)
    places = _places(session, [row for row, _ in found], state)
    hits = []
    for row, trainer in found:
        private = bool(row.private)
        withheld = private and not see_all
        city, place_state = places.get(row.id, (None, None))
        hits.append(PersonHit(
            row.id, row.name, row.title, row.department, row.organization_id, row.organization_name,
            row.service_id, row.service_name, city, place_state, None if withheld else row.email,
            tuple(_phone(p, private, see_all) for p in phones[row.id]), private, withheld, trainer,
            bool(row.topic),
        ))
    return tuple(hits)


def _places(session: Session, rows: list, state: str | None) -> dict[str, tuple[str, str]]:
    """City and state of each person: of their own location, else of their organization's first
    place (in ``state`` if it has one there)."""
    place_ids = {row.place_id for row in rows if row.place_id}
    org_ids = {row.organization_id for row in rows if row.organization_id}
    own: dict[str, tuple[str, str]] = {}
    by_org: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for location_id, org_id, city, place_state in session.execute(
        select(Location.id, Location.organization_id, Address.city, Address.state_province)
        .join(Address, Address.location_id == Location.id)
        .where(or_(Location.id.in_(place_ids), Location.organization_id.in_(org_ids)))
        .order_by(Location.id, Address.id)
    ):
        own.setdefault(location_id, (city, place_state))
        by_org[org_id].append((city, place_state))
    result = {}
    for row in rows:
        if row.place_id in own:
            result[row.id] = own[row.place_id]
        elif by_org.get(row.organization_id):
            options = by_org[row.organization_id]
            result[row.id] = next((o for o in options if o[1] == state), options[0])
    return result


def _phone(p: Phone, private_person: bool, see_all: bool) -> PhoneInfo:
    confidential = bool(p.confidential) or private_person
    if confidential and not see_all:
        return PhoneInfo(None, None, p.type, p.description, confidential=True, withheld=True)
    return PhoneInfo(p.number, p.extension, p.type, p.description, confidential)
