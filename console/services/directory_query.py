"""A directory query and its checks: what a desk may ask the directory.

``validated`` turns empty filters into None, refuses unknown codes, and finds
where "near" is: the centre of a ZIP code (``console.places``; the ZIP table
loads on first use, on the worker) or a given point. Every problem names its
field (``near_zip``, ``language``, ...) so the pane can say which one.
"""

from __future__ import annotations

from dataclasses import dataclass

from console.errors import ValidationError
from console.places import zip_place
from console.validation import FieldProblem, us_zip
from console.vocabulary import LANGUAGES, US_STATES, Population, ServiceCategory

MAX_LIMIT = 1000
MAX_MILES = 500
_CATEGORY_CODES = frozenset(ServiceCategory)
_POPULATION_CODES = frozenset(Population)
_STATE_CODES = frozenset(US_STATES)
_LANGUAGE_CODES = frozenset(LANGUAGES)


@dataclass(frozen=True, slots=True)
class DirectoryQuery:
    text: str = ""
    state: str | None = None
    category: str | None = None
    population: str | None = None
    limit: int = 100
    near_zip: str | None = None  # within ``miles`` of this ZIP's centre...
    near_point: tuple[float, float] | None = None  # ...or of this (latitude, longitude)
    miles: float = 25
    language: str | None = None  # a code of vocabulary.LANGUAGES
    open_now: bool = False  # open at this moment in the service's own time zone (hours known)
    open_24h: bool = False


def validated(query: DirectoryQuery) -> tuple[DirectoryQuery, tuple[float, float] | None]:
    """The query with empty filters as None, and the centre of its place (if any)."""
    state, category, population = query.state or None, query.category or None, query.population or None
    language = query.language or None
    errors: dict[str, str] = {}
    if state is not None and state not in _STATE_CODES:
        errors["state"] = f"{state!r} is not a US state or territory code; choose one from the list."
    if category is not None and category not in _CATEGORY_CODES:
        errors["category"] = f"{category!r} is not a directory category; choose one from the list."
    if population is not None and population not in _POPULATION_CODES:
        errors["population"] = f"{population!r} is not a population the directory knows; choose one from the list."
    if language is not None and language not in _LANGUAGE_CODES:
        errors["language"] = f"{language!r} is not a language the directory offers; choose one from the list."
    if not 1 <= query.limit <= MAX_LIMIT:
        errors["limit"] = f"Ask for 1 to {MAX_LIMIT} services at a time."
    centre = _centre(query, errors)
    if centre is not None and not 0 < query.miles <= MAX_MILES:
        errors["miles"] = f"Choose a distance of 1 to {MAX_MILES} miles."
    if errors:
        raise ValidationError(errors)
    near_zip = (query.near_zip or "").strip()[:5] or None
    return DirectoryQuery(query.text, state, category, population, query.limit, near_zip,
                          query.near_point if near_zip is None else None, query.miles, language,
                          bool(query.open_now), bool(query.open_24h)), centre


def _centre(query: DirectoryQuery, errors: dict[str, str]) -> tuple[float, float] | None:
    """Where "near" is: the ZIP's centre, or the point; errors name the field."""
    text = (query.near_zip or "").strip()
    if text and query.near_point is not None:
        errors["near_zip"] = "Search near a ZIP code or near a point, not both."
        return None
    if text:
        try:
            five = us_zip(text)
        except FieldProblem as problem:
            errors["near_zip"] = str(problem)
            return None
        place = zip_place(five)
        if place is None or place.latitude is None or place.longitude is None:
            errors["near_zip"] = f"Where ZIP {five} lies is not known; try a neighbouring ZIP code."
            return None
        return place.latitude, place.longitude
    if query.near_point is not None:
        try:
            lat, lon = (float(v) for v in query.near_point)
        except (TypeError, ValueError):
            lat = lon = float("nan")
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            errors["near_point"] = "A point is a latitude (-90 to 90) and a longitude (-180 to 180)."
            return None
        return lat, lon
    return None


def matched_filters(query: DirectoryQuery) -> tuple[str, ...]:
    """The filters a hit of this (validated) query met: all of those it sets."""
    given = {
        "near": query.near_zip is not None or query.near_point is not None, "state": query.state is not None,
        "category": query.category is not None, "population": query.population is not None,
        "language": query.language is not None, "open_now": query.open_now, "open_24h": query.open_24h,
    }
    return tuple(name for name, on in given.items() if on)
