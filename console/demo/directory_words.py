"""The words the demo directory is made of: kinds of organization, their
name patterns and services, and English names for the vocabulary's codes.

Patterns use ``{adj}``, ``{city}``, ``{county}`` and ``{state}`` (a state's
full name). Each service template is (name, description, category codes,
population codes it always serves).
"""

from __future__ import annotations

from dataclasses import dataclass

from console.vocabulary import Population as P
from console.vocabulary import ServiceCategory as C

CATEGORY_NAMES: dict[str, str] = {
    C.SHELTER: "Shelter", C.LEGAL: "Legal services", C.IMMIGRATION_LEGAL: "Immigration legal help",
    C.MEDICAL: "Medical care", C.MENTAL_HEALTH: "Mental health", C.CASE_MANAGEMENT: "Case management",
    C.SUBSTANCE_USE: "Substance use treatment", C.BASIC_NEEDS: "Food and basic needs",
    C.TRANSPORTATION: "Transportation", C.LAW_ENFORCEMENT: "Law enforcement",
    C.TASK_FORCE: "Human trafficking task force", C.COALITION: "Rescue and Restore coalition",
    C.TRAINING_SPEAKERS: "Training and speakers", C.INTERPRETATION: "Interpretation",
}
POPULATION_NAMES: dict[str, str] = {
    P.MINORS: "Minors (under 18)", P.ADULTS: "Adults", P.MEN: "Men", P.WOMEN: "Women",
    P.LGBTQ: "LGBTQ+", P.FOREIGN_NATIONALS: "Foreign nationals", P.US_CITIZENS: "U.S. citizens",
    P.LAWFUL_PERMANENT_RESIDENTS: "Lawful permanent residents",
}

ADJECTIVES = (
    "Harbor", "Beacon", "New Dawn", "Safe Harbor", "Lighthouse", "Open Door", "Morning Star",
    "Bridgeway", "Compass", "Cornerstone", "Evergreen", "Hope", "Horizon", "Journey", "Magnolia",
    "Mosaic", "North Star", "Oasis", "Pathways", "Promise", "Restoration", "Sanctuary", "Serenity",
    "Sojourner", "Starlight", "Still Waters", "Sunrise", "Tapestry", "Unity", "Willow", "Wings",
    "Anchor", "Rising", "Freedom", "Clearwater", "Riverbend", "Cedar", "Bluebird", "Kindred", "Haven",
)
STREETS = (
    "Main", "Oak", "Maple", "Cedar", "Pine", "Elm", "Washington", "Lincoln", "Park", "Lake", "Hill",
    "Church", "Market", "Broad", "Spring", "Franklin", "Jefferson", "Highland", "Center", "Union",
    "Mill", "River", "Grant", "Madison", "Chestnut", "Walnut", "Sycamore", "Jackson", "Front", "Bridge",
)
STREET_TYPES = ("Street", "Avenue", "Boulevard", "Road", "Drive", "Lane", "Way", "Court")


@dataclass(frozen=True, slots=True)
class Kind:
    weight: int
    names: tuple[str, ...]
    description: str
    services: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...]
    populations: tuple[str, ...]  # drawn from to widen each service's audience
    confidential: float = 0.0  # share of organizations with a confidential address
    government: bool = False
    people: float = 0.075  # share of organizations with a named person (HSDS contact)
    titles: tuple[tuple[str, str], ...] = (  # (title, department) of that person
        ("Program Director", "Programs"), ("Community Outreach Coordinator", "Outreach"),
        ("Volunteer Coordinator", "Community Engagement"))


_ALL = (P.ADULTS, P.WOMEN, P.MEN, P.LGBTQ, P.FOREIGN_NATIONALS, P.US_CITIZENS, P.LAWFUL_PERMANENT_RESIDENTS)

