"""A word typed so far, as the complete words of the index it can still become.

FTS5 answers a prefix of four or more characters ("surv"*, past its prefix
lists of two and three) by reading and merging the list of every indexed word
it starts before anything else: ~6-20 ms for a common prefix at 175,000
services, paid again by every query of a search (count, rank, list).
Written as those words instead (``("surveyor" OR "survivor" OR
"survivors")``), the index reads each list only as far as the rest of the
query needs, so a prefix joined with a state's name or a second word costs a
few milliseconds. The words come from ``service_search_fts_vocab`` (an
fts5vocab table over the index, migration 0006), which costs ~1-4 ms a
prefix.

Only words that are plain ASCII once lower-cased and stripped of accents
("Shélter" is "shelter") are expanded: there the index's folding
(``remove_diacritics``) and this one agree, so "SHELTER" and "shélter" ask
the same question. A prefix that starts more than ``MAX_WORDS`` words, or
none, stays a prefix
(FTS5 answers "no such word" at once). Without the vocabulary table (a
database not migrated by this version) nothing is expanded.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence

from sqlalchemy import Connection, text
from sqlalchemy.exc import OperationalError

from console.vocabulary import STATE_NAMES

MAX_WORDS = 16
PREFIX_LISTS = 3  # the FTS5 table keeps prefix lists of 2 and 3 characters (migration 0001)
_PLAIN = re.compile(r"^[a-z0-9]+$")
_WORDS = text("SELECT term FROM service_search_fts_vocab WHERE term >= :low AND term < :high LIMIT :most")


def expanded_query(conn: Connection, terms: list[str], state: str | None = None) -> str:
    """The FTS5 query of ``directory_search.fts_query(terms, state=state)``, prefixes written out."""
    parts = []
    for term in terms:
        quoted = '"' + term.replace('"', '""') + '"'
        word = _folded(term)
        if len(term) == 1:
            parts.append(quoted)
        elif len(word) <= PREFIX_LISTS or not _PLAIN.match(word):
            parts.append(quoted + "*")
        else:
            words = _words(conn, word)
            parts.append("(" + " OR ".join('"' + w.replace('"', '""') + '"' for w in words) + ")" if words
                         else quoted + "*")
    if state in STATE_NAMES:
        parts.append(f'"{STATE_NAMES[state]}"')
    return " AND ".join(parts)


def _folded(term: str) -> str:
    """Lower case without accents (canonical decomposition: a ligature stays itself, so it is not expanded)."""
    return "".join(ch for ch in unicodedata.normalize("NFD", term.lower()) if not unicodedata.combining(ch))


def _words(conn: Connection, prefix: str) -> list[str] | None:
    high = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    try:
        words = conn.execute(_WORDS, {"low": prefix, "high": high, "most": MAX_WORDS + 1}).scalars().all()
    except OperationalError:  # no vocabulary table
        return None
    return list(words) if 0 < len(words) <= MAX_WORDS else None


_LETTER_WORDS = text("SELECT term FROM service_search_fts_vocab WHERE term >= :low AND term < :high")
_KNOWN = text("SELECT 1 FROM service_search_fts_vocab WHERE term >= :low AND term < :high LIMIT 1")


def spelled(conn: Connection, terms: list[str]) -> list[str] | None:
    """The terms with each one that begins no indexed word replaced by the
    closest indexed word starting with the same letter ("sheltr" ->
    "shelter"); None when nothing was replaced. Asked only after a search
    found nothing: it reads one letter's words from the vocabulary (on
    PostgreSQL ``directory_fulltext_pg.Vocabulary``: the same rules)."""
    if conn.dialect.name == "postgresql":
        from console.services.directory_fulltext_pg import Vocabulary

        vocabulary = Vocabulary.of(conn)
        if vocabulary is None:
            return None
        return closest(terms, vocabulary.begins_a_word, vocabulary.words_of_letter)
    try:
        return closest(terms, lambda word: _begins_a_word(conn, word),
                       lambda letter: conn.execute(_LETTER_WORDS, {"low": letter, "high": chr(ord(letter) + 1)})
                       .scalars().all())
    except OperationalError:  # no vocabulary table
        return None


def closest(terms: list[str], begins: Callable[[str], bool],
            words_of_letter: Callable[[str], Sequence[str]]) -> list[str] | None:
    """The rules of ``spelled`` over a vocabulary: ``begins(prefix)`` and ``words_of_letter(letter)``."""
    import difflib

    fixed, changed = [], False
    for term in terms:
        word = _folded(term)
        if len(word) < 4 or not _PLAIN.match(word) or begins(word):
            fixed.append(term)
            continue
        candidates = [w for w in words_of_letter(word[0]) if abs(len(w) - len(word)) <= 2]
        close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.8)
        fixed.append(close[0] if close else term)
        changed = changed or bool(close)
    return fixed if changed else None


def _begins_a_word(conn: Connection, prefix: str) -> bool:
    high = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return conn.execute(_KNOWN, {"low": prefix, "high": high}).first() is not None
