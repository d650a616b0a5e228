"""Directory filters by place, language and hours, and the flags on results,
against a real SQLite file: distances between real ZIP codes, the R*Tree kept
in step with the search rows, "open now" in each service's own time zone
(daylight saving included) with an injected clock, "open 24 hours", and the
stale-verification flag."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select, text, update

from console.db import Database, DatabaseTarget
from console.demo.directory import generate_directory
from console.errors import ValidationError
from console.models import Schedule, Service, ServiceSearch
from console.places import bounding_box, distance_miles, zip_place
from console.schema import check, upgrade
from console.services.directory import STALE_AFTER_DAYS, DirectoryQuery, DirectoryService
from console.services.directory_hours import WEEK, ScheduleRow, by_day, decode, is_open, weekly_hours
from console.services.directory_index import rebuild_search_rows
from console.services.directory_languages import language_code
from console.vocabulary import Role
from tests.factories import add_directory_service
from tests.revisions import upgrade_to

MONDAY_NOON_UTC = datetime(2026, 3, 9, 17, 0, tzinfo=UTC)  # a Monday; daylight saving began on the 8th
WEEKDAYS_9_TO_5 = {"freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR", "opens_at": "09:00", "closes_at": "17:00"}


def centre(zip_code: str) -> tuple[float, float]:
    place = zip_place(zip_code)
    return place.latitude, place.longitude


def service(db, name: str, zip_code: str, **extra) -> str:
    return add_directory_service(db, name, f"{name} Org", zip_code=zip_code, point=centre(zip_code), **extra)


def directory(db: Database, now: datetime = MONDAY_NOON_UTC) -> DirectoryService:
    return DirectoryService(db, Role.SPECIALIST, clock=lambda: now)


def names(hits) -> list[str]:
    return [h.service_name for h in hits]


# --- within N miles ---------------------------------------------------------------

@pytest.fixture
def houston(db):
    """Services at the centres of ZIPs whose distances from downtown Houston (77002) are known."""
    for name, zip_code in (("Midtown", "77004"), ("Conroe", "77301"), ("Galveston", "77550"), ("Dallas", "75201")):
        service(db, name, zip_code)
    return db


@pytest.mark.parametrize(("miles", "expected"), [
    (2, []),
    (5, ["Midtown"]),  # 2.4 miles
    (40, ["Midtown", "Conroe"]),  # 38.6
    (50, ["Midtown", "Conroe", "Galveston"]),  # 46.6
    (250, ["Midtown", "Conroe", "Galveston", "Dallas"]),  # 226.1
])
def test_a_radius_includes_what_is_within_it_nearest_first(houston, miles, expected):
    hits = directory(houston).search(DirectoryQuery(near_zip="77002", miles=miles))
    assert names(hits) == expected
    assert all(h.matched == ("near",) for h in hits)


def test_distances_are_great_circle_miles_between_the_zip_centres(houston):
    hits = {h.service_name: h for h in directory(houston).search(DirectoryQuery(near_zip="77002", miles=250))}
    assert hits["Midtown"].distance_miles == pytest.approx(2.4, abs=0.05)
    assert hits["Dallas"].distance_miles == pytest.approx(226.1, abs=0.1)  # downtown to downtown: ~225 miles
    assert distance_miles(*centre("77002"), *centre("10001")) == pytest.approx(1418.6, abs=1)


def test_the_edge_of_the_radius_is_exact_not_the_box(db):
    """A point in the box's corner is farther than the radius; one just inside is not."""
    lat, lon = centre("77002")
    box = bounding_box(lat, lon, 10)
    add_directory_service(db, "Corner", "Corner Org", point=(box.max_lat - 0.001, box.max_lon - 0.001))
    add_directory_service(db, "Inside", "Inside Org", point=(lat + (box.max_lat - lat) * 0.99, lon))
    hits = directory(db).search(DirectoryQuery(near_point=(lat, lon), miles=10))
    assert names(hits) == ["Inside"] and 9.8 < hits[0].distance_miles <= 10


def test_equal_distances_are_ordered_by_name(db):
    for org, name in (("Beacon", "Shelter"), ("Anchor", "Legal"), ("Anchor", "Clinic")):
        add_directory_service(db, name, org, zip_code="77004", point=centre("77004"))
    hits = directory(db).search(DirectoryQuery(near_zip="77002", miles=10))
    assert [(h.organization_name, h.service_name) for h in hits] == [
        ("Anchor", "Clinic"), ("Anchor", "Legal"), ("Beacon", "Shelter")]


