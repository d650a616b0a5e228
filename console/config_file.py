"""Settings files: one TOML format for the site file and the user file.

``read_layer`` parses one file with ``tomllib``, checks every key against
``KEYS`` (its name, type and value) and returns the converted values with the
line each was written on, so a problem names the file, the line and the key.
``mapping_layer`` does the same for values from the environment or flags.
Nothing here knows the layer order or the defaults: ``console.settings``
assembles the layers.
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from console.db import DatabaseTarget
from console.errors import SettingsError


class _Bad(ValueError):
    """A value a key cannot take; the message says what to write instead."""


Convert = Callable[[object, Path], object]  # (value as parsed, folder relative paths start from) -> setting


def _show(value: object) -> str:
    return json.dumps(value, default=str)


def _integer(low: int, high: int) -> Convert:
    def convert(value: object, _base: Path) -> int:
        if type(value) is not int:
            raise _Bad(f"{_show(value)} is not a whole number.")
        if not low <= value <= high:
            raise _Bad(f"{value} is out of range: choose {low} to {high}.")
        return value

    return convert


def _flag(value: object, _base: Path) -> bool:
    if type(value) is not bool:
        raise _Bad(f"{_show(value)} is not true or false (write them without quotes).")
    return value


def _text(value: object, _base: Path | None = None) -> str:
    if not isinstance(value, str):
        raise _Bad(f"{_show(value)} is not text: put it in double quotes.")
    return value.strip()


def _optional_text(value: object, base: Path) -> str | None:
    return _text(value, base) or None  # "" means none


def _words(value: object, base: Path) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise _Bad(f"{_show(value)} is not a list of words, e.g. [\"public\"].")
    return tuple(_text(item, base) for item in value)


def _zone(value: object, base: Path) -> str:
    name = _text(value, base)
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise _Bad(f"{_show(name)} is not a time zone: use an IANA name such as \"America/New_York\".") from None
    return name


_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")


def _clock(value: object, base: Path) -> time:
    if type(value) is time and value.tzinfo is None:  # a TOML local time, 09:00:00
        return value
    match = _CLOCK.fullmatch(_text(value, base)) if isinstance(value, str) else None
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise _Bad(f"{_show(value)} is not a time of day: write \"HH:MM\" on the 24-hour clock, e.g. \"21:00\".")
    return time(int(match[1]), int(match[2]))


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _weekday(value: object) -> int:
    if type(value) is int and 0 <= value <= 6:
        return value
    if isinstance(value, str) and len(value.strip()) >= 3:
        for number, name in enumerate(_WEEKDAYS):
            if name.startswith(value.strip().lower()):
                return number
    raise _Bad(f"{_show(value)} is not a weekday: use \"Mon\" to \"Sun\", or 0 (Monday) to 6 (Sunday).")


def _weekdays(value: object, _base: Path) -> tuple[int, ...]:
    if not isinstance(value, list) or not value:
        raise _Bad(f"{_show(value)} is not a list of weekdays, e.g. [\"Mon\", \"Tue\", \"Wed\", \"Thu\", \"Fri\"].")
    return tuple(sorted({_weekday(item) for item in value}))


def _day(value: object) -> date:
    if type(value) is date:  # a TOML local date, 2026-11-27
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _Bad(f"{_show(value)} is not a date: write 2026-11-27 (year-month-day).")


def _days(value: object, _base: Path) -> tuple[date, ...]:
    if not isinstance(value, list):
        raise _Bad(f"{_show(value)} is not a list of dates, e.g. [2026-11-27, 2026-12-24].")
    return tuple(sorted({_day(item) for item in value}))


def _minutes(value: object, base: Path) -> timedelta:
    return timedelta(minutes=_integer(0, 7 * 24 * 60)(value, base))


def _path(value: object, base: Path) -> Path | None:
    text = _text(value, base)
    if not text:
        return None  # "" means the default place
    path = Path(text).expanduser()
    return path if path.is_absolute() else base / path


def _database(value: object, base: Path) -> DatabaseTarget | None:
    text = _text(value, base)
    if not text:
        return None  # "" means the embedded database
    try:
        make_url(text)
    except ArgumentError:  # a bare path: relative to the file that names it
        text = str(_path(text, base))
    target = DatabaseTarget.parse(text)
    if target.url.get_backend_name() not in ("sqlite", "postgresql"):
        raise _Bad(f"{target.describe()} is not a database this console can use: "
                   "give a SQLite file path or a postgresql:// URL.")
    return target


# Every key a settings file may hold, as ``table.key``. docs/settings.md
# describes each one; a test keeps the two in step.
KEYS: dict[str, Convert] = {
    "database.url": _database,
    "database.data_dir": _path,
    "hours.time_zone": _zone,
    "hours.time_zone_label": _optional_text,
    "hours.opens": _clock,
    "hours.closes": _clock,
    "hours.business_days": _weekdays,
    "hours.holiday_country": _optional_text,
    "hours.holiday_subdivision": _optional_text,
    "hours.holiday_categories": _words,
    "hours.observed_holidays": _flag,
    "hours.site_closures": _days,
    "hours.follow_up_business_days": _integer(1, 60),
    "hours.overdue_grace_minutes": _minutes,
    "queue_health.amber_wait_minutes": _integer(1, 24 * 60),
    "queue_health.red_wait_minutes": _integer(1, 24 * 60),
    "queue_health.crisis_red_wait_minutes": _integer(1, 24 * 60),
    "logging.folder": _path,
    "directory.stale_after_months": _integer(1, 120),
    "audit.key_file": _path,
    "lock.idle_minutes": _integer(1, 24 * 60),
    "lock.warning_seconds": _integer(5, 600),
    "security.max_failed_sign_ins": _integer(3, 20),
    "security.lockout_minutes": _integer(1, 24 * 60),
    "security.min_password_length": _integer(8, 64),
    "security.closed_edit_minutes": _integer(0, 7 * 24 * 60),
    "security.encrypt_database": _flag,
    "security.encrypt_fields": _flag,
    "security.field_key_file": _path,
}
TABLES = tuple(dict.fromkeys(key.split(".")[0] for key in KEYS))


@dataclass(frozen=True, slots=True)
class Layer:
    """The settings one source gives: converted values by ``table.key``."""

    source: str  # a file's path, "environment" or "command line"
    values: Mapping[str, object]
    lines: Mapping[str, int] = field(default_factory=dict)  # table.key -> line in the file
    names: Mapping[str, str] = field(default_factory=dict)  # table.key -> how this source spells it

    def error(self, key: str, problem: str) -> SettingsError:
        return SettingsError(self.source, problem, line=line_of(self.lines, key), key=self.names.get(key, key))


# -- where a key is written: [table] headers and `key =` lines --------------------

_HEADER = re.compile(r"\s*\[\s*([^\[\]#]+?)\s*\]\s*(?:#.*)?")
_ASSIGN = re.compile(r"\s*([\w\-.\"' ]+?)\s*=")


def _dotted(text: str) -> str:
    return ".".join(part.strip().strip("\"'") for part in text.split("."))


def key_lines(text: str) -> dict[str, int]:
    """The line (from 1) of every table header and key, as ``table.key``."""
    found: dict[str, int] = {}
    table = ""
    for number, line in enumerate(text.splitlines(), 1):
        if header := _HEADER.fullmatch(line):
            table = _dotted(header[1])
            found.setdefault(table, number)
        elif assign := _ASSIGN.match(line):
            key = _dotted(assign[1])
            found.setdefault(f"{table}.{key}" if table else key, number)
    return found


def line_of(lines: Mapping[str, int], key: str) -> int | None:
    """The key's own line, else its table's (e.g. for an inline table)."""
    parts = key.split(".")
    for end in range(len(parts), 0, -1):
        if (line := lines.get(".".join(parts[:end]))) is not None:
            return line
    return None


# -- reading ------------------------------------------------------------------------


def _unknown(name: str, known: tuple[str, ...] | list[str], what: str) -> str:
    close = difflib.get_close_matches(name.split(".")[-1], [k.split(".")[-1] for k in known], n=1)
    return f"unknown {what}" + (f"; did you mean {close[0]!r}?" if close else f"; known: {', '.join(known)}.")


def _parse(path: Path) -> tuple[dict, str]:
    source = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SettingsError(source, "the file does not exist.") from None
    except OSError as exc:
        raise SettingsError(source, f"the file cannot be read ({exc.strerror or exc}).") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise SettingsError(source, "this is not a settings file (not UTF-8 text).", line=line) from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        at = re.search(r"\(at line (\d+), column \d+\)$", message)
        line = int(at[1]) if at else max(1, len(text.splitlines()))
        problem = re.sub(r"\s*\(at [^)]*\)$", "", message)
        hint = 'text, times and dates as text go in double quotes, e.g. opens = "09:00"'
        raise SettingsError(source, f"this is not valid TOML ({problem}); {hint}.", line=line) from None


def read_layer(path: Path) -> Layer:
    """Parse and check one settings file; raise ``SettingsError`` at the first problem."""
    data, text = _parse(path)
    layer = Layer(str(path), {}, key_lines(text))
    values: dict[str, object] = {}
    for table, body in data.items():
        if table not in TABLES or not isinstance(body, dict):
            raise layer.error(table, _unknown(table, TABLES, "table" if isinstance(body, dict) else "key"))
        for name, value in body.items():
            key = f"{table}.{name}"
            if key not in KEYS:
                raise layer.error(key, _unknown(key, [k for k in KEYS if k.startswith(table + ".")], "key"))
            try:
                values[key] = KEYS[key](value, path.parent)
            except _Bad as bad:
                raise layer.error(key, str(bad)) from None
    return Layer(layer.source, values, layer.lines)


def mapping_layer(source: str, raw: Mapping[str, tuple[str, object]], base: Path) -> Layer:
    """A layer from plain values (environment, flags): ``{table.key: (name, value)}``."""
    names = {key: name for key, (name, _value) in raw.items()}
    layer = Layer(source, {}, names=names)
    values: dict[str, object] = {}
    for key, (_name, value) in raw.items():
        try:
            values[key] = KEYS[key](value, base)
        except _Bad as bad:
            raise layer.error(key, str(bad)) from None
    return Layer(source, values, names=names)
