"""intake_save_p95_ms: saving a realistic contact through the intake service
(validation, the contact with its requests, victims, referral and event rows,
one transaction committed with synchronous=FULL) on a database that already
holds 10,000 contacts."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from sqlalchemy import insert

from bench.stats import figure, p95, summary, time_ms
from console.db import Database, DatabaseTarget
from console.models import Contact, Organization, Service, utcnow
from console.schema import upgrade
from console.services.intake import (
    ContactForm,
    IntakeService,
    ReferralInput,
    VictimForm,
)
from console.services.intake.rules import clean
from console.services.users import UserService

FIGURES = ("intake_save_p95_ms",)

FORM = ContactForm(
    primary_request="referral",
    request_types=("tip",),
    urgent=True,
    channel="phone",
    caller_type="social_service_provider",
    caller_city="Houston",
    caller_state="TX",
    caller_zip="77002",
    caller_safe_phone="713-555-0142",
    victims=(VictimForm(count=2, age_group="minor", gender="female", state="TX"), VictimForm(age_group="adult")),
    trafficking_type="sex",
    venue="hotels_hospitality",
    immediate_danger=True,
    emergency_needs=("shelter",),
    summary="Caseworker needs shelter tonight for two girls found at a motel; trafficker nearby.",
    referrals=(ReferralInput("bench-service", "Harbor House Shelter", "Harbor House"),),
)


def _fill(db: Database, user_id: int, contacts: int) -> None:
    now = utcnow()
    columns = clean(dataclasses.replace(FORM, referrals=()), now).columns
    row = {**columns, "version": 1, "status": "closed", "assigned_to_id": user_id, "entered_by_id": user_id,
           "created_at": now, "updated_at": now, "closed_at": now}
    with db.write() as session:
        session.execute(insert(Contact), [row] * contacts)
        session.add(Organization(id="bench-org", name="Harbor House", description=""))
        session.flush()
        session.add(Service(id="bench-service", organization_id="bench-org", name="Harbor House Shelter"))


def run(workdir: Path):
    db = Database(DatabaseTarget.sqlite_file(workdir / "intake.sqlite3"))
    upgrade(db)
    user = UserService(db).ensure("bench")
    _fill(db, user.id, 10_000)
    intake = IntakeService(db)
    samples = time_ms(lambda: intake.save(FORM, user.id), repeat=300, warmup=10)
    db.dispose()
    yield figure("intake_save_p95_ms", p95(samples), "ms", budget=20, **summary(samples))
