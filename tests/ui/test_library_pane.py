"""The library pane, its model and the staff editor, offscreen with
pytest-qt over the demo catalogue in a real SQLite file; and the whole
window: search, filter and send to the open contact from the keyboard, the
material saved with the contact."""

from __future__ import annotations

import dataclasses
from datetime import date
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
    QWidget,
)

from console.db import Database, DatabaseTarget
from console.demo.library import STARTER, seed_library
from console.schema import upgrade
from console.services.library import LibraryQuery, LibraryService
from console.services.users import UserService
from console.vocabulary import Role
from tests.desk import close_desk, open_desk
from tests.factories import FACT_SHEET
from ui.library.editor import ItemEditor
from ui.library.model import COL_LANGUAGE, COL_TITLE, LibraryHitModel
from ui.library.pane import LibraryPane
from ui.tables import RowRole, SortRole
from ui.workers import ImmediateWorker

SIGNS = "Recognizing the Signs of Human Trafficking"


@pytest.fixture(scope="module")
def library_db(tmp_path_factory) -> Database:
    database = Database(DatabaseTarget.sqlite_file(tmp_path_factory.mktemp("library") / "library.sqlite3"))
    upgrade(database)
    seed_library(database, UserService(database).ensure("jl", "Jorge López", Role.SUPERVISOR).id)
    yield database
    database.dispose()


@pytest.fixture
def staff_db(tmp_path) -> Database:
    """A catalogue of its own, for tests that change it."""
    database = Database(DatabaseTarget.sqlite_file(tmp_path / "staff.sqlite3"))
    upgrade(database)
    seed_library(database, UserService(database).ensure("jl", "Jorge López", Role.SUPERVISOR).id)
    yield database
    database.dispose()


def make_pane(qtbot, db: Database, role: Role = Role.SPECIALIST, worker=None) -> LibraryPane:
    user = UserService(db).ensure(role.value, role.value.title(), role)
    pane = LibraryPane(LibraryService(db, role), worker or ImmediateWorker(), user)
    qtbot.addWidget(pane)
    pane.resize(480, 760)
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.start()
    return pane


@pytest.fixture
def pane(qtbot, library_db) -> LibraryPane:
    return make_pane(qtbot, library_db)


def titles(pane: LibraryPane) -> list[str]:
    return [pane.model.hit(row).title for row in range(pane.model.rowCount())]


def choose(combo: QComboBox, code) -> None:
    combo.setCurrentIndex(combo.findData(code))


def accessible_name(widget) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)


# -- the model ------------------------------------------------------------------------------

def test_model_passes_qt_model_tester_and_says_retired_in_words(qapp, qtmodeltester, library_db):
    model = LibraryHitModel()
    found = LibraryService(library_db, Role.ADMIN).search(LibraryQuery(include_retired=True))
    model.set_rows(found)
    qtmodeltester.check(model)
    assert model.rowCount() == len(STARTER)
    retired = model.row_of(next(h.item_id for h in found if h.retired))
    assert model.index(retired, COL_TITLE).data().endswith("RETIRED")
    assert model.index(0, COL_TITLE).data(RowRole) == found[0]
    assert model.index(0, COL_TITLE).data(SortRole) == found[0].title.casefold()
    spanish = model.row_of(next(h.item_id for h in found if h.language == "es"))
    assert model.index(spanish, COL_LANGUAGE).data() == "Spanish"
    model.set_rows(found[:3])


# -- searching by keyboard --------------------------------------------------------------------

def test_typing_searches_once_typing_pauses_and_enter_goes_to_the_first_result(qtbot, pane):
    with qtbot.waitExposed(pane):
        pane.show()
    pane.focus_search()
    qtbot.keyClicks(pane.search_edit, "scree")
    qtbot.waitUntil(lambda: titles(pane) == ["Screening Patients for Trafficking: A Clinician's Toolkit"], timeout=3000)
    assert pane.status.text() == "1 item"
    qtbot.keyClick(pane.search_edit, Qt.Key.Key_Return)
    assert pane.focusWidget() is pane.table and pane.table.currentIndex().row() == 0
    assert "Screening questions" in pane.details.toPlainText()
    assert "Added by Jorge López" in pane.details.toPlainText()


