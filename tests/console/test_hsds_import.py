"""HSDS import against a real SQLite file: the specification's examples,
JSON, re-imports matched by id, the search index, dry runs."""

from __future__ import annotations

import json
import shutil

from sqlalchemy import func, select

from console.hsds.exporter import export_directory
from console.hsds.importer import STEPS, ImportCancelled, import_directory
from console.hsds.problems import Severity
from console.models import (
    Address,
    DirectoryContact,
    Language,
    Location,
    Organization,
    Phone,
    Service,
    ServiceSearch,
    TaxonomyTerm,
)
from console.services.directory import DirectoryQuery, DirectoryService
from console.vocabulary import Role
from tests.hsds import (
    DATA,
    EXAMPLE,
    OFFICIAL,
    dump,
    small_rows,
    write_package,
    zip_folder,
)

EXAMPLE_SERVICE = "ac148810-d857-441c-9679-408f346de14b"
EXAMPLE_ORG = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"
EXAMPLE_CONTACT = "1e7efce3-639b-4880-940c-b95cd30cdb50"


def _counts(report) -> dict[str, tuple[int, int, int, int]]:
    return {name: (c.added, c.updated, c.unchanged, c.rejected) for name, c in report.tables.items()}


def _count(db, model) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_the_specification_example_package_imports(db):
    report = import_directory(db, EXAMPLE)
    assert not report.aborted, report.problems
    assert all(counts == (1, 0, 0, 0) for counts in _counts(report).values()), _counts(report)
    assert set(report.tables) == {"organization", "taxonomy", "taxonomy_term", "location", "address", "service",
                                  "service_at_location", "schedule", "contact", "phone", "language", "attribute"}
    notes = [str(p) for p in report.problems_of(Severity.INFO)]
    assert "funding.csv: HSDS table 'funding' is not kept by the console; skipped" in notes
    assert not any(n.startswith("contacts.csv") for n in notes)
    assert any(n.startswith("organizations.csv:2:parent_organization_id: refers to organization 'cd09a387")
               and n.endswith("imported without this link") for n in notes)
    with db.read() as session:
        service = session.get(Service, EXAMPLE_SERVICE)
        assert service.name == "Community Counselling" and service.organization_id == EXAMPLE_ORG
        assert (service.minimum_age, service.maximum_age, str(service.assured_date)) == (12, 100, "2005-01-01")
        assert session.get(Organization, EXAMPLE_ORG).parent_organization_id is None
        assert session.scalar(select(Phone.extension)) == "100"
        person = session.get(DirectoryContact, EXAMPLE_CONTACT)
        assert (person.name, person.title, person.department, person.email) == (
            "Ann Persona", "Reception Manager", "Reception", "email@example.com")
        assert (person.organization_id, person.service_id, person.location_id) == (
            EXAMPLE_ORG, EXAMPLE_SERVICE, "3a19ff88-4620-4d17-9830-ac1d859eb5d5")
        assert not person.confidential  # the console's flag, absent from the package
        assert session.scalar(select(Phone.contact_id)) == EXAMPLE_CONTACT


def test_progress_walks_the_steps_and_a_cancel_rolls_the_import_back(db):
    seen: list[tuple[int, int, str]] = []
    report = import_directory(db, EXAMPLE, progress=lambda step, steps, what: seen.append((step, steps, what)))
    assert not report.aborted
    steps = [step for step, _, _ in seen]
    assert steps == sorted(steps) and steps[-1] == STEPS and {total for _, total, _ in seen} == {STEPS}
    assert "Reading services.csv" in {what for _, _, what in seen} and seen[-1][2] == "Done"

    with db.write() as session:  # start again from an empty directory (the rest cascades)
        for model in (Service, Organization):
            session.execute(model.__table__.delete())

    def cancel_after_writing(step: int, steps: int, what: str) -> None:
        if what == "Rebuilding the search index":  # rows written, the transaction still open
            raise ImportCancelled

    cancelled = import_directory(db, EXAMPLE, progress=cancel_after_writing)
    assert cancelled.aborted and "cancelled; nothing was changed" in [p.message for p in cancelled.problems]
    assert _count(db, Service) == 0 and _count(db, Organization) == 0


def test_the_published_example_is_refused_and_says_why(db):
    before = dump(db)
    report = import_directory(db, OFFICIAL)
    assert report.aborted
    fatal = [str(p) for p in report.problems_of(Severity.FATAL)]
    assert fatal == [("taxonomy_terms.csv:2:taxonomy_id: refers to taxonomy '07ff6aee-a219-438c-b694-d2fcb6c5373b', "
                      "which is neither in the package nor in the directory")]
    rejected = {(p.file, p.row, p.field) for p in report.problems_of(Severity.REJECTED)}
    assert ("locations.csv", 2, "latitude") in rejected and ("phones.csv", 2, "number") in rejected
    assert ("addresses.csv", 2, "location_id") in rejected  # it goes with its rejected location
    assert dump(db) == before


