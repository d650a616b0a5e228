"""Before Qt starts: can this desk show a window at all?

Qt aborts the whole process, in C++, when its X11 platform plugin cannot load
a system library (a bundle or a wheel carries Qt, not the desk's xcb stack).
A person then sees a crash; IT sees a line about "xcb". Checking the few
libraries first turns that into a message naming the Debian packages to
install. Offscreen and other explicitly chosen platforms are left alone.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Mapping

# soname -> Debian/Ubuntu package (Qt 6.5+ xcb plugin's direct needs beyond libxcb itself)
XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
}


def _loadable(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def display_problem(env: Mapping[str, str] | None = None, platform: str = sys.platform) -> str | None:
    """A message for the person at the desk, or None when a window can open."""
    env = os.environ if env is None else env
    chosen = env.get("QT_QPA_PLATFORM", "")
    if not platform.startswith("linux") or (chosen and not chosen.startswith("xcb")):
        return None
    if not chosen and env.get("WAYLAND_DISPLAY"):
        return None  # Qt picks Wayland, which needs none of the xcb stack
    if not env.get("DISPLAY"):
        return (
            "There is no display to open the window on (DISPLAY is not set). Start the console from "
            "the desktop session, or for a check without a screen run: hotline-console --smoke with "
            "QT_QPA_PLATFORM=offscreen."
        )
    missing = sorted({package for soname, package in XCB_LIBRARIES.items() if not _loadable(soname)})
    if missing:
        return (
            "This desk lacks system libraries the window needs: "
            + ", ".join(missing)
            + ". Ask IT to install them (Debian/Ubuntu: sudo apt install "
            + " ".join(missing)
            + ")."
        )
    return None
