"""Directory search on 10,000 demo organizations (~17,000 services).

A realistic mix of what specialists type mid-call: single words, prefixes of
one to four letters as typed, two words, with and without state, category
and population filters, and filters alone. Each query runs once through
``DirectoryService.search`` and once as the raw SQL that search issued
(captured with an engine event, replayed on a plain ``sqlite3``
connection), so the overhead of the service layer is visible.

Run alone: ``.venv/bin/python -m bench.directory``.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import event, select

from bench.stats import figure, p95, summary
from console.db import Database, DatabaseTarget
from console.demo.directory import generate_directory
from console.models import ServiceSearch
from console.schema import upgrade
from console.services.directory import DirectoryQuery, DirectoryService
from console.vocabulary import Population, Role, ServiceCategory

FIGURES = ("directory_search_p95_ms_10k", "directory_search_raw_sql_p95_ms_10k")
ORGANIZATIONS = 10_000
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


def run(workdir: Path) -> Iterator[dict]:
    path = Path(workdir) / "directory.sqlite3"
    db = Database(DatabaseTarget.sqlite_file(path))
    upgrade(db)
    generate_directory(db, ORGANIZATIONS, seed=2026)
    directory = DirectoryService(db, Role.SPECIALIST)
    mix = queries(db)
    raw_sql = [_captured(db, directory, q) for q in mix]  # also warms caches and compiled statements
    raw = sqlite3.connect(path, isolation_level=None)

    def replay(statements: list[tuple[str, tuple]]) -> None:
        raw.execute("BEGIN")
        for sql, params in statements:
            raw.execute(sql, params).fetchall()
        raw.execute("COMMIT")

    service_ms: list[float] = []
    raw_ms: list[float] = []
    for _ in range(ROUNDS):
        for query, statements in zip(mix, raw_sql):
            service_ms.append(_time(lambda: directory.search(query)))
            raw_ms.append(_time(lambda: replay(statements)))
    raw.close()
    db.dispose()
    detail = {"queries": len(mix), "rounds": ROUNDS, "organizations": ORGANIZATIONS}
    yield figure("directory_search_p95_ms_10k", p95(service_ms), "ms", **summary(service_ms), **detail,
                 max=round(max(service_ms), 3))
    yield figure("directory_search_raw_sql_p95_ms_10k", p95(raw_ms), "ms", **summary(raw_ms), **detail,
                 max=round(max(raw_ms), 3))
