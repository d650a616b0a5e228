"""Layered settings: defaults < site file < user file < HOTLINE_* < flags.

Every file here lives in tmp_path and is named through HOTLINE_SITE_CONFIG /
HOTLINE_USER_CONFIG (or ``config=``), so no test reads this machine's /etc or
home folder.
"""

from __future__ import annotations

import dataclasses
import os
import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from console.config_file import KEYS, TABLES, key_lines
from console.db import DatabaseTarget
from console.errors import SettingsError
from console.hours import HoursSettings
from console.models import utcnow
from console.services.intake import IntakeService
from console.services.supervision import Health, HealthThresholds, SupervisionService
from console.settings import LINUX_SITE_FILE, build_settings, site_file, user_file
from console.vocabulary import ContactStatus
from tests.factories import SHELTER_REFERRAL, make_contact

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "resources" / "settings.example.toml"
DOCS = ROOT / "docs" / "settings.md"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def load(site: Path | None = None, user: Path | None = None, **options):
    """``build_settings`` with only the given files and ``env`` entries (all in tmp_path)."""
    env = {"HOTLINE_SITE_CONFIG": str(site or os.devnull), "HOTLINE_USER_CONFIG": str(user or os.devnull),
           "HOTLINE_USER": "dana", **options.pop("env", {})}
    return build_settings(env=env, **options)


def problem(path: Path, text: str, **options) -> SettingsError:
    write(path, text)
    with pytest.raises(SettingsError) as caught:
        load(site=path, **options)
    return caught.value


# -- layers ---------------------------------------------------------------------


def test_no_files_give_the_built_in_defaults(tmp_path):
    settings = load(env={"HOTLINE_DATA_DIR": str(tmp_path)})
    assert settings.hours == HoursSettings() and settings.queue_health == HealthThresholds()
    assert settings.database == DatabaseTarget.sqlite_file(tmp_path / "hotline.sqlite3")
    assert (settings.directory_stale_after_months, settings.lock_idle_minutes, settings.encrypt_database) == (
        12, 10, False)


def test_the_default_places_of_the_files():
    assert user_file({}).name == "settings.toml" and user_file({}).parent.name == "HotlineConsole"
    if os.name == "posix" and os.uname().sysname == "Linux":
        assert site_file({}) == LINUX_SITE_FILE == Path("/etc/hotline-console/settings.toml")
    assert site_file({"HOTLINE_SITE_CONFIG": "/x/site.toml"}) == Path("/x/site.toml")
    assert user_file({"HOTLINE_USER_CONFIG": "/x/me.toml"}) == Path("/x/me.toml")


@pytest.fixture
def layered(tmp_path):
    """A site file and a user file that disagree, and the folders they name."""
    site = write(tmp_path / "site.toml", '[database]\nurl = "/srv/site.sqlite3"\ndata_dir = "/srv/data"\n'
                 '[hours]\nopens = "08:00"\n[queue_health]\namber_wait_minutes = 3\n')
    user = write(tmp_path / "user.toml", '[database]\nurl = "/home/me/user.sqlite3"\n'
                 '[queue_health]\namber_wait_minutes = 4\n')
    return site, user


def test_the_site_file_overrides_the_defaults(layered):
    site, _user = layered
    settings = load(site=site)
    assert settings.database.sqlite_path == Path("/srv/site.sqlite3") and settings.data_dir == Path("/srv/data")
    assert settings.hours.opens == time(8) and settings.hours.closes == time(21)  # the rest stays default
    assert settings.queue_health == HealthThresholds(amber_wait_minutes=3)
    assert settings.files == (site, Path(os.devnull))


def test_the_user_file_overrides_the_site_file_key_by_key(layered):
    site, user = layered
    settings = load(site=site, user=user)
    assert settings.database.sqlite_path == Path("/home/me/user.sqlite3")
    assert settings.queue_health.amber_wait_minutes == 4
    assert settings.hours.opens == time(8) and settings.data_dir == Path("/srv/data")  # not in the user file


