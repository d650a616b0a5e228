"""What a search row needs beyond names and terms, read a chunk of services
at a time (``directory_index``): each service's place, languages and hours.

- **Place**: city, state and ZIP of the first physical address at one of the
  service's locations (in ``service_at_location`` order), else at its
  organization's first location that has one. Coordinates: the first
  physical location of the service that has them, else its organization's,
  else the centre of the address's ZIP (many HSDS exports carry no
  coordinates). The time zone is the ZIP's.
- **Locations** whose languages and schedules count: those the service is at,
  else (a service at no location) its organization's.
- **Languages**: the service's own language rows and its locations', as the
  console's codes (``directory_languages``).
- **Schedules**: the service's own rows and those of its service-at-location
  rows; when it has none, its locations' opening hours
  (``directory_hours`` reads them).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session

from console.models import Address, Language, Location, Schedule, ServiceAtLocation
from console.places import zip_place
from console.services.directory_hours import ScheduleRow, WeeklyHours, resolve_zone, weekly_hours
from console.services.directory_languages import language_code

Selector = Callable[[ColumnElement[str]], ColumnElement[bool]]
IN_LIST = 2000  # ids a bound IN list


@dataclass(slots=True)
class Place:
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    location_ids: list[str] = field(default_factory=list)
    at_ids: list[str] = field(default_factory=list)  # service_at_location ids

    def take(self, location_id: str, location_type: str, lat, lon, city, state, postal_code) -> None:
        if location_id not in self.location_ids:
            self.location_ids.append(location_id)
        if self.city is None and city is not None:
            self.city, self.state, self.postal_code = city, state, postal_code
        if self.latitude is None and location_type == "physical" and lat is not None and lon is not None:
            self.latitude, self.longitude = lat, lon

    @property
    def time_zone(self) -> str | None:
        found = zip_place(self.postal_code)
        return found.time_zone if found else None


def places(session: Session, where: Selector, org_of: dict[str, str]) -> dict[str, Place]:
    found: dict[str, Place] = {}
    rows = session.execute(
        select(ServiceAtLocation.service_id, ServiceAtLocation.id, *_LOCATION_COLUMNS)
        .join(Location, Location.id == ServiceAtLocation.location_id)
        .outerjoin(Address, and_(Address.location_id == Location.id, Address.address_type == "physical"))
        .where(where(ServiceAtLocation.service_id))
        .order_by(ServiceAtLocation.service_id, ServiceAtLocation.id, Address.id)
    )
    for service_id, at_id, *location in rows:
        place = found.setdefault(service_id, Place())
        if at_id not in place.at_ids:
            place.at_ids.append(at_id)
        place.take(*location)
    wanting = {org_of[s] for s in org_of if s not in found or found[s].city is None or found[s].latitude is None}
    by_org: dict[str, Place] = {}
    for batch in _batches(sorted(wanting)):
        rows = session.execute(
            select(Location.organization_id, *_LOCATION_COLUMNS)
            .outerjoin(Address, and_(Address.location_id == Location.id, Address.address_type == "physical"))
            .where(Location.organization_id.in_(batch))
            .order_by(Location.organization_id, Location.id, Address.id)
        )
        for org_id, *location in rows:
            by_org.setdefault(org_id, Place()).take(*location)
    for service_id, org_id in org_of.items():
        place = found.setdefault(service_id, Place())
        org = by_org.get(org_id)
        if org is not None:
            if place.city is None:
                place.city, place.state, place.postal_code = org.city, org.state, org.postal_code
            if place.latitude is None:
                place.latitude, place.longitude = org.latitude, org.longitude
            if not place.location_ids:
                place.location_ids = list(org.location_ids)
        if place.latitude is None:
            centre = zip_place(place.postal_code)
            if centre is not None and centre.latitude is not None:
                place.latitude, place.longitude = centre.latitude, centre.longitude
    return found


_LOCATION_COLUMNS = (
    Location.id, Location.location_type, Location.latitude, Location.longitude,
    Address.city, Address.state_province, Address.postal_code,
)


def languages(session: Session, where: Selector, found: dict[str, Place]) -> dict[str, list[str]]:
    """service id -> language codes: its own rows' first, then its locations', each in id order."""
    users = _users_of_locations(found)
    codes: dict[str, list[str]] = defaultdict(list)
    columns = (Language.service_id, Language.location_id, Language.code, Language.name)
    queries = [select(*columns).where(where(Language.service_id))]
    queries += [select(*columns).where(Language.location_id.in_(batch), Language.service_id.is_(None))
                for batch in _batches(sorted(users))]
    for query in queries:
        for service_id, location_id, code, name in session.execute(query.order_by(Language.id)):
            cleaned = language_code(code, name)
            for target in [service_id] if service_id is not None else users.get(location_id, []):
                if cleaned is not None and target in found and cleaned not in codes[target]:
                    codes[target].append(cleaned)
    return codes


def hours(session: Session, where: Selector, found: dict[str, Place], today: date) -> dict[str, WeeklyHours]:
    """service id -> its weekly hours (only services with schedule rows)."""
    users = _users_of_locations(found)
    at_of = {at_id: service_id for service_id, place in found.items() for at_id in place.at_ids}
    columns = (Schedule.service_id, Schedule.service_at_location_id, Schedule.location_id,
               Schedule.freq, Schedule.interval, Schedule.byday, Schedule.opens_at, Schedule.closes_at,
               Schedule.dtstart, Schedule.valid_to, Schedule.until, Schedule.timezone, Schedule.description)
    queries = [select(*columns).where(where(Schedule.service_id))]
    queries += [select(*columns).where(Schedule.service_at_location_id.in_(batch), Schedule.service_id.is_(None))
                for batch in _batches(sorted(at_of))]
    queries += [select(*columns).where(Schedule.location_id.in_(batch), Schedule.service_id.is_(None),
                                       Schedule.service_at_location_id.is_(None))
                for batch in _batches(sorted(users))]
    own: dict[str, list[ScheduleRow]] = defaultdict(list)
    of_places: dict[str, list[ScheduleRow]] = defaultdict(list)
    for query in queries:
        for service_id, at_id, location_id, *fields in session.execute(query.order_by(Schedule.id)):
            row = ScheduleRow(*fields)
            if service_id is not None:
                own[service_id].append(row)
            elif at_id is not None:
                own[at_of[at_id]].append(row)
            else:
                for user in users.get(location_id, []):
                    of_places[user].append(row)
    return {
        service_id: weekly_hours(own.get(service_id) or of_places[service_id], today)
        for service_id in set(own) | set(of_places) if service_id in found
    }


def time_zone(place: Place, weekly: WeeklyHours | None) -> str:
    return resolve_zone(place.time_zone, weekly.offset if weekly else None)


def _users_of_locations(found: dict[str, Place]) -> dict[str, list[str]]:
    users: dict[str, list[str]] = defaultdict(list)
    for service_id, place in found.items():
        for location_id in place.location_ids:
            users[location_id].append(service_id)
    return users


def _batches(ids: Sequence[str]):
    for start in range(0, len(ids), IN_LIST):
        yield list(ids[start:start + IN_LIST])
