"""Hotline Console's domain and model layer.

Qt-free by rule: nothing under ``console`` imports PySide6, shiboken6 or ``ui``
(``tests/console/test_layering.py`` proves it in a fresh interpreter).
"""

# The version, as pyproject.toml says it (tests/console/test_version.py keeps
# the two equal). A constant, not importlib.metadata: reading the installed
# metadata imports the email parser, ~30 ms of every start.
__version__ = "0.1.0"