def test_filters_search_at_once_and_say_what_they_kept(pane):
    choose(pane.filters.topic_combo, "labor_trafficking")
    choose(pane.filters.language_combo, "es")
    assert titles(pane) == ["Conozca sus derechos en el trabajo", "Indicadores de trata laboral en el campo"]
    assert pane.status.text() == "2 items · Labor trafficking · Spanish"
    choose(pane.filters.kind_combo, "video")
    assert titles(pane) == [] and pane.status.text().startswith("No items match")
    assert not pane.send_button.isEnabled()


def test_arrows_show_each_items_details(qtbot, pane):
    with qtbot.waitExposed(pane):
        pane.show()
    pane.search_edit.setText("signs")
    qtbot.keyClick(pane.search_edit, Qt.Key.Key_Return)
    first, second = pane.model.hit(0), pane.model.hit(1)
    assert first.title in pane.details.toPlainText()
    qtbot.keyClick(pane.table, Qt.Key.Key_Down)
    assert pane.selected_hit() == second and second.title in pane.details.toPlainText()


def test_send_hands_over_the_selected_item_only(qtbot, pane):
    with qtbot.assertNotEmitted(pane.send_requested):
        pane.send_selected()
    assert "Select an item" in pane.status.text()
    pane.search_edit.setText("wallet card")
    pane._search_now()
    pane._select_row(0)
    with qtbot.waitSignal(pane.send_requested) as sent:
        pane.send_button.click()
    assert sent.args == [pane.model.hit(0)]


# -- who sees what -----------------------------------------------------------------------------

def test_a_specialist_sees_no_editor_and_no_retired_items(pane):
    names = {w.objectName() for w in pane.findChildren(QPushButton)}
    assert "librarySend" in names and not names & {"libraryNew", "libraryEdit", "libraryRetire"}
    assert pane.findChild(object, "libraryShowRetired") is None and pane.filters.retired_check is None
    pane.search_edit.setText("2019")
    pane._search_now()
    assert titles(pane) == []


def test_every_control_is_named_and_no_alt_letters_are_taken(qtbot, staff_db):
    pane = make_pane(qtbot, staff_db, Role.PROGRAM_STAFF)
    controls = pane.findChildren(QLineEdit) + pane.findChildren(QComboBox) + pane.findChildren(QPushButton)
    controls += pane.findChildren(QTableView) + pane.findChildren(QTextBrowser)
    mine = [w for w in controls if w.objectName().startswith("library")]
    assert {w.objectName() for w in mine} >= {
        "librarySearch", "libraryTopic", "libraryAudience", "libraryLanguage", "libraryKind", "libraryResults",
        "libraryDetails", "librarySend", "libraryNew", "libraryEdit", "libraryRetire"}
    assert all(accessible_name(w) for w in [*mine, pane.filters.retired_check])
    buddies = {label.buddy(): label.text() for label in pane.findChildren(QLabel) if label.buddy() is not None}
    assert buddies[pane.search_edit] == "Search" and buddies[pane.filters.topic_combo] == "Topic"
    texts = [*buddies.values(), *(b.text() for b in pane.findChildren(QPushButton))]
    assert not [t for t in texts if "&" in t.replace("&&", "")]  # the intake form owns Alt+letters
    assert pane.styleSheet() == ""


# -- staff keep the catalogue ---------------------------------------------------------------------

def test_staff_retire_and_restore_from_the_pane(qtbot, staff_db):
    pane = make_pane(qtbot, staff_db, Role.PROGRAM_STAFF)
    youth = "Youth at Risk: Trafficking Prevention in Middle and High Schools"
    pane.search_edit.setText("youth at risk middle")
    pane._search_now()
    pane._select_row(0)
    assert titles(pane) == [youth]
    assert pane.retire_button.text() == "Retire" and pane.retire_button.isEnabled()
    pane.retire_button.click()
    assert titles(pane) == [] and pane.status.text().startswith("Retired: Youth at Risk")
    pane.filters.retired_check.setChecked(True)
    assert titles(pane) == [youth]
    pane._select_row(0)
    assert "RETIRED" in pane.model.index(0, COL_TITLE).data() and not pane.send_button.isEnabled()
    assert pane.retire_button.text() == "Restore"
    pane.retire_button.click()
    pane.filters.retired_check.setChecked(False)
    assert titles(pane) == [youth] and pane.retire_button.text() == "Retire"


