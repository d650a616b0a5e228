"""Counts of rows by several columns at once, with one sort.

SQLite has no hash aggregation: every ``GROUP BY`` sorts the rows it groups,
and on a year of 200,000 contacts each sort costs more than the scan (about
0.1 s here). So the columns of a table are grouped together: each code
becomes its index in the vocabulary (``CASE column WHEN code THEN i``), the
indexes make one integer key (mixed radix), the rows are grouped once by that
key, and each column's counts are summed back out of the few hundred groups
(``key / place % base``), all in one statement. Half the time of a sort per
column, on SQLite and PostgreSQL alike.

A code missing from the vocabulary is counted under ``UNLISTED``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import Integer, case, func, literal, select, union_all
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement, FromClause

UNLISTED = "unlisted"

Columns = Mapping[str, tuple[ColumnElement, Sequence[str]]]  # name -> (expression, its codes in order)


def tally(
    session: Session, source: FromClause, where: Sequence[ColumnElement], columns: Columns
) -> dict[str, dict[str, int]]:
    """{name: {code: rows}} for every column (codes with no row are left out)."""
    key: ColumnElement = literal(0, Integer)
    places = []
    place = 1
    for expression, codes in columns.values():
        index = case({code: i for i, code in enumerate(codes)}, value=expression, else_=len(codes))
        key = key + index * place
        places.append(place)
        place *= len(codes) + 1
    groups = (
        select(key.label("k"), func.count().label("n")).select_from(source).where(*where).group_by(key).cte("groups")
    )
    branches = []
    for i, ((_name, (_expr, codes)), place) in enumerate(zip(columns.items(), places, strict=True)):
        index = (groups.c.k // place) % (len(codes) + 1)
        branches.append(select(literal(i, Integer), index, func.sum(groups.c.n)).group_by(index))
    names = [(name, (*codes, UNLISTED)) for name, (_expr, codes) in columns.items()]
    counts: dict[str, dict[str, int]] = {name: {} for name in columns}
    for column, index, n in session.execute(union_all(*branches)):
        name, codes = names[column]
        counts[name][codes[index]] = int(n)
    return counts
