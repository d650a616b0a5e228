"""How a directory query becomes SQL: the plan behind ``DirectoryService.search``.

What a person types is never FTS syntax. Each word becomes a quoted phrase
(inner quotes doubled) with ``*`` for prefix-as-you-type; words without a
letter or digit are dropped, so ``AND``, ``-`` or a lone ``"`` cannot make a
syntax error. A one-character word matches as a whole word ("T visa"), not
as a prefix: a one-letter prefix matches nearly every service and costs a
scan of the whole index.

With a state, the state's name joins the words as one more phrase: every
search row's document carries the name of its state (``directory_index``),
so the index itself narrows the matches to (a few more than) that state's,
and SQL keeps the state's exactly. At 175,000 services "tr" in Rhode Island
went from ~47 ms (every service matches "tr") to ~2 ms. The name, not the
code: "IN", "OR", "ME" are common words.

Ranking (bm25) costs a few microseconds a matching service, so the work is
bounded by what matched. Every query of a prefix ("shelter"*) makes FTS5
merge the lists of every word it starts (~6-20 ms for a common word at
175,000 services), so the exact words are counted first (cheap: a list is
read only as far as needed): when they already match more than
``RANK_LIMIT`` services, so does the prefix. Otherwise one query reads the
first ``RANK_LIMIT`` + 1 matches with their rank; if that is all of them,
their search rows are read by id and ordered by rank in Python, so the
prefix is merged once, not once to count and once to rank.

- at most ``RANK_LIMIT`` matches (in the state, if one is given): ranked by
  bm25, best first;
- more, with a state: that state's services that match, by organization
  name (walking the index on state and name, so no sort);
- more, nationwide (an early prefix such as "sh"): the first matches the
  index yields, by organization name; typing on narrows them;
- no text: the filtered list by organization name.

Filters read the index row: ``state`` is the state of the service's first
physical address, ``categories``, ``populations`` and ``languages`` the codes
of its attribute and language rows, ``open_24h`` a flag (``directory_index``
copies them all). "Open now" is decided in Python over the rows the SQL
returns (each row carries its weekly hours and time zone; SQL keeps only rows
whose hours are known): the statement is asked for four times the limit,
then more, until enough open services are found or none are left. A search
near a place follows ``directory_near``. Statements are built once a shape,
with bound parameters, so a search costs little beyond SQLite's work.
Prefixes of four characters or more are written out as the words they start
(``directory_prefixes``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from sqlalchemy import (
    Connection,
    Row,
    Select,
    bindparam,
    column,
    func,
    literal,
    literal_column,
    select,
    table,
)

from console.models import ServiceSearch
from console.services.directory_prefixes import expanded_query
from console.vocabulary import STATE_NAMES

if TYPE_CHECKING:
    from console.services.directory import DirectoryQuery

RANK_LIMIT = 1000  # rank by relevance when at most this many services match
MAX_TERMS = 12

_SS = ServiceSearch
_FTS = table("service_search_fts", column("rowid"), column("document"))
_MATCH = _FTS.c.document.match(bindparam("match"))

_HIT_COLUMNS = (_SS.service_id, _SS.service_name, _SS.organization_name, _SS.city, _SS.state,
                _SS.categories, _SS.populations, _SS.languages, _SS.open_24h, _SS.hours, _SS.time_zone,
                _SS.assured_date, _SS.latitude, _SS.longitude)
FTS, MATCH, HIT_COLUMNS = _FTS, _MATCH, _HIT_COLUMNS  # for directory_near
_BY_NAME = (_SS.organization_name, _SS.service_name, _SS.service_id)
_UNUSABLE = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")  # control characters, lone surrogates
_COUNT = select(func.count()).select_from(
    select(_FTS.c.rowid).where(_MATCH).limit(bindparam("rank_limit_plus_one")).subquery()
)
_RANKS = select(_FTS.c.rowid, func.bm25(literal_column("service_search_fts"))).where(_MATCH).limit(
    bindparam("rank_limit_plus_one"))


def search_terms(text: str) -> list[str]:
    """The words of a query that can match anything, at most ``MAX_TERMS``."""
    words = _UNUSABLE.sub(" ", text).split()
    return [w for w in words if any(ch.isalnum() for ch in w)][:MAX_TERMS]


def fts_query(terms: list[str], prefix: bool = True, state: str | None = None) -> str:
    """Safe FTS5 syntax: every term a quoted phrase, prefix-matched from two
    characters; with a state, its name as one more (exact) phrase."""
    match = " ".join('"' + t.replace('"', '""') + '"' + ("*" if prefix and len(t) > 1 else "") for t in terms)
    return match + (f' "{STATE_NAMES[state]}"' if state in STATE_NAMES else "")


Keep = Callable[[Row], bool]


class Shape(NamedTuple):
    """Which filters a query sets: one statement is built per shape."""

    state: bool
    category: bool
    population: bool
    language: bool = False
    open_24h: bool = False
    hours_known: bool = False  # "open now": only rows whose hours are known can be open


def shape_of(query: DirectoryQuery) -> Shape:
    return Shape(query.state is not None, query.category is not None, query.population is not None,
                 query.language is not None, query.open_24h, query.open_now)


def filter_params(query: DirectoryQuery) -> dict[str, object]:
    return {
        "limit": query.limit, "state": query.state, "category": _code_pattern(query.category),
        "population": _code_pattern(query.population), "language": _code_pattern(query.language),
    }


def search_rows(conn: Connection, query: DirectoryQuery, fts5: bool, keep: Keep | None = None) -> Sequence[Row]:
    """Rows of ``_HIT_COLUMNS`` for a validated query; ``keep`` decides in
    Python what SQL cannot ("open now")."""
    terms = search_terms(query.text)
    shape = shape_of(query)
    params = filter_params(query)
    if not terms:
        return _collect(conn, _listed(shape), params, query.limit, keep)
    if not fts5:  # PostgreSQL
        from console.services.directory_fulltext_pg import fulltext_rows

        return fulltext_rows(conn, shape, params, terms, RANK_LIMIT,
                             lambda stmt, p: _collect(conn, stmt, p, query.limit, keep))
    params["match"] = expanded_query(conn, terms, query.state)
    exact = fts_query(terms, prefix=False, state=query.state)
    if exact == fts_query(terms, state=query.state) or not _more_than(conn, exact, RANK_LIMIT):
        # Ranked with the prefix itself, not the words it was written out as:
        # bm25 would score each of those words on its own, and a rare form
        # ("shelters") would outrank the word typed ("shelter").
        prefixed = fts_query(terms, state=query.state)
        ranks = dict(conn.execute(_RANKS, {**params, "match": prefixed, "rank_limit_plus_one": RANK_LIMIT + 1}).all())
        if len(ranks) <= RANK_LIMIT:
            return _ranked(conn, shape, params, ranks, query.limit, keep)
    if query.state is not None:
        return _collect(conn, _state_matches(shape), params, query.limit, keep)
    return _collect(conn, _first_matches(shape), params, query.limit, keep)


def many_matches(conn: Connection, terms: list[str], most: int, state: str | None = None) -> bool:
    """More than ``most`` services match: the exact words already do, or the prefixes."""
    exact, prefixed = fts_query(terms, prefix=False, state=state), fts_query(terms, state=state)
    return any(_more_than(conn, match, most) for match in ((exact, prefixed) if exact != prefixed else (exact,)))


def _more_than(conn: Connection, match: str, most: int) -> bool:
    return conn.execute(_COUNT, {"match": match, "rank_limit_plus_one": most + 1}).scalar_one() > most


def _ranked(conn: Connection, shape: Shape, params: dict, ranks: dict[int, float], limit: int,
            keep: Keep | None) -> list[Row]:
    """The matching services that pass the filters, best rank first (then by name)."""
    if not ranks:
        return []
    rows = conn.execute(_by_ids(shape), {**params, "ids": list(ranks)}).all()
    rows.sort(key=lambda row: (ranks[row.id], row.organization_name, row.service_name, row.service_id))
    return [row for row in rows if keep is None or keep(row)][:limit]


def _collect(conn: Connection, stmt: Select, params: dict, limit: int, keep: Keep | None) -> Sequence[Row]:
    if keep is None:
        return conn.execute(stmt, params).all()
    asked = limit * 4
    while True:
        rows = conn.execute(stmt, {**params, "limit": asked}).all()
        kept = [row for row in rows if keep(row)]
        if len(kept) >= limit or len(rows) < asked:
            return kept[:limit]
        asked *= 4


def filtered(shape: Shape, columns=_HIT_COLUMNS) -> Select:
    stmt = select(*columns)
    if shape.state:
        stmt = stmt.where(_SS.state == bindparam("state"))
    if shape.category:
        stmt = stmt.where(_has_code(_SS.categories, "category"))
    if shape.population:
        stmt = stmt.where(_has_code(_SS.populations, "population"))
    if shape.language:
        stmt = stmt.where(_has_code(_SS.languages, "language"))
    if shape.open_24h:
        stmt = stmt.where(_SS.open_24h.is_(True))
    if shape.hours_known:
        stmt = stmt.where(_SS.hours.is_not(None))
    return stmt


def like_params(terms: list[str]) -> dict[str, str]:
    return {f"term_{i}": f"%{_escape_like(t)}%" for i, t in enumerate(terms)}


def like_terms(stmt: Select, terms: int) -> Select:
    """Every word somewhere in the document, any case."""
    for i in range(terms):
        stmt = stmt.where(_SS.document.ilike(bindparam(f"term_{i}"), escape="\\"))
    return stmt


@cache
def _listed(shape: Shape) -> Select:
    return filtered(shape).order_by(*_BY_NAME).limit(bindparam("limit"))


@cache
def _by_ids(shape: Shape) -> Select:
    return filtered(shape, (_SS.id, *_HIT_COLUMNS)).where(_SS.id.in_(bindparam("ids", expanding=True)))


@cache
def _state_matches(shape: Shape) -> Select:
    # "+ 0" keeps SQLite from driving the query from the (many) matches.
    matching = (_SS.id + 0).in_(select(_FTS.c.rowid).where(_MATCH))
    return filtered(shape).where(matching).order_by(*_BY_NAME).limit(bindparam("limit"))


@cache
def _first_matches(shape: Shape) -> Select:
    first = filtered(shape).join(_FTS, _FTS.c.rowid == _SS.id).where(_MATCH).limit(bindparam("limit")).subquery()
    return select(*first.c).order_by(first.c.organization_name, first.c.service_name, first.c.service_id)


def _has_code(codes, name: str):
    """One of the row's space-separated codes is the bound one."""
    return (literal(" ") + codes + literal(" ")).like(bindparam(name), escape="\\")


def _code_pattern(code: str | None) -> str | None:
    return None if code is None else f"% {_escape_like(code)} %"


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
