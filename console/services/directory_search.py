"""How a directory query becomes SQL: the plan behind ``DirectoryService.search``.

What a person types is never FTS syntax. Each word becomes a quoted phrase
(inner quotes doubled) with ``*`` for prefix-as-you-type; words without a
letter or digit are dropped, so ``AND``, ``-`` or a lone ``"`` cannot make a
syntax error. A one-character word matches as a whole word ("T visa"), not
as a prefix: a one-letter prefix matches nearly every service and costs a
scan of the whole index.

Ranking (bm25) costs a few microseconds a matching service, so the work is
bounded by what matched:

- at most ``RANK_LIMIT`` matches: ranked by bm25, best first;
- more, with a state: that state's services (from the state index) that
  match, by organization name;
- more, nationwide (an early prefix such as "sh"): the first matches the
  index yields, by organization name; typing on narrows them;
- no text: the filtered list by organization name.

Filters read the index row: ``state`` is the state of the service's first
physical address, ``categories`` and ``populations`` the codes of its
attribute rows (``directory_index`` copies both). Statements are built once
a shape, with bound parameters, so a search costs little beyond SQLite's work.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from console.services.directory import DirectoryQuery

RANK_LIMIT = 1000  # rank by relevance when at most this many services match
MAX_TERMS = 12

_SS = ServiceSearch
_FTS = table("service_search_fts", column("rowid"), column("document"))
_MATCH = _FTS.c.document.match(bindparam("match"))
_HIT_COLUMNS = (_SS.service_id, _SS.service_name, _SS.organization_name, _SS.city, _SS.state,
                _SS.categories, _SS.populations)
_BY_NAME = (_SS.organization_name, _SS.service_name, _SS.service_id)
_UNUSABLE = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")  # control characters, lone surrogates
_COUNT = select(func.count()).select_from(
    select(_FTS.c.rowid).where(_MATCH).limit(bindparam("rank_limit_plus_one")).subquery()
)


def search_terms(text: str) -> list[str]:
    """The words of a query that can match anything, at most ``MAX_TERMS``."""
    words = _UNUSABLE.sub(" ", text).split()
    return [w for w in words if any(ch.isalnum() for ch in w)][:MAX_TERMS]


def fts_query(terms: list[str]) -> str:
    """Safe FTS5 syntax: every term a quoted phrase, prefix-matched from two characters."""
    return " ".join('"' + t.replace('"', '""') + '"' + ("*" if len(t) > 1 else "") for t in terms)


def search_rows(conn: Connection, query: DirectoryQuery, fts5: bool) -> Sequence[Row]:
    """Rows of ``_HIT_COLUMNS`` for a validated query."""
    terms = search_terms(query.text)
    shape = (query.state is not None, query.category is not None, query.population is not None)
    params: dict[str, object] = {
        "limit": query.limit, "state": query.state,
        "category": _code_pattern(query.category), "population": _code_pattern(query.population),
    }
    if not terms:
        return conn.execute(_listed(*shape), params).all()
    if not fts5:
        params.update((f"term_{i}", f"%{_escape_like(t)}%") for i, t in enumerate(terms))
        return conn.execute(_like(*shape, len(terms)), params).all()
    params["match"] = fts_query(terms)
    params["rank_limit_plus_one"] = RANK_LIMIT + 1
    if conn.execute(_COUNT, params).scalar_one() <= RANK_LIMIT:
        return conn.execute(_ranked(*shape), params).all()
    if query.state is not None:
        return conn.execute(_state_matches(*shape), params).all()
    return conn.execute(_first_matches(*shape), params).all()


def _filtered(state: bool, category: bool, population: bool) -> Select:
    stmt = select(*_HIT_COLUMNS)
    if state:
        stmt = stmt.where(_SS.state == bindparam("state"))
    if category:
        stmt = stmt.where(_has_code(_SS.categories, "category"))
    if population:
        stmt = stmt.where(_has_code(_SS.populations, "population"))
    return stmt


@cache
def _listed(*shape: bool) -> Select:
    return _filtered(*shape).order_by(*_BY_NAME).limit(bindparam("limit"))


@cache
def _ranked(*shape: bool) -> Select:
    stmt = _filtered(*shape).join(_FTS, _FTS.c.rowid == _SS.id).where(_MATCH)
    return stmt.order_by(func.bm25(literal_column("service_search_fts")), *_BY_NAME).limit(bindparam("limit"))


@cache
def _state_matches(*shape: bool) -> Select:
    # "+ 0" keeps SQLite from driving the query from the (many) matches.
    matching = (_SS.id + 0).in_(select(_FTS.c.rowid).where(_MATCH))
    return _filtered(*shape).where(matching).order_by(*_BY_NAME).limit(bindparam("limit"))


@cache
def _first_matches(*shape: bool) -> Select:
    first = _filtered(*shape).join(_FTS, _FTS.c.rowid == _SS.id).where(_MATCH).limit(bindparam("limit")).subquery()
    return select(*first.c).order_by(first.c.organization_name, first.c.service_name, first.c.service_id)


@cache
def _like(state: bool, category: bool, population: bool, terms: int) -> Select:
    """Every word somewhere in the document, any case: the search on backends
    without FTS5, until PostgreSQL full-text search arrives."""
    stmt = _filtered(state, category, population)
    for i in range(terms):
        stmt = stmt.where(_SS.document.ilike(bindparam(f"term_{i}"), escape="\\"))
    return stmt.order_by(*_BY_NAME).limit(bindparam("limit"))


def _has_code(codes, name: str):
    """One of the row's space-separated codes is the bound one."""
    return (literal(" ") + codes + literal(" ")).like(bindparam(name), escape="\\")


def _code_pattern(code: str | None) -> str | None:
    return None if code is None else f"% {_escape_like(code)} %"


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
