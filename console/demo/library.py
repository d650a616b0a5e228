"""A starter resource library for demonstrations, and synthetic ones for
tests and benchmarks.

``STARTER`` is about thirty generic materials a national hotline might hold
(titles and descriptions written for this console; links only under
example.org, files under a ``library/`` folder). ``seed_library`` adds them
through ``LibraryService`` (so they pass the same checks as staff's) when
the library is empty, and retires one older edition to show how retired
items drop out of searches. ``generate_library`` writes many synthetic
items in one transaction (the FTS5 triggers index them as they go).
"""

from __future__ import annotations

import random
from datetime import date

from sqlalchemy import func, insert, select

from console.db import Database
from console.models import LibraryItem, utcnow
from console.services.library import LibraryItemForm, LibraryService
from console.services.library_rules import search_words
from console.vocabulary import LANGUAGES, LibraryAudience, LibraryFormat, LibraryKind, LibraryTopic, Role

_SITE = "https://library.example.org/"
# (title, kind, topics, audiences, language, format, where, reviewed, description)
STARTER: tuple[tuple[str, str, str, str, str, str, str, str, str], ...] = (
    ("Recognizing the Signs of Human Trafficking", "fact_sheet", "indicators", "general_public", "en", "pdf",
     "library/fact-sheets/signs-en.pdf", "2026-03-02", ("Common signs of labor and sex trafficking, what to do if "
     "you notice them, and how to reach the hotline safely.")),
    ("Cómo reconocer las señales de la trata de personas", "fact_sheet", "indicators", "general_public", "es", "pdf",
     "library/fact-sheets/signs-es.pdf", "2026-03-02", ("Señales comunes de la trata laboral y sexual y cómo "
     "comunicarse con la línea directa de forma segura.")),
    ("Labor Trafficking Indicators: Wallet Card for Outreach Workers", "indicator_card",
     "labor_trafficking indicators", "service_providers", "en", "print", "library/cards/labor-indicators.pdf",
     "2025-11-14", ("Pocket-sized card listing questions outreach staff can ask about pay, debts, documents and "
     "freedom of movement.")),
    ("Know Your Rights at Work: Wages, Debts and Documents", "fact_sheet", "labor_trafficking",
     "survivors general_public", "en", "pdf", "library/fact-sheets/rights-at-work-en.pdf", "2026-01-20",
     "Plain-language overview of workers' rights: wages, recruitment fees, debts and who may hold your passport."),
    ("Conozca sus derechos en el trabajo", "fact_sheet", "labor_trafficking", "survivors general_public", "es", "pdf",
     "library/fact-sheets/rights-at-work-es.pdf", "2026-01-20", ("Resumen en lenguaje sencillo de los derechos "
     "laborales: salarios, deudas, cuotas de reclutamiento y documentos.")),
    ("Screening Patients for Trafficking: A Clinician's Toolkit", "toolkit", "health_care indicators", "health_care",
     "en", "pdf", "library/toolkits/clinician-screening.pdf", "2025-09-30", ("Screening questions, a safe interview "
     "checklist and a response protocol for clinics and emergency departments.")),
    ("Trauma-Informed Care for Survivors of Trafficking", "training_curriculum", "victim_services health_care",
     "service_providers health_care", "en", "pdf", "library/curricula/trauma-informed-care.pdf", "2025-06-12",
     "Four-module curriculum on trauma responses, building trust and avoiding re-traumatization."),
    ("Youth at Risk: Trafficking Prevention in Middle and High Schools", "training_curriculum", "minors education",
     "educators", "en", "web_page", _SITE + "curricula/youth-at-risk", "2026-02-05", ("Lesson plans, a staff "
     "briefing and a referral pathway for schools.")),
    ("Grooming and Sextortion: Warning Signs for Parents and Teachers", "fact_sheet",
     "online_exploitation minors", "educators general_public", "en", "web_page", _SITE + "online/grooming-signs",
     "2026-04-01", "How exploiters approach young people online, the warning signs, and how to respond."),
    ("Talking With Teens About Online Exploitation", "video", "online_exploitation minors", "general_public", "en",
     "video", _SITE + "video/talking-with-teens", "2025-12-08", ("Twelve-minute video for caregivers with tips for an "
     "honest conversation about online safety.")),
    ("First Responder Guide: Identifying Victims During Patrol Stops", "toolkit", "law_enforcement indicators",
     "law_enforcement", "en", "pdf", "library/toolkits/first-responder.pdf", "2025-10-22", ("Indicators officers may "
     "see at traffic stops, in hotels and at worksites, and victim-centered next steps.")),
    ("Victim-Centered Interviewing for Investigators", "training_curriculum", "law_enforcement victim_services",
     "law_enforcement", "en", "pdf", "library/curricula/victim-centered-interviewing.pdf", "2025-08-18",
     "Training on interviewing potential victims: safety, interpreters, advocates and trauma."),
    ("Immigration Relief for Survivors: T Visas and Continued Presence", "fact_sheet",
     "immigration_relief victim_services", "service_providers survivors", "en", "pdf",
     "library/fact-sheets/immigration-relief-en.pdf", "2026-02-27", ("Overview of T nonimmigrant status, "
     "Continued Presence and U visas, and where survivors can find legal help.")),
    ("Alivio migratorio para sobrevivientes: la visa T", "fact_sheet", "immigration_relief victim_services",
     "survivors", "es", "pdf", "library/fact-sheets/immigration-relief-es.pdf", "2026-02-27",
     "Información sobre la visa T, la presencia continuada y cómo encontrar ayuda legal."),
    ("Forced Labor in Supply Chains: A Due Diligence Toolkit", "toolkit", "supply_chains labor_trafficking",
     "employers", "en", "pdf", "library/toolkits/supply-chain-due-diligence.pdf", "2025-07-09", ("Risk mapping, "
     "supplier questionnaires and remediation steps for businesses.")),
    ("Responsible Recruitment: A Checklist for Employers", "fact_sheet", "supply_chains labor_trafficking",
     "employers", "en", "web_page", _SITE + "business/responsible-recruitment", "2026-01-11", ("Ten checks on labor "
     "recruiters, fees and contracts that keep forced labor out of a workforce.")),
    ("Hotel Staff Training: Recognizing Trafficking on the Job", "video",
     "indicators sex_trafficking labor_trafficking", "employers general_public", "en", "video",
     _SITE + "video/hotel-staff", "2025-05-20",
     "Scenario-based video for front desk, housekeeping and security staff."),
    ("Sex Trafficking of Minors: What Caregivers Should Know", "fact_sheet", "sex_trafficking minors",
     "general_public", "en", "pdf", "library/fact-sheets/minors-caregivers.pdf", "2026-03-18", ("How traffickers "
     "recruit children and teens, signs to watch for, and mandated reporting.")),
    ("Patterns of Trafficking Reported to the Hotline: Annual Report", "report", "labor_trafficking sex_trafficking",
     "general_public service_providers", "en", "pdf", "library/reports/annual-report.pdf", "2026-04-15",
     "Aggregate statistics on situations reported to the hotline, by type, industry and region."),
    ("Domestic Workers and Trafficking: A Guide for Advocates", "fact_sheet", "labor_trafficking victim_services",
     "service_providers", "en", "pdf", "library/fact-sheets/domestic-workers.pdf", "2025-11-03", ("Isolation, "
     "document confiscation and visa dependence in domestic work, and how advocates can help.")),
    ("Agricultural Labor Trafficking: Indicators in the Field", "indicator_card", "labor_trafficking indicators",
     "service_providers law_enforcement", "en", "print", "library/cards/agriculture-en.pdf", "2025-09-01",
     "Card for outreach in farms and packing houses: housing, transport, pay and debts."),
    ("Indicadores de trata laboral en el campo", "indicator_card", "labor_trafficking indicators",
     "service_providers", "es", "print", "library/cards/agriculture-es.pdf", "2025-09-01", ("Tarjeta para el "
     "trabajo de alcance en granjas y empacadoras.")),
    ("Survivor Resource Guide: Housing, Legal Help and Counseling", "toolkit", "victim_services", "survivors", "en",
     "pdf", "library/toolkits/survivor-guide-en.pdf", "2026-02-10", ("What help exists after trafficking and how to "
     "ask for it: shelter, legal aid, counseling, benefits.")),
    ("Guía de recursos para sobrevivientes", "toolkit", "victim_services", "survivors", "es", "pdf",
     "library/toolkits/survivor-guide-es.pdf", "2026-02-10", "Qué ayuda existe después de la trata y cómo pedirla."),
    ("Recognizing the Signs of Human Trafficking (Chinese edition)", "fact_sheet", "indicators", "general_public",
     "zh", "pdf", "library/fact-sheets/signs-zh.pdf", "2025-12-01", "Chinese translation of the signs fact sheet."),
    ("Recognizing the Signs of Human Trafficking (Vietnamese edition)", "fact_sheet", "indicators",
     "general_public", "vi", "pdf", "library/fact-sheets/signs-vi.pdf", "2025-12-01",
     "Vietnamese translation of the signs fact sheet."),
    ("Building a Community Response: Coalition Toolkit", "toolkit", "victim_services law_enforcement",
     "service_providers general_public", "en", "pdf", "library/toolkits/coalition.pdf", "2025-04-28",
     "Starting and running a local anti-trafficking coalition: members, protocols, meetings."),
    ("Emergency Department Protocol for Suspected Trafficking", "toolkit", "health_care", "health_care", "en", "pdf",
     "library/toolkits/ed-protocol.pdf", "2026-03-25", ("A model hospital protocol: safety, consent, documentation "
     "and referral.")),
    ("Human Trafficking 101: An Introductory Training", "training_curriculum",
     "labor_trafficking sex_trafficking indicators", "general_public", "en", "web_page", _SITE + "training/101",
     "2026-01-05", "One-hour introduction for community groups, faith groups and volunteers."),
    ("Fake Job Offers Online: Recruitment Scams and Trafficking", "fact_sheet",
     "online_exploitation labor_trafficking", "general_public", "en", "web_page", _SITE + "online/fake-job-offers",
     "2026-04-09", "How fraudulent job ads lure people into forced labor, and how to check an offer."),
    ("Trafficking and Exploitation: A Guide for School Counselors", "fact_sheet", "minors education", "educators",
     "en", "pdf", "library/fact-sheets/school-counselors.pdf", "2025-10-10", ("Identifying students at risk, "
     "responding to a disclosure, and working with child welfare.")),
    ("Hotline Wallet Card (2019 edition)", "indicator_card", "indicators", "general_public", "en", "print",
     "library/cards/hotline-card-2019.pdf", "2019-06-01", "Older wallet card; replaced by the current edition."),
)
RETIRED = ("Hotline Wallet Card (2019 edition)",)


