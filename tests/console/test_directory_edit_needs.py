"""The directory editor's categories, populations, languages, weekly hours
and time zone (issue 4): checked per field, kept with the trail, refused
over a stale copy, and found by the search the moment the save commits."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from console.db import Database
from console.errors import ValidationError
from console.models import Language, Schedule, ServiceSearch
from console.services.directory import DirectoryQuery, DirectoryService
from console.services.directory_edit import StaleDirectoryEntry
from console.services.directory_edit_needs import CLOSED, HoursForm, NeedsForm
from console.vocabulary import Role
from tests.console.test_directory_edit import editor, trail
from tests.factories import add_directory_service

WEEKDAYS_9_TO_5 = (("09:00", "17:00"),) * 5 + (None, None)
TUESDAY_3PM_HOUSTON = datetime(2026, 12, 1, 21, 0, tzinfo=UTC)  # 15:00 in Houston (CST), 13:00 in Los Angeles
TUESDAY_6PM_HOUSTON = datetime(2026, 12, 2, 0, 0, tzinfo=UTC)  # 18:00 in Houston, 16:00 in Los Angeles


def search(db: Database, at: datetime = TUESDAY_3PM_HOUSTON, **filters) -> list[str]:
    directory = DirectoryService(db, Role.SPECIALIST, clock=lambda: at)
    return [hit.service_name for hit in directory.search(DirectoryQuery(**filters))]


def drop_in(db: Database, **kwargs) -> str:
    return add_directory_service(db, "Drop-in center", "Harbor House", zip_code="77002", **kwargs)


def test_needs_and_hours_are_stored_named_in_the_trail_and_found_at_once(db):
    service_id = drop_in(db)
    for filters in ({"category": "shelter"}, {"population": "minors"}, {"language": "vi"}, {"open_now": True},
                    {"open_24h": True}):
        assert search(db, **filters) == []
    staff = editor(db)
    record = staff.load(service_id)
    assert record.edit.needs == NeedsForm() and record.edit.hours == HoursForm()
    edit = replace(record.edit, needs=NeedsForm(("shelter", "legal"), ("minors",), ("vi", "en")),
                   hours=HoursForm(WEEKDAYS_9_TO_5))
    saved = staff.save(record, edit)
    assert saved.edit.needs == NeedsForm(("shelter", "legal"), ("minors",), ("en", "vi"))  # the vocabulary's order
    assert saved.edit.hours == HoursForm(WEEKDAYS_9_TO_5)
    assert trail(db)[-1][:3] == ("service", "edited", "categories hours languages populations")
    for filters in ({"category": "shelter"}, {"category": "legal"}, {"population": "minors"}, {"language": "vi"},
                    {"open_now": True}, {"text": "vietnamese"}, {"text": "shelter"}):
        assert search(db, **filters) == ["Drop-in center"], filters
    assert search(db, TUESDAY_6PM_HOUSTON, open_now=True) == []
    assert search(db, open_24h=True) == []
    with db.read() as session:  # one weekly row for the five days alike
        rows = session.execute(select(Schedule.byday, Schedule.opens_at, Schedule.closes_at)).all()
    assert rows == [("MO,TU,WE,TH,FR", "09:00", "17:00")]

    around = staff.save(saved, replace(saved.edit, needs=replace(saved.edit.needs, categories=("legal",)),
                                       hours=HoursForm(open_24h=True)))
    assert around.edit.hours == HoursForm(open_24h=True) and around.edit.needs.categories == ("legal",)
    assert trail(db)[-1][2] == "categories hours open_24h"
    assert search(db, open_24h=True) == ["Drop-in center"]
    assert search(db, TUESDAY_6PM_HOUSTON, open_now=True) == ["Drop-in center"]
    assert search(db, category="shelter") == []


def test_the_service_time_zone_moves_open_now_and_is_kept_in_the_trail(db):
    service_id = drop_in(db, schedules=[{"freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR", "opens_at": "09:00",
                                         "closes_at": "17:00"}])
    assert search(db, TUESDAY_6PM_HOUSTON, open_now=True) == []  # the ZIP's zone: 18:00 in Houston, closed
    staff = editor(db)
    record = staff.load(service_id)
    assert record.edit.hours == HoursForm(WEEKDAYS_9_TO_5)  # imported rows read into the grid
    saved = staff.save(record, replace(record.edit, hours=replace(record.edit.hours, time_zone="America/Los_Angeles")))
    assert saved.edit.hours.time_zone == "America/Los_Angeles"
    assert trail(db)[-1][:3] == ("service", "edited", "time_zone")
    assert search(db, TUESDAY_6PM_HOUSTON, open_now=True) == ["Drop-in center"]  # 16:00 in Los Angeles
    with db.read() as session:
        assert session.scalar(select(ServiceSearch.time_zone)) == "America/Los_Angeles"
    staff.save(saved, replace(saved.edit, hours=replace(saved.edit.hours, time_zone="")))
    with db.read() as session:
        assert session.scalar(select(ServiceSearch.time_zone)) == "America/Chicago"  # the ZIP's again


def test_each_bad_field_is_named_and_nothing_is_written(db):
    service_id = drop_in(db)
    staff = editor(db)
    record = staff.load(service_id)
    days = (("09:00", "17:00"), ("17:00", "09:00"), ("9", "17:00"), ("10:00", "00:00"), None, None, None)
    bad = replace(record.edit, needs=NeedsForm(("shelter", "spa"), ("minors",), ("es", "xx")),
                  hours=HoursForm(days, time_zone="Mars/Olympus_Mons"))
    with pytest.raises(ValidationError) as caught:
        staff.save(record, bad)
    errors = caught.value.errors
    assert set(errors) == {"needs.categories", "needs.languages", "hours.tu", "hours.we", "hours.time_zone"}
    assert "before it opens" in errors["hours.tu"] and "'xx'" in errors["needs.languages"]
    assert "Mars/Olympus_Mons" in errors["hours.time_zone"]
    for zone in ("+05:00", "../etc/passwd", "America/Chicago "):
        try:
            staff.save(record, replace(record.edit, hours=HoursForm(time_zone=zone)))
        except ValidationError as problem:
            assert zone.strip() != "America/Chicago" and set(problem.errors) == {"hours.time_zone"}
    with db.read() as session:
        assert session.scalar(select(Schedule.id)) is None


def test_a_copy_made_stale_by_another_desks_language_change_is_refused(db):
    service_id = drop_in(db, languages=["en"])
    mine, theirs = editor(db), editor(db, username="sam")
    opened = mine.load(service_id)
    other = theirs.load(service_id)
    theirs.save(other, replace(other.edit, needs=replace(other.edit.needs, languages=("en", "es"))))
    with pytest.raises(StaleDirectoryEntry):
        mine.save(opened, replace(opened.edit, needs=replace(opened.edit.needs, categories=("legal",))))
    assert search(db, category="legal") == [] and search(db, language="es") == ["Drop-in center"]


def test_hours_the_grid_cannot_show_are_kept_until_replaced(db):
    split = [{"byday": "MO", "opens_at": "09:00", "closes_at": "12:00"},
             {"byday": "MO", "opens_at": "13:00", "closes_at": "17:00"}]
    service_id = drop_in(db, schedules=split, languages=[("sw", "Swahili"), ("spa", "Spanish")])
    staff = editor(db)
    record = staff.load(service_id)
    assert record.edit.hours.custom and record.edit.hours.days == CLOSED
    assert record.edit.needs.languages == ("es", "sw")  # an import's code the console does not offer is kept
    saved = staff.save(record, replace(record.edit, needs=replace(record.edit.needs, populations=("adults",))))
    with db.read() as session:
        assert session.scalar(select(Schedule.id).where(Schedule.opens_at == "13:00")) is not None
        assert sorted(session.scalars(select(Language.code))) == ["spa", "sw"]  # as imported
    replaced = staff.save(saved, replace(saved.edit, needs=replace(saved.edit.needs, languages=("es",)),
                                         hours=HoursForm(WEEKDAYS_9_TO_5)))
    assert not replaced.edit.hours.custom and replaced.edit.needs.languages == ("es",)
    with db.read() as session:
        assert session.scalars(select(Schedule.opens_at)).all() == ["09:00"]
        assert session.scalars(select(Language.code)).all() == ["spa"]
    with pytest.raises(ValidationError):  # gone now: no longer a code it may keep
        staff.save(replaced, replace(replaced.edit, needs=replace(replaced.edit.needs, languages=("es", "sw"))))


def test_a_new_service_gets_its_needs_and_hours_and_the_taxonomies_are_made_when_missing(db):
    staff = editor(db)
    blank = staff.blank()
    edit = replace(blank.edit, organization=replace(blank.edit.organization, name="Bayou Refuge"),
                   service=replace(blank.edit.service, name="Night shelter"),
                   needs=NeedsForm(("shelter",), ("women", "lgbtq"), ("es",)), hours=HoursForm(open_24h=True))
    saved = staff.save(blank, edit)
    assert saved.edit.needs == NeedsForm(("shelter",), ("women", "lgbtq"), ("es",))
    service_row = next(fields for entity, action, fields, *_ in trail(db) if entity == "service")
    assert service_row == "categories hours languages name open_24h populations"
    assert search(db, population="lgbtq", open_24h=True, language="es") == ["Night shelter"]
