"""The one permission check every service calls.

``_GRANTS`` is the whole policy: what each role may do beyond what every
signed-in user may (take contacts, search the directory's public fields).
Services call ``allowed`` or ``require`` with the role of the user acting;
the window hides what a role cannot do, and the service refuses it anyway.
"""

from __future__ import annotations

from enum import StrEnum

from console.errors import PermissionDenied
from console.vocabulary import Role


class Permission(StrEnum):
    VIEW_CONFIDENTIAL_DIRECTORY = "view_confidential_directory"
    EDIT_DIRECTORY = "edit_directory"  # add, edit, verify and retire directory entries (issue 4)
    IMPORT_DIRECTORY = "import_directory"  # bulk HSDS import from the window: admins only
    REASSIGN = "reassign"
    SUPERVISE = "supervise"  # the supervisor view: queue health, workload, alerts
    MANAGE_USERS = "manage_users"
    VIEW_STATISTICS = "view_statistics"  # counts of contacts over a period, suppressed, and their exports
    EDIT_LIBRARY = "edit_library"  # add, edit and retire resource library items; count how often each is sent
    MANAGE_FOLLOW_UPS = "manage_follow_ups"  # any contact's follow-up tasks (without it: contacts one holds or entered)
    VIEW_AUDIT = "view_audit"  # browse and export the audit trail; see when its chain is broken
    PROGRESS_TTA = "progress_tta"  # any TTA request: change its status, record a review (without it: add to one's own)
    VIEW_ALL_CONTACTS = "view_all_contacts"  # open any contact (without it: the open ones and one's own)
    EDIT_CLOSED_CONTACTS = "edit_closed_contacts"  # change a closed contact at any time (without it: briefly, one's own)
    OVERRIDE_CONSENT = "override_consent"  # share a tip or referral packet without consent, with a written reason


_GRANTS: dict[Role, frozenset[Permission]] = {
    # Least privilege: a specialist gives a shelter's public line, not its street.
    Role.SPECIALIST: frozenset(),
    Role.PROGRAM_STAFF: frozenset(
        {Permission.VIEW_CONFIDENTIAL_DIRECTORY, Permission.EDIT_DIRECTORY, Permission.VIEW_STATISTICS,
         Permission.EDIT_LIBRARY, Permission.PROGRESS_TTA, Permission.VIEW_ALL_CONTACTS}
    ),
    Role.SUPERVISOR: frozenset(
        {Permission.VIEW_CONFIDENTIAL_DIRECTORY, Permission.EDIT_DIRECTORY, Permission.REASSIGN, Permission.SUPERVISE,
         Permission.VIEW_STATISTICS, Permission.EDIT_LIBRARY, Permission.MANAGE_FOLLOW_UPS, Permission.VIEW_AUDIT,
         Permission.PROGRESS_TTA, Permission.OVERRIDE_CONSENT, Permission.VIEW_ALL_CONTACTS,
         Permission.EDIT_CLOSED_CONTACTS}
    ),
    Role.ADMIN: frozenset(Permission),
}


def allowed(role: Role, permission: Permission) -> bool:
    return permission in _GRANTS.get(role, frozenset())


def require(role: Role, permission: Permission, action: str) -> None:
    """Refuse (``PermissionDenied``, saying ``action``) when ``role`` lacks ``permission``."""
    if not allowed(role, permission):
        raise PermissionDenied(action, "an admin" if permission is Permission.MANAGE_USERS else "a supervisor")