def test_words_and_filters_narrow_a_radius(houston):
    service(houston, "Harbor Legal Clinic", "77004", languages=["es"])
    found = directory(houston).search(DirectoryQuery("harbor", near_zip="77002", miles=50, language="es"))
    assert names(found) == ["Harbor Legal Clinic"] and found[0].matched == ("near", "language")


def test_without_coordinates_the_zip_centre_is_used_and_without_either_nothing_is_near(db):
    add_directory_service(db, "No point", "No Point Org", zip_code="77004")
    add_directory_service(db, "Nowhere", "Nowhere Org")
    hits = directory(db).search(DirectoryQuery(near_zip="77002", miles=5))
    assert names(hits) == ["No point"] and hits[0].distance_miles == pytest.approx(2.4, abs=0.05)
    assert "Nowhere" in names(directory(db).search(DirectoryQuery("nowhere")))


def test_a_point_works_like_a_zip(houston):
    assert names(directory(houston).search(DirectoryQuery(near_point=centre("77002"), miles=40))) == [
        "Midtown", "Conroe"]


@pytest.mark.parametrize(("query", "field", "words"), [
    (DirectoryQuery(near_zip="99999"), "near_zip", "99999 is not a U.S. ZIP code"),
    (DirectoryQuery(near_zip="7700"), "near_zip", "5 digits"),
    (DirectoryQuery(near_zip="abcde"), "near_zip", "5 digits"),
    (DirectoryQuery(near_zip="77002", near_point=(29.7, -95.3)), "near_zip", "not both"),
    (DirectoryQuery(near_point=(95.0, 10.0)), "near_point", "latitude"),
    (DirectoryQuery(near_zip="77002", miles=0), "miles", "miles"),
    (DirectoryQuery(near_zip="77002", miles=float("nan")), "miles", "miles"),
    (DirectoryQuery(language="klingon"), "language", "not a language"),
])
def test_a_bad_place_or_language_is_a_message_naming_the_field(db, query, field, words):
    with pytest.raises(ValidationError) as caught:
        directory(db).search(query)
    assert field in caught.value.errors and words in caught.value.errors[field]


def test_a_zip_plus_four_is_its_zip(houston):
    query = DirectoryQuery(near_zip="77002-1234", miles=5)
    assert names(directory(houston).search(query)) == ["Midtown"]


# --- the R*Tree ---------------------------------------------------------------------

def _rtree(db: Database) -> dict[int, tuple[float, float]]:
    with db.read() as session:
        rows = session.execute(text("SELECT id, min_lat, min_lon FROM service_search_rtree")).all()
    return {row.id: (row.min_lat, row.min_lon) for row in rows}


def _rows(db: Database) -> dict[int, tuple[float, float]]:
    with db.read() as session:
        rows = session.execute(select(ServiceSearch.id, ServiceSearch.latitude, ServiceSearch.longitude)).all()
    return {row.id: (row.latitude, row.longitude) for row in rows if row.latitude is not None}


def test_the_rtree_follows_inserts_updates_and_deletes_of_search_rows(db):
    first = service(db, "First", "77004")
    service(db, "Second", "10001")
    add_directory_service(db, "Nowhere", "Nowhere Org")
    assert set(_rtree(db)) == set(_rows(db)) and len(_rtree(db)) == 2  # a row without a point has no entry
    with db.write() as session:
        session.execute(update(ServiceSearch).where(ServiceSearch.service_id == first)
                        .values(latitude=40.7484, longitude=-73.9967))
    assert names(directory(db).search(DirectoryQuery(near_zip="10001", miles=1))) == ["First", "Second"]
    assert _rtree(db).keys() == _rows(db).keys()
    for row_id, (lat, lon) in _rtree(db).items():  # stored as 32-bit floats, rounded outward
        assert _rows(db)[row_id] == pytest.approx((lat, lon), abs=1e-4)
    with db.write() as session:
        session.execute(update(ServiceSearch).where(ServiceSearch.service_id == first).values(latitude=None))
    assert len(_rtree(db)) == 1
    with db.write() as session:
        session.execute(delete(Service).where(Service.id == first))
        rebuild_search_rows(session)
        session.execute(delete(ServiceSearch))
    assert _rtree(db) == {}


