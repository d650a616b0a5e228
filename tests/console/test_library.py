"""The resource library against a real SQLite file (and PostgreSQL's word
search): keeping the catalogue (who and when), permissions, validation,
search as you type, and what was sent on contacts, counted."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from console.demo.library import STARTER, generate_library, seed_library
from console.errors import NotFound, PermissionDenied, StaleContact, ValidationError
from console.models import ContactEvent, MaterialSent
from console.services.intake import IntakeService, MaterialInput
from console.services.library import LibraryQuery, LibraryService
from console.services.users import UserService
from console.validation import FieldProblem, web_link
from console.vocabulary import LibraryAudience, LibraryKind, LibraryTopic, Role
from tests.factories import FACT_SHEET, SHELTER_REFERRAL

NOW = datetime(2026, 11, 29, 15, 0, tzinfo=UTC)


@pytest.fixture
def staff(db):
    return UserService(db).ensure("pat", "Pat Okafor", Role.PROGRAM_STAFF)


@pytest.fixture
def library(db) -> LibraryService:
    return LibraryService(db, Role.PROGRAM_STAFF, clock=lambda: NOW)


@pytest.fixture
def desk(db) -> LibraryService:
    """What a specialist's desk has."""
    return LibraryService(db, Role.SPECIALIST, clock=lambda: NOW)


@pytest.fixture
def starter(db, staff) -> dict[str, int]:
    """The demo's starter catalogue: title -> id."""
    seed_library(db, staff.id)
    everyone = LibraryService(db, Role.ADMIN).search(LibraryQuery(include_retired=True, limit=1000))
    return {hit.title: hit.item_id for hit in everyone}


def titles(hits) -> list[str]:
    return [hit.title for hit in hits]


# -- keeping the catalogue -------------------------------------------------------------

def test_add_edit_and_retire_say_who_and_when(db, library, staff):
    supervisor = UserService(db).ensure("jl", "Jorge López", Role.SUPERVISOR)
    added = library.add(FACT_SHEET, staff.id)
    assert (added.created_by, added.updated_by, added.created_at, added.updated_at) == (
        "Pat Okafor", "Pat Okafor", NOW, NOW)
    assert added.form() == FACT_SHEET and not added.hit.retired

    later = NOW + timedelta(hours=2)
    other = LibraryService(db, Role.SUPERVISOR, clock=lambda: later)
    edited = other.edit(added.item_id, dataclasses.replace(FACT_SHEET, title="Signs of Trafficking (2026)"),
                        supervisor.id)
    assert (edited.hit.title, edited.created_by, edited.created_at) == (
        "Signs of Trafficking (2026)", "Pat Okafor", NOW)
    assert (edited.updated_by, edited.updated_at) == ("Jorge López", later)

    retired = library.retire(added.item_id, staff.id)
    assert retired.hit.retired and (retired.updated_by, retired.updated_at) == ("Pat Okafor", NOW)
    assert library.search(LibraryQuery("signs")) == ()
    assert titles(library.search(LibraryQuery("signs", include_retired=True))) == ["Signs of Trafficking (2026)"]
    assert not library.retire(added.item_id, staff.id, retired=False).hit.retired
    assert titles(library.search(LibraryQuery("signs"))) == ["Signs of Trafficking (2026)"]


