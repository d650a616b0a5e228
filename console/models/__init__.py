"""SQLAlchemy models. Importing this package registers every table on ``Base.metadata``."""

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
from console.models.follow_up import FollowUpTask, FollowUpWindow
from console.models.library import LibraryItem, MaterialSent

__all__ = [
    "Address", "Attribute", "Base", "Contact", "ContactEvent", "ContactRequest", "DirectoryChange", "FollowUpTask",
    "FollowUpWindow", "Language",
    "LibraryItem", "Location", "MaterialSent", "Organization", "Phone", "PotentialVictim", "Referral", "Schedule",
    "Service",
    "ServiceAtLocation", "ServiceSearch", "Taxonomy", "TaxonomyTerm", "User", "UTCDateTime", "utcnow",
]
