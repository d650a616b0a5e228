"""Read-only views for directory upkeep: what needs review, how often a
service was referred, and the trail of changes to an entry.

Each function runs inside the caller's read transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, func, nulls_first, or_, select, tuple_
from sqlalchemy.orm import Session

from console.models import (
    DirectoryChange,
    Organization,
    Referral,
    Service,
    ServiceSearch,
    User,
)
from console.services.directory_index import RETIRED_STATUSES
from console.vocabulary import ReferralStatus

REVIEW_LIMIT = 1000  # rows the list shows; ``total`` counts them all


@dataclass(frozen=True, slots=True)
class ReviewItem:
    service_id: str
    service_name: str
    organization_name: str
    city: str | None
    state: str | None
    assured_date: date | None  # None: never verified
    last_modified_at: datetime | None


@dataclass(frozen=True, slots=True)
class ReviewList:
    items: tuple[ReviewItem, ...]
    total: int  # all that need review, listed or not
    cutoff: date  # verified before this day: due


@dataclass(frozen=True, slots=True)
class ReferralCounts:
    referred: int = 0
    refused: int = 0  # the caller declined it
    no_referral_needed: int = 0
    last_referred_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ChangeInfo:
    at: datetime
    user: str | None  # display name
    entity: str
    entity_id: str | None
    action: str
    fields: tuple[str, ...]


def needs_review(session: Session, cutoff: date, limit: int = REVIEW_LIMIT) -> ReviewList:
    """Active services verified before ``cutoff`` or never, the never-verified and oldest first."""
    due = and_(Service.status.not_in(RETIRED_STATUSES),
               or_(Service.assured_date.is_(None), Service.assured_date < cutoff))
    total = session.scalar(select(func.count()).select_from(Service).where(due)) or 0
    rows = session.execute(
        select(Service.id, Service.name, Organization.name, ServiceSearch.city, ServiceSearch.state,
               Service.assured_date, Service.last_modified_at)
        .join(Organization, Organization.id == Service.organization_id)
        .outerjoin(ServiceSearch, ServiceSearch.service_id == Service.id)
        .where(due)
        .order_by(nulls_first(Service.assured_date.asc()), Organization.name, Service.name, Service.id)
        .limit(limit)
    ).all()
    return ReviewList(tuple(ReviewItem(*row) for row in rows), total, cutoff)


def referral_counts(session: Session, service_id: str) -> ReferralCounts:
    rows = session.execute(
        select(Referral.status, func.count(), func.max(Referral.created_at))
        .where(Referral.service_id == service_id).group_by(Referral.status)
    ).all()
    counts = {status: (n, last) for status, n, last in rows}
    referred, last = counts.get(ReferralStatus.REFERRED.value, (0, None))
    return ReferralCounts(
        referred=referred,
        refused=counts.get(ReferralStatus.REFUSED.value, (0, None))[0],
        no_referral_needed=counts.get(ReferralStatus.NO_REFERRAL_NEEDED.value, (0, None))[0],
        last_referred_at=last,
    )


def history(session: Session, keys: Iterable[tuple[str, str]], limit: int) -> tuple[ChangeInfo, ...]:
    """The newest changes to these (entity, id) records, newest first."""
    keys = list(keys)
    if not keys:
        return ()
    rows = session.execute(
        select(DirectoryChange.at, User.display_name, DirectoryChange.entity, DirectoryChange.entity_id,
               DirectoryChange.action, DirectoryChange.fields)
        .outerjoin(User, User.id == DirectoryChange.user_id)
        .where(tuple_(DirectoryChange.entity, DirectoryChange.entity_id).in_(keys))
        .order_by(DirectoryChange.at.desc(), DirectoryChange.id.desc())
        .limit(limit)
    ).all()
    return tuple(ChangeInfo(at, user, entity, entity_id, action, tuple(fields.split()))
                 for at, user, entity, entity_id, action, fields in rows)
