"""The directory's search rows: one ``service_search`` row per service.

A row holds what a result line shows (organization, service, city, state,
category and population codes), what the filters read (coordinates,
language codes, weekly hours, "open 24 hours", the time zone (one set in
the editor, else the ZIP's or the schedules'), the date the service was
last verified; ``directory_facets`` gathers them) and ``document``, the plain-English text the full-text index reads (it ends with
the city, the state's code and the state's name: ``directory_search`` adds
the state's name to a search in a state, so keep it there). On SQLite
the triggers of migrations 0001 and 0006 mirror ``document`` into the FTS5
table and the coordinates into the R*Tree; nothing here touches either.

Call ``rebuild_search_rows`` in the same transaction as any change to a
service, its organization, locations, addresses, languages, schedules or
taxonomy terms. It works in chunks with a handful of bulk queries each
(never one query a service) and writes only the rows whose content changed.
Schedules that expired are left out as of the day of the rebuild.
Services whose HSDS status is inactive or defunct (retired at a desk, or so
imported) have no row: they leave the search but stay in the directory.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import cache

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from console.models import (
    Attribute,
    Organization,
    Service,
    ServiceSearch,
    Taxonomy,
    TaxonomyTerm,
)
from console.services import directory_facets as facets
from console.services.directory_facets import Place, Selector
from console.services.directory_hours import WeeklyHours, zone
from console.vocabulary import (
    CATEGORY_TAXONOMY,
    LANGUAGE_NAMES,
    POPULATION_TAXONOMY,
    STATE_NAMES,
    TIME_ZONE_TAXONOMY,
    Population,
    ServiceCategory,
)

CHUNK = 2000  # services a round of queries: well under SQLite's bound-parameter limit
INSERT_ROWS = 400  # rows a multi-row INSERT (16 parameters each)


_COLUMNS = (
    ServiceSearch.id, ServiceSearch.service_id, ServiceSearch.organization_name, ServiceSearch.service_name,
    ServiceSearch.city, ServiceSearch.state, ServiceSearch.categories, ServiceSearch.populations,
    ServiceSearch.document, ServiceSearch.latitude, ServiceSearch.longitude, ServiceSearch.languages,
    ServiceSearch.hours, ServiceSearch.open_24h, ServiceSearch.time_zone, ServiceSearch.assured_date,
)
_ORDER = {code: i for i, code in enumerate([*ServiceCategory, *Population])}
RETIRED_STATUSES = ("inactive", "defunct")  # HSDS statuses that take a service out of the search


def rebuild_search_rows(session: Session, service_ids: Iterable[str] | None = None,
                        progress: Callable[[int, int], None] | None = None) -> int:
    """Bring the search rows of these services (None: all) up to date.

    Rows of services that no longer exist are removed. Returns how many rows
    were inserted or changed. ``progress(done, total)`` is called after each
    chunk of ``CHUNK`` services; whatever it raises stops the rebuild (the
    caller's transaction rolls back what was written).
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
            .where(Taxonomy.name.in_([CATEGORY_TAXONOMY, POPULATION_TAXONOMY, TIME_ZONE_TAXONOMY]))
        )
    }
    written = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        written += _rebuild_chunk(session, chunk, _selector(session, chunk), terms)
        if progress is not None:
            progress(start + len(chunk), len(ids))
    return written


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
            Service.id, Service.name, Service.alternate_name, Service.description, Service.assured_date,
            Organization.id.label("org_id"), Organization.name.label("org_name"),
            Organization.alternate_name.label("org_alt"), Organization.description.label("org_desc"),
        )
        .join(Organization, Organization.id == Service.organization_id)
        .where(where(Service.id), Service.status.not_in(RETIRED_STATUSES))
    ).all()
    places = facets.places(session, where, {s.id: s.org_id for s in services})
    languages = facets.languages(session, where, places)
    hours = facets.hours(session, where, places, date.today())
    service_terms = _terms(session, where, terms)
    existing = {
        row.service_id: row for row in session.execute(select(*_COLUMNS).where(where(ServiceSearch.service_id)))
    }
    fresh: list[dict] = []
    changed: list[dict] = []
    for svc in services:
        values = _row_values(svc, places.get(svc.id, Place()), service_terms.get(svc.id, {}),
                             languages.get(svc.id, []), hours.get(svc.id))
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


def _terms(session: Session, where: Selector, terms: dict) -> dict[str, dict[str, list]]:
    """service id -> {taxonomy name: [(code, English name), ...]} in vocabulary order."""
    found: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    if not terms:
        return found
    rows = session.execute(
        select(Attribute.link_id, Attribute.taxonomy_term_id, Attribute.value)
        .where(Attribute.link_entity == "service", where(Attribute.link_id))
    )
    for service_id, term_id, value in rows:
        term = terms.get(term_id)
        if term is None:
            continue
        if term[0] == TIME_ZONE_TAXONOMY:  # the zone set in the editor: (IANA name, "")
            if zone(value) is not None and value[0] not in "+-":
                found[service_id][term[0]].append((value, ""))
        else:
            found[service_id][term[0]].append(term[1:])
    for per_taxonomy in found.values():
        for pairs in per_taxonomy.values():
            pairs.sort(key=lambda pair: (_ORDER.get(pair[0], len(_ORDER)), pair[0], pair[1]))
    return found


def _row_values(svc, place: Place, terms: dict[str, list], languages: list[str],
                weekly: WeeklyHours | None) -> dict:
    city, state = place.city, place.state
    categories = terms.get(CATEGORY_TAXONOMY, [])
    populations = terms.get(POPULATION_TAXONOMY, [])
    parts = [
        svc.org_name, svc.org_alt, svc.name, svc.alternate_name, svc.description, svc.org_desc,
        *(name for _, name in categories), *(name for _, name in populations),
        city, state, STATE_NAMES.get(state or ""), *(LANGUAGE_NAMES.get(code) for code in languages),
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
        "latitude": place.latitude,
        "longitude": place.longitude,
        "languages": " ".join(languages),
        "hours": weekly.hours if weekly else None,
        "open_24h": weekly.open_24h if weekly else False,
        "time_zone": min(terms.get(TIME_ZONE_TAXONOMY, []), default=(facets.time_zone(place, weekly),))[0],
        "assured_date": svc.assured_date,
    }


def _codes(pairs: list[tuple[str, str]]) -> str:
    return " ".join(dict.fromkeys(code for code, _ in pairs if code))
