"""Reading and writing a service's categories, populations, languages,
weekly hours and time zone for the directory editor (``directory_edit_needs``
says what the forms hold).

Where they live (HSDS 3.0): categories and populations are ``attribute``
rows linking the service to terms of the hotline's taxonomies; languages
are the service's own ``language`` rows; hours are ``schedule`` rows of the
service (and of its service-at-location rows); the time zone is an
``attribute`` of the ``hotline-time-zone`` taxonomy whose ``value`` is the
IANA name (HSDS has a UTC offset on schedules, which cannot follow daylight
saving). A save changes only what differs: a language row kept keeps its
code and name as imported; schedules are replaced only when the week
changed, and then one ``WEEKLY`` row per distinct opening time.
``fingerprint`` sums the rows up for the editor's stale-copy check.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from console.demo.directory_words import CATEGORY_NAMES, POPULATION_NAMES
from console.models import (
    Attribute,
    Language,
    Schedule,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from console.services.directory_edit_needs import (
    CLOSED,
    MIDNIGHT,
    WEEKDAYS,
    HoursForm,
    NeedsForm,
    minutes,
    ordered,
)
from console.services.directory_languages import language_code
from console.vocabulary import (
    CATEGORY_TAXONOMY,
    LANGUAGE_NAMES,
    POPULATION_TAXONOMY,
    TIME_ZONE_TAXONOMY,
)

ZONE_CODE = "time_zone"
_TAXONOMIES = {
    CATEGORY_TAXONOMY: ("categories", CATEGORY_NAMES),
    POPULATION_TAXONOMY: ("populations", POPULATION_NAMES),
    TIME_ZONE_TAXONOMY: ("time_zone", {ZONE_CODE: "Time zone (IANA name in the attribute's value)"}),
}
_IDS = uuid.UUID("5f0c8a52-3b7e-4f8e-9d8a-6c1e2b7a4d90")  # ids of taxonomies the editor creates
_DAY_END = "23:59"  # how a schedule row says "until midnight" (``directory_hours`` reads it so)
_UNPLAIN = ("valid_from", "valid_to", "until", "count", "bymonthday", "byweekno", "byyearday", "dtstart")


@dataclass(slots=True)
class Needs:
    """A service's rows as read inside a transaction."""

    attributes: list[tuple[Attribute, str, str]]  # (row, taxonomy name, term code)
    languages: list[Language]
    schedules: list[Schedule]

    def forms(self) -> tuple[NeedsForm, HoursForm]:
        codes: dict[str, list[str]] = defaultdict(list)
        zone = ""
        for row, taxonomy, code in self.attributes:
            if taxonomy == TIME_ZONE_TAXONOMY:
                zone = zone or (row.value or "")
            else:
                codes[taxonomy].append(code)
        languages = (language_code(row.code, row.name) for row in self.languages)
        needs = NeedsForm(ordered(codes[CATEGORY_TAXONOMY]), ordered(codes[POPULATION_TAXONOMY]),
                          ordered(code for code in languages if code))
        return needs, _week(self.schedules, zone)

    def fingerprint(self) -> str:
        digest = hashlib.sha256()
        for row in sorted((a for a, _, _ in self.attributes), key=lambda a: a.id):
            digest.update(repr(("attribute", row.id, row.taxonomy_term_id, row.value)).encode())
        for row in self.languages:
            digest.update(repr(("language", row.id, row.code, row.name)).encode())
        for row in self.schedules:
            digest.update(repr(("schedule", [(c.name, getattr(row, c.key)) for c in row.__table__.columns])).encode())
        return digest.hexdigest()[:32]


def read(session: Session, service_id: str | None) -> Needs:
    if service_id is None:
        return Needs([], [], [])
    attributes = session.execute(
        select(Attribute, Taxonomy.name, TaxonomyTerm.code)
        .join(TaxonomyTerm, TaxonomyTerm.id == Attribute.taxonomy_term_id)
        .join(Taxonomy, Taxonomy.id == TaxonomyTerm.taxonomy_id)
        .where(Attribute.link_entity == "service", Attribute.link_id == service_id,
               Taxonomy.name.in_(list(_TAXONOMIES)), TaxonomyTerm.code.is_not(None))
        .order_by(Attribute.id)
    ).all()
    languages = session.scalars(select(Language).where(Language.service_id == service_id).order_by(Language.id))
    at_ids = select(ServiceAtLocation.id).where(ServiceAtLocation.service_id == service_id)
    schedules = session.scalars(
        select(Schedule).where(or_(Schedule.service_id == service_id,
                                   Schedule.service_at_location_id.in_(at_ids))).order_by(Schedule.id))
    return Needs(list(attributes), list(languages), list(schedules))


def _week(rows: list[Schedule], zone: str) -> HoursForm:
    """The grid's week, or ``custom`` when the rows say more than one plain opening a day."""
    if not rows:
        return HoursForm(time_zone=zone)
    days: list[tuple[str, str] | None] = list(CLOSED)
    for row in rows:
        plain = ((row.freq or "WEEKLY").upper() == "WEEKLY" and row.interval in (None, 1)
                 and not any(getattr(row, name) for name in _UNPLAIN))
        opens, closes = _hhmm(row.opens_at), _hhmm(row.closes_at)
        byday = [part.strip().upper() for part in (row.byday or ",".join(WEEKDAYS)).split(",") if part.strip()]
        if not plain or opens is None or closes is None or not set(byday) <= set(WEEKDAYS):
            return HoursForm(time_zone=zone, custom=True)
        if closes in (MIDNIGHT, _DAY_END):
            closes = MIDNIGHT
        elif minutes(closes) <= minutes(opens):
            return HoursForm(time_zone=zone, custom=True)  # overnight
        for code in byday:
            index = WEEKDAYS.index(code)
            if days[index] is not None:
                return HoursForm(time_zone=zone, custom=True)  # two openings a day
            days[index] = (opens, closes)
    if all(day == (MIDNIGHT, MIDNIGHT) for day in days):
        return HoursForm(open_24h=True, time_zone=zone)
    return HoursForm(tuple(days), time_zone=zone)


