"""The directory's search rows: one ``service_search`` row per service.

A row holds what a result line shows (organization, service, city, state,
category and population codes) and ``document``, the plain-English text the
full-text index reads. On SQLite the triggers of migration 0001 mirror
``document`` into the FTS5 table; nothing here touches the index itself.

Call ``rebuild_search_rows`` in the same transaction as any change to a
service, its organization, locations, addresses or taxonomy terms. It works
in chunks with a handful of bulk queries each (never one query a service)
and writes only the rows whose content changed, so rebuilding a directory of
100,000 organizations is a matter of seconds and a second rebuild is cheap.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from functools import cache

from sqlalchemy import TextClause, delete, select, text
from sqlalchemy.orm import Session

from console.models import (
    Address,
    Attribute,
    Location,
    Organization,
    Service,
    ServiceAtLocation,
    ServiceSearch,
    Taxonomy,
    TaxonomyTerm,
)
from console.vocabulary import CATEGORY_TAXONOMY, POPULATION_TAXONOMY, Population, ServiceCategory

CHUNK = 2000  # services a round of queries: well under SQLite's bound-parameter limit
INSERT_ROWS = 400  # rows a multi-row INSERT (9 parameters each)

# State names make "texas shelter" find Texas; codes are what rows store.
STATE_NAMES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "PR": "Puerto Rico", "GU": "Guam", "VI": "U.S. Virgin Islands", "AS": "American Samoa",
    "MP": "Northern Mariana Islands",
}

_COLUMNS = (
    ServiceSearch.id, ServiceSearch.service_id, ServiceSearch.organization_name, ServiceSearch.service_name,
    ServiceSearch.city, ServiceSearch.state, ServiceSearch.categories, ServiceSearch.populations,
    ServiceSearch.document,
)
_ORDER = {code: i for i, code in enumerate([*ServiceCategory, *Population])}


def rebuild_search_rows(session: Session, service_ids: Iterable[str] | None = None) -> int:
    """Bring the search rows of these services (None: all) up to date.

    Rows of services that no longer exist are removed. Returns how many rows
    were inserted or changed.
    """
    if service_ids is None:
        ids: Sequence[str] = session.scalars(select(Service.id).order_by(Service.id)).all()
        session.execute(
            delete(ServiceSearch).where(ServiceSearch.service_id.not_in(select(Service.id))),
            execution_options={"synchronize_session": False},
        )
    else:
        ids = sorted(set(service_ids))
    taxonomies = dict(
        session.execute(
            select(Taxonomy.id, Taxonomy.name).where(Taxonomy.name.in_([CATEGORY_TAXONOMY, POPULATION_TAXONOMY]))
        ).all()
    )
    return sum(_rebuild_chunk(session, chunk, taxonomies) for chunk in _chunks(ids, CHUNK))


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _rebuild_chunk(session: Session, chunk: Sequence[str], taxonomies: dict[str, str]) -> int:
    services = session.execute(
        select(
            Service.id, Service.name, Service.alternate_name, Service.description,
            Organization.id.label("org_id"), Organization.name.label("org_name"),
            Organization.alternate_name.label("org_alt"), Organization.description.label("org_desc"),
        )
        .join(Organization, Organization.id == Service.organization_id)
        .where(Service.id.in_(chunk))
    ).all()
    places = _places(session, chunk, {s.id: s.org_id for s in services})
    terms = _terms(session, chunk, taxonomies)
    existing = {
        row.service_id: row
        for row in session.execute(select(*_COLUMNS).where(ServiceSearch.service_id.in_(chunk)))
    }
    fresh: list[dict] = []
    changed: list[dict] = []
    for svc in services:
        values = _row_values(svc, places.get(svc.id, (None, None)), terms.get(svc.id, {}))
        old = existing.pop(svc.id, None)
        if old is None:
            fresh.append(values)
        elif any(getattr(old, key) != value for key, value in values.items()):
            changed.append({"id": old.id, **values})
    # A change is a delete and an insert under the same id; services asked
    # for that are gone lose their row.
    stale = [row["id"] for row in changed] + [row.id for row in existing.values()]
    if stale:
        session.execute(
            delete(ServiceSearch).where(ServiceSearch.id.in_(stale)), execution_options={"synchronize_session": False}
        )
    _insert_rows(session, fresh)
    _insert_rows(session, changed)
    return len(fresh) + len(changed)


def _insert_rows(session: Session, rows: list[dict]) -> None:
    """Multi-row INSERTs. On SQLite the full-text index flushes once a
    statement, which makes one row a statement (executemany) ~10x slower;
    the statement text is made once a shape (SQLAlchemy would compile a
    multi-row ``insert().values()`` anew each time, slower still)."""
    for start in range(0, len(rows), INSERT_ROWS):
        batch = rows[start:start + INSERT_ROWS]
        names = tuple(batch[0])
        params = {f"{name}_{i}": row[name] for i, row in enumerate(batch) for name in names}
        session.execute(_insert_statement(len(batch), names), params)


@cache
def _insert_statement(count: int, names: tuple[str, ...]) -> TextClause:
    rows = ", ".join("(" + ", ".join(f":{name}_{i}" for name in names) + ")" for i in range(count))
    return text(f"INSERT INTO service_search ({', '.join(names)}) VALUES {rows}")


def _places(session: Session, chunk: Sequence[str], org_of: dict[str, str]) -> dict[str, tuple[str, str]]:
    """(city, state) of each service's first physical address: at one of its
    locations, else at its organization's first location."""
    places: dict[str, tuple[str, str]] = {}
    rows = session.execute(
        select(ServiceAtLocation.service_id, Address.city, Address.state_province)
        .join(Address, Address.location_id == ServiceAtLocation.location_id)
        .where(ServiceAtLocation.service_id.in_(chunk), Address.address_type == "physical")
        .order_by(ServiceAtLocation.service_id, ServiceAtLocation.id, Address.id)
    )
    for service_id, city, state in rows:
        places.setdefault(service_id, (city, state))
    orphans = {org_of[s] for s in org_of if s not in places}
    if orphans:
        by_org: dict[str, tuple[str, str]] = {}
        rows = session.execute(
            select(Location.organization_id, Address.city, Address.state_province)
            .join(Address, Address.location_id == Location.id)
            .where(Location.organization_id.in_(orphans), Address.address_type == "physical")
            .order_by(Location.organization_id, Location.id, Address.id)
        )
        for org_id, city, state in rows:
            by_org.setdefault(org_id, (city, state))
        for service_id, org_id in org_of.items():
            if service_id not in places and org_id in by_org:
                places[service_id] = by_org[org_id]
    return places


