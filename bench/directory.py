"""Directory search on 10,000 demo organizations (~25,000 services), and on
100,000 (~250,000 services: the generator makes about 2.5 an organization).

A realistic mix of what specialists type mid-call: single words, prefixes of
one to four letters as typed, two words, with and without state, category
and population filters, and filters alone. Each query runs once through
``DirectoryService.search`` and once as the raw SQL that search issued
(captured with an engine event, replayed on a plain ``sqlite3``
connection), so the overhead of the service layer is visible.

At 100,000 organizations two mixes: words (as typed) in a state, and words
within 25 miles of a ZIP that has services, with a category.
``search_overhead_ratio`` is the service's time over the bare SQL's, both
mixes, same queries, same run. Building that directory takes minutes; it
is made afresh in the work folder each run (the runner's folder is
temporary).

Run through the runner: ``ONLY=search .venv/bin/python -m bench.run``
(``ONLY=100k`` for the 100,000-organization figures alone).
"""

from __future__ import annotations

import os
import random
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import event, func, select

from bench.stats import figure, p95, summary
from console.db import Database, DatabaseTarget
from console.demo.directory import generate_directory
from console.models import Address, ServiceSearch
from console.schema import upgrade
from console.services.directory import DirectoryQuery, DirectoryService
from console.vocabulary import Population, Role, ServiceCategory

FIGURES = (
    "directory_search_p95_ms_10k", "directory_search_raw_sql_p95_ms_10k",
    "search_keyword_state_p95_ms_100k", "search_radius_category_p95_ms_100k", "search_overhead_ratio",
)
ORGANIZATIONS = 10_000
LARGE = 100_000
ROUNDS = 3

WORDS = (
    "shelter", "legal", "immigration", "visa", "counseling", "youth", "food", "police", "harbor", "haven",
    "medical", "recovery", "trauma", "housing", "interpretation", "survivor", "coalition", "outreach",
    "transportation", "clinic", "texas", "california", "emergency", "advocacy", "sheriff", "training",
)
PAIRS = (
    "harbor house", "legal aid", "youth shelter", "immigrant legal", "task force", "safe house",
    "t visa", "food bank", "trauma counseling", "case management", "emergency shelter", "street outreach",
)


def queries(db: Database, seed: int = 7) -> list[DirectoryQuery]:
    """About 250 queries, the same ones every run."""
    rng = random.Random(seed)
    with db.read() as session:
        first = select(ServiceSearch.city).order_by(ServiceSearch.id).limit(3000)
        cities = sorted({c for c in session.scalars(first) if c})
        states = sorted({s for s in session.scalars(select(ServiceSearch.state).distinct()) if s})
    texts: list[str] = []
    for word in WORDS:  # typed letter by letter
        texts += [word[:n] for n in range(1, 5)] + [word]
    texts += list(PAIRS) * 2
    texts += [f"{rng.choice(cities)} {rng.choice(['shelter', 'legal', 'clinic', ''])}".strip() for _ in range(30)]
    texts += [""] * 16  # filters alone
    result: list[DirectoryQuery] = []
    for text in texts:
        roll = rng.random()
        if roll < 0.5 and text:
            result.append(DirectoryQuery(text))
            continue
        state = rng.choice(states) if roll < 0.8 or not text else None
        category = rng.choice(list(ServiceCategory)).value if rng.random() < 0.35 else None
        population = rng.choice(list(Population)).value if rng.random() < 0.25 else None
        result.append(DirectoryQuery(text, state, category, population))
    return result


def _captured(db: Database, directory: DirectoryService, query: DirectoryQuery) -> list[tuple[str, tuple]]:
    """The SQL statements (with parameters) one search issues."""
    seen: list[tuple[str, tuple]] = []

    def grab(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, tuple(parameters)))

    event.listen(db.engine, "before_cursor_execute", grab)
    try:
        directory.search(query)
    finally:
        event.remove(db.engine, "before_cursor_execute", grab)
    return seen


