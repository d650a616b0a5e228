"""The console's settings, built once in the composition root and passed down.

Layers, lowest to highest: built-in defaults < the site file (machine-wide,
written by IT) < the user file < ``HOTLINE_*`` environment variables <
command-line flags. Both files share one TOML format, read and checked by
``console.config_file``; docs/settings.md describes every key. A setting the
console cannot use raises ``SettingsError`` naming the file, line and key:
the console never starts half-configured.
"""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import platformdirs

from console.config_file import Layer, mapping_layer, read_layer
from console.db import DatabaseTarget
from console.errors import SettingsError
from console.hours import HoursPolicy, HoursSettings
from console.services.supervision import HealthThresholds

APP_NAME = "HotlineConsole"
DEFAULT_DB_FILE = "hotline.sqlite3"
DEMO_DB_FILE = "demo.sqlite3"
SETTINGS_FILE = "settings.toml"
LINUX_SITE_FILE = Path("/etc/hotline-console") / SETTINGS_FILE

# The environment variables that carry a file key; HOTLINE_USER and
# HOTLINE_USER_NAME (the desk's user until sign-in exists) are read directly.
ENVIRONMENT = {
    "HOTLINE_DATA_DIR": "database.data_dir", "HOTLINE_DB_URL": "database.url", "HOTLINE_LOG_DIR": "logging.folder",
    "HOTLINE_AUDIT_KEY_FILE": "audit.key_file", "HOTLINE_FIELD_KEY_FILE": "security.field_key_file",
}
_FIELDS = {  # file key -> Settings field, for the keys carried as they are
    "directory.stale_after_months": "directory_stale_after_months",
    "lock.idle_minutes": "lock_idle_minutes",
    "lock.warning_seconds": "lock_warning_seconds",
    "security.max_failed_sign_ins": "max_failed_sign_ins",
    "security.lockout_minutes": "lockout_minutes",
    "security.min_password_length": "min_password_length",
    "security.closed_edit_minutes": "closed_edit_minutes",
    "security.encrypt_database": "encrypt_database",
    "security.encrypt_fields": "encrypt_fields",
}
_HOURS_FIELDS = {"hours.overdue_grace_minutes": "overdue_grace"}  # where the HoursSettings field differs
_HOLIDAY_KEYS = ("hours.holiday_country", "hours.holiday_subdivision", "hours.holiday_categories",
                 "hours.observed_holidays")


@dataclass(frozen=True, slots=True)
class Settings:
    data_dir: Path
    database: DatabaseTarget
    demo: bool
    username: str
    display_name: str
    hours: HoursSettings = field(default_factory=HoursSettings)
    queue_health: HealthThresholds = field(default_factory=HealthThresholds)
    directory_stale_after_months: int = 12  # directory entries not verified for this long are flagged
    lock_idle_minutes: int = 10  # the window locks after this long without a key or a click
    lock_warning_seconds: int = 30  # a countdown shows this long before the lock; any key dismisses it
    max_failed_sign_ins: int = 6  # wrong passwords in a row that lock the account...
    lockout_minutes: int = 30  # ...for this long
    min_password_length: int = 12
    closed_edit_minutes: int = 60  # a specialist may still edit a contact they closed for this long
    encrypt_database: bool = False  # a plain embedded database is refused (console.encryption.command)
    files: tuple[Path, ...] = ()  # the settings files read, lowest layer first
    log_dir: Path | None = None  # None: the platform's log folder (``console.logs``)
    audit_key_file: Path | None = None  # None: <data_dir>/audit.key for SQLite; required for PostgreSQL
    # PostgreSQL only: seal callers' details with the field key (console.field_crypto); true requires the file.
    encrypt_fields: bool = False
    field_key_file: Path | None = None

    @property
    def directory_stale_after_days(self) -> int:
        """``stale_after_months`` in days (a month is 30.44 days: 12 months = 365)."""
        return round(self.directory_stale_after_months * 30.44)


def site_file(env: Mapping[str, str]) -> Path:
    """Where the machine-wide file is looked for (``HOTLINE_SITE_CONFIG`` moves it)."""
    if env.get("HOTLINE_SITE_CONFIG"):
        return Path(env["HOTLINE_SITE_CONFIG"]).expanduser()
    if sys.platform.startswith("linux"):
        return LINUX_SITE_FILE
    return platformdirs.site_config_path(APP_NAME, appauthor=False) / SETTINGS_FILE


def user_file(env: Mapping[str, str]) -> Path:
    """Where this user's file is looked for (``HOTLINE_USER_CONFIG`` moves it)."""
    if env.get("HOTLINE_USER_CONFIG"):
        return Path(env["HOTLINE_USER_CONFIG"]).expanduser()
    return platformdirs.user_config_path(APP_NAME, appauthor=False) / SETTINGS_FILE


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers)
        return "desk"