def _form(entry) -> LibraryItemForm:
    title, kind, topics, audiences, language, format_, where, reviewed, description = entry
    link, path = (where, "") if where.startswith("https://") else ("", where)
    return LibraryItemForm(title, kind, tuple(topics.split()), tuple(audiences.split()), language, format_, link,
                           path, date.fromisoformat(reviewed), description)


def seed_library(db: Database, editor_id: int) -> str:
    """Add ``STARTER`` when the library is empty; a line for the demo report."""
    with db.read() as session:
        if session.scalar(select(func.count()).select_from(LibraryItem)):
            return "library: already has items; left as it is"
    library = LibraryService(db, Role.SUPERVISOR)
    for entry in STARTER:
        details = library.add(_form(entry), editor_id)
        if entry[0] in RETIRED:
            library.retire(details.item_id, editor_id)
    return f"library: {len(STARTER)} starter items added ({len(RETIRED)} retired)"


_SUBJECTS = ("Labor Trafficking", "Sex Trafficking", "Forced Labor", "Debt Bondage", "Online Exploitation",
             "Youth Trafficking", "Domestic Servitude", "Trafficking Indicators", "Survivor Support",
             "Immigration Relief", "Supply Chain Risk", "Victim Identification", "Safety Planning")
_ANGLES = ("A Guide for", "Training for", "Questions for", "What to Know:", "A Primer for", "Checklist for")
_READERS = ("Clinicians", "Teachers", "Officers", "Advocates", "Employers", "Families", "Volunteers", "Youth Workers",
            "Case Managers", "Interpreters", "Faith Leaders", "Hotel Staff", "Farmworkers")


