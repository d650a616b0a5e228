"""The audit trail on real SQLite files: written in the caller's transaction,
refused changes, and a verifier that names the first altered, deleted or
inserted event (tampering as an attacker with the file would: a raw sqlite3
connection after dropping the triggers)."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from console.audit import AuditAction, AuditTrail
from console.audit.chain import GENESIS
from console.audit.verify import verify_chain
from console.models import AuditEvent


def _record(db, n: int = 3, **extra) -> None:
    for i in range(n):
        with db.write() as session:
            db.audit.record(session, action=AuditAction.VIEW, user_id=None, username=f"user{i}",
                            record_type="contact", record_id=i + 1, fields=("summary", "caller_name"), **extra)


def _events(db) -> list[AuditEvent]:
    with db.read() as session:
        return list(session.scalars(select(AuditEvent).order_by(AuditEvent.id)))


def _tamper(db_path, *statements: str) -> None:
    """As someone holding the file: drop the triggers, then change rows directly."""
    conn = sqlite3.connect(db_path)
    conn.execute("DROP TRIGGER audit_events_no_update")
    conn.execute("DROP TRIGGER audit_events_no_delete")
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def test_events_chain_from_genesis_with_ids_given_by_the_trail(db):
    _record(db)
    events = _events(db)
    assert [e.id for e in events] == [1, 2, 3]
    assert events[0].prev_mac == GENESIS
    assert [e.prev_mac for e in events[1:]] == [e.mac for e in events[:-1]]
    assert events[0].fields == "caller_name,summary" and events[0].record_id == "1"
    assert verify_chain(db, db.audit.key).describe() == "3 events, chain intact"


def test_an_empty_trail_verifies(db):
    result = verify_chain(db, db.audit.key)
    assert result.intact and result.describe() == "0 events, chain intact"


def test_a_rollback_leaves_no_event(db):
    with pytest.raises(RuntimeError), db.write() as session:
        db.audit.record(session, action="create", user_id=None, username="x", record_type="contact", record_id=9)
        raise RuntimeError("the save failed")
    assert _events(db) == []


def test_values_are_refused_as_field_names_and_unknown_actions(db):
    with db.write() as session:
        with pytest.raises(ValueError):
            db.audit.record(session, action="view", user_id=None, username="x", fields=("555-0100 Maria",))
        with pytest.raises(ValueError):
            db.audit.record(session, action="peek", user_id=None, username="x")


@pytest.mark.parametrize("statement", ["UPDATE audit_events SET note = 'x'", "DELETE FROM audit_events"])
def test_the_database_refuses_update_and_delete(db, statement):
    _record(db, 1)
    with pytest.raises(DatabaseError, match="cannot be changed or removed"), db.write() as session:
        session.execute(text(statement))
    assert len(_events(db)) == 1


def test_verify_names_an_altered_event(db, db_path):
    _record(db, 3)
    _tamper(db_path, "UPDATE audit_events SET username = 'someone_else' WHERE id = 2")
    result = verify_chain(db, db.audit.key)
    assert result.bad_event == 2 and result.problem.startswith("altered") and result.events == 1


def test_verify_names_a_deleted_middle_event(db, db_path):
    _record(db, 3)
    _tamper(db_path, "DELETE FROM audit_events WHERE id = 2")
    result = verify_chain(db, db.audit.key)
    assert result.bad_event == 3 and result.problem.startswith("deleted") and "#2" in result.problem


def test_verify_names_a_deletion_hidden_by_renumbering(db, db_path):
    _record(db, 3)
    _tamper(db_path, "DELETE FROM audit_events WHERE id = 2", "UPDATE audit_events SET id = 2 WHERE id = 3")
    result = verify_chain(db, db.audit.key)
    assert result.bad_event == 2 and result.problem.startswith("deleted or inserted")


def test_verify_names_an_inserted_event(db, db_path):
    _record(db, 3)
    first = _events(db)[0]
    _tamper(db_path,
            "UPDATE audit_events SET id = id + 10 WHERE id >= 2", "UPDATE audit_events SET id = id - 9 WHERE id >= 12",
            "INSERT INTO audit_events (id, at, user_id, username, action, record_type, record_id, fields, note, "
            f"prev_mac, mac) VALUES (2, '2026-11-29 10:00:00.000000', NULL, 'ghost', 'view', 'contact', '7', '', '', "
            f"'{first.mac}', '{'ab' * 32}')")
    result = verify_chain(db, db.audit.key)
    assert result.bad_event == 2 and result.problem.startswith("inserted")


def test_verify_with_another_key_fails_at_the_first_event(db):
    _record(db, 2)
    result = verify_chain(db, AuditTrail(b"k" * 32).key)
    assert result.bad_event == 1 and "another key" in result.problem


def test_verify_walks_in_batches(db):
    _record(db, 7)
    assert verify_chain(db, db.audit.key, batch=2).describe() == "7 events, chain intact"
