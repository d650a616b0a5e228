"""Alembic environment. The console passes its own connection in
``config.attributes["connection"]`` (see ``console.schema``); there is no
alembic.ini, so the same code runs from source and from the frozen bundle."""

from __future__ import annotations

from alembic import context

from console.models import Base

config = context.config


def _include_object(obj, name, type_, reflected, compare_to):
    # Made by raw SQL in the migrations, outside the models: SQLite's FTS5
    # and R*Tree tables (and their shadow tables) and PostgreSQL's trigram index.
    if type_ == "table" and name and ("_fts" in name or name.startswith("service_search_rtree")):
        return False
    return not (type_ == "index" and name and name.endswith("_trgm"))


def run_migrations_online() -> None:
    connection = config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        include_object=_include_object,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