def test_the_box_is_walked_in_the_rtree_first(houston):
    """The plan starts from the R*Tree, not from the search rows or the word list."""
    from sqlalchemy import event

    seen: list[tuple[str, tuple]] = []
    grab = lambda conn, cursor, statement, params, context, many: seen.append((statement, params))  # noqa: E731
    event.listen(houston.engine, "before_cursor_execute", grab)
    try:
        directory(houston).search(DirectoryQuery("midtown", near_zip="77002", miles=25, category="shelter"))
    finally:
        event.remove(houston.engine, "before_cursor_execute", grab)
    statement, params = next((s, p) for s, p in seen if "service_search_rtree" in s)
    with houston.read() as session:
        plan = session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params).all()
    assert "service_search_rtree" in plan[0][3] and "VIRTUAL TABLE" in plan[0][3]


def test_check_reports_the_place_index(db):
    assert any(c.name == "directory place index" and c.ok for c in check(db))
    with db.write() as session:
        session.execute(text("DROP TRIGGER service_search_rtree_au"))
    assert not next(c for c in check(db) if c.name == "directory place index").ok


# --- languages -------------------------------------------------------------------------

@pytest.mark.parametrize(("code", "name", "expected"), [
    ("es", None, "es"), ("ES", None, "es"), ("spa", None, "es"), ("es-MX", "Spanish", "es"),
    (None, "Español", "es"), (None, "Spanish", "es"), (None, "Farsi", "fa"), ("per", None, "fa"),
    ("cmn", None, "zh"), (None, "Mandarin", "zh"), ("eng", "English", "en"), ("hmn", None, "hmn"),
    ("swh", "Swahili", "swh"), (None, "Klingon", None), ("", "", None), ("12", None, None),
])
def test_language_rows_become_the_consoles_codes(code, name, expected):
    assert language_code(code, name) == expected


def test_the_language_filter_reads_service_and_location_languages(db):
    service(db, "Own", "77004", languages=[("spa", "Español")])
    service(db, "At a place", "77004", location_languages=[(None, "Spanish")])
    service(db, "English only", "77004", languages=["en"])
    hits = directory(db).search(DirectoryQuery(language="es"))
    assert sorted(names(hits)) == ["At a place", "Own"]
    assert all(h.languages == ("es",) and h.matched == ("language",) for h in hits)
    assert sorted(names(directory(db).search(DirectoryQuery("spanish")))) == ["At a place", "Own"]  # by name too


# --- hours -----------------------------------------------------------------------------

@pytest.fixture
def four_zones(db):
    """Weekday 9-to-5 services in Chicago, New York, Denver and Phoenix (no daylight saving)."""
    for name, zip_code in (("Houston", "77002"), ("New York", "10001"), ("Denver", "80202"), ("Phoenix", "85004")):
        service(db, name, zip_code, schedules=[WEEKDAYS_9_TO_5])
    service(db, "Unknown hours", "77004")
    return db


@pytest.mark.parametrize(("now", "open_"), [
    # Monday 9 March 2026, daylight saving time: 15:30 UTC is 11:30 EDT, 10:30 CDT, 09:30 MDT, 08:30 in Phoenix.
    (datetime(2026, 3, 9, 15, 30, tzinfo=UTC), ["Denver", "Houston", "New York"]),
    # The same time of day in January: 10:30 EST, 09:30 CST, 08:30 MST in Denver and Phoenix.
    (datetime(2026, 1, 12, 15, 30, tzinfo=UTC), ["Houston", "New York"]),
    # 16:30 UTC in January: Phoenix and Denver open together.
    (datetime(2026, 1, 12, 16, 30, tzinfo=UTC), ["Denver", "Houston", "New York", "Phoenix"]),
    # Monday 22:30 UTC in March: 18:30 EDT (closed), 17:30 CDT (closed), 16:30 MDT, 15:30 in Phoenix.
    (datetime(2026, 3, 9, 22, 30, tzinfo=UTC), ["Denver", "Phoenix"]),
    # Saturday noon everywhere: closed.
    (datetime(2026, 3, 14, 18, 0, tzinfo=UTC), []),
])
def test_open_now_is_decided_in_each_services_own_time_zone(four_zones, now, open_):
    hits = directory(four_zones, now).search(DirectoryQuery(open_now=True))
    assert sorted(names(hits)) == open_
    every = {h.service_name: h.open_now for h in directory(four_zones, now).search(DirectoryQuery())}
    assert every["Unknown hours"] is None  # hours unknown: never "open now"
    assert {name for name, is_open_ in every.items() if is_open_} == set(open_)


