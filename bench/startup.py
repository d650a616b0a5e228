"""Cold start to an interactive window, against the physical floor.

The console's ``--smoke`` start-up (settings, migrations check, services,
QApplication, signing in (one argon2id check at the shipped cost), the main
window with its panes loaded from a 300-organization demo database, then quit) is timed wall-clock, whole process, against
``tools/bare_window.py`` (a QApplication and a QMainWindow with a label that
quits once first exposed), the two alternating so that both meet the same
machine state. Budget: the smoke start within 2x the bare window.

Unfrozen, with this interpreter. If ``dist/`` holds frozen builds of both
(``make bundle``; ``pyinstaller tools/bare_window.spec``), the same
comparison runs on them too; they are never built here (``bench.bundle``,
which runs first, builds them). With ``dist/model_layer_floor`` too, the
model layer's own floor (``tools/model_layer_floor.py``: SQLAlchemy, the
models, one query, no Qt) is timed against the bare window, without a budget:
the console's start is at least the bare window plus that plus one argon2id
check.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from bench.stats import figure, summary

FIGURES = ("startup_smoke_ratio", "startup_smoke_ms", "startup_bare_window_ms", "startup_frozen_smoke_ratio",
           "startup_frozen_model_layer_ratio")
RUNS = 7  # measured runs of each, alternating, after one unmeasured warm-up of each
BUDGET = 2.0
ORGANIZATIONS = 300
ROOT = Path(__file__).resolve().parents[1]
FROZEN_APP = ROOT / "dist" / "hotline-console" / "hotline-console"
FROZEN_BARE = ROOT / "dist" / "bare_window" / "bare_window"
FROZEN_FLOOR = ROOT / "dist" / "model_layer_floor" / "model_layer_floor"
TIMEOUT_S = 120
USER, PASSWORD = "bench", "lantern harbour meadow"  # the demo database's first admin, made once below


def _env(workdir: Path) -> dict[str, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOTLINE_DATA_DIR": str(workdir / "data"),
           "HOTLINE_USER": USER}
    env.pop("HOTLINE_DB_URL", None)
    return env


def _run_ms(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT_S, check=False,
                          input=f"{PASSWORD}\n{PASSWORD}\n")  # --smoke and `user` read passwords from stdin
    elapsed = (time.perf_counter() - start) * 1000
    if done.returncode != 0:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-8:])
        raise RuntimeError(f"bench.startup: `{' '.join(cmd)}` exited {done.returncode}:\n{tail}")
    return elapsed


def _alternate(first: list[str], second: list[str], env: dict[str, str]) -> tuple[list[float], list[float]]:
    _run_ms(first, env)  # warm-up: page cache, bytecode caches, fontconfig cache
    _run_ms(second, env)
    a, b = [], []
    for _ in range(RUNS):
        a.append(_run_ms(first, env))
        b.append(_run_ms(second, env))
    return a, b


def _detail(samples: list[float]) -> dict:
    return {**summary(samples), "min": round(min(samples), 1), "max": round(max(samples), 1)}


def _ratio(name: str, smoke: list[float], bare: list[float], **detail) -> dict:
    smoke_ms, bare_ms = statistics.median(smoke), statistics.median(bare)
    return figure(name, smoke_ms / bare_ms, "x", budget=BUDGET, smoke_ms=round(smoke_ms, 1),
                  bare_window_ms=round(bare_ms, 1), n=len(smoke), **detail)


def _prepare_database(workdir: Path, env: dict[str, str]) -> Path:
    db = workdir / "bench.sqlite3"
    _run_ms([sys.executable, "-m", "ui", "demo-data", "--organizations", str(ORGANIZATIONS), "--db", str(db)], env)
    admin = ["--db", str(db), "--admin", "bench-admin"]
    _run_ms([sys.executable, "-m", "ui", "user", "add", "bench-admin", "--role", "admin", *admin], env)
    _run_ms([sys.executable, "-m", "ui", "user", "add", USER, "--role", "specialist", *admin], env)  # a desk's usual role
    return db


def run(workdir: Path) -> Iterator[dict]:
    env = _env(workdir)
    db = _prepare_database(workdir, env)

    smoke, bare = _alternate(
        [sys.executable, "-m", "ui", "--smoke", "--db", str(db)],
        [sys.executable, str(ROOT / "tools" / "bare_window.py")],
        env,
    )
    yield figure("startup_smoke_ms", statistics.median(smoke), "ms", organizations=ORGANIZATIONS, **_detail(smoke))
    yield figure("startup_bare_window_ms", statistics.median(bare), "ms", **_detail(bare))
    yield _ratio("startup_smoke_ratio", smoke, bare, organizations=ORGANIZATIONS)

    if FROZEN_APP.is_file() and FROZEN_BARE.is_file():
        smoke, bare = _alternate([str(FROZEN_APP), "--smoke", "--db", str(db)], [str(FROZEN_BARE)], env)
        yield _ratio("startup_frozen_smoke_ratio", smoke, bare, organizations=ORGANIZATIONS,
                     smoke_min=round(min(smoke), 1), bare_window_min=round(min(bare), 1))
    if FROZEN_FLOOR.is_file() and FROZEN_BARE.is_file():
        # No budget of its own: what SQLAlchemy and the models alone cost a
        # frozen process (tools/model_layer_floor.py), against the bare window.
        floor, bare = _alternate([str(FROZEN_FLOOR), str(db)], [str(FROZEN_BARE)], env)
        floor_ms, bare_ms = statistics.median(floor), statistics.median(bare)
        yield figure("startup_frozen_model_layer_ratio", floor_ms / bare_ms, "x", model_layer_ms=round(floor_ms, 1),
                     bare_window_ms=round(bare_ms, 1), n=len(floor))
