"""The TTA requests window and the new-request dialog (issue 7), driven from
the keyboard: filter, move through requests, progress one with a note,
attach materials (checked by content) and save a copy, record a review,
search for trainers; and Ctrl+Shift+T on the open saved TTA contact."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from console.services.directory import DirectoryService
from console.services.intake import ContactForm, IntakeService
from console.services.tta import TtaForm, TtaService
from console.services.users import UserService
from console.vocabulary import Role, TtaStatus
from tests.desk import close_desk, open_desk, show_loaded
from tests.factories import make_contact
from ui.tta.actions import TtaActions
from ui.tta.new_dialog import NewTtaDialog
from ui.tta.window import TtaWindow
from ui.workers import ImmediateWorker

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # Tuesday 10:00 ET
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n%%EOF\n"


@pytest.fixture
def staff(db):
    return UserService(db).ensure("pstaff", "Pat Staff", Role.PROGRAM_STAFF)


@pytest.fixture
def requests(db, specialist):
    """A speaker request and a review, on two contacts the specialist holds."""
    tta = TtaService(db, clock=lambda: NOW)
    made = []
    for kind in ("speaker_trainer", "third_party_review"):
        contact = make_contact(db, priority="non_urgent", primary_request="tta", status="in_progress",
                               assigned_to_id=specialist.id, received_at=NOW - timedelta(minutes=5))
        made.append(tta.create(TtaForm(contact, kind=kind, organization="Lakeshore General Hospital",
                                       requester_name="Dr. Ana Ruiz", requester_email="ana@lakeshore.example.org",
                                       topic="education", event_state="OH", event_date=date(2026, 12, 20)),
                               specialist.id).request_id)
    return tta, made


def window_for(qtbot, db, user, tta) -> TtaWindow:
    window = TtaWindow(tta, DirectoryService(db, user.role), ImmediateWorker(), user)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.refresh()
    return window


def alt(qtbot, widget: QWidget, key) -> None:
    qtbot.keyClick(widget, key, Qt.KeyboardModifier.AltModifier)


def test_staff_move_a_request_on_from_the_keyboard(qtbot, db, staff, requests, qtmodeltester):
    tta, (speaker, review) = requests
    window = window_for(qtbot, db, staff, tta)
    qtmodeltester.check(window.model)
    assert [window.model.hit(r).request_id for r in range(window.model.rowCount())] == [speaker, review]
    assert window.state.text() == "2 request(s), 0 overdue"
    window.focus_list()
    qtbot.keyClick(window.table, Qt.Key.Key_Down)
    assert window._shown.request_id == review
    qtbot.keyClick(window.table, Qt.Key.Key_Up)
    assert window._shown.request_id == speaker and "Work log" in window.request_view.toPlainText()

    alt(qtbot, window.table, Qt.Key.Key_2)  # the Progress tab
    assert window.tabs.currentWidget() is window.progress
    panel = window.progress
    assert panel.next_status.code() == "in_progress"
    panel.note.setFocus()
    qtbot.keyClicks(panel.note, "Calling the county task force.")
    alt(qtbot, panel.note, Qt.Key.Key_A)  # Apply status (a mnemonic clicks after a short animation)
    qtbot.waitUntil(lambda: tta.details(speaker).item.status is TtaStatus.IN_PROGRESS)
    assert window._shown.log[-1].note == "Calling the county task force." and panel.note.toPlainText() == ""

    panel.next_status.set_code("declined")  # without a reason: refused, shown beside the controls
    panel.apply_button.click()
    assert panel.error.isVisible() and "Say why" in panel.error.message()
    assert tta.details(speaker).item.status is TtaStatus.IN_PROGRESS
    for widget in (window.table, window.status_filter, window.kind_filter, panel.next_status, panel.note,
                   panel.apply_button, panel.note_button, window.materials.files, window.speakers.words):
        assert QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)


def test_filters_narrow_the_list(qtbot, db, staff, requests):
    tta, (_speaker, review) = requests
    window = window_for(qtbot, db, staff, tta)
    window.kind_filter.setCurrentIndex(window.kind_filter.findData("third_party_review"))
    assert [window.model.hit(r).request_id for r in range(window.model.rowCount())] == [review]
    window.status_filter.setCurrentIndex(window.status_filter.findData("done"))
    assert window.model.rowCount() == 0 and window.request_view.toPlainText() == ""


def test_materials_are_attached_checked_saved_and_reviewed(qtbot, db, staff, requests, tmp_path):
    tta, (_speaker, review) = requests
    window = window_for(qtbot, db, staff, tta)
    window.table.selectRow(1)
    alt(qtbot, window.table, Qt.Key.Key_3)
    panel = window.materials
    assert window.tabs.currentWidget() is panel and panel.attach_button.isEnabled()
    fake = tmp_path / "training.pdf"
    fake.write_bytes(b"MZ\x90\x00" + b"\0" * 100)  # a program renamed .pdf
    window.choose_file_to_attach = lambda: str(fake)
    alt(qtbot, panel.files, Qt.Key.Key_T)  # Attach a file…
    qtbot.waitUntil(lambda: "program" in panel.error.message())
    assert panel.files.count() == 0
    deck = tmp_path / "ER deck.pdf"
    deck.write_bytes(PDF)
    window.choose_file_to_attach = lambda: str(deck)
    panel.attach_button.click()
    assert panel.files.count() == 1 and panel.files.item(0).text().startswith("ER deck.pdf")

    copy = tmp_path / "copy" / "saved.pdf"
    copy.parent.mkdir()
    window.choose_where_to_save = lambda name: str(copy)
    panel.files.setFocus()
    alt(qtbot, panel.files, Qt.Key.Key_V)  # Save a copy…
    qtbot.waitUntil(lambda: "Saved a copy" in window.state.text())
    assert copy.read_bytes() == PDF

    panel.outcome.set_code("not_recommended")
    panel.review_button.click()
    assert "Say which changes" in panel.error.message()
    panel.review_note.setPlainText("Uses images of identifiable survivors.")
    panel.review_button.click()
    assert tta.details(review).item.review_outcome == "not_recommended"


def test_the_speaker_tab_searches_the_directory_from_the_request(qtbot, db, staff, requests):
    tta, _made = requests
    window = window_for(qtbot, db, staff, tta)
    alt(qtbot, window.table, Qt.Key.Key_4)
    speakers = window.speakers
    assert speakers.words.text() == "schools" and speakers.state.code() == "OH"
    with qtbot.waitSignal(speakers.searched, timeout=2000) as found:
        alt(qtbot, speakers.words, Qt.Key.Key_H)
    assert found.args[0].hits == ()
    assert speakers.result.text() == "No trainers or speakers in the directory yet."


def test_a_specialist_sees_why_they_cannot_progress(qtbot, db, specialist, requests):
    tta, _made = requests
    window = window_for(qtbot, db, specialist, tta)
    panel = window.progress
    assert not panel.apply_button.isEnabled() and panel.note_button.isEnabled()  # their own request: notes
    assert "Program staff and supervisors" in panel.hint.text()
    assert not window.materials.review_button.isEnabled()


def test_the_new_request_dialog_shows_errors_beside_fields_then_saves(qtbot, db, specialist):
    contact = make_contact(db, priority="non_urgent", primary_request="tta", status="in_progress",
                           assigned_to_id=specialist.id, caller_state="OH")
    tta = TtaService(db)
    host = QMainWindow()
    qtbot.addWidget(host)
    actions = TtaActions(tta, DirectoryService(db, specialist.role), specialist, ImmediateWorker(),
                         lambda: contact, host)
    actions.for_open_contact()  # no request yet: the dialog opens at once
    dialog = actions.dialog
    assert isinstance(dialog, NewTtaDialog) and dialog.event_state.code() == "OH"
    dialog.save_button.click()
    assert {"kind", "requester_name", "topic", "requester_email"} <= {
        name for name, row in dialog.rows.items() if row.error.isVisible()}
    assert QApplication.focusWidget() in (dialog.kind, None)
    dialog.kind.setFocus()
    qtbot.keyClicks(dialog.kind, "Phone")  # a combo selects by what is typed
    dialog.requester_name.setText("Kim Osei")
    dialog.requester_email.setText("kim@coastal.example.org")
    dialog.topic.set_code("minors")
    with qtbot.waitSignal(actions.request_created) as created:
        dialog.save_button.click()
    details = created.args[0]
    assert (details.item.kind, details.item.contact_id) == ("phone_consultation", contact)
    assert not dialog.isVisible() and actions.tta_window.isVisible()


def test_ctrl_shift_t_on_the_open_tta_contact(qtbot, tmp_path):
    window, worker, context, db = open_desk(tmp_path / "data", tmp_path / "desk.sqlite3")
    qtbot.addWidget(window)
    try:
        show_loaded(qtbot, window)
        action = window.findChild(QAction, "actionTtaRequest")
        assert action.shortcut() == QKeySequence("Ctrl+Shift+T")
        assert window.findChild(QAction, "actionTtaRequests").shortcut() == QKeySequence("Ctrl+5")
        button = window.intake.form.call.tta_button
        window.intake.form.call.primary.set_code("tta")
        assert not button.isHidden()
        window.intake.form.call.primary.set_code("tip")
        assert button.isHidden()
        action.trigger()
        assert "Save the contact first" in window.statusBar().currentMessage()
        saved = IntakeService(db).save(ContactForm(primary_request="tta", urgent=False, caller_type="educator",
                                                   summary="School asks for a speaker."), context.user.id)
        window.intake.open_contact(saved.id)
        qtbot.waitUntil(lambda: window.intake.contact_id == saved.id, timeout=5000)
        action.trigger()
        qtbot.waitUntil(lambda: window.tta.dialog is not None and window.tta.dialog.isVisible(), timeout=5000)
        window.tta.dialog.reject()
    finally:
        close_desk(window, worker, context, db)
