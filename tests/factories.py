"""Test data: rows made directly through the ORM (no service needed), and a
valid intake form to save.

``make_contact`` fills every NOT NULL column of ``Contact`` sensibly and adds
the primary ``ContactRequest``; the ORM sets ``version``.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from console.db import Database
from console.models import Contact, ContactRequest, Organization, Service, utcnow
from console.services.intake import ContactForm, VictimForm
from console.vocabulary import ContactStatus, Priority, RequestType

# A complete, valid urgent referral: a caseworker asking for shelter for two minors.
SHELTER_REFERRAL = ContactForm(
    primary_request="referral",
    urgent=True,
    caller_type="social_service_provider",
    caller_city="Houston",
    caller_state="TX",
    caller_zip="77002",
    caller_safe_phone="713-555-0142",
    victims=(VictimForm(count=2, age_group="minor", gender="female", state="TX"),),
    summary="Caseworker needs shelter tonight for two girls found at a motel.",
)

_DEFAULT_REQUEST = {
    Priority.CRISIS: RequestType.CRISIS,
    Priority.URGENT: RequestType.TIP,
    Priority.NON_URGENT: RequestType.GENERAL_INFO,
}


def make_contact(
    db: Database,
    *,
    priority: str = "urgent",
    status: str = "waiting",
    received_at: datetime | None = None,
    caller_state: str | None = "TX",
    summary: str = "Caller reports a possible labor trafficking situation at a worksite.",
    primary_request: str | None = None,
    caller_type: str = "community_member",
    assigned_to_id: int | None = None,
    **extra,
) -> int:
    """Insert one contact; return its id."""
    prio = Priority(priority)
    request = RequestType(primary_request) if primary_request else _DEFAULT_REQUEST[prio]
    now = utcnow()
    received = received_at or now
    if status == ContactStatus.IN_PROGRESS and "claimed_at" not in extra:
        extra["claimed_at"] = now
    if status == ContactStatus.CLOSED and "closed_at" not in extra:
        extra["closed_at"] = now
    contact = Contact(
        received_at=received,
        channel="phone",
        primary_request=request.value,
        urgent=prio is not Priority.NON_URGENT,
        priority=prio.value,
        priority_rank=prio.rank,
        status=ContactStatus(status).value,
        assigned_to_id=assigned_to_id,
        caller_type=caller_type,
        caller_state=caller_state,
        summary=summary,
        **extra,
    )
    contact.requests.append(ContactRequest(request_type=request.value, is_primary=True))
    with db.write() as session:
        session.add(contact)
        session.flush()
        return contact.id


def add_service(db: Database, service_name: str, organization_name: str) -> str:
    """A minimal directory entry (one organization, one service) to refer to; returns the service id."""
    org_id, service_id = str(uuid.uuid4()), str(uuid.uuid4())
    with db.write() as session:
        session.add(Organization(id=org_id, name=organization_name, description=""))
        session.flush()
        session.add(Service(id=service_id, organization_id=org_id, name=service_name, status="active"))
    return service_id
