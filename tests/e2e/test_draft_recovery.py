"""Kill the console mid-call; the next start offers the typed contact back."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from console.services.intake import ContactForm
from tests.desk import close_desk, open_desk
from ui.dialogs.drafts import RESTORE, DraftsDialog

HERE = Path(__file__).resolve().parent


def test_a_killed_console_offers_the_draft_back_at_the_next_start(qtbot, tmp_path, monkeypatch):
    data_dir, db_path = tmp_path / "data", tmp_path / "desk.sqlite3"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.run(
        [sys.executable, str(HERE / "typing_then_killed.py"), str(data_dir), str(db_path)],
        capture_output=True, text=True, timeout=120, env=env,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert "draft kept" in child.stdout

    offered = []

    def answer(cls, drafts, parent=None):
        offered.extend(drafts)
        return RESTORE, drafts[0]

    monkeypatch.setattr(DraftsDialog, "ask", classmethod(answer))
    window, worker, context, db = open_desk(data_dir, db_path)
    qtbot.addWidget(window)
    try:
        window.offer_drafts()
        assert len(offered) == 1
        form: ContactForm = window.intake.form.form()
        assert form.summary == "Caller is hiding in a gas station restroom off I-45"
        assert form.primary_request == "crisis"
        assert window.intake.dirty  # restored, not yet saved
    finally:
        close_desk(window, worker, context, db)
