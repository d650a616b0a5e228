"""The demo directory's people (HSDS ``contact``): a named person at about
one organization in five, most of them training coordinators at task forces
and coalitions, so that a TTA request's speaker search finds people.

Each person is named at their organization and its location (at a shelter
whose address is confidential, their email and line are then withheld from
roles that may not see it), and at the organization's training service when
it has one; they have their own line, linked by ``phone.contact_id`` only.
Their random stream and ids are their own (``_Ids.extra``, drawn after the
schedules'), so every other record of the demo directory stays as it was.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from console.demo.directory_words import Kind
from console.models import DirectoryContact, Phone

FIRST_NAMES = (
    "Ana", "Amara", "Ben", "Carmen", "Chen", "Dana", "Darius", "Elena", "Farah", "Grace", "Hiro", "Imani",
    "Jamal", "Jordan", "Keisha", "Leah", "Luis", "Maya", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sam",
    "Tariq", "Tess", "Uma", "Victor", "Wen", "Yusuf", "Zoe", "Marcus", "Ines", "Kofi", "Lena", "Rafael",
)
LAST_NAMES = (
    "Abbott", "Alvarez", "Baker", "Bennett", "Castillo", "Chang", "Diaz", "Ellis", "Farouk", "Garcia", "Hayes",
    "Ibrahim", "Jensen", "Kim", "Lopez", "Mendez", "Morgan", "Nguyen", "Okafor", "Patel", "Quintero", "Reyes",
    "Santos", "Shah", "Thompson", "Tran", "Vasquez", "Walker", "Washington", "Young", "Zhang", "Brooks",
)


def add_person(add: Callable[..., None], extra_id: Callable[[], str], kind: Kind, org_id: str, location_id: str,
               training_service_id: str | None, slug: str, area: str) -> None:
    """Maybe add a person to this organization (``add(model, **values)`` as ``_Rows.add``)."""
    rng = random.Random(f"{org_id}:people")
    if rng.random() >= kind.people:
        return
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    title, department = rng.choice(kind.titles)
    contact_id = extra_id()
    add(DirectoryContact, id=contact_id, organization_id=org_id, service_id=training_service_id,
        location_id=location_id, name=f"{first} {last}", title=title, department=department,
        email=f"{first[0]}{last}@{slug}.example.org".lower(), confidential=False)
    add(Phone, id=extra_id(), contact_id=contact_id, number=f"({area}) 555-01{rng.randint(0, 99):02d}",
        extension=str(rng.randint(200, 299)), type="voice", description=f"{first}'s direct line",
        confidential=False)