def test_a_specialist_searches_and_reads_but_may_not_keep_the_catalogue(db, library, desk, staff, specialist):
    item = library.add(FACT_SHEET, staff.id).item_id
    assert titles(desk.search(LibraryQuery("recog"))) == [FACT_SHEET.title]
    assert desk.details(item).description == FACT_SHEET.description
    assert not desk.can_edit and library.can_edit
    for attempt in (lambda: desk.add(FACT_SHEET, specialist.id),
                    lambda: desk.edit(item, dataclasses.replace(FACT_SHEET, title="Mine now"), specialist.id),
                    lambda: desk.retire(item, specialist.id),
                    lambda: desk.search(LibraryQuery(include_retired=True))):
        with pytest.raises(PermissionDenied):
            attempt()
    assert desk.details(item).hit == library.details(item).hit  # nothing changed
    assert library.search(LibraryQuery(limit=10)) == desk.search(LibraryQuery(limit=10))


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": "  "}, "title"),
        ({"title": "x" * 301}, "title"),
        ({"kind": "poster"}, "kind"),
        ({"kind": ""}, "kind"),
        ({"topics": ()}, "topics"),
        ({"topics": ("indicators", "astrology")}, "topics"),
        ({"audiences": ()}, "audiences"),
        ({"language": "xx"}, "language"),
        ({"format": ""}, "format"),
        ({"link": "javascript:alert(1)"}, "link"),
        ({"link": "ftp://files.example.org/a.pdf"}, "link"),
        ({"link": "https://user:secret@example.org/a"}, "link"),
        ({"link": "", "file_path": ""}, "link"),  # something to send is required
        ({"file_path": "library/a\x00.pdf"}, "file_path"),
        ({"reviewed_on": date(2026, 12, 25)}, "reviewed_on"),  # after the (injected) today
        ({"description": "x" * 4001}, "description"),
    ],
)
def test_each_bad_field_is_named_and_nothing_is_stored(library, staff, change, field):
    with pytest.raises(ValidationError) as caught:
        library.add(dataclasses.replace(FACT_SHEET, **change), staff.id)
    assert set(caught.value.errors) == {field}
    assert library.search(LibraryQuery(include_retired=True)) == ()


def test_every_problem_is_named_at_once_and_an_edit_is_checked_too(library, staff):
    with pytest.raises(ValidationError) as caught:
        library.add(dataclasses.replace(FACT_SHEET, title="", kind="", topics=(), link="mailto:a@b.org"), staff.id)
    assert set(caught.value.errors) == {"title", "kind", "topics", "link"}
    item = library.add(FACT_SHEET, staff.id).item_id
    with pytest.raises(ValidationError):
        library.edit(item, dataclasses.replace(FACT_SHEET, language="klingon"), staff.id)
    assert library.details(item).hit.language == "en"
    with pytest.raises(NotFound):
        library.edit(9999, FACT_SHEET, staff.id)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_a_stored_link_is_always_a_web_address(text):
    try:
        link = web_link(text)
    except FieldProblem:
        return
    assert link is None or link.lower().startswith(("http://", "https://")) and not any(c.isspace() for c in link)


# -- search ------------------------------------------------------------------------------

def test_prefixes_as_typed_find_the_item(desk, starter):
    for typed in ("scr", "scree", "screening pat", "CLINICIAN"):
        assert "Screening Patients for Trafficking: A Clinician's Toolkit" in titles(desk.search(LibraryQuery(typed)))
    assert titles(desk.search(LibraryQuery("señales"))) == titles(desk.search(LibraryQuery("senales"))) != []


def test_the_words_of_codes_are_searchable(desk, starter):
    police = desk.search(LibraryQuery("police"))  # law enforcement, as an audience or a topic
    assert police and all("law_enforcement" in (*h.topics, *h.audiences) for h in police)
    spanish = desk.search(LibraryQuery("spanish"))
    assert spanish and {h.language for h in spanish} == {"es"}
    assert "Talking With Teens About Online Exploitation" in titles(desk.search(LibraryQuery("video teens")))


def test_filters_narrow_by_topic_audience_language_and_kind(desk, starter):
    assert all("minors" in h.topics for h in desk.search(LibraryQuery(topic="minors")))
    hits = desk.search(LibraryQuery("", topic="labor_trafficking", language="es"))
    assert titles(hits) == ["Conozca sus derechos en el trabajo", "Indicadores de trata laboral en el campo"]
    cards = desk.search(LibraryQuery("labor", kind="indicator_card", audience="law_enforcement"))
    assert titles(cards) == ["Agricultural Labor Trafficking: Indicators in the Field"]
    assert desk.search(LibraryQuery("visa", audience="employers")) == ()
    listing = titles(desk.search(LibraryQuery(limit=100)))
    assert listing == sorted(listing) and len(listing) == len(STARTER) - 1  # by title; the retired one left out
    with pytest.raises(ValidationError) as caught:
        desk.search(LibraryQuery(topic="astrology", kind="poster", language="xx", limit=0))
    assert set(caught.value.errors) == {"topic", "kind", "language", "limit"}


