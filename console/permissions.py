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
    EDIT_DIRECTORY = "edit_directory"
    REASSIGN = "reassign"
    SUPERVISE = "supervise"  # the supervisor view: queue health, workload, alerts
    MANAGE_USERS = "manage_users"
    VIEW_STATISTICS = "view_statistics"  # counts of contacts over a period, suppressed, and their exports


_GRANTS: dict[Role, frozenset[Permission]] = {
    # Least privilege: a specialist gives a shelter's public line, not its street.
    Role.SPECIALIST: frozenset(),
    Role.PROGRAM_STAFF: frozenset(
        {Permission.VIEW_CONFIDENTIAL_DIRECTORY, Permission.EDIT_DIRECTORY, Permission.VIEW_STATISTICS}
    ),
    Role.SUPERVISOR: frozenset(
        {Permission.VIEW_CONFIDENTIAL_DIRECTORY, Permission.REASSIGN, Permission.SUPERVISE, Permission.VIEW_STATISTICS}
    ),
    Role.ADMIN: frozenset(Permission),
}


def allowed(role: Role, permission: Permission) -> bool:
    return permission in _GRANTS.get(role, frozenset())
