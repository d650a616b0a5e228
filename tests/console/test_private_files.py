"""A key file every account on the computer can read or write is refused
when it is read, naming the file, its mode and the fix; a group's access is
allowed (several accounts at one desk)."""

from __future__ import annotations

import os

import pytest

from console.audit.keys import make_key_file, read_key_file
from console.encryption.keyfile import KeyFile
from console.encryption.keys import new_database_key, new_recovery_key
from console.errors import KeyFileProblem, SettingsError
from console.field_crypto.keys import make_field_key_file, read_field_key_file

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes; Windows keeps access in ACLs")


def _audit_key(tmp_path):
    return make_key_file(tmp_path / "audit.key"), lambda path: read_key_file(path), SettingsError


def _field_key(tmp_path):
    return make_field_key_file(tmp_path / "field.key"), lambda path: read_field_key_file(path, sealing=True), \
        SettingsError


def _database_key_file(tmp_path):
    path = tmp_path / "desk.sqlite3.keys"
    KeyFile.create(path, new_database_key(), new_recovery_key(), users={"admin": "lantern harbour meadow"})
    return path, KeyFile.load, KeyFileProblem


@pytest.mark.parametrize("made", [_audit_key, _field_key, _database_key_file])
def test_a_key_file_others_can_read_or_write_is_refused_with_the_fix(tmp_path, made):
    path, read, error = made(tmp_path)
    read(path)  # as written: 0600
    path.chmod(0o640)
    read(path)  # a group of the desk's accounts may share it
    for mode, verb in ((0o644, "read"), (0o602, "write")):
        path.chmod(mode)
        with pytest.raises(error) as refused:
            read(path)
        text = str(refused.value)
        assert str(path) in text and f"can {verb} it" in text and f"mode {mode:04o}" in text
        assert f"chmod o-rwx {path}" in text
