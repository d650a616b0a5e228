"""Untrusted HSDS input: each problem is reported with its file, row and
field; a bad row is left out, anything that would corrupt the directory
aborts the import and changes nothing."""

from __future__ import annotations

import json
import struct

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from console.hsds.importer import import_directory
from console.hsds.problems import Severity
from console.hsds.source import Limits
from console.hsds.validate import plain
from console.models import Organization, Phone
from tests.hsds import dump, small_rows, write_package, zip_folder


def _where(report, severity: Severity) -> set[tuple]:
    return {(p.file, p.row, p.field) for p in report.problems_of(severity)}


@pytest.fixture
def base(db, tmp_path):
    """A directory that already holds the small package (so an abort has something to keep)."""
    assert not import_directory(db, write_package(tmp_path / "base", small_rows())).aborted
    return dump(db)


def _import_edited(db, tmp_path, edit, **options):
    rows = small_rows()
    edit(rows)
    return import_directory(db, write_package(tmp_path / "edited", rows), **options)


def _assert_aborted(db, before, report, *where):
    assert report.aborted
    assert set(where) <= _where(report, Severity.FATAL), report.problems
    assert dump(db) == before  # row for row, the index included


# --- rows left out ------------------------------------------------------------

@pytest.mark.parametrize(("table", "index", "field", "value", "phrase"), [
    ("phone", 1, "number", "call us", "is not a phone number"),
    ("phone", 1, "number", "=cmd|' /C calc'!A0", "is not a phone number"),
    ("location", 0, "latitude", "95", "outside -90..90"),
    ("location", 0, "longitude", "east", "is not a number"),
    ("location", 0, "latitude", "nan", "is not a number"),
    ("service", 1, "status", "open", "is not a service status"),
    ("service", 2, "assured_date", "15/01/2026", "is not a date"),
    ("service", 2, "minimum_age", "eighteen", "is not a whole number"),
    ("address", 1, "country", "USA", "two-letter country code"),
    ("organization", 1, "name", "", "is missing; HSDS requires it"),
    ("organization", 1, "name", "x" * 301, "the console keeps at most 300"),
    ("organization", 1, "description", "bell \x07 in the text", "control characters"),
])
def test_a_bad_field_rejects_only_its_row(db, tmp_path, table, index, field, value, phrase):
    report = _import_edited(db, tmp_path, lambda rows: rows[table][index].update({field: value}))
    assert not report.aborted, report.problems
    problems = report.problems_of(Severity.REJECTED)
    file = {"phone": "phones.csv", "location": "locations.csv", "service": "services.csv",
            "address": "addresses.csv", "organization": "organizations.csv"}[table]
    assert (file, index + 2, field) in _where(report, Severity.REJECTED)
    assert any(phrase in p.message for p in problems), problems
    assert report.table(table).rejected == 1


def test_a_rejected_row_takes_the_rows_that_need_it(db, tmp_path):
    report = _import_edited(db, tmp_path, lambda rows: rows["organization"][1].update(name=""))
    assert report.table("organization").rejected == 1
    assert report.table("service").rejected == 1  # svc-3 belongs to it
    assert ("services.csv", 4, "organization_id") in _where(report, Severity.REJECTED)
    assert report.table("language").rejected == 1  # svc-3's language, one step further
    assert report.table("service").added == 2


def test_a_row_with_a_wrong_number_of_cells_is_left_out(db, tmp_path):
    folder = write_package(tmp_path / "p", small_rows())
    with open(folder / "phones.csv", "a", encoding="utf-8") as out:
        out.write("ph-9,,,org-1\n")
    report = import_directory(db, folder)
    assert ("phones.csv", 6, None) in _where(report, Severity.REJECTED)
    assert not report.aborted


def test_a_cell_over_the_field_limit_rejects_its_row(db, tmp_path):
    report = _import_edited(db, tmp_path, lambda rows: rows["service"][0].update(description="word " * 400),
                            limits=Limits(max_field_chars=1000))
    assert ("services.csv", 2, "description") in _where(report, Severity.REJECTED)


# --- aborts -------------------------------------------------------------------

