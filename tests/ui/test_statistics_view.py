"""The statistics window: opened from the keyboard by a supervisor, absent
for a specialist, reloading when the period changes, exporting files; its
Library use tab likewise."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAction
from PySide6.QtWidgets import QApplication, QFileDialog

from console.cli import open_database
from console.models import MaterialSent, utcnow
from console.services.library import LibraryService
from console.services.statistics import Period, StatisticsService
from console.services.users import UserService
from console.settings import build_settings
from console.vocabulary import Role
from tests.desk import close_desk, open_desk
from tests.factories import FACT_SHEET, make_contact
from ui.statistics.period import CUSTOM, LAST_MONTH, THIS_YEAR
from ui.statistics.window import StatisticsWindow
from ui.workers import ImmediateWorker


def _started(qtbot, window) -> None:
    with qtbot.waitSignal(window.panes_loaded, timeout=10000):
        window.show()
        window.start()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


@pytest.fixture
def supervisor_desk(qtbot, tmp_path):
    db_path = tmp_path / "floor.sqlite3"
    setup = open_database(build_settings(db_url=str(db_path)))
    UserService(setup).ensure("jlopez", "Jorge López", Role.SUPERVISOR)
    for i in range(5):
        make_contact(setup, received_at=utcnow() - timedelta(seconds=i), channel="phone" if i < 3 else "text")
    window, worker, context, db = open_desk(tmp_path / "data", db_path, username="jlopez", display_name="Jorge López")
    qtbot.addWidget(window)
    yield window
    close_desk(window, worker, context, db)
    setup.dispose()


@pytest.fixture
def view(qtbot, db):
    """The window alone on a database with a busy week, counted inline."""
    now = utcnow()
    for i in range(12):
        make_contact(db, received_at=now - timedelta(hours=i), channel=("phone", "text", "email")[i % 3],
                     priority="crisis" if i < 4 else "urgent")
    window = StatisticsWindow(StatisticsService(db, Role.PROGRAM_STAFF), ImmediateWorker())
    qtbot.addWidget(window)
    window.show()
    window.start()
    return window


def test_a_supervisor_opens_statistics_from_the_keyboard(qtbot, supervisor_desk):
    window = supervisor_desk
    _started(qtbot, window)
    assert "Ctrl+Shift+S" in window.findChild(QAction, "actionStatistics").shortcut().toString()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    stats_window = window.statistics_window
    assert stats_window is not None
    qtbot.waitUntil(lambda: stats_window.current is not None, timeout=10000)
    assert stats_window.isVisible()
    assert "Contacts 5" in stats_window.summary.text()
    stats_window.tables.setFocus()
    qtbot.keyClick(stats_window.tables, Qt.Key.Key_Down)  # totals -> request types
    assert stats_window.tables.currentRow() == 1
    assert stats_window.model.index(0, 0).data() == "Crisis"
    qtbot.keyClick(stats_window, Qt.Key.Key_Escape)
    assert not stats_window.isVisible()


def test_a_specialist_has_no_statistics_entry(qtbot, tmp_path):
    window, worker, context, db = open_desk(tmp_path / "data", tmp_path / "desk.sqlite3")
    qtbot.addWidget(window)
    try:
        _started(qtbot, window)
        assert window.findChild(QAction, "actionStatistics") is None
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        assert window.statistics_window is None
    finally:
        close_desk(window, worker, context, db)


def test_changing_the_period_counts_again(qtbot, view):
    today = view._service.today()
    assert view.current is not None and view.current.period == Period.month_of(today)
    with qtbot.waitSignal(view.loaded, timeout=5000) as loaded:
        view.chooser.choose(LAST_MONTH)
    assert loaded.args[0].period == Period.last_month(today)
    assert not view.chooser.first.isEnabled()
    with qtbot.waitSignal(view.loaded, timeout=5000) as loaded:
        view.chooser.choose(THIS_YEAR)
    assert loaded.args[0].period == Period.year_of(today)
    with qtbot.waitSignal(view.loaded, timeout=5000) as loaded:
        view.chooser.set_custom(today - timedelta(days=3), today)
    assert loaded.args[0].period == Period.days(today - timedelta(days=3), today)
    assert view.chooser.preset.currentData() == CUSTOM and view.chooser.first.isEnabled()


def test_tables_and_chart_show_only_suppressed_values(qtbot, qtmodeltester, view):
    today = view._service.today()
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.chooser.set_custom(today - timedelta(days=2), today)  # the last twelve hours, whatever the date
    view.tables.setCurrentRow(4)  # channel
    model = view.model
    qtmodeltester.check(model)
    shown = {model.index(r, 0).data(): model.index(r, 1).data() for r in range(model.rowCount())}
    assert shown["Phone"] == "4" and shown["Text"] == "4" and shown["Email"] == "4" and shown["Total"] == "12"
    assert "Channel" in view.chart.accessibleName() and "Phone: 4" in view.chart.accessibleDescription()
    for table in view.current.all():
        assert all(c.count not in (1, 2) for c in table.cells)


def test_export_writes_the_files(qtbot, view, tmp_path, monkeypatch):
    for kind, button in (("csv", view.export_csv_button), ("xlsx", view.export_xlsx_button)):
        target = tmp_path / f"stats.{kind}"
        chosen = (str(target), "")
        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, chosen=chosen, **k: chosen))
        with qtbot.waitSignal(view.exported, timeout=5000):
            button.click()
        assert target.stat().st_size > 0
        assert "Saved" in view.state.text()
    assert (tmp_path / "stats.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_a_refused_export_says_so(qtbot, view, tmp_path, monkeypatch):
    target = tmp_path / "missing-folder" / "stats.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    view.export_csv_button.click()
    assert "not saved" in view.state.text()


def test_every_control_has_an_object_and_accessible_name(view):
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox, QWidget

    kinds = (QAbstractButton, QComboBox, QAbstractSpinBox, QAbstractItemView)
    missing = []
    for widget in view.findChildren(QWidget):
        if not isinstance(widget, kinds) or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if widget.window() is not view or widget.focusProxy() is not None:
            continue
        name = QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)
        if not widget.objectName() or not name:
            missing.append((type(widget).__name__, widget.objectName(), name))
    assert missing == []


def test_an_answer_for_a_period_no_longer_chosen_is_dropped(qtbot, view):
    this_month = view.current
    assert not view.busy.isVisible()
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.chooser.choose(LAST_MONTH)
    view.show_statistics(this_month)  # late, from before the change
    assert view.current.period == Period.last_month(view._service.today())


# -- library use -------------------------------------------------------------------

def _sent(db, item_id: int, method: str, times: int) -> None:
    contact = make_contact(db, received_at=utcnow() - timedelta(minutes=5))
    with db.write() as session:
        session.add_all(MaterialSent(contact_id=contact, item_id=item_id, item_title="sent", method=method,
                                     sent_at=utcnow() - timedelta(minutes=5)) for _ in range(times))


@pytest.fixture
def library_desk(qtbot, tmp_path):
    """A supervisor's desk on a database where three library items were sent this month."""
    db_path = tmp_path / "floor.sqlite3"
    setup = open_database(build_settings(db_url=str(db_path)))
    staff = UserService(setup).ensure("jlopez", "Jorge López", Role.SUPERVISOR)
    library = LibraryService(setup, Role.SUPERVISOR)
    ids = [library.add(dataclasses.replace(FACT_SHEET, title=title, kind=kind, language=language), staff.id).item_id
           for title, kind, language in (("Signs of trafficking", "fact_sheet", "en"),
                                         ("Guía para sobrevivientes", "toolkit", "es"), ("Hotel video", "video", "en"))]
    for item, method, times in ((ids[0], "email", 5), (ids[0], "post", 3), (ids[1], "link", 4), (ids[2], "post", 1)):
        _sent(setup, item, method, times)
    window, worker, context, db = open_desk(tmp_path / "data", db_path, username="jlopez", display_name="Jorge López")
    qtbot.addWidget(window)
    yield window
    close_desk(window, worker, context, db)
    setup.dispose()


