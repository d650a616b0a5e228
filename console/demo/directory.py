"""A synthetic referral directory for demonstrations, tests and benchmarks.

``generate_directory(db, organizations, seed)`` adds that many fictional
anti-trafficking organizations, each with one location in a real US city
(real ZIP code and coordinates from the ``zipcodes`` package), one to three
services with their categories, populations and languages, phones,
opening hours (HSDS schedules: 24/7 for shelters and hotlines, weekday
hours for most others, none for about one service in eight) and, at about
one organization in five, a named person (``directory_people``).

Deterministic: organization number *n* of a seed is always the same record
with the same HSDS ids, whatever the batch size (ids are UUID version 8:
the organization's number, a record counter, then bits of the seed, so a
run appends to the indexes; 100,000 organizations take about 80 s here). Run on a directory that
already has organizations, it **adds** to it and never changes or deletes a
record: numbering continues after the organizations already present (and
skips any number whose id is taken), so generating 100 twice gives the same
200 organizations as generating 200 once. Real directory data is never
touched. Data is written in batches, each committed with its search rows,
so a large run never holds one giant transaction.
"""

from __future__ import annotations

import hashlib
import random
import uuid
from datetime import date, timedelta
from functools import cache

import zipcodes
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from console.db import Database
from console.demo.directory_people import add_person
from console.demo.directory_words import (
    ADJECTIVES,
    CATEGORY_NAMES,
    KINDS,
    POPULATION_NAMES,
    STREET_TYPES,
    STREETS,
    Kind,
)
from console.models import (
    Address,
    Attribute,
    DirectoryContact,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from console.services.directory_index import rebuild_search_rows
from console.vocabulary import (
    CATEGORY_TAXONOMY,
    LANGUAGE_NAMES,
    POPULATION_TAXONOMY,
    STATE_NAMES,
    US_STATES,
    ServiceCategory,
)

MIN_ORGANIZATIONS, MAX_ORGANIZATIONS = 100, 100_000
BATCH = 5000  # organizations a transaction
NAMESPACE = uuid.UUID("8d4f4c1e-6f0a-5a53-9a43-2f8e3c1d7b10")  # the demo directory's own id space
ASSURED_BEFORE = date(2026, 11, 1)  # records were "verified" within two years of this day
_OTHER_LANGUAGES = tuple(code for code in LANGUAGE_NAMES if code not in ("en", "es"))
_WEIGHTS = [kind.weight for kind in KINDS]
_ALL_PROGRAMS = [template for kind in KINDS for template in kind.services]
ALL_PROGRAMS_SHARE, EXTRA_PROGRAM_SHARE = 0.85, 0.2


def generate_directory(db: Database, organizations: int, seed: int = 2026) -> int:
    """Add ``organizations`` demo organizations; returns how many were added."""
    if not isinstance(organizations, int) or not MIN_ORGANIZATIONS <= organizations <= MAX_ORGANIZATIONS:
        raise ValueError(
            f"The demo directory is made of {MIN_ORGANIZATIONS:,} to {MAX_ORGANIZATIONS:,} organizations; "
            f"{organizations!r} is outside that range."
        )
    zips = _zip_pool()
    with db.write() as session:
        terms = ensure_taxonomies(session)
        numbers = _free_numbers(session, seed, organizations)
    for start in range(0, len(numbers), BATCH):
        rows = _Rows()
        for number in numbers[start:start + BATCH]:
            _organization(rows, random.Random(f"{seed}:{number}"), _Ids(seed, number), zips, terms)
        with db.write() as session:
            rows.insert(session)
            rebuild_search_rows(session, [row["id"] for row in rows.tables[Service]])
    return organizations


def ensure_taxonomies(session: Session) -> dict[tuple[str, str], str]:
    """The category and population taxonomies and their terms, made once with
    stable ids (kept as they are if already present). Returns
    {(taxonomy name, code): term id}."""
    found: dict[tuple[str, str], str] = {}
    for name, names in ((CATEGORY_TAXONOMY, CATEGORY_NAMES), (POPULATION_TAXONOMY, POPULATION_NAMES)):
        taxonomy_id = session.scalar(select(Taxonomy.id).where(Taxonomy.name == name))
        if taxonomy_id is None:
            taxonomy_id = str(uuid.uuid5(NAMESPACE, f"taxonomy:{name}"))
            session.execute(insert(Taxonomy), [{
                "id": taxonomy_id, "name": name, "version": "1",
                "description": "The hotline's own directory taxonomy (Hotline Console).",
            }])
        have = dict(session.execute(
            select(TaxonomyTerm.code, TaxonomyTerm.id).where(TaxonomyTerm.taxonomy_id == taxonomy_id)
        ).all())
        missing = [
            {"id": str(uuid.uuid5(NAMESPACE, f"term:{name}:{code}")), "code": str(code), "name": label,
             "taxonomy_id": taxonomy_id, "language": "en", "description": label}
            for code, label in names.items() if code not in have
        ]
        if missing:
            session.execute(insert(TaxonomyTerm), missing)
        have.update((row["code"], row["id"]) for row in missing)
        found.update(((name, code), term_id) for code, term_id in have.items())
    return found


@cache
def _zip_pool() -> tuple[tuple, ...]:
    """Standard, active ZIP codes of the hotline's states, in ZIP order:
    (zip, city, state, county, latitude, longitude, area code)."""
    states = set(US_STATES)
    pool = [
        (z["zip_code"], z["city"], z["state"], z["county"] or z["city"], float(z["lat"]), float(z["long"]),
         (z["area_codes"] or ["202"])[0])
        for z in zipcodes.list_all()
        if z["zip_code_type"] == "STANDARD" and z["active"] and z["state"] in states and z["lat"] and z["long"]
    ]
    return tuple(sorted(pool))


def _org_id(seed: int, number: int) -> str:
    return _Ids(seed, number)()


def _free_numbers(session: Session, seed: int, count: int) -> list[int]:
    """The next ``count`` organization numbers whose ids are not taken."""
    numbers: list[int] = []
    candidate = session.scalar(select(func.count()).select_from(Organization)) or 0
    while len(numbers) < count:
        wanted = {_org_id(seed, n): n for n in range(candidate, candidate + count - len(numbers))}
        taken: set[str] = set()
        ids = list(wanted)
        for i in range(0, len(ids), 2000):
            taken.update(session.scalars(select(Organization.id).where(Organization.id.in_(ids[i:i + 2000]))))
        numbers.extend(n for i, n in wanted.items() if i not in taken)
        candidate += len(wanted)
    return numbers


_BLANK = {
    Phone: {"organization_id": None, "location_id": None, "service_id": None, "contact_id": None, "extension": None},
    DirectoryContact: {"service_id": None},
    Service: {"minimum_age": None, "maximum_age": None},
}


class _Rows:
    """Rows of one batch, table by table, inserted in foreign-key order."""

    ORDER = (Organization, Location, Address, Service, ServiceAtLocation, DirectoryContact, Phone, Language, Attribute,
             Schedule)

    def __init__(self) -> None:
        self.tables: dict[type, list[dict]] = {model: [] for model in self.ORDER}

    def add(self, model: type, **values) -> None:
        # One key set a table, so each table goes in one executemany.
        self.tables[model].append({**_BLANK.get(model, {}), **values})

    def insert(self, session: Session) -> None:
        for model in self.ORDER:
            if self.tables[model]:
                session.execute(insert(model.__table__), self.tables[model])


def _organization(rows: _Rows, rng: random.Random, child: _Ids, zips, terms) -> None:
    org_id = child()
    kind: Kind = rng.choices(KINDS, weights=_WEIGHTS)[0]
    zip_code, city, state, county, lat, lon, area = rng.choice(zips)
    words = {"adj": rng.choice(ADJECTIVES), "city": city, "county": county, "state": STATE_NAMES.get(state, state)}
    name = rng.choice(kind.names).format(**words)
    slug = "".join(ch for ch in name.lower() if ch.isalnum())[:40]
    rows.add(
        Organization, id=org_id, name=name, description=kind.description.format(**words),
        alternate_name="".join(w[0] for w in name.split() if w[0].isupper()) if rng.random() < 0.3 else None,
        email=f"info@{slug}.example.org", website=f"https://www.{slug}.example.org",
        tax_status=None if kind.government else "501(c)(3)", year_incorporated=rng.randint(1972, 2023),
        legal_status="Government agency" if kind.government else "Nonprofit",
    )
    confidential = rng.random() < kind.confidential
    location_id = child()
    rows.add(
        Location, id=location_id, organization_id=org_id, location_type="physical", name=name,
        latitude=round(lat + rng.uniform(-0.02, 0.02), 5), longitude=round(lon + rng.uniform(-0.02, 0.02), 5),
    )
    rows.add(
        Address, id=child(), location_id=location_id, address_1=_street(rng),
        address_2=f"Suite {rng.randint(1, 9)}{rng.randint(0, 9)}0" if rng.random() < 0.25 else None,
        city=city, state_province=state, postal_code=zip_code, country="US", address_type="physical",
        confidential=confidential,
    )
    rows.add(Phone, id=child(), organization_id=org_id, number=_phone(rng, area), type="voice",
             description="Main line", confidential=False)
    if confidential:
        rows.add(Phone, id=child(), location_id=location_id, number=_phone(rng, area), type="voice",
                 description="Private intake line for hotline staff (warm transfers)", confidential=True)
    training = None
    for template in _programs(rng, kind):
        service_id = _service(rows, rng, child, org_id, location_id, slug, area, template, kind, terms)
        if ServiceCategory.TRAINING_SPEAKERS in template[2] and training is None:
            training = service_id
    add_person(rows.add, child.extra, kind, org_id, location_id, training, slug, area)  # after the schedules' ids


def _programs(rng: random.Random, kind: Kind) -> list:
    """The services an organization offers: most offer every program of their
    kind, some only part, and some add one program of another kind (a shelter's
    legal clinic). About 2.5 an organization: the national directory's shape,
    some 250,000 services for 100,000 organizations."""
    programs = (list(kind.services) if rng.random() < ALL_PROGRAMS_SHARE
                else rng.sample(kind.services, rng.randint(1, max(1, len(kind.services) - 1))))
    if rng.random() < EXTRA_PROGRAM_SHARE:
        names = {template[0] for template in programs}
        programs.append(rng.choice([t for t in _ALL_PROGRAMS if t[0] not in names]))
    return programs


def _service(rows: _Rows, rng: random.Random, child: _Ids, org_id: str, location_id: str,
             slug: str, area: str, template, kind: Kind, terms: dict) -> str:
    service_name, description, categories, populations = template
    service_id = child()
    served = set(populations) | set(rng.sample(kind.populations, rng.randint(0, min(2, len(kind.populations)))))
    minors_only = served == {"minors"}
    rows.add(
        Service, id=service_id, organization_id=org_id, name=service_name, description=description,
        url=f"https://www.{slug}.example.org/services", email=f"intake@{slug}.example.org", status="active",
        fees_description="Free", application_process="Call the intake line; referrals from the hotline are accepted.",
        eligibility_description=_eligibility(served),
        minimum_age=12 if minors_only else (18 if "minors" not in served else None),
        maximum_age=17 if minors_only else None,
        assured_date=ASSURED_BEFORE - timedelta(days=rng.randint(0, 730)),
        assurer_email=f"directory@{slug}.example.org",
    )
    rows.add(ServiceAtLocation, id=child(), service_id=service_id, location_id=location_id)
    if rng.random() < 0.35:
        rows.add(Phone, id=child(), service_id=service_id, number=_phone(rng, area), type="voice",
                 description="Intake, 24 hours" if "shelter" in categories else "Intake", confidential=False)
    languages = ["en"] if rng.random() < 0.97 else []
    if rng.random() < 0.5 or not languages:
        languages.append("es")
    if rng.random() < 0.15:
        languages.extend(rng.sample(_OTHER_LANGUAGES, rng.randint(1, 2)))
    for code in languages:
        rows.add(Language, id=child(), service_id=service_id, code=code, name=LANGUAGE_NAMES[code])
    for taxonomy, codes in ((CATEGORY_TAXONOMY, categories), (POPULATION_TAXONOMY, sorted(served))):
        for code in codes:
            rows.add(Attribute, id=child(), link_id=service_id, link_entity="service",
                     link_type=taxonomy, taxonomy_term_id=terms[(taxonomy, str(code))])
    for schedule in _schedules(random.Random(f"{service_id}:hours"), service_name, categories):
        rows.add(Schedule, id=child.extra(), service_id=service_id, **schedule)
    return service_id


_WEEKDAYS = "MO,TU,WE,TH,FR"
_ALL_DAYS = "MO,TU,WE,TH,FR,SA,SU"


def _schedules(rng: random.Random, service_name: str, categories) -> list[dict]:
    """HSDS schedule rows for one service: its own random stream, so the rest
    of the directory is the same with or without them."""
    around_the_clock = "shelter" in categories or any(w in service_name for w in ("Emergency", "Hotline", "Crisis"))
    roll = rng.random()
    if around_the_clock:
        if roll < 0.75:
            return [_weekly(_ALL_DAYS, "00:00", "24:00", description="Open 24 hours, 7 days a week.")]
        if roll < 0.9:
            return [_weekly(None, None, None, freq=None, description="Intake 24/7 by phone.")]
        return [] if roll < 0.95 else [_weekly(_ALL_DAYS, "07:00", "23:00")]
    if roll < 0.12:
        return []  # hours unknown
    opens, closes = rng.choice((("08:00", "16:30"), ("08:30", "17:00"), ("09:00", "17:00"), ("09:00", "18:00")))
    rows = [_weekly(_WEEKDAYS, opens, closes, description=f"Weekdays {opens}-{closes}.")]
    if roll > 0.85:
        rows.append(_weekly("SA", "10:00", "14:00"))
    elif roll > 0.75:
        rows.append(_weekly("TH", closes, "20:00", description="Late intake on Thursdays."))
    return rows


def _weekly(byday: str | None, opens: str | None, closes: str | None, *, freq: str | None = "WEEKLY",
            description: str | None = None) -> dict:
    return {"freq": freq, "byday": byday, "opens_at": opens, "closes_at": closes, "description": description,
            "interval": None, "timezone": None}


class _Ids:
    """Ids of one organization and its records: UUID version 8, the
    organization's number first and a record counter next, so a run appends
    to every index instead of writing all over them (random UUIDs made the
    inserts a third slower); the rest comes from the seed."""

    def __init__(self, seed: int, number: int):
        tail = hashlib.sha1(f"{seed}:{number}".encode()).hexdigest()
        self._head = f"{number:08x}-"
        self._tail = f"-8{tail[:3]}-a{tail[3:6]}-{tail[6:18]}"
        self._count = 0
        self._extra = 0x8000  # records added later (schedules) count apart, so older ids stay as they were

    def __call__(self) -> str:
        self._count += 1
        return f"{self._head}{self._count - 1:04x}{self._tail}"

    def extra(self) -> str:
        self._extra += 1
        return f"{self._head}{self._extra - 1:04x}{self._tail}"


def _street(rng: random.Random) -> str:
    return f"{rng.randint(10, 9899)} {rng.choice(STREETS)} {rng.choice(STREET_TYPES)}"


def _phone(rng: random.Random, area: str) -> str:
    return f"({area}) 555-01{rng.randint(0, 99):02d}"  # 555-0100..0199 are reserved for fiction


def _eligibility(served: set[str]) -> str:
    if served == {"minors"}:
        return "Youth under 18; no parent or guardian needed to ask for help."
    if "foreign_nationals" in served:
        return "Immigration status does not matter; no ID needed."
    return "Survivors of trafficking and people at risk of it; no ID needed."