def test_a_dangling_reference_aborts(db, tmp_path, base):
    report = _import_edited(db, tmp_path, lambda rows: rows["service"][0].update(organization_id="org-nowhere"))
    _assert_aborted(db, base, report, ("services.csv", 2, "organization_id"))
    assert "neither in the package nor in the directory" in str(report.problems_of(Severity.FATAL)[0])


def test_a_duplicated_id_aborts(db, tmp_path, base):
    report = _import_edited(db, tmp_path, lambda rows: rows["phone"].append({**rows["phone"][0], "number": "211"}))
    _assert_aborted(db, base, report, ("phones.csv", 2, "id"))
    assert "used by 2 rows: 2, 6" in report.problems_of(Severity.FATAL)[0].message


@pytest.mark.parametrize(("edit", "where"), [
    (lambda rows: rows["contact"][0].update(organization_id="org-nowhere"), ("contacts.csv", 2, "organization_id")),
    (lambda rows: rows["contact"][0].update(service_at_location_id="sal-9"),
     ("contacts.csv", 2, "service_at_location_id")),
    (lambda rows: rows["phone"][3].update(contact_id="nobody"), ("phones.csv", 5, "contact_id")),
    (lambda rows: rows["contact"].append({**rows["contact"][0], "name": "Someone else"}), ("contacts.csv", 2, "id")),
])
def test_a_bad_link_or_id_of_a_person_aborts(db, tmp_path, base, edit, where):
    _assert_aborted(db, base, _import_edited(db, tmp_path, edit), where)


def test_a_rejected_person_takes_their_phone_and_unknown_columns_are_ignored(db, tmp_path):
    rows = small_rows()
    rows["contact"][0].update(name="x" * 201, pronouns="she/her")
    header = ["id", "organization_id", "service_id", "name", "title", "email", "pronouns"]
    report = import_directory(db, write_package(tmp_path / "p", rows, headers={"contact": header}))
    assert not report.aborted
    assert ("contacts.csv", 2, "name") in _where(report, Severity.REJECTED)
    assert ("phones.csv", 5, "contact_id") in _where(report, Severity.REJECTED)  # ph-4 goes with its person
    assert "contacts.csv:1: column 'pronouns' is not part of HSDS table 'contact'; ignored" in [
        str(p) for p in report.problems_of(Severity.INFO)]


def test_a_file_that_is_not_utf8_aborts_and_names_the_row(db, tmp_path, base):
    folder = write_package(tmp_path / "p", small_rows())
    data = (folder / "organizations.csv").read_bytes().replace(b"Lakeside", "Lakesidé".encode("latin-1"))
    (folder / "organizations.csv").write_bytes(data)
    report = import_directory(db, folder)
    _assert_aborted(db, base, report, ("organizations.csv", 3, None))
    assert "byte 0xe9" in report.problems_of(Severity.FATAL)[0].message


def test_a_missing_required_table_or_column_aborts(db, tmp_path, base):
    rows = small_rows()
    del rows["organization"]
    report = import_directory(db, write_package(tmp_path / "no-orgs", rows))
    _assert_aborted(db, base, report, ("organizations.csv", None, None))
    headers = {"service": ["id", "organization_id", "status"]}
    report = import_directory(db, write_package(tmp_path / "no-name", small_rows(), headers=headers))
    _assert_aborted(db, base, report, ("services.csv", 1, "name"))


def test_a_taken_taxonomy_name_aborts(db, tmp_path, base):
    rows = {"organization": [], "service": [],
            "taxonomy": [{"id": "t-1", "name": "topics", "description": "Topics"}]}
    assert not import_directory(db, write_package(tmp_path / "t1", rows)).aborted
    before = dump(db)
    rows["taxonomy"][0]["id"] = "t-2"
    _assert_aborted(db, before, import_directory(db, write_package(tmp_path / "t2", rows)),
                    ("taxonomies.csv", 2, "name"))


def test_a_resource_path_outside_the_package_aborts(db, tmp_path, base):
    folder = write_package(tmp_path / "p", small_rows())
    descriptor = json.loads((folder / "datapackage.json").read_text())
    descriptor["resources"][0]["path"] = "../../etc/passwd"
    (folder / "datapackage.json").write_text(json.dumps(descriptor))
    report = import_directory(db, folder)
    _assert_aborted(db, base, report)
    assert "points outside the package" in str(report.problems_of(Severity.FATAL)[0])


