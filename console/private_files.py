"""Key files are for the console's users only: one that every account on the
computer can read (or write) is refused when it is read, with the fix.

The audit key lets whoever holds it forge the trail, the field key opens
every sealed detail, and the database's key file lets anyone try passwords
against its wraps offline. ``make-key``, ``make-field-key`` and ``db
encrypt`` write them 0600; a copy made by hand may not be. Group access is
allowed: desks where several accounts run the console share the files
through a group. POSIX only: Windows keeps access in ACLs, not in the mode,
and ``packaging/windows`` installs the files under ProgramData's ACLs.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

_OTHERS = stat.S_IROTH | stat.S_IWOTH


def public_mode_problem(path: Path) -> str | None:
    """Why ``path`` is too open, with the fix; None when it is private enough (or cannot be told)."""
    if sys.platform == "win32":
        return None
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # the caller's own read says what is wrong
    if not mode & _OTHERS:
        return None
    return (f"every account on this computer can {'write' if mode & stat.S_IWOTH else 'read'} it "
            f"(mode {stat.S_IMODE(mode):04o}). Make it private to the console's users: "
            f"`chmod o-rwx {path}` (or `chmod 600` for one account).")