def test_the_environment_overrides_both_files(layered, tmp_path):
    site, user = layered
    env = {"HOTLINE_DB_URL": "postgresql://desk@db.example/hotline", "HOTLINE_DATA_DIR": str(tmp_path / "mine")}
    settings = load(site=site, user=user, env=env)
    assert settings.database.describe() == "postgresql+psycopg://desk@db.example/hotline"
    assert settings.data_dir == tmp_path / "mine"
    assert settings.queue_health.amber_wait_minutes == 4  # no variable for it: the user file still counts


def test_the_command_line_overrides_everything(layered, tmp_path):
    site, user = layered
    settings = load(site=site, user=user, env={"HOTLINE_DB_URL": "postgresql://desk@db/h"},
                    db_url=str(tmp_path / "flag.sqlite3"))
    assert settings.database.sqlite_path == tmp_path / "flag.sqlite3"


def test_config_replaces_the_site_file(layered, tmp_path):
    site, user = layered
    other = write(tmp_path / "other.toml", '[hours]\ncloses = "17:00"\n')
    settings = load(site=write(site, "not even TOML ["), user=user, config=other)  # the broken site file is not read
    assert settings.hours.closes == time(17) and settings.files == (other, user)


def test_demo_uses_its_own_database_unless_db_is_given(layered, tmp_path):
    site, _user = layered
    assert load(site=site, demo=True).database.sqlite_path == Path("/srv/data/demo.sqlite3")
    flagged = load(site=site, demo=True, db_url=str(tmp_path / "x.sqlite3"))
    assert flagged.database.sqlite_path == tmp_path / "x.sqlite3"


def test_relative_paths_in_a_file_start_from_its_folder(tmp_path):
    (tmp_path / "etc").mkdir()
    site = write(tmp_path / "etc" / "site.toml", '[database]\nurl = "db/desk.sqlite3"\ndata_dir = "~/hotline"\n')
    settings = load(site=site)
    assert settings.database.sqlite_path == tmp_path / "etc" / "db" / "desk.sqlite3"
    assert settings.data_dir == Path("~/hotline").expanduser()


def test_empty_text_means_the_default_place(tmp_path):
    site = write(tmp_path / "site.toml", '[database]\nurl = ""\ndata_dir = ""\n')
    settings = load(site=site, env={"HOTLINE_DATA_DIR": str(tmp_path)})
    assert settings.database.sqlite_path == tmp_path / "hotline.sqlite3"


def test_every_hours_and_reserved_key_is_carried(tmp_path):
    site = write(tmp_path / "site.toml", """
[hours]
time_zone = "America/Chicago"
time_zone_label = "Central"
opens = 07:30:00
closes = "18:00"
business_days = ["mon", "Tuesday", 2, "Thu"]
holiday_country = "US"
holiday_subdivision = "TX"
holiday_categories = ["public", "government"]
observed_holidays = false
site_closures = [2026-12-24, "2026-11-27"]
follow_up_business_days = 3
overdue_grace_minutes = 90
[directory]
stale_after_months = 6
[lock]
idle_minutes = 5
[security]
encrypt_database = true
""")
    settings = load(site=site)
    assert settings.hours == HoursSettings(
        time_zone="America/Chicago", time_zone_label="Central", opens=time(7, 30), closes=time(18),
        business_days=(0, 1, 2, 3), holiday_subdivision="TX", holiday_categories=("public", "government"),
        observed_holidays=False, site_closures=(date(2026, 11, 27), date(2026, 12, 24)),
        follow_up_business_days=3, overdue_grace=timedelta(minutes=90),
    )
    assert (settings.directory_stale_after_months, settings.lock_idle_minutes, settings.encrypt_database) == (
        6, 5, True)


# -- problems: file, line and key -----------------------------------------------

