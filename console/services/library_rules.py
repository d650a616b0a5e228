"""What a library item and a send may hold: the checks behind
``LibraryService`` and the intake's materials.

``clean_item(form, today)`` returns the columns to store, or raises
``ValidationError`` naming every bad field at once (``title``, ``topics``,
``link``...). ``clean_sends`` checks the materials of an intake form; their
problems are named ``materials.<n>.<field>``. ``search_words`` writes an
item's codes out as the words people type ("police" finds law enforcement
material, "spanish" the items in Spanish), which the full-text index reads
beside the title and the description.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from console import validation as v
from console.vocabulary import (
    LANGUAGE_NAMES,
    LANGUAGES,
    LibraryAudience,
    LibraryFormat,
    LibraryKind,
    LibraryTopic,
    SendMethod,
)

if TYPE_CHECKING:  # a type only: the intake's rules import this module
    from console.services.intake.form import MaterialInput

MAX_SENDS = 50  # on one contact
_LANGUAGE_CODES = frozenset(LANGUAGES)

# Besides each code's own words ("health_care": "health care").
_MORE_WORDS: dict[str, str] = {
    "labor_trafficking": "labour forced work workers",
    "sex_trafficking": "commercial sexual exploitation",
    "minors": "children child youth teens",
    "indicators": "signs red flags identification identify",
    "victim_services": "survivor support",
    "law_enforcement": "police officers",
    "health_care": "medical clinic hospital nurses",
    "education": "schools",
    "immigration_relief": "visa t-visa u-visa continued presence",
    "supply_chains": "business sourcing",
    "online_exploitation": "internet social media",
    "general_public": "community",
    "educators": "teachers schools",
    "employers": "businesses",
    "indicator_card": "wallet",
    "training_curriculum": "course lessons",
    "pdf": "document",
    "print": "printed",
}


@dataclass(frozen=True, slots=True)
class LibraryItemForm:
    """A library item as staff entered it; ``clean_item`` checks it."""

    title: str = ""
    kind: str = ""
    topics: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    language: str = "en"
    format: str = ""
    link: str = ""
    file_path: str = ""
    reviewed_on: date | None = None
    description: str = ""


def search_words(kind: str, format_: str, topics: Iterable[str], audiences: Iterable[str], language: str) -> str:
    codes = dict.fromkeys([kind, format_, *topics, *audiences])
    words = [f"{code.replace('_', ' ')} {_MORE_WORDS.get(code, '')}".strip() for code in codes if code]
    return " ".join([*words, LANGUAGE_NAMES.get(language, language)])


def clean_item(form: LibraryItemForm, today: date) -> dict[str, Any]:
    p = v.Problems()
    kind = p.check("kind", v.code, form.kind, LibraryKind, required=True)
    format_ = p.check("format", v.code, form.format, LibraryFormat, required=True)
    topics = _codes(p, "topics", form.topics, LibraryTopic, "Choose at least one topic.")
    audiences = _codes(p, "audiences", form.audiences, LibraryAudience, "Choose at least one audience.")
    language = (form.language or "").strip().lower()
    if not language:
        p.add("language", "Required: choose one.")
    elif language not in _LANGUAGE_CODES:
        p.add("language", f"Unknown language code {form.language!r}.")
    link = p.check("link", v.web_link, form.link)
    file_path = p.check("file_path", v.text, form.file_path, max_length=1000) or None
    if not link and not file_path and "link" not in p.errors and "file_path" not in p.errors:
        p.add("link", "Give a link or a file path: a specialist needs something to send.")
    if form.reviewed_on is not None and form.reviewed_on > today:
        p.add("reviewed_on", "This date is in the future.")
    columns = {
        "title": p.check("title", v.text, form.title, max_length=300, required=True),
        "description": p.check("description", v.text, form.description, max_length=4000, multiline=True) or "",
        "kind": kind, "format": format_, "topics": " ".join(topics), "audiences": " ".join(audiences),
        "language": language, "link": link, "file_path": file_path, "reviewed_on": form.reviewed_on,
    }
    p.raise_if_any()
    columns["search_words"] = search_words(kind, format_, topics, audiences, language)
    return columns


def _codes(p: v.Problems, name: str, values: Sequence[str], vocabulary: type[StrEnum], missing: str) -> list[str]:
    codes = [p.check(name, v.code, value, vocabulary) for value in values]
    kept = [code for code in dict.fromkeys(codes) if code]
    if not kept and name not in p.errors:
        p.add(name, missing)
    order = list(vocabulary)
    return sorted(kept, key=order.index)  # vocabulary order, whatever order they were ticked in


def clean_send(p: v.Problems, at: str, material: MaterialInput) -> dict[str, Any]:
    """One send's columns; problems under ``at`` (``materials.0.``)."""
    return {
        "id": material.id,
        "item_id": material.item_id,
        "item_title": p.check(at + "title", v.text, material.title, max_length=300),  # blank: the item's
        "method": p.check(at + "method", v.code, material.method, SendMethod, required=True),
        "recipient": p.check(at + "recipient", v.text, material.recipient, max_length=200) or None,
    }


def clean_sends(p: v.Problems, materials: Sequence[MaterialInput]) -> list[dict[str, Any]]:
    if len(materials) > MAX_SENDS:
        p.add("materials", f"At most {MAX_SENDS} library materials on one contact.")
        return []
    return [clean_send(p, f"materials.{i}.", material) for i, material in enumerate(materials)]


def default_method(format_: str) -> str:
    """How an item of this format is usually sent: print by post, the rest by email."""
    return SendMethod.POST.value if format_ == LibraryFormat.PRINT else SendMethod.EMAIL.value
