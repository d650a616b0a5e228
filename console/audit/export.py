"""The audit trail to CSV, for IT and auditors; the export is itself audited.

Order: the file is opened first (a path that cannot be written leaves no
event), then the ``export`` event is committed, then the events are written
in id order a batch at a time (a read snapshot: the trail keeps growing
meanwhile). The macs are included, so the file can be checked against the
key later. Cells a spreadsheet would read as a formula are escaped as the
statistics export does.
"""

from __future__ import annotations

import csv
from pathlib import Path

from console.audit.actions import AuditAction
from console.audit.browse import AuditFilter, oldest_first
from console.audit.trail import Actor
from console.db import Database
from console.errors import ConsoleError
from console.statistics_export import escape_formula

HEADER = ("id", "at_utc", "user_id", "username", "action", "record_type", "record_id", "fields", "note",
          "prev_mac", "mac")


def export_events(db: Database, path: Path, wanted: AuditFilter, actor: Actor) -> int:
    """Write the events ``wanted`` selects to ``path``; returns how many."""
    try:
        handle = open(path, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115 (closed below)
    except OSError as exc:
        raise ConsoleError(f"{path} cannot be written ({exc.strerror or exc}); nothing was exported.") from None
    count = 0
    with handle:
        with db.write() as session:
            db.audit.record(session, action=AuditAction.EXPORT, user_id=actor.user_id, username=actor.username,
                            record_type="audit_events", note=wanted.describe())
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        with db.read() as session:
            for row in oldest_first(session, wanted):
                cells = (row.id, row.at.strftime("%Y-%m-%d %H:%M:%S.%f"), row.user_id, row.username, row.action,
                         row.record_type, row.record_id, row.fields, row.note, row.prev_mac, row.mac)
                writer.writerow([escape_formula(c) if isinstance(c, str) else c for c in cells])
                count += 1
    return count
