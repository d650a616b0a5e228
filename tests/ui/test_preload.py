"""The start: the window's modules load on a side thread during the sign-in, the
clock's phases, the cycle collector off until the window is up."""

from __future__ import annotations

import re
import sys
import time

import pytest

from ui.preload import WINDOW_MODULES, Preload
from ui.startup_clock import StartupClock


@pytest.fixture
def probe_package(tmp_path, monkeypatch):
    """Two fresh modules: one records the thread importing it, one fails."""
    (tmp_path / "probe_ok.py").write_text("import threading\nTHREAD = threading.current_thread().name\n")
    (tmp_path / "probe_broken.py").write_text("raise RuntimeError('broken on purpose')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield
    for name in ("probe_ok", "probe_broken"):
        sys.modules.pop(name, None)


def test_modules_are_imported_on_the_preload_thread(probe_package):
    preload = Preload(("probe_ok",))
    preload.start()
    preload.start()  # once only
    preload.wait()
    assert sys.modules["probe_ok"].THREAD == "preload"


def test_a_module_that_fails_stops_the_preload_and_fails_again_where_it_is_imported(probe_package):
    preload = Preload(("probe_broken", "probe_ok"))
    preload.start()
    preload.wait()  # nothing raised on the side thread reaches here
    assert "probe_broken" not in sys.modules and "probe_ok" not in sys.modules
    with pytest.raises(RuntimeError, match="broken on purpose"):
        __import__("probe_broken")


def test_the_preload_names_what_the_window_imports():
    import ui.app

    assert "ui.main_window" in WINDOW_MODULES
    source = open(ui.app.__file__, encoding="utf-8").read()
    # Every service module the composition root imports is preloaded with the window.
    for name in re.findall(r"from (console\.[\w.]+) import", source.split("def _build_context", 1)[1].split("\ndef ", 1)[0]):
        assert name in WINDOW_MODULES, name


def test_the_clock_names_each_phase_and_the_total():
    clock = StartupClock(time.perf_counter() - 0.05)
    clock.lap("imports")
    time.sleep(0.02)
    clock.lap("window")
    found = re.fullmatch(r"started in (\d+) ms: imports (\d+), window (\d+)", clock.summary())
    assert found, clock.summary()
    total, imports, window = map(int, found.groups())
    assert imports >= 50 and window >= 20 and abs(total - imports - window) <= 1


def test_the_collector_comes_back_on_after_the_start_with_the_start_s_objects_frozen():
    import gc

    from ui.app import collect_again

    gc.disable()
    try:
        collect_again()
        assert gc.isenabled() and gc.get_freeze_count() > 0
        frozen = gc.get_freeze_count()
        collect_again()  # once only: already on
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
        gc.enable()