def test_the_dst_change_night_itself(db):
    """Sunday 8 March 2026, 02:00 EST became 03:00 EDT: a night service 22:00-06:00 stays open across it."""
    service(db, "Night line", "10001", schedules=[{"byday": "SA,SU", "opens_at": "22:00", "closes_at": "06:00"}])
    during = datetime(2026, 3, 8, 7, 30, tzinfo=UTC)  # 03:30 EDT on Sunday
    after = datetime(2026, 3, 8, 10, 30, tzinfo=UTC)  # 06:30 EDT
    assert names(directory(db, during).search(DirectoryQuery(open_now=True))) == ["Night line"]
    assert names(directory(db, after).search(DirectoryQuery(open_now=True))) == []


def test_a_zone_from_the_schedule_when_the_zip_has_none(db):
    """No ZIP the table knows: the schedule's UTC offset, else New York."""
    add_directory_service(db, "Offset", "Offset Org", zip_code="00000",
                          schedules=[{**WEEKDAYS_9_TO_5, "timezone": -10.0}])  # Hawaii-like, no DST
    add_directory_service(db, "Default", "Default Org", zip_code="00000", schedules=[WEEKDAYS_9_TO_5])
    with db.read() as session:
        zones = dict(session.execute(select(ServiceSearch.service_name, ServiceSearch.time_zone)).all())
    assert zones == {"Offset": "-10:00", "Default": "America/New_York"}
    at = datetime(2026, 3, 9, 20, 0, tzinfo=UTC)  # 10:00 at UTC-10, 16:00 EDT
    assert sorted(names(directory(db, at).search(DirectoryQuery(open_now=True)))) == ["Default", "Offset"]
    late = datetime(2026, 3, 9, 22, 0, tzinfo=UTC)  # 12:00 at UTC-10, 18:00 EDT
    assert names(directory(db, late).search(DirectoryQuery(open_now=True))) == ["Offset"]


def test_open_now_finds_the_few_open_among_many_closed(db, monkeypatch):
    for n in range(12):
        service(db, f"Closed {n:02d}", "77004", schedules=[{**WEEKDAYS_9_TO_5, "byday": "SA"}])
    service(db, "Zz open", "77004", schedules=[WEEKDAYS_9_TO_5])
    hits = directory(db).search(DirectoryQuery(open_now=True, limit=1))  # asks SQL for 4, then 16
    assert names(hits) == ["Zz open"]


@pytest.mark.parametrize(("schedules", "is_24h"), [
    ([{"freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR,SA,SU", "opens_at": "00:00", "closes_at": "24:00"}], True),
    ([{"opens_at": "00:00", "closes_at": "23:59"}], True),  # no rule: every day
    ([{"description": "Hotline answered 24/7."}], True),
    ([{"description": "Open 24 hours a day"}], True),
    ([{"description": "Not open 24 hours; call first."}], False),
    ([{**WEEKDAYS_9_TO_5, "description": "Office 9-5; hotline 24 hours"}], False),  # readable times win
    ([{"freq": "MONTHLY", "byday": "1MO", "opens_at": "09:00", "closes_at": "17:00"}], False),
    ([{"byday": "MO,TU,WE,TH,FR,SA,SU", "opens_at": "00:00", "closes_at": "24:00",
       "valid_to": date(2001, 1, 1)}], False),  # expired
])
def test_open_24_hours(db, schedules, is_24h):
    service(db, "Line", "77004", schedules=schedules)
    (hit,) = directory(db).search(DirectoryQuery())
    assert hit.open_24h is is_24h
    assert names(directory(db).search(DirectoryQuery(open_24h=True))) == (["Line"] if is_24h else [])
    if is_24h:
        assert hit.open_now is True


def test_location_hours_count_when_the_service_has_none(db):
    service_id = service(db, "Clinic", "77004")
    with db.write() as session:
        location_id = session.scalar(text("SELECT location_id FROM service_at_location WHERE service_id = :s"),
                                     {"s": service_id})
        session.add(Schedule(id="loc-hours", location_id=location_id, **WEEKDAYS_9_TO_5))
        rebuild_search_rows(session, [service_id])
    assert directory(db).search(DirectoryQuery())[0].open_now is True


