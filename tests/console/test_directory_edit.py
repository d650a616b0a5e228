"""Directory upkeep (issue 4): staff add, edit, verify and retire services;
every change leaves who, when and which fields; edits over a newer version
are refused; retired services leave the search and the review list."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from console.db import Database, DatabaseTarget
from console.errors import PermissionDenied, ValidationError
from console.models import (
    Address,
    DirectoryChange,
    Referral,
    Service,
    ServiceSearch,
)
from console.schema import upgrade
from console.services.directory import DirectoryQuery, DirectoryService
from console.services.directory_edit import DirectoryEditService, StaleDirectoryEntry
from console.services.directory_edit_forms import (
    LocationForm,
    OrganizationForm,
    PhoneForm,
    ServiceEdit,
    ServiceForm,
)
from console.services.users import UserService
from console.vocabulary import Role
from tests.factories import add_directory_service, make_contact
from tests.hsds import EXAMPLE
from tests.revisions import upgrade_to

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
TODAY = NOW.astimezone().date()

NEW_SHELTER = ServiceEdit(
    organization=OrganizationForm(name="Bayou Refuge", description="Shelter for survivors.",
                                  website="bayourefuge.example.org"),
    service=ServiceForm(name="Night shelter for women", description="Twelve beds, intake by phone.",
                        email="intake@bayourefuge.example.org", minimum_age=18),
    location=LocationForm(name="Bayou Refuge house", address_1="12 Oak Street", city="Houston", state="TX",
                          postal_code="77002", address_confidential=True),
    phones=(PhoneForm(owner="service", number="713-555-0199", description="Intake, 24 hours"),
            PhoneForm(owner="location", number="713-555-0198", description="Staff line", confidential=True)),
)


def editor(db: Database, role: Role = Role.PROGRAM_STAFF, username: str = "pat", **kwargs) -> DirectoryEditService:
    user = UserService(db).ensure(username, username.title(), role)
    return DirectoryEditService(db, user, clock=kwargs.pop("clock", lambda: NOW), **kwargs)


def found(db: Database, text: str) -> list[str]:
    return [hit.service_name for hit in DirectoryService(db, Role.SPECIALIST).search(DirectoryQuery(text))]


def trail(db: Database) -> list[tuple]:
    with db.read() as session:
        rows = session.scalars(select(DirectoryChange).order_by(DirectoryChange.id))
        return [(c.entity, c.action, c.fields, c.user_id, c.at) for c in rows]


def test_a_new_service_is_stored_whole_findable_and_attributed(db):
    staff = editor(db)
    saved = staff.save(staff.blank(), NEW_SHELTER)
    assert saved.service_id and saved.organization_id and saved.location_id
    assert saved.edit.organization.website == "https://bayourefuge.example.org"  # a scheme is added
    assert saved.edit.location.address_confidential and saved.edit.phones[1].confidential
    assert saved.last_modified_at == NOW and saved.last_modified_by == "Pat"
    assert found(db, "night shelter") == ["Night shelter for women"]
    pat = UserService(db).ensure("pat").id
    entities = {(entity, action) for entity, action, *_ in trail(db)}
    assert entities == {("organization", "created"), ("location", "created"), ("service", "created"),
                        ("address", "created"), ("phone", "created")}
    assert all(user_id == pat and at == NOW for *_, user_id, at in trail(db))
    service_fields = next(fields for entity, _, fields, *_ in trail(db) if entity == "service")
    assert service_fields == "description email minimum_age name"  # names, never values
    assert not any("Oak" in fields or "713" in fields for _, _, fields, *_ in trail(db))


def test_an_edit_keeps_who_when_and_which_fields_and_the_search_finds_the_new_name(db):
    service_id = add_directory_service(db, "Legal clinic", "Lakeside Legal Aid", zip_code="60601")
    staff = editor(db)
    record = staff.load(service_id)
    edit = replace(record.edit, service=replace(record.edit.service, name="Immigration legal clinic",
                                                alert="Closed on Fridays in December."))
    later = NOW + timedelta(hours=1)
    saved = editor(db, clock=lambda: later).save(record, edit)
    assert saved.edit.service.name == "Immigration legal clinic"
    assert saved.last_modified_at == later
    assert trail(db)[-1][:3] == ("service", "edited", "alert name")
    assert found(db, "immigration legal clinic") == ["Immigration legal clinic"]
    assert found(db, "clinic") == ["Immigration legal clinic"]
    before = len(trail(db))
    staff.save(saved, saved.edit)  # nothing changed: nothing written
    assert len(trail(db)) == before


def test_an_organization_change_reaches_the_search_rows_of_all_its_services(db):
    staff = editor(db)
    first = staff.save(staff.blank(), NEW_SHELTER)
    second = staff.save(staff.blank(first.service_id), replace(
        staff.blank(first.service_id).edit, service=ServiceForm(name="Case management")))
    assert second.organization_id == first.organization_id and second.location_id == first.location_id
    assert second.location_services == 2 and second.organization_services == 2
    renamed = replace(second.edit, organization=replace(second.edit.organization, name="Bayou Haven"))
    staff.save(second, renamed)
    with db.read() as session:
        names = set(session.scalars(select(ServiceSearch.organization_name)))
    assert names == {"Bayou Haven"}


def test_phones_are_changed_moved_and_removed_with_the_trail(db):
    staff = editor(db)
    record = staff.save(staff.blank(), NEW_SHELTER)
    intake, staff_line = record.edit.phones
    phones = (replace(intake, number="713-555-0100"), replace(staff_line, owner="organization"),
              PhoneForm(owner="service", number="+52 55 1234 5678", description="Mexico City line"))
    saved = staff.save(record, replace(record.edit, phones=phones))
    assert sorted((p.owner, p.number) for p in saved.edit.phones) == [
        ("organization", "713-555-0198"), ("service", "+52 55 1234 5678"), ("service", "713-555-0100")]
    assert saved.edit.phones[-1].owner == "organization"  # the service's own lines first, as the details
    changes = [(action, fields) for entity, action, fields, *_ in trail(db)[-3:]]
    assert ("edited", "number") in changes and ("edited", "location_id organization_id") in changes
    saved = staff.save(saved, replace(saved.edit, phones=saved.edit.phones[:1]))
    assert len(saved.edit.phones) == 1
    assert [action for entity, action, *_ in trail(db)[-2:]] == ["deleted", "deleted"]


def test_marking_verified_sets_today_and_who_and_clears_the_stale_flag(db):
    service_id = add_directory_service(db, "Shelter", "Harbor House", zip_code="77002",
                                       assured_date=date(2023, 1, 5))
    staff = editor(db)
    record = staff.load(service_id)
    assert record.stale
    verified = staff.verify(record)
    assert verified.assured_date == TODAY and verified.assured_by == "Pat" and not verified.stale
    assert trail(db)[-1][:3] == ("service", "verified", "assured_by_id assured_date")
    with db.read() as session:
        assert session.scalar(select(ServiceSearch.assured_date)) == TODAY


def test_saving_and_verifying_is_one_step(db):
    service_id = add_directory_service(db, "Shelter", "Harbor House", zip_code="77002")
    staff = editor(db)
    record = staff.load(service_id)
    saved = staff.save(record, replace(record.edit, service=replace(record.edit.service, name="Shelter (women)")),
                       verified=True)
    assert saved.assured_date == TODAY and saved.edit.service.name == "Shelter (women)"
    assert [action for _, action, *_ in trail(db)] == ["edited", "verified"]


def test_a_retired_service_leaves_search_and_review_but_stays_with_its_referrals(db):
    service_id = add_directory_service(db, "Drop-in center", "Harbor House", zip_code="77002")
    contact_id = make_contact(db)
    with db.write() as session:
        session.add(Referral(contact_id=contact_id, service_id=service_id, service_name="Drop-in center",
                             organization_name="Harbor House"))
    staff = editor(db)
    assert [i.service_id for i in staff.needs_review().items] == [service_id]
    retired = staff.retire(staff.load(service_id))
    assert retired.status == "inactive"
    assert found(db, "drop-in") == []
    assert staff.needs_review().items == () and staff.needs_review().total == 0
    with db.read() as session:
        assert session.get(Service, service_id) is not None
        assert session.scalar(select(Referral.service_id)) == service_id
    assert staff.referral_counts(service_id).referred == 1
    assert trail(db)[-1][:3] == ("service", "retired", "status")


def test_needs_review_lists_the_never_verified_then_the_oldest(db):
    never = add_directory_service(db, "Never checked", "Org A")
    old = add_directory_service(db, "Old entry", "Org B", assured_date=TODAY - timedelta(days=400))
    older = add_directory_service(db, "Older entry", "Org C", assured_date=TODAY - timedelta(days=900))
    add_directory_service(db, "Fresh entry", "Org D", assured_date=TODAY - timedelta(days=10))
    listed = editor(db).needs_review()
    assert [item.service_id for item in listed.items] == [never, older, old]
    assert listed.total == 3
    assert [i.service_id for i in editor(db, stale_after_days=30).needs_review().items][-1] != never
    assert len(editor(db, stale_after_days=5).needs_review().items) == 4


def test_referral_counts_per_status_with_the_last_referral(db):
    service_id = add_directory_service(db, "Shelter", "Harbor House")
    contact_id = make_contact(db)
    times = [NOW - timedelta(days=3), NOW - timedelta(days=1), NOW]
    with db.write() as session:
        for status, at in zip(("referred", "referred", "refused"), times, strict=True):
            session.add(Referral(contact_id=contact_id, service_id=service_id, service_name="Shelter",
                                 organization_name="Harbor House", status=status, created_at=at))
    counts = editor(db, Role.SPECIALIST, "dana").referral_counts(service_id)
    assert (counts.referred, counts.refused, counts.no_referral_needed) == (2, 1, 0)
    assert counts.last_referred_at == NOW - timedelta(days=1)


def test_a_specialist_may_not_change_the_directory(db):
    service_id = add_directory_service(db, "Shelter", "Harbor House")
    record = editor(db).load(service_id)
    specialist = editor(db, Role.SPECIALIST, "dana")
    assert not specialist.may_edit()
    for attempt in (lambda: specialist.load(service_id), lambda: specialist.save(record, record.edit),
                    lambda: specialist.verify(record), lambda: specialist.retire(record),
                    specialist.needs_review, lambda: specialist.import_hsds(EXAMPLE, dry_run=True)):
        with pytest.raises(PermissionDenied):
            attempt()
    assert trail(db) == []
    with pytest.raises(PermissionDenied):  # editing is not importing: that is for admins
        editor(db, Role.SUPERVISOR, "sam").import_hsds(EXAMPLE, dry_run=True)


def test_every_bad_field_is_named_and_nothing_is_stored(db):
    staff = editor(db)
    bad = ServiceEdit(
        organization=OrganizationForm(name="", email="not-an-address"),
        service=ServiceForm(name="Shelter", minimum_age=30, maximum_age=20, url="two words"),
        location=LocationForm(address_1="1 Main St", city="Houston", state="TX", postal_code="60601"),
        phones=(PhoneForm(number="12"), PhoneForm(number="713-555-0100", extension="x12")),
    )
    with pytest.raises(ValidationError) as caught:
        staff.save(staff.blank(), bad)
    assert set(caught.value.errors) == {
        "organization.name", "organization.email", "service.maximum_age", "service.url",
        "location.postal_code", "phones.0.number", "phones.1.extension"}
    assert "60601 is in IL" in caught.value.errors["location.postal_code"]
    with pytest.raises(ValidationError) as caught:
        staff.save(staff.blank(), replace(NEW_SHELTER, location=LocationForm()))
    assert set(caught.value.errors) == {"phones.1.owner"}  # a place's line needs a place
    with db.read() as session:
        assert session.scalar(select(Service.id)) is None
    assert trail(db) == []


def test_an_edit_of_a_record_changed_since_it_was_read_is_refused(db):
    service_id = add_directory_service(db, "Shelter", "Harbor House", zip_code="77002")
    mine, theirs = editor(db), editor(db, Role.SUPERVISOR, "sam")
    record, other = mine.load(service_id), theirs.load(service_id)
    theirs.save(other, replace(other.edit, service=replace(other.edit.service, name="Shelter for men")))
    with pytest.raises(StaleDirectoryEntry) as caught:
        mine.save(record, replace(record.edit, service=replace(record.edit.service, description="Mine")))
    assert "changed on another desk" in str(caught.value) and "nothing was saved" in str(caught.value)
    with pytest.raises(StaleDirectoryEntry):
        mine.retire(record)
    assert mine.load(service_id).edit.service.name == "Shelter for men"
    fresh = mine.load(service_id)
    theirs.verify(theirs.load(service_id))  # a verification alone does not make an open editor stale
    with db.write() as session:  # as an import would: the address changes under the editor
        session.execute(update(Address).values(address_1="9 Elm Street"))
    with pytest.raises(StaleDirectoryEntry):
        mine.save(fresh, replace(fresh.edit, service=replace(fresh.edit.service, description="Mine")))
    assert mine.load(service_id).edit.service.description != "Mine"


def test_a_new_zip_drops_the_old_coordinates(db):
    service_id = add_directory_service(db, "Shelter", "Harbor House", zip_code="77002", point=(29.76, -95.37))
    staff = editor(db)
    record = staff.load(service_id)
    moved = replace(record.edit, location=replace(record.edit.location, city="Dallas", postal_code="75201"))
    staff.save(record, moved)
    with db.read() as session:
        row = session.scalar(select(ServiceSearch))
        assert (row.city, row.state) == ("Dallas", "TX")
        assert row.latitude == pytest.approx(32.79, abs=0.1)  # the new ZIP's centre


def test_history_names_who_changed_what(db):
    staff = editor(db)
    record = staff.save(staff.blank(), NEW_SHELTER)
    staff.save(record, replace(record.edit, service=replace(record.edit.service, name="Night shelter")))
    history = staff.history(record.service_id)
    assert history[0].action == "edited" and history[0].fields == ("name",) and history[0].user == "Pat"
    assert {change.entity for change in history} >= {"service", "organization", "location", "address", "phone"}


def test_an_admin_import_leaves_one_row_in_the_trail(db):
    admin = editor(db, Role.ADMIN, "ari")
    dry = admin.import_hsds(EXAMPLE, dry_run=True)
    assert dry.dry_run and not dry.aborted and trail(db) == []
    report = admin.import_hsds(EXAMPLE)
    assert not report.aborted and report.tables["service"].added == 1
    [(entity, action, fields, _user_id, _at)] = trail(db)
    assert (entity, action) == ("import", "imported") and "service" in fields.split()


def test_an_upgrade_from_0006_keeps_the_directory_and_drops_retired_search_rows(tmp_path):
    db = Database(DatabaseTarget.sqlite_file(tmp_path / "old.sqlite3"))
    upgrade_to(db, "0006")
    with db.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO organization (id, name, description) VALUES ('o1', 'Harbor House', '')")
        for sid, name, status in (("s1", "Shelter", "active"), ("s2", "Old hotline", "inactive")):
            conn.exec_driver_sql("INSERT INTO service (id, organization_id, name, status, assured_date) "
                                 f"VALUES ('{sid}', 'o1', '{name}', '{status}', '2025-03-01')")
            conn.exec_driver_sql("INSERT INTO service_search (service_id, organization_name, service_name, "
                                 f"categories, populations, document) VALUES ('{sid}', 'Harbor House', '{name}', "
                                 f"'', '', '{name}')")
    upgrade(db)
    with db.read() as session:
        service = session.get(Service, "s1")
        assert (service.name, service.assured_date, service.last_modified_at) == ("Shelter", date(2025, 3, 1), None)
        assert session.get(Service, "s2").status == "inactive"
        assert list(session.scalars(select(ServiceSearch.service_id))) == ["s1"]
    assert found(db, "hotline") == [] and found(db, "shelter") == ["Shelter"]
    record = editor(db).load("s1")
    editor(db).save(record, replace(record.edit, service=replace(record.edit.service, name="Shelter (women)")))
    assert found(db, "women") == ["Shelter (women)"]
    db.dispose()


def test_upkeep_on_postgres(pg_db):
    staff, other = editor(pg_db), editor(pg_db, Role.SUPERVISOR, "sam")
    record = staff.save(staff.blank(), NEW_SHELTER)
    mine, theirs = staff.load(record.service_id), other.load(record.service_id)
    other.save(theirs, replace(theirs.edit, service=replace(theirs.edit.service, name="Night shelter")))
    with pytest.raises(StaleDirectoryEntry):
        staff.save(mine, replace(mine.edit, service=replace(mine.edit.service, description="Mine")))
    assert [i.service_id for i in staff.needs_review().items] == [record.service_id]
    staff.verify(staff.load(record.service_id))
    assert staff.needs_review().total == 0
    assert [c.action for c in staff.history(record.service_id)][:2] == ["verified", "edited"]
    assert found(pg_db, "night shelter") == ["Night shelter"]
