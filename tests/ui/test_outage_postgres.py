"""The window through a PostgreSQL outage: it says so plainly, keeps the
specialist's unsaved contact, and recovers by itself when the server is back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit

from console.services.intake import ContactForm
from tests.desk import close_desk, open_desk

pytestmark = pytest.mark.postgres


def test_a_server_outage_is_said_plainly_nothing_is_lost_and_the_window_recovers(qtbot, tmp_path, pg_server, pg_db):
    url = pg_db.target.url.render_as_string(hide_password=False)
    window, worker, context, db = open_desk(tmp_path / "data", url)
    qtbot.addWidget(window)
    try:
        with qtbot.waitSignal(window.panes_loaded, timeout=15000):
            window.show()
            window.start()
        window.intake._retry_timer.setInterval(500)  # 5 s in use
        window.new_contact()
        window.intake.form.set_form(ContactForm(primary_request="tip", caller_type="community_member",
                                                summary="Workers locked in at night"))
        summary = window.findChild(QPlainTextEdit, "summary")
        qtbot.keyClick(summary, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(summary, ", behind the mill.")

        saves = []
        window.intake.contact_saved.connect(saves.append)
        pg_server.stop()
        try:
            qtbot.waitUntil(lambda: "UNREACHABLE" in window.db_state.text(), timeout=15000)
            window.intake.save()
            qtbot.waitUntil(lambda: "NOT SAVED YET" in window.save_state.text(), timeout=15000)
            kept = [d.payload["form"]["summary"] for d in context.drafts.all()]
            assert kept == ["Workers locked in at night, behind the mill."]
        finally:
            pg_server.start_again()

        qtbot.waitUntil(lambda: bool(saves), timeout=30000)  # the retry saved it, nobody pressed anything
        qtbot.waitUntil(lambda: window.db_state.text() == "database: ok", timeout=30000)
        model = window.queue.model
        qtbot.waitUntil(lambda: model.row_of(saves[0].id) >= 0, timeout=15000)
        assert context.intake.load(saves[0].id).form.summary == "Workers locked in at night, behind the mill."
        assert context.drafts.all() == []
    finally:
        close_desk(window, worker, context, db)
