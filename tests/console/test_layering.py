"""The one-way arrow: console/ never loads PySide6, shiboken6 or ui."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import console


def test_importing_every_console_module_loads_no_qt_and_no_ui():
    names = [m.name for m in pkgutil.walk_packages(console.__path__, "console.") if ".migrations" not in m.name]
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'ui'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert len(names) > 10
    assert result.stdout.strip() == ""
