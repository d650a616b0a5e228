"""The command line as IT meets it: real processes, real files, exit codes
and messages, never a traceback."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest


def cli(*args: str, tmp_path: Path, timeout: int = 120, **variables: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "HOTLINE_DATA_DIR": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("HOTLINE_DB_URL", None)
    env.update(variables)
    return subprocess.run(
        [sys.executable, "-m", "ui", *args], capture_output=True, text=True, env=env, timeout=timeout
    )


def assert_clean_failure(result: subprocess.CompletedProcess, *phrases: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    for phrase in phrases:
        assert phrase in result.stderr


def test_self_check_on_a_new_database_reports_each_check(tmp_path):
    db = tmp_path / "desk.sqlite3"
    result = cli("self-check", "--db", str(db), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "upgraded empty ->" in result.stdout
    assert "ok   tables match the models" in result.stdout
    assert "ok   phone numbers" in result.stdout and "ok   ZIP codes" in result.stdout
    assert "self-check passed" in result.stdout
    again = cli("--db", str(db), "self-check", tmp_path=tmp_path)  # --db before the subcommand too
    assert again.returncode == 0 and "up to date" in again.stdout


def test_the_default_database_lives_in_the_data_folder(tmp_path):
    result = cli("self-check", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "hotline.sqlite3").exists()


def test_version(tmp_path):
    result = cli("--version", tmp_path=tmp_path)
    assert result.returncode == 0 and result.stdout.startswith("hotline-console ")


def test_a_path_through_a_file_is_explained(tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a folder")
    result = cli("self-check", "--db", str(blocker / "db.sqlite3"), tmp_path=tmp_path)
    assert_clean_failure(result, "is a file", "what to do")


def test_a_folder_that_cannot_be_created_is_explained(tmp_path):
    result = cli("self-check", "--db", "/sys/hotline-console/db.sqlite3", tmp_path=tmp_path)
    assert_clean_failure(result, "cannot be created", "/sys/hotline-console")


def test_a_file_that_is_not_a_database_is_left_alone(tmp_path):
    path = tmp_path / "letter.sqlite3"
    path.write_text("To whom it may concern\n" * 100)
    before = path.read_bytes()
    result = cli("self-check", "--db", str(path), tmp_path=tmp_path)
    assert_clean_failure(result, "not a Hotline Console database")
    assert path.read_bytes() == before


def test_a_database_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "future.sqlite3"
    assert cli("self-check", "--db", str(path), tmp_path=tmp_path).returncode == 0
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'ffff_future'")
    result = cli("self-check", "--db", str(path), tmp_path=tmp_path)
    assert_clean_failure(result, "newer version of Hotline Console")


def test_a_locked_database_is_explained(tmp_path):
    path = tmp_path / "busy.sqlite3"
    assert cli("self-check", "--db", str(path), tmp_path=tmp_path).returncode == 0
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:  # migrate must take the write lock: it waits its busy timeout, then explains
        result = cli("migrate", "--db", str(path), tmp_path=tmp_path)
    finally:
        holder.rollback()
        holder.close()
    assert_clean_failure(result, "locked")


def test_an_unreachable_server_is_explained_without_its_password(tmp_path):
    url = "postgresql://hotline:s3cret-pw@127.0.0.1:9/hotline"
    result = cli("self-check", "--db", url, tmp_path=tmp_path)
    assert_clean_failure(result, "cannot be reached", "127.0.0.1:9")
    assert "s3cret-pw" not in result.stderr + result.stdout


@pytest.mark.parametrize("count", ["50", "100001", "many"])
def test_demo_data_refuses_sizes_out_of_range(tmp_path, count):
    result = cli("demo-data", "--organizations", count, "--db", str(tmp_path / "d.sqlite3"), tmp_path=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "d.sqlite3").exists()


# -- settings files (docs/settings.md) ---------------------------------------------

BAD_SITE = '# site settings\n[hours]\ntime_zone = "America/Chicago"\nopens = "25:00"\n'


def test_a_bad_site_file_stops_every_command_with_file_line_and_key(tmp_path):
    site = tmp_path / "site.toml"
    site.write_text(BAD_SITE)
    for result in (
        cli("self-check", tmp_path=tmp_path, HOTLINE_SITE_CONFIG=str(site)),
        cli("migrate", "--config", str(site), tmp_path=tmp_path),
    ):
        assert result.returncode == 1
        assert_clean_failure(result, f"{site}, line 4, key hours.opens", '"25:00" is not a time of day', "what to do")
    assert not (tmp_path / "data").exists()  # nothing was started


def test_a_bad_settings_file_stops_the_window_before_it_opens(tmp_path):
    user = tmp_path / "user.toml"
    user.write_text("this is not TOML\n")
    result = cli("--smoke", tmp_path=tmp_path, HOTLINE_USER_CONFIG=str(user))
    assert result.returncode == 1
    assert_clean_failure(result, f"{user}, line 1", "not valid TOML")


def test_a_site_file_names_the_database_and_self_check_says_which_files_it_read(tmp_path):
    site = tmp_path / "site.toml"
    site.write_text('[database]\nurl = "floor.sqlite3"\n')  # relative to the file's folder
    result = cli("self-check", "--config", str(site), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"settings: {site}, {os.devnull}" in result.stdout
    assert (tmp_path / "floor.sqlite3").exists() and not (tmp_path / "data" / "hotline.sqlite3").exists()
    env_wins = cli("self-check", "--config", str(site), tmp_path=tmp_path, HOTLINE_DB_URL=str(tmp_path / "env.sqlite3"))
    assert env_wins.returncode == 0 and (tmp_path / "env.sqlite3").exists()
