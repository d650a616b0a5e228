"""Labels people read for the codes the console stores.

Codes live in ``console.vocabulary``; this is the UI's translation layer.
Codes without an entry here read as their words ("case_management" ->
"Case management"), so a new code is never shown blank.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QCoreApplication

_CONTEXT = "labels"

_LABELS: dict[str, str] = {
    # request types and priority
    "crisis": "Crisis",
    "tip": "Tip / intelligence",
    "tta": "Training & technical assistance",
    "referral": "Service referral",
    "general_info": "General information",
    "urgent": "Urgent",
    "non_urgent": "Non-urgent",
    # channels
    "web_form": "Web form",
    "tty_relay": "TTY / relay",
    "in_person": "In person",
    # statuses
    "in_progress": "In progress",
    "message": "Message (follow-up due)",
    "follow_up": "Follow-up in progress",
    # caller types
    "family_friend": "Family member / friend",
    "anti_trafficking_org": "Anti-trafficking organization",
    "student_researcher": "Student / researcher",
    "policy_maker": "Policy maker",
    # consent and history
    "not_asked": "Not asked",
    "first_time": "First-time caller",
    "returning": "Returning caller",
    # citizenship, populations
    "us_citizen": "U.S. citizen",
    "lawful_permanent_resident": "Lawful permanent resident",
    "foreign_national": "Foreign national",
    "us_citizens": "U.S. citizens",
    "lawful_permanent_residents": "Lawful permanent residents",
    "lgbtq": "LGBTQ+",
    "gender_nonconforming": "Gender non-conforming",
    # trafficking and venues
    "sex_and_labor": "Sex and labor",
    "not_specified": "Not specified",
    "illicit_massage": "Illicit massage, health & beauty",
    "bars_strip_clubs": "Bars, strip clubs & cantinas",
    "restaurants": "Restaurants & food service",
    "peddling_begging": "Peddling & begging",
    "agriculture": "Agriculture & animal husbandry",
    "health_beauty": "Health & beauty services",
    "hotels_hospitality": "Hotels & hospitality",
    "arts_entertainment": "Arts & entertainment",
    "commercial_cleaning": "Commercial cleaning services",
    "factories_manufacturing": "Factories & manufacturing",
    "forestry_logging": "Forestry & logging",
    # directory categories
    "immigration_legal": "Immigration legal help",
    "basic_needs": "Food & basic needs",
    "task_force": "Human trafficking task force",
    "coalition": "Rescue & Restore coalition",
    "training_speakers": "Training / speakers",
    "mental_health": "Mental health",
    "substance_use": "Substance use",
    "legal": "Legal services",
    # referral status
    "no_referral_needed": "No referral needed",
    # outcomes
    "hang_up": "Hang-up",
    # resource library (kinds, audiences, formats, how sent)
    "employers": "Employers & businesses",
    "pdf": "PDF",
    "post": "Post (mail)",
    "link": "Link given",
    # technical assistance (kinds, statuses, review outcomes)
    "direct_referral": "Referral to local trainers / TA providers",
    "materials": "Provision of materials",
    "specialized_information": "Specialized information request",
    "third_party_review": "Review of third-party materials",
    "speaker_trainer": "Help procuring a speaker or trainer",
    "declined": "Declined",
    "approved_with_changes": "Approved with changes",
}


def label(code: str | StrEnum | None) -> str:
    """The translated label of a code (empty for None)."""
    if code is None or code == "":
        return ""
    text = _LABELS.get(str(code)) or str(code).replace("_", " ").capitalize()
    return QCoreApplication.translate(_CONTEXT, text)


def choices(enum: type[StrEnum]) -> list[tuple[str, str]]:
    """(label, code) pairs for a combo box, in the enum's order."""
    return [(label(member), member.value) for member in enum]
