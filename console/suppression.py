"""Small-count suppression: the one rule every statistic passes through
before it leaves the console (the view and every export show what this
returns, never a raw count).

The rule, for one group of counts (a table of one breakdown):

1. A count of 1 or 2 is shown as ``<3``. Zero stays 0. Counts of 3 and more
   are shown.
2. A hidden count must not be workable out from what is shown. The reader is
   assumed to know the group's total (where it has one), every shown count,
   that ``<3`` means 1 or 2, that a count withheld as a complement (``x``) is
   at least 3 and no larger than the smallest count still shown (complements
   are taken smallest first), and that no count exceeds the total. While some
   hidden count has only one possible value under that knowledge, the
   smallest shown count of 3 or more is withheld as ``x`` too.
3. A group whose total is 1 or 2, or in which a hidden count stays workable
   out even with every non-zero count hidden, is withheld whole: its total
   is shown (``<3`` when small) and no row of it.

How the counts of a group relate to its total decides what the reader can
work out (``Relation``): they add up to it (each contact is in exactly one
row), add up to at least it (each contact is in one row or more, e.g. every
request type of a contact), or are independent figures (the totals table).

Percentages are shown only for shown counts (a shown count over a shown
total reveals nothing new).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

SMALL = "<3"  # a count of 1 or 2
WITHHELD = "x"  # a larger count withheld so that a small one cannot be worked out
THRESHOLD = 3

NOTE = (
    "Counts of 1 or 2 are shown as <3. Where a <3 could otherwise be worked out from the total and the "
    "other counts, the next-smallest count is withheld as x, or the table is withheld whole; zero is 0. "
    "Percentages are given only for counts that are shown."
)


class Relation(StrEnum):
    SUM_EQUALS = "sum_equals"  # the counts add up to the total
    SUM_AT_LEAST = "sum_at_least"  # the counts add up to the total or more
    INDEPENDENT = "independent"  # no relation: each count stands alone


@dataclass(frozen=True, slots=True)
class Cell:
    """One count as it may be shown: ``count`` is None when it is hidden."""

    code: str
    count: int | None
    mark: str = ""  # "" (shown), SMALL or WITHHELD

    @property
    def text(self) -> str:
        return self.mark or str(self.count)


@dataclass(frozen=True, slots=True)
class Suppressed:
    cells: tuple[Cell, ...]  # empty when the group is withheld whole
    total: Cell | None
    withheld: bool = False


def shown(code: str, count: int) -> Cell:
    """A single figure through rule 1."""
    return Cell(code, None, SMALL) if 0 < count < THRESHOLD else Cell(code, count)


def suppress(
    counts: Mapping[str, int], total: int | None = None, relation: Relation = Relation.INDEPENDENT
) -> Suppressed:
    """Apply the rule to one group; ``counts`` in display order, ``total``
    required unless the counts are independent."""
    if any(n < 0 for n in counts.values()):
        raise ValueError("counts cannot be negative")
    if relation is not Relation.INDEPENDENT and total is None:
        raise ValueError("a group related to its total needs the total")
    if relation is Relation.SUM_EQUALS and sum(counts.values()) != total:
        raise ValueError("the counts do not add up to the total")
    total_cell = None if total is None else shown("total", total)
    if total is not None and 0 < total < THRESHOLD:
        return Suppressed((), total_cell, withheld=True)
    marks = {code: SMALL for code, n in counts.items() if 0 < n < THRESHOLD}
    if relation is not Relation.INDEPENDENT:
        while _pinned(counts, marks, total, relation):  # type: ignore[arg-type]
            visible = [(n, i, code) for i, (code, n) in enumerate(counts.items()) if n and code not in marks]
            if not visible:
                return Suppressed((), total_cell, withheld=True)
            marks[min(visible)[2]] = WITHHELD
    cells = tuple(Cell(code, None, marks[code]) if code in marks else Cell(code, n) for code, n in counts.items())
    return Suppressed(cells, total_cell)


def bounds(counts: Mapping[str, int], marks: Mapping[str, str], total: int) -> dict[str, tuple[float, float]]:
    """What the reader knows of each hidden count: (lowest, highest) possible."""
    shown_large = [n for code, n in counts.items() if code not in marks and n >= THRESHOLD]
    ceiling = min(shown_large, default=math.inf)
    return {
        code: (1, 2) if mark == SMALL else (THRESHOLD, min(ceiling, total))
        for code, mark in marks.items()
    }


def feasible(hidden: Mapping[str, tuple[float, float]], low: float, high: float) -> dict[str, tuple[float, float]]:
    """The range each hidden count can take when the hidden counts add up to
    something in [low, high] (integer intervals: every sum in between is reachable)."""
    lows, highs = sum(lo for lo, _ in hidden.values()), sum(hi for _, hi in hidden.values())
    return {
        code: (max(lo, low - (highs - hi)), min(hi, high - (lows - lo)))
        for code, (lo, hi) in hidden.items()
    }


def _pinned(counts: Mapping[str, int], marks: Mapping[str, str], total: int, relation: Relation) -> bool:
    if not marks:
        return False
    rest = total - sum(n for code, n in counts.items() if code not in marks)
    high = rest if relation is Relation.SUM_EQUALS else math.inf
    ranges = feasible(bounds(counts, marks, total), rest, high)
    return any(lo >= hi for lo, hi in ranges.values())
