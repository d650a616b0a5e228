"""U.S. ZIP codes as places: their centroid, their time zone, and distances.

The ``zipcodes`` package's table (~42,000 ZIPs) takes ~0.6 s to load, so it
is read on first use, never at import: a desk loads it in the background
(``warm_up``, called by ``console.validation.warm_up``) or on the worker the
first time a search is near a ZIP. One lock makes the first load happen once
even when two threads ask at the same moment.

Distances are great-circle distances on a sphere of the Earth's mean radius
(haversine); between two U.S. places that is within 0.5 % of the
ellipsoidal distance, well inside what "within 25 miles" means.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

EARTH_RADIUS_MILES = 3958.8


@dataclass(frozen=True, slots=True)
class ZipPlace:
    zip_code: str
    city: str
    state: str
    latitude: float | None  # None: the package knows the ZIP but not where it is
    longitude: float | None
    time_zone: str | None  # IANA name ("America/Chicago"), None when unknown


_lock = threading.Lock()
_table: dict[str, ZipPlace] | None = None


def _load() -> dict[str, ZipPlace]:
    global _table
    with _lock:
        if _table is None:
            import zipcodes  # ~0.6 s the first time

            _table = {
                z["zip_code"]: ZipPlace(
                    z["zip_code"], z["city"], z["state"], _number(z["lat"]), _number(z["long"]),
                    z["timezone"] if "/" in (z["timezone"] or "") else None,  # a few entries hold a town's name
                )
                for z in zipcodes.list_all()
            }
    return _table


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None


def zip_place(zip_code: str | None) -> ZipPlace | None:
    """The place of a 5-digit ZIP (a ZIP+4 or "77002-1234" is cut to its five), or None."""
    five = (zip_code or "").strip()[:5]
    if len(five) != 5 or not five.isdigit():
        return None
    return (_table if _table is not None else _load()).get(five)


def warm_up() -> None:
    """Load the ZIP table now (in the background) so the first search near a ZIP does not wait."""
    _load()


def distance_miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True, slots=True)
class Box:
    """Latitude and longitude bounds holding every point within a distance of a centre."""

    min_lat: float
    max_lat: float
    min_lon: float
    max_lon: float


def bounding_box(lat: float, lon: float, miles: float) -> Box:
    """The smallest box of parallels and meridians around the circle (exact on
    the sphere, so nothing inside the radius falls outside it). Near a pole or
    across the antimeridian it spans every longitude: rare, and still right,
    since the exact distance decides afterwards."""
    angle = miles / EARTH_RADIUS_MILES  # radians
    dlat = math.degrees(angle)
    min_lat, max_lat = lat - dlat, lat + dlat
    if min_lat <= -90 or max_lat >= 90:
        return Box(max(min_lat, -90.0), min(max_lat, 90.0), -180.0, 180.0)
    dlon = math.degrees(math.asin(min(1.0, math.sin(angle) / math.cos(math.radians(lat)))))
    min_lon, max_lon = lon - dlon, lon + dlon
    if min_lon < -180 or max_lon > 180:
        return Box(min_lat, max_lat, -180.0, 180.0)
    return Box(min_lat, max_lat, min_lon, max_lon)
