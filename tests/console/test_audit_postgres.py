"""The audit trail on a real PostgreSQL server: the database refuses UPDATE,
DELETE and TRUNCATE, and desks appending at once keep one intact chain."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from console.audit import AuditAction
from console.audit.verify import verify_chain
from console.db import Database
from console.models import AuditEvent

pytestmark = pytest.mark.postgres


def _append(db: Database, n: int, who: str) -> None:
    for i in range(n):
        with db.write() as session:
            db.audit.record(session, action=AuditAction.VIEW, user_id=None, username=who, record_type="contact",
                            record_id=i)


@pytest.mark.parametrize("statement", ["UPDATE audit_events SET note = 'x'", "DELETE FROM audit_events",
                                       "TRUNCATE audit_events"])
def test_the_database_refuses_changes_even_to_the_tables_owner(pg_db, statement):
    _append(pg_db, 2, "dana")
    with pytest.raises(DBAPIError, match="cannot be changed or removed"), pg_db.write() as session:
        session.execute(text(statement))
    assert verify_chain(pg_db, pg_db.audit.key).describe() == "2 events, chain intact"


def test_no_one_is_granted_changes_through_public(pg_db):
    with pg_db.read() as session:
        grants = session.execute(text(
            "SELECT privilege_type FROM information_schema.role_table_grants "
            "WHERE table_name = 'audit_events' AND grantee = 'PUBLIC'")).scalars().all()
    assert not {"UPDATE", "DELETE", "TRUNCATE"} & set(grants)


def test_a_rollback_leaves_no_event(pg_db):
    with pytest.raises(RuntimeError), pg_db.write() as session:
        pg_db.audit.record(session, action="create", user_id=None, username="x")
        raise RuntimeError
    with pg_db.read() as session:
        assert session.scalar(select(AuditEvent.id)) is None


def test_two_desks_appending_at_once_keep_the_chain_intact(pg_db):
    other_desk = Database(pg_db.target, audit_key=pg_db.audit.key)  # its own engine and connections
    try:
        threads = [threading.Thread(target=_append, args=(db, 40, name))
                   for db, name in ((pg_db, "dana"), (other_desk, "kim"))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    finally:
        other_desk.dispose()
    with pg_db.read() as session:
        names = session.scalars(select(AuditEvent.username)).all()
    assert sorted(set(names)) == ["dana", "kim"] and len(names) == 80
    assert verify_chain(pg_db, pg_db.audit.key, batch=7).describe() == "80 events, chain intact"
