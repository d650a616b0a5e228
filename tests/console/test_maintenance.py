"""IT's commands on a desk: self-check for fleet tools, migrate with a dry run,
backup and restore; and the log they leave."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from console.cli import build_parser, run_command
from console.db import Database, DatabaseTarget
from console.schema import HEAD, stored_revision
from tests.factories import make_contact
from tests.revisions import upgrade_to


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(*argv: str, stdin: str | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    args = build_parser().parse_args(argv)
    if stdin is None:
        code = run_command(args, out, err)
    else:
        saved, sys.stdin = sys.stdin, Terminal(stdin)
        try:
            code = run_command(args, out, err)
        finally:
            sys.stdin = saved
    return code, out.getvalue(), err.getvalue()


def test_self_check_json_is_one_object_for_fleet_tools(tmp_path):
    code, out, _ = run("self-check", "--json", "--db", str(tmp_path / "desk.sqlite3"))
    report = json.loads(out)
    assert code == 0 and report["ok"] is True
    assert report["database"].endswith("desk.sqlite3") and report["migrations"].startswith("upgraded empty")
    assert {"name": "queue change marks", "ok": True, "detail": "every write marks its contact"} in report["checks"]


def test_self_check_json_reports_a_database_it_cannot_open(tmp_path):
    not_a_db = tmp_path / "notes.sqlite3"
    not_a_db.write_text("plain text " * 500)
    code, out, _ = run("self-check", "--json", "--db", str(not_a_db))
    report = json.loads(out)
    assert code == 1 and report["ok"] is False and "not" in report["error"].lower()


def test_migrate_dry_run_lists_and_changes_nothing(tmp_path):
    path = tmp_path / "old.sqlite3"
    db = Database(DatabaseTarget.sqlite_file(path))
    upgrade_to(db, "0003")
    before = path.read_bytes()
    code, out, _ = run("migrate", "--dry-run", "--db", str(path))
    assert code == 0
    assert "would apply 0004: Contacts carry a change mark" in out and f"would apply {HEAD}" in out
    assert "nothing changed" in out
    assert stored_revision(db) == "0003" and path.read_bytes() == before
    db.dispose()
    code, out, _ = run("migrate", "--db", str(path))
    assert code == 0 and f"0003 -> {HEAD}" in out
    assert "backup taken before the upgrade:" in out
    backup_path = Path(out.split("backup taken before the upgrade: ")[1].strip())
    assert backup_path.is_file() and backup_path.parent == tmp_path / "backups"


def test_backup_then_restore_round_trip(tmp_path, db, db_path):
    make_contact(db, summary="in the backup")
    copy = tmp_path / "friday.sqlite3"
    code, out, _ = run("backup", str(copy), "--db", str(db_path))
    assert code == 0 and "verified" in out and "1 contacts" in out
    make_contact(db, summary="after the backup")

    code, out, err = run("restore", str(copy), "--db", str(db_path))  # not a terminal, no --yes
    assert code == 1 and "--yes" in err
    code, out, _ = run("restore", str(copy), "--db", str(db_path), stdin="n\n")
    assert code == 1 and "nothing was changed" in out
    code, out, _ = run("restore", str(copy), "--db", str(db_path), stdin="y\n")
    assert code == 0 and "restored" in out and "was kept" in out
    with db.read() as session:
        assert session.execute(text("SELECT count(*) FROM contacts")).scalar() == 1


@pytest.mark.parametrize("argv, phrase", [
    (("backup", "{tmp}/no/such/folder/x.sqlite3"), "does not exist"),
    (("restore", "{tmp}/missing.sqlite3", "--yes"), "no backup file"),
    (("backup", "{tmp}/pg.sqlite3", "--db", "postgresql://desk@db.invalid/hotline"), "backed up on its server"),
])
def test_bad_input_is_a_message_and_exit_1(tmp_path, db, db_path, argv, phrase):
    argv = tuple(a.format(tmp=tmp_path) for a in argv)
    if "--db" not in argv:
        argv += ("--db", str(db_path))
    code, _, err = run(*argv)
    assert code == 1 and phrase in err and "Traceback" not in err


def test_the_log_names_version_settings_and_database_without_password(tmp_path, monkeypatch):
    monkeypatch.setenv("HOTLINE_LOG_DIR", str(tmp_path / "logs"))
    run("backup", str(tmp_path / "b.sqlite3"), "--db", "postgresql://desk:s3cret-pw@db.invalid/hotline")
    text = (tmp_path / "logs" / "console.log").read_text()
    assert "Hotline Console" in text and "starting (backup)" in text
    assert "db.invalid/hotline" in text and "s3cret-pw" not in text
