"""Contact ▸ Share…: the dialog driven from the keyboard, for a supervisor who
overrides and a specialist who may not."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import func, select

from console.models import AuditEvent, Disclosure
from console.services.intake import ContactForm, IntakeService, VictimForm
from console.services.sharing import SharingService
from console.services.users import UserService
from console.vocabulary import Role
from ui.sharing.actions import SharingActions
from ui.workers import ImmediateWorker

NAME, PHONE, CODE_WORD = "Quillon Ashworth-Vey", "713-555-0177", "persimmon"
REASON = "Caseworker says the shelter bed is gone by tonight; the victims need placement."
CONTACT = ContactForm(
    primary_request="tip", caller_type="community_member", caller_anonymous=False, caller_name=NAME,
    caller_safe_phone=PHONE, caller_code_word=CODE_WORD, caller_state="TX",
    victims=(VictimForm(count=2, age_group="adult", gender="female", city="Katy", state="TX"),),
    summary="Two women kept in a house, no pay.", consent_law_enforcement="yes", consent_service_providers="no",
)


@pytest.fixture
def contact_id(db, specialist):
    return IntakeService(db).save(CONTACT, specialist.id).id


def share_window(qtbot, db, user, contact_id, monkeypatch, path):
    window = QWidget()
    qtbot.addWidget(window)
    actions = SharingActions(SharingService(db), user, ImmediateWorker(), lambda: (contact_id, False), window)
    monkeypatch.setattr(actions, "ask_path", lambda suggested: str(path))
    window.show()
    actions.for_open_contact()
    dialog = actions.dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.tip.hasFocus())
    return actions, dialog


def focused() -> QWidget:
    return QApplication.focusWidget()


def alt(qtbot, key) -> None:
    qtbot.keyClick(focused(), key, Qt.KeyboardModifier.AltModifier)


def disclosures(db) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(Disclosure))


def test_a_supervisor_overrides_from_the_keyboard(qtbot, db, contact_id, monkeypatch, tmp_path):
    supervisor = UserService(db).ensure("sam", "Sam Okafor", Role.SUPERVISOR)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "harbor"  # ".txt" is added
    actions, dialog = share_window(qtbot, db, supervisor, contact_id, monkeypatch, target)
    assert dialog.view.toPlainText().startswith("Shared with consent.")  # law enforcement: yes
    assert not dialog.reason.isVisible()

    qtbot.keyClick(focused(), Qt.Key.Key_Right)  # the radio group: Referral packet
    assert dialog.packet.isChecked() and focused() is dialog.packet
    alt(qtbot, Qt.Key.Key_R)
    assert focused() is dialog.recipient
    qtbot.keyClicks(focused(), "S")  # Service providers: the caller said no
    assert dialog.preview.needs_override and dialog.reason.isVisible()
    assert "NEEDS A SUPERVISOR'S OVERRIDE" in dialog.view.toPlainText()
    alt(qtbot, Qt.Key.Key_N)
    qtbot.keyClicks(focused(), "Harbor House")
    alt(qtbot, Qt.Key.Key_O)
    assert focused() is dialog.reason
    qtbot.keyClicks(focused(), "too short")
    with qtbot.waitSignal(dialog.save_requested):
        alt(qtbot, Qt.Key.Key_S)
    assert dialog.rows["override_reason"].error.message().startswith("Write why")
    assert disclosures(db) == 0 and not list(folder.iterdir())

    dialog.reason.clear()
    qtbot.keyClicks(dialog.reason, REASON)
    with qtbot.waitSignal(actions.shared) as shared:
        alt(qtbot, Qt.Key.Key_S)
    saved = (folder / "harbor.txt").read_text(encoding="utf-8")
    assert saved == shared.args[0].text and not dialog.isVisible()
    assert f"Shared without consent by supervisor override: {REASON}" in saved and "Katy TX" in saved
    for secret in (NAME, "Quillon", "555-0177", "5550177", CODE_WORD):
        assert secret not in saved
    assert [p.name for p in folder.iterdir()] == ["harbor.txt"]  # no partial file left
    with db.read() as session:
        assert session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()[-2:] == ["override",
                                                                                                "export"]


def test_a_specialist_is_told_to_ask_a_supervisor(qtbot, db, specialist, contact_id, monkeypatch, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    _actions, dialog = share_window(qtbot, db, specialist, contact_id, monkeypatch, folder / "p.txt")
    alt(qtbot, Qt.Key.Key_R)
    qtbot.keyClicks(focused(), "S")
    assert dialog.refused.isVisible() and "Ask a supervisor" in dialog.refused.text()
    assert not dialog.reason.isVisible() and not dialog.save_button.isEnabled()
    alt(qtbot, Qt.Key.Key_S)  # nothing happens (a mnemonic clicks ~100 ms later: wait past it)
    qtbot.wait(300)
    assert disclosures(db) == 0 and not list(folder.iterdir())

    qtbot.keyClick(dialog.recipient, Qt.Key.Key_Up)  # back to law enforcement: consent given
    assert dialog.save_button.isEnabled()
    with qtbot.waitSignal(dialog.save_requested):
        alt(qtbot, Qt.Key.Key_S)  # no recipient name yet
    assert dialog.rows["recipient_name"].error.message() == "Required."
    assert focused() is dialog.name and disclosures(db) == 0 and not list(folder.iterdir())


def test_controls_are_named_for_screen_readers(qtbot, db, specialist, contact_id, monkeypatch, tmp_path):
    _actions, dialog = share_window(qtbot, db, specialist, contact_id, monkeypatch, tmp_path / "p.txt")
    for widget, name in ((dialog.recipient, "Recipient class"), (dialog.name, "Recipient name"),
                         (dialog.view, "What the packet holds and leaves out"), (dialog.save_button, "Save packet"),
                         (dialog.reason, "Supervisor override reason")):
        assert widget.accessibleName() == name
    for widget in (dialog.name, dialog.view, dialog.save_button, dialog.reason):  # as screen readers ask
        assert QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name) == widget.accessibleName()


def test_an_unsaved_contact_is_not_shared(qtbot, db, specialist):
    window = QWidget()
    qtbot.addWidget(window)
    actions = SharingActions(SharingService(db), specialist, ImmediateWorker(), lambda: (7, True), window)
    with qtbot.waitSignal(actions.said) as said:
        actions.for_open_contact()
    assert "Save the contact first" in said.args[0] and actions.dialog is None


def test_the_intake_form_has_the_task_force_consent(qtbot):
    from ui.intake.section_consent import ConsentSection

    section = ConsentSection()
    qtbot.addWidget(section)
    section.fill(dataclasses.replace(ContactForm(), consent_task_force="yes"))
    assert section.values()["consent_task_force"] == "yes"
    assert section.task_force.objectName() == "consent_task_force"
    assert section.task_force.accessibleName() == "Share with the anti-trafficking task force"


def test_ctrl_shift_p_shares_the_open_saved_contact_and_reopens_it(qtbot, tmp_path, monkeypatch):
    from PySide6.QtGui import QAction, QKeySequence

    from tests.desk import close_desk, open_desk, show_loaded

    window, worker, context, db = open_desk(tmp_path / "data", tmp_path / "desk.sqlite3")
    qtbot.addWidget(window)
    try:
        show_loaded(qtbot, window)
        action = window.findChild(QAction, "actionShare")
        assert action.shortcut() == QKeySequence("Ctrl+Shift+P")
        keys = [a.shortcut().toString() for a in window.findChildren(QAction) if not a.shortcut().isEmpty()]
        assert len(keys) == len(set(keys)), "two actions share a shortcut"
        action.trigger()
        assert "Save the contact first" in window.statusBar().currentMessage()
        saved = IntakeService(db).save(CONTACT, context.user.id)
        window.intake.open_contact(saved.id)
        qtbot.waitUntil(lambda: window.intake.contact_id == saved.id and not window.intake.dirty, timeout=5000)
        action.trigger()
        dialog = window.sharing.dialog
        qtbot.waitUntil(lambda: dialog.isVisible() and dialog.preview is not None, timeout=5000)
        monkeypatch.setattr(window.sharing, "ask_path", lambda suggested: str(tmp_path / suggested))
        dialog.name.setText("Houston PD Vice")
        with qtbot.waitSignal(window.sharing.shared, timeout=5000):
            dialog.save_button.click()
        # The tip is on the contact: the form reloads it (its new version), so the next save is not stale.
        qtbot.waitUntil(lambda: window.intake.form.form().tip_forwarded_to == "Houston PD Vice", timeout=5000)
        assert list(tmp_path.glob("contact-*-tip.txt"))
    finally:
        close_desk(window, worker, context, db)
