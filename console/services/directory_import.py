"""An HSDS import started at a desk: the importer of ``console.hsds``, then
one ``imported`` row in the directory's trail naming the tables it added to
or changed (who and when; the counts stay in the report).

The importer owns its transaction (all or nothing), so the trail row is
written just after it commits; a dry run or an aborted import leaves none.
``console.hsds`` is imported here on first use: the window never loads it
at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from console.db import Database
from console.models import DirectoryChange


def import_with_trail(db: Database, user_id: int, path: Path | str, *, dry_run: bool,
                      now: Callable[[], datetime], progress=None):
    """Returns the importer's ``Report``."""
    from console.hsds.importer import import_directory

    report = import_directory(db, path, dry_run=dry_run, progress=progress)
    if dry_run or report.aborted:
        return report
    changed = [name for name, counts in report.tables.items() if counts.added or counts.updated]
    if changed:
        with db.write() as session:
            session.add(DirectoryChange(at=now(), user_id=user_id, entity="import", entity_id=None,
                                        action="imported", fields=" ".join(sorted(changed))))
    return report
