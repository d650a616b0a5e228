"""The supervisor's dock in the real window: health, alerts, reassigning."""

from __future__ import annotations

import pytest

from console.cli import open_database
from console.services.intake import ContactForm, IntakeService, VictimForm
from console.services.users import UserService
from console.settings import build_settings
from console.vocabulary import Role
from tests.desk import close_desk, open_desk
from ui.dialogs.reassign import ReassignDialog


@pytest.fixture
def floor(qtbot, tmp_path):
    """A supervisor's window and a specialist colleague on the same database file."""
    db_path = tmp_path / "floor.sqlite3"
    setup = open_database(build_settings(db_url=str(db_path)))
    users = UserService(setup)
    users.ensure("jlopez", "Jorge López", Role.SUPERVISOR)
    colleague = users.ensure("mkhan", "Maya Khan", Role.SPECIALIST)
    window, worker, context, db = open_desk(tmp_path / "data", db_path, username="jlopez", display_name="Jorge López")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.panes_loaded, timeout=10000):
        window.show()
        window.start()
    yield window, context, IntakeService(setup), colleague
    close_desk(window, worker, context, db)
    setup.dispose()


def test_a_new_minor_case_raises_a_visible_alert_and_health_in_words(qtbot, floor):
    window, _context, intake, colleague = floor
    assert window.supervisor_dock is not None and window.supervisor.isVisibleTo(window)
    qtbot.waitUntil(lambda: "queue health: green" in window.health_state.text(), timeout=5000)
    intake.save(ContactForm(primary_request="crisis", caller_type="potential_victim", summary="Teen at a truck stop.",
                            victims=(VictimForm(age_group="minor"),), keep_with_me=False), colleague.id)
    qtbot.waitUntil(lambda: window.supervisor.new_alert.isVisible(), timeout=8000)
    assert "CRISIS" in window.supervisor.new_alert.text() and "MINOR" in window.supervisor.new_alert.text()
    assert "AMBER" in window.supervisor.health.text() or "RED" in window.supervisor.health.text()
    window.supervisor.acknowledge.click()
    assert not window.supervisor.new_alert.isVisible()


def test_a_supervisor_reassigns_the_selected_contact(qtbot, floor, monkeypatch):
    window, context, intake, colleague = floor
    saved = intake.save(ContactForm(primary_request="tip", caller_type="community_member", summary="Tip by email.",
                                    keep_with_me=False), colleague.id)
    model = window.queue.model
    qtbot.waitUntil(lambda: model.row_of(saved.id) >= 0, timeout=5000)
    window.queue.table.selectRow(model.row_of(saved.id))
    monkeypatch.setattr(ReassignDialog, "ask", classmethod(lambda cls, cid, users, parent=None: colleague.id))
    window.reassign_selected()
    qtbot.waitUntil(lambda: model.item_at(model.row_of(saved.id)).assigned_to_id == colleague.id, timeout=5000)


def test_a_specialist_has_no_supervisor_dock_but_sees_queue_health(qtbot, tmp_path):
    window, worker, context, db = open_desk(tmp_path / "data", tmp_path / "desk.sqlite3")
    qtbot.addWidget(window)
    try:
        with qtbot.waitSignal(window.panes_loaded, timeout=10000):
            window.show()
            window.start()
        assert window.supervisor_dock is None
        assert window.findChild(type(window.queue_dock), "supervisorDock") is None
        qtbot.waitUntil(lambda: "queue health: green" in window.health_state.text(), timeout=5000)
    finally:
        close_desk(window, worker, context, db)
