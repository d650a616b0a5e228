"""``hotline-console audit verify | export | make-key`` and where the key
comes from: exit codes and messages on real files, never a traceback."""

from __future__ import annotations

import csv
import io
import os
import sqlite3
import stat
import subprocess
import sys

import pytest

from console.audit import AuditAction
from console.audit.keys import audit_key, read_key_file
from console.cli import build_parser, open_database, run_command
from console.errors import SettingsError
from console.settings import build_settings


@pytest.fixture
def desk(tmp_path, monkeypatch):
    """A desk's environment: its own data folder and key file, a SQLite file."""
    key = tmp_path / "keys" / "audit.key"
    monkeypatch.setenv("HOTLINE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HOTLINE_AUDIT_KEY_FILE", str(key))
    monkeypatch.setenv("HOTLINE_USER", "it_admin")
    monkeypatch.delenv("HOTLINE_DB_URL", raising=False)
    assert run(tmp_path, "audit", "make-key", str(key))[0] == 0
    return tmp_path / "desk.sqlite3"


def run(tmp_path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_command(build_parser().parse_args(list(argv)), out, err)
    return code, out.getvalue(), err.getvalue()


def _events(db_path, n: int = 3) -> None:
    db = open_database(build_settings(db_url=str(db_path)))
    for i in range(n):
        with db.write() as session:
            db.audit.record(session, action=AuditAction.VIEW, user_id=None, username="dana",
                            record_type="contact", record_id=i + 1, note="=cmd()" if i == 0 else "")
    db.dispose()


def test_make_key_writes_a_private_key_and_never_overwrites(tmp_path, desk):
    key = tmp_path / "keys" / "audit.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert len(read_key_file(key)) == 32
    before = key.read_bytes()
    code, _, err = run(tmp_path, "audit", "make-key", str(key))
    assert code == 1 and "already exists" in err and key.read_bytes() == before


def test_verify_an_empty_trail_and_three_events(tmp_path, desk):
    assert run(tmp_path, "--db", str(desk), "audit", "verify")[:2] == (0, "0 events, chain intact\n")
    _events(desk)
    code, out, _ = run(tmp_path, "--db", str(desk), "audit", "verify")
    assert code == 0 and out.startswith("3 events, chain intact\nnewest event #3, mac ")


def test_verify_names_the_first_bad_event_and_records_the_failure(tmp_path, desk):
    _events(desk)
    conn = sqlite3.connect(desk)
    conn.execute("DROP TRIGGER audit_events_no_update")
    conn.execute("UPDATE audit_events SET record_id = '99' WHERE id = 2")
    conn.commit()
    conn.close()
    code, out, err = run(tmp_path, "--db", str(desk), "audit", "verify")
    assert code == 1 and out == ""
    assert "NOT intact" in err and "audit event #2: altered" in err and "Traceback" not in err
    conn = sqlite3.connect(desk)
    last = conn.execute("SELECT action, username, record_id FROM audit_events ORDER BY id DESC LIMIT 1").fetchone()
    assert last == ("audit_verify_failed", "it_admin", "2")


def test_verify_with_another_key_says_so(tmp_path, desk, monkeypatch):
    _events(desk)
    other = tmp_path / "other.key"
    run(tmp_path, "audit", "make-key", str(other))
    monkeypatch.setenv("HOTLINE_AUDIT_KEY_FILE", str(other))
    code, _, err = run(tmp_path, "--db", str(desk), "audit", "verify")
    assert code == 1 and "#1" in err and "another key" in err


def test_export_writes_filtered_csv_escapes_formulas_and_is_audited(tmp_path, desk):
    _events(desk)
    target = tmp_path / "audit.csv"
    code, out, _ = run(tmp_path, "--db", str(desk), "audit", "export", str(target), "--user", "dana",
                       "--action", "view", "--since", "2020-01-01")
    assert code == 0 and out.startswith("3 audit events written")
    rows = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][:5] == ["id", "at_utc", "user_id", "username", "action"]
    assert [r[0] for r in rows[1:]] == ["1", "2", "3"] and rows[1][8] == "'=cmd()"
    conn = sqlite3.connect(desk)
    last = conn.execute("SELECT action, username, record_type, note FROM audit_events ORDER BY id DESC").fetchone()
    assert last == ("export", "it_admin", "audit_events", "since 2020-01-01; user dana; action view")
    assert run(tmp_path, "--db", str(desk), "audit", "verify")[1].startswith("4 events, chain intact\n")


def test_export_to_an_unwritable_place_fails_cleanly_and_records_nothing(tmp_path, desk):
    _events(desk, 1)
    code, _, err = run(tmp_path, "--db", str(desk), "audit", "export", str(tmp_path / "no" / "such" / "x.csv"))
    assert code == 1 and "cannot be written" in err
    assert sqlite3.connect(desk).execute("SELECT count(*) FROM audit_events").fetchone() == (1,)


def test_a_bad_date_is_a_usage_error(tmp_path, desk, capsys):
    with pytest.raises(SystemExit) as caught:
        build_parser().parse_args(["audit", "export", "x.csv", "--since", "27/11/2026"])
    assert caught.value.code == 2 and "not a date" in capsys.readouterr().err


def test_postgres_without_a_key_file_is_refused_before_connecting(tmp_path):
    settings = build_settings(db_url="postgresql://desk@db.invalid/hotline", env={"HOTLINE_DATA_DIR": str(tmp_path)})
    with pytest.raises(SettingsError) as caught:
        open_database(settings)
    assert "[audit] key_file" in str(caught.value) and "every desk" in str(caught.value)


def test_the_embedded_default_key_is_made_once_in_the_data_folder(tmp_path):
    settings = build_settings(db_url=str(tmp_path / "x.sqlite3"), env={"HOTLINE_DATA_DIR": str(tmp_path / "data")})
    assert settings.audit_key_file is None
    first = audit_key(settings)
    path = tmp_path / "data" / "audit.key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and audit_key(settings) == first


def test_the_key_file_setting_from_a_site_file_and_its_checks(tmp_path):
    site = tmp_path / "site.toml"
    site.write_text('[audit]\nkey_file = "keys/desk.key"\n', encoding="utf-8")
    settings = build_settings(config=site, env={"HOTLINE_DATA_DIR": str(tmp_path)})
    assert settings.audit_key_file == tmp_path / "keys" / "desk.key"
    with pytest.raises(SettingsError, match="does not exist"):
        audit_key(settings)
    (tmp_path / "keys").mkdir()
    (tmp_path / "keys" / "desk.key").write_text("not hex\n", encoding="ascii")
    (tmp_path / "keys" / "desk.key").chmod(0o600)
    with pytest.raises(SettingsError, match="not an audit key"):
        audit_key(settings)


def test_the_real_command_never_shows_a_traceback(tmp_path):
    env = {**os.environ, "HOTLINE_DATA_DIR": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen",
           "HOTLINE_DB_URL": "postgresql://desk@db.invalid/hotline"}
    env.pop("HOTLINE_AUDIT_KEY_FILE", None)
    result = subprocess.run([sys.executable, "-m", "ui", "audit", "verify"], capture_output=True, text=True,
                            env=env, timeout=120, check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "HOTLINE_AUDIT_KEY_FILE" in result.stderr