def test_the_editor_shows_each_problem_beside_its_field_then_saves(qtbot, staff_db):
    library = LibraryService(staff_db, Role.PROGRAM_STAFF)
    staff = UserService(staff_db).ensure("pat", "Pat Okafor", Role.PROGRAM_STAFF)
    editor = ItemEditor(library, ImmediateWorker(), staff.id, None)
    qtbot.addWidget(editor)
    with qtbot.waitExposed(editor):
        editor.show()
    editor.set_form(dataclasses.replace(FACT_SHEET, title="", topics=(), link="javascript:alert(1)",
                                        file_path=""))
    editor.save()
    assert editor.saved is None and editor.isVisible()
    for field in ("title", "topics", "link"):
        assert editor.findChild(QLabel, f"error_libraryItem.{field}").isVisible(), field
    assert "http" in editor.findChild(QLabel, "error_libraryItem.link").text()
    assert editor.focusWidget() is editor.title  # the first problem, in the order of the form
    qtbot.keyClicks(editor.title, "Know the Signs (Tagalog edition)")
    editor.topics.set_codes(["indicators"])
    editor.link.setText("https://library.example.org/signs-tl")
    choose(editor.language, "tl")
    editor.save()
    assert editor.saved is not None and not editor.isVisible()
    assert editor.saved.hit.language == "tl" and editor.saved.created_by == "Pat Okafor"
    assert editor.saved.hit.reviewed_on == date(2026, 3, 2)
    fields = [w for w in editor.findChildren(QLineEdit) + editor.findChildren(QComboBox)
              if not w.objectName().startswith("qt_")]  # Qt's own line edit inside the date field
    assert len(fields) == 6 and all(accessible_name(w) for w in [*fields, editor.reviewed, editor.description])


def test_new_and_edit_go_through_the_editor(qtbot, staff_db, monkeypatch):
    pane = make_pane(qtbot, staff_db, Role.SUPERVISOR)
    library = LibraryService(staff_db, Role.SUPERVISOR)
    asked = []

    def fake_ask(cls, library_, worker, user_id, details, parent=None):
        asked.append(details)
        form = dataclasses.replace(FACT_SHEET, title="Signs in the Workplace")
        return library.add(form, user_id) if details is None else library.edit(details.item_id, form, user_id)

    monkeypatch.setattr(ItemEditor, "ask", classmethod(fake_ask))
    pane.new_item()
    assert asked == [None] and "Saved: Signs in the Workplace" in pane.status.text()
    assert "Signs in the Workplace" in titles(pane)
    pane.search_edit.setText("wallet card")
    pane._search_now()
    pane._select_row(0)
    pane.edit_button.click()
    assert asked[1].hit.title == "Labor Trafficking Indicators: Wallet Card for Outreach Workers"


def test_screenshot(qtbot, pane, tmp_path: Path):
    pane.search_edit.setText("signs")
    pane._search_now()
    pane._select_row(0)
    with qtbot.waitExposed(pane):
        pane.show()
    image = pane.grab()
    assert not image.isNull() and image.save(str(tmp_path / "library.png"))


# -- the whole window -------------------------------------------------------------------------------

@pytest.fixture
def desk(qtbot, tmp_path):
    window, worker, context, db = open_desk(tmp_path / "data", tmp_path / "desk.sqlite3")
    qtbot.addWidget(window)
    seed_library(db, UserService(db).ensure("jl", "Jorge López", Role.SUPERVISOR).id)
    yield window, context, db
    close_desk(window, worker, context, db)


def key(qtbot, k, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), k, modifier)