def test_a_title_match_ranks_above_a_description_match(db, library, staff):
    for title, description in (("Counseling After Trafficking", "How survivors find support."),
                               ("Shelter Options", "Includes counseling, housing and legal aid."),
                               ("Housing Rights", "Nothing about it.")):
        library.add(dataclasses.replace(FACT_SHEET, title=title, description=description), staff.id)
    assert titles(library.search(LibraryQuery("counsel"))) == ["Counseling After Trafficking", "Shelter Options"]


def test_retired_items_are_hidden_and_an_edit_reindexes(desk, library, starter, staff):
    assert desk.search(LibraryQuery("wallet card 2019")) == ()
    assert titles(library.search(LibraryQuery("wallet card 2019", include_retired=True))) == [
        "Hotline Wallet Card (2019 edition)"]
    item = starter["Human Trafficking 101: An Introductory Training"]
    library.edit(item, dataclasses.replace(library.details(item).form(), title="Trafficking Basics"), staff.id)
    assert titles(desk.search(LibraryQuery("basics"))) == ["Trafficking Basics"]
    assert "Trafficking Basics" not in titles(desk.search(LibraryQuery("introductory")))


def test_a_large_library_lists_the_first_by_title_when_a_prefix_matches_most(db, desk):
    generate_library(db, 1200)
    hits = desk.search(LibraryQuery("tr", limit=50))
    assert len(hits) == 50 and titles(hits) == sorted(titles(hits)) and not any(h.retired for h in hits)
    assert len(desk.search(LibraryQuery("debt bondage clinicians", limit=1000))) < 200


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(st.characters(exclude_categories=[]), max_size=60),
       topic=st.sampled_from([None, *LibraryTopic]), audience=st.sampled_from([None, *LibraryAudience]),
       kind=st.sampled_from([None, *LibraryKind]))
def test_no_text_makes_search_raise(desk, starter, text, topic, audience, kind):
    assert len(desk.search(LibraryQuery(text, topic, audience, None, kind, limit=20))) <= 20


def test_hostile_words_are_words(desk, starter):
    for hostile in ('"', "AND", "- OR", "NEAR(a b)", "title:signs", "*", "^signs", "'; DROP TABLE library_items"):
        desk.search(LibraryQuery(hostile))
    assert desk.search(LibraryQuery('"signs"')) == desk.search(LibraryQuery("signs"))


# -- what was sent ---------------------------------------------------------------------------

def test_materials_on_a_form_are_stored_with_the_contact_and_read_back(db, desk, starter, specialist):
    intake = IntakeService(db, clock=lambda: NOW)
    signs, visa = starter["Recognizing the Signs of Human Trafficking"], starter[
        "Immigration Relief for Survivors: T Visas and Continued Presence"]
    form = dataclasses.replace(SHELTER_REFERRAL, materials=(
        MaterialInput(signs, "Recognizing the Signs of Human Trafficking", "email", "caseworker's work address"),
        MaterialInput(visa, "", "link")))  # a blank title takes the item's
    saved = intake.save(form, specialist.id)
    stored = intake.load(saved.id).form.materials
    assert [(m.item_id, m.title, m.method, m.recipient) for m in stored] == [
        (signs, "Recognizing the Signs of Human Trafficking", "email", "caseworker's work address"),
        (visa, "Immigration Relief for Survivors: T Visas and Continued Presence", "link", "")]
    with db.read() as session:
        rows = session.execute(select(MaterialSent.sent_at, MaterialSent.sent_by_id)).all()
    assert rows == [(NOW, specialist.id)] * 2
    assert desk.details(signs).times_sent == 1
    assert type(form).from_dict(form.to_dict()) == form  # a draft keeps its materials

    kept = dataclasses.replace(stored[1], method="post", recipient="mailing address given")
    again = intake.save(dataclasses.replace(intake.load(saved.id).form, materials=(kept,)), specialist.id,
                        saved.id, saved.version)
    assert [(m.id, m.method, m.recipient) for m in intake.load(again.id).form.materials] == [
        (stored[1].id, "post", "mailing address given")]
    assert desk.details(signs).times_sent == 0  # taken off the contact before it was closed