def test_schedules_go_with_their_service(db):
    service_id = service(db, "Clinic", "77004", schedules=[WEEKDAYS_9_TO_5])
    with db.write() as session:
        session.execute(delete(Service).where(Service.id == service_id))
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Schedule)) == 0


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.tuples(
    st.sets(st.sampled_from(["MO", "TU", "WE", "TH", "FR", "SA", "SU"]), min_size=1),
    st.integers(0, 23), st.sampled_from([0, 30]), st.integers(0, 24), st.sampled_from([0, 30]),
), max_size=4), minute=st.integers(0, WEEK - 1))
def test_weekly_hours_open_exactly_when_a_row_covers_the_minute(rows, minute):
    schedule = [ScheduleRow(byday=",".join(sorted(days)), opens_at=f"{oh:02d}:{om:02d}",
                            closes_at=f"{ch:02d}:{cm if ch < 24 else 0:02d}") for days, oh, om, ch, cm in rows]
    weekly = weekly_hours(schedule, date(2026, 1, 1))
    days = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}

    def covers(row: ScheduleRow) -> bool:
        opens = int(row.opens_at[:2]) * 60 + int(row.opens_at[3:])
        closes = int(row.closes_at[:2]) * 60 + int(row.closes_at[3:])
        closes = 1440 if closes == 0 else closes
        length = closes - opens if closes > opens else closes + 1440 - opens
        return any((minute - (days[d] * 1440 + opens)) % WEEK < length for d in row.byday.split(","))

    expected = any(covers(row) for row in schedule)
    assert (is_open(weekly.hours, minute) is True) == expected if schedule else weekly.hours is None
    intervals = decode(weekly.hours or "")
    assert all(0 <= a < b <= WEEK for a, b in intervals)
    assert all(b1 < a2 for (_, b1), (a2, _) in zip(intervals, intervals[1:]))  # merged, sorted
    if weekly.hours:
        assert sum(b - a for day in by_day(weekly.hours) for a, b in day) == sum(b - a for a, b in intervals)


# --- stale entries and what matched ----------------------------------------------------

@pytest.mark.parametrize(("age_days", "stale"), [(100, False), (STALE_AFTER_DAYS, False),
                                                 (STALE_AFTER_DAYS + 1, True), (None, True)])
def test_entries_not_verified_for_a_year_are_flagged(db, age_days, stale):
    today = MONDAY_NOON_UTC.date()
    assured = None if age_days is None else today - timedelta(days=age_days)
    service_id = service(db, "Clinic", "77004", assured_date=assured)
    (hit,) = directory(db).search(DirectoryQuery())
    assert (hit.stale, hit.assured_date) == (stale, assured)
    details = directory(db).details(service_id)
    assert (details.stale, details.assured_date) == (stale, assured)


def test_hits_say_which_filters_they_met(houston):
    service(houston, "Shelter", "77004", languages=["es"],
            schedules=[{"byday": "MO,TU,WE,TH,FR,SA,SU", "opens_at": "00:00", "closes_at": "24:00"}])
    query = DirectoryQuery(near_zip="77002", miles=10, language="es", open_now=True, open_24h=True)
    (hit,) = directory(houston).search(query)
    assert hit.matched == ("near", "language", "open_now", "open_24h")
    assert hit.open_now is True and hit.open_24h and hit.distance_miles == pytest.approx(2.4, abs=0.05)


# --- demo data and upgrades --------------------------------------------------------------

def test_the_demo_directory_has_hours_languages_and_places(db):
    generate_directory(db, 150)
    with db.read() as session:
        rows = session.execute(select(ServiceSearch.hours, ServiceSearch.open_24h, ServiceSearch.languages,
                                      ServiceSearch.latitude, ServiceSearch.time_zone)).all()
    assert all(r.latitude is not None and r.time_zone for r in rows)
    unknown = sum(r.hours is None for r in rows)
    around_the_clock = sum(r.open_24h for r in rows)
    assert 0 < unknown < len(rows) / 4 and 0 < around_the_clock < len(rows) / 2
    assert sum(" es" in f" {r.languages}" for r in rows) > len(rows) / 4
    shelters = directory(db).search(DirectoryQuery(category="shelter", limit=1000))
    assert sum(h.open_24h for h in shelters) > len(shelters) / 2


