"""What an audit event says was done. Stored as the value (a short code)."""

from __future__ import annotations

from enum import StrEnum


class AuditAction(StrEnum):
    # Signing in and out (written by the sign-in work)
    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGN_OUT = "sign_out"
    LOCK = "lock"
    UNLOCK = "unlock"
    ACCOUNT_LOCKED = "account_locked"
    # Records: contacts, directory entries, library items, follow-up tasks
    CREATE = "create"
    VIEW = "view"
    EDIT = "edit"
    RETIRE = "retire"
    # The queue
    CLAIM = "claim"
    RELEASE = "release"
    CLOSE = "close"
    REOPEN = "reopen"
    REASSIGN = "reassign"
    # Follow-up tasks
    DONE = "done"
    CANCEL = "cancel"
    # Data leaving or entering in bulk
    EXPORT = "export"
    IMPORT = "import"
    # People and powers
    USER_ADD = "user_add"
    USER_CHANGE = "user_change"
    OVERRIDE = "override"
    # Encryption at rest: the embedded database encrypted, callers' details sealed
    ENCRYPT = "encrypt"
    # The trail about itself
    AUDIT_VERIFY_FAILED = "audit_verify_failed"