def test_a_material_must_still_be_in_the_library_and_its_method_known(db, starter, specialist):
    intake = IntakeService(db, clock=lambda: NOW)
    form = dataclasses.replace(SHELTER_REFERRAL, materials=(
        MaterialInput(99999, "Gone"), MaterialInput(starter["Recognizing the Signs of Human Trafficking"], "x", "fax")))
    with pytest.raises(ValidationError) as caught:
        intake.save(form, specialist.id)
    assert set(caught.value.errors) == {"materials.1.method"}  # checked before the database is asked
    with pytest.raises(ValidationError) as caught:
        intake.save(dataclasses.replace(form, materials=form.materials[:1]), specialist.id)
    assert caught.value.errors == {"materials.0.title": "This item is no longer in the library."}


def test_a_send_recorded_on_a_saved_contact_moves_its_version(db, desk, starter, specialist):
    intake = IntakeService(db, clock=lambda: NOW)
    saved = intake.save(SHELTER_REFERRAL, specialist.id)
    item = starter["Survivor Resource Guide: Housing, Legal Help and Counseling"]
    desk.record_send(saved.id, MaterialInput(item, "", "post", "shelter's address"), specialist.id)
    loaded = intake.load(saved.id)
    assert [(m.item_id, m.title, m.method) for m in loaded.form.materials] == [
        (item, "Survivor Resource Guide: Housing, Legal Help and Counseling", "post")]
    assert loaded.version == saved.version + 1
    with pytest.raises(StaleContact):  # a form opened before cannot drop the send by saving over it
        intake.save(SHELTER_REFERRAL, specialist.id, saved.id, saved.version)
    with db.read() as session:
        assert "materials_sent" in session.scalars(select(ContactEvent.event)).all()
    with pytest.raises(NotFound):
        desk.record_send(424242, MaterialInput(item, ""), specialist.id)
    with pytest.raises(ValidationError) as caught:
        desk.record_send(saved.id, MaterialInput(None, "Something", "pigeon"), specialist.id)
    assert set(caught.value.errors) == {"item_id", "method"}


def test_the_demo_catalogue_is_added_once(db, staff):
    assert seed_library(db, staff.id).startswith(f"library: {len(STARTER)} starter items")
    assert "left as it is" in seed_library(db, staff.id)
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(MaterialSent)) == 0


# -- PostgreSQL: every word somewhere, any case --------------------------------------------------

def test_word_search_on_postgres(pg_db):
    staff = UserService(pg_db).ensure("pat", "Pat Okafor", Role.PROGRAM_STAFF)
    seed_library(pg_db, staff.id)
    desk = LibraryService(pg_db, Role.SPECIALIST)
    assert titles(desk.search(LibraryQuery("SCREENING clinician"))) == [
        "Screening Patients for Trafficking: A Clinician's Toolkit"]
    assert {h.language for h in desk.search(LibraryQuery("spanish"))} == {"es"}
    hits = desk.search(LibraryQuery("", topic="labor_trafficking", language="es"))
    assert titles(hits) == ["Conozca sus derechos en el trabajo", "Indicadores de trata laboral en el campo"]
    assert desk.search(LibraryQuery("wallet card 2019")) == ()
    for literal in ("100%", "a_b", "x\\y"):
        assert desk.search(LibraryQuery(literal)) == ()
