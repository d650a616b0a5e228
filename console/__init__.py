"""Hotline Console's domain and model layer.

Qt-free by rule: nothing under ``console`` imports PySide6, shiboken6 or ``ui``
(``tests/console/test_layering.py`` proves it in a fresh interpreter).
"""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("hotline-console")
except _metadata.PackageNotFoundError:  # running from a source tree or a bundle
    __version__ = "0.1.0"
