"""Statistics over a period: counts on a known data set, period edges in the
hotline's zone, suppression, who may see them, and the CSV and XLSX files."""

from __future__ import annotations

import csv
import re
import zipfile
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from console.demo.directory import ensure_taxonomies
from console.errors import PermissionDenied
from console.models import Attribute, ContactRequest, PotentialVictim, Referral
from console.services.statistics import Period, Statistics, StatisticsService
from console.statistics_export import Names, escape_formula, write_csv, write_xlsx
from console.suppression import NOTE, SMALL, WITHHELD
from console.vocabulary import CATEGORY_TAXONOMY, Role
from tests.factories import add_service, make_contact

NY = ZoneInfo("America/New_York")
MARCH = Period.month_of(date(2026, 3, 1))
NOW = datetime(2026, 4, 15, 12, tzinfo=timezone.utc)


def service(db, role=Role.SUPERVISOR) -> StatisticsService:
    return StatisticsService(db, role, "America/New_York", clock=lambda: NOW)


def counts(stats: Statistics, key: str) -> dict[str, str]:
    """The non-zero cells of one table as shown, and its total."""
    table = next(b for b in stats.all() if b.key == key)
    shown = {c.code: c.text for c in table.cells if c.text != "0"}
    if table.total is not None:
        shown["TOTAL"] = table.total.text
    return shown


@pytest.fixture
def march(db):
    """Ten contacts on 10 March 2026, every count 0 or at least 3."""
    shelter = add_service(db, "Emergency shelter", "Harbor House")
    received = datetime(2026, 3, 10, 15, tzinfo=timezone.utc)
    with db.write() as session:
        terms = ensure_taxonomies(session)
        for i, code in enumerate(("shelter", "legal")):
            session.add(Attribute(id=f"attr-{i}", link_id=shelter, link_entity="service",
                                  taxonomy_term_id=terms[(CATEGORY_TAXONOMY, code)]))
    ids = []
    for i in range(10):
        closed = i < 6
        ids.append(make_contact(
            db, received_at=received, priority="crisis" if i < 3 else "urgent",
            primary_request="crisis" if i < 3 else "tip" if i < 7 else "referral",
            status="closed" if closed else "waiting",
            closed_at=received + timedelta(days=1 if i < 3 else 6) if closed else None,
            follow_up_due=received + timedelta(days=5 if closed else 1) if i < 9 else None,
            caller_type="community_member" if i % 2 == 0 else "law_enforcement",
            channel="phone" if i < 6 else "text", language="es" if i < 3 else "en",
            venue="agriculture" if i < 4 else "unknown", trafficking_type="labor" if i < 4 else "not_specified",
        ))
    with db.write() as session:
        for i in (7, 8, 9):
            session.add(ContactRequest(contact_id=ids[i], request_type="tta", is_primary=False))
        for i in (0, 1, 2):
            session.add(PotentialVictim(contact_id=ids[i], position=1, count=2, age_group="adult"))
        for status in ("referred", "referred", "referred", "refused", "refused", "refused"):
            session.add(Referral(contact_id=ids[7], service_id=shelter, service_name="Emergency shelter",
                                 organization_name="Harbor House", status=status))
    return ids


