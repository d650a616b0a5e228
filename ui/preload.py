"""The main window's modules, imported on a side thread while somebody signs in.

Importing the window, its panes and their services takes ~0.2-0.3 s, and the
sign-in before it waits on a person typing and then on one argon2id check
(~0.14 s, in C, without the GIL). Started when the sign-in starts, the
imports fill that wait; the window's own imports then find the modules
loaded (or wait on the import lock for one still loading, which is safe).

Only importing happens here: no Qt object is made off the GUI thread. A
module that fails to import is left out of ``sys.modules`` by Python, so the
GUI thread's own import raises the real error where it is handled.
"""

from __future__ import annotations

import importlib
import logging
import threading

log = logging.getLogger("hotline")

# What ui.app._build_context and the main window import: the window pulls its
# panes, dialogs and menus in.
WINDOW_MODULES = (
    "console.audit.service",
    "console.changefeed",
    "console.drafts",
    "console.services.directory",
    "console.services.follow_ups",
    "console.services.intake",
    "console.services.library",
    "console.services.queue",
    "console.services.sharing",
    "console.services.statistics",
    "console.services.supervision",
    "console.services.tta",
    "console.services.users",
    "ui.context",
    "ui.main_window",
)


class Preload:
    """One side thread importing ``modules`` in order, started at most once."""

    def __init__(self, modules: tuple[str, ...] = WINDOW_MODULES):
        self._modules = modules
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="preload", daemon=True)
            self._thread.start()

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        for name in self._modules:
            try:
                importlib.import_module(name)
            except Exception:  # the GUI thread's import raises it again, where it is reported
                log.debug("preload stopped at %s", name, exc_info=True)
                return