def test_a_runaway_record_aborts(db, tmp_path, base):
    folder = write_package(tmp_path / "p", small_rows())
    with open(folder / "services.csv", "a", encoding="utf-8") as out:
        out.write('svc-9,org-1,,"' + "never closed\n" * 40_000)  # past the limit, give or take a block
    report = import_directory(db, folder, limits=Limits(max_row_bytes=1000))
    _assert_aborted(db, base, report, ("services.csv", 5, None))
    assert "has a record longer than 1,000 bytes" in report.problems_of(Severity.FATAL)[0].message


# --- sizes and zip bombs ------------------------------------------------------

def test_a_file_over_the_size_limit_is_refused_before_it_is_read(db, tmp_path, base):
    folder = write_package(tmp_path / "p", small_rows())
    report = import_directory(db, folder, limits=Limits(max_file_bytes=300))
    _assert_aborted(db, base, report)
    assert any("it was not read" in p.message for p in report.problems_of(Severity.FATAL))
    report = import_directory(db, zip_folder(folder, tmp_path / "p.zip"), limits=Limits(max_file_bytes=300))
    _assert_aborted(db, base, report)


def test_a_zip_bomb_is_refused(db, tmp_path, base):
    folder = write_package(tmp_path / "p", small_rows())
    with open(folder / "organizations.csv", "a", encoding="utf-8") as out:
        out.write("\n" * 5_000_000)  # 5 MB of blank lines deflate ~1000:1
    report = import_directory(db, zip_folder(folder, tmp_path / "bomb.zip"))
    _assert_aborted(db, base, report)
    assert "zip bomb" in report.problems_of(Severity.FATAL)[0].message


def test_a_zip_member_larger_than_it_declares_is_refused(db, tmp_path, base):
    target = zip_folder(write_package(tmp_path / "p", small_rows()), tmp_path / "lying.zip")
    data = bytearray(target.read_bytes())
    start = data.find(b"PK\x01\x02")  # central directory entries: the sizes zipfile trusts
    while start != -1:
        name_length = struct.unpack_from("<H", data, start + 28)[0]
        if data[start + 46:start + 46 + name_length] == b"organizations.csv":
            declared = struct.unpack_from("<I", data, start + 24)[0]
            struct.pack_into("<I", data, start + 24, declared // 2)  # claims half its real size
        start = data.find(b"PK\x01\x02", start + 4)
    target.write_bytes(bytes(data))
    report = import_directory(db, target)
    _assert_aborted(db, base, report)
    assert any(p.file == "organizations.csv" for p in report.problems_of(Severity.FATAL)), report.problems


# --- text that is dangerous elsewhere, and text of any kind -------------------

def test_formula_text_is_stored_as_written(db, tmp_path):
    name = "=cmd|' /C calc'!A0"
    report = _import_edited(db, tmp_path, lambda rows: rows["organization"][0].update(name=name))
    assert not report.aborted
    with db.read() as session:
        assert session.get(Organization, "org-1").name == name


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(max_size=80), number=st.text(max_size=30), latitude=st.text(max_size=12))
def test_any_text_in_a_cell_is_stored_or_reported_never_a_crash(db, tmp_path_factory, name, number, latitude):
    rows = small_rows()
    rows["organization"][0]["name"] = name
    rows["phone"][1]["number"] = number
    rows["location"][1]["latitude"] = latitude
    report = import_directory(db, write_package(tmp_path_factory.mktemp("any"), rows))
    if report.aborted:  # only a NUL character makes a file unreadable as CSV
        assert "\x00" in name + number + latitude
        assert all("is not valid CSV" in p.message for p in report.problems_of(Severity.FATAL))
        return
    rejected = _where(report, Severity.REJECTED)
    with db.read() as session:
        if ("organizations.csv", 2, "name") not in rejected:
            assert session.get(Organization, "org-1").name == plain(name)
        if ("phones.csv", 3, "number") not in rejected and report.table("phone").rejected == 0:
            assert session.get(Phone, "ph-2").number == plain(number)
