"""Keeping the directory true: staff add and edit services with their
organization, place and phones, mark them verified, and retire them.

Only roles with ``Permission.EDIT_DIRECTORY`` may (``PermissionDenied``
otherwise, whatever the window shows). Every save is one write transaction:
the records are checked against the ``token`` they had when the editor read
them (``StaleDirectoryEntry`` if another desk or an import changed them
since: nothing is written), the changes are made, each changed record gets
a ``directory_changes`` row (who, when, which fields: names, never values)
and its ``last_modified_*`` columns, and the search rows of every service
the change reaches are rebuilt, so a search finds the new text the moment
the save commits. Retiring sets the HSDS status to ``inactive``: the service
leaves the search and the needs-review list, and stays in the database and
in the referrals already given.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from console.db import Database
from console.errors import ConsoleError, NotFound, PermissionDenied
from console.models import Service, utcnow
from console.permissions import Permission, allowed
from console.services import directory_edit_needs_store as needs_store
from console.services import directory_review as review
from console.services.directory import STALE_AFTER_DAYS
from console.services.directory_edit_apply import Trail, apply_edit
from console.services.directory_edit_forms import ServiceEdit, ServiceRecord, clean
from console.services.directory_index import RETIRED_STATUSES, rebuild_search_rows
from console.services.directory_records import Records, fingerprint, gather, record_of
from console.services.users import UserInfo
from console.vocabulary import LANGUAGE_NAMES

__all__ = ["DirectoryEditService", "StaleDirectoryEntry"]


class StaleDirectoryEntry(ConsoleError):
    """The entry changed since the editor read it; nothing was written."""

    def __init__(self, name: str):
        self.name = name
        super().__init__(
            f"“{name}” was changed on another desk (or by an import) after you opened it, so nothing was saved. "
            "Your changes are still in the editor: copy what you need, close it and open the service again."
        )


class DirectoryEditService:
    def __init__(self, db: Database, user: UserInfo, clock: Callable[[], datetime] = utcnow,
                 stale_after_days: int = STALE_AFTER_DAYS):
        self._db, self._user, self._clock = db, user, clock
        self._stale_after = timedelta(days=stale_after_days)

    # -- who may ------------------------------------------------------------------
    def may_edit(self) -> bool:
        return allowed(self._user.role, Permission.EDIT_DIRECTORY)

    def may_import(self) -> bool:
        return allowed(self._user.role, Permission.IMPORT_DIRECTORY)

    def _require(self, permission: Permission, action: str) -> None:
        if not allowed(self._user.role, permission):
            raise PermissionDenied(action)

    def _today(self) -> date:
        return self._clock().astimezone().date()  # the desk's own day

    def _stale(self, assured: date | None) -> bool:
        return assured is None or assured < self._today() - self._stale_after

    # -- reading -----------------------------------------------------------------
    def load(self, service_id: str) -> ServiceRecord:
        """The service as the editor shows it (confidential entries included)."""
        self._require(Permission.EDIT_DIRECTORY, "edit the directory")
        with self._db.read() as session:
            records = gather(session, service_id)
            if records.service is None:
                raise NotFound("Service", service_id)
            return _complete(session, records, record_of(session, records, self._stale))

    def blank(self, like_service_id: str | None = None) -> ServiceRecord:
        """A new service: of a new organization, or of ``like_service_id``'s organization and place."""
        self._require(Permission.EDIT_DIRECTORY, "edit the directory")
        if like_service_id is None:
            return ServiceRecord(None, None, None, ServiceEdit())
        like = self.load(like_service_id)
        with self._db.read() as session:
            records = gather(session, None, like.organization_id, like.location_id)
            return record_of(session, records, self._stale)

    def needs_review(self, limit: int = review.REVIEW_LIMIT) -> review.ReviewList:
        """Services not verified within the site's period (or never), oldest first; retired ones left out."""
        self._require(Permission.EDIT_DIRECTORY, "review the directory")
        with self._db.read() as session:
            return review.needs_review(session, self._today() - self._stale_after, limit)

    def referral_counts(self, service_id: str) -> review.ReferralCounts:
        """How often the service was given on contacts (counts only: no caller is named)."""
        with self._db.read() as session:
            return review.referral_counts(session, service_id)

    def history(self, service_id: str, limit: int = 20) -> tuple[review.ChangeInfo, ...]:
        """The newest changes to the service, its organization, its place and their phones."""
        self._require(Permission.EDIT_DIRECTORY, "edit the directory")
        with self._db.read() as session:
            records = gather(session, service_id)
            rows = (records.service, records.organization, records.location, records.address, *records.phones)
            keys = [(row.__tablename__, row.id) for row in rows if row is not None]
            return review.history(session, keys, limit)

    # -- writing -----------------------------------------------------------------
    def save(self, record: ServiceRecord, edit: ServiceEdit, *, verified: bool = False) -> ServiceRecord:
        """Store ``edit`` over ``record`` (a new service when it has no id); ``verified``: mark it verified too."""
        self._require(Permission.EDIT_DIRECTORY, "edit the directory")
        kept = tuple(code for code in record.edit.needs.languages if code not in LANGUAGE_NAMES)
        cleaned = clean(edit, place_exists=record.location_id is not None, kept_languages=kept)
        with self._db.write() as session:
            records = self._checked(session, record)
            trail = Trail(session, self._user.id, self._clock())
            reach = apply_edit(session, records, cleaned, trail)
            if verified:
                self._verify(records.service, trail)
            session.flush()
            rebuild_search_rows(session, reach)
            trail.audit(self._db.audit, self._user.username, records.service.id if records.service else None)
            return self._reread(session, records)

    def verify(self, record: ServiceRecord) -> ServiceRecord:
        """Confirmed with the service today: sets ``assured_date`` and who."""
        self._require(Permission.EDIT_DIRECTORY, "verify directory entries")
        with self._db.write() as session:
            records = self._checked(session, record)
            trail = Trail(session, self._user.id, self._clock())
            self._verify(records.service, trail)
            session.flush()
            rebuild_search_rows(session, [records.service.id])
            trail.audit(self._db.audit, self._user.username, records.service.id)
            return self._reread(session, records)

    def retire(self, record: ServiceRecord) -> ServiceRecord:
        """No longer offered: out of the search and the review list, kept for the record."""
        self._require(Permission.EDIT_DIRECTORY, "retire directory entries")
        with self._db.write() as session:
            records = self._checked(session, record)
            service = records.service
            if service is None:
                raise NotFound("Service", record.service_id)
            if service.status not in RETIRED_STATUSES:
                trail = Trail(session, self._user.id, self._clock())
                service.status = "inactive"
                trail.stamp(service)
                trail.note("service", service.id, "retired", ["status"])
                session.flush()
                rebuild_search_rows(session, [service.id])
                trail.audit(self._db.audit, self._user.username, service.id)
            return self._reread(session, records)

    def import_hsds(self, path: Path | str, *, dry_run: bool = False, progress=None):
        """Run the HSDS importer (admins); a real import leaves one ``imported`` row in the trail.
        ``progress``: see ``console.hsds.importer.Progress`` (it may cancel)."""
        self._require(Permission.IMPORT_DIRECTORY, "import the directory")
        from console.services.directory_import import import_with_trail

        return import_with_trail(self._db, self._user.id, path, dry_run=dry_run, now=self._clock, progress=progress)

    # -- inside a write transaction --------------------------------------------------
    def _checked(self, session: Session, record: ServiceRecord) -> Records:
        records = gather(session, record.service_id, record.organization_id, record.location_id, lock=True)
        if record.service_id is not None and records.service is None:
            raise NotFound("Service", record.service_id)
        if record.organization_id is not None and records.organization is None:
            raise NotFound("Organization", record.organization_id)
        if token(session, records) != (record.token or fingerprint(Records(None, None, None, None))):
            raise StaleDirectoryEntry(record.edit.service.name or record.edit.organization.name)
        return records

    def _reread(self, session: Session, records: Records) -> ServiceRecord:
        """The record as now stored (phones in the details' order), with its new token."""
        session.flush()
        records = gather(session, records.service.id)
        return _complete(session, records, record_of(session, records, self._stale))

    def _verify(self, service: Service | None, trail: Trail) -> None:
        if service is None:
            raise NotFound("Service", None)
        if service.status in RETIRED_STATUSES:
            raise ConsoleError(f"“{service.name}” is retired; it cannot be marked verified.")
        service.assured_date, service.assured_by_id = self._today(), self._user.id
        service.assurer_email = None  # a desk user has no email here; the trail says who
        trail.note("service", service.id, "verified", ["assured_date", "assured_by_id"])


def token(session: Session, records: Records) -> str:
    """What the editor's copy is checked against: the records and the service's needs and hours rows."""
    base = fingerprint(records)
    if records.service is None:
        return base
    extra = needs_store.read(session, records.service.id).fingerprint()
    return hashlib.sha256(f"{base}:{extra}".encode()).hexdigest()[:32]


def _complete(session: Session, records: Records, record: ServiceRecord) -> ServiceRecord:
    """``record`` with the service's categories, populations, languages and hours, and the token of them all."""
    if records.service is None:
        return record
    needs, hours = needs_store.read(session, records.service.id).forms()
    return replace(record, edit=replace(record.edit, needs=needs, hours=hours), token=token(session, records))
