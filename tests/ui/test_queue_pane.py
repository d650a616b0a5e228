"""The queue table model and pane, offscreen with pytest-qt."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QTableView

from console.changefeed import open_change_feed
from console.services.queue import QueueItem, QueueService
from console.services.users import UserService
from console.vocabulary import CallerType, ContactStatus, Priority, RequestType, Role
from tests.factories import make_contact
from ui.queue.model import (
    COL_STATUS,
    COL_URGENCY,
    COL_WAITING,
    QueueModel,
    RowRole,
    SortRole,
    waiting_text,
)
from ui.queue.pane import QueuePane
from ui.workers import DbWorker, ImmediateWorker

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2025, 3, 4, 15, 0, tzinfo=timezone.utc)


def item(cid: int, *, version: int = 1, priority=Priority.URGENT, waited: int = 60, **changes) -> QueueItem:
    base = QueueItem(
        cid, version, priority, RequestType.TIP, ContactStatus.WAITING, NOW - timedelta(seconds=waited),
        CallerType.UNKNOWN, "TX", None, None, None, f"summary {cid}",
    )
    return dataclasses.replace(base, **changes)


def ids(model: QueueModel) -> list[int]:
    return [model.item_at(r).contact_id for r in range(model.rowCount())]


def accessible_name(widget) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)


# -- the model -------------------------------------------------------------------

@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0:00"), (42, "0:42"), (723, "12:03"), (3599, "59:59"), (3900, "1 h 05"), (90000, "1 d 01 h"), (-5, "0:00")],
)
def test_waiting_time_text(seconds, text):
    assert waiting_text(seconds) == text


def test_model_passes_qt_model_tester_while_it_changes(qapp, qtmodeltester):
    model = QueueModel(now=NOW)
    model.set_items([item(i, waited=100 - i) for i in range(1, 8)])
    qtmodeltester.check(model)
    # The tester keeps watching: insert, remove, move, change and tick under it.
    model.set_items([item(9, priority=Priority.CRISIS), item(1), item(3, version=2), item(4), item(2), item(6)])
    model.set_items([item(6), item(9, priority=Priority.CRISIS), item(4)])
    model.tick(NOW + timedelta(seconds=1))
    model.set_items([])
    model.set_items([item(1)])


def test_model_shows_urgency_as_word_icon_and_colour(qapp):
    model = QueueModel(now=NOW)
    model.set_items([item(1, priority=Priority.CRISIS), item(2), item(3, priority=Priority.NON_URGENT)])
    words = [model.index(r, COL_URGENCY).data() for r in range(3)]
    assert words == ["CRISIS", "URGENT", "non-urgent"]
    for r in range(3):
        assert not model.index(r, COL_URGENCY).data(Qt.ItemDataRole.DecorationRole).isNull()
    assert model.index(0, COL_URGENCY).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(0, COL_URGENCY).data(SortRole) == 0
    assert model.index(1, COL_WAITING).data() == "1:00"
    assert model.index(0, COL_URGENCY).data(RowRole).contact_id == 1
    assert "Contact #1" in model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert model.headerData(COL_URGENCY, Qt.Orientation.Horizontal) == "Urgency"


def test_status_column_names_the_holder_and_you(qapp):
    model = QueueModel(user_id=7, now=NOW)
    model.set_items([
        item(1, status=ContactStatus.IN_PROGRESS, assigned_to_id=7, assigned_to_name="Dana Reyes"),
        item(2, status=ContactStatus.IN_PROGRESS, assigned_to_id=8, assigned_to_name="Sam Ortiz"),
        item(3),
    ])
    assert [model.index(r, COL_STATUS).data() for r in range(3)] == ["You", "Sam Ortiz", "Waiting"]


def test_refresh_updates_in_place_keeping_selection_and_scroll(qtbot):
    model = QueueModel(now=NOW)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(500, 300)
    rows = [item(i, waited=10_000 - i) for i in range(1, 201)]
    model.set_items(rows)
    view.show()
    picked = model.index(150, 0)
    view.selectionModel().setCurrentIndex(
        picked, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    view.scrollTo(picked)
    scroll = view.verticalScrollBar().value()
    assert scroll > 0
    signals = {"reset": 0, "inserted": 0, "removed": 0, "moved": 0, "changed": 0}
    model.modelReset.connect(lambda: signals.__setitem__("reset", signals["reset"] + 1))
    model.rowsInserted.connect(lambda *a: signals.__setitem__("inserted", signals["inserted"] + 1))
    model.rowsRemoved.connect(lambda *a: signals.__setitem__("removed", signals["removed"] + 1))
    model.rowsMoved.connect(lambda *a: signals.__setitem__("moved", signals["moved"] + 1))
    model.dataChanged.connect(lambda *a: signals.__setitem__("changed", signals["changed"] + 1))

    # Far below the selection: one contact closed, one new, one edited, one moved.
    fresh = rows[:180] + rows[181:]
    fresh[190] = dataclasses.replace(fresh[190], version=2, caller_state="NM")
    fresh.insert(195, item(999, waited=1))
    fresh.insert(170, fresh.pop(185))
    model.set_items(fresh)

    assert ids(model) == [i.contact_id for i in fresh]
    assert signals == {"reset": 0, "inserted": 1, "removed": 1, "moved": 1, "changed": 1}
    assert view.currentIndex().data(RowRole).contact_id == 151
    assert [i.row() for i in view.selectionModel().selectedRows()] == [150]
    assert view.verticalScrollBar().value() == scroll

    # A contact moved above the selection: the selection follows its contact.
    fresh.insert(0, fresh.pop(160))
    model.set_items(fresh)
    assert view.currentIndex().data(RowRole).contact_id == 151
    assert signals["reset"] == 0 and signals["moved"] == 2


def test_tick_repaints_only_the_clock_column(qtbot):
    model = QueueModel(now=NOW)
    model.set_items([item(1, waited=42), item(2, waited=3900)])
    with qtbot.waitSignal(model.dataChanged) as changed:
        model.tick(NOW + timedelta(seconds=1))
    top_left, bottom_right = changed.args[:2]
    assert (top_left.column(), bottom_right.column()) == (COL_WAITING, COL_WAITING)
    assert (top_left.row(), bottom_right.row()) == (0, 1)
    assert [model.index(r, COL_WAITING).data() for r in range(2)] == ["0:43", "1 h 05"]


# -- the pane --------------------------------------------------------------------

@pytest.fixture
def services(db):
    feed = open_change_feed(db)
    yield QueueService(db), feed
    feed.close()


@pytest.fixture
def pane(qtbot, services, specialist):
    queue, feed = services
    widget = QueuePane(queue, feed, ImmediateWorker(), specialist, poll_ms=50)
    qtbot.addWidget(widget)
    yield widget
    widget.stop()


def test_pane_loads_counts_and_names_its_controls(qtbot, db, pane):
    make_contact(db, priority="crisis")
    make_contact(db)
    with qtbot.waitSignal(pane.loaded):
        pane.start()
    assert pane.title.text() == "Queue (2)"
    assert pane.table.objectName() == "queueTable"
    for widget in (pane.table, pane.claim_button, pane.open_button, pane.close_button, pane.title, pane.status):
        assert widget.objectName()
        assert accessible_name(widget)
    assert accessible_name(pane.claim_button) == "Claim the next waiting contact"
    assert "F2" in pane.claim_button.text()


def test_claim_next_selects_the_row_and_asks_to_open_it(qtbot, db, pane, specialist):
    make_contact(db, priority="urgent", received_at=NOW)
    crisis = make_contact(db, priority="crisis", received_at=NOW + timedelta(minutes=1))
    pane.start()
    with qtbot.waitSignal(pane.contact_open_requested) as opened:
        pane.claim_next()
    assert opened.args == [crisis]
    chosen = pane.selected_item()
    assert chosen.contact_id == crisis and chosen.assigned_to_id == specialist.id
    assert pane.model.index(0, COL_STATUS).data() == "You"


def test_claim_of_someone_elses_contact_reports_the_holder(qtbot, db, pane):
    sam = UserService(db).ensure("sam", "Sam Ortiz", Role.SPECIALIST)
    cid = make_contact(db)
    pane.start()
    pane.focus_table()
    QueueService(db).claim(cid, sam.id)  # another desk, before this one refreshed
    with qtbot.waitSignal(pane.claim_failed) as failed:
        pane.claim_selected()
    assert "Sam Ortiz" in failed.args[0]
    qtbot.waitUntil(lambda: pane.model.index(0, COL_STATUS).data() == "Sam Ortiz")


def test_close_selected_removes_the_row(qtbot, db, pane):
    make_contact(db, received_at=NOW)
    keep = make_contact(db, received_at=NOW + timedelta(minutes=1))
    pane.start()
    pane.focus_table()
    pane.close_selected()
    assert ids(pane.model) == [keep]
    assert pane.title.text() == "Queue (1)"


def test_enter_and_double_click_ask_to_open(qtbot, db, pane):
    cid = make_contact(db)
    pane.start()
    pane.focus_table()
    with qtbot.waitSignal(pane.contact_open_requested) as opened:
        qtbot.keyClick(pane.table, Qt.Key.Key_Return)
    assert opened.args == [cid]
    with qtbot.waitSignal(pane.contact_open_requested) as opened:
        pane.table.doubleClicked.emit(pane.model.index(0, 2))
    assert opened.args == [cid]


def test_the_poll_picks_up_a_change_only_when_the_feed_says_so(qtbot, db, pane):
    pane.start()
    assert pane.model.rowCount() == 0
    make_contact(db, priority="crisis")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 1, timeout=3000)
    assert pane.title.text() == "Queue (1)"


def test_a_new_crisis_is_announced_to_screen_readers(qtbot, db, pane, monkeypatch):
    announced = []
    monkeypatch.setattr(QAccessible, "updateAccessibility", lambda event: announced.append(event.message()))
    make_contact(db, priority="urgent")
    pane.start()
    make_contact(db, priority="crisis")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 2, timeout=3000)
    assert len(announced) == 1 and "crisis" in announced[0]


_OTHER_DESK = """
import sys
sys.path.insert(0, {root!r})
from pathlib import Path
from console.db import Database, DatabaseTarget
from tests.factories import make_contact
db = Database(DatabaseTarget.sqlite_file(Path({path!r})))
print(make_contact(db, priority="crisis", summary="Entered on another desk"))
db.dispose()
"""


@pytest.mark.slow
def test_a_contact_saved_by_another_process_appears_within_a_second(qtbot, db, db_path, services, specialist):
    queue, feed = services
    worker = DbWorker()
    pane = QueuePane(queue, feed, worker, specialist, poll_ms=300)
    qtbot.addWidget(pane)
    try:
        with qtbot.waitSignal(pane.loaded, timeout=3000):
            pane.start()
        code = _OTHER_DESK.format(root=str(ROOT), path=str(db_path))
        done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
        cid = int(done.stdout)
        qtbot.waitUntil(lambda: cid in ids(pane.model), timeout=3000)
        assert pane.model.item_at(0).summary_preview == "Entered on another desk"
    finally:
        pane.stop()
        worker.wait_idle()


class FlakyFeed:
    """A change feed whose database is unreachable for the first ``failures`` calls."""

    def __init__(self, failures: int):
        self.failures = failures

    def changed(self) -> bool:
        if self.failures:
            self.failures -= 1
            raise OSError("disk I/O error")
        return True

    def close(self) -> None:
        pass


def test_a_failed_read_says_so_in_plain_words_and_recovers(qtbot, db, specialist):
    make_contact(db)
    pane = QueuePane(QueueService(db), FlakyFeed(failures=1), ImmediateWorker(), specialist, poll_ms=20)
    qtbot.addWidget(pane)
    pane.start()
    assert "tell IT" in pane.status.text() and "disk" not in pane.status.text()
    qtbot.waitUntil(lambda: pane.model.rowCount() == 1, timeout=3000)
    assert pane.status.text() == ""
    pane.stop()


def test_the_claim_button_claims_the_next_contact(qtbot, db, pane):
    cid = make_contact(db)
    pane.start()
    with qtbot.waitSignal(pane.contact_open_requested) as opened:
        pane.claim_button.click()
    assert opened.args == [cid]
    assert pane.status.text() == f"You have contact #{cid}."


def test_program_staff_can_narrow_the_queue_to_messages_and_follow_ups(qtbot, db, specialist):
    import dataclasses
    from datetime import datetime, timezone

    from console.changefeed import open_change_feed
    from console.services.intake import ContactForm, IntakeService
    from console.services.queue import QueueService
    from ui.queue.pane import QueuePane
    from ui.workers import ImmediateWorker

    from datetime import timedelta
    from zoneinfo import ZoneInfo

    # Next Saturday, 9:30 pm ET: a message whose due time is surely still ahead of the model's clock.
    today = datetime.now(ZoneInfo("America/New_York"))
    saturday = today + timedelta(days=(5 - today.weekday()) % 7 or 7)
    night = saturday.replace(hour=21, minute=30, second=0, microsecond=0).astimezone(timezone.utc)
    intake = IntakeService(db, clock=lambda: night)
    form = ContactForm(caller_type="educator", summary="Wants materials.", keep_with_me=False)
    message = intake.save(dataclasses.replace(form, primary_request="general_info"), specialist.id).id
    tip = intake.save(dataclasses.replace(form, primary_request="tip"), specialist.id).id
    feed = open_change_feed(db)
    pane = QueuePane(QueueService(db, clock=lambda: night), feed, ImmediateWorker(), specialist)
    qtbot.addWidget(pane)
    pane.start()
    try:
        assert [pane.model.item_at(r).contact_id for r in range(pane.model.rowCount())] == [tip, message]
        pane.show_follow_ups(True)
        assert [pane.model.item_at(r).contact_id for r in range(pane.model.rowCount())] == [message]
        assert pane.model.data(pane.model.index(0, 1)).startswith("due in ")
        pane.show_follow_ups(False)
        assert pane.model.rowCount() == 2
    finally:
        pane.stop()
        feed.close()
