"""The whole window as a specialist uses it: keyboard only, real database
file, real background worker."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from console.demo.directory import generate_directory
from tests.desk import close_desk, open_desk, show_loaded


@pytest.fixture
def desk(qtbot, tmp_path):
    window, worker, context, db = open_desk(tmp_path / "data", tmp_path / "desk.sqlite3")
    qtbot.addWidget(window)
    yield window, context, db
    close_desk(window, worker, context, db)


def start(qtbot, window):
    show_loaded(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def type_into_focus(qtbot, text: str) -> None:
    qtbot.keyClicks(QApplication.focusWidget(), text)


def key(qtbot, k, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), k, modifier)


def test_a_call_typed_from_the_keyboard_is_saved_and_appears_in_the_queue(qtbot, desk):
    window, context, _db = desk
    start(qtbot, window)
    key(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # new contact
    assert QApplication.focusWidget().objectName() == "primary_request"
    type_into_focus(qtbot, "Serv")  # type-ahead: "Service referral"
    key(qtbot, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)  # &Urgency
    assert QApplication.focusWidget().objectName() == "urgent"
    type_into_focus(qtbot, "Ur")
    key(qtbot, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)  # next section: Caller
    key(qtbot, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)  # Caller &type
    type_into_focus(qtbot, "Social")
    key(qtbot, Qt.Key.Key_6, Qt.KeyboardModifier.AltModifier)  # section 6: Outcome
    key(qtbot, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)  # S&ummary
    assert QApplication.focusWidget().objectName() == "summary"
    type_into_focus(qtbot, "Caseworker needs shelter tonight for a survivor and her son.")
    form = window.intake.form.form()
    assert (form.primary_request, form.urgent, form.caller_type) == ("referral", True, "social_service_provider")

    with qtbot.waitSignal(window.intake.contact_saved, timeout=10000) as saved:
        key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    contact_id = saved.args[0].id
    model = window.queue.model
    qtbot.waitUntil(lambda: model.row_of(contact_id) >= 0, timeout=5000)
    item = model.item_at(model.row_of(contact_id))
    assert item.summary_preview.startswith("Caseworker needs shelter")
    assert item.assigned_to_id == context.user.id
    assert "saved" in window.save_state.text()
    assert not window.intake.dirty
    assert context.drafts.all() == []  # the draft goes once the contact is stored


def test_errors_show_beside_fields_and_nothing_is_stored(qtbot, desk):
    window, context, _db = desk
    start(qtbot, window)
    key(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    type_into_focus(qtbot, "Tip")
    key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    error = window.findChild(type(window.intake.message), "error_caller_type")
    qtbot.waitUntil(lambda: error.isVisible(), timeout=5000)
    assert "Required" in error.text()
    assert window.intake.contact_id is None
    assert context.queue.open_items() == ()


def test_search_refer_and_the_referral_is_on_the_saved_contact(qtbot, desk):
    window, context, db = desk
    generate_directory(db, 100, seed=7)
    start(qtbot, window)
    window.new_contact()
    window.intake.form.set_form(
        window.intake.form.form().__class__(
            primary_request="crisis", caller_type="potential_victim", summary="Needs a safe place tonight."
        )
    )
    key(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)  # directory search
    assert QApplication.focusWidget().objectName() == "directorySearch"
    type_into_focus(qtbot, "shelter")
    model = window.directory.model
    qtbot.waitUntil(lambda: model.rowCount() > 0 and window.directory.search_edit.text() == "shelter", timeout=5000)
    qtbot.waitUntil(lambda: "shelter" in window.directory.status.text().lower() or model.rowCount() > 0)
    key(qtbot, Qt.Key.Key_Return)  # into the results
    hit = window.directory.selected_hit()
    assert hit is not None
    key(qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)  # refer
    assert [r.service_id for r in window.intake.form.form().referrals] == [hit.service_id]
    with qtbot.waitSignal(window.intake.contact_saved, timeout=10000) as saved:
        key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    stored = context.intake.load(saved.args[0].id).form.referrals
    assert [(r.service_id, r.service_name, r.status) for r in stored] == [(hit.service_id, hit.service_name, "referred")]


def test_every_control_has_an_object_and_accessible_name(qtbot, desk):
    from PySide6.QtGui import QAccessible
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QComboBox,
        QLineEdit,
        QPlainTextEdit,
    )

    window, _context, _db = desk
    start(qtbot, window)
    kinds = (QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit, QAbstractItemView)
    missing = []
    for widget in window.findChildren(kinds[0].__mro__[1]):
        if not isinstance(widget, kinds) or widget.focusProxy() is not None or widget.window() is not window:
            continue  # pop-ups are windows of their own; proxies hand focus to a checked control
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue  # Qt's own helpers (dock title buttons, tab scroll arrows)
        name = QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)
        if not widget.objectName() or not name:
            missing.append((type(widget).__name__, widget.objectName(), name))
    assert missing == [], missing


def test_the_window_remembers_its_layout(qtbot, tmp_path):
    data_dir, db_path = tmp_path / "data", tmp_path / "desk.sqlite3"
    window, worker, context, db = open_desk(data_dir, db_path)
    qtbot.addWidget(window)
    window.show()
    window.directory_dock.setFloating(True)
    close_desk(window, worker, context, db)
    again, worker, context, db = open_desk(data_dir, db_path)
    qtbot.addWidget(again)
    try:
        assert again.directory_dock.isFloating()
    finally:
        close_desk(again, worker, context, db)


def test_the_status_bar_says_when_the_database_fails_and_when_it_is_back(qtbot, desk, tmp_path):
    import sqlite3

    window, _context, _db = desk
    start(qtbot, window)
    assert window.db_state.text() == "database: ok"
    other = sqlite3.connect(tmp_path / "desk.sqlite3")  # another program breaks the table under us
    other.execute("ALTER TABLE contacts RENAME TO contacts_away")
    other.commit()
    qtbot.waitUntil(lambda: "UNREACHABLE" in window.db_state.text(), timeout=5000)
    other.execute("ALTER TABLE contacts_away RENAME TO contacts")
    other.commit()
    other.close()
    qtbot.waitUntil(lambda: window.db_state.text() == "database: ok", timeout=5000)


def test_alt_letters_belong_to_the_form_so_the_docks_take_none(qtbot, desk):
    from PySide6.QtWidgets import QAbstractButton, QLabel

    window, _context, _db = desk
    for dock in (window.queue, window.directory):
        texts = [w.text() for w in dock.findChildren(QLabel) + dock.findChildren(QAbstractButton)]
        assert not [t for t in texts if "&" in t.replace("&&", "")]


def test_a_save_that_meets_no_database_keeps_the_work_and_saves_itself_when_it_is_back(qtbot, desk, tmp_path):
    import sqlite3

    window, context, _db = desk
    start(qtbot, window)
    window.intake._retry_timer.setInterval(300)  # 5 s in use; the behaviour, not the wait, is under test
    window.new_contact()
    form_type = type(window.intake.form.form())
    window.intake.form.set_form(form_type(primary_request="tip", caller_type="community_member", summary="Van at 3"))
    summary = window.findChild(QPlainTextEdit, "summary")
    qtbot.keyClick(summary, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(summary, " am.")  # typed: unsaved work
    other = sqlite3.connect(tmp_path / "desk.sqlite3")
    other.execute("ALTER TABLE contacts RENAME TO contacts_away")  # the database is 'away'
    other.commit()
    window.intake.save()
    qtbot.waitUntil(lambda: "NOT SAVED YET" in window.save_state.text(), timeout=5000)
    assert "will be saved as soon as the database is back" in window.intake.message.text()
    assert [d.payload["form"]["summary"] for d in context.drafts.all()] == ["Van at 3 am."]
    with qtbot.waitSignal(window.intake.contact_saved, timeout=10000) as saved:
        other.execute("ALTER TABLE contacts_away RENAME TO contacts")
        other.commit()
    other.close()
    assert context.intake.load(saved.args[0].id).form.summary == "Van at 3 am."
    assert context.drafts.all() == []
