"""One version everywhere: pyproject.toml's, what the console reports, what pip installed."""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

import console

ROOT = Path(__file__).resolve().parents[2]


def test_the_console_reports_the_version_in_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert console.__version__ == project["version"], "bump console/__init__.py with pyproject.toml"


def test_the_installed_distribution_is_the_same_version():
    assert metadata.version("hotline-console") == console.__version__, "reinstall: pip install -e ."
