"""A minimal directory entry for tests that need one service to refer to."""

from __future__ import annotations

import uuid

from console.models import Organization, Service


def add_service(db, service_name: str, organization_name: str) -> str:
    org_id, service_id = str(uuid.uuid4()), str(uuid.uuid4())
    with db.write() as session:
        session.add(Organization(id=org_id, name=organization_name, description=""))
        session.flush()
        session.add(Service(id=service_id, organization_id=org_id, name=service_name, status="active"))
    return service_id
