"""The start-up floor of the model layer: the least SQLAlchemy and the console's
models cost before a window can show a single row.

It imports SQLAlchemy's ORM and ``console.models`` (every mapped class), opens
the SQLite file given (as the console opens it: ``console.db.Database``) and
reads one user, which configures the mappers and compiles a first statement,
then exits. No Qt. ``make bench`` times it frozen (``tools/model_layer_floor.spec``,
the same spec options as the bare window) beside the bare window: the
console's start is at least the bare window, plus this, plus one argon2id
check, so it shows how much of the 2x start-up budget the model layer takes
before the console does anything of its own.

    python tools/model_layer_floor.py DATABASE.sqlite3
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(path: str) -> int:
    from sqlalchemy import select

    from console.db import Database, DatabaseTarget
    from console.models import User

    db = Database(DatabaseTarget.sqlite_file(Path(path)))
    try:
        with db.read() as session:
            session.scalar(select(User.id).limit(1))
    finally:
        db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
