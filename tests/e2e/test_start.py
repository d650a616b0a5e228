"""The console started as a desk starts it: a real process, a real database
file, the sign-in, the window with its panes loaded (``--smoke``), and the log
saying how long each part of the start took."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import console

PASSWORD = "lantern harbour meadow"


def _run(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOTLINE_DATA_DIR": str(tmp_path / "data"),
           "HOTLINE_LOG_DIR": str(tmp_path / "logs"), "HOTLINE_USER": "amara"}
    env.pop("HOTLINE_DB_URL", None)
    return subprocess.run([sys.executable, *args], input=stdin, capture_output=True, text=True, env=env,
                          timeout=180, check=False)


def test_a_smoke_start_signs_in_loads_the_panes_and_logs_its_phases(tmp_path):
    db = tmp_path / "desk.sqlite3"
    added = _run(tmp_path, "-m", "ui", "user", "add", "amara", "--role", "admin", "--db", str(db),
                 stdin=PASSWORD + "\n")
    assert added.returncode == 0, added.stderr
    started = _run(tmp_path, "-m", "ui", "--smoke", "--db", str(db), stdin=PASSWORD + "\n")
    assert started.returncode == 0, started.stderr
    log = (tmp_path / "logs" / "console.log").read_text(encoding="utf-8")
    found = re.search(r"started in (\d+) ms: imports (\d+), settings and Qt (\d+), database (\d+), "
                      r"sign-in (\d+), window (\d+), panes (\d+)$", log, re.MULTILINE)
    assert found, log
    total, *phases = map(int, found.groups())
    assert abs(total - sum(phases)) <= len(phases)  # each phase rounded on its own
    # The sign-in includes one argon2id check at the shipped cost: never instant.
    assert int(found.group(5)) >= 20


def test_the_version_is_answered_without_loading_the_model_layer(tmp_path):
    done = _run(tmp_path, "-X", "importtime", "-m", "ui", "--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"hotline-console {console.__version__}\n"
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert "console.settings" not in imported and "sqlalchemy" not in imported and "PySide6" not in imported
