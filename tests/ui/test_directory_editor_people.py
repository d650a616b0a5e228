"""The directory editor's People page, from the keyboard: a person added,
saved and shown in the service's details; a person without a name or a
title refused beside their fields, nothing stored."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import text

from console.services.directory import DirectoryService
from console.services.directory_edit import DirectoryEditService
from console.services.users import UserService
from console.vocabulary import Role
from tests.factories import add_directory_service
from ui.directory.editor import ServiceEditorDialog
from ui.workers import ImmediateWorker


@pytest.fixture(autouse=True)
def drop_changes_on_close(monkeypatch):
    """Closing the dialog with unsaved changes asks first: the tests answer Yes, never block on it."""
    monkeypatch.setattr(QMessageBox, "question", lambda *_args, **_kwargs: QMessageBox.StandardButton.Yes)


def open_editor(qtbot, db, service_id: str) -> ServiceEditorDialog:
    service = DirectoryEditService(db, UserService(db).ensure("pat", "Pat Staff", Role.PROGRAM_STAFF))
    dialog = ServiceEditorDialog(service, ImmediateWorker(), service.load(service_id))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.focus_first()
    return dialog


def type_in(qtbot, words: str) -> None:
    qtbot.keyClicks(QApplication.focusWidget(), words)


def key(qtbot, k, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), k, modifier)


def to_people_page(qtbot, dialog: ServiceEditorDialog) -> None:
    while dialog.tabs.currentWidget() is not dialog.people_page:
        key(qtbot, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    key(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # "&Add a person": the cursor goes to the name
    qtbot.waitUntil(lambda: dialog.people_page.person_count() == 1)  # a mnemonic clicks after a short animation
    assert QApplication.focusWidget() is dialog.people_page.entries()[-1].name


def test_a_person_added_from_the_keyboard_is_saved_and_shown_in_the_details(qtbot, db):
    service_id = add_directory_service(db, "Harbor drop-in", "Harbor House", zip_code="77002")
    dialog = open_editor(qtbot, db, service_id)
    to_people_page(qtbot, dialog)
    type_in(qtbot, "Maria Lopez")
    key(qtbot, Qt.Key.Key_Tab)
    type_in(qtbot, "Training Coordinator")
    key(qtbot, Qt.Key.Key_Tab)  # department
    key(qtbot, Qt.Key.Key_Tab)
    type_in(qtbot, "maria@harbor.example.org")
    key(qtbot, Qt.Key.Key_Tab)
    type_in(qtbot, "713-555-0142")
    assert dialog.is_dirty()
    with qtbot.waitSignal(dialog.saved) as saved:
        key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert [(p.name, p.title, p.phone) for p in saved.args[0].edit.people] == [
        ("Maria Lopez", "Training Coordinator", "713-555-0142")]
    details = DirectoryService(db, Role.SPECIALIST).details(service_id)
    assert [(p.name, p.email, [ph.number for ph in p.phones]) for p in details.people] == [
        ("Maria Lopez", "maria@harbor.example.org", ["713-555-0142"])]


def test_a_person_without_a_name_or_title_is_refused_beside_their_fields(qtbot, db):
    service_id = add_directory_service(db, "Harbor drop-in", "Harbor House", zip_code="77002")
    dialog = open_editor(qtbot, db, service_id)
    to_people_page(qtbot, dialog)
    for _ in range(3):  # name, title, department left blank
        key(qtbot, Qt.Key.Key_Tab)
    type_in(qtbot, "someone@harbor.example.org")
    dialog.tabs.setCurrentIndex(0)  # the error brings the People page back
    key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    person = dialog.people_page.entries()[0]
    qtbot.waitUntil(lambda: bool(person.error.message()))
    assert "name: A name or a title" in person.error.message()
    assert dialog.tabs.currentWidget() is dialog.people_page and QApplication.focusWidget() is person.name
    assert "People" in dialog.message.message() and dialog.isVisible()
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM contact")).scalar() == 0