def test_library_use_opens_from_the_keyboard_and_shows_suppressed_sends(qtbot, qtmodeltester, library_desk):
    window = library_desk
    _started(qtbot, window)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    stats_window = window.statistics_window
    qtbot.waitUntil(lambda: stats_window.current is not None, timeout=10000)
    stats_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is stats_window)
    panel = stats_window.library
    assert panel.current is None  # counted only once its tab is shown
    with qtbot.waitSignal(panel.loaded, timeout=10000) as loaded:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)  # &Library use
    assert stats_window.tabs.currentWidget() is panel
    assert loaded.args[0].period == stats_window.chooser.period()
    model = panel.model
    qtmodeltester.check(model)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Title", "Kind", "Language", "Email", "Post (mail)", "Link given", "Total"]
    rows = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert rows == [
        ["Signs of trafficking", "Fact sheet", "English", "5", "3", "0", "8"],
        ["Guía para sobrevivientes", "Toolkit", "Spanish", "0", "0", "4", "4"],
        ["Hotel video", "Video", "English", "—", "—", "—", "<3"],  # sent once: no split, no 1
    ]
    assert "3 item(s) sent · sends in all: x" in panel.state.text()  # 13 - 8 - 4 would give the <3 away
    assert panel.export_button.isEnabled()


def test_library_use_follows_the_period_and_exports_csv(qtbot, view, tmp_path, monkeypatch):
    panel = view.library
    with qtbot.waitSignal(panel.loaded, timeout=5000):
        view.tabs.setCurrentWidget(panel)
    assert panel.model.rowCount() == 0 and "sends in all: 0" in panel.state.text()
    with qtbot.waitSignal(panel.loaded, timeout=5000) as loaded:
        view.chooser.choose(THIS_YEAR)
    assert loaded.args[0].period == Period.year_of(view._service.today())
    target = tmp_path / "use.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    with qtbot.waitSignal(panel.exported, timeout=5000):
        panel.export_button.click()
    assert target.read_bytes().startswith(b"\xef\xbb\xbf") and "Saved" in panel.state.text()
