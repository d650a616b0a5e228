"""The one permission check every service calls.

Until sign-in and roles arrive (the security issue), every desk user is a
specialist and this table is the whole policy; that work fills it in and
makes the services refuse what a role may not do.
"""

from __future__ import annotations

from enum import StrEnum

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


_GRANTS: dict[Role, frozenset[Permission]] = {
    # Least privilege: a specialist gives a shelter's public line, not its street.
    Role.SPECIALIST: frozenset(),
    Role.PROGRAM_STAFF: frozenset(
        {Permission.VIEW_CONFIDENTIAL_DIRECTORY, Permission.EDIT_DIRECTORY, Permission.VIEW_STATISTICS,
         Permission.EDIT_LIBRARY}
    ),
    Role.SUPERVISOR: frozenset(
        {Permission.VIEW_CONFIDENTIAL_DIRECTORY, Permission.EDIT_DIRECTORY, Permission.REASSIGN, Permission.SUPERVISE,
         Permission.VIEW_STATISTICS, Permission.EDIT_LIBRARY, Permission.MANAGE_FOLLOW_UPS}
    ),
    Role.ADMIN: frozenset(Permission),
}


def allowed(role: Role, permission: Permission) -> bool:
    return permission in _GRANTS.get(role, frozenset())