def test_counts_on_a_known_data_set(db, march):
    stats = service(db).statistics(MARCH)
    assert counts(stats, "totals") == {"contacts": "10", "data_contacts": "10", "potential_victims": "6",
                                       "referrals_given": "3", "tta_requests": "3", "follow_ups": "9"}
    assert counts(stats, "primary_request") == {"crisis": "3", "tip": "4", "referral": "3", "TOTAL": "10"}
    assert counts(stats, "request_type") == {"crisis": "3", "tip": "4", "referral": "3", "tta": "3", "TOTAL": "10"}
    assert counts(stats, "channel") == {"phone": "6", "text": "4", "TOTAL": "10"}
    assert counts(stats, "caller_type") == {"community_member": "5", "law_enforcement": "5", "TOTAL": "10"}
    assert counts(stats, "status") == {"closed": "6", "waiting": "4", "TOTAL": "10"}
    assert counts(stats, "venue") == {"agriculture": "4", "unknown": "6", "TOTAL": "10"}
    assert counts(stats, "trafficking_type") == {"labor": "4", "not_specified": "6", "TOTAL": "10"}
    assert counts(stats, "language") == {"es": "3", "en": "7", "TOTAL": "10"}
    assert counts(stats, "outcome") == {"data": "10", "TOTAL": "10"}
    assert counts(stats, "referral_status") == {"referred": "3", "refused": "3", "TOTAL": "6"}
    assert counts(stats, "referral_category") == {"shelter": "3", "legal": "3", "TOTAL": "3"}
    assert counts(stats, "tta_urgency") == {"urgent": "3", "TOTAL": "3"}
    assert counts(stats, "follow_up") == {"on_time": "3", "late": "3", "open_overdue": "3", "TOTAL": "9"}
    assert stats.period == MARCH and stats.time_zone == "America/New_York"
    tip = next(c for c in stats.breakdowns[1].cells if c.code == "tip")
    assert stats.breakdowns[1].share(tip) == pytest.approx(0.4)


def test_the_period_runs_from_local_midnight_to_local_midnight(db):
    edges = {  # UTC instant -> the local month it belongs to
        datetime(2026, 3, 1, 4, 59, tzinfo=timezone.utc): "feb",  # 23:59 EST on 28 Feb
        datetime(2026, 3, 1, 5, 0, tzinfo=timezone.utc): "mar",  # 00:00 EST on 1 Mar
        datetime(2026, 4, 1, 3, 59, 59, tzinfo=timezone.utc): "mar",  # 23:59:59 EDT on 31 Mar (after DST began)
        datetime(2026, 4, 1, 4, 0, tzinfo=timezone.utc): "apr",  # 00:00 EDT on 1 Apr
    }
    for moment in edges:
        for _ in range(3):
            make_contact(db, received_at=moment)
    stats = service(db)
    totals = {name: counts(stats.statistics(period), "totals")["contacts"] for name, period in (
        ("feb", Period.month_of(date(2026, 2, 1))), ("mar", MARCH), ("apr", Period.month_of(date(2026, 4, 1))))}
    assert totals == {"feb": "3", "mar": "6", "apr": "3"}
    assert MARCH.instants(NY) == (datetime(2026, 3, 1, tzinfo=NY), datetime(2026, 4, 1, tzinfo=NY))


def test_periods_people_choose():
    today = date(2026, 1, 20)
    assert Period.month_of(today) == Period(date(2026, 1, 1), date(2026, 2, 1))
    assert Period.last_month(today) == Period(date(2025, 12, 1), date(2026, 1, 1))
    assert Period.year_of(today) == Period(date(2026, 1, 1), date(2027, 1, 1))
    assert Period.days(date(2026, 1, 5), date(2026, 1, 5)).end == date(2026, 1, 6)
    with pytest.raises(ValueError):
        Period(date(2026, 1, 5), date(2026, 1, 5))


def test_small_counts_leave_the_service_suppressed(db):
    received = datetime(2026, 3, 10, 15, tzinfo=timezone.utc)
    for i in range(7):
        make_contact(db, received_at=received, priority="crisis" if i < 2 else "urgent",
                     channel="chat" if i == 0 else "phone")
    stats = service(db).statistics(MARCH)
    assert counts(stats, "primary_request") == {"crisis": SMALL, "tip": WITHHELD, "TOTAL": "7"}
    assert counts(stats, "channel") == {"chat": SMALL, "phone": WITHHELD, "TOTAL": "7"}
    for table in stats.all():
        for cell in (*table.cells, *([table.total] if table.total else [])):
            assert cell.count not in (1, 2)
            assert cell.mark or cell.count is not None