def _terms(session: Session, chunk: Sequence[str], taxonomies: dict[str, str]) -> dict[str, dict[str, list]]:
    """service id -> {taxonomy name: [(code, English name), ...]} in vocabulary order."""
    found: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    if not taxonomies:
        return found
    rows = session.execute(
        select(Attribute.link_id, TaxonomyTerm.taxonomy_id, TaxonomyTerm.code, TaxonomyTerm.name)
        .join(TaxonomyTerm, TaxonomyTerm.id == Attribute.taxonomy_term_id)
        .where(
            Attribute.link_entity == "service",
            Attribute.link_id.in_(chunk),
            TaxonomyTerm.taxonomy_id.in_(list(taxonomies)),
        )
    )
    for service_id, taxonomy_id, code, name in rows:
        found[service_id][taxonomies[taxonomy_id]].append((code or "", name))
    for per_taxonomy in found.values():
        for pairs in per_taxonomy.values():
            pairs.sort(key=lambda pair: (_ORDER.get(pair[0], len(_ORDER)), pair[0], pair[1]))
    return found


def _row_values(svc, place: tuple[str | None, str | None], terms: dict[str, list]) -> dict:
    city, state = place
    categories = terms.get(CATEGORY_TAXONOMY, [])
    populations = terms.get(POPULATION_TAXONOMY, [])
    parts = [
        svc.org_name, svc.org_alt, svc.name, svc.alternate_name, svc.description, svc.org_desc,
        *(name for _, name in categories), *(name for _, name in populations),
        city, state, STATE_NAMES.get(state or ""),
    ]
    return {
        "service_id": svc.id,
        "organization_name": svc.org_name,
        "service_name": svc.name,
        "city": city,
        "state": state,
        "categories": _codes(categories),
        "populations": _codes(populations),
        "document": "\n".join(part for part in parts if part),
    }


def _codes(pairs: list[tuple[str, str]]) -> str:
    return " ".join(dict.fromkeys(code for code, _ in pairs if code))
