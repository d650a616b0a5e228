"""Bringing the search rows of the services an import touched up to date,
in the import's transaction, so a search finds them the moment it commits.

The writer notes what changed (``writer.REACHES``): services,
organizations (names, places), locations, addresses, languages and
schedules (places, languages, hours), terms. Here
those become service ids, gathered in the stage, then rebuilt a chunk at a
time by ``directory_index`` (a renamed taxonomy rebuilds every row).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from console.hsds.staging import Stage, table_sql
from console.models import Attribute, Location, Service, ServiceAtLocation
from console.services.directory_index import CHUNK, rebuild_search_rows


def reindex(session: Session, stage: Stage, progress: Callable[[int, int], None] = lambda done, total: None) -> int:
    """Rebuild the touched services' search rows; returns how many were written.
    ``progress(done, total)`` after each chunk of ``CHUNK`` services: it may raise to cancel."""
    if stage.fresh_services:  # every service is new: build theirs
        fresh = f"FROM {table_sql('service')} WHERE _rejected = 0"
        total = stage.query(f"SELECT count(*) {fresh}")[0][0]
        return _chunked(session, stage, f"SELECT id {fresh} ORDER BY id", total, progress)
    if stage.query("SELECT 1 FROM touched WHERE entity = 'taxonomy' LIMIT 1"):
        return rebuild_search_rows(session, progress=progress)
    stage.conn.execute("CREATE TEMP TABLE reindex (id TEXT PRIMARY KEY) WITHOUT ROWID")
    stage.conn.execute("INSERT INTO reindex SELECT id FROM touched WHERE entity = 'service'")
    services_of = (
        ("organization", lambda ids: select(Service.id).where(Service.organization_id.in_(ids))),
        ("location", lambda ids: select(ServiceAtLocation.service_id).where(ServiceAtLocation.location_id.in_(ids))),
        ("sal", lambda ids: select(ServiceAtLocation.service_id).where(ServiceAtLocation.id.in_(ids))),
        # A location's place is also that of its organization's services that have no location of their own.
        ("location", lambda ids: select(Service.id).join(Location, Location.organization_id == Service.organization_id)
         .where(Location.id.in_(ids))),
        ("term", lambda ids: select(Attribute.link_id).where(
            Attribute.taxonomy_term_id.in_(ids), Attribute.link_entity == "service"
        )),
    )
    for entity, query in services_of:
        for batch in stage.ids("SELECT id FROM touched WHERE entity = ?", (entity,)):
            found = session.scalars(query(batch)).all()
            stage.conn.executemany("INSERT OR IGNORE INTO reindex VALUES (?)", [(s,) for s in found])
    total = stage.query("SELECT count(*) FROM reindex")[0][0]
    written = _chunked(session, stage, "SELECT id FROM reindex ORDER BY id", total, progress)
    stage.conn.execute("DROP TABLE reindex")
    return written


def _chunked(session: Session, stage: Stage, ids_sql: str, total: int, progress: Callable[[int, int], None]) -> int:
    written = done = 0
    progress(0, total)
    for chunk in stage.ids(ids_sql, size=CHUNK):
        written += rebuild_search_rows(session, chunk)
        done += len(chunk)
        progress(done, total)
    return written
