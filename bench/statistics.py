"""Statistics for a year of 200,000 contacts.

``stats_year_ms``: ``StatisticsService.statistics()`` for the year 2025 (every
grouped count, suppression, in one read snapshot) plus showing the result in
the statistics window (``show_statistics`` with the venue table and its chart
on screen, then processing events so it paints). Budget: under 1,000 ms. The
median of ``REPEATS`` runs after one warm-up is the figure; the query and the
view are also given apart, and the process's CPU time a run (on a machine
shared with other work the wall-clock figure moves with their load).

The data, made with Core bulk inserts in a realistic mix: 200,000 contacts in
2025 and 10,000 in January 2026 (outside the period), a primary request row
each and a second request on 12 %, potential victims on 45 % of the contacts
with data, one to three referrals on 30 % of them to services of a 200-
organization demo directory (for the categories), follow-up due times on the
non-urgent work; a TTA request recorded (``tta_requests``, which the
"TTA requests by kind" table joins) on 90 % of the TTA contacts; and
library sends on 12 % of the contacts with data (one to three items of a
300-item library each, about 35,000 in the year).

``library_use_year_ms``: ``StatisticsService.library_use()`` for the same
year (sends per item and method, suppressed) plus showing it in the window's
Library use tab; the median of ``REPEATS`` runs after one warm-up.
"""

from __future__ import annotations

import os
import random
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from bench.stats import figure, summary, time_ms

FIGURES = ("stats_year_ms", "library_use_year_ms")
LIBRARY_ITEMS = 300
YEAR_CONTACTS = 200_000
OUTSIDE_CONTACTS = 10_000
REPEATS = 5
BATCH = 20_000

_MIX = (  # (priority, primary request, share), as the queue bench
    ("crisis", "crisis", 0.03), ("urgent", "tip", 0.22), ("urgent", "referral", 0.15), ("urgent", "tta", 0.05),
    ("non_urgent", "referral", 0.2), ("non_urgent", "tta", 0.1), ("non_urgent", "general_info", 0.25),
)
_CHANNELS = (("phone", 60), ("text", 12), ("email", 10), ("web_form", 8), ("chat", 7), ("tty_relay", 1),
             ("in_person", 1), ("other", 1))
_CALLERS = (("community_member", 30), ("potential_victim", 14), ("family_friend", 10), ("survivor", 5),
            ("social_service_provider", 9), ("law_enforcement", 6), ("anti_trafficking_org", 5), ("unknown", 8),
            ("legal_professional", 3), ("medical_professional", 2), ("educator", 3), ("student_researcher", 2),
            ("government", 1), ("media", 0.3), ("policy_maker", 0.1), ("other", 1.6))
_LANGUAGES = (("en", 78), ("es", 12), (None, 5), ("zh", 1), ("vi", 1), ("ko", 0.5), ("tl", 0.5), ("ru", 0.5),
              ("ar", 0.5), ("ht", 0.4), ("fr", 0.3), ("pt", 0.2), ("hmn", 0.02))
_TRAFFICKING = (("sex", 45), ("labor", 22), ("sex_and_labor", 5), ("not_specified", 28))
_VENUES = (("escort_services", 12), ("illicit_massage", 9), ("residential", 7), ("domestic_work", 6),
           ("outdoor_solicitation", 4), ("agriculture", 4), ("restaurants", 3), ("bars_strip_clubs", 3),
           ("personal_sexual_servitude", 3), ("pornography", 2), ("traveling_sales_crews", 1),
           ("construction", 1), ("hotels_hospitality", 2), ("illicit_activities", 1), ("carnivals", 0.1),
           ("forestry_logging", 0.05), ("other", 3), ("unknown", 39))
_NON_DATA = (("hang_up", 8), ("silent", 3), ("wrong_number", 4), ("test", 1), ("abusive", 1))
_REFERRAL_STATUS = (("referred", 80), ("refused", 10), ("no_referral_needed", 10))
_TTA_KINDS = (("materials", 30), ("phone_consultation", 20), ("specialized_information", 20),
              ("direct_referral", 12), ("speaker_trainer", 12), ("third_party_review", 6))
_TTA_STATUS = (("done", 70), ("declined", 5), ("in_progress", 15), ("new", 10))
_TOPICS = ("labor_trafficking", "sex_trafficking", "minors", "indicators", "victim_services", "law_enforcement")
_METHODS = (("email", 60), ("link", 25), ("post", 15))


