"""The intake: what a specialist records about a contact, checked and stored."""

from console.services.intake.earlier import EarlierCalls
from console.services.intake.form import ContactForm, MaterialInput, ReferralInput, VictimForm
from console.services.intake.rules import priority_of
from console.services.intake.service import IntakeService, LoadedContact, SavedContact

__all__ = [
    "ContactForm", "EarlierCalls", "IntakeService", "LoadedContact", "MaterialInput", "ReferralInput", "SavedContact", "VictimForm",
    "priority_of",
]
