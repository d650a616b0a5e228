"""A few training and technical-assistance requests for demonstrations: one on
the sample school district's TTA contact, and three more TTA contacts taken
earlier in the week with their requests at each stage (new, in progress with
materials to review, done). Invented, like the rest of the demo data; phones
in the 555-01xx range, emails under example.org.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import select

from console.db import Database
from console.hours import HoursSettings
from console.models import Contact
from console.services.intake import ContactForm, IntakeService
from console.services.tta import TtaService
from console.services.tta_rules import TtaForm

# A tiny, valid PDF standing in for a partner's draft training deck.
DEMO_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")

# (days ago, contact, request, progress: statuses to move through, in order)
_MORE: tuple[tuple[int, ContactForm, TtaForm, tuple[str, ...]], ...] = (
    (2, ContactForm(primary_request="tta", urgent=False, channel="email", caller_type="medical_professional",
                    caller_state="IL", caller_city="Chicago",
                    summary="Hospital educator asks us to review a draft training deck for ER staff."),
     TtaForm(0, kind="third_party_review", organization="Lakeshore General Hospital", requester_name="Dr. Ana Ruiz",
             requester_role="Nurse educator", requester_email="training@lakeshore.example.org", topic="health_care",
             topic_detail="Screening in the emergency department", audience="health_care",
             audience_detail="About 60 ER nurses", event_state="IL"), ("in_progress",)),
    (3, ContactForm(primary_request="tta", urgent=False, channel="phone", caller_type="law_enforcement",
                    caller_state="TX", caller_city="El Paso",
                    summary="Sheriff's office asks for roll-call materials on labor trafficking indicators."),
     TtaForm(0, kind="materials", organization="Valley County Sheriff's Office", requester_name="Sgt. Lee Park",
             requester_role="Training sergeant", requester_phone="915-555-0147", topic="labor_trafficking",
             audience="law_enforcement", event_state="TX"), ("in_progress", "done")),
    (1, ContactForm(primary_request="tta", urgent=False, channel="web_form", caller_type="anti_trafficking_org",
                    caller_state="GA", caller_city="Savannah",
                    summary="New coalition asks for a phone consultation on starting a survivor advisory board."),
     TtaForm(0, kind="phone_consultation", organization="Coastal Georgia Coalition", requester_name="Kim Osei",
             requester_role="Coordinator", requester_email="kim@coastal.example.org", topic="victim_services",
             audience="service_providers", event_state="GA"), ()),
)


def seed_tta(db: Database, now: datetime, maker_id: int, staff_id: int, hours: HoursSettings | None = None) -> int:
    """Add the demo's TTA requests (after ``seed_contacts``); returns how many."""
    tta = TtaService(db, hours_settings=hours, clock=lambda: now)
    made = 0
    with db.read() as session:
        school = session.scalar(select(Contact.id).where(Contact.primary_request == "tta").order_by(Contact.id))
    if school is not None:
        tta.create(replace(tta.new_form(school), kind="speaker_trainer", organization="Maple Heights School District",
                           requester_name="Pat Gomez", requester_role="Director of staff development",
                           requester_email="pgomez@maple.example.org", topic="education",
                           topic_detail="Recognizing exploitation of students", audience="educators",
                           audience_detail="120 teachers and counselors", event_date=(now + timedelta(days=30)).date(),
                           event_state="OH", event_city="Columbus"), maker_id)
        made += 1
    for days, contact, request, progress in _MORE:
        arrived = now - timedelta(days=days)
        saved = IntakeService(db, clock=lambda at=arrived: at, hours_settings=hours).save(
            replace(contact, received_at=arrived, keep_with_me=True), maker_id)
        details = tta.create(replace(request, contact_id=saved.id), maker_id)
        if request.kind == "third_party_review":
            tta.attach(details.request_id, "ER training deck (draft).pdf", DEMO_PDF, maker_id)
        for status in progress:
            tta.change_status(details.request_id, status, "Sent the roll-call kit and indicator cards."
                              if status == "done" else "Picked up.", staff_id)
        made += 1
    return made
