"""``hotline-console directory import|export`` as IT runs it: real processes,
exit codes, a readable summary, problems as file:row:field, no traceback."""

from __future__ import annotations

from tests.console.test_cli import assert_clean_failure, cli
from tests.hsds import EXAMPLE, OFFICIAL, small_rows, write_package


def test_import_prints_counts_per_table_and_exits_0(tmp_path):
    db = str(tmp_path / "desk.sqlite3")
    result = cli("directory", "import", str(EXAMPLE), "--db", db, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"Imported {EXAMPLE}:" in result.stdout
    assert "  service                         1          0          0          0" in result.stdout
    assert "notes (" in result.stdout and "Traceback" not in result.stdout + result.stderr
    again = cli("--db", db, "directory", "import", str(EXAMPLE), tmp_path=tmp_path)
    assert "  service                         0          0          1          0" in again.stdout


def test_rejected_rows_are_listed_as_file_row_field(tmp_path):
    rows = small_rows()
    rows["phone"][1]["number"] = "call us"
    package = write_package(tmp_path / "pkg", rows)
    result = cli("directory", "import", str(package), "--db", str(tmp_path / "d.sqlite3"), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "rows left out (1):\n  phones.csv:3:number: 'call us' is not a phone number" in result.stdout


def test_an_aborted_import_exits_1_and_says_nothing_changed(tmp_path):
    result = cli("directory", "import", str(OFFICIAL), "--db", str(tmp_path / "d.sqlite3"), tmp_path=tmp_path)
    assert_clean_failure(result, "ABORTED: nothing was changed",
                         "would corrupt the directory (1):\n  taxonomy_terms.csv:2:taxonomy_id: refers to taxonomy")
    assert result.returncode == 1


def test_a_dry_run_changes_nothing(tmp_path):
    db = str(tmp_path / "d.sqlite3")
    dry = cli("directory", "import", str(EXAMPLE), "--dry-run", "--db", db, tmp_path=tmp_path)
    assert dry.returncode == 0 and "Dry run of" in dry.stdout and "nothing was changed" in dry.stdout
    real = cli("directory", "import", str(EXAMPLE), "--db", db, tmp_path=tmp_path)
    assert "  service                         1          0          0          0" in real.stdout


def test_an_unreadable_path_exits_1(tmp_path):
    result = cli("directory", "import", str(tmp_path / "nowhere.zip"), "--db", str(tmp_path / "d.sqlite3"),
                 tmp_path=tmp_path)
    assert_clean_failure(result, "nowhere.zip: does not exist")
    (tmp_path / "notes.txt").write_text("hello")
    result = cli("directory", "import", str(tmp_path / "notes.txt"), "--db", str(tmp_path / "d.sqlite3"),
                 tmp_path=tmp_path)
    assert_clean_failure(result, "is not an HSDS package")


def test_export_writes_a_package_and_refuses_to_overwrite(tmp_path):
    db = str(tmp_path / "d.sqlite3")
    cli("directory", "import", str(EXAMPLE), "--db", db, tmp_path=tmp_path)
    result = cli("directory", "export", str(tmp_path / "out.zip"), "--db", db, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Exported the directory to" in result.stdout and "service                        1 rows" in result.stdout
    again = cli("directory", "export", str(tmp_path / "out.zip"), "--db", db, tmp_path=tmp_path)
    assert_clean_failure(again, "already exists; choose a new name")
    denied = cli("directory", "export", "/proc/hotline/out", "--db", db, tmp_path=tmp_path)
    assert_clean_failure(denied, "cannot be written")


def test_bad_limits_are_a_usage_error(tmp_path):
    result = cli("directory", "import", str(EXAMPLE), "--max-file-mb", "0", tmp_path=tmp_path)
    assert result.returncode == 2 and "give a number above 0" in result.stderr
