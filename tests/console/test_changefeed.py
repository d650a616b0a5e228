"""The change feed sees commits by other connections and other processes."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest
from sqlalchemy import text

from console.changefeed import (
    ChangeFeed,
    PollingChangeFeed,
    SQLiteChangeFeed,
    open_change_feed,
)
from console.db import Database, DatabaseTarget
from tests.factories import make_contact


@pytest.fixture
def feed(db):
    feed = open_change_feed(db)
    yield feed
    feed.close()


def test_sqlite_database_gets_the_data_version_feed(feed, db_path):
    assert isinstance(feed, SQLiteChangeFeed) and isinstance(feed, ChangeFeed)
    assert feed.path == db_path


def test_first_call_says_changed_then_quiet_without_commits(feed, db):
    assert feed.changed() is True
    assert feed.changed() is False
    with db.read() as session:  # reading is not a change
        session.execute(text("SELECT count(*) FROM contacts")).scalar()
    assert feed.changed() is False


def test_a_commit_by_another_connection_flips_it_once(feed, db):
    feed.changed()
    make_contact(db)
    assert feed.changed() is True
    assert feed.changed() is False


def test_a_rolled_back_write_is_not_a_change(feed, db):
    feed.changed()
    with pytest.raises(RuntimeError):
        with db.write() as session:
            session.execute(text("UPDATE contacts SET summary = 'x'"))
            raise RuntimeError("abandon")
    assert feed.changed() is False


def test_a_commit_by_another_process_flips_it(feed, db_path):
    feed.changed()
    code = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
        "c.execute(\"INSERT INTO users (username, display_name, role, active, created_at) "
        "VALUES ('kim', 'Kim Lo', 'specialist', 1, '2025-01-01 00:00:00')\"); c.commit(); c.close()"
    )
    subprocess.run([sys.executable, "-c", code, str(db_path)], check=True)
    assert feed.changed() is True


def test_the_feed_is_asked_from_another_thread(feed, db):
    results = []
    thread = threading.Thread(target=lambda: results.append(feed.changed()))
    thread.start()
    thread.join(10)
    make_contact(db)
    thread = threading.Thread(target=lambda: results.append((feed.changed(), feed.changed())))
    thread.start()
    thread.join(10)
    assert results == [True, (True, False)]


def test_closed_feed_says_nothing_and_closes_twice(db, db_path):
    feed = SQLiteChangeFeed(db_path)
    feed.changed()
    feed.close()
    make_contact(db)
    assert feed.changed() is False
    feed.close()


def test_a_target_without_a_file_is_refused():
    with pytest.raises(ValueError):
        SQLiteChangeFeed(DatabaseTarget.parse("sqlite://"))


def test_in_memory_database_falls_back_to_polling():
    memory = Database(DatabaseTarget.parse("sqlite://"))
    try:
        assert isinstance(open_change_feed(memory), PollingChangeFeed)
    finally:
        memory.dispose()


def test_polling_feed_says_changed_at_most_every_interval():
    now = [100.0]
    feed = PollingChangeFeed(interval=2.0, clock=lambda: now[0])
    assert feed.changed() is True
    now[0] += 1.0
    assert feed.changed() is False
    now[0] += 1.5
    assert feed.changed() is True
    assert feed.changed() is False
    feed.close()
    now[0] += 10
    assert feed.changed() is False
