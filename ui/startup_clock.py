"""How long the window took to start, by phase, for the log (``started in
840 ms: imports 410, database 60, sign-in 150, window 220``). IT reads it to
tell a slow desk from a slow database; ``make bench`` times the whole
process from outside. The clock starts when ``ui.app`` is first imported,
after the interpreter (and a frozen bundle's bootloader) have started.
"""

from __future__ import annotations

import time


class StartupClock:
    def __init__(self, started: float | None = None):
        self._started = time.perf_counter() if started is None else started
        self._last = self._started
        self._phases: list[tuple[str, float]] = []

    def lap(self, phase: str) -> None:
        """``phase`` ended now (it began where the previous one ended)."""
        now = time.perf_counter()
        self._phases.append((phase, now - self._last))
        self._last = now

    def summary(self) -> str:
        total = (self._last - self._started) * 1000
        parts = ", ".join(f"{phase} {seconds * 1000:.0f}" for phase, seconds in self._phases)
        return f"started in {total:.0f} ms: {parts}"