def generate_library(db: Database, count: int, seed: int = 2026) -> int:
    """Add ``count`` synthetic items (one transaction); returns how many."""
    rng = random.Random(seed)
    kinds, formats = list(LibraryKind), list(LibraryFormat)
    topics_all, audiences_all = list(LibraryTopic), list(LibraryAudience)
    now = utcnow()
    rows = []
    for n in range(count):
        kind, format_ = rng.choice(kinds).value, rng.choice(formats).value
        topics = sorted(rng.sample(topics_all, rng.randint(1, 3)), key=topics_all.index)
        audiences = sorted(rng.sample(audiences_all, rng.randint(1, 2)), key=audiences_all.index)
        language = "en" if rng.random() < 0.6 else rng.choice(LANGUAGES)
        subject = rng.choice(_SUBJECTS)
        title = f"{subject}: {rng.choice(_ANGLES)} {rng.choice(_READERS)} ({n + 1})"
        rows.append({
            "title": title, "kind": kind, "format": format_, "language": language,
            "topics": " ".join(topics), "audiences": " ".join(audiences),
            "description": f"{kind.replace('_', ' ').capitalize()} on {subject.lower()} for "
                           f"{' and '.join(a.replace('_', ' ') for a in audiences)}.",
            "link": f"{_SITE}items/{n + 1}", "file_path": None, "reviewed_on": date(2025, 1 + n % 12, 1 + n % 28),
            "retired": rng.random() < 0.05, "created_at": now, "updated_at": now,
            "search_words": search_words(kind, format_, topics, audiences, language),
        })
    with db.write() as session:
        session.execute(insert(LibraryItem), rows)
    return count
