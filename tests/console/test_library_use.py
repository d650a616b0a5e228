"""Library use in the statistics: sends per item and method over a period,
counted in SQL (SQLite and PostgreSQL), suppressed like every statistic,
ordered without telling a 1 from a 2, refused to specialists, and exported
to CSV with an audit event."""

from __future__ import annotations

import csv
import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from console.errors import PermissionDenied
from console.models import AuditEvent, LibraryItem, MaterialSent
from console.services.library import LibraryService
from console.services.statistics import Period, StatisticsService
from console.services.statistics_library import USE_NOTE, build_use, use_rows
from console.services.users import UserService
from console.suppression import SMALL, WITHHELD
from console.vocabulary import Role
from tests.factories import FACT_SHEET, make_contact

NOVEMBER = Period.month_of(date(2026, 11, 1))
NOW = datetime(2026, 12, 2, 15, tzinfo=UTC)
IN_NOVEMBER = datetime(2026, 11, 10, 15, tzinfo=UTC)


def stats(db, role=Role.SUPERVISOR, user_id=None) -> StatisticsService:
    return StatisticsService(db, role, "America/New_York", clock=lambda: NOW, user_id=user_id)


def add_item(db, staff_id: int, title: str, kind="fact_sheet", language="en") -> int:
    form = dataclasses.replace(FACT_SHEET, title=title, kind=kind, language=language)
    return LibraryService(db, Role.PROGRAM_STAFF, clock=lambda: NOW).add(form, staff_id).item_id


def send(db, item_id: int | None, sends: dict[str, int], at: datetime = IN_NOVEMBER, title: str = "") -> None:
    contact = make_contact(db, received_at=at)
    with db.write() as session:
        for method, n in sends.items():
            session.add_all(MaterialSent(contact_id=contact, item_id=item_id, item_title=title or "sent title",
                                         method=method, sent_at=at) for _ in range(n))


def shown(item) -> tuple:
    return (item.title, *(c.text for c in item.cells), item.total.text)


@pytest.fixture
def staff(db):
    return UserService(db).ensure("pat", "Pat Okafor", Role.PROGRAM_STAFF)


@pytest.fixture
def november(db, staff) -> dict[str, int]:
    """Four items sent in November, one in October and one in December (outside)."""
    ids = {title: add_item(db, staff.id, title, kind, language) for title, kind, language in (
        ("Signs of trafficking", "fact_sheet", "en"), ("Guía para sobrevivientes", "toolkit", "es"),
        ("Labor rights card", "indicator_card", "en"), ("Hotel staff video", "video", "en"))}
    send(db, ids["Signs of trafficking"], {"email": 6, "post": 4, "link": 3})
    send(db, ids["Guía para sobrevivientes"], {"email": 5, "post": 1})
    send(db, ids["Labor rights card"], {"post": 2})
    send(db, ids["Hotel staff video"], {"link": 1})
    send(db, ids["Hotel staff video"], {"link": 9}, at=datetime(2026, 10, 31, 12, tzinfo=UTC))
    send(db, ids["Signs of trafficking"], {"email": 9}, at=datetime(2026, 12, 1, 5, 30, tzinfo=UTC))  # 00:30 local
    return ids


def test_sends_per_item_and_method_most_sent_first(db, november):
    use = stats(db).library_use(NOVEMBER)
    assert use.methods == ("email", "post", "link")
    assert [shown(i) for i in use.items] == [
        ("Signs of trafficking", "6", "4", "3", "13"),
        ("Guía para sobrevivientes", WITHHELD, SMALL, "0", "6"),  # else 6 - 5 would give the <3 away
        ("Hotel staff video", SMALL),  # sent once: no split; a <3 sorts by title, never by its count
        ("Labor rights card", SMALL),
    ]
    guide = use.items[1]
    assert (guide.kind, guide.language, guide.item_id) == ("toolkit", "es", november["Guía para sobrevivientes"])
    assert use.items[2].withheld and use.items[2].cells == ()
    assert use.total.text == "22"  # the two <3 add up to 3: 1 and 2, either way round
    assert use.note == USE_NOTE and use.period == NOVEMBER
    for item in use.items:
        assert all(c.count not in (1, 2) for c in (*item.cells, item.total))


def test_the_total_shows_when_it_gives_nothing_away(db, staff):
    first, second = add_item(db, staff.id, "First"), add_item(db, staff.id, "Second")
    send(db, first, {"email": 3})
    send(db, second, {"post": 4})
    use = stats(db).library_use(NOVEMBER)
    assert [shown(i) for i in use.items] == [("Second", "0", "4", "0", "4"), ("First", "3", "0", "0", "3")]
    assert use.total.text == "7"


