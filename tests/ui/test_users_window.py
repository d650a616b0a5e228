"""Admin ▸ Users: an admin lists, adds, disables and unlocks users from the
keyboard; a real SQLite file and the real worker thread; only admins see it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMessageBox

from console.cli import open_database
from console.models import User
from console.models.base import utcnow
from console.services.auth import AuthService
from console.services.users import UserService
from console.settings import build_settings
from console.vocabulary import Role
from tests.desk import close_desk, open_desk
from ui.users.model import COL_STATE, COL_USERNAME
from ui.users.window import UsersWindow
from ui.workers import DbWorker

CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
ADMIN_PASSWORD = "river lantern quietly"


@pytest.fixture
def admin(db):
    return AuthService(db, hasher=CHEAP).create_first_admin("ada", "Ada Admin", ADMIN_PASSWORD)


@pytest.fixture
def users(db):
    return UserService(db, hasher=CHEAP)


@pytest.fixture
def window(qtbot, db, admin, users):
    users.ensure("dreyes", "Dana Reyes", Role.SPECIALIST)  # recorded without a password
    worker = DbWorker()
    view = UsersWindow(users, worker, admin)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.start()
    yield view
    worker.wait_idle()


def usernames(view) -> list[str]:
    return [view.model.index(r, COL_USERNAME).data() for r in range(view.model.rowCount())]


def state_of(view, username: str) -> str:
    return view.model.index(usernames(view).index(username), COL_STATE).data()


def select(view, username: str) -> None:
    view.select_user(next(r.info.id for r in view.model._rows if r.info.username == username))


def selected_name(view) -> str | None:
    row = view.selected()
    return row.info.username if row else None


def open_add_dialog(qtbot, view):
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view)
    qtbot.keyClick(view.table, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # &Add user… (an animated click)
    qtbot.waitUntil(lambda: view.dialog is not None)
    dialog = view.dialog
    assert dialog is not None and dialog.objectName() == "addUserDialog"
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def type_user(qtbot, dialog, password: str, repeat: str | None = None) -> None:
    assert QApplication.focusWidget() is dialog.username  # the first field has the cursor
    qtbot.keyClicks(dialog.username, "bsmith")
    qtbot.keyClick(dialog.username, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)  # &Full name
    assert QApplication.focusWidget() is dialog.display_name
    qtbot.keyClicks(dialog.display_name, "Bea Smith")
    qtbot.keyClick(dialog.display_name, Qt.Key.Key_Tab)  # role: specialist, as offered
    qtbot.keyClick(dialog.role, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.password
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.repeat, password if repeat is None else repeat)
    qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)


def test_the_window_lists_users_by_user_name_with_their_state(qtbot, qtmodeltester, window):
    assert usernames(window) == ["ada", "dreyes"]
    assert state_of(window, "ada") == "active"
    assert state_of(window, "dreyes") == "no password yet"
    assert window.model.index(0, 2).data() == "Admin"
    assert window.model.index(0, 4).data()  # the first admin's password date
    assert selected_name(window) == "ada"
    qtmodeltester.check(window.model)
    assert window.table.accessibleName() == "Users"


def test_a_user_added_from_the_keyboard_is_listed_and_selected(qtbot, window, users, admin):
    dialog = open_add_dialog(qtbot, window)
    assert dialog.password.echoMode() == dialog.password.EchoMode.Password
    assert dialog.repeat.echoMode() == dialog.repeat.EchoMode.Password
    type_user(qtbot, dialog, "copper kettle morning")
    qtbot.waitUntil(lambda: "bsmith" in usernames(window), timeout=10000)
    assert window.dialog is None  # closed (and gone)
    assert selected_name(window) == "bsmith"
    assert state_of(window, "bsmith") == "active (temporary password)"
    assert "Added Bea Smith (bsmith)" in window.state.text()
    added = next(r for r in users.rows(admin) if r.info.username == "bsmith")
    assert (added.info.display_name, added.info.role, added.has_password) == ("Bea Smith", Role.SPECIALIST, True)


def test_a_short_password_shows_beside_the_password_and_adds_nobody(qtbot, window, users, admin):
    dialog = open_add_dialog(qtbot, window)
    type_user(qtbot, dialog, "short")
    error = dialog.findChild(type(dialog.general_error), "error_password")
    qtbot.waitUntil(lambda: error.isVisible(), timeout=10000)
    assert "at least 12 characters" in error.text()
    assert dialog.isVisible()  # still open, with what was typed
    assert QApplication.focusWidget() is dialog.password
    assert dialog.username.text() == "bsmith"
    assert [r.info.username for r in users.rows(admin)] == ["ada", "dreyes"]


def test_passwords_that_differ_are_caught_in_the_dialog(qtbot, window, users, admin):
    dialog = open_add_dialog(qtbot, window)
    type_user(qtbot, dialog, "copper kettle morning", repeat="copper kettle evening")
    error = dialog.findChild(type(dialog.general_error), "error_repeat")
    assert error.isVisible() and "differ" in error.text()
    assert dialog.isVisible()
    assert [r.info.username for r in users.rows(admin)] == ["ada", "dreyes"]


def test_disabling_asks_naming_the_user_then_shows_disabled(qtbot, window, monkeypatch):
    asked: list[str] = []
    answer = QMessageBox.StandardButton.No

    def question(_parent, _title, text, *_args):
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    select(window, "dreyes")
    assert window.active_button.text() == "&Disable"
    window.active_button.click()  # declined: nothing changes
    assert "Dana Reyes" in asked[0]
    assert state_of(window, "dreyes") == "no password yet"

    answer = QMessageBox.StandardButton.Yes
    window.active_button.click()
    qtbot.waitUntil(lambda: state_of(window, "dreyes") == "disabled", timeout=10000)
    assert len(asked) == 2
    assert selected_name(window) == "dreyes"
    assert window.active_button.text() == "&Enable"
    window.active_button.click()  # enabling does not ask
    qtbot.waitUntil(lambda: state_of(window, "dreyes") == "no password yet", timeout=10000)
    assert len(asked) == 2
    assert window.active_button.text() == "&Disable"


def test_the_last_admin_keeps_the_role_and_is_told_why_beside_it(qtbot, window, users, admin):
    select(window, "ada")
    window.role_button.click()
    dialog = window.dialog
    assert dialog.objectName() == "changeRoleDialog"
    assert dialog.role.currentData() == "admin"
    dialog.role.setCurrentIndex(dialog.role.findData("specialist"))
    qtbot.keyClick(dialog.role, Qt.Key.Key_Return)
    error = dialog.findChild(type(dialog.general_error), "error_role")
    qtbot.waitUntil(lambda: error.isVisible(), timeout=10000)
    assert "last admin" in error.text()
    assert users.rows(admin)[0].info.role is Role.ADMIN


def test_the_admin_cannot_disable_their_own_account(window):
    select(window, "ada")
    assert not window.active_button.isEnabled()


def test_unlock_is_offered_only_for_a_locked_user_and_lifts_the_lock(qtbot, window, db, users):
    with db.write() as session:  # as wrong passwords leave it
        session.get(User, users.find("dreyes").id).locked_until = utcnow() + timedelta(minutes=15)
    with qtbot.waitSignal(window.loaded, timeout=10000):
        window.reload()
    select(window, "ada")
    assert not window.unlock_button.isEnabled()
    select(window, "dreyes")
    assert state_of(window, "dreyes").startswith("locked until ")
    assert window.unlock_button.isEnabled()
    window.unlock_button.click()
    qtbot.waitUntil(lambda: state_of(window, "dreyes") == "no password yet", timeout=10000)
    assert selected_name(window) == "dreyes"
    assert not window.unlock_button.isEnabled()


# -- the main window -------------------------------------------------------------


def test_a_specialist_has_no_admin_menu(qtbot, tmp_path):
    window, worker, context, db = open_desk(tmp_path / "data", tmp_path / "desk.sqlite3")
    qtbot.addWidget(window)
    try:
        assert window.findChild(QAction, "actionUsers") is None
        assert "&Admin" not in [action.text() for action in window.menuBar().actions()]
    finally:
        close_desk(window, worker, context, db)


def test_an_admin_opens_users_from_the_admin_menu(qtbot, tmp_path):
    db_path = tmp_path / "desk.sqlite3"
    setup = open_database(build_settings(db_url=str(db_path)))
    AuthService(setup, hasher=CHEAP).create_first_admin("ada", "Ada Admin", ADMIN_PASSWORD)
    window, worker, context, db = open_desk(tmp_path / "data", db_path, username="ada", display_name="Ada Admin")
    qtbot.addWidget(window)
    try:
        assert "&Admin" in [action.text() for action in window.menuBar().actions()]
        action = window.findChild(QAction, "actionUsers")
        assert action.shortcut().toString() == "Ctrl+Shift+A"
        action.trigger()
        users_window = window.findChild(UsersWindow, "usersWindow")
        qtbot.waitUntil(lambda: usernames(users_window) == ["ada"], timeout=10000)
        assert users_window.isVisible()
        action.trigger()  # the same window, brought forward
        assert window.findChildren(UsersWindow) == [users_window]
    finally:
        close_desk(window, worker, context, db)
        setup.dispose()
