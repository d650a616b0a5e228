"""Guard against a Qt binding that corrupts Python's reference counts.

PySide6 6.12.0 on Python 3.11 drops a reference to None on every Qt call that
returns None; after a few thousand calls the interpreter aborts. The project
pins a release without it; this test fails loudly if that ever comes back.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject


def test_qt_calls_returning_none_keep_none_alive():
    obj = QObject()
    before = sys.getrefcount(None)
    for _ in range(20_000):
        obj.setObjectName("x")
    assert abs(sys.getrefcount(None) - before) < 100
