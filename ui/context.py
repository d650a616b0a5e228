"""What the composition root hands the window: settings, the desk's user and
the services, built once in ``ui.app`` and passed down (no globals)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from console.changefeed import ChangeFeed
from console.drafts import DraftStore
from console.services.directory import DirectoryService
from console.services.intake import IntakeService
from console.services.queue import QueueService
from console.services.statistics import StatisticsService
from console.services.supervision import SupervisionService
from console.services.users import UserInfo, UserService
from console.settings import Settings

if TYPE_CHECKING:
    from console.audit.service import AuditService
    from console.services.auth import AuthService
    from console.services.directory_edit import DirectoryEditService
    from console.services.follow_ups import FollowUpService
    from console.services.library import LibraryService
    from console.services.sharing import SharingService
    from console.services.tta import TtaService


@dataclass(frozen=True, slots=True)
class DeskContext:
    settings: Settings
    user: UserInfo
    intake: IntakeService
    queue: QueueService
    directory: DirectoryService
    feed: ChangeFeed
    drafts: DraftStore
    supervision: SupervisionService
    users: UserService
    statistics: StatisticsService
    # Directory upkeep (issue 4), built on first use; None: not offered.
    directory_edit: Callable[[], DirectoryEditService] | None = None
    library: LibraryService | None = None  # the resource library (issue 7); None: no Library dock
    follow_ups: FollowUpService | None = None  # follow-up tasks (issue 7); None: no Follow-ups actions
    audit: AuditService | None = None  # the audit trail: chain check at start, banner, window; None: none
    tta: TtaService | None = None  # training & technical assistance requests (issue 7); None: no TTA actions
    sharing: SharingService | None = None  # tips and referral packets within consent (issue 5); None: no Share…
    auth: AuthService | None = None  # sign-in: the desk locks and unlocks with it; None: no lock (tests)
