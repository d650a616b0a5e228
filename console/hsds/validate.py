"""Checking one row of one table: text to typed values, or the reasons the
row is rejected (each naming its field).

A cell is trimmed; an empty cell is no value. A leading single quote that
this console's export put before ``= + - @`` (CSV-injection escaping) is
taken off again, so an export imports back unchanged. Text keeps what it
says (a name of ``=cmd|...`` is stored as such: it is only dangerous in a
spreadsheet, and the export escapes it again).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from datetime import date

from console.hsds.source import Limits
from console.hsds.spec import Column, TableSpec

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")  # OWASP: cells a spreadsheet may run as a formula
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_INT = re.compile(r"[+-]?\d{1,12}(\.0*)?")
_FLOAT = re.compile(r"[+-]?(\d{1,15}(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PHONE = re.compile(r"\+?(\d|\(\d)[0-9A-Za-z ().\-/]*")
_BOOLS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}
_ENUMS = {
    ("service", "status"): ("active", "inactive", "defunct", "temporarily closed"),
    ("location", "location_type"): ("physical", "postal", "virtual"),
    ("address", "address_type"): ("physical", "postal", "virtual"),
    ("schedule", "freq"): ("WEEKLY", "MONTHLY"),
    ("schedule", "wkst"): ("MO", "TU", "WE", "TH", "FR", "SA", "SU"),
}
_TIME = re.compile(r"\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{1,2}(:?\d{2})?)?")


def show(value: object, width: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= width else text[: width - 4] + "...'"


def plain(value: object) -> str | None:
    """A cell (CSV text or a JSON scalar) as trimmed text, or None if empty."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, (int, float)):
        text = repr(value)
    else:
        raise TypeError(type(value).__name__)
    if not text:
        return None
    if text[0] == "'" and len(text) > 1 and text[1] in TRIGGERS:
        text = text[1:]  # our export's escape, undone
    return text


def _int(text: str) -> int:
    if not _INT.fullmatch(text):
        raise ValueError(f"{show(text)} is not a whole number")
    return int(float(text)) if "." in text else int(text)


def _float(text: str) -> float:
    if not _FLOAT.fullmatch(text):
        raise ValueError(f"{show(text)} is not a number")
    return float(text)


def _date(text: str) -> str:
    """A valid date, kept as its ISO text (how the stage stores it)."""
    try:
        if _DATE.fullmatch(text):
            date.fromisoformat(text)
            return text
    except ValueError:
        pass
    raise ValueError(f"{show(text)} is not a date (YYYY-MM-DD)")


def _bool(text: str) -> bool:
    try:
        return _BOOLS[text.lower()]
    except KeyError:
        raise ValueError(f"{show(text)} is not true or false") from None


_KINDS: dict[str, Callable[[str], object]] = {"int": _int, "float": _float, "date": _date, "bool": _bool}


def _phone(text: str) -> str:
    digits = sum(ch.isdigit() for ch in text)
    if not _PHONE.fullmatch(text) or digits < 3 or sum(ch.isalnum() for ch in text) > 20:
        raise ValueError(f"{show(text)} is not a phone number (e.g. 211, (202) 555-0100, +1 202 555 0100)")
    return text


def _time(text: str) -> str:
    if not _TIME.fullmatch(text):
        raise ValueError(f"{show(text)} is not a time (HH:MM, HH:MM:SS, with an optional offset)")
    return text


def _extension(text: str) -> str:
    if not text.isdigit() or not text.isascii():
        raise ValueError(f"{show(text)} is not an extension (digits only)")
    return text


def _country(text: str) -> str:
    if len(text) != 2 or not text.isascii() or not text.isalpha():
        raise ValueError(f"{show(text)} is not a two-letter country code (ISO 3166-1, e.g. US)")
    return text.upper()


def _between(low: float, high: float) -> Callable[[object], object]:
    def check(value):
        if not (math.isfinite(value) and low <= value <= high):
            raise ValueError(f"{show(value)} is outside {low:g}..{high:g}")
        return value
    return check


def _one_of(table: str, name: str, allowed: tuple[str, ...]) -> Callable[[str], str]:
    def check(text: str) -> str:
        if text not in allowed:
            raise ValueError(f"{show(text)} is not a {table} {name.replace('_', ' ')} ({', '.join(allowed)})")
        return text
    return check


_SPECIAL: dict[tuple[str, str], Callable] = {
    ("phone", "number"): _phone,
    ("phone", "extension"): _extension,
    ("address", "country"): _country,
    ("location", "latitude"): _between(-90, 90),
    ("location", "longitude"): _between(-180, 180),
    ("service", "minimum_age"): _between(0, 130),
    ("service", "maximum_age"): _between(0, 130),
    ("organization", "year_incorporated"): _between(1500, 2100),
    ("schedule", "timezone"): _between(-12, 14),
    ("schedule", "opens_at"): _time,
    ("schedule", "closes_at"): _time,
    **{key: _one_of(*key, allowed) for key, allowed in _ENUMS.items()},
}