def _time(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def large_queries(db: Database, seed: int = 11) -> dict[str, list[DirectoryQuery]]:
    """The two 100k mixes: words as typed in a state; words near a ZIP with a category."""
    rng = random.Random(seed)
    with db.read() as session:
        states = sorted({s for s in session.scalars(select(ServiceSearch.state).distinct()) if s})
        zips = sorted(set(session.scalars(select(Address.postal_code).order_by(Address.id).limit(5000))))
    typed = [word[:n] for word in WORDS for n in (1, 2, 3, 4)] + list(WORDS) + list(PAIRS)
    categories = [c.value for c in ServiceCategory]
    return {
        "state": [DirectoryQuery(text, state=rng.choice(states)) for text in typed],
        "radius": [DirectoryQuery(text, near_zip=rng.choice(zips), miles=25, category=rng.choice(categories))
                   for text in [*WORDS, *PAIRS, *(w[:3] for w in WORDS)]],
    }


def _measure(db: Database, path: Path, mix: list[DirectoryQuery]) -> tuple[list[float], list[float]]:
    """Service and raw-SQL milliseconds of each query, ``ROUNDS`` times, interleaved."""
    directory = DirectoryService(db, Role.SPECIALIST)
    raw_sql = [_captured(db, directory, q) for q in mix]  # also warms caches and compiled statements
    raw = sqlite3.connect(path, isolation_level=None)

    def replay(statements: list[tuple[str, tuple]]) -> None:
        raw.execute("BEGIN")
        for sql, params in statements:
            raw.execute(sql, params).fetchall()
        raw.execute("COMMIT")

    service_ms: list[float] = []
    raw_ms: list[float] = []
    try:
        for _ in range(ROUNDS):
            for query, statements in zip(mix, raw_sql):
                service_ms.append(_time(lambda: directory.search(query)))
                raw_ms.append(_time(lambda: replay(statements)))
    finally:
        raw.close()
    return service_ms, raw_ms


def _wanted(name: str) -> bool:
    only = os.environ.get("ONLY", "").strip()
    return not only or only in name or only in "directory"


def run(workdir: Path) -> Iterator[dict]:
    if _wanted(FIGURES[0]) or _wanted(FIGURES[1]):
        yield from _run_10k(Path(workdir) / "directory.sqlite3")
    if any(_wanted(name) for name in FIGURES[2:]):
        path = Path(workdir) / "directory-100k.sqlite3"
        db = Database(DatabaseTarget.sqlite_file(path))
        upgrade(db)
        started = time.perf_counter()
        generate_directory(db, LARGE, seed=2026)
        built_s = time.perf_counter() - started
        db.dispose()
        yield from run_large(path, built_s=round(built_s, 1))


def run_large(path: Path, **detail) -> Iterator[dict]:
    """The 100k figures on a directory already generated at ``path``."""
    db = Database(DatabaseTarget.sqlite_file(path))
    try:
        with db.read() as session:
            detail["services"] = session.scalar(select(func.count()).select_from(ServiceSearch))
        detail.update(organizations=LARGE, rounds=ROUNDS)
        mixes = large_queries(db)
        times = {name: _measure(db, path, mix) for name, mix in mixes.items()}
    finally:
        db.dispose()
    for name, figure_name in (("state", FIGURES[2]), ("radius", FIGURES[3])):
        service_ms, raw_ms = times[name]
        yield figure(figure_name, p95(service_ms), "ms", **summary(service_ms), queries=len(mixes[name]),
                     raw_sql_p95_ms=round(p95(raw_ms), 3), max=round(max(service_ms), 3), **detail)
    service_all = [ms for service_ms, _ in times.values() for ms in service_ms]
    raw_all = [ms for _, raw_ms in times.values() for ms in raw_ms]
    yield figure(FIGURES[4], sum(service_all) / sum(raw_all), "ratio", n=len(service_all),
                 p95_ratio=round(p95(service_all) / p95(raw_all), 3), **detail)


def _run_10k(path: Path) -> Iterator[dict]:
    db = Database(DatabaseTarget.sqlite_file(path))
    upgrade(db)
    generate_directory(db, ORGANIZATIONS, seed=2026)
    mix = queries(db)
    service_ms, raw_ms = _measure(db, path, mix)
    db.dispose()
    detail = {"queries": len(mix), "rounds": ROUNDS, "organizations": ORGANIZATIONS}
    yield figure("directory_search_p95_ms_10k", p95(service_ms), "ms", **summary(service_ms), **detail,
                 max=round(max(service_ms), 3))
    yield figure("directory_search_raw_sql_p95_ms_10k", p95(raw_ms), "ms", **summary(raw_ms), **detail,
                 max=round(max(raw_ms), 3))
