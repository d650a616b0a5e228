"""Library use: how often each resource library item was sent in a period,
split by how it went (email, post, link), most-sent first.

Counted in SQL from ``materials_sent`` (one row per item, the methods summed
with ``CASE`` in the same grouping; the ``sent_at`` index finds the period),
so no send is read into Python. An item still in the catalogue is counted
under its current title, kind and language; one removed since keeps the
title it was sent under.

Suppression is the statistics' rule (``console.suppression``) applied to
groups a reader can relate: each item's methods add up to its total
(``SUM_EQUALS``); an item sent once or twice shows ``<3`` and no split, as
does one whose split would give a ``<3`` away even with an ``x``. The
item totals add up to the period's total, so that total is shown only when
it gives no ``<3`` away; the methods' totals over all items are not shown
(they would tie every item's split together across rows). Items are ordered
by the count shown, then by title, so the order never tells a 1 from a 2.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from console.models import LibraryItem, MaterialSent
from console.services.tally import UNLISTED
from console.suppression import THRESHOLD, WITHHELD, Cell, Relation, shown, suppress
from console.vocabulary import SendMethod

if TYPE_CHECKING:  # a type only: the statistics service imports this module
    from console.services.statistics import Period

METHODS = tuple(method.value for method in SendMethod)
TOTAL = "total"
NO_SPLIT = "—"  # an item not split by method (too few sends)
USE_NOTE = (
    "Counts of 1 or 2 are shown as <3. Where a <3 could otherwise be worked out from an item's total and its other "
    "counts, the next-smallest count is withheld as x, or the item is not split by method (—); the total of all "
    "sends is withheld as x where it would give a <3 away. Zero is 0."
)
_ms = MaterialSent.__table__.c


@dataclass(frozen=True, slots=True)
class ItemUse:
    """One item's sends: ``cells`` in ``LibraryUse.methods`` order, empty when
    the item was sent too few times to split (``withheld``)."""

    item_id: int | None  # None: an item removed from the catalogue since
    title: str
    kind: str | None  # None for a removed item
    language: str | None
    cells: tuple[Cell, ...]
    total: Cell
    withheld: bool = False


@dataclass(frozen=True, slots=True)
class LibraryUse:
    period: Period
    time_zone: str
    computed_at: datetime
    methods: tuple[str, ...]  # the method columns, in order
    items: tuple[ItemUse, ...]
    total: Cell  # all sends of the period (WITHHELD when it would give a <3 away)
    note: str = USE_NOTE


def use_rows(session: Session, start: datetime, end: datetime) -> list[tuple]:
    """(item id, title, kind, language, total, *one count per method) per item sent in [start, end)."""
    removed_title = case((_ms.item_id.is_(None), _ms.item_title))  # removed items apart, by the title sent
    per_item = (
        select(_ms.item_id, removed_title.label("removed_title"), func.count().label("total"),
               *(func.sum(case((_ms.method == m, 1), else_=0)).label(m) for m in METHODS))
        .where(_ms.sent_at >= start, _ms.sent_at < end)
        .group_by(_ms.item_id, removed_title)
        .subquery()
    )
    item = LibraryItem.__table__.c
    return [tuple(row) for row in session.execute(
        select(per_item.c.item_id, func.coalesce(item.title, per_item.c.removed_title, ""), item.kind, item.language,
               per_item.c.total, *(per_item.c[m] for m in METHODS))
        .select_from(per_item.outerjoin(LibraryItem.__table__, item.id == per_item.c.item_id))
    )]


def build_use(period: Period, zone: str, at: datetime, rows: list[tuple]) -> LibraryUse:
    """Grouped rows -> suppressed, ordered use (pure: tests drive it directly)."""
    splits = []
    for item_id, title, kind, language, total, *by_method in rows:
        counts = dict(zip(METHODS, (int(n or 0) for n in by_method), strict=True))
        counts[UNLISTED] = int(total) - sum(counts.values())  # a method code the vocabulary lost
        splits.append((item_id, title, kind, language, counts))
    methods = METHODS + ((UNLISTED,) if any(c[UNLISTED] for *_, c in splits) else ())
    items = []
    for item_id, title, kind, language, counts in splits:
        total = sum(counts.values())
        result = suppress({m: counts[m] for m in methods}, total, Relation.SUM_EQUALS)
        items.append(ItemUse(item_id, title, kind, language, result.cells, shown(TOTAL, total), result.withheld))
    items.sort(key=lambda i: (-(i.total.count or 0), i.title.casefold(), i.item_id or 0))
    totals = {str(i): sum(counts.values()) for i, (*_, counts) in enumerate(splits)}
    return LibraryUse(period, zone, at, methods, tuple(items), _grand_total(totals))


def _grand_total(totals: dict[str, int]) -> Cell:
    """The period's total, unless with the items' totals it pins down a ``<3``
    (then it is the one withheld, rather than some item's total)."""
    grand = sum(totals.values())
    if grand < THRESHOLD:  # 0, or <3 beside one <3 item; two items under a <3 would each be 1
        return shown(TOTAL, grand) if len(totals) <= 1 else Cell(TOTAL, None, WITHHELD)
    related = suppress(totals, grand, Relation.SUM_EQUALS)
    if related.withheld or any(cell.mark == WITHHELD for cell in related.cells):
        return Cell(TOTAL, None, WITHHELD)
    return shown(TOTAL, grand)


Label = Callable[[str, str], str]  # (column key: "kind", "language" or "method", code) -> text


def use_table(use: LibraryUse, label: Label) -> list[tuple[str | int, ...]]:
    """The export's rows: a header, one row per item, then all items' total."""
    head = ("Title", "Kind", "Language", *(label("method", m) for m in use.methods), "Total")
    rows: list[tuple[str | int, ...]] = [head]
    for item in use.items:
        counts = [_value(c) for c in item.cells] or [NO_SPLIT] * len(use.methods)
        rows.append((item.title, label("kind", item.kind) if item.kind else "",
                     label("language", item.language) if item.language else "", *counts, _value(item.total)))
    rows.append(("All items", "", "", *[""] * len(use.methods), _value(use.total)))
    return rows


def _value(cell: Cell) -> str | int:
    return cell.count if cell.count is not None else cell.mark


def write_use_csv(use: LibraryUse, path: Path, label: Label | None = None) -> None:
    """UTF-8 with a byte-order mark, formula-like text escaped: as the statistics' CSV."""
    from console.statistics_export import english_label, escape_formula  # it imports the statistics service

    preamble = [
        ("Hotline Console library use",),
        ("Period", f"{use.period.describe()} (dates in {use.time_zone}, both included)"),
        ("Computed at", use.computed_at.isoformat(timespec="seconds")),
        ("Suppression", use.note),
        (),
    ]
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        for row in (*preamble, *use_table(use, label or english_label)):
            writer.writerow([escape_formula(v) if isinstance(v, str) else v for v in row])
