"""An HSDS import from a desk and its trail row (issue 4): the "imported"
row is written in the import's own transaction, so an import that commits
always has it and one that fails or is cancelled leaves neither rows nor
trail; a cancel inside the search-index rebuild rolls the import back like
a cancel at any other step."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from console.hsds import reindex as reindex_module
from console.hsds.importer import ImportCancelled, import_directory
from console.models import DirectoryChange, Organization, Service, ServiceSearch
from console.services.directory import DirectoryQuery, DirectoryService
from console.services.directory_edit import DirectoryEditService
from console.services.users import UserService
from console.vocabulary import Role
from tests.hsds import EXAMPLE, dump, small_rows, write_package

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)


def admin(db) -> DirectoryEditService:
    return DirectoryEditService(db, UserService(db).ensure("ada", "Ada Admin", Role.ADMIN), clock=lambda: NOW)


def imported_rows(db) -> list[tuple]:
    with db.read() as session:
        return session.execute(select(DirectoryChange.user_id, DirectoryChange.at, DirectoryChange.fields)
                               .where(DirectoryChange.action == "imported")).all()


def count(db, model) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_a_committed_import_has_its_trail_row_and_a_cancelled_one_neither(db):
    def cancel_when_saving(step: int, steps: int, what: str) -> None:
        if what == "Saving":  # the trail row is added, the transaction not yet committed
            raise ImportCancelled

    staff = admin(db)
    cancelled = staff.import_hsds(EXAMPLE, progress=cancel_when_saving)
    assert cancelled.aborted
    assert imported_rows(db) == [] and count(db, Service) == 0

    report = staff.import_hsds(EXAMPLE)
    assert not report.aborted
    ada = UserService(db).ensure("ada").id
    [(user_id, at, fields)] = imported_rows(db)
    assert (user_id, at) == (ada, NOW) and {"service", "organization"} <= set(fields.split())
    assert staff.import_hsds(EXAMPLE).tables["service"].unchanged == 1  # nothing changed: no second row
    assert len(imported_rows(db)) == 1


def test_a_trail_row_that_cannot_be_stored_takes_the_import_with_it(db):
    def broken_trail(session, tables) -> None:
        session.add(DirectoryChange(at=NOW, user_id=987654, entity="import", action="imported",
                                    fields=" ".join(tables)))  # no such user: the foreign key refuses it

    report = import_directory(db, EXAMPLE, trail=broken_trail)
    assert report.aborted and "nothing was changed" in report.problems[-1].message
    assert count(db, Service) == 0 and imported_rows(db) == []


def test_a_dry_run_leaves_no_trail_row(db):
    assert not admin(db).import_hsds(EXAMPLE, dry_run=True).aborted
    assert imported_rows(db) == [] and count(db, Service) == 0


@pytest.mark.parametrize("after_chunks", [0, 1, 2])
def test_a_cancel_inside_the_index_rebuild_leaves_the_directory_as_it_was(db, tmp_path, monkeypatch, after_chunks):
    rows = small_rows()
    assert not admin(db).import_hsds(write_package(tmp_path / "v1", rows)).aborted
    directory = DirectoryService(db, Role.SPECIALIST)
    before = (dump(db), directory.search(DirectoryQuery("lakeside")), directory.search(DirectoryQuery("prairie")))
    counts = {model: count(db, model) for model in (Service, Organization, ServiceSearch, DirectoryChange)}

    rows["organization"][1]["name"] = "Prairie Justice Center"  # reaches svc-3's search row
    rows["service"][0]["name"] = "Emergency shelter for women"
    rows["service"].append({"id": "svc-4", "organization_id": rows["organization"][0]["id"], "name": "Drop-in",
                            "status": "active"})
    monkeypatch.setattr(reindex_module, "CHUNK", 1)  # a progress report after every service
    seen: list[str] = []

    def cancel_in_rebuild(step: int, steps: int, what: str) -> None:
        seen.append(what)
        if what.startswith("Rebuilding the search index: ") and what.split(": ")[1].startswith(f"{after_chunks} of"):
            raise ImportCancelled

    report = admin(db).import_hsds(write_package(tmp_path / "v2", rows), progress=cancel_in_rebuild)
    assert report.aborted and "cancelled; nothing was changed" in [p.message for p in report.problems]
    assert f"Rebuilding the search index: {after_chunks} of 3 services" in seen
    assert (dump(db), directory.search(DirectoryQuery("lakeside")), directory.search(DirectoryQuery("prairie"))) \
        == before
    assert {model: count(db, model) for model in counts} == counts
    assert before[1] and not before[2]  # the search still finds the old name, not the new


def test_the_rebuild_reports_its_progress_to_the_end(db, tmp_path, monkeypatch):
    monkeypatch.setattr(reindex_module, "CHUNK", 2)
    seen: list[str] = []
    import_directory(db, write_package(tmp_path / "v1", small_rows()),
                     progress=lambda step, steps, what: seen.append(what))
    rebuild = [what for what in seen if what.startswith("Rebuilding the search index")]
    assert rebuild == ["Rebuilding the search index", "Rebuilding the search index: 0 of 3 services",
                       "Rebuilding the search index: 2 of 3 services", "Rebuilding the search index: 3 of 3 services"]
