"""Field encryption without a server: the cipher, the key file and settings,
the list of sealed columns, and the embedded SQLite database left as it was
(it is encrypted whole by SQLCipher, never field by field).

The PostgreSQL side is in test_field_crypto_postgres.py.
"""

from __future__ import annotations

import dataclasses
import re
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from console.errors import SettingsError
from console.field_crypto.census import sealed_columns
from console.field_crypto.cipher import FieldKey, SealedValueError
from console.field_crypto.keys import (
    field_key,
    make_field_key_file,
    read_field_key_file,
)
from console.field_crypto.phones import contact_ids_with_phone, phone_hash
from console.field_crypto.types import SealedText
from console.models import Base, Contact
from console.services.intake import IntakeService
from console.settings import build_settings
from tests.factories import SHELTER_REFERRAL

ROOT = Path(__file__).resolve().parents[2]
SECRET = bytes(range(32))
PG_URL = "postgresql://desk@db.example/hotline"


def test_a_value_seals_and_opens_only_in_its_own_column():
    key = FieldKey.from_secret(SECRET)
    sealed = key.seal("Maria Lopez", "contacts.caller_name")
    assert sealed.startswith(f"enc1:{key.key_id}:") and "Maria" not in sealed and sealed.isascii()
    assert sealed != key.seal("Maria Lopez", "contacts.caller_name")  # a fresh nonce each time
    assert key.open(sealed, "contacts.caller_name") == "Maria Lopez"
    with pytest.raises(SealedValueError, match="moved there from another column"):
        key.open(sealed, "contacts.summary")


def test_an_altered_value_or_another_key_is_named_not_shown():
    key = FieldKey.from_secret(SECRET)
    sealed = key.seal("Caller's story", "contacts.summary")
    flipped = sealed[:-6] + ("A" if sealed[-6] != "A" else "B") + sealed[-5:]
    with pytest.raises(SealedValueError, match="altered"):
        key.open(flipped, "contacts.summary")
    with pytest.raises(SealedValueError, match="damaged"):
        key.open(sealed[:20] + "!!" + sealed[22:], "contacts.summary")
    other = FieldKey.from_secret(bytes(32))
    assert other.key_id != key.key_id
    with pytest.raises(SealedValueError, match=f"sealed with field key {key.key_id}"):
        other.open(sealed, "contacts.summary")


def test_the_phone_hash_is_keyed_and_ignores_formatting():
    key = FieldKey.from_secret(SECRET)
    same = {phone_hash(p, key) for p in ("713-555-0142", "+1 (713) 555 0142", "7135550142")}
    assert len(same) == 1 and len(same.pop()) == 64
    assert phone_hash("713-555-0142", FieldKey.from_secret(bytes(32))) != phone_hash("713-555-0142", key)
    assert phone_hash("713-555-0142", None) is None and phone_hash("not a phone", key) is None


def test_the_documented_list_is_the_models_list_and_each_type_names_its_column():
    docs = (ROOT / "docs" / "encryption.md").read_text(encoding="utf-8")
    section = docs.split("## Field encryption on a shared PostgreSQL database", 1)[1]
    documented = set(re.findall(r"^\| `(\w+)` \| (.+?) \|$", section, flags=re.MULTILINE))
    listed = {(table, ", ".join(f"`{c}`" for c in columns)) for table, columns in sealed_columns().items()}
    assert listed == documented
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, SealedText):
                assert column.type.column == f"{table.name}.{column.name}"
    assert "caller_city" not in sealed_columns()["contacts"]  # counted by statistics: kept in clear


def test_a_sealed_column_cannot_be_compared_in_sql():
    with pytest.raises(TypeError, match="contacts.summary is sealed"):
        select(Contact.id).where(Contact.summary == "x")
    with pytest.raises(TypeError, match="cannot compare, search or sort"):
        Contact.caller_name.ilike("%maria%")
    select(Contact.id).where(Contact.caller_name.is_(None), Contact.caller_name.is_not(None))  # allowed


# -- the key file and the settings --------------------------------------------------


def write_settings(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "site.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_make_field_key_writes_a_private_key_once(tmp_path):
    path = make_field_key_file(tmp_path / "keys" / "field.key")
    assert path.stat().st_mode & 0o777 == 0o600
    assert read_field_key_file(path, sealing=True).sealing
    with pytest.raises(Exception, match="never overwritten"):
        make_field_key_file(path)


@pytest.mark.parametrize(("content", "problem"), [
    (None, "the field key file does not exist"),
    ("not hex at all\n", "this is not a field key: expected 64 hex digits"),
    ("ab" * 16 + "\n", "this is not a field key"),
])
def test_a_missing_or_wrong_key_file_is_a_settings_error(tmp_path, content, problem):
    key_file = tmp_path / "field.key"
    if content is not None:
        key_file.write_text(content, encoding="ascii")
        key_file.chmod(0o600)
    site = write_settings(tmp_path, f'[security]\nencrypt_fields = true\nfield_key_file = "{key_file}"\n')
    settings = build_settings(config=site, db_url=PG_URL)
    with pytest.raises(SettingsError) as caught:
        field_key(settings)
    assert problem in str(caught.value) and "security.field_key_file" in str(caught.value)
    assert str(key_file) in str(caught.value)


def test_encrypt_fields_without_a_key_file_is_refused_on_postgres_only(tmp_path):
    site = write_settings(tmp_path, "[security]\nencrypt_fields = true\n")
    with pytest.raises(SettingsError, match="no field key file is set"):
        field_key(build_settings(config=site, db_url=PG_URL))
    assert field_key(build_settings(config=site, db_url=str(tmp_path / "desk.sqlite3"))) is None


def test_the_key_file_comes_from_the_environment_and_alone_only_opens(tmp_path):
    key_file = make_field_key_file(tmp_path / "field.key")
    settings = build_settings(db_url=PG_URL, env={"HOTLINE_FIELD_KEY_FILE": str(key_file)})
    assert settings.field_key_file == key_file and not settings.encrypt_fields
    key = field_key(settings)
    assert key is not None and not key.sealing


# -- SQLite: unchanged ----------------------------------------------------------------


def test_sqlite_keeps_callers_details_in_clear_inside_its_file(db, db_path, specialist):
    form = dataclasses.replace(SHELTER_REFERRAL, caller_anonymous=False, caller_name="Quentin Marlowe",
                               caller_code_word="bluebird", summary="Zephyr motel, room 12.")
    saved = IntakeService(db).save(form, specialist.id)
    with sqlite3.connect(db_path) as raw:
        row = raw.execute("SELECT caller_name, caller_code_word, summary, caller_safe_phone, caller_phone_hash "
                          "FROM contacts WHERE id = ?", (saved.id,)).fetchone()
    assert row == ("Quentin Marlowe", "bluebird", "Zephyr motel, room 12.", "+17135550142", None)
    assert IntakeService(db).load(saved.id).form.caller_name == "Quentin Marlowe"
    with db.read() as session:
        assert contact_ids_with_phone(session, "(713) 555-0142") == [saved.id]
        assert contact_ids_with_phone(session, "713-555-0199") == []
