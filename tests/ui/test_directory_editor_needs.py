"""The editor's Categories and Hours pages from the keyboard (issue 4): the
checkable lists take Tab and Space, the week is a grid of time edits, each
error shows on its day's line, and a save is found by the search at once."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTime
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication

from console.services.directory import DirectoryQuery, DirectoryService
from console.services.directory_edit_needs import HoursForm, NeedsForm
from console.vocabulary import Role
from tests.factories import add_directory_service
from tests.ui.test_directory_editor import answer_yes, open_editor, staff_service  # noqa: F401 (autouse: no dialog blocks)


def hits(db, **filters) -> list[str]:
    return [h.service_name for h in DirectoryService(db, Role.SPECIALIST).search(DirectoryQuery(**filters))]


def test_lists_take_tab_and_space_and_the_save_is_found_by_category_and_language(qtbot, db):
    service_id = add_directory_service(db, "Harbor drop-in", "Harbor House", zip_code="77002")
    service = staff_service(db)
    dialog = open_editor(qtbot, service, service.load(service_id))
    page = dialog.needs_page
    dialog.tabs.setCurrentWidget(page)
    page.categories.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.categories)
    qtbot.keyClick(page.categories, Qt.Key.Key_Space)  # the first one: shelter
    qtbot.keyClick(page.categories, Qt.Key.Key_Down)
    qtbot.keyClick(page.categories, Qt.Key.Key_Space)  # legal
    assert page.categories.codes() == ("shelter", "legal")
    qtbot.keyClick(page.categories, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.populations  # one Tab stop a list
    qtbot.keyClick(page.populations, Qt.Key.Key_Space)
    qtbot.keyClick(page.populations, Qt.Key.Key_Tab)
    page.languages.toggle("vi")
    assert dialog.edit().needs == NeedsForm(("shelter", "legal"), ("minors",), ("vi",))
    assert dialog.is_dirty()
    with qtbot.waitSignal(dialog.saved):
        dialog.save_button.click()
    assert hits(db, category="legal") == hits(db, language="vi") == hits(db, population="minors") == ["Harbor drop-in"]
    name = QAccessible.queryAccessibleInterface(page.languages).text(QAccessible.Text.Name)
    assert name == "Languages offered"


def test_the_week_grid_reads_back_and_a_bad_day_is_marked_on_its_line(qtbot, db):
    service_id = add_directory_service(db, "Harbor drop-in", "Harbor House", zip_code="77002", schedules=[
        {"freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR", "opens_at": "09:00", "closes_at": "17:00"}])
    service = staff_service(db)
    dialog = open_editor(qtbot, service, service.load(service_id))
    hours = dialog.hours_page
    assert hours.values() == HoursForm((("09:00", "17:00"),) * 5 + (None, None))
    assert not dialog.is_dirty()
    sunday, opens, closes = hours.days[6]
    assert not opens.isEnabled()
    sunday.setChecked(True)  # Space on the box, as Alt+N then Space would
    assert opens.isEnabled() and closes.isEnabled()
    opens.setTime(QTime(20, 0))
    closes.setTime(QTime(6, 0))
    hours.zone.setEditText("Nowhere/Special")
    dialog.save_button.click()
    rows = hours.error_rows()
    assert "before it opens" in rows["hours.su"].error.message()
    assert "Nowhere/Special" in rows["hours.time_zone"].error.message()
    assert dialog.tabs.currentWidget() is hours and "Hours" in dialog.message.message()
    assert dialog.focusWidget() is opens  # the first bad field
    closes.setTime(QTime(0, 0))  # until midnight
    hours.zone.setCurrentIndex(hours.zone.findData("America/Denver"))
    with qtbot.waitSignal(dialog.saved):
        dialog.save_button.click()
    stored = service.load(service_id).edit.hours
    assert stored.days[6] == ("20:00", "00:00") and stored.time_zone == "America/Denver"


def test_open_24_hours_greys_the_week_and_kept_hours_wait_for_replace(qtbot, db):
    split = [{"byday": "MO", "opens_at": "09:00", "closes_at": "12:00"},
             {"byday": "MO", "opens_at": "13:00", "closes_at": "17:00"}]
    service_id = add_directory_service(db, "Harbor drop-in", "Harbor House", zip_code="77002", schedules=split)
    service = staff_service(db)
    dialog = open_editor(qtbot, service, service.load(service_id))
    hours = dialog.hours_page
    assert not hours.kept.isHidden() and not hours.replace.isHidden() and not hours.open_24h.isEnabled()
    assert hours.values().custom and not dialog.is_dirty()
    hours.replace.setChecked(True)
    hours.open_24h.setChecked(True)
    assert not any(box.isEnabled() for box, _, _ in hours.days)
    with qtbot.waitSignal(dialog.saved):
        dialog.save_button.click()
    assert hits(db, open_24h=True) == ["Harbor drop-in"]
    assert service.load(service_id).edit.hours == HoursForm(open_24h=True)
