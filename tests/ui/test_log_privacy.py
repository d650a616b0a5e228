"""Logs never hold personal data: a contact with distinctive values is saved
through the window, once while the database is away (the error path logs),
then the log is searched for every one of those values."""

from __future__ import annotations

import logging
import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit

from console.logs import setup_logging
from tests.desk import close_desk, open_desk
from tests.ui.test_main_window import start

NAME, PHONE, WORDS, TOWN = "Zephyrine Quillfeather", "(713) 555-0199", "Blue-heron-otter-7731", "Quillton"


def test_a_saved_contact_leaves_none_of_its_details_in_the_log(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("HOTLINE_LOG_DIR", str(tmp_path / "logs"))
    window, worker, context, db = open_desk(tmp_path / "data", tmp_path / "desk.sqlite3")
    qtbot.addWidget(window)
    log_file = setup_logging(context.settings)
    try:
        start(qtbot, window)
        window.intake._retry_timer.setInterval(300)
        window.new_contact()
        form_type = type(window.intake.form.form())
        window.intake.form.set_form(form_type(
            primary_request="tip", caller_type="community_member", caller_anonymous=False, caller_name=NAME,
            caller_safe_phone=PHONE, caller_city=TOWN, caller_state="TX", summary=f"Van seen. Code {WORDS}",
        ))
        summary = window.findChild(QPlainTextEdit, "summary")
        qtbot.keyClick(summary, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(summary, " again")
        other = sqlite3.connect(tmp_path / "desk.sqlite3")
        other.execute("ALTER TABLE contacts RENAME TO contacts_away")
        other.commit()
        window.intake.save()
        qtbot.waitUntil(lambda: "NOT SAVED YET" in window.save_state.text(), timeout=5000)
        logging.getLogger("hotline.test").error("a failure logged as the window logs them",
                                                exc_info=_failed_insert(db))
        with qtbot.waitSignal(window.intake.contact_saved, timeout=10000) as saved:
            other.execute("ALTER TABLE contacts_away RENAME TO contacts")
            other.commit()
        other.close()
        assert context.intake.load(saved.args[0].id).form.caller_name == NAME
    finally:
        close_desk(window, worker, context, db)
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.read_text(encoding="utf-8")
    assert "starting (window)" in text and "a failure logged" in text and "IntegrityError" in text
    for value in (NAME, "Zephyrine", "Quillfeather", PHONE, "555-0199", "5550199", WORDS, TOWN):
        assert value not in text, f"{value!r} is in the log"


def _failed_insert(db) -> BaseException:
    """A real database error about a statement carrying the caller's details."""
    from sqlalchemy import text

    try:
        with db.write() as session:
            session.execute(text("INSERT INTO users (id, username, display_name, role) VALUES (1, :u, :n, 'x')"),
                            {"u": WORDS, "n": NAME})
            session.execute(text("INSERT INTO users (id, username, display_name, role) VALUES (1, :u, :n, 'x')"),
                            {"u": WORDS, "n": NAME})
    except Exception as exc:  # the duplicate id
        return exc
    raise AssertionError("the duplicate insert should have failed")