def test_a_zip_of_the_package_imports_the_same(db, tmp_path):
    report = import_directory(db, zip_folder(EXAMPLE, tmp_path / "example.zip"))
    assert not report.aborted and report.table("service").added == 1


def test_a_zip_that_nests_the_package_in_a_folder(db, tmp_path):
    shutil.copytree(EXAMPLE, tmp_path / "pkg" / "hsds")
    import zipfile
    with zipfile.ZipFile(tmp_path / "nested.zip", "w") as archive:
        for path in (tmp_path / "pkg" / "hsds").iterdir():
            archive.write(path, f"hsds/{path.name}")
    assert import_directory(db, tmp_path / "nested.zip").table("service").added == 1


def test_json_services_import_with_their_nested_records(db):
    report = import_directory(db, DATA / "service_full.json")
    assert not report.aborted, report.problems
    assert report.table("service").added == 1 and report.table("address").added == 1
    assert report.table("attribute").added == 1 and report.table("taxonomy").added == 1
    with db.read() as session:
        address = session.scalar(select(Address))
        assert address.location_id == "3a19ff88-4620-4d17-9830-ac1d859eb5d5" and address.city == "MyCity"
        assert session.scalar(select(Location.latitude)) == 51.5072
        assert session.scalar(select(Language.phone_id)) == "1554f2e2-a373-45db-a3fa-9fc48a61c15e"
        assert session.scalar(select(TaxonomyTerm.taxonomy_id)) == "5c4d79d7-cc55-470e-9f1f-8cad074e4892"
    assert report.table("schedule").added == 1  # one schedule, nested three times
    assert report.table("contact").added == 1  # one person, nested in four places: every link kept
    assert not any("nested contact" in p.message for p in report.problems)
    with db.read() as session:
        person = session.get(DirectoryContact, EXAMPLE_CONTACT)
        assert (person.organization_id, person.service_id, person.location_id, person.service_at_location_id) == (
            EXAMPLE_ORG, EXAMPLE_SERVICE, "3a19ff88-4620-4d17-9830-ac1d859eb5d5",
            "e94c9f38-1e8f-4564-91d4-d53501ab1765")
        assert session.scalar(select(Phone.contact_id)) == EXAMPLE_CONTACT  # nested in the person too


def test_the_published_json_example_imports_what_it_can(db):
    report = import_directory(db, DATA / "official_service_full.json")
    assert not report.aborted and report.table("service").added == 1
    rejected = {(p.row, p.field) for p in report.problems_of(Severity.REJECTED)}
    assert ("[0].organization.locations[0]", "latitude") in rejected  # latitude 100
    assert report.table("location").rejected == 1 and report.table("address").rejected == 1


def test_a_json_page_of_services_imports(db, tmp_path):
    report = import_directory(db, DATA / "service_list.json")  # {"contents": [...], "total_pages": ...}
    assert not report.aborted and report.table("service").added == 1
    bare = tmp_path / "bare.json"
    bare.write_text(json.dumps(json.loads((DATA / "service_list.json").read_text())["contents"]))
    assert import_directory(db, bare).table("service").unchanged == 1


def test_the_same_record_nested_twice_is_one_record(db, tmp_path):
    service = json.loads((DATA / "service_list.json").read_text())["contents"][0]
    other = {**service, "id": "another-service", "name": "Another"}
    path = tmp_path / "two.json"
    path.write_text(json.dumps([service, other]))
    report = import_directory(db, path)
    assert (report.table("organization").added, report.table("service").added) == (1, 2)
    other["organization"] = {**other["organization"], "name": "Renamed"}
    path.write_text(json.dumps([service, other]))
    report = import_directory(db, path)
    assert report.aborted
    assert any(p.field == "id" and p.row == "[1].organization" and "appears again" in p.message
               for p in report.problems_of(Severity.FATAL))


def test_reimporting_the_same_source_changes_nothing(db):
    first = import_directory(db, EXAMPLE)
    before = dump(db)
    again = import_directory(db, EXAMPLE)
    assert not again.aborted
    assert all(counts == (0, 0, 1, 0) for counts in _counts(again).values()), _counts(again)
    assert _counts(first) != _counts(again)
    assert dump(db) == before


def test_an_edited_row_is_updated_in_place(db, tmp_path):
    rows = small_rows()
    import_directory(db, write_package(tmp_path / "v1", rows))
    rows["service"][1]["name"] = "Case management and safety planning"
    rows["address"][0]["city"] = "Pasadena"
    rows["organization"].append({"id": "org-3", "name": "New Dawn", "description": "Outreach."})
    report = import_directory(db, write_package(tmp_path / "v2", rows))
    assert _counts(report)["service"] == (0, 1, 2, 0)
    assert _counts(report)["address"] == (0, 1, 1, 0)
    assert _counts(report)["organization"] == (1, 0, 2, 0)
    with db.read() as session:
        assert session.get(Service, "svc-2").name == "Case management and safety planning"
        assert _count(db, Service) == 3


