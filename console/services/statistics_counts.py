"""The raw counts of a period, grouped in SQL: five statements in the
caller's read snapshot, no contact read into Python.

Contacts are counted by their columns with ``tally`` (two sorts for ten
breakdowns). All of a contact's request types are its primary one (a column
of the contact, written with its request rows) plus its other request rows,
which are few; TTA requests, by urgency, likewise. The TTA requests recorded
on those contacts are counted by kind (a join of their own table). Referrals are grouped by
(status, service) once; the categories of each service are then looked up by
``ix_attribute_link``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, case, func, literal, select, union_all
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from console.models import (
    Attribute,
    Contact,
    ContactRequest,
    PotentialVictim,
    Referral,
    Taxonomy,
    TaxonomyTerm,
    TtaRequest,
)
from console.services.tally import tally
from console.vocabulary import (
    CATEGORY_TAXONOMY,
    LANGUAGES,
    CallerType,
    Channel,
    ContactStatus,
    NonDataOutcome,
    ReferralStatus,
    RequestType,
    ServiceCategory,
    TraffickingType,
    TtaKind,
    Venue,
)

_c = Contact.__table__.c
_r = ContactRequest.__table__.c
_ref = Referral.__table__.c
_tta = TtaRequest.__table__.c
NOT_RECORDED = "not_recorded"  # no language noted
DATA = "data"  # a contact with no non-data outcome
NOT_IN_DIRECTORY = "not_in_directory"  # a referral to a service gone from the directory, or uncategorised
FOLLOW_UP_STATES = ("on_time", "late", "open_overdue", "open_not_due")
NONE = "none"  # a contact outside a breakdown (no follow-up due, no TTA request)
Raw = dict[str, dict[str, int]]


def codes(enum) -> tuple[str, ...]:
    return tuple(member.value for member in enum)


# Each breakdown's codes in display order (its rows, zeros included).
ORDERS: dict[str, tuple[str, ...]] = {
    "request_type": codes(RequestType),
    "primary_request": codes(RequestType),
    "caller_type": codes(CallerType),
    "channel": codes(Channel),
    "status": codes(ContactStatus),
    "outcome": (DATA, *codes(NonDataOutcome)),
    "trafficking_type": codes(TraffickingType),
    "venue": codes(Venue),
    "language": (*LANGUAGES, NOT_RECORDED),
    "referral_status": codes(ReferralStatus),
    "referral_category": (*codes(ServiceCategory), NOT_IN_DIRECTORY),
    "tta_urgency": ("urgent", "non_urgent"),
    "tta_kind": codes(TtaKind),
    "follow_up": FOLLOW_UP_STATES,
}
_URGENCY = (*ORDERS["tta_urgency"], NONE)


def period_counts(session: Session, start: datetime, end: datetime, now: datetime) -> tuple[Raw, dict[str, int]]:
    """({breakdown: {code: n}}, {total: n}) of the contacts received in [start, end)."""
    in_period = (_c.received_at >= start) & (_c.received_at < end)
    contacts = Contact.__table__
    closed = _c.closed_at.is_not(None)
    follow_up = case(
        (_c.follow_up_due.is_(None), NONE),
        (and_(closed, _c.closed_at <= _c.follow_up_due), "on_time"),
        (closed, "late"),
        (_c.follow_up_due < now, "open_overdue"),
        else_="open_not_due",
    )
    raw = tally(session, contacts, [in_period], {
        "primary_request": (_c.primary_request, ORDERS["primary_request"]),
        "channel": (_c.channel, ORDERS["channel"]),
        "status": (_c.status, ORDERS["status"]),
        "outcome": (func.coalesce(_c.non_data_outcome, DATA), ORDERS["outcome"]),
        "follow_up": (follow_up, (*FOLLOW_UP_STATES, NONE)),
        "tta_urgency": (_tta_urgency(_c.primary_request), _URGENCY),
    })
    raw.update(tally(session, contacts, [in_period], {
        "caller_type": (_c.caller_type, ORDERS["caller_type"]),
        "trafficking_type": (_c.trafficking_type, ORDERS["trafficking_type"]),
        "venue": (_c.venue, ORDERS["venue"]),
        "language": (func.coalesce(_c.language, NOT_RECORDED), ORDERS["language"]),
    }))
    # All request types = the primary one (a column of the contact, written with
    # its request rows) + the other request rows, which are few: no sort of them all.
    others = tally(session, contacts.join(ContactRequest.__table__, _r.contact_id == _c.id),
                   [in_period, _r.is_primary.is_(False)], {
        "request_type": (_r.request_type, ORDERS["request_type"]),
        "tta_urgency": (_tta_urgency(_r.request_type), _URGENCY),
    })
    raw["request_type"] = _add(raw["primary_request"], others["request_type"])
    raw["tta_urgency"] = _add(raw["tta_urgency"], others["tta_urgency"])
    raw["follow_up"].pop(NONE, None)
    raw["tta_urgency"].pop(NONE, None)
    raw.update(_referrals(session, in_period))
    # TTA requests recorded on the period's contacts, by kind (a contact may carry several).
    raw.update(tally(session, contacts.join(TtaRequest.__table__, _tta.contact_id == _c.id), [in_period], {
        "tta_kind": (_tta.kind, ORDERS["tta_kind"]),
    }))
    victims = session.execute(
        select(func.coalesce(func.sum(PotentialVictim.count), 0))
        .select_from(contacts.join(PotentialVictim.__table__, PotentialVictim.contact_id == _c.id))
        .where(in_period)
    ).scalar_one()
    totals = {
        "contacts": sum(raw["primary_request"].values()),
        "data_contacts": raw["outcome"].get(DATA, 0),
        "potential_victims": int(victims),
        "referrals": sum(raw["referral_status"].values()),
        "referrals_given": raw["referral_status"].get(ReferralStatus.REFERRED.value, 0),
        "tta_requests": sum(raw["tta_urgency"].values()),
        "tta_recorded": sum(raw["tta_kind"].values()),
        "follow_ups": sum(raw["follow_up"].values()),
    }
    return raw, totals


def _tta_urgency(request_type) -> ColumnElement:
    return case((request_type != RequestType.TTA.value, NONE), (_c.urgent, "urgent"), else_="non_urgent")


def _add(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
    return {code: a.get(code, 0) + b.get(code, 0) for code in {**a, **b}}


def _referrals(session: Session, in_period) -> dict[str, dict[str, int]]:
    """Referrals by status, and those given by the categories of their
    service (a service may have several): one grouping by (status, service)."""
    per_service = (
        select(_ref.status, _ref.service_id, func.count().label("n"))
        .select_from(Contact.__table__.join(Referral.__table__, _ref.contact_id == _c.id))
        .where(in_period)
        .group_by(_ref.status, _ref.service_id)
        .cte("per_service")
    )
    category_terms = (select(TaxonomyTerm.id).join(Taxonomy, Taxonomy.id == TaxonomyTerm.taxonomy_id)
                      .where(Taxonomy.name == CATEGORY_TAXONOMY, TaxonomyTerm.code.is_not(None)))
    categories = per_service.outerjoin(Attribute, and_(  # looked up by ix_attribute_link, a service at a time
        Attribute.link_entity == "service", Attribute.link_id == per_service.c.service_id,
        Attribute.taxonomy_term_id.in_(category_terms),
    )).outerjoin(TaxonomyTerm, TaxonomyTerm.id == Attribute.taxonomy_term_id)
    category = func.coalesce(TaxonomyTerm.code, NOT_IN_DIRECTORY)
    rows = session.execute(union_all(
        select(literal("referral_status"), per_service.c.status, func.sum(per_service.c.n))
        .group_by(per_service.c.status),
        select(literal("referral_category"), category, func.sum(per_service.c.n))
        .select_from(categories)
        .where(per_service.c.status == ReferralStatus.REFERRED.value)
        .group_by(category),
    ))
    found: dict[str, dict[str, int]] = {"referral_status": {}, "referral_category": {}}
    for key, code, n in rows:
        found[key][str(code)] = int(n)
    return found