def test_a_removed_item_keeps_the_title_it_was_sent_under(db, staff):
    send(db, None, {"email": 3}, title="Old brochure")
    send(db, None, {"email": 4}, title="Older leaflet")
    use = stats(db).library_use(NOVEMBER)
    assert [(i.title, i.kind, i.item_id, i.total.text) for i in use.items] == [
        ("Older leaflet", None, None, "4"), ("Old brochure", None, None, "3")]


def test_an_item_is_counted_under_its_current_title(db, staff):
    item = add_item(db, staff.id, "Draft title")
    send(db, item, {"link": 5}, title="Draft title")
    with db.write() as session:
        session.execute(update(LibraryItem).where(LibraryItem.id == item).values(title="Final title"))
    assert [i.title for i in stats(db).library_use(NOVEMBER).items] == ["Final title"]


def test_an_empty_period_and_a_lone_small_item():
    empty = build_use(NOVEMBER, "America/New_York", NOW, [])
    assert (empty.items, empty.total.text) == ((), "0")
    lone = build_use(NOVEMBER, "America/New_York", NOW, [(1, "A", "video", "en", 2, 0, 2, 0)])
    assert (shown(lone.items[0]), lone.total.text) == (("A", SMALL), SMALL)
    pair = build_use(NOVEMBER, "America/New_York", NOW, [(1, "A", "video", "en", 1, 1, 0, 0),
                                                         (2, "B", "video", "en", 1, 1, 0, 0)])
    assert pair.total.text == WITHHELD  # <3 in all over two items: each would be 1
    pinned = build_use(NOVEMBER, "America/New_York", NOW, [(1, "A", "video", "en", 5, 5, 0, 0),
                                                           (2, "B", "video", "en", 1, 1, 0, 0),
                                                           (3, "C", "video", "en", 1, 0, 1, 0)])
    assert [i.total.text for i in pinned.items] == ["5", SMALL, SMALL]
    assert pinned.total.text == WITHHELD  # 7 - 5 would leave 2 for two <3: each 1


def test_a_method_the_vocabulary_lost_is_its_own_column():
    use = build_use(NOVEMBER, "America/New_York", NOW, [(1, "A", "video", "en", 10, 4, 3, 0)])
    assert use.methods == ("email", "post", "link", "unlisted")
    assert [c.text for c in use.items[0].cells] == ["4", "3", "0", "3"]


def test_a_specialist_is_refused(db):
    with pytest.raises(PermissionDenied):
        stats(db, Role.SPECIALIST).library_use(NOVEMBER)


def test_csv_export_is_audited_once_written(db, november, tmp_path):
    supervisor = UserService(db).ensure("jlopez", "Jorge López", Role.SUPERVISOR)
    service = stats(db, user_id=supervisor.id)
    use = service.library_use(NOVEMBER)
    path = tmp_path / "use.csv"
    service.export_library_use(use, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert ["Period", "2026-11-01 to 2026-11-30 (dates in America/New_York, both included)"] in rows
    assert ["Suppression", USE_NOTE] in rows
    assert ["Title", "Kind", "Language", "Email", "Post", "Link", "Total"] in rows
    assert ["Signs of trafficking", "Fact sheet", "English", "6", "4", "3", "13"] in rows
    assert ["Guía para sobrevivientes", "Toolkit", "Spanish", WITHHELD, SMALL, "0", "6"] in rows
    assert ["Hotel staff video", "Video", "English", "—", "—", "—", SMALL] in rows
    assert ["All items", "", "", "", "", "", "22"] in rows
    assert not [r for r in rows[5:] if {"1", "2"} & set(r[3:])]
    with db.read() as session:
        events = list(session.scalars(select(AuditEvent).where(AuditEvent.action == "export")))
    assert [(e.record_type, e.record_id, e.note, e.user_id) for e in events] == [
        ("library_use", "2026-11-01/2026-11-30", "csv", supervisor.id)]
    with pytest.raises(OSError):
        service.export_library_use(use, tmp_path / "missing" / "use.csv")
    with db.read() as session:
        assert session.scalar(select(func.count()).where(AuditEvent.action == "export")) == 1  # none for the failure


def test_counted_in_sql_on_postgresql(pg_db):
    staff = UserService(pg_db).ensure("pat", "Pat Okafor", Role.PROGRAM_STAFF)
    item = add_item(pg_db, staff.id, "Signs of trafficking")
    send(pg_db, item, {"email": 3, "post": 4})
    send(pg_db, None, {"link": 5}, title="Old brochure")
    send(pg_db, item, {"email": 7}, at=IN_NOVEMBER + timedelta(days=40))
    use = stats(pg_db).library_use(NOVEMBER)
    assert [shown(i) for i in use.items] == [("Signs of trafficking", "3", "4", "0", "7"),
                                             ("Old brochure", "0", "0", "5", "5")]
    assert use.total.text == "12"
    start, end = NOVEMBER.instants(stats(pg_db).zone)
    with pg_db.read() as session:
        assert len(use_rows(session, start, end)) == 2  # one grouped row per item, never a row per send
