""""Did you mean …" (issue 4): a search that finds nothing offers the
directory's own spelling of a mistyped word, by the same rules and the same
queries on SQLite (fts5vocab) and on PostgreSQL (the word table of
migration 0015, kept by triggers as search rows are written)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from console.db import Database
from console.services.directory import DirectoryService
from console.vocabulary import Role
from tests.factories import add_directory_service

# (typed, offered): the same on both backends
CASES = [
    ("sheltr", "shelter"),
    ("sheltr legal", "shelter legal"),
    ("Sheltr", "shelter"),
    ("imigration", "immigration"),
    ("shelter", None),  # a word the directory has
    ("shel", None),  # a prefix of one: the search finds it as you type
    ("qqqqzzzz", None),  # nothing close
    ("shr", None),  # too short to guess at
    ("vietnamesee", "vietnamese"),
    ("rainbowz", None),  # only in a retired service's row, once: no longer indexed
]


def directory_of(db: Database) -> DirectoryService:
    add_directory_service(db, "Emergency shelter", "Harbor House", zip_code="77002", languages=["vi"])
    add_directory_service(db, "Immigration legal help", "Lakeside Legal Aid", zip_code="60601")
    retired = add_directory_service(db, "Rainbows drop-in", "Rainbows", zip_code="60601")
    from console.models import Service
    from console.services.directory_index import rebuild_search_rows

    with db.write() as session:
        session.get(Service, retired).status = "inactive"
        session.flush()
        rebuild_search_rows(session, [retired])
    return DirectoryService(db, Role.SPECIALIST)


@pytest.mark.parametrize(("typed", "offered"), CASES)
def test_sqlite_offers_the_directory_spelling(db, typed, offered):
    assert directory_of(db).spelling(typed) == offered


@pytest.mark.postgres
def test_postgresql_offers_the_same_spellings(pg_db):
    directory = directory_of(pg_db)
    assert [(typed, directory.spelling(typed)) for typed, _ in CASES] == CASES
    with pg_db.read() as session:  # kept by the triggers: a retired service's words leave with its row
        words = set(session.scalars(text("SELECT word FROM service_search_word")))
    assert {"shelter", "immigration", "vietnamese"} <= words and "rainbows" not in words


@pytest.mark.postgres
def test_postgresql_without_the_word_table_offers_nothing(pg_db):
    """A server an older console migrated: no offer, no error."""
    with pg_db.write() as session:
        for trigger in ("on_insert", "on_delete", "on_update_old", "on_update_new"):
            session.execute(text(f"DROP TRIGGER service_search_word_{trigger} ON service_search"))
        session.execute(text("DROP TABLE service_search_word"))
    assert directory_of(pg_db).spelling("sheltr") is None
