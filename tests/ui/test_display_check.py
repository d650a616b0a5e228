"""A desk that cannot show the window is told what to install, not crashed."""

from __future__ import annotations

import ui.display_check as check


def test_offscreen_and_other_chosen_platforms_are_not_checked():
    assert check.display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert check.display_problem({}, "win32") is None
    assert check.display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None


def test_no_display_is_explained():
    assert "no display" in check.display_problem({}, "linux")


def test_missing_xcb_libraries_are_named_with_their_packages(monkeypatch):
    monkeypatch.setattr(check, "XCB_LIBRARIES", {**check.XCB_LIBRARIES, "libhotline-nonexistent.so.9": "libhotline9"})
    message = check.display_problem({"DISPLAY": ":99"}, "linux")
    assert "libhotline9" in message and "apt install" in message

