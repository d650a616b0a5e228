"""Small helpers shared by the benchmark modules."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def time_ms(fn: Callable[[], object], repeat: int, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def figure(name: str, value: float, unit: str, **detail) -> dict:
    return {"name": name, "value": round(value, 3), "unit": unit, **detail}


def summary(samples: list[float]) -> dict:
    return {"median": round(statistics.median(samples), 3), "n": len(samples)}
