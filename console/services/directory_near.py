"""How a search near a place becomes SQL: within N miles of a ZIP or a point.

A box of latitudes and longitudes around the circle (``places.bounding_box``)
narrows the candidates in SQL; the exact great-circle distance of each
candidate then decides, in Python, with "open now". Results are ordered by
distance, then organization and service name, and carry their distance.
The candidates are read with only what that needs (a box 100 miles around
New York holds ~11,000 services); the result rows, at most the limit, are
read afterwards by id.

- SQLite: the box is a query on the R*Tree ``service_search_rtree``
  (migration 0006), which SQLite walks first; each candidate is then
  checked against the other filters on its search row. Text narrows the
  candidates through the FTS5 index, one of two ways:

  - the ids of the services the words match are read once into a list,
    which each candidate is looked up in ("+ 0" keeps SQLite from driving
    the query from that list, which would look up tens of thousands of
    matches in the R*Tree). Building the list costs ~0.25 µs a match: ~35 ms
    for "tra", which most of 175,000 services match;
  - so when more than ``MATCH_LIST_LIMIT`` services match, every word is
    short enough for the index's prefix lists (three characters at most)
    and the box holds at most ``EACH_LIMIT`` services, each candidate asks
    the index instead (~35 µs each). Asked so, a longer prefix costs ~1-4 ms
    a candidate (the index merges every word it starts each time): never.
- PostgreSQL (and any backend without FTS5): the box is a range predicate on
  ``latitude`` and ``longitude``, which their index serves; the words are
  matched with ILIKE (served by the trigram index of migration 0003).

A service without coordinates is never near anything (it has no R*Tree entry
and fails the range).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Row, Select, bindparam, column, func, literal, select, table

from console.models import ServiceSearch
from console.places import bounding_box, distance_miles
from console.services.directory_prefixes import PREFIX_LISTS, expanded_query
from console.services.directory_search import (
    FTS,
    HIT_COLUMNS,
    MATCH,
    Keep,
    Shape,
    filter_params,
    filtered,
    like_params,
    like_terms,
    many_matches,
    search_terms,
    shape_of,
)

if TYPE_CHECKING:
    from console.services.directory import DirectoryQuery

MATCH_LIST_LIMIT = 5000  # at most this many matches: always a list
EACH_LIMIT = 1500  # services in the box, at most, for asking the index candidate by candidate

_SS = ServiceSearch
# What choosing the candidates needs: the rest is read for the chosen ones only.
_CANDIDATE_COLUMNS = (_SS.id, _SS.latitude, _SS.longitude, _SS.organization_name, _SS.service_name, _SS.service_id,
                      _SS.hours, _SS.time_zone)
_BY_ID = select(_SS.id, *HIT_COLUMNS).where(_SS.id.in_(bindparam("ids", expanding=True)))
_RTREE = table("service_search_rtree", column("id"), column("min_lat"), column("max_lat"),
               column("min_lon"), column("max_lon"))


def near_rows(conn: Connection, query: DirectoryQuery, centre: tuple[float, float], fts5: bool,
              keep: Keep | None = None) -> list[tuple[Row, float]]:
    """(row, miles) of services within ``query.miles`` of ``centre``, nearest first."""
    lat, lon = centre
    box = bounding_box(lat, lon, query.miles)
    params = filter_params(query)
    params.update(min_lat=box.min_lat, max_lat=box.max_lat, min_lon=box.min_lon, max_lon=box.max_lon)
    terms = search_terms(query.text)
    shape = shape_of(query)
    if not fts5:
        params.update(like_params(terms))
        stmt = _in_range(shape, len(terms))
    elif not terms:
        stmt = _in_rtree(shape, _NO_TEXT)
    else:
        params["match"] = expanded_query(conn, terms, query.state)
        stmt = _in_rtree(shape, _text_plan(conn, terms, query.state, params))
    found = []
    for row in conn.execute(stmt, params):
        miles = distance_miles(lat, lon, row.latitude, row.longitude)
        if miles <= query.miles and (keep is None or keep(row)):
            found.append((miles, row.organization_name, row.service_name, row.service_id, row.id))
    found.sort(key=lambda item: item[:4])
    found = found[:query.limit]
    if not found:
        return []
    rows = {row.id: row for row in conn.execute(_BY_ID, {"ids": [item[4] for item in found]})}
    return [(rows[item[4]], item[0]) for item in found]


_NO_TEXT, _LIST, _EACH = "none", "list", "each"


def _box_columns() -> Sequence:
    return (_RTREE.c.max_lat >= bindparam("min_lat"), _RTREE.c.min_lat <= bindparam("max_lat"),
            _RTREE.c.max_lon >= bindparam("min_lon"), _RTREE.c.min_lon <= bindparam("max_lon"))


_BOX_COUNT = select(func.count()).select_from(_RTREE).where(*_box_columns())


def _text_plan(conn: Connection, terms: list[str], state: str | None, params: dict) -> str:
    if max(len(t) for t in terms) > PREFIX_LISTS or not many_matches(conn, terms, MATCH_LIST_LIMIT, state):
        return _LIST
    return _EACH if conn.execute(_BOX_COUNT, params).scalar_one() <= EACH_LIMIT else _LIST


@cache
def _in_rtree(shape: Shape, text: str) -> Select:
    # The R*Tree is named first and joined by its id: SQLite walks the box,
    # then reads each candidate's search row by primary key.
    stmt = filtered(shape, _CANDIDATE_COLUMNS).select_from(_RTREE).join(_SS, _SS.id == _RTREE.c.id)
    stmt = stmt.where(*_box_columns())
    if text == _LIST:
        stmt = stmt.where((_SS.id + 0).in_(select(FTS.c.rowid).where(MATCH)))
    elif text == _EACH:
        stmt = stmt.where(select(literal(1)).select_from(FTS).where(FTS.c.rowid == _SS.id, MATCH).exists())
    return stmt


@cache
def _in_range(shape: Shape, terms: int) -> Select:
    stmt = filtered(shape, _CANDIDATE_COLUMNS).where(
        _SS.latitude.between(bindparam("min_lat"), bindparam("max_lat")),
        _SS.longitude.between(bindparam("min_lon"), bindparam("max_lon")),
    )
    return like_terms(stmt, terms)
