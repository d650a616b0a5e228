"""Directory upkeep in the window (issue 4): the service editor from the
keyboard, the needs-review list, the HSDS import, and who sees them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from sqlalchemy import func, select

from console.db import Database, DatabaseTarget
from console.models import DirectoryChange, Service
from console.schema import upgrade
from console.services.directory import DirectoryQuery, DirectoryService
from console.services.directory_edit import DirectoryEditService
from console.services.users import UserService
from console.vocabulary import Role
from tests.desk import close_desk, open_desk
from tests.factories import add_directory_service
from tests.hsds import EXAMPLE
from ui.directory.editor import ServiceEditorDialog
from ui.directory.import_dialog import HsdsImportDialog
from ui.directory.review import NeedsReviewDialog, ReviewModel
from ui.directory.upkeep import package_path
from ui.workers import DbWorker, ImmediateWorker


@pytest.fixture(autouse=True)
def answer_yes(monkeypatch):
    """Every "are you sure?" (retire, drop changes on close) answers Yes: a test never blocks on one."""
    asked: list[str] = []

    def question(_parent, title, *_args, **_kwargs):
        asked.append(title)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def desk_as(qtbot, tmp_path, role: Role):
    """The real window on a real file, for a user of ``role``."""
    path = tmp_path / "desk.sqlite3"
    db = Database(DatabaseTarget.sqlite_file(path))
    upgrade(db)
    UserService(db).ensure("pat", "Pat Staff", role)
    db.dispose()
    window, worker, context, db = open_desk(tmp_path / "data", path, username="pat", display_name="Pat Staff")
    qtbot.addWidget(window)
    return window, worker, context, db


def start(qtbot, window) -> None:
    with qtbot.waitSignal(window.panes_loaded, timeout=10000):
        window.show()
        window.start()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def key(qtbot, k, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), k, modifier)


def staff_service(db: Database) -> DirectoryEditService:
    return DirectoryEditService(db, UserService(db).ensure("pat", "Pat Staff", Role.PROGRAM_STAFF))


def test_edit_from_the_keyboard_and_the_search_finds_the_new_name(qtbot, tmp_path):
    window, worker, context, db = desk_as(qtbot, tmp_path, Role.PROGRAM_STAFF)
    try:
        service_id = add_directory_service(db, "Harbor drop-in", "Harbor House", zip_code="77002")
        start(qtbot, window)
        key(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(QApplication.focusWidget(), "harbor")
        qtbot.waitUntil(lambda: window.directory.model.rowCount() == 1, timeout=5000)
        key(qtbot, Qt.Key.Key_Return)
        assert window.directory.selected_hit().service_id == service_id
        key(qtbot, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)  # the editor
        qtbot.waitUntil(lambda: window.upkeep is not None and window.upkeep.editor is not None, timeout=5000)
        editor = window.upkeep.editor
        qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
        assert QApplication.focusWidget() is editor.service_page.name
        key(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(QApplication.focusWidget(), "Seaside night shelter")
        with qtbot.waitSignal(editor.saved, timeout=10000):
            key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: not editor.isVisible())
        window.directory.search_edit.setText("seaside")
        model = window.directory.model
        qtbot.waitUntil(lambda: [model.hit(r).service_name for r in range(model.rowCount())] == [
            "Seaside night shelter"], timeout=5000)
        assert "Saved: Seaside night shelter" in window.statusBar().currentMessage()
        with db.read() as session:
            change = session.scalars(select(DirectoryChange)).one()
            assert (change.entity, change.action, change.fields) == ("service", "edited", "name")
            assert change.user_id == context.user.id
    finally:
        close_desk(window, worker, context, db)


def test_a_specialist_sees_no_upkeep_and_ctrl_e_does_nothing(qtbot, tmp_path):
    window, worker, context, db = desk_as(qtbot, tmp_path, Role.SPECIALIST)
    try:
        add_directory_service(db, "Harbor drop-in", "Harbor House")
        start(qtbot, window)
        assert not [a for a in window.findChildren(QAction) if a.objectName() in
                    ("actionEditService", "actionNewService", "actionNeedsReview", "actionImportHsds")]
        window.directory.table.setFocus()
        key(qtbot, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
        assert window.upkeep is None
    finally:
        close_desk(window, worker, context, db)


@pytest.mark.parametrize(("role", "imports"), [(Role.SUPERVISOR, False), (Role.ADMIN, True)])
def test_editing_roles_get_the_menu_and_only_admins_the_import(qtbot, tmp_path, role, imports):
    window, worker, context, db = desk_as(qtbot, tmp_path, role)
    try:
        names = {a.objectName() for a in window.findChildren(QAction)}
        assert {"actionEditService", "actionNewService", "actionNeedsReview"} <= names
        assert ("actionImportHsds" in names) is imports
        shortcuts = {a.objectName(): a.shortcut().toString() for a in window.findChildren(QAction)}
        assert shortcuts["actionEditService"] == "Ctrl+E" and shortcuts["actionNewService"] == "Ctrl+Shift+N"
        taken = [s for s in shortcuts.values() if s]
        assert len(taken) == len(set(taken))  # no key does two things
    finally:
        close_desk(window, worker, context, db)


def test_the_shortcut_list_names_the_new_keys():
    from ui.dialogs.shortcuts import SHORTCUTS

    assert {"Ctrl+E", "Ctrl+Shift+N"} <= {keys for keys, _ in SHORTCUTS}


# -- the editor on its own --------------------------------------------------------

def open_editor(qtbot, service: DirectoryEditService, record) -> ServiceEditorDialog:
    dialog = ServiceEditorDialog(service, ImmediateWorker(), record)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_errors_show_beside_their_fields_on_their_page_and_nothing_is_stored(qtbot, db):
    service = staff_service(db)
    dialog = open_editor(qtbot, service, service.blank())
    dialog.service_page.name.setText("Night shelter")
    dialog.place_page.address_1.setText("1 Main St")
    dialog.place_page.city.setText("Houston")
    dialog.place_page.state.set_code("TX")
    dialog.place_page.postal_code.setText("60601")
    dialog.save_button.click()
    place = dialog.place_page.error_rows()
    assert place["location.postal_code"].error.message() == "ZIP 60601 is in IL, not TX."
    assert dialog.organization_page.error_rows()["organization.name"].error.message() == "Required."
    assert dialog.tabs.currentWidget() is dialog.organization_page  # the first page with an error
    assert "Organization, Place" in dialog.message.message()
    assert dialog.isVisible()
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Service)) == 0


def test_a_new_service_with_a_phone_line_then_verified_and_retired(qtbot, db, answer_yes):
    service = staff_service(db)
    dialog = open_editor(qtbot, service, service.blank())
    dialog.service_page.name.setText("Night shelter")
    dialog.organization_page.name.setText("Bayou Refuge")
    dialog.phones_page.add_button.click()
    assert dialog.phones_page.line_count() == 1
    line = dialog.phones_page.entries()[0]
    line.number.setText("713-555-0199")
    line.confidential.setChecked(True)
    with qtbot.waitSignal(dialog.saved) as saved:
        dialog.verify_button.click()  # save and mark verified, in one step
    record = saved.args[0]
    assert record.assured_date is not None and not record.stale and record.edit.phones[0].confidential
    assert [h.service_name for h in DirectoryService(db, Role.SPECIALIST).search(DirectoryQuery("night"))] == [
        "Night shelter"]
    again = open_editor(qtbot, service, service.load(record.service_id))
    assert "Verified" in again.header.text() and "by Pat Staff" in again.header.text()
    assert "Never referred" in again.header.text()
    assert "service marked verified" in again.history.toPlainText()
    with qtbot.waitSignal(again.saved) as retired:
        again.retire_button.click()
    assert retired.args[0].status == "inactive" and answer_yes == ["Retire this service?"]
    assert DirectoryService(db, Role.SPECIALIST).search(DirectoryQuery("night")) == ()


def test_a_stale_save_says_so_and_keeps_what_was_typed(qtbot, db):
    service_id = add_directory_service(db, "Harbor drop-in", "Harbor House")
    service = staff_service(db)
    dialog = open_editor(qtbot, service, service.load(service_id))
    other = service.load(service_id)
    service.save(other, replace(other.edit, service=replace(other.edit.service, name="Changed elsewhere")))
    dialog.service_page.name.setText("Mine")
    dialog.save_button.click()
    assert "changed on another desk" in dialog.message.message()
    assert dialog.service_page.name.text() == "Mine" and dialog.isVisible()


# -- the review list ------------------------------------------------------------------

def test_review_model_passes_the_model_tester(qapp, qtmodeltester, db):
    add_directory_service(db, "Never checked", "Org A")
    add_directory_service(db, "Old entry", "Org B", assured_date=date(2020, 1, 1))
    model = ReviewModel()
    model.set_rows(staff_service(db).needs_review().items)
    assert model.rowCount() == 2
    qtmodeltester.check(model)
    model.set_rows(())


def test_review_lists_the_oldest_first_and_enter_opens_one(qtbot, db):
    old = add_directory_service(db, "Old entry", "Org B", assured_date=date(2020, 1, 1))
    never = add_directory_service(db, "Never checked", "Org A")
    dialog = NeedsReviewDialog(staff_service(db), ImmediateWorker())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.refresh()
    assert [dialog.model.index(r, 0).data(Qt.ItemDataRole.UserRole + 1).service_id for r in range(2)] == [never, old]
    assert dialog.model.index(0, 0).data() == "Never verified"
    assert "2 entries" in dialog.status.text()
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    with qtbot.waitSignal(dialog.open_requested) as opened:
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert opened.args == [old]


# -- the import -------------------------------------------------------------------------

def admin_service(db: Database) -> DirectoryEditService:
    return DirectoryEditService(db, UserService(db).ensure("ari", "Ari Admin", Role.ADMIN))


def service_count(db: Database) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(Service))


def test_an_admin_imports_from_the_window_after_a_check(qtbot, tmp_path):
    window, worker, context, db = desk_as(qtbot, tmp_path, Role.ADMIN)
    try:
        start(qtbot, window)
        dialog = window.directory_upkeep().import_from(EXAMPLE)
        steps: list[tuple[int, int, str]] = []
        dialog.progressed.connect(lambda step, total, what: steps.append((step, total, what)))
        qtbot.waitUntil(lambda: dialog.report is not None, timeout=20000)
        assert steps and steps[-1][0] == steps[-1][1] and steps[-1][2] == "Done"  # the bar was fed to its end
        assert dialog.report.dry_run and dialog.import_button.isEnabled()
        assert service_count(db) == 0  # the check wrote nothing
        assert dialog.table.item(0, 0) is not None and "nothing was changed" in dialog.headline.text()
        assert "would do this" in dialog.details.toPlainText()
        with qtbot.waitSignal(dialog.imported, timeout=20000):
            dialog.import_button.click()
        assert not dialog.report.dry_run and service_count(db) == 1
        assert dialog.close_button.text() == "Close" and not dialog.import_button.isEnabled()
        window.directory.search_edit.setText("counselling")  # the pane finds what came in
        qtbot.waitUntil(lambda: window.directory.model.rowCount() == 1, timeout=5000)
        with db.read() as session:
            assert session.scalar(select(DirectoryChange.action)) == "imported"
    finally:
        close_desk(window, worker, context, db)


@pytest.mark.parametrize("when", ["while checking", "after the check"])
def test_cancel_leaves_the_directory_unchanged(qtbot, db, when):
    worker = DbWorker()
    dialog = HsdsImportDialog(admin_service(db), worker, EXAMPLE)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start()
    if when == "after the check":
        qtbot.waitUntil(lambda: dialog.report is not None, timeout=20000)
    dialog.close_button.click()  # Cancel
    worker.wait_idle()
    qtbot.wait(50)
    assert not dialog.isVisible() and service_count(db) == 0
    assert dialog.report is None or dialog.report.dry_run
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(DirectoryChange)) == 0


def test_a_package_file_stands_for_its_folder():
    assert package_path(EXAMPLE / "datapackage.json") == EXAMPLE
    assert package_path(EXAMPLE / "services.csv") == EXAMPLE
    assert package_path("/data/directory.zip").name == "directory.zip"


def test_every_control_of_the_dialogs_has_an_object_and_accessible_name(qtbot, db):
    from PySide6.QtGui import QAccessible
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSpinBox,
        QComboBox,
        QLineEdit,
        QPlainTextEdit,
    )

    service_id = add_directory_service(db, "Harbor drop-in", "Harbor House", zip_code="77002")
    service = admin_service(db)
    editor = open_editor(qtbot, service, service.load(service_id))
    editor.phones_page.add_button.click()
    editor.people_page.add_button.click()
    review = NeedsReviewDialog(service, ImmediateWorker())
    importer = HsdsImportDialog(service, ImmediateWorker(), EXAMPLE)
    kinds = (QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit, QAbstractItemView, QAbstractSpinBox)
    missing = []
    for dialog in (editor, review, importer):
        qtbot.addWidget(dialog)
        for widget in dialog.findChildren(QWidget):
            if not isinstance(widget, kinds) or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
                continue
            if widget.window() is not dialog:
                continue  # a combo's pop-up list is a window of its own
            if isinstance(widget, QLineEdit) and isinstance(widget.parent(), (QComboBox, QAbstractSpinBox)):
                continue  # the line edit inside a spin box or combo: named by its owner
            name = QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)
            if not widget.objectName() or not name:
                missing.append((dialog.objectName(), type(widget).__name__, widget.objectName(), name))
    assert missing == [], missing
