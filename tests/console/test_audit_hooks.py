"""Each audited service action writes exactly one event, in its own
transaction, with the acting user, the record and the NAMES of the fields it
changed, never their values."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select, text

from console.audit import Actor
from console.audit.verify import verify_chain
from console.errors import ValidationError
from console.models import AuditEvent
from console.services.directory_edit import DirectoryEditService
from console.services.follow_ups import FollowUpForm, FollowUpService
from console.services.intake import IntakeService
from console.services.library import LibraryService
from console.services.queue import QueueService
from console.services.statistics import Period, StatisticsService
from console.services.users import UserService
from console.vocabulary import Role
from tests.console.test_directory_edit import NEW_SHELTER
from tests.factories import FACT_SHEET, SHELTER_REFERRAL, make_contact
from tests.hsds import EXAMPLE

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
# Values no audit column may ever hold.
SECRETS = ("Zephyrine Quandt", "713-555-0987", "Marigold warehouse", "bluejay", "Quillon")


class Trail:
    """The events written since the last look."""

    def __init__(self, db):
        self.db, self.seen = db, 0

    def new(self) -> list[AuditEvent]:
        with self.db.read() as session:
            events = list(session.scalars(select(AuditEvent).where(AuditEvent.id > self.seen).order_by(AuditEvent.id)))
        self.seen = events[-1].id if events else self.seen
        return events

    def one(self, action: str, record_type: str, record_id: object, user) -> AuditEvent:
        events = self.new()
        assert [(e.action, e.record_type, e.record_id) for e in events] == [(action, record_type, str(record_id))]
        assert (events[0].user_id, events[0].username) == (user.id, user.username)
        return events[0]


@pytest.fixture
def trail(db):
    return Trail(db)


@pytest.fixture
def supervisor(db):
    return UserService(db).ensure("jlopez", "Jorge López", Role.SUPERVISOR)


def test_intake_create_edit_and_view_name_fields_never_values(db, specialist, trail):
    intake = IntakeService(db, clock=lambda: NOW)
    form = dataclasses.replace(SHELTER_REFERRAL, caller_anonymous=False, caller_name="Zephyrine Quandt",
                               caller_safe_phone="713-555-0987", caller_code_word="bluejay",
                               summary="Marigold warehouse on Quillon Road, two girls.")
    saved = intake.save(form, specialist.id)
    created = trail.one("create", "contact", saved.id, specialist)
    assert {"caller_name", "caller_safe_phone", "summary", "victims"} <= set(created.fields.split(","))

    loaded = intake.load(saved.id, specialist.id)
    trail.one("view", "contact", saved.id, specialist)

    edited = dataclasses.replace(loaded.form, summary="Marigold warehouse, three girls.", caller_zip="77003")
    intake.save(edited, specialist.id, saved.id, loaded.version)
    assert trail.one("edit", "contact", saved.id, specialist).fields == "caller_zip,summary"

    with db.read() as session:
        dump = "\n".join(map(str, session.execute(text("SELECT * FROM audit_events")).all()))
    assert not [secret for secret in SECRETS if secret.lower() in dump.lower()]
    assert verify_chain(db, db.audit.key).intact


def test_a_refused_save_leaves_no_event(db, specialist, trail):
    with pytest.raises(ValidationError):
        IntakeService(db).save(dataclasses.replace(SHELTER_REFERRAL, caller_zip="ABCDE"), specialist.id)
    assert trail.new() == []


def test_each_queue_action_is_one_event(db, specialist, supervisor, trail):
    queue = QueueService(db, clock=lambda: NOW)
    contact = make_contact(db)
    queue.claim(contact, specialist.id)
    assert trail.one("claim", "contact", contact, specialist).fields == "assigned_to_id,claimed_at,status"
    queue.release(contact, specialist.id)
    trail.one("release", "contact", contact, specialist)
    queue.reassign(contact, specialist.id, supervisor.id)
    assert trail.one("reassign", "contact", contact, supervisor).note == f"to user #{specialist.id}"
    queue.close(contact, specialist.id)
    trail.one("close", "contact", contact, specialist)
    queue.reopen(contact, supervisor.id)
    trail.one("reopen", "contact", contact, supervisor)
    queue.claim(contact, specialist.id)
    trail.new()
    queue.claim(contact, specialist.id)  # already theirs: nothing changes, nothing is recorded
    assert trail.new() == []


def test_a_statistics_export_is_recorded_once_written(db, supervisor, trail, tmp_path):
    stats_service = StatisticsService(db, Role.SUPERVISOR, clock=lambda: NOW, user_id=supervisor.id)
    stats = stats_service.statistics(Period.month_of(date(2026, 11, 1)))
    stats_service.export(stats, tmp_path / "s.csv", "csv")
    event = trail.one("export", "statistics", "2026-11-01/2026-11-30", supervisor)
    assert event.note == "csv" and (tmp_path / "s.csv").exists()
    with pytest.raises(OSError):
        stats_service.export(stats, tmp_path / "missing" / "s.csv", "csv")
    assert trail.new() == []


def test_hsds_import_and_export_are_recorded(db, trail, tmp_path):
    admin = UserService(db).ensure("root", "Ada Admin", Role.ADMIN)
    report = DirectoryEditService(db, admin, clock=lambda: NOW).import_hsds(EXAMPLE)
    assert not report.aborted
    [event] = trail.new()
    assert (event.action, event.record_type, event.user_id, event.username) == ("import", "directory", admin.id, "root")
    assert "organization" in event.fields.split(",")
    from console.hsds.exporter import export_directory

    export_directory(db, tmp_path / "out.zip", include_confidential=True, actor=Actor(admin.id, admin.username))
    exported = trail.new()
    assert [(e.action, e.record_type) for e in exported] == [("export", "directory")]
    assert "confidential" in exported[0].note


def test_directory_edits_are_one_event_each_with_the_directory_trail_kept(db, trail):
    staff = UserService(db).ensure("pat", "Pat Okafor", Role.PROGRAM_STAFF)
    editor = DirectoryEditService(db, staff, clock=lambda: NOW)
    record = editor.save(editor.blank(), NEW_SHELTER)
    created = trail.one("create", "service", record.service_id, staff)
    assert "service.name" in created.fields.split(",")
    assert "12 Oak Street" not in created.fields and "713-555-0199" not in created.fields
    record = editor.verify(record)
    assert trail.one("edit", "service", record.service_id, staff).note == "verified"
    editor.retire(record)
    trail.one("retire", "service", record.service_id, staff)


def test_library_add_edit_retire(db, trail):
    staff = UserService(db).ensure("pat", "Pat Okafor", Role.PROGRAM_STAFF)
    library = LibraryService(db, Role.PROGRAM_STAFF, clock=lambda: NOW)
    item = library.add(FACT_SHEET, staff.id)
    assert "title" in trail.one("create", "library_item", item.item_id, staff).fields
    library.edit(item.item_id, dataclasses.replace(FACT_SHEET, title="Signs (2026)"), staff.id)
    assert trail.one("edit", "library_item", item.item_id, staff).fields == "title"
    library.retire(item.item_id, staff.id)
    trail.one("retire", "library_item", item.item_id, staff)


def test_follow_up_add_done_cancel(db, specialist, trail):
    follow_ups = FollowUpService(db, clock=lambda: NOW)
    contact = make_contact(db, status="in_progress", assigned_to_id=specialist.id)
    one = follow_ups.add(FollowUpForm(contact_id=contact, due_at=NOW), specialist.id)
    two = follow_ups.add(FollowUpForm(contact_id=contact, due_at=NOW), specialist.id)
    assert len(trail.new()) == 2
    follow_ups.complete(one.task_id, specialist.id, note="Called back; Zephyrine Quandt is safe.")
    assert trail.one("done", "follow_up", one.task_id, specialist).fields == "note,status"
    follow_ups.cancel(two.task_id, specialist.id)
    trail.one("cancel", "follow_up", two.task_id, specialist)
    with db.read() as session:
        assert "Zephyrine" not in str(session.execute(text("SELECT * FROM audit_events")).all())
