"""Follow-ups in the window (issue 7): the due list with its safe-time marks,
and Ctrl+Shift+F adding a task to the open saved contact."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtGui import QAccessible, QAction, QKeySequence

from console.services.follow_ups import FollowUpForm, FollowUpService
from console.services.intake import ContactForm, IntakeService
from console.vocabulary import FollowUpStatus
from tests.desk import close_desk, open_desk
from tests.factories import make_contact
from ui.follow_ups.add_dialog import AddFollowUpDialog
from ui.follow_ups.due_dialog import FollowUpsDialog, TaskRole
from ui.workers import ImmediateWorker

NOW = datetime(2026, 11, 24, 23, 30, tzinfo=UTC)  # Tuesday 18:30 ET
ZONE = ZoneInfo("America/New_York")


def test_the_due_list_marks_overdue_and_safe_times_in_words(qtbot, db, specialist):
    contact = make_contact(db, status="in_progress", assigned_to_id=specialist.id)
    service = FollowUpService(db, clock=lambda: NOW)
    outside = service.add(FollowUpForm(contact_id=contact, due_at=NOW - timedelta(hours=2),
                                       safe_times="weekends 10:00-12:00"), specialist.id)
    inside = service.add(FollowUpForm(contact_id=contact, due_at=NOW - timedelta(hours=1),
                                      safe_times="Mon-Fri 18:00-20:00", safe_phone="713-555-0142"), specialist.id)
    dialog = FollowUpsDialog(service, ImmediateWorker(), specialist, ZONE)
    qtbot.addWidget(dialog)
    dialog.refresh()
    rows = [dialog.tasks.item(i) for i in range(dialog.tasks.count())]
    assert [r.data(TaskRole) for r in rows] == [inside.task_id, outside.task_id]
    assert rows[0].text().startswith("OVERDUE") and "inside safe times until 20:00" in rows[0].text()
    assert "+17135550142" in rows[0].text()
    assert "outside safe times: next window Sat 10:00" in rows[1].text()
    assert dialog.state.text() == "2 open, 2 overdue"
    for widget in (dialog.tasks, dialog.done_button, dialog.refresh_button):
        assert QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)
    dialog.done_button.click()  # the first row is selected
    assert dialog.tasks.count() == 1
    statuses = {i.task_id: i.status for i in service.for_contact(contact)}
    assert statuses == {inside.task_id: FollowUpStatus.DONE, outside.task_id: FollowUpStatus.OPEN}


def test_the_add_dialog_leaves_blank_safe_fields_to_the_contact(qtbot, specialist):
    dialog = AddFollowUpDialog(7, [specialist], specialist, NOW)
    qtbot.addWidget(dialog)
    form = dialog.form()
    assert (form.contact_id, form.kind, form.owner_id) == (7, "call_back", specialist.id)
    assert (form.safe_phone, form.safe_times, form.may_leave_message) == (None, None, None)
    assert form.due_at == NOW + timedelta(days=1) - timedelta(seconds=NOW.second)
    dialog.safe_times.setText("Mon-Fri 18:00-20:00")
    dialog.may_leave_message.setCurrentIndex(dialog.may_leave_message.findData("no"))
    assert (dialog.form().safe_times, dialog.form().may_leave_message) == ("Mon-Fri 18:00-20:00", "no")


@pytest.fixture
def desk(qtbot, tmp_path):
    window, worker, context, db = open_desk(tmp_path / "data", tmp_path / "desk.sqlite3")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.panes_loaded, timeout=10000):
        window.show()
        window.start()
    yield window, context, db
    close_desk(window, worker, context, db)


def test_ctrl_shift_f_adds_a_follow_up_to_the_open_saved_contact(qtbot, desk, monkeypatch):
    window, context, db = desk
    action = window.findChild(QAction, "actionAddFollowUp")
    assert action.shortcut() == QKeySequence("Ctrl+Shift+F")
    assert window.findChild(QAction, "actionFollowUps") is not None
    action.trigger()  # no contact open: nothing to add to
    assert "Save the contact first" in window.statusBar().currentMessage()

    saved = IntakeService(db).save(ContactForm(primary_request="general_info", caller_type="community_member", summary="Callback.",
                                               caller_safe_times="weekends 10:00-12:00"), context.user.id)
    window.intake.open_contact(saved.id)
    qtbot.waitUntil(lambda: window.intake.contact_id == saved.id, timeout=5000)
    due = datetime(2026, 12, 5, 15, tzinfo=UTC)
    monkeypatch.setattr(AddFollowUpDialog, "ask", classmethod(
        lambda cls, contact_id, users, me, now, parent=None: FollowUpForm(contact_id=contact_id, due_at=due)))
    with qtbot.waitSignal(window.follow_ups.task_added, timeout=5000) as added:
        action.trigger()
    item = added.args[0]
    assert (item.contact_id, item.due_at, item.safe_times) == (saved.id, due, "Sat,Sun 10:00-12:00")
    assert "Follow-up added to contact" in window.statusBar().currentMessage()

    window.follow_ups.show_due()
    dialog = window.follow_ups.dialog
    qtbot.waitUntil(lambda: dialog.tasks.count() == 1, timeout=5000)