def test_an_upgraded_directory_gets_its_new_columns_and_keeps_its_word_index(tmp_path):
    """A directory made at 0005 (raw rows, as that schema had them) is searchable by place at once."""
    db = Database(DatabaseTarget.sqlite_file(tmp_path / "old.sqlite3"))
    try:
        upgrade_to(db, "0005")
        with db.engine.begin() as conn:
            for sql in (
                "INSERT INTO organization (id, name, description) VALUES ('o1', 'Old Harbor House', '')",
                "INSERT INTO location (id, organization_id, location_type, latitude, longitude) "
                "VALUES ('l1', 'o1', 'physical', 29.7247, -95.3625)",
                "INSERT INTO address (id, location_id, address_1, city, state_province, postal_code, country, "
                "address_type, confidential) VALUES ('a1', 'l1', '1 Main', 'Houston', 'TX', '77004', 'US', "
                "'physical', 0)",
                "INSERT INTO service (id, organization_id, name, status, assured_date) "
                "VALUES ('s1', 'o1', 'Emergency Shelter', 'active', '2026-01-05')",
                "INSERT INTO service_at_location (id, service_id, location_id) VALUES ('sl1', 's1', 'l1')",
                "INSERT INTO language (id, service_id, code, name) VALUES ('g1', 's1', 'spa', 'Spanish')",
                "INSERT INTO service_search (service_id, organization_name, service_name, city, state, categories, "
                "populations, document) VALUES ('s1', 'Old Harbor House', 'Emergency Shelter', 'Houston', 'TX', '', "
                "'', 'Old Harbor House Emergency Shelter Houston TX')",
            ):
                conn.exec_driver_sql(sql)
        upgrade(db)
        assert all(c.ok for c in check(db)), check(db)
        with db.read() as session:
            triggers = set(session.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
        assert {"service_search_ai", "service_search_ad", "service_search_au"} <= triggers
        (hit,) = directory(db).search(DirectoryQuery("harbor", near_zip="77002", miles=5, language="es"))
        assert hit.service_name == "Emergency Shelter" and hit.distance_miles == pytest.approx(2.4, abs=0.05)
        assert hit.open_now is None and hit.assured_date == date(2026, 1, 5)  # no schedules yet: hours unknown
    finally:
        db.dispose()


# --- prefixes written out as words -----------------------------------------------------

def test_a_prefix_written_out_finds_exactly_what_the_prefix_finds(db, monkeypatch):
    import console.services.directory_prefixes as prefixes
    from console.services.directory_prefixes import expanded_query
    from console.services.directory_search import fts_query

    generate_directory(db, 100)
    with db.read() as session:
        conn = session.connection()

        def ids(match: str) -> set[int]:
            return set(conn.exec_driver_sql(
                "SELECT rowid FROM service_search_fts WHERE service_search_fts MATCH ?", (match,)).scalars())

        for terms, state in ((["shel"], None), (["Immig", "leg"], "TX"), (["shélter"], None), (["zzzz"], None),
                             (["t", "visa"], "CA"), (["coun"], None), (["foo-bar"], None)):
            written = expanded_query(conn, terms, state)
            assert ids(written) == ids(fts_query(terms, state=state)), (terms, written)
        assert expanded_query(conn, ["SHEL"]) == expanded_query(conn, ["shél"]) == '("shelter" OR "shelters")'
        assert expanded_query(conn, ["zzzz", "sh"], "NY") == '"zzzz"* AND "sh"* AND "New York"'  # none, or short
        monkeypatch.setattr(prefixes, "MAX_WORDS", 1)
        assert expanded_query(conn, ["shel"]) == '"shel"*'  # starts too many words: stays a prefix
        monkeypatch.undo()
        conn.exec_driver_sql("DROP TABLE service_search_fts_vocab")
        assert expanded_query(conn, ["shel"]) == '"shel"*'  # an older database: prefixes stay prefixes
        session.rollback()


def test_a_typed_word_outranks_a_rarer_word_it_begins(db):
    """Ranking uses the prefix as typed: "shelter" lists shelters first, not
    services whose text says "shelters" (a rarer word, which bm25 favours
    when the prefix is scored as the separate words it starts)."""
    generate_directory(db, 300, seed=2026)
    hits = DirectoryService(db, Role.SPECIALIST).search(DirectoryQuery(text="shelter", limit=5))
    assert len(hits) == 5 and all("Shelter" in h.service_name for h in hits), [h.service_name for h in hits]
