"""The hotline's vocabulary: every code the console stores, in one place.

Codes (the enum values) go into the database; people see labels, which the
UI looks up and translates (``ui/labels.py``). Adding a member here is a
data change, not a schema change: code columns are plain strings checked in
``console.validation``.
"""

from __future__ import annotations

from enum import StrEnum


class Channel(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    TEXT = "text"
    WEB_FORM = "web_form"
    CHAT = "chat"
    TTY_RELAY = "tty_relay"
    IN_PERSON = "in_person"
    OTHER = "other"


class RequestType(StrEnum):
    CRISIS = "crisis"
    TIP = "tip"
    TTA = "tta"
    REFERRAL = "referral"
    GENERAL_INFO = "general_info"


# Request types that are urgent by nature; TTA and referrals carry their own
# urgent/non-urgent flag; general information is never urgent.
ALWAYS_URGENT = frozenset({RequestType.CRISIS, RequestType.TIP})
URGENCY_CHOSEN = frozenset({RequestType.TTA, RequestType.REFERRAL})


class Priority(StrEnum):
    """Where a contact sorts in the queue: crisis first, then urgent work."""

    CRISIS = "crisis"
    URGENT = "urgent"
    NON_URGENT = "non_urgent"

    @property
    def rank(self) -> int:
        return _PRIORITY_RANK[self]


_PRIORITY_RANK = {Priority.CRISIS: 0, Priority.URGENT: 1, Priority.NON_URGENT: 2}


class ContactStatus(StrEnum):
    WAITING = "waiting"
    IN_PROGRESS = "in_progress"
    MESSAGE = "message"  # non-urgent, arrived out of hours: awaiting program staff's follow-up
    FOLLOW_UP = "follow_up"  # a message being answered by program staff
    CLOSED = "closed"


OPEN_STATUSES = frozenset(
    {ContactStatus.WAITING, ContactStatus.IN_PROGRESS, ContactStatus.MESSAGE, ContactStatus.FOLLOW_UP}
)
# Messages sort after all work handled now (queue order: priority_rank, then time).
MESSAGE_RANK = 3


class NonDataOutcome(StrEnum):
    """Contacts that are counted, not investigated."""

    HANG_UP = "hang_up"
    SILENT = "silent"
    WRONG_NUMBER = "wrong_number"
    TEST = "test"
    ABUSIVE = "abusive"


class CallerType(StrEnum):
    POTENTIAL_VICTIM = "potential_victim"
    SURVIVOR = "survivor"
    FAMILY_FRIEND = "family_friend"
    COMMUNITY_MEMBER = "community_member"
    LAW_ENFORCEMENT = "law_enforcement"
    GOVERNMENT = "government"
    MEDICAL_PROFESSIONAL = "medical_professional"
    LEGAL_PROFESSIONAL = "legal_professional"
    SOCIAL_SERVICE_PROVIDER = "social_service_provider"
    ANTI_TRAFFICKING_ORG = "anti_trafficking_org"
    EDUCATOR = "educator"
    STUDENT_RESEARCHER = "student_researcher"
    POLICY_MAKER = "policy_maker"
    MEDIA = "media"
    OTHER = "other"
    UNKNOWN = "unknown"


class YesNoUnknown(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class ConsentAnswer(StrEnum):
    YES = "yes"
    NO = "no"
    NOT_ASKED = "not_asked"


class RecipientClass(StrEnum):
    """Who a tip or referral packet goes to; consent is asked per class (``console.consent``)."""

    LAW_ENFORCEMENT = "law_enforcement"
    SERVICE_PROVIDERS = "service_providers"
    TASK_FORCE = "task_force"


class DisclosureKind(StrEnum):
    TIP = "tip"  # a tip forwarded (fills the contact's tip_forwarded_to / _at)
    REFERRAL_PACKET = "referral_packet"


class DisclosureBasis(StrEnum):
    """Why something was shared: the caller's consent, the law, or a supervisor's override."""

    CONSENT = "consent"
    MANDATED = "mandated"
    OVERRIDE = "override"


class CallerHistory(StrEnum):
    FIRST_TIME = "first_time"
    RETURNING = "returning"
    UNKNOWN = "unknown"


class AgeGroup(StrEnum):
    MINOR = "minor"
    ADULT = "adult"
    UNKNOWN = "unknown"


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"
    TRANSGENDER = "transgender"
    GENDER_NONCONFORMING = "gender_nonconforming"
    UNKNOWN = "unknown"


class Citizenship(StrEnum):
    US_CITIZEN = "us_citizen"
    LAWFUL_PERMANENT_RESIDENT = "lawful_permanent_resident"
    FOREIGN_NATIONAL = "foreign_national"
    UNKNOWN = "unknown"


class TraffickingType(StrEnum):
    SEX = "sex"
    LABOR = "labor"
    SEX_AND_LABOR = "sex_and_labor"
    NOT_SPECIFIED = "not_specified"


class Venue(StrEnum):
    """Polaris' Typology of Modern Slavery (25 types) plus other/unknown."""

    ESCORT_SERVICES = "escort_services"
    ILLICIT_MASSAGE = "illicit_massage"
    OUTDOOR_SOLICITATION = "outdoor_solicitation"
    RESIDENTIAL = "residential"
    DOMESTIC_WORK = "domestic_work"
    BARS_STRIP_CLUBS = "bars_strip_clubs"
    PORNOGRAPHY = "pornography"
    TRAVELING_SALES_CREWS = "traveling_sales_crews"
    RESTAURANTS = "restaurants"
    PEDDLING_BEGGING = "peddling_begging"
    AGRICULTURE = "agriculture"
    PERSONAL_SEXUAL_SERVITUDE = "personal_sexual_servitude"
    HEALTH_BEAUTY = "health_beauty"
    CONSTRUCTION = "construction"
    HOTELS_HOSPITALITY = "hotels_hospitality"
    LANDSCAPING = "landscaping"
    ILLICIT_ACTIVITIES = "illicit_activities"
    ARTS_ENTERTAINMENT = "arts_entertainment"
    COMMERCIAL_CLEANING = "commercial_cleaning"
    FACTORIES_MANUFACTURING = "factories_manufacturing"
    REMOTE_INTERACTIVE_SEXUAL_ACTS = "remote_interactive_sexual_acts"
    CARNIVALS = "carnivals"
    FORESTRY_LOGGING = "forestry_logging"
    HEALTH_CARE = "health_care"
    RECREATIONAL_FACILITIES = "recreational_facilities"
    OTHER = "other"
    UNKNOWN = "unknown"


class EmergencyNeed(StrEnum):
    SHELTER = "shelter"
    EXTRACTION = "extraction"
    TRANSPORTATION = "transportation"


class ReferralStatus(StrEnum):
    REFERRED = "referred"
    REFUSED = "refused"
    NO_REFERRAL_NEEDED = "no_referral_needed"


class ServiceCategory(StrEnum):
    """The hotline's directory taxonomy (HSDS taxonomy ``hotline-category``)."""

    SHELTER = "shelter"
    LEGAL = "legal"
    IMMIGRATION_LEGAL = "immigration_legal"
    MEDICAL = "medical"
    MENTAL_HEALTH = "mental_health"
    CASE_MANAGEMENT = "case_management"
    SUBSTANCE_USE = "substance_use"
    BASIC_NEEDS = "basic_needs"
    TRANSPORTATION = "transportation"
    LAW_ENFORCEMENT = "law_enforcement"
    TASK_FORCE = "task_force"
    COALITION = "coalition"
    TRAINING_SPEAKERS = "training_speakers"
    INTERPRETATION = "interpretation"


class Population(StrEnum):
    """Who a service is for (HSDS taxonomy ``hotline-population``)."""

    MINORS = "minors"
    ADULTS = "adults"
    MEN = "men"
    WOMEN = "women"
    LGBTQ = "lgbtq"
    FOREIGN_NATIONALS = "foreign_nationals"
    US_CITIZENS = "us_citizens"
    LAWFUL_PERMANENT_RESIDENTS = "lawful_permanent_residents"


CATEGORY_TAXONOMY = "hotline-category"
POPULATION_TAXONOMY = "hotline-population"
# A service's own time zone (an IANA name in the attribute's ``value``), set in the directory editor.
TIME_ZONE_TAXONOMY = "hotline-time-zone"


class LibraryKind(StrEnum):
    """What a resource library item is."""

    FACT_SHEET = "fact_sheet"
    TOOLKIT = "toolkit"
    TRAINING_CURRICULUM = "training_curriculum"
    VIDEO = "video"
    INDICATOR_CARD = "indicator_card"
    REPORT = "report"


class LibraryTopic(StrEnum):
    """What a library item is about (an item has one topic or more)."""

    LABOR_TRAFFICKING = "labor_trafficking"
    SEX_TRAFFICKING = "sex_trafficking"
    MINORS = "minors"
    INDICATORS = "indicators"
    VICTIM_SERVICES = "victim_services"
    LAW_ENFORCEMENT = "law_enforcement"
    HEALTH_CARE = "health_care"
    EDUCATION = "education"
    IMMIGRATION_RELIEF = "immigration_relief"
    SUPPLY_CHAINS = "supply_chains"
    ONLINE_EXPLOITATION = "online_exploitation"


class LibraryAudience(StrEnum):
    """Whom a library item is written for (one or more)."""

    GENERAL_PUBLIC = "general_public"
    SERVICE_PROVIDERS = "service_providers"
    LAW_ENFORCEMENT = "law_enforcement"
    HEALTH_CARE = "health_care"
    EDUCATORS = "educators"
    SURVIVORS = "survivors"
    EMPLOYERS = "employers"  # employers and businesses


class LibraryFormat(StrEnum):
    PDF = "pdf"
    WEB_PAGE = "web_page"
    VIDEO = "video"
    PRINT = "print"


class SendMethod(StrEnum):
    """How a library item went to someone on a contact."""

    EMAIL = "email"
    POST = "post"
    LINK = "link"


class FollowUpKind(StrEnum):
    """What a follow-up task is for (issue 7)."""

    CALL_BACK = "call_back"
    SEND_MATERIALS = "send_materials"
    CHECK_REFERRAL = "check_referral"  # check a referral's outcome
    OTHER = "other"


class FollowUpStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class TtaKind(StrEnum):
    """Kinds of training and technical assistance (the hotline's description; issue 7)."""

    DIRECT_REFERRAL = "direct_referral"  # to local trainers or TA providers
    MATERIALS = "materials"  # provision of resources and materials
    PHONE_CONSULTATION = "phone_consultation"
    SPECIALIZED_INFORMATION = "specialized_information"
    THIRD_PARTY_REVIEW = "third_party_review"  # review of third-party materials
    SPEAKER_TRAINER = "speaker_trainer"  # help procuring a speaker or trainer for an event


class TtaStatus(StrEnum):
    """A TTA request's progress: new, in progress, then done or declined."""

    NEW = "new"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DECLINED = "declined"


class TtaReviewOutcome(StrEnum):
    """What a review of third-party materials concluded."""

    APPROVED = "approved"
    APPROVED_WITH_CHANGES = "approved_with_changes"
    NOT_RECOMMENDED = "not_recommended"


class Role(StrEnum):
    SPECIALIST = "specialist"
    SUPERVISOR = "supervisor"
    PROGRAM_STAFF = "program_staff"
    ADMIN = "admin"


# U.S. states, DC and the territories the hotline takes calls from, with the
# English names people search by ("texas shelter" finds TX).
STATE_NAMES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "PR": "Puerto Rico", "GU": "Guam", "VI": "U.S. Virgin Islands", "AS": "American Samoa",
    "MP": "Northern Mariana Islands",
}  # fmt: skip
US_STATES = tuple(STATE_NAMES)

# Languages offered in the intake and the directory (ISO 639-1 codes, or
# 639-2 where none exists, e.g. Hmong), with their English names.
LANGUAGE_NAMES: dict[str, str] = {
    "en": "English", "es": "Spanish", "zh": "Chinese", "vi": "Vietnamese", "tl": "Tagalog",
    "ko": "Korean", "ru": "Russian", "ar": "Arabic", "fr": "French", "ht": "Haitian Creole",
    "pt": "Portuguese", "hi": "Hindi", "pl": "Polish", "ja": "Japanese", "de": "German",
    "it": "Italian", "fa": "Persian (Farsi)", "ur": "Urdu", "bn": "Bengali", "pa": "Punjabi",
    "so": "Somali", "am": "Amharic", "uk": "Ukrainian", "ro": "Romanian", "th": "Thai",
    "km": "Khmer", "hmn": "Hmong",
}  # fmt: skip
LANGUAGES = tuple(LANGUAGE_NAMES)
