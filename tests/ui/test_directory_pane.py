"""The directory pane and its results model, offscreen with pytest-qt, over a
generated directory in a real SQLite file."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTextBrowser,
)
from sqlalchemy import select

from console.db import Database, DatabaseTarget
from console.demo.directory import generate_directory
from console.errors import ConsoleError
from console.models import Address, Phone, ServiceAtLocation
from console.schema import upgrade
from console.services.directory import DirectoryQuery, DirectoryService, ServiceHit
from console.vocabulary import Role
from ui.directory.model import (
    COL_CATEGORIES,
    COL_DISTANCE,
    COL_HOURS,
    COL_NOTES,
    COL_ORGANIZATION,
    COL_PLACE,
    ServiceHitModel,
)
from ui.directory.pane import DEBOUNCE_MS, DirectoryPane
from ui.tables import RowRole, SortRole
from ui.workers import DbWorker, ImmediateWorker


@pytest.fixture(scope="module")
def directory_db(tmp_path_factory) -> Database:
    database = Database(DatabaseTarget.sqlite_file(tmp_path_factory.mktemp("pane") / "directory.sqlite3"))
    upgrade(database)
    generate_directory(database, 120)
    yield database
    database.dispose()


@pytest.fixture
def directory(directory_db) -> DirectoryService:
    return DirectoryService(directory_db, Role.SPECIALIST)


class CountingWorker(ImmediateWorker):
    """Runs inline and counts what it was given."""

    def __init__(self):
        self.submitted = 0

    def submit(self, fn, on_done=None, on_error=None, *, owner=None) -> None:
        self.submitted += 1
        super().submit(fn, on_done, on_error, owner=owner)


class HeldWorker:
    """Keeps every job until the test runs it, in the order the test likes."""

    def __init__(self):
        self.jobs: list[tuple] = []

    def submit(self, fn, on_done=None, on_error=None, *, owner=None) -> None:
        self.jobs.append((fn, on_done, on_error))

    def run(self, position: int = 0) -> None:
        fn, on_done, _on_error = self.jobs.pop(position)
        on_done(fn())


def make_pane(qtbot, directory, worker=None) -> DirectoryPane:
    pane = DirectoryPane(directory, worker or ImmediateWorker())
    qtbot.addWidget(pane)
    pane.resize(480, 700)
    return pane


@pytest.fixture
def pane(qtbot, directory) -> DirectoryPane:
    widget = make_pane(qtbot, directory)
    with qtbot.waitSignal(widget.loaded, timeout=5000):
        widget.start()
    return widget


def hits(pane: DirectoryPane) -> list[ServiceHit]:
    return [pane.model.hit(row) for row in range(pane.model.rowCount())]


def accessible_name(widget) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)


def choose(combo: QComboBox, code: str) -> None:
    combo.setCurrentIndex(combo.findData(code))


# -- the model -------------------------------------------------------------------

def test_model_passes_qt_model_tester(qapp, qtmodeltester, directory):
    model = ServiceHitModel()
    model.set_rows(directory.search(DirectoryQuery("shelter", limit=30)))
    assert model.rowCount() == 30
    qtmodeltester.check(model)
    model.set_rows(directory.search(DirectoryQuery("legal", limit=10)))  # the tester keeps watching
    model.set_rows(())


def test_model_roles_and_in_place_updates(qapp, directory):
    model = ServiceHitModel()
    found = directory.search(DirectoryQuery("shelter", limit=5))
    model.set_rows(found)
    index = model.index(0, COL_PLACE)
    assert index.data(RowRole) == found[0]
    assert index.data() == f"{found[0].city}, {found[0].state}"
    assert model.index(0, COL_ORGANIZATION).data(SortRole) == found[0].organization_name.casefold()
    assert model.headerData(COL_ORGANIZATION, Qt.Orientation.Horizontal) == "Organization"
    assert model.rowCount(index) == 0 and model.columnCount(index) == 0
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    model.set_rows(found)  # the same services again: no reset
    assert not resets
    model.set_rows(found[1:])
    assert resets


# -- searching -------------------------------------------------------------------

def test_start_shows_the_directory_and_the_states_with_services(pane, directory):
    assert pane.model.rowCount() == 100
    states = directory.states()
    assert pane.state_combo.count() == len(states) + 1 and pane.state_combo.itemText(0) == "Any"
    texas = pane.state_combo.findData("TX")
    assert texas < 0 or pane.state_combo.itemText(texas) == "TX – Texas"
    assert "100" in pane.status.text()


def test_typing_searches_once_typing_pauses(qtbot, directory):
    worker = CountingWorker()
    pane = make_pane(qtbot, directory, worker)
    pane.start()
    before = worker.submitted
    qtbot.keyClicks(pane.search_edit, "immigration")
    qtbot.waitUntil(lambda: pane.model.rowCount() and all(
        "immigration" in (h.service_name + h.organization_name).lower() or "immigration_legal" in h.categories
        or "interpretation" in h.categories or "legal" in h.categories
        for h in hits(pane)
    ), timeout=3000)
    assert worker.submitted - before < len("immigration")  # debounced, not a search a key


def test_real_worker_searches_off_the_gui_thread(qtbot, directory):
    worker = DbWorker()
    pane = make_pane(qtbot, directory, worker)
    try:
        with qtbot.waitSignal(pane.loaded, timeout=10000):
            pane.start()
        pane.search_edit.setText("harbor")
        qtbot.waitUntil(lambda: pane.model.rowCount() and all(
            "harbor" in (h.organization_name + " " + h.city).lower() for h in hits(pane)
        ) and "Searching" not in pane.status.text(), timeout=10000)
        with qtbot.waitSignal(pane.details.textChanged, timeout=10000):
            pane._select_row(0)
        assert hits(pane)[0].service_name in pane.details.toPlainText()
        # Enter before the answer: the first result is selected when it comes.
        pane.search_edit.setText("legal aid")
        qtbot.keyClick(pane.search_edit, Qt.Key.Key_Return)
        first = directory.search(DirectoryQuery("legal aid"))[0]
        qtbot.waitUntil(lambda: pane.selected_hit() == first, timeout=10000)
        assert pane.table.currentIndex().row() == 0
    finally:
        worker.wait_idle()


def test_an_older_answer_never_replaces_a_newer_one(qtbot, directory):
    worker = HeldWorker()
    pane = make_pane(qtbot, directory, worker)
    pane.search_edit.setText("shelter")
    pane._search_now()
    pane.search_edit.setText("legal")
    pane._search_now()
    worker.run(1)  # "legal" answers first
    legal = hits(pane)
    worker.run(0)  # then the stale "shelter"
    assert hits(pane) == legal and legal == list(directory.search(DirectoryQuery("legal")))


def test_filters_search_at_once(pane):
    choose(pane.category_combo, "immigration_legal")
    assert hits(pane) and all("immigration_legal" in h.categories for h in hits(pane))
    choose(pane.population_combo, "foreign_nationals")
    assert all("foreign_nationals" in h.populations for h in hits(pane))
    state = pane.state_combo.itemData(1)
    choose(pane.state_combo, state)
    assert all(h.state == state for h in hits(pane))
    choose(pane.category_combo, None)  # "Any" again
    assert pane.query().category is None


def test_text_no_service_matches_says_so(qtbot, pane):
    pane.search_edit.setText("zzqxv")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 0 and "No services match" in pane.status.text())
    assert not pane.refer_button.isEnabled()


def test_a_failed_search_says_what_to_do_and_still_counts_as_loaded(qtbot):
    class Broken:
        def search(self, query):
            raise ConsoleError("The directory is being rebuilt; try again in a minute.")

        def states(self):
            return ()

    pane = make_pane(qtbot, Broken())
    with qtbot.waitSignal(pane.loaded):
        pane.start()
    assert "try again in a minute" in pane.status.text()


# -- reading and referring ---------------------------------------------------------

def test_selecting_a_row_shows_its_details_and_arrows_follow(qtbot, pane):
    pane.show()
    qtbot.waitExposed(pane)
    pane.focus_search()
    qtbot.keyClicks(pane.search_edit, "shelter")
    qtbot.keyClick(pane.search_edit, Qt.Key.Key_Return)  # Enter: to the results, first row
    assert pane.table.currentIndex().row() == 0 and pane.focusWidget() is pane.table
    first, second = hits(pane)[:2]
    assert first.organization_name in pane.details.toPlainText()
    qtbot.keyClick(pane.table, Qt.Key.Key_Down)
    assert pane.selected_hit() == second
    assert second.service_name in pane.details.toPlainText()
    assert pane.refer_button.isEnabled()


def test_refer_selected_hands_over_the_service(qtbot, pane):
    with qtbot.assertNotEmitted(pane.referral_requested):
        pane.refer_selected()  # nothing selected: nothing happens
    pane._select_row(2)
    with qtbot.waitSignal(pane.referral_requested) as referral:
        pane.refer_button.click()
    assert referral.args == [hits(pane)[2]]


def test_a_specialist_reads_withheld_not_the_confidential_street(qtbot, pane, directory_db):
    with directory_db.read() as session:
        service_id, street = session.execute(
            select(ServiceAtLocation.service_id, Address.address_1)
            .join(Address, Address.location_id == ServiceAtLocation.location_id)
            .join(Phone, Phone.location_id == ServiceAtLocation.location_id)
            .where(Address.confidential.is_(True), Phone.confidential.is_(True)).limit(1)
        ).one()
    pane.model.set_rows([h for h in pane._directory.search(DirectoryQuery(limit=1000)) if h.service_id == service_id])
    pane._select_row(0)
    text = pane.details.toPlainText()
    assert "street address withheld" in text and "withheld (confidential line)" in text
    assert street not in text


# -- keyboard and screen readers ------------------------------------------------------

def test_every_control_is_named_and_labelled(pane):
    controls = pane.findChildren(QLineEdit) + pane.findChildren(QComboBox) + pane.findChildren(QPushButton)
    controls += pane.findChildren(QTableView) + pane.findChildren(QTextBrowser)
    mine = [w for w in controls if w.objectName().startswith("directory")]
    assert {w.objectName() for w in mine} >= {
        "directorySearch", "directoryState", "directoryCategory", "directoryPopulation", "directoryResults",
        "directoryDetails", "directoryRefer",
    }
    for widget in mine:
        assert accessible_name(widget), widget.objectName()
    buddies = {label.buddy(): label.text() for label in pane.findChildren(QLabel) if label.buddy() is not None}
    assert buddies[pane.search_edit] == "Search" and buddies[pane.state_combo] == "State"
    assert buddies[pane.category_combo] == "Category" and buddies[pane.population_combo] == "Population"
    # The intake form owns Alt+letters; the directory is reached by Ctrl+F / Ctrl+3.
    assert not any("&" in text for text in [*buddies.values(), pane.refer_button.text()])
    assert not pane.state_combo.isEditable() and pane.refer_button.text() == "Refer (Ctrl+R)"
    assert pane.styleSheet() == ""


def test_focus_search_selects_what_was_typed(qtbot, pane):
    pane.show()
    qtbot.waitExposed(pane)
    pane.search_edit.setText("legal aid")
    pane.focus_search()
    assert pane.focusWidget() is pane.search_edit and pane.search_edit.selectedText() == "legal aid"


def test_the_categories_column_shows_when_there_is_room(qtbot, pane):
    pane.show()
    qtbot.waitExposed(pane)
    assert pane.table.isColumnHidden(COL_CATEGORIES)  # a narrow dock: they are in the details
    pane.resize(900, 700)
    qtbot.waitUntil(lambda: not pane.table.isColumnHidden(COL_CATEGORIES))


def test_screenshot_is_calm(qtbot, pane, tmp_path: Path):
    pane.search_edit.setText("safe house")
    pane._search_now()
    pane._select_row(0)
    pane.show()
    qtbot.waitExposed(pane)
    assert not pane.grab().isNull()


# -- place, language and hours --------------------------------------------------------

MONDAY_MORNING_IN_CHICAGO = datetime(2026, 3, 9, 15, 30, tzinfo=UTC)


@pytest.fixture
def clocked_pane(qtbot, directory_db) -> DirectoryPane:
    service = DirectoryService(directory_db, Role.SPECIALIST, clock=lambda: MONDAY_MORNING_IN_CHICAGO)
    widget = make_pane(qtbot, service)
    with qtbot.waitSignal(widget.loaded, timeout=5000):
        widget.start()
    return widget


def a_zip_with_services(directory_db) -> str:
    with directory_db.read() as session:
        return session.scalar(select(Address.postal_code).order_by(Address.id).limit(1))


def test_the_zip_field_searches_once_five_digits_are_typed_nearest_first(qtbot, directory, directory_db):
    worker = CountingWorker()
    pane = make_pane(qtbot, directory, worker)
    pane.start()
    zip_code = a_zip_with_services(directory_db)
    assert pane.table.isColumnHidden(COL_DISTANCE)  # no place, no distances
    before = worker.submitted
    qtbot.keyClicks(pane.zip_edit, zip_code[:4])
    qtbot.wait(DEBOUNCE_MS * 2)
    assert worker.submitted == before  # four digits: nothing to search yet
    qtbot.keyClicks(pane.zip_edit, zip_code[4])
    qtbot.waitUntil(lambda: f"within 25 mi of {zip_code}" in pane.status.text(), timeout=3000)
    found = hits(pane)
    assert found and all(h.distance_miles is not None and h.distance_miles <= 25 for h in found)
    assert [h.distance_miles for h in found] == sorted(h.distance_miles for h in found)
    assert not pane.table.isColumnHidden(COL_DISTANCE)
    assert pane.model.index(0, COL_DISTANCE).data() == f"{found[0].distance_miles:.1f}"
    wider = list(pane.miles_combo.itemData(i) for i in range(pane.miles_combo.count()))
    assert wider == [5, 10, 25, 50, 100] and pane.miles_combo.currentData() == 25
    choose(pane.miles_combo, 100)  # searches at once
    assert "within 100 mi" in pane.status.text() and len(hits(pane)) >= len(found)


def test_a_zip_that_does_not_exist_is_said_with_the_fields_name(qtbot, pane):
    qtbot.keyClicks(pane.zip_edit, "99999")
    qtbot.waitUntil(lambda: "Near ZIP: 99999 is not a U.S. ZIP code." in pane.status.text(), timeout=3000)
    qtbot.keyClicks(pane.zip_edit, "x-")  # the field takes digits and a ZIP+4 dash only
    assert pane.zip_edit.text() == "99999-"
    pane.zip_edit.clear()
    qtbot.waitUntil(lambda: "Near ZIP" not in pane.status.text() and pane.model.rowCount() == 100, timeout=3000)


def test_language_and_hours_filters_by_keyboard(qtbot, clocked_pane):
    pane = clocked_pane
    pane.show()
    qtbot.waitExposed(pane)
    pane.language_combo.setFocus()
    interval = QApplication.keyboardInputInterval()
    QApplication.setKeyboardInputInterval(10_000)  # a busy machine types slowly: keep it one prefix
    try:
        qtbot.keyClicks(pane.language_combo, "Spanish")  # typing on a list selects by prefix
    finally:
        QApplication.setKeyboardInputInterval(interval)
    assert pane.language_combo.currentData() == "es"
    assert hits(pane) and all("es" in h.languages for h in hits(pane))
    pane.open_now_check.setFocus()
    qtbot.keyClick(pane.open_now_check, Qt.Key.Key_Space)
    assert pane.open_now_check.isChecked() and pane.query().open_now
    assert hits(pane) and all(h.open_now for h in hits(pane))
    assert "services whose hours are unknown are left out" in pane.status.text()
    qtbot.keyClick(pane.open_24h_check, Qt.Key.Key_Space)
    assert hits(pane) and all(h.open_24h for h in hits(pane))
    assert "Spanish · open 24 hours · open now" in pane.status.text()


def test_tab_walks_the_filters_in_order(pane):
    order, widget = [], pane.search_edit
    wanted = [pane.search_edit, pane.state_combo, pane.category_combo, pane.population_combo, pane.zip_edit,
              pane.miles_combo, pane.language_combo, pane.open_now_check, pane.open_24h_check, pane.table]
    while len(order) < len(wanted):
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget in wanted:
            order.append(widget)
        widget = widget.nextInFocusChain()
    assert order == wanted


def test_the_new_filters_are_named_and_labelled(pane):
    for widget, name in ((pane.zip_edit, "directoryNearZip"), (pane.miles_combo, "directoryMiles"),
                         (pane.language_combo, "directoryLanguage"), (pane.open_now_check, "directoryOpenNow"),
                         (pane.open_24h_check, "directoryOpen24h")):
        assert widget.objectName() == name and accessible_name(widget)
    buddies = {label.buddy(): label.text() for label in pane.findChildren(QLabel) if label.buddy() is not None}
    assert buddies[pane.zip_edit] == "Near ZIP" and buddies[pane.language_combo] == "Language"
    assert buddies[pane.open_now_check] == "Hours"
    assert "hours are unknown are not shown" in pane.open_now_check.accessibleDescription()
    assert not any("&" in w.text() for w in (pane.open_now_check, pane.open_24h_check))


def test_results_say_hours_and_stale_entries_in_words(qapp):
    model = ServiceHitModel()
    stale = ServiceHit("s1", "Shelter", "Harbor", "Houston", "TX", ("shelter",), (), ("es",), 2.44, True, True,
                       date(2024, 11, 3), True, ("near",))
    fresh = ServiceHit("s2", "Clinic", "Beacon", "Austin", "TX", ("medical",), (), ("en",), None, False, False,
                       date(2026, 10, 1), False, ())
    unknown = ServiceHit("s3", "Legal", "Cedar", "Waco", "TX", ("legal",), (), (), None, None, False, None, True, ())
    model.set_rows([stale, fresh, unknown])
    cell = lambda row, col: model.index(row, col).data()  # noqa: E731
    assert (cell(0, COL_DISTANCE), cell(0, COL_HOURS), cell(1, COL_HOURS), cell(2, COL_HOURS)) == (
        "2.4", "24 h", "Closed", "")
    assert cell(0, COL_NOTES).startswith("Not verified since") and "2024" in cell(0, COL_NOTES)
    assert cell(1, COL_NOTES) == "" and cell(2, COL_NOTES) == "Never verified"
    tip = model.index(0, COL_ORGANIZATION).data(Qt.ItemDataRole.ToolTipRole)
    assert "2.4 miles away" in tip and "Open 24 hours" in tip and "Not verified since 3 November 2024" in tip
    assert "Hours unknown" in model.index(2, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(0, COL_DISTANCE).data(SortRole) == 2.44


def test_details_say_hours_and_a_stale_entry_first(qtbot, clocked_pane, directory_db):
    pane = clocked_pane
    stale = [h for h in pane._directory.search(DirectoryQuery(limit=1000)) if h.stale and h.open_now is not None]
    pane.model.set_rows(stale[:1])
    pane._select_row(0)
    text = pane.details.toPlainText()
    assert text.index("Not verified since") < text.index("Hours")
    assert ("Open now." in text) or ("Closed now." in text)


def test_a_misspelt_word_offers_the_word_the_directory_has(qtbot, pane):
    """Nothing matches "sheltr": the pane says so, offers "shelter", and the
    offer (Space/Enter on the button) searches for it."""
    pane.search_edit.setText("sheltr")
    qtbot.waitUntil(lambda: pane.spelling_button.isVisibleTo(pane), timeout=3000)
    assert pane.model.rowCount() == 0
    assert pane.spelling_button.text() == "Search “shelter”" and "Did you mean “shelter”?" in pane.status.text()
    assert accessible_name(pane.spelling_button)
    pane.spelling_button.setFocus()
    qtbot.keyClick(pane.spelling_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: pane.model.rowCount() > 0, timeout=3000)
    assert pane.search_edit.text() == "shelter" and not pane.spelling_button.isVisibleTo(pane)
    pane.search_edit.setText("qqqqzzzz")  # nothing close: no offer
    qtbot.waitUntil(lambda: "No services match" in pane.status.text(), timeout=3000)
    assert not pane.spelling_button.isVisibleTo(pane)