def test_search_filter_and_send_to_the_open_contact_from_the_keyboard(qtbot, desk):
    window, context, _db = desk
    with qtbot.waitSignal(window.panes_loaded, timeout=10000):
        window.show()
        window.start()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    assert window.library_dock.pane is None  # not built until first shown
    window.new_contact()
    form_type = type(window.intake.form.form())
    window.intake.form.set_form(form_type(primary_request="tta", urgent=False, caller_type="educator",
                                          summary="Teacher asks for material on online grooming."))
    key(qtbot, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)  # the library's search
    pane = window.library_dock.pane
    assert pane is not None and QApplication.focusWidget() is pane.search_edit
    qtbot.keyClicks(pane.search_edit, "groom")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 1 and "1 item" in pane.status.text(), timeout=5000)
    key(qtbot, Qt.Key.Key_Tab)  # to the topic filter; typing selects by prefix
    qtbot.keyClicks(QApplication.focusWidget(), "Onl")
    qtbot.waitUntil(lambda: "Online exploitation" in pane.status.text(), timeout=5000)
    pane.search_edit.setFocus()
    key(qtbot, Qt.Key.Key_Return)  # into the results
    hit = pane.selected_hit()
    assert hit.title == "Grooming and Sextortion: Warning Signs for Parents and Teachers"
    key(qtbot, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)  # send
    materials = window.intake.form.form().materials
    assert [(m.item_id, m.method) for m in materials] == [(hit.item_id, "email")]
    assert "library material added" in window.save_state.text()
    window.intake.form.findChild(QLineEdit, "materials.0.recipient").setText("the teacher's school address")
    with qtbot.waitSignal(window.intake.contact_saved, timeout=10000) as saved:
        key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    stored = context.intake.load(saved.args[0].id).form.materials
    assert [(m.item_id, m.title, m.recipient) for m in stored] == [
        (hit.item_id, hit.title, "the teacher's school address")]
    key(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)  # the directory comes back in front
    assert QApplication.focusWidget() is window.directory.search_edit


def test_a_specialist_has_no_library_editor_in_the_window(qtbot, desk):
    window, _context, _db = desk
    names = {action.objectName() for action in window.findChildren(type(window.menuBar().actions()[0]))}
    assert {"actionLibrarySearch", "actionLibrarySend"} <= names and "actionLibraryNew" not in names
    window.library_dock.focus_search()
    assert window.library_dock.pane.new_button is None


def test_the_library_dock_is_reached_by_its_tab_and_remembered(qtbot, tmp_path):
    window, worker, context, db = open_desk(tmp_path / "data", tmp_path / "desk.sqlite3",
                                            username="jlopez", display_name="Jorge López")
    qtbot.addWidget(window)
    window.show()
    window.library_dock.raise_()
    qtbot.waitUntil(lambda: window.library_dock.pane is not None, timeout=5000)
    close_desk(window, worker, context, db)
    again, worker, context, db = open_desk(tmp_path / "data", tmp_path / "desk.sqlite3")
    qtbot.addWidget(again)
    try:
        again.show()
        qtbot.waitUntil(lambda: again.library_dock.pane is not None, timeout=5000)  # in front, as it was left
    finally:
        close_desk(again, worker, context, db)


def test_a_send_of_an_item_already_on_the_contact_is_said_not_doubled(qtbot, desk):
    window, _context, _db = desk
    window.library_dock.focus_search()
    pane = window.library_dock.pane
    pane.search_edit.setText(SIGNS)
    pane._search_now()
    qtbot.waitUntil(lambda: pane.model.rowCount() > 0, timeout=5000)
    pane._select_row(0)
    window.library_dock.send_selected()
    window.library_dock.send_selected()
    assert len(window.intake.form.form().materials) == 1
    assert "already on this contact" in window.save_state.text()


def test_material_rows_follow_the_referrals_in_tab_order_whatever_came_first(qtbot):
    from console.services.intake import MaterialInput, ReferralInput
    from ui.intake.form_view import IntakeForm

    form = IntakeForm()
    qtbot.addWidget(form)
    with qtbot.waitExposed(form):
        form.show()
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    assert form.add_material(MaterialInput(7, "Know Your Rights at Work", "post"))
    assert not form.add_material(MaterialInput(7, "Know Your Rights at Work"))  # listed once
    form.add_referral(ReferralInput("svc-1", "Emergency shelter", "Harbor House"))
    form.tabs.setCurrentIndex(5)
    form.findChild(QWidget, "summary").setFocus()
    for name in ("referrals.0.status", "referrals.0.note", "referrals.0.remove", "materials.0.method",
                 "materials.0.recipient", "materials.0.remove", "materials_sent"):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget().objectName() == name
    form.findChild(QPushButton, "materials.0.remove").click()
    assert form.form().materials == () and QApplication.focusWidget().objectName() == "materials_sent"
    form.show_errors({"materials.0.method": "Unknown choice 'fax'."})  # no row: said above the form
    assert "fax" in form.general_error.text()
