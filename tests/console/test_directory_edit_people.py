"""Directory upkeep of people (HSDS ``contact``): staff add, change, move and
remove the people named at a service or its organization, each with a line
of their own; every change is in the directory's trail and the audit trail;
the details show them as the role may see them; bad input changes nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, text

from console.errors import ValidationError
from console.models import DirectoryChange, DirectoryContact, Phone, ServiceAtLocation
from console.services.directory import DirectoryService
from console.services.directory_edit import DirectoryEditService, StaleDirectoryEntry
from console.services.directory_edit_forms import PersonForm
from console.services.users import UserService
from console.vocabulary import Role
from tests.factories import add_directory_service

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
TRAINER = PersonForm(owner="service", name="Maria Lopez", title="Training Coordinator", department="Outreach",
                     email="maria@harbor.example.org", phone="713-555-0142", extension="12")
DIRECTOR = PersonForm(owner="organization", title="Executive Director", email="director@harbor.example.org",
                      confidential=True)


def editor(db) -> DirectoryEditService:
    user = UserService(db).ensure("pat", "Pat Staff", Role.PROGRAM_STAFF)
    return DirectoryEditService(db, user, clock=lambda: NOW)


def with_people(staff: DirectoryEditService, service_id: str, *people: PersonForm):
    record = staff.load(service_id)
    return staff.save(record, replace(record.edit, people=people))


def rows(db, sql: str) -> list[tuple]:
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


@pytest.fixture
def harbor(db) -> str:
    return add_directory_service(db, "Harbor drop-in", "Harbor House", zip_code="77002")


def test_people_added_at_the_service_and_its_organization_are_stored_shown_and_traced(db, harbor):
    staff = editor(db)
    saved = with_people(staff, harbor, TRAINER, DIRECTOR)
    assert [(p.owner, p.name, p.title, p.phone, p.extension) for p in saved.edit.people] == [
        ("service", "Maria Lopez", "Training Coordinator", "713-555-0142", "12"),
        ("organization", "", "Executive Director", "", ""),
    ]
    assert saved.edit.people[0].id and saved.edit.people[1].confidential
    stored = rows(db, "SELECT name, service_id IS NOT NULL, organization_id IS NOT NULL FROM contact ORDER BY title")
    assert stored == [(None, False, True), ("Maria Lopez", True, False)]
    assert rows(db, "SELECT number, extension, service_id, organization_id, location_id FROM phone "
                    "WHERE contact_id IS NOT NULL") == [("713-555-0142", "12", None, None, None)]
    with db.read() as session:
        created = session.scalars(select(DirectoryChange).where(DirectoryChange.entity == "contact")
                                  .order_by(DirectoryChange.id)).all()
    assert [c.action for c in created] == ["created", "created"]
    assert {"name", "title", "email", "phone"} <= set(created[0].fields.split())
    event = rows(db, "SELECT action, record_type, fields FROM audit_events ORDER BY id DESC LIMIT 1")[0]
    assert event[:2] == ("edit", "service") and "contact.title" in event[2].split(",")
    assert "Maria" not in event[2]  # names of fields, never values
    # The details show them; a specialist sees the director's title, not the confidential email.
    shown = DirectoryService(db, Role.SPECIALIST).details(harbor).people
    assert {(p.title, p.email) for p in shown} == {("Training Coordinator", "maria@harbor.example.org"),
                                                   ("Executive Director", None)}


def test_a_person_changed_moved_and_their_line_removed(db, harbor):
    staff = editor(db)
    saved = with_people(staff, harbor, TRAINER)
    person = saved.edit.people[0]
    moved = replace(person, owner="organization", title="Program Director", phone="", extension="")
    again = staff.save(saved, replace(saved.edit, people=(moved,)))
    assert [(p.owner, p.title, p.phone) for p in again.edit.people] == [("organization", "Program Director", "")]
    assert rows(db, "SELECT service_id, organization_id IS NOT NULL FROM contact") == [(None, True)]
    assert rows(db, "SELECT count(*) FROM phone WHERE contact_id IS NOT NULL") == [(0,)]
    with db.read() as session:
        edited = session.scalars(select(DirectoryChange).where(DirectoryChange.action == "edited",
                                                               DirectoryChange.entity == "contact")).one()
    assert set(edited.fields.split()) == {"title", "service_id", "organization_id", "phone"}


def test_a_person_left_out_is_deleted_with_every_line_of_theirs(db, harbor):
    staff = editor(db)
    saved = with_people(staff, harbor, TRAINER, DIRECTOR)
    trainer_id = saved.edit.people[0].id
    with db.write() as session:  # a second line, as an import may bring: kept while the person is
        session.add(Phone(id="imported-line", contact_id=trainer_id, number="713-555-0143", type="voice"))
    kept = staff.load(harbor)
    assert kept.edit.people[0].phone == "713-555-0142"  # their first line is the one edited
    changed = staff.save(kept, replace(kept.edit, people=(replace(kept.edit.people[0], phone="713-555-0150"),
                                                          kept.edit.people[1])))
    assert rows(db, "SELECT number FROM phone WHERE contact_id IS NOT NULL ORDER BY number") == [
        ("713-555-0143",), ("713-555-0150",)]
    staff.save(changed, replace(changed.edit, people=(changed.edit.people[1],)))
    assert rows(db, "SELECT title FROM contact") == [("Executive Director",)]
    assert rows(db, "SELECT count(*) FROM phone WHERE contact_id IS NOT NULL") == [(0,)]
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(DirectoryChange).where(
            DirectoryChange.entity == "contact", DirectoryChange.action == "deleted")) == 1


def test_a_person_at_a_service_at_a_location_stays_linked_there(db, harbor):
    with db.write() as session:
        link = session.scalars(select(ServiceAtLocation.id).where(ServiceAtLocation.service_id == harbor)).first()
        assert link is not None  # add_directory_service gives the service a place
        session.add(DirectoryContact(id="sal-person", service_at_location_id=link, name="Ana Ruiz",
                                     title="Shelter Advocate"))
    staff = editor(db)
    record = staff.load(harbor)
    assert [(p.id, p.owner) for p in record.edit.people] == [("sal-person", "service")]
    staff.save(record, replace(record.edit, people=(replace(record.edit.people[0], title="Senior Advocate"),)))
    assert rows(db, "SELECT service_at_location_id IS NOT NULL, service_id, title FROM contact") == [
        (True, None, "Senior Advocate")]


@pytest.mark.parametrize(("person", "errors"), [
    (PersonForm(), {"people.0.name"}),  # neither a name nor a title
    (replace(TRAINER, email="maria at harbor"), {"people.0.email"}),
    (replace(TRAINER, phone="call me"), {"people.0.phone"}),
    (replace(TRAINER, phone="", extension="12"), {"people.0.extension"}),
    (replace(TRAINER, extension="twelve"), {"people.0.extension"}),
    (replace(TRAINER, owner="location"), {"people.0.owner"}),
    (replace(TRAINER, name="x" * 201), {"people.0.name"}),
])
def test_bad_input_about_a_person_names_the_field_and_changes_nothing(db, harbor, person, errors):
    staff = editor(db)
    record = staff.load(harbor)
    with pytest.raises(ValidationError) as refused:
        staff.save(record, replace(record.edit, people=(person,)))
    assert set(refused.value.errors) == errors
    assert rows(db, "SELECT count(*) FROM contact") == [(0,)]
    assert staff.load(harbor).token == record.token


def test_a_person_changed_on_another_desk_makes_this_save_stale(db, harbor):
    staff = editor(db)
    saved = with_people(staff, harbor, TRAINER)
    with db.write() as session:  # another desk (or an import) changed the person meanwhile
        session.get(DirectoryContact, saved.edit.people[0].id).title = "Outreach Lead"
    with pytest.raises(StaleDirectoryEntry):
        staff.save(saved, replace(saved.edit, service=replace(saved.edit.service, name="Harbor day centre")))
    assert rows(db, "SELECT title FROM contact") == [("Outreach Lead",)]


def test_people_kept_on_a_shared_postgresql_database(pg_db):
    harbor = add_directory_service(pg_db, "Harbor drop-in", "Harbor House", zip_code="77002")
    staff = editor(pg_db)
    saved = with_people(staff, harbor, TRAINER, DIRECTOR)
    trainer = saved.edit.people[0]
    with pg_db.write() as session:  # a second line of the trainer's, as an import may bring
        session.add(Phone(id="imported-line", contact_id=trainer.id, number="713-555-0143", type="voice"))
    record = staff.load(harbor)
    assert [p.id for p in record.edit.people] == [trainer.id, saved.edit.people[1].id]  # the service's first
    moved = replace(record.edit.people[0], owner="organization", title="Program Director")
    record = staff.save(record, replace(record.edit, people=(moved, record.edit.people[1])))
    assert rows(pg_db, "SELECT title, service_id IS NULL, organization_id IS NOT NULL FROM contact ORDER BY title") \
        == [("Executive Director", True, True), ("Program Director", True, True)]
    director = next(p for p in record.edit.people if p.title == "Executive Director")
    staff.save(record, replace(record.edit, people=(director,)))  # the trainer goes, the director stays
    assert rows(pg_db, "SELECT title FROM contact") == [("Executive Director",)]
    assert rows(pg_db, "SELECT count(*) FROM phone WHERE contact_id IS NOT NULL") == [(0,)]
    shown = DirectoryService(pg_db, Role.SPECIALIST).details(harbor).people
    assert [(p.title, p.email, p.withheld) for p in shown] == [("Executive Director", None, True)]


def test_a_new_service_and_organization_are_saved_with_their_people(db):
    from console.services.directory_edit_forms import OrganizationForm, ServiceEdit, ServiceForm

    staff = editor(db)
    edit = ServiceEdit(organization=OrganizationForm(name="Bayou Refuge"), service=ServiceForm(name="Night shelter"),
                       people=(TRAINER, DIRECTOR))
    saved = staff.save(staff.blank(), edit)
    assert [(p.owner, p.title) for p in saved.edit.people] == [("service", "Training Coordinator"),
                                                              ("organization", "Executive Director")]
    assert rows(db, "SELECT c.title FROM contact c JOIN service s ON s.id = c.service_id") == [
        ("Training Coordinator",)]
    assert rows(db, "SELECT c.title FROM contact c JOIN organization o ON o.id = c.organization_id") == [
        ("Executive Director",)]
    # Another new service of the same organization shows the organization's person, not the other service's.
    other = staff.blank(like_service_id=saved.service_id)
    assert [p.title for p in other.edit.people] == ["Executive Director"]