def _pick(rng: random.Random, table) -> str:
    return rng.choices([code for code, _ in table], [w for _, w in table])[0]


def _contact(rng: random.Random, cid: int, received: datetime) -> dict:
    from console.vocabulary import Priority

    priority, request, _ = rng.choices(_MIX, [s for *_, s in _MIX])[0]
    non_data = _pick(rng, _NON_DATA) if rng.random() < 0.17 else None
    closed = rng.random() < 0.96
    due = received + timedelta(days=rng.randint(5, 11)) if priority == "non_urgent" and rng.random() < 0.4 else None
    closed_at = received + timedelta(hours=rng.randint(1, 300)) if closed else None
    data = non_data is None
    return {
        "id": cid, "version": 1, "received_at": received, "created_at": received, "updated_at": received,
        "channel": _pick(rng, _CHANNELS), "language": _pick(rng, _LANGUAGES), "primary_request": request,
        "urgent": priority != "non_urgent", "priority": priority, "priority_rank": Priority(priority).rank,
        "non_data_outcome": non_data, "status": "closed" if closed else "waiting", "closed_at": closed_at,
        "caller_type": _pick(rng, _CALLERS) if data else "unknown",
        "trafficking_type": _pick(rng, _TRAFFICKING) if data else "not_specified",
        "venue": _pick(rng, _VENUES) if data else "unknown", "follow_up_due": due,
        "summary": "Synthetic contact for the statistics bench.",
    }


def _tta(rng: random.Random, cid: int, row: dict) -> dict:
    status = _pick(rng, _TTA_STATUS)
    return {"contact_id": cid, "kind": _pick(rng, _TTA_KINDS), "status": status, "urgent": row["urgent"],
            "requester_name": "Requester", "topic": rng.choice(_TOPICS), "created_at": row["received_at"],
            "updated_at": row["received_at"], "closed_at": row["closed_at"] if status in ("done", "declined") else None}


def _sends(rng: random.Random, cid: int, row: dict, items: list[tuple[int, str]]) -> list[dict]:
    return [{"contact_id": cid, "item_id": item_id, "item_title": title, "method": _pick(rng, _METHODS),
             "sent_at": row["received_at"] + timedelta(minutes=rng.randint(2, 40))}
            for item_id, title in rng.sample(items, rng.choice((1, 1, 2, 3)))]


def _populate(db, services: list[str], items: list[tuple[int, str]]) -> None:
    from sqlalchemy import insert

    from console.models import Contact, ContactRequest, MaterialSent, PotentialVictim, Referral, TtaRequest

    rng = random.Random(2025)
    year_start = datetime(2025, 1, 1, 5, tzinfo=timezone.utc)  # local midnight, New York
    year_seconds = 365 * 86400
    others = ("crisis", "tip", "tta", "referral", "general_info")
    total = YEAR_CONTACTS + OUTSIDE_CONTACTS
    for first in range(1, total + 1, BATCH):
        contacts, requests, victims, referrals, ttas, sends = [], [], [], [], [], []
        for cid in range(first, min(first + BATCH, total + 1)):
            offset = (cid - 1) * year_seconds // YEAR_CONTACTS if cid <= YEAR_CONTACTS else \
                year_seconds + (cid - YEAR_CONTACTS) * 31 * 86400 // OUTSIDE_CONTACTS
            row = _contact(rng, cid, year_start + timedelta(seconds=offset))
            contacts.append(row)
            requests.append({"contact_id": cid, "request_type": row["primary_request"], "is_primary": True})
            if rng.random() < 0.12:
                extra = rng.choice([r for r in others if r != row["primary_request"]])
                requests.append({"contact_id": cid, "request_type": extra, "is_primary": False})
                if extra == "tta" and rng.random() < 0.9:
                    ttas.append(_tta(rng, cid, row))
            if row["primary_request"] == "tta" and rng.random() < 0.9:
                ttas.append(_tta(rng, cid, row))
            if row["non_data_outcome"] is not None:
                continue
            if rng.random() < 0.12:
                sends += _sends(rng, cid, row, items)
            if rng.random() < 0.45:
                for position in range(1, rng.choice((2, 2, 2, 3))):  # one victim record, sometimes two
                    victims.append({"contact_id": cid, "position": position, "count": rng.choice((1, 1, 1, 2, 3)),
                                    "age_group": rng.choice(("adult", "adult", "minor", "unknown"))})
            if rng.random() < 0.30:
                for _ in range(rng.randint(1, 3)):
                    referrals.append({"contact_id": cid, "service_id": rng.choice(services), "service_name": "Service",
                                      "organization_name": "Organization", "status": _pick(rng, _REFERRAL_STATUS),
                                      "created_at": row["received_at"]})
        with db.write() as session:
            session.execute(insert(Contact), contacts)
            session.execute(insert(ContactRequest), requests)
            if victims:
                session.execute(insert(PotentialVictim), victims)
            if referrals:
                session.execute(insert(Referral), referrals)
            for model, rows in ((TtaRequest, ttas), (MaterialSent, sends)):
                if rows:
                    session.execute(insert(model), rows)


