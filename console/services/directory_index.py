"""The directory's search rows: one ``service_search`` row per service.

A row holds what a result line shows (organization, service, city, state,
category and population codes) and ``document``, the plain-English text the
full-text index reads. On SQLite the triggers of migration 0001 mirror
``document`` into the FTS5 table; nothing here touches the index itself.

Call ``rebuild_search_rows`` in the same transaction as any change to a
service, its organization, locations, addresses or taxonomy terms. It works
in chunks with a handful of bulk queries each (never one query a service)
and writes only the rows whose content changed. Here, checking all 175,000
services of 100,000 demo organizations when nothing changed takes ~17 s;
writing them all, ~25 s.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import cache

from sqlalchemy import ColumnElement, delete, func, select
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
from console.vocabulary import (
    CATEGORY_TAXONOMY,
    POPULATION_TAXONOMY,
    STATE_NAMES,
    Population,
    ServiceCategory,
)

CHUNK = 2000  # services a round of queries: well under SQLite's bound-parameter limit
INSERT_ROWS = 400  # rows a multi-row INSERT (9 parameters each)


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
    terms = {
        term_id: (taxonomy, code or "", name)
        for term_id, taxonomy, code, name in session.execute(
            select(TaxonomyTerm.id, Taxonomy.name, TaxonomyTerm.code, TaxonomyTerm.name)
            .join(Taxonomy, Taxonomy.id == TaxonomyTerm.taxonomy_id)
            .where(Taxonomy.name.in_([CATEGORY_TAXONOMY, POPULATION_TAXONOMY]))
        )
    }
    written = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        written += _rebuild_chunk(session, chunk, _selector(session, chunk), terms)
    return written


Selector = Callable[[ColumnElement[str]], ColumnElement[bool]]


def _selector(session: Session, chunk: Sequence[str]) -> Selector:
    """How to ask for the chunk's services: by id range when the range holds
    exactly them (a full rebuild, freshly made ids), else by a list."""
    first, last = chunk[0], chunk[-1]
    in_range = session.scalar(select(func.count()).select_from(Service).where(Service.id.between(first, last)))
    if in_range == len(chunk):
        return lambda col: col.between(first, last)
    return lambda col: col.in_(chunk)


def _rebuild_chunk(session: Session, chunk: Sequence[str], where: Selector, terms: dict) -> int:
    services = session.execute(
        select(
            Service.id, Service.name, Service.alternate_name, Service.description,
            Organization.id.label("org_id"), Organization.name.label("org_name"),
            Organization.alternate_name.label("org_alt"), Organization.description.label("org_desc"),
        )
        .join(Organization, Organization.id == Service.organization_id)
        .where(where(Service.id))
    ).all()
    places = _places(session, where, {s.id: s.org_id for s in services})
    service_terms = _terms(session, where, terms)
    existing = {
        row.service_id: row for row in session.execute(select(*_COLUMNS).where(where(ServiceSearch.service_id)))
    }
    fresh: list[dict] = []
    changed: list[dict] = []
    for svc in services:
        values = _row_values(svc, places.get(svc.id, (None, None)), service_terms.get(svc.id, {}))
        old = existing.pop(svc.id, None)
        if old is None:
            fresh.append(values)
        elif any(getattr(old, key) != value for key, value in values.items()):
            changed.append({"id": old.id, **values})
    # A change is a delete and an insert under the same id; rows of services
    # that are gone are deleted.
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
    statement, so one row a statement (executemany) is ~10x slower. The text
    is made once a shape and goes to the driver as is: SQLAlchemy's work on
    3,000 parameters a statement would double the cost."""
    conn = session.connection()
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    for start in range(0, len(rows), INSERT_ROWS):
        batch = rows[start:start + INSERT_ROWS]
        names = tuple(batch[0])
        conn.exec_driver_sql(
            _insert_sql(len(batch), names, mark), tuple(row[name] for row in batch for name in names)
        )


@cache
def _insert_sql(count: int, names: tuple[str, ...], mark: str) -> str:
    row = "(" + ", ".join([mark] * len(names)) + ")"
    return f"INSERT INTO service_search ({', '.join(names)}) VALUES " + ", ".join([row] * count)


def _places(session: Session, where: Selector, org_of: dict[str, str]) -> dict[str, tuple[str, str]]:
    """(city, state) of each service's first physical address: at one of its
    locations, else at its organization's first location."""
    places: dict[str, tuple[str, str]] = {}
    rows = session.execute(
        select(ServiceAtLocation.service_id, Address.city, Address.state_province)
        .join(Address, Address.location_id == ServiceAtLocation.location_id)
        .where(where(ServiceAtLocation.service_id), Address.address_type == "physical")
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


def _terms(session: Session, where: Selector, terms: dict) -> dict[str, dict[str, list]]:
    """service id -> {taxonomy name: [(code, English name), ...]} in vocabulary order."""
    found: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    if not terms:
        return found
    rows = session.execute(
        select(Attribute.link_id, Attribute.taxonomy_term_id)
        .where(Attribute.link_entity == "service", where(Attribute.link_id))
    )
    for service_id, term_id in rows:
        term = terms.get(term_id)
        if term is not None:
            found[service_id][term[0]].append(term[1:])
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
