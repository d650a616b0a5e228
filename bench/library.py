"""Resource library search on a 5,000-item library (about 5% retired).

A mix of what a specialist types while a caller waits: words typed letter
by letter from the first (a one-letter word is whole, from two letters a
prefix), two-word phrases, words with a topic, audience, language or kind
filter, and filters alone. Each query goes through ``LibraryService.search``
(validation, the read transaction, the SQL, the result objects), ``ROUNDS``
times. Budget: p95 under 30 ms.

Run through the runner: ``ONLY=library .venv/bin/python -m bench.run``.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from pathlib import Path

from bench.stats import figure, p95, summary
from console.db import Database, DatabaseTarget
from console.demo.library import generate_library
from console.schema import upgrade
from console.services.library import LibraryQuery, LibraryService
from console.vocabulary import LANGUAGES, LibraryAudience, LibraryKind, LibraryTopic, Role

FIGURES = ("library_search_p95_ms",)
ITEMS = 5_000
ROUNDS = 3
BUDGET_MS = 30

WORDS = ("trafficking", "labor", "indicators", "clinicians", "teachers", "survivor", "immigration", "visa",
         "online", "youth", "employers", "police", "spanish", "toolkit", "video", "supply", "debt", "safety",
         "domestic", "guide")
PAIRS = ("labor trafficking", "debt bondage", "safety planning", "hotel staff", "supply chain", "victim identification",
         "fact sheet", "youth workers", "case managers", "forced labor")


def queries(seed: int = 5) -> list[LibraryQuery]:
    rng = random.Random(seed)
    texts = [word[:n] for word in WORDS for n in range(1, len(word) + 1)] + list(PAIRS) * 2 + [""] * 10
    mix = []
    for text in texts:
        roll = rng.random()
        if roll < 0.55 and text:
            mix.append(LibraryQuery(text))
        elif roll < 0.7:
            mix.append(LibraryQuery(text, topic=rng.choice(list(LibraryTopic)).value))
        elif roll < 0.8:
            mix.append(LibraryQuery(text, audience=rng.choice(list(LibraryAudience)).value))
        elif roll < 0.9:
            mix.append(LibraryQuery(text, language=rng.choice(["en", "es", *LANGUAGES[2:6]])))
        else:
            mix.append(LibraryQuery(text, kind=rng.choice(list(LibraryKind)).value))
    return mix


def run(workdir: Path) -> Iterator[dict]:
    db = Database(DatabaseTarget.sqlite_file(Path(workdir) / "library.sqlite3"))
    try:
        upgrade(db)
        started = time.perf_counter()
        generate_library(db, ITEMS, seed=2026)
        built_s = time.perf_counter() - started
        library = LibraryService(db, Role.SPECIALIST)
        mix = queries()
        for query in mix:  # warm: compiled statements, page cache
            library.search(query)
        samples: list[float] = []
        for _ in range(ROUNDS):
            for query in mix:
                start = time.perf_counter()
                library.search(query)
                samples.append((time.perf_counter() - start) * 1000)
    finally:
        db.dispose()
    yield figure(FIGURES[0], p95(samples), "ms", **summary(samples), max=round(max(samples), 3), items=ITEMS,
                 queries=len(mix), rounds=ROUNDS, budget_ms=BUDGET_MS, built_s=round(built_s, 2))
