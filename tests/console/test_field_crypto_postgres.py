"""Field encryption on a real PostgreSQL server (tests/pg.py): what reaches
the server is sealed, what the desk reads is intact, a wrong key or an
altered value is named, a returning caller is found by the phone hash, and
``db encrypt-fields`` seals old rows once.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import os
import subprocess
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from console.cli import build_parser, open_database, run_command
from console.db import Database
from console.errors import DatabaseProblem, SettingsError
from console.field_crypto.census import census, field_encryption_line
from console.field_crypto.cipher import FieldKey
from console.field_crypto.keys import make_field_key_file
from console.field_crypto.phones import contact_ids_with_phone
from console.models import FollowUpTask, utcnow
from console.schema import HEAD, alembic_config
from console.services.intake import IntakeService, ReferralInput
from console.services.queue import QueueService
from console.services.users import UserService
from console.settings import build_settings
from tests.factories import SHELTER_REFERRAL, add_service

pytestmark = pytest.mark.postgres

SECRETS = {
    "caller_name": "Quentin Marlowe",
    "caller_code_word": "bluebird-omega",
    "caller_safe_times": "Weekdays after 19:45 only",
    "caller_heard_about": "Flyer at Zephyr laundromat",
    "indicators": "Passport held by Vandermeer",
    "summary": "Xanthippe works at Zephyr motel, room 12, debt of 9,400.",
}
PHONE_DIGITS = "7135550142"


def plain_url(db: Database) -> str:
    return db.target.url.render_as_string(hide_password=False)


def site_file(tmp_path: Path, key_file: Path | None, encrypt: bool = True) -> Path:
    path = tmp_path / "site.toml"
    lines = ["[security]", f"encrypt_fields = {'true' if encrypt else 'false'}"]
    if key_file is not None:
        lines.append(f'field_key_file = "{key_file}"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def key_file(tmp_path) -> Path:
    return make_field_key_file(tmp_path / "field.key")


@pytest.fixture
def sealed_db(pg_db, key_file, tmp_path):
    """The same database as ``pg_db``, opened as a desk of a site that seals."""
    db = open_database(build_settings(config=site_file(tmp_path, key_file), db_url=plain_url(pg_db)))
    yield db
    db.dispose()


def save_secret_contact(db: Database, user_id: int) -> int:
    service_id = add_service(db, "Harbor House Shelter", "Harbor House")
    form = dataclasses.replace(
        SHELTER_REFERRAL, caller_anonymous=False, caller_safe_phone="713-555-0142", **SECRETS,
        referrals=(ReferralInput(service_id, "Harbor House Shelter", "Harbor House", note="Ask for Ysolde Brannigan"),),
    )
    return IntakeService(db).save(form, user_id).id


def dump(pg_server, db: Database) -> str:
    """What a backup of the server holds: ``pg_dump --data-only`` of the whole database."""
    url = db.target.url
    result = subprocess.run(
        [str(pg_server.bin_dir / "pg_dump"), "--data-only", "-h", url.host, "-p", str(url.port), "-U", url.username,
         url.database], capture_output=True, text=True, timeout=60, env={**os.environ, "PGPASSWORD": url.password},
        check=True)
    return result.stdout


def test_a_saved_contact_reaches_the_server_sealed_and_reads_back_intact(pg_server, pg_db, sealed_db):
    dana = UserService(sealed_db).ensure("dana", "Dana Reyes")
    contact_id = save_secret_contact(sealed_db, dana.id)

    with pg_db.engine.connect() as conn:  # plain SQL, no model types
        row = conn.execute(text("SELECT caller_name, caller_safe_phone, summary, caller_phone_hash FROM contacts "
                                "WHERE id = :id"), {"id": contact_id}).one()
    assert all(value.startswith("enc1:") for value in row[:3])
    assert len(row.caller_phone_hash) == 64
    everything = dump(pg_server, pg_db)
    assert "Harbor House" in everything  # the dump is real: the directory is in clear
    for secret in [*SECRETS.values(), "Ysolde", "5550142", "555-0142"]:
        assert secret not in everything, secret

    loaded = IntakeService(sealed_db).load(contact_id).form
    assert {name: getattr(loaded, name) for name in SECRETS} == SECRETS
    assert loaded.caller_safe_phone == "+17135550142"
    assert loaded.referrals[0].note == "Ask for Ysolde Brannigan"
    (item,) = QueueService(sealed_db).open_items()
    assert item.summary_preview.startswith("Xanthippe works at Zephyr motel")


def test_a_desk_without_the_key_or_with_another_is_refused_at_start(pg_db, sealed_db, tmp_path):
    save_secret_contact(sealed_db, UserService(sealed_db).ensure("dana").id)
    url = plain_url(pg_db)

    other = make_field_key_file(tmp_path / "other.key")
    with pytest.raises(SettingsError) as caught:
        open_database(build_settings(config=site_file(tmp_path, other), db_url=url))
    message = str(caught.value)
    assert str(other) in message and "not the one this database's callers' details are sealed with" in message
    assert sealed_db.field_key.key_id in message

    with pytest.raises(SettingsError, match="no field key file is set"):
        open_database(build_settings(config=site_file(tmp_path, None, encrypt=False), db_url=url))
    with pytest.raises(SettingsError, match="the field key file does not exist"):
        open_database(build_settings(config=site_file(tmp_path, tmp_path / "gone.key"), db_url=url))


def test_a_value_altered_in_the_database_is_an_error_not_garbage(pg_db, sealed_db):
    contact_id = save_secret_contact(sealed_db, UserService(sealed_db).ensure("dana").id)
    with pg_db.engine.begin() as conn:  # flip one character of the ciphertext, past the prefix and key id
        conn.execute(text("UPDATE contacts SET summary = overlay(summary placing "
                          "CASE WHEN substr(summary, 30, 1) = 'A' THEN 'B' ELSE 'A' END from 30 for 1) "
                          "WHERE id = :id"), {"id": contact_id})
    with pytest.raises(DatabaseProblem) as caught:
        IntakeService(sealed_db).load(contact_id)
    message = str(caught.value)
    assert "contacts.summary" in message and "altered in the database" in message
    assert "Xanthippe" not in message and "enc1:" not in message


def test_sealed_values_on_a_desk_with_no_key_are_named(pg_db, sealed_db):
    contact_id = save_secret_contact(sealed_db, UserService(sealed_db).ensure("dana").id)
    with pytest.raises(DatabaseProblem, match="this desk has no field key"):
        IntakeService(pg_db).load(contact_id)  # pg_db: the same database, opened without a key


def test_the_phone_hash_finds_a_returning_caller_however_the_number_is_typed(pg_db, sealed_db):
    dana = UserService(sealed_db).ensure("dana").id
    first = save_secret_contact(sealed_db, dana)
    other = IntakeService(sealed_db).save(dataclasses.replace(SHELTER_REFERRAL, caller_safe_phone="832-555-0100"),
                                          dana).id
    with sealed_db.read() as session:
        assert contact_ids_with_phone(session, "+1 (713) 555 0142") == [first]
        assert contact_ids_with_phone(session, "832.555.0100") == [other]
        assert contact_ids_with_phone(session, "713-555-0199") == []
    # A new number on an edit moves the hash with it (the model layer, not the service).
    loaded = IntakeService(sealed_db).load(other)
    IntakeService(sealed_db).save(dataclasses.replace(loaded.form, caller_safe_phone="(713) 555-0142"), dana, other,
                                  loaded.version)
    with sealed_db.read() as session:
        assert sorted(contact_ids_with_phone(session, PHONE_DIGITS)) == [first, other]


def test_encrypt_fields_seals_old_rows_once_and_self_check_says_so(pg_db, key_file, tmp_path):
    dana = UserService(pg_db).ensure("dana").id
    old = save_secret_contact(pg_db, dana)  # written before encryption was on: in clear, no hash
    with pg_db.write() as session:
        session.add(FollowUpTask(contact_id=old, kind="call_back", owner_id=dana, due_at=utcnow(),
                                 safe_phone="+17135550142", safe_time_zone="America/Chicago", note="Ask for Q."))
    with pg_db.engine.connect() as conn:
        assert conn.execute(text("SELECT summary, caller_phone_hash FROM contacts")).one() == (SECRETS["summary"], None)
        assert census(conn).clear > 0 and census(conn).sealed == 0
    _name, ok, detail = field_encryption_line(pg_db)
    assert ok and detail.startswith("off: callers' names, phones and narratives are stored in clear")

    site = site_file(tmp_path, key_file)
    args = ["--config", str(site), "--db", plain_url(pg_db)]
    first, out = run(["db", "encrypt-fields", "--batch-size", "10", *args])
    first_out = out
    assert first == 0, out
    assert "sealed" in out and "1 phone hashes filled" in out
    with pg_db.engine.connect() as conn:
        found = census(conn)
        raw = conn.execute(text("SELECT summary, caller_phone_hash, version FROM contacts")).one()
        task_raw = conn.execute(text("SELECT safe_phone, note FROM follow_up_tasks")).one()
    assert found.clear == 0 and found.sealed >= len(SECRETS) + 3
    assert raw.summary.startswith("enc1:") and raw.caller_phone_hash and raw.version == 1
    assert all(value.startswith("enc1:") for value in task_raw)
    with pg_db.engine.connect() as conn:  # each batch that sealed rows is in the trail, names not values
        events = conn.execute(text("SELECT record_type, fields, note FROM audit_events WHERE action = 'encrypt' "
                                   "ORDER BY id")).all()
    sealed_tables = {part.split()[0] for part in first_out.split(" rows (", 1)[1].split(")", 1)[0].split(", ")}
    assert {e.record_type for e in events} == sealed_tables >= {"contacts", "follow_up_tasks"}
    contact_event = next(e for e in events if e.record_type == "contacts")
    assert "caller_phone_hash" in contact_event.fields.split(",") and "summary" in contact_event.fields.split(",")
    assert all("rows sealed with field key" in e.note and SECRETS["summary"] not in e.note for e in events)

    again, out = run(["db", "encrypt-fields", *args])
    assert again == 0 and "nothing to do" in out
    desk = open_database(build_settings(config=site, db_url=plain_url(pg_db)))
    try:
        assert IntakeService(desk).load(old).form.summary == SECRETS["summary"]
        with desk.read() as session:
            assert contact_ids_with_phone(session, "713 555 0142") == [old]
        _name, ok, detail = field_encryption_line(desk)
        assert ok and detail.startswith(f"on: fields sealed with key {desk.field_key.key_id}") and "0 in clear" in detail
    finally:
        desk.dispose()
    code, out = run(["self-check", *args])
    assert code == 0 and f"ok   field encryption: on: fields sealed with key {desk.field_key.key_id}" in out


def test_encrypt_fields_explains_what_is_missing(pg_db, tmp_path):
    code, out = run(["db", "encrypt-fields", "--db", plain_url(pg_db)])
    assert code == 1 and "Field encryption is not on for this desk" in out and "Traceback" not in out
    code, out = run(["db", "encrypt-fields", "--db", str(tmp_path / "desk.sqlite3")])
    assert code == 1 and "for a shared PostgreSQL database" in out


def test_a_downgrade_is_refused_while_values_are_sealed(pg_db, sealed_db):
    save_secret_contact(sealed_db, UserService(sealed_db).ensure("dana").id)
    with pg_db.engine.connect() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        with pytest.raises(RuntimeError, match="values sealed by field encryption"):
            command.downgrade(cfg, "0015")
        conn.rollback()
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == HEAD  # all undone


def test_a_key_that_only_opens_writes_in_clear(pg_db, sealed_db, key_file):
    dana = UserService(sealed_db).ensure("dana").id
    sealed = save_secret_contact(sealed_db, dana)
    reading = Database(pg_db.target, field_key=FieldKey.from_secret(
        bytes.fromhex(key_file.read_text().strip()), sealing=False))
    try:
        assert IntakeService(reading).load(sealed).form.summary == SECRETS["summary"]
        clear = IntakeService(reading).save(dataclasses.replace(SHELTER_REFERRAL, summary="Plain words"), dana).id
        with reading.engine.connect() as conn:
            assert conn.execute(text("SELECT summary FROM contacts WHERE id = :id"), {"id": clear}).scalar() == \
                "Plain words"
        assert "new ones are written in clear" in field_encryption_line(reading)[2]
    finally:
        reading.dispose()


# -- helpers ------------------------------------------------------------------------


def run(argv: list[str]) -> tuple[int, str]:
    args = build_parser().parse_args(argv)
    assert isinstance(args, argparse.Namespace)
    out, err = io.StringIO(), io.StringIO()
    code = run_command(args, out, err)
    return code, out.getvalue() + err.getvalue()