def _row_rules(table: str, values: dict) -> list[tuple[str, str]]:
    """Checks across fields of one row."""
    if table == "location" and (values.get("latitude") is None) != (values.get("longitude") is None):
        field = "longitude" if values.get("longitude") is None else "latitude"
        return [(field, "a location needs both latitude and longitude, or neither")]
    if table == "service":
        low, high = values.get("minimum_age"), values.get("maximum_age")
        if low is not None and high is not None and low > high:
            return [("maximum_age", f"{high} is below the minimum age {low}")]
    return []


class RowChecker:
    """Checks rows of one table given as cells in ``header`` order (any
    header: unknown columns are not looked at)."""

    def __init__(self, table: TableSpec, header: Sequence[str], limits: Limits):
        self.table = table
        required = set(table.required)
        position = {name: i for i, name in reversed(list(enumerate(header)))}
        self.columns: list[Column] = [c for c in table.columns if c.name in position]
        self._plan = [
            (position[c.name], c.name, _KINDS.get(c.kind), c.max_length, _SPECIAL.get((table.name, c.name)),
             c.name in required, c.kind == "bool")
            for c in self.columns
        ]
        self._max_chars = limits.max_field_chars
        self._indexes = [plan[0] for plan in self._plan]
        self._work = [  # the columns a clean CSV row still needs looked at
            (k, convert, special, max_length, required, boolean)
            for k, (_, _, convert, max_length, special, required, boolean) in enumerate(self._plan)
            if convert or special or max_length or required or boolean
        ]
        self._rules = table.name in ("location", "service")

    def check(self, cells: Sequence[object], text_only: bool = False) -> list[object]:
        """The typed values of ``columns``; RowRejected lists every bad field.
        ``text_only``: every cell is a string (a CSV row)."""
        if text_only:
            joined = "".join(cells)
            if len(joined) <= self._max_chars and "'" not in joined and _CONTROL.search(joined) is None:
                values = self._clean(cells)
                if values is not None:
                    return values
        return self._checked(cells, suspect=not text_only or len(joined) > self._max_chars
                             or _CONTROL.search(joined) is not None)

    def _clean(self, cells: Sequence[str]) -> list[object] | None:
        """A row with no long cell, no quote and no control character, the
        common case: its values, or None at the first doubt (``_checked``
        then says what is wrong)."""
        values: list[object] = [cells[i].strip() or None for i in self._indexes]
        try:
            for k, convert, special, max_length, required, boolean in self._work:
                value = values[k]
                if value is None:
                    if required:
                        return None
                    if boolean:
                        values[k] = False
                    continue
                if max_length is not None and len(value) > max_length:
                    return None
                if convert:
                    value = convert(value)
                values[k] = special(value) if special else value
        except ValueError:
            return None
        if self._rules and _row_rules(self.table.name, dict(zip((c.name for c in self.columns), values))):
            return None
        return values

    def _checked(self, cells: Sequence[object], suspect: bool) -> list[object]:
        values: list[object] = []
        bad: list[tuple[str, str]] = []
        for index, name, convert, max_length, special, required, boolean in self._plan:
            cell = cells[index]
            if cell.__class__ is str:
                text = cell.strip()
                if text[:1] == "'" and text[1:2] in TRIGGERS:
                    text = text[1:]  # our export's escape, undone
            else:
                try:
                    text = plain(cell) or ""
                except TypeError as exc:
                    bad.append((name, f"holds a {exc} where one value belongs"))
                    continue
            if not text:
                if required:
                    bad.append((name, "is missing; HSDS requires it"))
                values.append(False if boolean else None)  # an empty flag means "no"
            elif not (suspect or convert or special) and (max_length is None or len(text) <= max_length):
                values.append(text)  # plain text, the common case
            else:
                try:
                    values.append(self._value(text, convert, special, max_length, suspect))
                except ValueError as exc:
                    bad.append((name, str(exc)))
        if not bad and self._rules:
            bad = _row_rules(self.table.name, dict(zip((c.name for c in self.columns), values)))
        if bad:
            raise RowRejected(bad)
        return values

    def _value(self, text: str, convert, special, max_length: int | None, suspect: bool) -> object:
        if suspect and len(text) > self._max_chars:
            raise ValueError(f"is {len(text):,} characters long, over the {self._max_chars:,} limit")
        if suspect and _CONTROL.search(text):
            raise ValueError(f"{show(text)} contains control characters")
        value = convert(text) if convert else text
        if special:
            value = special(value)
        if max_length is not None and len(text) > max_length:
            raise ValueError(f"is {len(text):,} characters long; the console keeps at most {max_length}")
        return value


class RowRejected(Exception):
    def __init__(self, reasons: list[tuple[str | None, str]]):
        super().__init__("; ".join(f"{f}: {m}" for f, m in reasons))
        self.reasons = reasons
