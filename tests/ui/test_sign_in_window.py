"""Signing in, locking the desk and the privacy screen, driven from the
keyboard on the real window over a real SQLite file."""

from __future__ import annotations

import os

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow

from console.cli import open_database
from console.services.auth import AuthService
from console.settings import build_settings
from tests.desk import show_loaded
from ui.sign_in.desk_lock import DeskLock
from ui.sign_in.dialogs import FirstAdminDialog, SignInDialog

CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
GOOD = "river lantern quietly"


@pytest.fixture
def desk(qtbot, tmp_path):
    """A signed-in admin's main window, with the desk lock as ui.app builds it."""
    from ui.app import _build_context
    from ui.main_window import MainWindow
    from ui.workers import DbWorker

    env = {**os.environ, "HOTLINE_DATA_DIR": str(tmp_path / "data")}
    settings = build_settings(db_url=str(tmp_path / "desk.sqlite3"), env=env)
    db = open_database(settings)
    auth = AuthService(db, hasher=CHEAP)
    user = auth.create_first_admin("ada", "Ada Admin", GOOD)
    context = _build_context(settings, db, user, auth)
    worker = DbWorker()
    window = MainWindow(context, worker, QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    show_loaded(qtbot, window)
    yield window, auth
    window.close()
    worker.wait_idle()
    context.feed.close()
    db.dispose()


def press(qtbot, widget, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(widget, key, modifier)


def test_a_wrong_password_keeps_the_dialog_open_and_says_so(qtbot, db):
    auth = AuthService(db, hasher=CHEAP)
    auth.create_first_admin("ada", "Ada Admin", GOOD)
    dialog = SignInDialog(auth.sign_in, "ada")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.password, "not it")
    press(qtbot, dialog.password, Qt.Key.Key_Return)
    assert dialog.isVisible() and "not right" in dialog.message.text()
    assert dialog.password.text() == ""  # typed again, never kept
    qtbot.keyClicks(dialog.password, GOOD)
    press(qtbot, dialog.password, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.result_value.username == "ada"


def test_the_first_admin_dialog_shows_each_problem_beside_its_field(qtbot, db):
    auth = AuthService(db, hasher=CHEAP)
    dialog = FirstAdminDialog(auth.create_first_admin, "ada")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.display_name, "Ada Admin")
    qtbot.keyClicks(dialog.password, "too short")
    qtbot.keyClicks(dialog.repeat, "too short")
    press(qtbot, dialog.repeat, Qt.Key.Key_Return)
    error = dialog.findChild(type(dialog.message), "passwordError")
    assert error.isVisible() and "at least 12" in error.text()
    assert auth.needs_first_admin()  # nothing was created
    dialog.password.setText(GOOD)
    dialog.repeat.setText(GOOD + "x")
    press(qtbot, dialog.repeat, Qt.Key.Key_Return)
    assert "differ" in dialog.findChild(type(dialog.message), "repeatError").text()
    dialog.repeat.setText(GOOD)
    press(qtbot, dialog.repeat, Qt.Key.Key_Return)
    assert dialog.result_value.role.value == "admin" and not auth.needs_first_admin()


def test_ctrl_l_covers_everything_and_only_the_same_password_brings_back_the_same_screen(qtbot, desk):
    window, _auth = desk
    window.new_contact()
    summary = window.intake.findChild(QLineEdit, "caller_first_name") or window.intake.findChildren(QLineEdit)[0]
    summary.setFocus()
    qtbot.keyClicks(summary, "Marisol")
    press(qtbot, summary, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    screen = window.desk_lock.screen
    assert screen.isVisible() and not window.isVisible()
    visible = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert visible == [screen]  # nothing of the call is on screen
    assert "Marisol" not in " ".join(label.text() for label in screen.findChildren(type(screen.message)))
    qtbot.keyClicks(screen.password, "wrong password")
    press(qtbot, screen.password, Qt.Key.Key_Return)
    assert screen.isVisible() and "not right" in screen.message.text()
    qtbot.keyClicks(screen.password, GOOD)
    press(qtbot, screen.password, Qt.Key.Key_Return)
    assert window.isVisible() and not screen.isVisible()
    assert summary.text() == "Marisol"  # the call in progress is exactly as it was


def test_sign_in_as_someone_else_asks_the_app_to_sign_this_user_out(qtbot, desk):
    window, _auth = desk
    window.desk_lock.lock()
    with qtbot.waitSignal(window.sign_out_requested, timeout=2000):
        window.desk_lock.screen.switch_button.click()


def test_the_privacy_screen_blanks_the_window_at_once_and_comes_back(qtbot, desk):
    window, _auth = desk
    press(qtbot, window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.privacy.covering and window.privacy.geometry() == window.rect()
    assert not window.centralWidget().isEnabled() and not window.queue.isEnabled()
    press(qtbot, window.privacy, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert not window.privacy.covering and window.centralWidget().isEnabled()


def test_the_desk_locks_itself_after_a_countdown_that_any_key_dismisses(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    lock = DeskLock(window, _user(), lambda password: _user(), idle_seconds=3, warning_seconds=2)
    lock.start()
    try:
        qtbot.waitUntil(lambda: lock.banner.isVisible(), timeout=4000)
        assert "Locking this desk in" in lock.banner.text()
        press(qtbot, window, Qt.Key.Key_Shift)
        assert not lock.banner.isVisible() and not lock.is_locked
        qtbot.waitUntil(lambda: lock.is_locked, timeout=6000)
        assert not window.isVisible()
    finally:
        lock.stop()


def _user():
    from console.services.users import UserInfo
    from console.vocabulary import Role

    return UserInfo(1, "ada", "Ada Admin", Role.ADMIN)


def test_an_encrypted_database_opens_only_with_the_first_sign_in(tmp_path, monkeypatch):
    import io

    from console.cli import build_parser, run_command
    from console.encryption import keyfile
    from console.encryption.keys import MIN_PARAMS
    from console.errors import DatabaseProblem
    from ui.sign_in.start import open_and_sign_in

    monkeypatch.setattr(keyfile, "DEFAULT_PARAMS", MIN_PARAMS)
    monkeypatch.setenv("HOTLINE_DATA_DIR", str(tmp_path / "data"))
    path = str(tmp_path / "desk.sqlite3")

    def command(*argv: str, stdin: str) -> None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        assert run_command(build_parser().parse_args(argv), io.StringIO(), io.StringIO()) == 0

    command("user", "add", "ada", "--role", "admin", "--db", path, stdin=GOOD + "\n")
    command("db", "encrypt", "--user", "ada", "--db", path, stdin=GOOD + "\n")
    settings = build_settings(db_url=path, env={**os.environ, "HOTLINE_USER": "ada"})
    with pytest.raises(DatabaseProblem, match="not right"):
        open_and_sign_in(settings, smoke=True, stdin=io.StringIO("not the password\n"))
    db, user = open_and_sign_in(settings, smoke=True, stdin=io.StringIO(GOOD + "\n"))
    try:
        assert user.username == "ada" and db.target.key is not None
    finally:
        db.dispose()
