"""HSDS export: a valid CSV data package, public unless asked otherwise,
escaped against CSV injection, and a round trip that loses nothing."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select, update

from console.db import Database, DatabaseTarget
from console.demo.directory import generate_directory
from console.hsds import spec
from console.hsds.exporter import ExportRefused, export_directory
from console.hsds.importer import import_directory
from console.models import Address, Base, DirectoryContact, Location, Organization, Phone, ServiceSearch
from console.schema import upgrade
from console.services.directory_index import rebuild_search_rows
from tests.hsds import OFFICIAL, small_rows, write_package

ORGS = 120


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Database:
    database = Database(DatabaseTarget.sqlite_file(tmp_path_factory.mktemp("demo") / "demo.sqlite3"))
    upgrade(database)
    generate_directory(database, ORGS)
    yield database
    database.dispose()


def _read(folder: Path, name: str) -> list[dict[str, str]]:
    with open(folder / spec.tables()[name].path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_package_follows_the_hsds_descriptor(demo, tmp_path):
    export_directory(demo, tmp_path / "out")
    ours = json.loads((tmp_path / "out" / "datapackage.json").read_text())
    official = {r["name"]: r for r in json.loads((OFFICIAL / "datapackage.json").read_text())["resources"]}
    assert ours["profile"] == "tabular-data-package" and ours["version"] == "3.0.0"
    ids: dict[str, set[str]] = {}
    for resource in ours["resources"]:
        name, reference = resource["name"], official[resource["name"]]
        assert resource["path"] == reference["path"]
        fields = [f["name"] for f in resource["schema"]["fields"]]
        assert fields == [f["name"] for f in reference["schema"]["fields"]]
        assert [f["type"] for f in resource["schema"]["fields"]] == [f["type"] for f in reference["schema"]["fields"]]
        rows = _read(tmp_path / "out", name)
        assert list(rows[0]) == fields if rows else True
        required = [f["name"] for f in reference["schema"]["fields"] if f["constraints"]["required"]]
        assert all(row[f] for row in rows for f in required), name
        ids[name] = {row["id"] for row in rows}
        assert len(ids[name]) == len(rows)
    for resource in ours["resources"]:  # every declared foreign key resolves
        rows = _read(tmp_path / "out", resource["name"])
        for key in resource["schema"]["foreignKeys"]:
            target = ids[key["reference"]["resource"]]
            assert all(row[key["fields"]] in target for row in rows if row[key["fields"]]), key


def test_a_public_export_leaves_confidential_entries_out(demo, tmp_path):
    report = export_directory(demo, tmp_path / "public")
    with demo.read() as session:
        private_addresses = set(session.scalars(select(Address.id).where(Address.confidential.is_(True))))
        private_phones = set(session.scalars(select(Phone.id).where(Phone.confidential.is_(True))))
        hidden_places = set(session.scalars(select(Address.location_id).where(Address.confidential.is_(True))))
        all_addresses = session.scalar(select(Address.id).where(Address.confidential.is_(False)).limit(1))
    assert private_addresses and private_phones
    addresses = {row["id"] for row in _read(tmp_path / "public", "address")}
    phones = {row["id"] for row in _read(tmp_path / "public", "phone")}
    assert not addresses & private_addresses and all_addresses in addresses
    assert not phones & private_phones
    assert "confidential" not in _read(tmp_path / "public", "address")[0]
    for row in _read(tmp_path / "public", "location"):  # coordinates would give a shelter's street away
        assert (row["latitude"] == "") == (row["id"] in hidden_places)
    assert any("left out as confidential" in p.message for p in report.problems)
    assert report.table("address").added == len(addresses)


def test_confidential_entries_only_when_asked(demo, tmp_path):
    export_directory(demo, tmp_path / "all", include_confidential=True)
    rows = _read(tmp_path / "all", "phone")
    assert {row["confidential"] for row in rows} == {"true", "false"}


def test_a_public_export_keeps_a_confidential_persons_name_not_their_email_or_phones(db, tmp_path):
    rows = small_rows()
    rows["contact"].append({"id": "person-2", "location_id": "loc-1", "name": "Sam Lee", "title": "Advocate",
                            "email": "slee@harbor.example.org"})
    rows["phone"].append({"id": "ph-5", "contact_id": "person-2", "number": "(713) 555-0105"})
    import_directory(db, write_package(tmp_path / "in", rows))
    with db.write() as session:  # person-1 marked confidential; person-2 works where the street is confidential
        session.execute(update(DirectoryContact).where(DirectoryContact.id == "person-1").values(confidential=True))
        session.execute(update(Address).where(Address.id == "adr-1").values(confidential=True))
    report = export_directory(db, tmp_path / "public")
    people = {row["id"]: row for row in _read(tmp_path / "public", "contact")}
    assert [(row["name"], row["title"], row["email"]) for row in people.values()] == [
        ("Rosa Diaz", "Immigration Attorney", ""), ("Sam Lee", "Advocate", "")]
    assert "confidential" not in people["person-1"]
    assert {row["id"] for row in _read(tmp_path / "public", "phone")} == {"ph-1", "ph-2", "ph-3"}
    assert any("the emails of 2 people" in p.message for p in report.problems)
    export_directory(db, tmp_path / "all", include_confidential=True)
    people = {row["id"]: row for row in _read(tmp_path / "all", "contact")}
    assert (people["person-1"]["email"], people["person-1"]["confidential"]) == ("rdiaz@lakeside.example.org", "true")
    assert people["person-2"]["confidential"] == "false"  # the place is what is confidential
    assert len(_read(tmp_path / "all", "phone")) == 5


def test_cells_that_a_spreadsheet_would_run_are_escaped(db, tmp_path):
    rows = small_rows()
    rows["organization"][0]["name"] = "=cmd|' /C calc'!A0"
    rows["contact"][0]["title"] = "+1 trainer =HYPERLINK(\"http://x\")"
    rows["organization"][1]["description"] = "@SUM(1+1)*cmd|' /C calc'!A0"
    rows["service"][0]["name"] = "-2+3+cmd|' /C calc'!A0"
    rows["service"][1]["description"] = "Two lines,\rthe first ended by a carriage return\nand \"quotes\""
    import_directory(db, write_package(tmp_path / "in", rows))
    export_directory(db, tmp_path / "out")
    organizations = {row["id"]: row for row in _read(tmp_path / "out", "organization")}
    assert organizations["org-1"]["name"] == "'=cmd|' /C calc'!A0"
    assert organizations["org-2"]["description"].startswith("'@SUM")
    assert _read(tmp_path / "out", "service")[0]["name"] == "'-2+3+cmd|' /C calc'!A0"
    assert _read(tmp_path / "out", "location")[0]["longitude"] == "-95.3698"  # numbers are not text
    assert _read(tmp_path / "out", "phone")[2]["number"] == "'+1 312 555 0102"
    assert _read(tmp_path / "out", "contact")[0]["title"].startswith("'+1 trainer")
    again = import_directory(db, tmp_path / "out")  # and the escape comes off on the way back in
    assert again.table("organization").unchanged == 2 and again.table("phone").unchanged == 4
    assert again.table("service").unchanged == 3 and again.table("contact").unchanged == 1
    with db.read() as session:
        assert session.get(Organization, "org-1").name == "=cmd|' /C calc'!A0"


def _table_rows(db: Database) -> dict[str, list[tuple]]:
    """Every directory table's rows, by id (the search rows without their row number)."""
    found = {}
    with db.read() as session:
        for name in (*spec.MODELED, "service_search"):
            table = Base.metadata.tables[name]
            columns = [c for c in table.c if c.name != "id"] if name == "service_search" else list(table.c)
            order = table.c.service_id if name == "service_search" else table.c.id
            found[name] = session.execute(select(*columns).order_by(order)).all()
    return found


