"""Databases at a chosen schema revision, for upgrade tests."""

from __future__ import annotations

from alembic import command
from alembic.script import ScriptDirectory

from console.db import Database
from console.schema import alembic_config


def revisions() -> list[str]:
    scripts = ScriptDirectory.from_config(alembic_config())
    return [r.revision for r in reversed(list(scripts.walk_revisions()))]


def upgrade_to(db: Database, revision: str) -> None:
    """Migrate ``db`` to exactly ``revision`` (no backup, no checks: a test's setup)."""
    with db.engine.connect() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        conn.commit()