HEADER = "# site settings\n\n"  # the key under test sits on line 4


@pytest.mark.parametrize(
    ("text", "key", "phrase"),
    [
        ('[hours]\nopen = "09:00"\n', "hours.open", "did you mean 'opens'"),
        ('[hourz]\nopens = "09:00"\n', "hourz", "unknown table"),
        ('[hours]\nfollow_up_business_days = "five"\n', "hours.follow_up_business_days", "not a whole number"),
        ('[hours]\ntime_zone = "Mars/Olympus"\n', "hours.time_zone", '"Mars/Olympus" is not a time zone'),
        ('[hours]\nopens = "25:00"\n', "hours.opens", '"25:00" is not a time of day'),
        ("[hours]\nbusiness_days = [9]\n", "hours.business_days", "9 is not a weekday"),
        ("[hours]\nbusiness_days = []\n", "hours.business_days", "not a list of weekdays"),
        ('[hours]\nsite_closures = ["soon"]\n', "hours.site_closures", '"soon" is not a date'),
        ("[hours]\noverdue_grace_minutes = -5\n", "hours.overdue_grace_minutes", "out of range"),
        ('[hours]\nopens = "22:00"\n', "hours.opens", "must be before closes"),
        ('[hours]\nholiday_country = "XX"\n', "hours.holiday_country", '"XX" is not a country'),
        ('[hours]\nholiday_subdivision = "ZZ"\n', "hours.holiday_subdivision", '"ZZ" is not a subdivision of US'),
        ('[hours]\nholiday_categories = ["nope"]\n', "hours.holiday_categories", "nope"),
        ("[queue_health]\namber_wait_minutes = true\n", "queue_health.amber_wait_minutes", "not a whole number"),
        ("[queue_health]\namber_wait_minutes = 20\n", "queue_health.amber_wait_minutes", "less than red"),
        ('[database]\nurl = "mysql://desk:s3cret@host/db"\n', "database.url", "not a database this console can use"),
        ("[directory]\nstale_after_months = 0\n", "directory.stale_after_months", "out of range"),
        ('[security]\nencrypt_database = "yes"\n', "security.encrypt_database", "not true or false"),
        ("[lock]\nidle_minutes = 2.5\n", "lock.idle_minutes", "not a whole number"),
        ('hours = {opens = "9am"}\n\n', "hours.opens", "not a time of day"),  # an inline table: its line
    ],
)
def test_a_bad_key_or_value_names_the_file_the_line_and_the_key(tmp_path, text, key, phrase):
    path = tmp_path / "site.toml"
    error = problem(path, HEADER + text)
    line = 3 if key == "hourz" or text.startswith("hours =") else 4  # a table's or an inline table's own line
    assert (error.source, error.line, error.key) == (str(path), line, key)
    assert f"{path}, line {line}, key {key}: " in str(error) and phrase in str(error)
    assert "s3cret" not in str(error)  # a database password is never repeated


@pytest.mark.parametrize(
    ("content", "line", "phrase"),
    [
        (b'# site\n[hours]\nopens = 09:00\n', 3, "not valid TOML"),  # TOML times need seconds: quote it
        (b"[hours\n", 1, "not valid TOML"),
        (b"<settings><hours/></settings>\n", 1, "not valid TOML"),
        (b"[hours]\nopens = \xff\xfe\n", 2, "not a settings file"),
    ],
)
def test_a_file_that_is_not_toml_names_the_file_and_the_line(tmp_path, content, line, phrase):
    path = tmp_path / "site.toml"
    path.write_bytes(content)
    with pytest.raises(SettingsError) as caught:
        load(site=path)
    assert (caught.value.line, caught.value.key) == (line, None)
    assert f"{path}, line {line}: " in str(caught.value) and phrase in str(caught.value)