def test_a_period_with_fewer_than_three_contacts_shows_no_table(db):
    make_contact(db, received_at=datetime(2026, 3, 10, 15, tzinfo=timezone.utc))
    make_contact(db, received_at=datetime(2026, 3, 11, 15, tzinfo=timezone.utc))
    stats = service(db).statistics(MARCH)
    assert counts(stats, "totals")["contacts"] == SMALL
    contact_tables = [b for b in stats.breakdowns if b.total is not None and b.total.mark]
    assert contact_tables and all(b.withheld and b.cells == () for b in contact_tables)


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.PROGRAM_STAFF, Role.ADMIN])
def test_supervisors_program_staff_and_admins_see_statistics(db, role):
    assert service(db, role).statistics(MARCH).totals.cells[0].count == 0


def test_a_specialist_is_refused(db):
    with pytest.raises(PermissionDenied):
        service(db, Role.SPECIALIST).statistics(MARCH)
    assert not service(db, Role.SPECIALIST).permitted


def test_csv_has_a_bom_the_period_the_note_and_only_suppressed_values(db, march, tmp_path):
    make_contact(db, received_at=datetime(2026, 3, 12, 15, tzinfo=timezone.utc), channel="chat")
    stats = service(db).statistics(MARCH)
    path = tmp_path / "stats.csv"
    write_csv(stats, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert ["Period", "2026-03-01 to 2026-03-31 (dates in America/New_York, both included)"] in rows
    assert ["Suppression", NOTE] in rows
    assert ["Channel", "Chat", SMALL, ""] in rows
    assert ["Channel", "Text", WITHHELD, ""] in rows  # else 11 - 6 - 4 would give the chat away
    assert ["Channel", "Phone", "6", "54.5"] in rows
    assert ["Venue / industry", "Agriculture", "4", "36.4"] in rows
    assert not [r for r in rows if len(r) == 4 and r[2] in ("1", "2")]


def test_csv_cells_that_look_like_formulas_are_escaped(db, march, tmp_path):
    assert [escape_formula(t) for t in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "Crisis", "<3")] == [
        "'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", "Crisis", "<3"]
    path = tmp_path / "evil.csv"
    write_csv(service(db).statistics(MARCH), path, Names(label=lambda key, code: "=HYPERLINK(\"http://x\")"))
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert any(row[1] == "'=HYPERLINK(\"http://x\")" for row in rows if len(row) == 4)


def _xlsx_cells(path) -> list[str]:
    """Every cell of the first sheet as text (shared strings resolved); formulas fail the test."""
    with zipfile.ZipFile(path) as book:
        strings = [re.sub(r"<[^>]+>", "", s) for s in
                   re.findall(r"<si>(.*?)</si>", book.read("xl/sharedStrings.xml").decode(), re.S)]
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
    cells = []
    for kind, value in re.findall(r'<c r="[A-Z]+\d+"(?: s="\d+")?(?: t="(\w+)")?>\s*<v>([^<]*)</v>', sheet):
        cells.append(strings[int(value)] if kind == "s" else value)
    return [c.replace("&lt;", "<").replace("&amp;", "&") for c in cells]


def test_xlsx_has_the_period_the_note_and_only_suppressed_values(db, march, tmp_path):
    make_contact(db, received_at=datetime(2026, 3, 12, 15, tzinfo=timezone.utc), channel="chat")
    path = tmp_path / "stats.xlsx"
    write_xlsx(service(db).statistics(MARCH), path, Names(label=lambda key, code: f"={code}"))
    cells = _xlsx_cells(path)
    assert "2026-03-01 to 2026-03-31 (dates in America/New_York, both included)" in cells
    assert NOTE in cells and SMALL in cells and "=chat" in cells  # a string, not a formula
    assert "Channel" in cells and "6" in cells and WITHHELD in cells
    assert "1" not in cells and "2" not in cells
