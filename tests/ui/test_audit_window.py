"""The audit trail in the window: no entry for a specialist; a supervisor
opens it, filters and exports; a broken chain shows a banner to those who
may see the trail."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtGui import QAction

from console.audit import AuditAction
from console.audit.browse import AuditFilter
from console.audit.service import AuditService
from console.cli import open_database
from console.errors import PermissionDenied
from console.services.users import UserService
from console.settings import build_settings
from console.vocabulary import Role
from tests.desk import close_desk, open_desk, show_loaded
from ui.audit.window import AuditWindow
from ui.workers import ImmediateWorker


def _prepare(db_path, role: Role, events: int = 3):
    db = open_database(build_settings(db_url=str(db_path)))
    user = UserService(db).ensure("jlopez", "Jorge López", role)
    for i in range(events):
        with db.write() as session:
            db.audit.record(session, action=AuditAction.VIEW if i % 2 else AuditAction.EDIT, user_id=user.id,
                            username=user.username, record_type="contact", record_id=i + 1, fields=("summary",))
    return db, user


def _desk(qtbot, tmp_path, username: str):
    window, worker, context, db = open_desk(tmp_path / "data", tmp_path / "hotline.sqlite3", username=username)
    qtbot.addWidget(window)
    show_loaded(qtbot, window, timeout_ms=20000)
    return window, worker, context, db


def test_a_specialist_has_no_audit_entry_and_the_service_refuses(qtbot, tmp_path):
    db, _ = _prepare(tmp_path / "hotline.sqlite3", Role.SPECIALIST)
    db.dispose()
    desk = _desk(qtbot, tmp_path, "jlopez")
    try:
        window, context = desk[0], desk[2]
        assert window.findChild(QAction, "actionAuditTrail") is None
        with pytest.raises(PermissionDenied):
            context.audit.events(AuditFilter())
    finally:
        close_desk(*desk)


def test_a_supervisor_opens_the_window_filters_and_exports(qtbot, qtmodeltester, tmp_path):
    db, user = _prepare(tmp_path / "hotline.sqlite3", Role.SUPERVISOR, events=5)
    try:
        window = AuditWindow(AuditService(db, user), ImmediateWorker())
        qtbot.addWidget(window)
        window.start()
        assert window.model.rowCount() == 5 and window.model.hit(0).id == 5  # newest first
        qtmodeltester.check(window.model)
        window.action.setCurrentIndex(window.action.findData("view"))
        window.record_id.setText("2")
        with qtbot.waitSignal(window.loaded):
            window.apply_filter()
        assert [row.id for row in window.model._rows] == [2]
        target = tmp_path / "audit.csv"
        with qtbot.waitSignal(window.exported):
            window.export_to(target)
        assert target.read_text(encoding="utf-8-sig").count("\n") == 2  # header and the one event
        last = AuditService(db, user).events(AuditFilter(action="export"))
        assert [(e.username, e.record_type) for e in last] == [("jlopez", "audit_events")]
    finally:
        db.dispose()


def test_the_menu_opens_the_window_and_a_broken_chain_shows_the_banner(qtbot, tmp_path):
    db_path = tmp_path / "hotline.sqlite3"
    db, _ = _prepare(db_path, Role.SUPERVISOR)
    db.dispose()
    conn = sqlite3.connect(db_path)
    conn.execute("DROP TRIGGER audit_events_no_delete")
    conn.execute("DELETE FROM audit_events WHERE id = 2")
    conn.commit()
    conn.close()
    desk = _desk(qtbot, tmp_path, "jlopez")
    try:
        window = desk[0]
        qtbot.waitUntil(lambda: window.audit.result is not None, timeout=20000)
        assert window.audit.bar.isVisible() and "#3" in window.audit.banner.label.text()
        assert "deleted" in window.audit.banner.label.text()
        window.findChild(QAction, "actionAuditTrail").trigger()
        qtbot.waitUntil(lambda: window.audit.audit_window.model.rowCount() >= 2, timeout=20000)
        actions = [row.action for row in window.audit.audit_window.model._rows]
        assert actions[0] == "audit_verify_failed"  # this desk put the failure in the trail
    finally:
        close_desk(*desk)