@pytest.mark.parametrize("name", ["package", "package.zip"])
def test_the_demo_directory_round_trips(demo, tmp_path, name):
    export_directory(demo, tmp_path / name, include_confidential=True)
    target = Database(DatabaseTarget.sqlite_file(tmp_path / "empty.sqlite3"))
    upgrade(target)
    try:
        report = import_directory(target, tmp_path / name)
        assert not report.aborted and not report.counts["rejected"], report.problems
        ours, theirs = _table_rows(demo), _table_rows(target)
        for table in ours:
            assert ours[table] == theirs[table], table
        assert len(theirs["service_search"]) > ORGS
    finally:
        target.dispose()


def test_a_zip_export_holds_the_package(demo, tmp_path):
    report = export_directory(demo, tmp_path / "directory.zip")
    with zipfile.ZipFile(tmp_path / "directory.zip") as archive:
        assert "datapackage.json" in archive.namelist() and "services.csv" in archive.namelist()
        services = list(csv.DictReader(io.TextIOWrapper(archive.open("services.csv"), encoding="utf-8")))
    assert len(services) == report.table("service").added > ORGS
    assert not list(tmp_path.glob(".*part*"))


def test_an_existing_path_is_never_overwritten(demo, tmp_path):
    (tmp_path / "taken.zip").write_text("keep me")
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "notes.txt").write_text("keep me")
    for path in (tmp_path / "taken.zip", tmp_path / "folder"):
        with pytest.raises(ExportRefused, match="already exists"):
            export_directory(demo, path)
    assert (tmp_path / "taken.zip").read_text() == "keep me"
    (tmp_path / "empty").mkdir()
    assert export_directory(demo, tmp_path / "empty").table("organization").added == ORGS


def test_an_edited_location_reaches_its_search_row_on_reimport(demo, tmp_path):
    export_directory(demo, tmp_path / "pkg", include_confidential=True)
    target = Database(DatabaseTarget.sqlite_file(tmp_path / "copy.sqlite3"))
    upgrade(target)
    try:
        import_directory(target, tmp_path / "pkg")
        with target.write() as session:
            address_id, location_id = session.execute(select(Address.id, Address.location_id).limit(1)).one()
            session.execute(update(Address).where(Address.id == address_id).values(city="Elsewhere"))
            rebuild_search_rows(session)
        with target.read() as session:
            assert "Elsewhere" in set(session.scalars(select(ServiceSearch.city)))
        report = import_directory(target, tmp_path / "pkg")  # puts the city back
        assert report.table("address").updated == 1
        with target.read() as session:
            cities = set(session.scalars(select(ServiceSearch.city)))
            assert "Elsewhere" not in cities and session.get(Location, location_id) is not None
    finally:
        target.dispose()
