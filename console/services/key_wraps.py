"""Keeping an encrypted database's key file in step with its users' passwords.

On an encrypted embedded database (``console.encryption``) each user who may
sign in holds a copy of the database key wrapped by their password. A new
user or a new password rewraps theirs; a disabled user's wrap is removed, so
their password no longer opens a copied file (an admin's reset gives them a
new one). The database file itself is never re-encrypted. On a plain
database, or PostgreSQL, these are no-ops.

Called inside the write transaction that changes the password, just before
it commits: if writing the key file fails, the change is rolled back.
"""

from __future__ import annotations

from console.db import Database


class KeyWraps:
    def __init__(self, db: Database):
        self._db = db

    def _key_file(self):
        key, path = self._db.target.key, self._db.target.sqlite_path
        if key is None or path is None:
            return None, None
        from console.encryption import KeyFile, key_file_path  # only encrypted databases pay the imports

        return KeyFile.load(key_file_path(path)), key

    def set_password(self, username: str, password: str) -> None:
        """Let ``username`` unlock the database with ``password`` (added, or their old wrap replaced)."""
        key_file, key = self._key_file()
        if key_file is None:
            return
        if username.lower() in key_file.users():
            key_file.rewrap(username, password, key)
        else:
            key_file.add_user(username, password, key)

    def remove(self, username: str) -> None:
        key_file, _key = self._key_file()
        if key_file is not None:
            key_file.remove_user(username)
