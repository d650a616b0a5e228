"""Field encryption on a shared PostgreSQL database (docs/encryption.md).

The embedded SQLite database is encrypted whole (``console.encryption``); a
shared PostgreSQL database is not, so its most sensitive columns (callers'
names, phones, code words, narratives) are sealed by the console itself,
column by column, with AES-256-GCM under a key file IT gives every desk.

- ``cipher``: the key (derived sub-keys, key id), sealing and opening one value.
- ``types``: ``SealedText``, the column type that seals on write and opens on
  read, and how a ``Database`` hands its key to it (its engine's dialect).
- ``keys``: the key file, found from the settings, and the check at start-up
  that it is the database's key.
- ``phones``: the keyed hash beside a sealed phone, for finding a returning caller.
- ``census``, ``sealing``, ``cli``: what self-check reports, and
  ``hotline-console db encrypt-fields`` / ``db make-field-key``.

Nothing here is imported by this package itself: the models import
``types`` on every start, which must not cost the cryptography import.
"""