def _file_layers(config: str | Path | None, env: Mapping[str, str]) -> list[Layer]:
    site = Path(config).expanduser() if config else site_file(env)
    places = (
        (site, bool(config or env.get("HOTLINE_SITE_CONFIG"))),
        (user_file(env), bool(env.get("HOTLINE_USER_CONFIG"))),
    )
    # A file someone named must exist; the default places may well be empty.
    return [read_layer(path) for path, named in places if named or path.exists()]


Merged = dict[str, tuple[int, Layer]]  # table.key -> (rank, the highest layer that sets it)


def _merge(layers: Iterable[Layer]) -> Merged:
    return {key: (rank, layer) for rank, layer in enumerate(layers) for key in layer.values}


def _value(merged: Merged, key: str) -> object:
    return merged[key][1].values[key]


def _given(merged: Merged, key: str) -> object:
    return _value(merged, key) if key in merged else None


def _blame(merged: Merged, keys: Iterable[str], problem: str) -> SettingsError:
    """The error at whichever of ``keys`` was set in the highest layer."""
    _rank, key = max((merged[key][0], key) for key in keys if key in merged)
    return merged[key][1].error(key, problem)


def _hours(merged: Merged) -> HoursSettings:
    fields = {_HOURS_FIELDS.get(key, key.removeprefix("hours.")): _value(merged, key)
              for key in merged if key.startswith("hours.")}
    hours = replace(HoursSettings(), **{k: v for k, v in fields.items() if k not in ("opens", "closes")})
    opens, closes = fields.get("opens", hours.opens), fields.get("closes", hours.closes)
    if not opens < closes:
        raise _blame(merged, ("hours.opens", "hours.closes"),
                     f"opens ({opens:%H:%M}) must be before closes ({closes:%H:%M}).")
    hours = replace(hours, opens=opens, closes=closes)
    if any(key in merged for key in _HOLIDAY_KEYS):  # checked only when named: the calendar takes ~0.15 s to load
        _check_holidays(merged, hours)
    return hours


def _check_holidays(merged: Merged, hours: HoursSettings) -> None:
    import holidays

    supported = holidays.list_supported_countries()
    country = hours.holiday_country
    if country and country not in supported:
        raise _blame(merged, ("hours.holiday_country",),
                     f'"{country}" is not a country the holiday calendar knows: use a code such as "US".')
    if hours.holiday_subdivision and hours.holiday_subdivision not in supported.get(country or "", ()):
        raise _blame(merged, ("hours.holiday_subdivision",),
                     f'"{hours.holiday_subdivision}" is not a subdivision of {country or "no country"} '
                     "in the holiday calendar (e.g. \"TX\" for Texas).")
    try:
        HoursPolicy(hours)
    except ValueError as exc:
        raise _blame(merged, _HOLIDAY_KEYS, str(exc)) from None


def _queue_health(merged: Merged) -> HealthThresholds:
    given = {key.removeprefix("queue_health."): _value(merged, key)
             for key in merged if key.startswith("queue_health.")}
    health = replace(HealthThresholds(), **given)
    if not health.amber_wait_minutes < health.red_wait_minutes:
        raise _blame(merged, ("queue_health.amber_wait_minutes", "queue_health.red_wait_minutes"),
                     "amber_wait_minutes must be less than red_wait_minutes.")
    return health


def build_settings(
    *,
    db_url: str | None = None,
    demo: bool = False,
    config: str | Path | None = None,
    env: Mapping[str, str] | None = None,
) -> Settings:
    """Defaults < site file (``config`` replaces it) < user file < environment < flags."""
    env = os.environ if env is None else env
    files = _file_layers(config, env)
    here = Path.cwd()
    variables = {key: (name, env[name]) for name, key in ENVIRONMENT.items() if env.get(name)}
    flags = {"database.url": ("--db", db_url)} if db_url else {}
    merged = _merge([*files, mapping_layer("environment", variables, here), mapping_layer("command line", flags, here)])

    data_dir = _given(merged, "database.data_dir") or platformdirs.user_data_path(APP_NAME, appauthor=False)
    target = _given(merged, "database.url")
    if target is None or (demo and "database.url" not in flags):  # --db wins over --demo; --demo over the rest
        target = DatabaseTarget.sqlite_file(data_dir / (DEMO_DB_FILE if demo else DEFAULT_DB_FILE))
    username = env.get("HOTLINE_USER") or _os_user()
    return Settings(
        data_dir,
        target,
        demo,
        username,
        env.get("HOTLINE_USER_NAME") or username,
        hours=_hours(merged),
        queue_health=_queue_health(merged),
        files=tuple(Path(layer.source) for layer in files),
        log_dir=_given(merged, "logging.folder"),
        audit_key_file=_given(merged, "audit.key_file"),
        field_key_file=_given(merged, "security.field_key_file"),
        **{name: _value(merged, key) for key, name in _FIELDS.items() if key in merged},
    )
