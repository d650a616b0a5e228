"""What a desk downloads and stores: the bundle against the floor, and the .deb.
(It also builds ``tools/model_layer_floor.spec`` for ``bench.startup``.)

The floor is a bare PySide6 window (``tools/bare_window.py``) frozen by
``tools/bare_window.spec`` with the same excludes and the same Qt trimming
(``packaging/qt_filter.py``) as the console's ``build.spec``. Both are built
here, in this run, when missing or older than their sources (a few minutes
each), and so is the ``.deb`` (``packaging/deb/build_deb.py``). Budgets: the
console's bundle within 1.3x the bare window's, the package at most 70 MB.

Sizes are the apparent sizes of the files and links (``du -sb`` without the
folders' own blocks, which depend on the file system); MB are 10^6 bytes.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from collections.abc import Iterable, Iterator
from pathlib import Path

from bench.stats import figure

FIGURES = ("bundle_size_ratio", "bundle_size_mb", "bare_window_size_mb", "deb_size_mb")
RATIO_BUDGET = 1.3
DEB_BUDGET_MB = 70.0
ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"
APP = DIST / "hotline-console"
BARE = DIST / "bare_window"
PACKAGING = ROOT / "packaging"

# What each build is made from: anything newer than the build rebuilds it.
BARE_SOURCES = (ROOT / "tools" / "bare_window.py", ROOT / "tools" / "bare_window.spec",
                PACKAGING / "qt_filter.py", PACKAGING / "system_libs.py", ROOT / "pyproject.toml")
APP_SOURCES = (ROOT / "build.spec", ROOT / "pyproject.toml", ROOT / "console", ROOT / "ui", ROOT / "resources",
               PACKAGING / "entry.py", PACKAGING / "hooks", PACKAGING / "qt_filter.py", PACKAGING / "system_libs.py")
DEB_SOURCES = (PACKAGING / "deb", PACKAGING / "system_libs.py", ROOT / "resources")
# The model layer's start-up floor (tools/model_layer_floor.py), timed by bench.startup only.
FLOOR = DIST / "model_layer_floor"
FLOOR_SOURCES = (ROOT / "tools" / "model_layer_floor.py", ROOT / "tools" / "model_layer_floor.spec",
                 ROOT / "console", PACKAGING / "qt_filter.py", PACKAGING / "system_libs.py", ROOT / "pyproject.toml")


def _newest(paths: Iterable[Path]) -> float:
    newest = 0.0
    for path in paths:
        files = path.rglob("*") if path.is_dir() else [path]
        for file in files:
            if file.is_file() and "__pycache__" not in file.parts:
                newest = max(newest, file.stat().st_mtime)
    return newest


def _stale(product: Path, sources: Iterable[Path]) -> bool:
    return not product.is_file() or product.stat().st_mtime < _newest(sources)


def _run(cmd: list[str], what: str) -> None:
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-12:])
        raise RuntimeError(f"bench.bundle: building {what} failed (exit {done.returncode}):\n{tail}")


def _pyinstaller(spec: str) -> list[str]:
    # The venv's `pyinstaller` script, as `make bundle` runs it: `python -m
    # PyInstaller` would put the checkout first on sys.path, where a stale
    # hotline_console.egg-info would stand in for the installed metadata.
    script = Path(sys.executable).with_name("pyinstaller")
    return [str(script), "--noconfirm", "--clean", "--log-level", "WARN", spec]


def deb_path() -> Path:
    sys.path.insert(0, str(PACKAGING / "deb"))
    try:
        import build_deb
    finally:
        sys.path.pop(0)
    version = build_deb.debian_version(
        tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"])
    return DIST / f"hotline-console_{version}_{build_deb.architecture()}.deb"


def build_what_is_stale() -> list[str]:
    """Build the bare window, the app and the .deb where needed; name what was built."""
    built = []
    if _stale(BARE / "bare_window", BARE_SOURCES):
        _run(_pyinstaller("tools/bare_window.spec"), "the bare window")
        built.append("bare_window")
    if _stale(APP / "hotline-console", APP_SOURCES):
        _run(_pyinstaller("build.spec"), "the console's bundle")
        built.append("hotline-console")
    if _stale(FLOOR / "model_layer_floor", FLOOR_SOURCES):
        _run(_pyinstaller("tools/model_layer_floor.spec"), "the model layer's floor")
        built.append("model_layer_floor")
    deb = deb_path()
    if _stale(deb, [*DEB_SOURCES, APP / "hotline-console"]):
        _run([sys.executable, str(PACKAGING / "deb" / "build_deb.py")], "the .deb")
        built.append(deb.name)
    return built


def size_bytes(folder: Path) -> int:
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def run(workdir: Path) -> Iterator[dict]:
    built = build_what_is_stale()
    app, bare = size_bytes(APP), size_bytes(BARE)
    deb = deb_path().stat().st_size
    yield figure("bundle_size_ratio", app / bare, "x", budget=RATIO_BUDGET, bundle_mb=round(app / 1e6, 1),
                 bare_window_mb=round(bare / 1e6, 1), built_now=built)
    yield figure("bundle_size_mb", app / 1e6, "MB", files=sum(1 for p in APP.rglob("*") if p.is_file()))
    yield figure("bare_window_size_mb", bare / 1e6, "MB")
    yield figure("deb_size_mb", deb / 1e6, "MB", budget=DEB_BUDGET_MB, deb=deb_path().name)
