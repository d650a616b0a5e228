"""The BUILT bundle (dist/hotline-console), run the way a desk would: a clean
environment (only PATH, an empty HOME, HOTLINE_DATA_DIR, offscreen Qt, a UTF-8
locale), nothing from this checkout or its virtualenv on any path.

Not part of ``make test`` (pyproject's testpaths leave tests/frozen out):
``make bundle-test`` builds the bundle, then runs these. A missing bundle is a
failure, never a skip, so CI cannot go green without running the binary.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "dist" / "hotline-console"
BINARY = BUNDLE / ("hotline-console.exe" if sys.platform == "win32" else "hotline-console")
INTERNAL = BUNDLE / "_internal"
SMOKE_SECONDS = 60
SMOKE_USER, SMOKE_PASSWORD = "smoke", "frozen lantern meadow"  # the first admin of each test database


def require_bundle() -> Path:
    """The binary, or a failure of the calling test that says what to do."""
    if not (BINARY.is_file() and os.access(BINARY, os.X_OK)):
        pytest.fail(f"{BINARY.relative_to(ROOT)} is missing: run `make bundle` first", pytrace=False)
    return BINARY


@dataclass(frozen=True)
class Frozen:
    """Runs the frozen binary with only the environment a desk would give it."""

    home: Path
    data: Path

    def env(self) -> dict[str, str]:
        return {
            "PATH": "/usr/bin:/bin",
            "HOME": str(self.home),
            "HOTLINE_DATA_DIR": str(self.data),
            "QT_QPA_PLATFORM": "offscreen",
            "LANG": "C.UTF-8",
        }

    def run(self, *args: str, timeout: float = 120, stdin: str = "") -> subprocess.CompletedProcess[str]:
        binary = require_bundle()
        try:
            return subprocess.run(
                [str(binary), *args], env={**self.env(), "HOTLINE_USER": SMOKE_USER}, cwd=self.home,
                capture_output=True, text=True, timeout=timeout, check=False, input=stdin,
            )
        except subprocess.TimeoutExpired as exc:
            pytest.fail(f"`hotline-console {' '.join(args)}` did not finish within {timeout:.0f} s\n"
                        f"--- stdout\n{exc.stdout}\n--- stderr\n{exc.stderr}", pytrace=False)


def explain(result: subprocess.CompletedProcess[str]) -> str:
    return f"exit {result.returncode}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"


def ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, explain(result)
    assert "Traceback" not in result.stdout + result.stderr, explain(result)
    return result


@pytest.fixture
def frozen(tmp_path: Path) -> Frozen:
    (tmp_path / "home").mkdir()
    (tmp_path / "data").mkdir()
    return Frozen(home=tmp_path / "home", data=tmp_path / "data")


def scalar(path: Path, sql: str):
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchone()[0]


# --- the command line -------------------------------------------------------

def test_version_is_the_one_in_pyproject(frozen):
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    result = ok(frozen.run("--version"))
    assert result.stdout.strip() == f"hotline-console {version}"


def test_self_check_on_a_new_database_passes(frozen, tmp_path):
    db = tmp_path / "desk.sqlite3"
    result = ok(frozen.run("self-check", "--db", str(db)))
    assert "upgraded empty ->" in result.stdout
    assert "self-check passed" in result.stdout
    assert "directory search index: present" in result.stdout  # FTS5 in the bundled SQLite
    assert db.is_file()


def test_the_default_database_lives_in_the_data_folder(frozen):
    result = ok(frozen.run("self-check"))
    assert "self-check passed" in result.stdout
    assert (frozen.data / "hotline.sqlite3").is_file()


def test_an_older_database_is_upgraded_keeping_its_users(frozen, tmp_path):
    # Made by this checkout's own Alembic at the first revision, as an older
    # release would have left it.
    from alembic import command
    from alembic.script import ScriptDirectory

    from console.db import Database, DatabaseTarget
    from console.schema import alembic_config, head_revision

    path = tmp_path / "old.sqlite3"
    first = list(ScriptDirectory.from_config(alembic_config()).walk_revisions())[-1].revision
    old = Database(DatabaseTarget.sqlite_file(path))
    with old.engine.connect() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, first)
        conn.commit()
    with old.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO users (username, display_name, role, active, created_at) "
                             "VALUES ('old', 'Old Timer', 'specialist', 1, '2025-01-01 00:00:00')")
    old.dispose()

    result = ok(frozen.run("migrate", "--db", str(path)))
    assert head_revision() in result.stdout  # the bundle carries this checkout's migrations
    assert scalar(path, "SELECT version_num FROM alembic_version") == head_revision()
    assert scalar(path, "SELECT display_name FROM users WHERE username = 'old'") == "Old Timer"
    assert "self-check passed" in ok(frozen.run("self-check", "--db", str(path))).stdout


def test_demo_data_fills_a_directory(frozen, tmp_path):
    # Exercises the zipcodes table (in its compiled extension) and the demo
    # generator's use of phone numbers inside the bundle.
    db = tmp_path / "demo.sqlite3"
    result = ok(frozen.run("demo-data", "--organizations", "100", "--db", str(db)))
    assert "100 organizations generated" in result.stdout
    assert scalar(db, "SELECT count(*) FROM organization") == 100
    assert "self-check passed" in ok(frozen.run("self-check", "--db", str(db))).stdout


def test_the_postgresql_driver_is_bundled(frozen):
    # Nothing listens on port 1: a bundled psycopg tries and cannot connect;
    # a missing one would make the address "not usable".
    result = frozen.run("self-check", "--db", "postgresql://desk@127.0.0.1:1/hotline", timeout=60)
    assert result.returncode == 1, explain(result)
    assert "cannot be reached" in result.stderr, explain(result)
    assert "Traceback" not in result.stderr, explain(result)


@pytest.mark.postgres
def test_the_frozen_console_migrates_and_checks_a_real_postgresql_database(frozen, pg_server):
    # On Linux the bundle speaks to PostgreSQL through the desk's own libpq
    # (the .deb depends on libpq5): a real server shows the frozen psycopg finds it.
    url = pg_server.url(pg_server.create_database("frozen_desk"))
    result = frozen.run("self-check", "--db", url.render_as_string(hide_password=False), timeout=180)
    assert result.returncode == 0, explain(result)
    assert "ok   change notifications" in result.stdout and "self-check passed" in result.stdout
    assert pg_server.password not in result.stdout + result.stderr


# --- the window -------------------------------------------------------------

def _first_admin(frozen, db: Path) -> None:
    """argon2's compiled part is in the bundle: the first admin's password is hashed by it."""
    ok(frozen.run("user", "add", SMOKE_USER, "--role", "admin", "--db", str(db), stdin=SMOKE_PASSWORD + "\n"))


def test_smoke_start_on_a_new_database(frozen, tmp_path):
    db = tmp_path / "smoke.sqlite3"
    refused = frozen.run("--smoke", "--db", str(db), timeout=SMOKE_SECONDS, stdin=SMOKE_PASSWORD + "\n")
    assert refused.returncode == 1 and "create the first admin" in refused.stderr, refused.stderr
    _first_admin(frozen, db)
    ok(frozen.run("--smoke", "--db", str(db), timeout=SMOKE_SECONDS, stdin=SMOKE_PASSWORD + "\n"))


def test_smoke_start_on_a_demo_database(frozen, tmp_path):
    db = tmp_path / "demo.sqlite3"
    ok(frozen.run("demo-data", "--organizations", "100", "--db", str(db)))
    _first_admin(frozen, db)
    ok(frozen.run("--smoke", "--db", str(db), timeout=SMOKE_SECONDS, stdin=SMOKE_PASSWORD + "\n"))


# --- what is inside ---------------------------------------------------------

def _bundled_modules() -> set[str]:
    from PyInstaller.archive.readers import CArchiveReader

    archive = CArchiveReader(str(require_bundle()))
    return set(archive.open_embedded_archive("PYZ.pyz").toc)


def test_lazily_imported_modules_are_inside():
    modules = _bundled_modules()
    for name in (
        "phonenumbers.data.region_US", "phonenumbers.data.region_MX", "phonenumbers.shortdata.region_US",
        "alembic.op", "alembic.ddl.sqlite", "alembic.ddl.postgresql",
        "sqlalchemy.dialects.sqlite.pysqlite", "sqlalchemy.dialects.postgresql.psycopg", "psycopg",
        "console.demo.directory", "console.demo.seed",
    ):
        assert name in modules, f"{name} is not in the bundle"


def test_what_the_console_does_not_use_is_left_out():
    modules = _bundled_modules()
    tops = {name.split(".")[0] for name in modules}
    for name in ("tkinter", "PyQt5", "PyQt6", "PySide2", "pytest", "hypothesis", "pygments"):
        assert name not in tops, f"{name} is in the bundle"
    assert not {m for m in modules if m.startswith(("phonenumbers.geodata", "phonenumbers.carrierdata"))}
    qt = {p.name for p in INTERNAL.rglob("*") if "Qt6" in p.name}
    for unwanted in ("Qml", "Quick", "Network", "Pdf", "VirtualKeyboard", "WaylandClient", "Sql", "Designer"):
        assert not {n for n in qt if f"Qt6{unwanted}" in n}, f"Qt {unwanted} is in the bundle"
    translations = {p.name for p in INTERNAL.glob("PySide6/Qt/translations/*")}
    assert translations <= {"qtbase_en.qm"}


def test_migrations_and_resources_are_shipped_as_data():
    require_bundle()
    shipped = INTERNAL / "console" / "migrations"
    source = ROOT / "console" / "migrations"
    expected = {p.relative_to(source) for p in source.rglob("*") if p.suffix in (".py", ".mako")
                and "__pycache__" not in p.parts}
    found = {p.relative_to(shipped) for p in shipped.rglob("*") if p.suffix in (".py", ".mako")}
    assert expected == found
    assert (INTERNAL / "resources").is_dir()
    assert (INTERNAL / "resources" / "icons" / "hotline-console.svg").is_file()  # ui.app.app_icon's
    assert list(INTERNAL.glob("hotline_console-*.dist-info/METADATA"))
