"""The directory's word search on PostgreSQL: full-text, prefix as you type, ranked.

Every search row's ``document`` is indexed as ``to_tsvector('simple',
document)`` (GIN, migration 0010). The 'simple' configuration folds case and
keeps words as written (no stemming), like SQLite's FTS5 index, so both
backends find the same services: a name in any language, a code, a ZIP.
Each typed word becomes a quoted prefix lexeme (``'shel':*``) joined by
``&``; the quoting doubles quotes and backslashes, so no typed text is
tsquery syntax. As on SQLite, at most ``RANK_LIMIT`` matches are ranked
(``ts_rank``, best first), more are listed by name: ranking reads each
matching row, and an early prefix ("sh") matches most of the directory.
The query's expression must be written exactly as the index's for
PostgreSQL to use it.
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
    func,
    literal_column,
    select,
    text,
)
from sqlalchemy.dialects import postgresql  # noqa: F401 (func.to_tsvector's types: import before building them)

from console.models import ServiceSearch

if TYPE_CHECKING:
    from console.services.directory_search import Shape

_SS = ServiceSearch
_SEPARATORS = re.compile(r"[\W_]+")  # what splits a word into tokens, as FTS5's unicode61 tokenizer does
_VECTOR = func.to_tsvector(literal_column("'simple'"), _SS.document)  # the index's expression (0010)
_QUERY = func.to_tsquery(literal_column("'simple'"), bindparam("tsquery"))
MATCHES = _VECTOR.op("@@")(_QUERY)
_COUNT = select(func.count()).select_from(
    select(_SS.id).where(MATCHES).limit(bindparam("rank_limit_plus_one")).subquery()
)


def tsquery(terms: list[str]) -> str:
    """Safe tsquery syntax for the typed words, all required, as FTS5 reads
    them on SQLite: a word with punctuation inside ("a_b", "T-visa") is a
    phrase of its parts; the last part is a prefix unless the word is one
    character ("T visa": a one-letter prefix would match nearly everything)."""
    words = []
    for term in terms:
        parts = [part for part in _SEPARATORS.split(term) if part]
        if not parts:
            continue
        quoted = ["'" + part.replace("\\", "\\\\").replace("'", "''") + "'" for part in parts]
        if len(term) > 1:
            quoted[-1] += ":*"
        words.append(quoted[0] if len(quoted) == 1 else "(" + " <-> ".join(quoted) + ")")
    return " & ".join(words)


def fulltext_rows(conn: Connection, shape: Shape, params: dict, terms: list[str], rank_limit: int,
                  collect) -> Sequence[Row]:
    """The hits for ``terms`` under the filters of ``shape``, ranked when few enough."""
    from console.services.directory_search import filtered

    params = {**params, "tsquery": tsquery(terms)}
    many = conn.execute(_COUNT, {**params, "rank_limit_plus_one": rank_limit + 1}).scalar_one() > rank_limit
    return collect(_listed(shape, filtered) if many else _ranked(shape, filtered), params)


@cache
def _ranked(shape: Shape, filtered) -> Select:
    return (filtered(shape).where(MATCHES)
            .order_by(func.ts_rank(_VECTOR, _QUERY).desc(), _SS.organization_name, _SS.service_name, _SS.service_id)
            .limit(bindparam("limit")))


@cache
def _listed(shape: Shape, filtered) -> Select:
    return (filtered(shape).where(MATCHES)
            .order_by(_SS.organization_name, _SS.service_name, _SS.service_id).limit(bindparam("limit")))


# -- the words of the index, for "did you mean" (``directory_prefixes.spelled``) -------------------
# PostgreSQL keeps the lexemes inside the GIN index, out of SQL's reach, and
# ts_stat reads every row (seconds at 250,000 services). So the words live in
# a small table of their own, with how many search rows hold each: statement
# triggers add a written row's words and take a removed row's away (a change
# is a delete and an insert, ``directory_index``), so the table is exactly
# the index's vocabulary, as fts5vocab is on SQLite. Migration 0015 makes
# the table and its triggers and fills it; on a database not yet migrated
# (an older console's server) no spelling is offered.
WORDS_TABLE = "service_search_word"
_HAS_WORDS = text(f"SELECT to_regclass('{WORDS_TABLE}') IS NOT NULL")
_LETTER = text(f"SELECT word FROM {WORDS_TABLE} WHERE word >= :low AND word < :high")
_BEGINS = text(f"SELECT 1 FROM {WORDS_TABLE} WHERE word >= :low AND word < :high LIMIT 1")


class Vocabulary:
    """The index's words on PostgreSQL; ``of(conn)`` is None before the word table exists."""

    def __init__(self, conn: Connection):
        self._conn = conn

    @classmethod
    def of(cls, conn: Connection) -> Vocabulary | None:
        return cls(conn) if conn.execute(_HAS_WORDS).scalar() else None

    def begins_a_word(self, prefix: str) -> bool:
        high = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        return self._conn.execute(_BEGINS, {"low": prefix, "high": high}).first() is not None

    def words_of_letter(self, letter: str) -> list[str]:
        return list(self._conn.execute(_LETTER, {"low": letter, "high": chr(ord(letter) + 1)}).scalars())