KINDS: tuple[Kind, ...] = (
    Kind(18, ("{adj} House Shelter", "{adj} Haven", "{city} Safe House", "{adj} Place Residential Program"),
         "Emergency and transitional shelter for survivors of human trafficking and exploitation in {city}.",
         (("Emergency Shelter", "Confidential emergency shelter, open 24 hours, for survivors of sex and labor "
           "trafficking. Intake by phone; the hotline may call the private line for a warm transfer.",
           (C.SHELTER, C.BASIC_NEEDS), (P.WOMEN,)),
          ("Transitional Housing", "Up to 24 months of housing with case management, life skills and job readiness "
           "support.", (C.SHELTER, C.CASE_MANAGEMENT), (P.ADULTS,)),
          ("Survivor Case Management", "Safety planning, benefits enrollment, accompaniment to appointments and "
           "court.", (C.CASE_MANAGEMENT, C.TRANSPORTATION), ())),
         (P.WOMEN, P.MINORS, P.LGBTQ, P.FOREIGN_NATIONALS, P.US_CITIZENS), confidential=0.7),
    Kind(10, ("{city} Anti-Trafficking Task Force", "{county} Human Trafficking Task Force"),
         "A partnership of law enforcement, prosecutors and victim service providers serving {county}.",
         (("Victim Identification and Response", "Joint response to tips, victim-centered interviews and "
           "coordination with service providers.", (C.TASK_FORCE, C.LAW_ENFORCEMENT), (P.ADULTS,)),
          ("Community and Professional Training", "Training on indicators of trafficking for schools, hospitals, "
           "hotels and first responders.", (C.TRAINING_SPEAKERS,), ())),
         _ALL, government=True, people=0.8,
         titles=(("Training Coordinator", "Training and Outreach"),
                 ("Law Enforcement Liaison", "Training and Outreach"),
                 ("Labor Trafficking Specialist", "Investigations"), ("Indicators Trainer", "Schools and Hospitals"))),
    Kind(10, ("{state} Immigrant Legal Center", "{city} Immigration Legal Services", "{adj} Immigrant Justice Project"),
         "Free and low-cost immigration legal help for immigrant survivors of crime and trafficking.",
         (("T Visa and U Visa Assistance", "Screening and full representation for T and U visa applications and "
           "adjustment of status.", (C.IMMIGRATION_LEGAL, C.LEGAL), (P.FOREIGN_NATIONALS,)),
          ("Continued Presence and Work Authorization", "Help requesting Continued Presence, employment "
           "authorization and certification letters.", (C.IMMIGRATION_LEGAL,), (P.FOREIGN_NATIONALS,)),
          ("Legal Interpretation", "Interpreters for legal consultations in more than a dozen languages.",
           (C.INTERPRETATION,), ())),
         (P.ADULTS, P.MINORS, P.WOMEN, P.MEN, P.LAWFUL_PERMANENT_RESIDENTS),
         titles=(("Immigration Attorney", "Legal Services"), ("Community Education Coordinator", "Outreach"))),
    Kind(8, ("{city} Legal Aid Society", "{state} Survivors Legal Project", "{adj} Legal Advocates"),
         "Civil legal services for low-income residents and survivors of violence in {county}.",
         (("Civil Legal Representation", "Protective orders, family law, housing and wage claims for survivors.",
           (C.LEGAL,), (P.ADULTS,)),
          ("Criminal Record Relief", "Vacatur and expungement of convictions that resulted from being trafficked.",
           (C.LEGAL,), (P.US_CITIZENS,))),
         _ALL),
    Kind(8, ("{county} Community Health Center", "{adj} Family Clinic", "{city} Health Partners"),
         "A federally qualified health center offering care on a sliding fee scale.",
         (("Primary and Trauma-Informed Medical Care", "Medical exams, STI testing, prenatal care and "
           "prescriptions; no insurance or ID needed.", (C.MEDICAL,), (P.ADULTS,)),
          ("Behavioral Health", "Individual counseling and psychiatric care for trauma, anxiety and depression.",
           (C.MENTAL_HEALTH,), ()),
          ("Substance Use Treatment", "Medication-assisted treatment and outpatient recovery groups.",
           (C.SUBSTANCE_USE, C.MEDICAL), (P.ADULTS,))),
         (P.MINORS, P.WOMEN, P.MEN, P.LGBTQ, P.FOREIGN_NATIONALS, P.US_CITIZENS)),
    Kind(7, ("{adj} Counseling Center", "{city} Trauma Recovery Center"),
         "Trauma-focused counseling for survivors of violence and exploitation.",
         (("Trauma Counseling", "Individual and group therapy using trauma-informed, survivor-led approaches.",
           (C.MENTAL_HEALTH,), ()),
          ("Survivor Support Groups", "Weekly peer support groups, in person and online.",
           (C.MENTAL_HEALTH, C.CASE_MANAGEMENT), (P.ADULTS,))),
         _ALL + (P.MINORS,)),
    Kind(4, ("{adj} Recovery Center", "{city} Recovery Services"),
         "Substance use treatment and recovery support in {city}.",
         (("Residential Treatment", "Medically supervised detox and residential treatment, 30 to 90 days.",
           (C.SUBSTANCE_USE, C.SHELTER), (P.ADULTS,)),
          ("Outpatient Recovery", "Intensive outpatient program and recovery coaching.",
           (C.SUBSTANCE_USE,), (P.ADULTS,))),
         (P.WOMEN, P.MEN, P.LGBTQ)),
    Kind(6, ("{city} Rescue & Restore Coalition", "{state} Coalition Against Trafficking"),
         "A coalition of service providers, faith groups and agencies working to end human trafficking.",
         (("Coalition Coordination", "Monthly partner meetings, resource directory and referral coordination.",
           (C.COALITION,), ()),
          ("Speakers Bureau", "Presentations on human trafficking for community groups, schools and employers.",
           (C.TRAINING_SPEAKERS, C.COALITION), ())),
         _ALL, people=0.8,
         titles=(("Speakers Bureau Coordinator", "Speakers Bureau"), ("Youth Prevention Educator", "Schools Outreach"),
                 ("Community Education Manager", "Training and Outreach"),
                 ("Online Safety Trainer", "Speakers Bureau"))),
    Kind(6, ("{city} Police Department Human Trafficking Unit", "{county} Sheriff's Office Victim Services"),
         "Investigates human trafficking and connects victims with services.",
         (("Human Trafficking Investigations", "Detectives trained in victim-centered investigations of sex and "
           "labor trafficking.", (C.LAW_ENFORCEMENT,), ()),
          ("Victim Services Unit", "Victim advocates provide crisis support and referrals during investigations.",
           (C.CASE_MANAGEMENT, C.LAW_ENFORCEMENT), ())),
         _ALL + (P.MINORS,), government=True,
         titles=(("Victim Services Coordinator", "Victim Services Unit"), ("Detective", "Investigations"))),
    Kind(7, ("{city} Community Food Bank", "{adj} Neighbors Resource Center"),
         "Food, clothing and everyday essentials for families in {county}.",
         (("Food Pantry", "Groceries weekly; no documents required.", (C.BASIC_NEEDS,), ()),
          ("Transportation Assistance", "Bus passes and rides to medical, legal and court appointments.",
           (C.TRANSPORTATION,), ()),
          ("Clothing and Hygiene Supplies", "Clothing, hygiene kits and baby supplies.", (C.BASIC_NEEDS,), ())),
         _ALL + (P.MINORS,)),
    Kind(7, ("{city} Youth Outreach", "{adj} Youth Services"),
         "Shelter and support for runaway, homeless and exploited youth.",
         (("Youth Emergency Shelter", "Short-term shelter for youth aged 12 to 17, with family mediation.",
           (C.SHELTER, C.BASIC_NEEDS), (P.MINORS,)),
          ("Street Outreach", "Outreach workers offering food, safety planning and a way off the street.",
           (C.CASE_MANAGEMENT, C.BASIC_NEEDS), (P.MINORS,))),
         (P.LGBTQ, P.WOMEN, P.MEN, P.US_CITIZENS, P.FOREIGN_NATIONALS), confidential=0.5,
         titles=(("Youth Program Manager", "Youth Services"), ("Street Outreach Lead", "Outreach"))),
    Kind(4, ("{state} Language Access Network", "{city} Interpreters Collective"),
         "Professional interpreters and translators for community services.",
         (("Phone and In-Person Interpretation", "Interpreters for medical, legal and social service appointments.",
           (C.INTERPRETATION,), ()),
          ("Document Translation", "Certified translation of identity, court and immigration documents.",
           (C.INTERPRETATION, C.IMMIGRATION_LEGAL), (P.FOREIGN_NATIONALS,))),
         _ALL),
    Kind(5, ("{adj} Survivor Services", "{city} Survivor Advocacy Center"),
         "Survivor-led advocacy and long-term support after trafficking.",
         (("Survivor Advocacy", "One-on-one advocacy, safety planning and help with benefits and housing.",
           (C.CASE_MANAGEMENT,), ()),
          ("Job Readiness and Education", "GED classes, job training and placement with survivor-friendly employers.",
           (C.CASE_MANAGEMENT, C.BASIC_NEEDS), (P.ADULTS,)),
          ("Transportation to Services", "Rides and travel support to shelters and appointments.",
           (C.TRANSPORTATION,), ())),
         _ALL),
)
