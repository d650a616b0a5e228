"""Fill a database so a newcomer meets a living console: a synthetic
directory, a few colleagues, and contacts waiting in the queue.

Nothing here is real: names, numbers and stories are invented; every phone is
in the 555-01xx range reserved for fiction.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import func, select

from console.db import Database
from console.hours import HoursSettings
from console.models import Contact, Organization
from console.services.intake import ContactForm, IntakeService, VictimForm
from console.services.users import UserService
from console.settings import Settings
from console.vocabulary import Role

COLLEAGUES = (("mkhan", "Maya Khan", Role.SPECIALIST), ("jlopez", "Jorge López", Role.SUPERVISOR))

# (minutes ago, kept by a colleague?, form)
SAMPLE_CONTACTS: tuple[tuple[int, bool, ContactForm], ...] = (
    (3, False, ContactForm(
        primary_request="crisis", channel="phone", caller_type="potential_victim", caller_state="TX",
        caller_city="Houston", caller_zip="77002", immediate_danger=True, trafficking_type="labor", venue="domestic_work",
        victims=(VictimForm(age_group="adult", gender="female", citizenship="foreign_national", language="es"),),
        summary="Caller says her employer keeps her passport and will not let her leave the house. Calling from a neighbour's phone.",
    )),
    (9, False, ContactForm(
        primary_request="tip", channel="web_form", caller_type="community_member", caller_state="CA",
        caller_city="Fresno", trafficking_type="labor", venue="agriculture",
        victims=(VictimForm(count=12, age_group="adult", gender="male"),),
        summary="Web tip: crew of about twelve workers housed in a locked barn, transported at night.",
    )),
    (17, True, ContactForm(
        primary_request="referral", urgent=True, channel="phone", caller_type="social_service_provider",
        caller_state="GA", caller_city="Atlanta", victims=(VictimForm(age_group="minor", gender="female"),),
        summary="Caseworker needs emergency shelter tonight for a 16-year-old identified at a motel.",
    )),
    (42, False, ContactForm(
        primary_request="tta", urgent=False, channel="email", caller_type="educator", caller_state="OH",
        summary="School district asks for a speaker for a staff training next month.",
    )),
    (65, False, ContactForm(
        primary_request="general_info", channel="chat", caller_type="student_researcher", caller_state="NY",
        summary="Student asks for statistics on labor trafficking for a class paper.",
    )),
    (120, False, ContactForm(
        primary_request="referral", urgent=False, channel="text", caller_type="survivor", caller_state="FL",
        caller_city="Miami", summary="Survivor looking for immigration legal help; no immediate danger.",
    )),
)


def _has_directory(db: Database) -> bool:
    with db.read() as session:
        return bool(session.scalar(select(func.count()).select_from(Organization)))


def _has_contacts(db: Database) -> bool:
    with db.read() as session:
        return bool(session.scalar(select(func.count()).select_from(Contact)))


def seed_contacts(db: Database, now: datetime, hours: HoursSettings | None = None) -> int:
    users = UserService(db)
    colleagues = [users.ensure(name, display, role) for name, display, role in COLLEAGUES]
    for minutes, kept, form in SAMPLE_CONTACTS:
        arrived = now - timedelta(minutes=minutes)
        intake = IntakeService(db, clock=lambda at=arrived: at, hours_settings=hours)
        intake.save(replace(form, received_at=arrived, keep_with_me=kept), colleagues[0].id)
    return len(SAMPLE_CONTACTS)


def seed_demo(db: Database, settings: Settings, *, organizations: int = 300, seed: int = 2026, contacts: bool = True) -> str:
    """Add what is missing; a second run adds nothing twice. Returns a report."""
    from console.demo.directory import generate_directory
    from console.models import utcnow

    lines = []
    if _has_directory(db):
        lines.append("directory: already has organizations; left as it is")
    else:
        made = generate_directory(db, organizations, seed=seed)
        lines.append(f"directory: {made} organizations generated (seed {seed})")
    from console.demo.library import seed_library

    lines.append(seed_library(db, UserService(db).ensure(*COLLEAGUES[1]).id))  # a supervisor keeps the library
    if contacts and not _has_contacts(db):
        lines.append(f"contacts: {seed_contacts(db, utcnow(), settings.hours)} sample contacts added")
        from console.demo.tta import seed_tta

        users = UserService(db)  # a specialist takes the requests, a supervisor progresses them
        made = seed_tta(db, utcnow(), users.ensure(*COLLEAGUES[0]).id, users.ensure(*COLLEAGUES[1]).id, settings.hours)
        lines.append(f"technical assistance: {made} TTA requests added")
    elif contacts:
        lines.append("contacts: the database already has contacts; none added")
    return f"{settings.database.describe()}\n  " + "\n  ".join(lines)
