"""SQLAlchemy models. Importing this package registers every table on ``Base.metadata``."""

from console.models.audit import AuditEvent
from console.models.base import Base, UTCDateTime, utcnow
from console.models.contact import (
    Contact,
    ContactEvent,
    ContactRequest,
    PotentialVictim,
    Referral,
    User,
)
from console.models.directory import (
    Address,
    Attribute,
    DirectoryChange,
    DirectoryContact,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceSearch,
    Taxonomy,
    TaxonomyTerm,
)
from console.models.disclosure import Disclosure
from console.models.follow_up import FollowUpTask, FollowUpWindow
from console.models.library import LibraryItem, MaterialSent
from console.models.tta import TtaAttachment, TtaRequest, TtaWorkLog

__all__ = [
    "Address", "Attribute", "AuditEvent", "Base", "Contact", "ContactEvent", "ContactRequest", "DirectoryChange", "Disclosure", "FollowUpTask",
    "DirectoryContact", "FollowUpWindow", "Language",
    "LibraryItem", "Location", "MaterialSent", "Organization", "Phone", "PotentialVictim", "Referral", "Schedule",
    "Service",
    "ServiceAtLocation", "ServiceSearch", "Taxonomy", "TaxonomyTerm", "TtaAttachment", "TtaRequest", "TtaWorkLog",
    "User", "UTCDateTime", "utcnow",
]