def test_imported_services_are_found_by_search_at_once(db, tmp_path):
    rows = small_rows()
    import_directory(db, write_package(tmp_path / "v1", rows))
    directory = DirectoryService(db, Role.SPECIALIST)
    hits = directory.search(DirectoryQuery("harbor beds"))
    assert [h.service_id for h in hits] == ["svc-1"] and (hits[0].city, hits[0].state) == ("Houston", "TX")
    assert {h.service_id for h in directory.search(DirectoryQuery("", state="IL"))} == {"svc-3"}
    # An update reaches the index too: a renamed organization, a moved address.
    rows["organization"][1]["name"] = "Prairie Justice Center"
    rows["address"][1].update(city="Springfield")
    import_directory(db, write_package(tmp_path / "v2", rows))
    hits = directory.search(DirectoryQuery("prairie justice"))
    assert [(h.service_id, h.organization_name, h.city) for h in hits] == [
        ("svc-3", "Prairie Justice Center", "Springfield")]
    assert directory.search(DirectoryQuery("lakeside")) == ()


def test_a_service_without_a_location_is_placed_by_its_organization(db, tmp_path):
    import_directory(db, write_package(tmp_path / "p", small_rows()))
    with db.read() as session:
        row = session.scalar(select(ServiceSearch).where(ServiceSearch.service_id == "svc-2"))
    assert (row.city, row.state) == ("Houston", "TX")


def test_a_dry_run_reports_and_changes_nothing(db, tmp_path):
    rows = small_rows()
    import_directory(db, write_package(tmp_path / "v1", rows))
    before = dump(db)
    rows["service"][0]["name"] = "Shelter beds"
    rows["phone"][2]["number"] = "call us"
    report = import_directory(db, write_package(tmp_path / "v2", rows), dry_run=True)
    assert report.dry_run and not report.aborted
    assert _counts(report)["service"] == (0, 1, 2, 0) and _counts(report)["phone"] == (0, 0, 3, 1)
    assert dump(db) == before


def test_records_missing_from_the_source_are_kept(db, tmp_path):
    rows = small_rows()
    import_directory(db, write_package(tmp_path / "v1", rows))
    del rows["service"][2], rows["service_at_location"][1], rows["language"][0]
    report = import_directory(db, write_package(tmp_path / "v2", rows))
    assert not report.aborted and _count(db, Service) == 3


def test_references_to_records_already_in_the_directory_are_fine(db, tmp_path):
    import_directory(db, write_package(tmp_path / "orgs", {"organization": small_rows()["organization"]}
                                       | {"service": []}))
    services = {"organization": [], "service": small_rows()["service"]}
    report = import_directory(db, write_package(tmp_path / "services", services))
    assert not report.aborted and report.table("service").added == 3


def test_import_and_export_on_postgresql(pg_db, tmp_path):
    rows = small_rows()
    rows["service"][2]["assured_date"] = "2026-02-01"
    first = import_directory(pg_db, write_package(tmp_path / "v1", rows))
    assert not first.aborted and first.table("service").added == 3, first.problems
    rows["address"][0]["city"] = "Pasadena"
    again = import_directory(pg_db, write_package(tmp_path / "v2", rows))
    assert _counts(again)["address"] == (0, 1, 1, 0) and _counts(again)["service"] == (0, 0, 3, 0)
    hits = DirectoryService(pg_db, Role.SPECIALIST).search(DirectoryQuery("harbor beds"))
    assert [(h.service_id, h.city) for h in hits] == [("svc-1", "Pasadena")]
    export_directory(pg_db, tmp_path / "out.zip", include_confidential=True)
    assert _counts(import_directory(pg_db, tmp_path / "out.zip"))["service"] == (0, 0, 3, 0)


def test_a_parent_named_before_it_appears_is_linked(db, tmp_path):
    rows = small_rows()
    rows["organization"][0]["parent_organization_id"] = "org-2"  # a later row of the same file
    assert not import_directory(db, write_package(tmp_path / "v1", rows)).aborted
    with db.read() as session:
        assert session.get(Organization, "org-1").parent_organization_id == "org-2"
    rows["organization"][0]["parent_organization_id"] = ""
    report = import_directory(db, write_package(tmp_path / "v2", rows))
    assert _counts(report)["organization"] == (0, 1, 1, 0)
    with db.read() as session:
        assert session.get(Organization, "org-1").parent_organization_id is None