def _library(db) -> list[tuple[int, str]]:
    from sqlalchemy import select

    from console.demo.library import generate_library
    from console.models import LibraryItem

    generate_library(db, LIBRARY_ITEMS, seed=2025)
    with db.read() as session:
        return [tuple(row) for row in session.execute(select(LibraryItem.id, LibraryItem.title))]


def _timed(app, compute, show) -> dict:
    """Compute then show, ``REPEATS`` times after a warm-up; and each apart."""
    results = []

    def count() -> None:
        results.append(compute())

    def shown() -> None:
        show(results[-1])
        app.processEvents()

    def both() -> None:
        count()
        shown()

    cpu_start = time.process_time()
    samples = time_ms(both, repeat=REPEATS, warmup=1)
    cpu_ms = (time.process_time() - cpu_start) * 1000 / (REPEATS + 1)
    query, view = time_ms(count, repeat=REPEATS, warmup=0), time_ms(shown, repeat=REPEATS, warmup=0)
    return {"value": summary(samples)["median"], **summary(samples), "max": round(max(samples), 3),
            "cpu_mean_ms": round(cpu_ms, 3), "query_median_ms": summary(query)["median"],
            "view_median_ms": summary(view)["median"], "result": results[-1]}


def run(workdir: Path):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import func, select

    from console.db import Database, DatabaseTarget
    from console.demo.directory import generate_directory
    from console.models import Contact, MaterialSent, Referral, Service, TtaRequest
    from console.schema import upgrade
    from console.services.statistics import Period, StatisticsService
    from console.vocabulary import Role
    from ui.statistics.window import StatisticsWindow
    from ui.workers import ImmediateWorker

    app = QApplication.instance() or QApplication([])
    db = Database(DatabaseTarget.sqlite_file(Path(workdir) / "statistics.sqlite3"))
    try:
        upgrade(db)
        generate_directory(db, 200, seed=7)
        with db.read() as session:
            services = list(session.scalars(select(Service.id).order_by(Service.id)))
        _populate(db, services, _library(db))
        with db.read() as session:
            rows = {model.__tablename__: session.scalar(select(func.count()).select_from(model))
                    for model in (Contact, Referral, TtaRequest, MaterialSent)}
        service = StatisticsService(db, Role.SUPERVISOR, "America/New_York")
        period = Period.year_of(date(2025, 6, 1))
        window = StatisticsWindow(service, ImmediateWorker())
        window.resize(1000, 680)
        window.show()
        window.tables.setCurrentRow(8)  # venue: the longest table and chart (27 rows)
        app.processEvents()
        stats = _timed(app, lambda: service.statistics(period), window.show_statistics)
        in_year = next(c for c in stats.pop("result").totals.cells if c.code == "contacts").count
        yield figure(FIGURES[0], stats.pop("value"), "ms", **stats, contacts_in_period=in_year,
                     contacts_in_database=rows["contacts"], referrals_in_database=rows["referrals"],
                     tta_requests_in_database=rows["tta_requests"])
        window.tabs.setCurrentWidget(window.library)
        window.library.wanted = period  # what show_use expects (the window's load sets it)
        use = _timed(app, lambda: service.library_use(period), window.library.show_use)
        items_sent = len(use.pop("result").items)
        window.close()
        yield figure(FIGURES[1], use.pop("value"), "ms", **use, items_sent=items_sent,
                     sends_in_database=rows["materials_sent"])
    finally:
        db.dispose()