def _hhmm(text: str | None) -> str | None:
    """"09:00" or "09:00:00" as "09:00"; anything else (an offset, a typo) None."""
    text = (text or "").strip()
    if len(text) == 8 and text.endswith(":00"):
        text = text[:5]
    return text if minutes(text) is not None else None


def apply(session: Session, service_id: str, needs: Needs, new: dict[str, Any], hours: dict[str, Any]) -> list[str]:
    """Write the clean values that differ from ``needs``; returns the changed fields' names."""
    old_needs, old_hours = needs.forms()
    changed: list[str] = []
    for taxonomy, (name, _) in _TAXONOMIES.items():
        if taxonomy != TIME_ZONE_TAXONOMY and set(getattr(old_needs, name)) != set(new[name]):
            _set_terms(session, service_id, needs, taxonomy, set(new[name]))
            changed.append(name)
    if set(old_needs.languages) != set(new["languages"]):
        _set_languages(session, service_id, needs, set(new["languages"]))
        changed.append("languages")
    if old_hours.time_zone != hours["time_zone"]:
        _set_zone(session, service_id, needs, hours["time_zone"])
        changed.append("time_zone")
    if not hours["custom"] and (old_hours.custom or old_hours.days != hours["days"]
                                or old_hours.open_24h != hours["open_24h"]):
        _set_week(session, service_id, needs, hours)
        changed.append("hours")
        if old_hours.open_24h != hours["open_24h"]:
            changed.append("open_24h")
    return changed


def _set_terms(session: Session, service_id: str, needs: Needs, taxonomy: str, wanted: set[str]) -> None:
    for row, name, code in needs.attributes:
        if name == taxonomy and code not in wanted:
            session.delete(row)
    have = {code for _, name, code in needs.attributes if name == taxonomy}
    terms = term_ids(session, taxonomy)
    for code in sorted(wanted - have):
        session.add(Attribute(id=str(uuid.uuid4()), link_id=service_id, link_entity="service", link_type=taxonomy,
                              taxonomy_term_id=terms[code]))


def _set_languages(session: Session, service_id: str, needs: Needs, wanted: set[str]) -> None:
    have = set()
    for row in needs.languages:
        code = language_code(row.code, row.name)
        if code is None:
            continue  # a row the console cannot read as a language: left as imported
        if code not in wanted:
            session.delete(row)
        have.add(code)
    for code in ordered(wanted - have):
        session.add(Language(id=str(uuid.uuid4()), service_id=service_id, code=code, name=LANGUAGE_NAMES.get(code)))


def _set_zone(session: Session, service_id: str, needs: Needs, zone: str) -> None:
    rows = [row for row, name, _ in needs.attributes if name == TIME_ZONE_TAXONOMY]
    for row in rows[1:] if zone else rows:
        session.delete(row)
    if zone and rows:
        rows[0].value = zone
    elif zone:
        session.add(Attribute(id=str(uuid.uuid4()), link_id=service_id, link_entity="service", value=zone,
                              link_type=TIME_ZONE_TAXONOMY, taxonomy_term_id=term_ids(session, TIME_ZONE_TAXONOMY)[ZONE_CODE]))


def _set_week(session: Session, service_id: str, needs: Needs, hours: dict[str, Any]) -> None:
    offset = next((row.timezone for row in needs.schedules if row.timezone is not None), None)
    ids = [row.id for row in needs.schedules]
    if ids:
        session.execute(delete(Schedule).where(Schedule.id.in_(ids)), execution_options={"synchronize_session": False})
    groups: dict[tuple[str, str], list[str]] = {}
    if hours["open_24h"]:
        groups[(MIDNIGHT, MIDNIGHT)] = list(WEEKDAYS)
    else:
        for code, day in zip(WEEKDAYS, hours["days"], strict=True):
            if day is not None:
                groups.setdefault(day, []).append(code)
    for (opens, closes), days in groups.items():
        session.add(Schedule(
            id=str(uuid.uuid4()), service_id=service_id, freq="WEEKLY", byday=",".join(days), opens_at=opens,
            closes_at=_DAY_END if closes == MIDNIGHT else closes, timezone=offset,
            description="Open 24 hours" if hours["open_24h"] else None))


def term_ids(session: Session, taxonomy: str) -> dict[str, str]:
    """{code: term id} of one of the editor's taxonomies, made (with its terms) when missing."""
    _, names = _TAXONOMIES[taxonomy]
    taxonomy_id = session.scalar(select(Taxonomy.id).where(Taxonomy.name == taxonomy))
    if taxonomy_id is None:
        taxonomy_id = str(uuid.uuid5(_IDS, f"taxonomy:{taxonomy}"))
        session.add(Taxonomy(id=taxonomy_id, name=taxonomy, version="1",
                             description="The hotline's own directory taxonomy (Hotline Console)."))
        session.flush()
    found = dict(session.execute(
        select(TaxonomyTerm.code, TaxonomyTerm.id).where(TaxonomyTerm.taxonomy_id == taxonomy_id)).all())
    for code, label in names.items():
        if str(code) not in found:
            term_id = found[str(code)] = str(uuid.uuid5(_IDS, f"term:{taxonomy}:{code}"))
            session.add(TaxonomyTerm(id=term_id, code=str(code), name=label, description=label,
                                     taxonomy_id=taxonomy_id, language="en"))
    session.flush()
    return found
