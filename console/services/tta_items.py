"""What the TTA service hands out: frozen rows, never ORM objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from console.models import TtaRequest
from console.services.tta_rules import NEXT, OPEN
from console.vocabulary import TtaKind, TtaStatus


@dataclass(frozen=True, slots=True)
class TtaItem:
    request_id: int
    contact_id: int
    kind: TtaKind
    status: TtaStatus
    urgent: bool
    respond_by: datetime | None  # UTC; None: urgent, handled now
    overdue: bool  # open and its due time has passed
    organization: str
    requester_name: str
    requester_role: str
    requester_email: str | None
    requester_phone: str | None
    topic: str  # a LibraryTopic code
    topic_detail: str
    audience: str | None  # a LibraryAudience code
    audience_detail: str
    event_date: date | None
    event_city: str | None
    event_state: str | None
    description: str
    review_outcome: str | None  # a TtaReviewOutcome code
    review_note: str
    reviewed_at: datetime | None
    reviewed_by: str | None  # display names
    created_at: datetime
    created_by: str | None
    updated_at: datetime
    closed_at: datetime | None
    attachments: int
    created_by_id: int | None = None

    @property
    def is_open(self) -> bool:
        return self.status.value in OPEN

    @property
    def next_statuses(self) -> tuple[TtaStatus, ...]:
        """Where the status may go from here, in the vocabulary's order."""
        return tuple(s for s in TtaStatus if s.value in NEXT[self.status.value])


@dataclass(frozen=True, slots=True)
class TtaLogEntry:
    at: datetime
    user: str  # display name
    from_status: str | None
    to_status: str | None  # None: a note
    note: str


@dataclass(frozen=True, slots=True)
class AttachmentInfo:
    attachment_id: int
    request_id: int
    file_name: str
    media_type: str
    size: int
    sha256: str
    added_at: datetime
    added_by: str | None


@dataclass(frozen=True, slots=True)
class TtaDetails:
    item: TtaItem
    log: tuple[TtaLogEntry, ...]
    attachments: tuple[AttachmentInfo, ...]

    @property
    def request_id(self) -> int:
        return self.item.request_id


def item_of(r: TtaRequest, created_by: str | None, reviewed_by: str | None, attachments: int,
            now: datetime) -> TtaItem:
    overdue = r.status in OPEN and r.respond_by is not None and r.respond_by < now
    return TtaItem(
        r.id, r.contact_id, TtaKind(r.kind), TtaStatus(r.status), bool(r.urgent), r.respond_by, overdue,
        r.organization, r.requester_name, r.requester_role, r.requester_email, r.requester_phone, r.topic,
        r.topic_detail, r.audience, r.audience_detail, r.event_date, r.event_city, r.event_state, r.description,
        r.review_outcome, r.review_note, r.reviewed_at, reviewed_by, r.created_at, created_by, r.updated_at,
        r.closed_at, int(attachments or 0), r.created_by_id,
    )
