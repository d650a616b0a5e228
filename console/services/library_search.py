"""How a library query becomes SQL: the plan behind ``LibraryService.search``.

The words go through the directory's own safe query building
(``directory_search.search_terms`` and ``fts_query``): each word a quoted
FTS5 phrase with ``*`` for prefix-as-you-type, words without a letter or
digit dropped, so no text a person types is a syntax error.

On SQLite the FTS5 index (``library_items_fts``, migration 0008) finds the
matches; they are ranked by bm25 with the title weighing most, then the
words of the item's kind, topics, audiences and language, then the
description; ties go by title. When more than ``RANK_LIMIT`` items match
(an early prefix such as "tr", which nearly every title has), ranking
them all is not worth its cost: the first items by title are listed
instead, and typing on narrows them. Without words the list is by title.
Retired items are left out unless the query asks for them (staff).
Filters read the row: ``kind`` and ``language`` are columns, ``topics`` and
``audiences`` space-separated codes. On backends without FTS5 (PostgreSQL)
every word must appear, in any case, in the title, the description or the
words (ILIKE), and the list is by title.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from sqlalchemy import (
    Connection,
    Row,
    Select,
    bindparam,
    column,
    false,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
)

from console.models import LibraryItem
from console.services.directory_search import fts_query, like_params, search_terms

RANK_LIMIT = 500
# bm25 weights of the FTS5 columns: title, description, search_words.
WEIGHTS = (8.0, 1.0, 3.0)

_LI = LibraryItem
_FTS = table("library_items_fts", column("rowid"))
_MATCH = literal_column("library_items_fts").match(bindparam("match"))
HIT_COLUMNS = (_LI.id, _LI.title, _LI.kind, _LI.format, _LI.language, _LI.topics, _LI.audiences,
               _LI.reviewed_on, _LI.retired, _LI.link, _LI.file_path)
_BY_TITLE = (_LI.title, _LI.id)
_COUNT = select(func.count()).select_from(
    select(_FTS.c.rowid).where(_MATCH).limit(bindparam("most")).subquery()
)


@dataclass(frozen=True, slots=True)
class LibraryQuery:
    text: str = ""
    topic: str | None = None
    audience: str | None = None
    language: str | None = None
    kind: str | None = None
    include_retired: bool = False  # staff only
    limit: int = 100


class Shape(NamedTuple):
    """Which filters a query sets: one statement is built per shape."""

    topic: bool
    audience: bool
    language: bool
    kind: bool
    retired: bool


def search_rows(conn: Connection, query: LibraryQuery, fts5: bool) -> Sequence[Row]:
    """Rows of ``HIT_COLUMNS`` for a validated query, best first."""
    shape = Shape(query.topic is not None, query.audience is not None, query.language is not None,
                  query.kind is not None, query.include_retired)
    params = {
        "limit": query.limit, "topic": _padded(query.topic), "audience": _padded(query.audience),
        "language": query.language, "kind": query.kind,
    }
    terms = search_terms(query.text)
    if not terms:
        return conn.execute(_listed(shape), params).all()
    if not fts5:
        return conn.execute(_like(shape, len(terms)), {**params, **like_params(terms)}).all()
    params["match"] = fts_query(terms)
    if conn.execute(_COUNT, {"match": params["match"], "most": RANK_LIMIT + 1}).scalar_one() > RANK_LIMIT:
        return conn.execute(_first_by_title(shape), params).all()
    return conn.execute(_ranked(shape), params).all()


def _filtered(shape: Shape, stmt: Select) -> Select:
    if not shape.retired:
        stmt = stmt.where(_LI.retired == false())
    if shape.topic:
        stmt = stmt.where(_has_code(_LI.topics, "topic"))
    if shape.audience:
        stmt = stmt.where(_has_code(_LI.audiences, "audience"))
    if shape.language:
        stmt = stmt.where(_LI.language == bindparam("language"))
    if shape.kind:
        stmt = stmt.where(_LI.kind == bindparam("kind"))
    return stmt


@cache
def _listed(shape: Shape) -> Select:
    return _filtered(shape, select(*HIT_COLUMNS)).order_by(*_BY_TITLE).limit(bindparam("limit"))


@cache
def _ranked(shape: Shape) -> Select:
    rank = func.bm25(literal_column("library_items_fts"), *(literal(w) for w in WEIGHTS))
    stmt = select(*HIT_COLUMNS).select_from(_FTS.join(_LI, _LI.id == _FTS.c.rowid)).where(_MATCH)
    return _filtered(shape, stmt).order_by(rank, *_BY_TITLE).limit(bindparam("limit"))


@cache
def _first_by_title(shape: Shape) -> Select:
    matching = _LI.id.in_(select(_FTS.c.rowid).where(_MATCH))
    return _filtered(shape, select(*HIT_COLUMNS).where(matching)).order_by(*_BY_TITLE).limit(bindparam("limit"))


@cache
def _like(shape: Shape, terms: int) -> Select:
    stmt = select(*HIT_COLUMNS)
    for i in range(terms):
        pattern = bindparam(f"term_{i}")
        stmt = stmt.where(or_(*(col.ilike(pattern, escape="\\") for col in
                                (_LI.title, _LI.description, _LI.search_words))))
    return _filtered(shape, stmt).order_by(*_BY_TITLE).limit(bindparam("limit"))


def _has_code(codes, name: str):
    """One of the row's space-separated codes is the bound one (a ``_padded`` pattern)."""
    return (literal(" ") + codes + literal(" ")).like(bindparam(name), escape="\\")


def _padded(code: str | None) -> str | None:
    """"% minors %": codes are letters and underscores, and "_" is a LIKE wildcard."""
    return None if code is None else "% " + code.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + " %"
