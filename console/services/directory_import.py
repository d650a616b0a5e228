"""An HSDS import started at a desk: the importer of ``console.hsds``, then
one ``imported`` row in the directory's trail naming the tables it added to
or changed (who and when; the counts stay in the report). The importer
writes the audit event itself, in the same transaction.

The trail row is written inside the importer's transaction (all or
nothing): an import that commits always has it; a dry run, an aborted or
cancelled import, or one whose commit fails leaves none.
``console.hsds`` is imported here on first use: the window never loads it
at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from console.audit import Actor
from console.audit.trail import username_of
from console.db import Database
from console.models import DirectoryChange


def import_with_trail(db: Database, user_id: int, path: Path | str, *, dry_run: bool,
                      now: Callable[[], datetime], progress=None):
    """Returns the importer's ``Report``."""
    from console.hsds.importer import import_directory

    with db.read() as session:
        actor = Actor(user_id, username_of(session, user_id))

    def trail(session: Session, changed: list[str]) -> None:
        session.add(DirectoryChange(at=now(), user_id=user_id, entity="import", entity_id=None,
                                    action="imported", fields=" ".join(sorted(changed))))

    return import_directory(db, path, dry_run=dry_run, progress=progress, actor=actor, trail=trail)
