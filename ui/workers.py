"""The one way the UI runs database work: off the GUI thread, one at a time.

``DbWorker.submit(fn, on_done, on_error)`` runs ``fn`` on a single-thread
pool (SQLite has one writer; one thread keeps service calls in order) and
calls ``on_done(result)`` or ``on_error(exc)`` back on the GUI thread. The
result travels through a carrier ``QObject`` created on the GUI thread whose
signal is connected to its own ``@Slot``: Qt then queues the call into the
GUI thread (a signal connected to a plain function would run it in the
worker thread; see shared PITFALLS).

Tests of single widgets may pass ``ImmediateWorker``, which runs inline.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class _Carrier(QObject):
    finished = Signal(object, object)  # (result, error)

    def __init__(self, on_done: Done | None, on_error: Failed | None, owner: QObject | None, release):
        super().__init__()
        self._on_done, self._on_error, self._owner, self._release = on_done, on_error, owner, release
        self.finished.connect(self._deliver)

    @Slot(object, object)
    def _deliver(self, result: object, error: object) -> None:
        self._release(self)
        if self._owner is not None and not shiboken6.isValid(self._owner):
            return  # the widget that asked has gone; nobody to tell
        if error is None:
            if self._on_done is not None:
                self._on_done(result)
        elif self._on_error is not None:
            self._on_error(error)  # type: ignore[arg-type]
        else:
            log.error("background database work failed", exc_info=error)  # type: ignore[arg-type]


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], carrier: _Carrier):
        super().__init__()
        self.setAutoDelete(True)
        self._fn, self._carrier = fn, carrier

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # delivered to on_error on the GUI thread
            self._carrier.finished.emit(None, exc)
        else:
            self._carrier.finished.emit(result, None)


class DbWorker(QObject):
    """Runs service calls on one background thread, in submission order."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.setExpiryTimeout(-1)
        self._live: set[_Carrier] = set()

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: Done | None = None,
        on_error: Failed | None = None,
        *,
        owner: QObject | None = None,
    ) -> None:
        carrier = _Carrier(on_done, on_error, owner, self._live.discard)
        self._live.add(carrier)
        self._pool.start(_Job(fn, carrier))

    def pending(self) -> int:
        return len(self._live)

    def wait_idle(self, msecs: int = 30000) -> bool:
        """Block until queued work is done (shutdown and tests)."""
        return self._pool.waitForDone(msecs)


class ImmediateWorker:
    """Same interface, runs inline: for tests of one widget."""

    def submit(self, fn, on_done=None, on_error=None, *, owner=None) -> None:
        try:
            result = fn()
        except Exception as exc:
            if on_error is None:
                raise
            on_error(exc)
        else:
            if on_done is not None:
                on_done(result)

    def pending(self) -> int:
        return 0

    def wait_idle(self, msecs: int = 30000) -> bool:
        return True