def test_a_file_that_was_named_must_exist(tmp_path):
    with pytest.raises(SettingsError, match="does not exist"):
        load(user=tmp_path / "missing.toml")
    with pytest.raises(SettingsError, match="does not exist"):
        load(config=tmp_path / "missing.toml")


def test_a_conflict_across_files_is_blamed_on_the_higher_one(tmp_path):
    site = write(tmp_path / "site.toml", '[hours]\nopens = "10:00"\n')
    user = write(tmp_path / "user.toml", '[hours]\n\ncloses = "09:30"\n')
    with pytest.raises(SettingsError) as caught:
        load(site=site, user=user)
    assert (caught.value.source, caught.value.line, caught.value.key) == (str(user), 3, "hours.closes")


def test_a_bad_environment_variable_is_named(tmp_path):
    with pytest.raises(SettingsError) as caught:
        load(env={"HOTLINE_DB_URL": "mysql://desk:s3cret@host/db"})
    assert (caught.value.source, caught.value.key) == ("environment", "HOTLINE_DB_URL")
    assert "s3cret" not in str(caught.value)


def test_key_lines_reads_headers_dotted_and_quoted_keys():
    text = '# c\n[database]\nurl = "x"  # note\n\n[ hours ]\n"opens" = "09:00"\nqueue_health.amber = 1\n'
    lines = key_lines(text)
    assert lines["database"] == 2 and lines["database.url"] == 3
    assert lines["hours"] == 5 and lines["hours.opens"] == 6 and lines["hours.queue_health.amber"] == 7


# -- the settings act --------------------------------------------------------------

SATURDAY_NIGHT = datetime(2026, 11, 29, 2, 30, tzinfo=UTC)  # Sat 28 Nov, 9:30 pm ET


def test_a_site_file_with_other_hours_changes_routing(tmp_path, db, specialist):
    site = write(tmp_path / "site.toml",
                 '[hours]\nbusiness_days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]\ncloses = "23:00"\n')
    form = dataclasses.replace(SHELTER_REFERRAL, urgent=False, victims=())

    def save(settings):
        return IntakeService(db, clock=lambda: SATURDAY_NIGHT, hours_settings=settings.hours).save(form, specialist.id)

    assert save(load()).status is ContactStatus.MESSAGE  # the national hours: closed on Saturday night
    assert save(load(site=site)).status is ContactStatus.IN_PROGRESS  # this site is open until 11 pm


def test_a_site_file_with_tighter_thresholds_changes_queue_health(tmp_path, db):
    make_contact(db, priority="urgent", received_at=utcnow() - timedelta(minutes=3))
    site = write(tmp_path / "site.toml", "[queue_health]\namber_wait_minutes = 2\nred_wait_minutes = 10\n")
    assert SupervisionService(db, load().queue_health).overview().health is Health.GREEN
    assert SupervisionService(db, load(site=site).queue_health).overview().health is Health.AMBER


# -- the example and the documentation cannot drift ---------------------------------


def test_the_shipped_example_lists_every_key_with_its_default(tmp_path):
    keys = set(key_lines(EXAMPLE.read_text(encoding="utf-8"))) - set(TABLES)
    assert keys == set(KEYS)
    env = {"HOTLINE_DATA_DIR": str(tmp_path)}
    assert dataclasses.replace(load(config=EXAMPLE, env=env), files=()) == dataclasses.replace(load(env=env), files=())


def test_the_documentation_describes_every_key_and_shows_the_example():
    docs = DOCS.read_text(encoding="utf-8")
    sections = dict(re.findall(r"^### `\[(\w+)\]`\n(.*?)(?=^##)", docs + "\n##", flags=re.MULTILINE | re.DOTALL))
    assert set(sections) == set(TABLES)
    for key in KEYS:
        table, name = key.split(".")
        assert f"| `{name}` |" in sections[table], f"docs/settings.md does not describe {key}"
    assert EXAMPLE.read_text(encoding="utf-8") in docs
