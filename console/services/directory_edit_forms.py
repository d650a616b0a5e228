"""What the directory editor reads and sends back, and the rules a save checks.

A ``ServiceEdit`` is one service with its organization, its place (a
location with one street address) and the phone lines shown with it, each
phone belonging to the service, the organization or the place, the people
named at the service or its organization (HSDS ``contact``, each with one
line of their own), with what the service is for and when it is open
(``directory_edit_needs``). ``clean(edit)`` returns the column values to
store, or raises ``ValidationError`` naming every bad field at once:
``service.name``, ``organization.email``, ``location.postal_code``,
``phones.1.number``, ``people.0.email``, ``needs.languages``, ``hours.mo``,
``hours.time_zone``.
Phone numbers are stored as written (people read them out to callers) once
they are known to be dialable; a web address without a scheme gets
``https://``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from console import validation as v
from console.services.directory_edit_needs import (
    HoursForm,
    NeedsForm,
    clean_hours,
    clean_needs,
)
from console.vocabulary import US_STATES

PHONE_OWNERS = ("service", "organization", "location")
# People at a place alone are not shown with a service (its details name
# the people of the service and of its organization): the editor keeps to those.
PEOPLE_OWNERS = ("service", "organization")
MAX_AGE = 120
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_WEB = re.compile(r"^(https?://)?[^\s/.]+(\.[^\s/.]+)+(/\S*)?$", re.IGNORECASE)
_EXTENSION = re.compile(r"^\d{1,10}$")


@dataclass(frozen=True, slots=True)
class OrganizationForm:
    name: str = ""
    alternate_name: str = ""
    description: str = ""
    website: str = ""
    email: str = ""


@dataclass(frozen=True, slots=True)
class ServiceForm:
    name: str = ""
    alternate_name: str = ""
    description: str = ""
    url: str = ""
    email: str = ""
    eligibility_description: str = ""
    minimum_age: int | None = None
    maximum_age: int | None = None
    application_process: str = ""
    fees_description: str = ""
    alert: str = ""


@dataclass(frozen=True, slots=True)
class LocationForm:
    """The place and its street address; an all-blank address means none."""

    name: str = ""
    address_1: str = ""
    address_2: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""
    address_confidential: bool = False


@dataclass(frozen=True, slots=True)
class PhoneForm:
    id: str | None = None  # None: a new line
    owner: str = "service"  # one of PHONE_OWNERS
    number: str = ""
    extension: str = ""
    description: str = ""
    confidential: bool = False


@dataclass(frozen=True, slots=True)
class PersonForm:
    """A person named at the service or its organization, with their own line (optional)."""

    id: str | None = None  # None: a new person
    owner: str = "service"  # one of PEOPLE_OWNERS
    name: str = ""
    title: str = ""
    department: str = ""
    email: str = ""
    phone: str = ""
    extension: str = ""
    confidential: bool = False  # their email and line for staff only


@dataclass(frozen=True, slots=True)
class ServiceEdit:
    organization: OrganizationForm = field(default_factory=OrganizationForm)
    service: ServiceForm = field(default_factory=ServiceForm)
    location: LocationForm = field(default_factory=LocationForm)
    phones: tuple[PhoneForm, ...] = ()
    needs: NeedsForm = field(default_factory=NeedsForm)  # categories, populations, languages
    hours: HoursForm = field(default_factory=HoursForm)  # the week and the time zone
    people: tuple[PersonForm, ...] = ()


@dataclass(frozen=True, slots=True)
class ServiceRecord:
    """A service as the editor opened it. ``token`` says what the records
    were when read: a save or a verification refuses to write over a
    change made since (on another desk, or by an import)."""

    service_id: str | None  # None: a new service
    organization_id: str | None  # None: a new organization
    location_id: str | None  # None: no place (yet)
    edit: ServiceEdit
    token: str = ""
    status: str = "active"
    assured_date: date | None = None
    assured_by: str | None = None  # who verified it at a desk (display name)
    stale: bool = True  # not verified within the site's period, or never
    last_modified_at: datetime | None = None
    last_modified_by: str | None = None
    organization_services: int = 0  # services of the organization: its changes reach them all
    location_services: int = 0  # services at the place


@dataclass(frozen=True, slots=True)
class CleanEdit:
    organization: dict[str, Any]
    service: dict[str, Any]
    location: dict[str, Any]
    address: dict[str, Any] | None  # None: no street address
    phones: tuple[tuple[str | None, str, dict[str, Any]], ...]  # (id, owner, columns)
    needs: dict[str, Any] = field(default_factory=dict)  # categories, populations, languages: ordered codes
    hours: dict[str, Any] = field(default_factory=dict)  # days, open_24h, time_zone, custom
    # (id, owner, the person's columns, their line's columns or None for no line)
    people: tuple[tuple[str | None, str, dict[str, Any], dict[str, Any] | None], ...] = ()

    @property
    def has_place(self) -> bool:
        return bool(self.location["name"]) or self.address is not None


def _text(p: v.Problems, name: str, value: str, max_length: int, *, required: bool = False,
          multiline: bool = False) -> str | None:
    cleaned = p.check(name, v.text, value, max_length=max_length, required=required, multiline=multiline)
    return cleaned or None


def _email(p: v.Problems, name: str, value: str) -> str | None:
    cleaned = _text(p, name, value, 200)
    if cleaned and not _EMAIL.match(cleaned):
        p.add(name, "Not an email address (e.g. intake@example.org).")
    return cleaned


def _web(p: v.Problems, name: str, value: str) -> str | None:
    cleaned = _text(p, name, value, 500)
    if cleaned and not _WEB.match(cleaned):
        p.add(name, "Not a web address (e.g. https://www.example.org).")
        return None
    if cleaned and not cleaned.lower().startswith(("http://", "https://")):
        cleaned = "https://" + cleaned
    return cleaned


def _age(p: v.Problems, name: str, value: int | None) -> int | None:
    if value is not None and not 0 <= value <= MAX_AGE:
        p.add(name, f"An age from 0 to {MAX_AGE}, or blank.")
        return None
    return value


def _organization(p: v.Problems, form: OrganizationForm) -> dict[str, Any]:
    return {
        "name": _text(p, "organization.name", form.name, 300, required=True),
        "alternate_name": _text(p, "organization.alternate_name", form.alternate_name, 300),
        "description": _text(p, "organization.description", form.description, 10_000, multiline=True) or "",
        "website": _web(p, "organization.website", form.website),
        "email": _email(p, "organization.email", form.email),
    }


def _service(p: v.Problems, form: ServiceForm) -> dict[str, Any]:
    low = _age(p, "service.minimum_age", form.minimum_age)
    high = _age(p, "service.maximum_age", form.maximum_age)
    if low is not None and high is not None and low > high:
        p.add("service.maximum_age", "The oldest age served is below the youngest.")
    return {
        "name": _text(p, "service.name", form.name, 300, required=True),
        "alternate_name": _text(p, "service.alternate_name", form.alternate_name, 300),
        "description": _text(p, "service.description", form.description, 10_000, multiline=True),
        "url": _web(p, "service.url", form.url),
        "email": _email(p, "service.email", form.email),
        "eligibility_description": _text(p, "service.eligibility_description", form.eligibility_description, 2000,
                                         multiline=True),
        "minimum_age": low,
        "maximum_age": high,
        "application_process": _text(p, "service.application_process", form.application_process, 2000,
                                     multiline=True),
        "fees_description": _text(p, "service.fees_description", form.fees_description, 1000, multiline=True),
        "alert": _text(p, "service.alert", form.alert, 1000, multiline=True),
    }


def _address(p: v.Problems, form: LocationForm) -> dict[str, Any] | None:
    parts = (form.address_1, form.address_2, form.city, form.state, form.postal_code)
    if not any((part or "").strip() for part in parts):
        return None
    state = p.check("location.state", v.us_state, form.state, US_STATES)
    if not (form.state or "").strip():
        p.add("location.state", "Required with a street address (e.g. TX).")
    postal = p.check("location.postal_code", v.us_zip, form.postal_code, state=state)
    if not (form.postal_code or "").strip():
        p.add("location.postal_code", "Required with a street address.")
    return {
        "address_1": _text(p, "location.address_1", form.address_1, 300, required=True),
        "address_2": _text(p, "location.address_2", form.address_2, 300),
        "city": _text(p, "location.city", form.city, 120, required=True),
        "state_province": state,
        "postal_code": postal,
        "confidential": bool(form.address_confidential),
    }


def _phone(p: v.Problems, i: int, form: PhoneForm, has_place: bool) -> dict[str, Any]:
    name = f"phones.{i}"
    if form.owner not in PHONE_OWNERS:
        p.add(f"{name}.owner", f"Unknown choice {form.owner!r}.")
    elif form.owner == "location" and not has_place:
        p.add(f"{name}.owner", "This line belongs to the place: give the place a name or an address first.")
    number = _text(p, f"{name}.number", form.number, 40, required=True)
    if number:
        p.check(f"{name}.number", v.phone, number)
    extension = _text(p, f"{name}.extension", form.extension, 20)
    if extension and not _EXTENSION.match(extension):
        p.add(f"{name}.extension", "Digits only (e.g. 204).")
    return {
        "number": number,
        "extension": extension,
        "description": _text(p, f"{name}.description", form.description, 200),
        "confidential": bool(form.confidential),
    }


def _person(p: v.Problems, i: int, form: PersonForm) -> tuple[dict[str, Any], dict[str, Any] | None]:
    name = f"people.{i}"
    if form.owner not in PEOPLE_OWNERS:
        p.add(f"{name}.owner", f"Unknown choice {form.owner!r}.")
    person = {
        "name": _text(p, f"{name}.name", form.name, 200),
        "title": _text(p, f"{name}.title", form.title, 200),
        "department": _text(p, f"{name}.department", form.department, 200),
        "email": _email(p, f"{name}.email", form.email),
        "confidential": bool(form.confidential),
    }
    if not person["name"] and not person["title"] and f"{name}.name" not in p.errors:
        p.add(f"{name}.name", "A name or a title (e.g. Training Coordinator): whom to ask for.")
    number = _text(p, f"{name}.phone", form.phone, 40)
    if number:
        p.check(f"{name}.phone", v.phone, number)
    extension = _text(p, f"{name}.extension", form.extension, 20)
    if extension and not _EXTENSION.match(extension):
        p.add(f"{name}.extension", "Digits only (e.g. 204).")
    elif extension and not number:
        p.add(f"{name}.extension", "An extension needs the number it belongs to.")
    line = None if not number else {"number": number, "extension": extension,
                                    "confidential": bool(form.confidential)}
    return person, line


def clean(edit: ServiceEdit, *, place_exists: bool = False, kept_languages: tuple[str, ...] = ()) -> CleanEdit:
    """``place_exists``: the service already has a place (a line may belong to it, blank or not);
    ``kept_languages``: language codes it has that the console does not offer (kept, not refused)."""
    p = v.Problems()
    organization = _organization(p, edit.organization)
    service = _service(p, edit.service)
    location = {"name": _text(p, "location.name", edit.location.name, 300)}
    address = _address(p, edit.location)
    has_place = place_exists or bool(location["name"]) or address is not None
    phones = tuple(
        (phone.id, phone.owner, _phone(p, i, phone, has_place)) for i, phone in enumerate(edit.phones)
    )
    needs = clean_needs(p, edit.needs, kept_languages)
    hours = clean_hours(p, edit.hours)
    people = tuple((person.id, person.owner, *_person(p, i, person)) for i, person in enumerate(edit.people))
    p.raise_if_any()
    return CleanEdit(organization, service, location, address, phones, needs, hours, people)
