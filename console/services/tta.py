"""Training and technical-assistance requests (issue 7): made on a TTA contact
by the specialist who holds it, progressed by program staff.

Who may (checked here, before anything is written):
- make a request: a user holding or having entered the contact, or one whose
  role has ``Permission.PROGRESS_TTA`` (program staff, supervisors, admins);
- change a request's status or record a review's outcome: ``PROGRESS_TTA``;
- add a note or attach materials: ``PROGRESS_TTA``, or the request's maker;
- read requests and attachments: every desk user.

Every change is one write transaction that appends to the request's work
log (who, when, from which status to which, the note). A new request's due
time comes from the hours policy, as the contact's would: urgent requests
are handled now (24/7), non-urgent ones by closing time, or within the
following week when they arrived out of hours. The rules are ``tta_rules``;
attachment checks ``tta_attachments``; finding trainers ``tta_speakers``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased, selectinload

from console import validation as v
from console.audit import AuditAction
from console.db import Database
from console.errors import NotFound, PermissionDenied, ValidationError
from console.hours import HoursPolicy, HoursSettings
from console.models import Contact, TtaAttachment, TtaRequest, TtaWorkLog, User, utcnow
from console.permissions import Permission, allowed
from console.services.tta_attachments import MAX_BYTES, check_file
from console.services.tta_items import (
    AttachmentInfo,
    TtaDetails,
    TtaItem,
    TtaLogEntry,
    item_of,
)
from console.services.tta_rules import (
    NOTE_MAX,
    OPEN,
    TtaForm,
    check_review,
    check_transition,
    clean_request,
)
from console.vocabulary import RequestType, Role, TtaKind, TtaStatus

__all__ = ["AttachmentInfo", "TtaDetails", "TtaForm", "TtaItem", "TtaLogEntry", "TtaService"]

OPEN_FILTER = "open"  # ``requests(status=...)``: new or in progress
MAX_LIMIT = 1000
_ATTACHMENT_COLUMNS = (TtaAttachment.id, TtaAttachment.request_id, TtaAttachment.file_name, TtaAttachment.media_type,
                       TtaAttachment.size, TtaAttachment.sha256, TtaAttachment.added_at, User.display_name)


class TtaService:
    def __init__(self, db: Database, hours_settings: HoursSettings | None = None,
                 clock: Callable[[], datetime] = utcnow, max_attachment_bytes: int = MAX_BYTES):
        self._db, self._clock, self.max_attachment_bytes = db, clock, max_attachment_bytes
        self._hours_settings, self._hours = hours_settings, None
        self.zone = ZoneInfo((hours_settings or HoursSettings()).time_zone)

    @property
    def hours(self) -> HoursPolicy:
        if self._hours is None:  # its holiday calendar is imported on first use
            self._hours = HoursPolicy(self._hours_settings)
        return self._hours

    def _today(self) -> date:
        return self._clock().astimezone(self.zone).date()

    # -- reading ---------------------------------------------------------------------
    def new_form(self, contact_id: int) -> TtaForm:
        """A blank request for a contact, with what the contact already says."""
        with self._db.read() as session:
            contact = _contact(session, contact_id)
            name = None if contact.caller_anonymous else contact.caller_name
            return TtaForm(contact_id, requester_name=name or "", urgent=bool(contact.urgent),
                           event_city=contact.caller_city or "", event_state=contact.caller_state or "")

    def requests(self, status: str | None = OPEN_FILTER, kind: str | None = None, contact_id: int | None = None,
                 limit: int = 500) -> tuple[TtaItem, ...]:
        """Requests by ``status`` (a ``TtaStatus``, ``"open"``, or None for all) and ``kind``:
        urgent first, then by due time, then oldest first."""
        p = v.Problems()
        if status not in (None, OPEN_FILTER):
            p.check("status", v.code, status, TtaStatus)
        p.check("kind", v.code, kind, TtaKind)
        if not 1 <= limit <= MAX_LIMIT:
            p.add("limit", f"Ask for 1 to {MAX_LIMIT} requests at a time.")
        p.raise_if_any()
        stmt = self._select()
        if status == OPEN_FILTER:
            stmt = stmt.where(TtaRequest.status.in_(sorted(OPEN)))
        elif status:
            stmt = stmt.where(TtaRequest.status == status)
        if kind:
            stmt = stmt.where(TtaRequest.kind == kind)
        if contact_id is not None:
            stmt = stmt.where(TtaRequest.contact_id == contact_id)
        stmt = stmt.order_by(TtaRequest.urgent.desc(), TtaRequest.respond_by.is_(None).desc(),
                             TtaRequest.respond_by, TtaRequest.created_at, TtaRequest.id).limit(limit)
        now = self._clock()
        with self._db.read() as session:
            return tuple(item_of(*row, now) for row in session.execute(stmt))

    def details(self, request_id: int) -> TtaDetails:
        with self._db.read() as session:
            return self._details(session, request_id)

    def attachment(self, attachment_id: int) -> tuple[AttachmentInfo, bytes]:
        """An attachment and its content, to save where the user chooses (never to open)."""
        with self._db.read() as session:
            row = session.execute(
                select(*_ATTACHMENT_COLUMNS, TtaAttachment.content)
                .outerjoin(User, User.id == TtaAttachment.added_by_id).where(TtaAttachment.id == attachment_id)
            ).first()
        if row is None:
            raise NotFound("Attachment", attachment_id)
        return AttachmentInfo(*row[:-1]), row[-1]

    # -- changing --------------------------------------------------------------------
    def create(self, form: TtaForm, user_id: int) -> TtaDetails:
        now = self._clock()
        with self._db.write() as session:
            actor = _actor(session, user_id)
            contact = _contact(session, form.contact_id)
            if not (allowed(Role(actor.role), Permission.PROGRESS_TTA)
                    or actor.id in (contact.assigned_to_id, contact.entered_by_id)):
                raise PermissionDenied("add a TTA request to a contact you do not hold")
            columns = clean_request(form, contact, self._today())
            routing = self.hours.route({RequestType.TTA.value}, columns["urgent"], contact.received_at)
            request = TtaRequest(**columns, contact_id=contact.id, status=TtaStatus.NEW.value,
                                 respond_by=routing.due_at, created_at=now, created_by_id=actor.id,
                                 updated_at=now, updated_by_id=actor.id)
            request.log.append(TtaWorkLog(at=now, user_id=actor.id, to_status=TtaStatus.NEW.value,
                                          note=routing.reason))
            session.add(request)
            session.flush()
            self._audit(session, actor, AuditAction.CREATE, request.id, columns)
            return self._details(session, request.id)

    def change_status(self, request_id: int, status: str, note: str | None, user_id: int) -> TtaDetails:
        now = self._clock()
        with self._db.write() as session:
            actor, request = self._request(session, request_id, user_id, "change the status of TTA requests",
                                           maker_may=False)
            cleaned = check_transition(request.status, status, note, request.kind, request.review_outcome is not None)
            request.log.append(TtaWorkLog(at=now, user_id=actor.id, from_status=request.status, to_status=status,
                                          note=cleaned))
            request.status = status
            if status not in OPEN:
                request.closed_at = now
            request.updated_at, request.updated_by_id = now, actor.id
            session.flush()
            self._audit(session, actor, AuditAction.EDIT, request_id, ("status",))
            return self._details(session, request_id)

    def add_note(self, request_id: int, note: str, user_id: int) -> TtaDetails:
        p = v.Problems()
        cleaned = p.check("note", v.text, note, max_length=NOTE_MAX, multiline=True, required=True)
        p.raise_if_any()
        now = self._clock()
        with self._db.write() as session:
            actor, request = self._request(session, request_id, user_id, "add notes to this TTA request")
            request.log.append(TtaWorkLog(at=now, user_id=actor.id, note=cleaned))
            request.updated_at, request.updated_by_id = now, actor.id
            session.flush()
            self._audit(session, actor, AuditAction.EDIT, request_id, ("work_log",))
            return self._details(session, request_id)

    def record_review(self, request_id: int, outcome: str, note: str | None, user_id: int) -> TtaDetails:
        now = self._clock()
        with self._db.write() as session:
            actor, request = self._request(session, request_id, user_id, "record the outcome of a review",
                                           maker_may=False)
            code, cleaned = check_review(outcome, note, request.kind, request.status)
            request.review_outcome, request.review_note = code, cleaned
            request.reviewed_at, request.reviewed_by_id = now, actor.id
            request.log.append(TtaWorkLog(at=now, user_id=actor.id,
                                          note=f"Review: {code.replace('_', ' ')}" + (f". {cleaned}" if cleaned else "")))
            request.updated_at, request.updated_by_id = now, actor.id
            session.flush()
            self._audit(session, actor, AuditAction.EDIT, request_id, ("review_outcome", "review_note"))
            return self._details(session, request_id)

    def attach(self, request_id: int, name: str, content: bytes, user_id: int) -> TtaDetails:
        """Attach third-party materials for review; ``ValidationError`` (field ``file``) if refused."""
        p = v.Problems()
        checked = p.check("file", check_file, name, content, self.max_attachment_bytes)
        p.raise_if_any()
        now = self._clock()
        with self._db.write() as session:
            actor, request = self._request(session, request_id, user_id, "attach files to this TTA request")
            if request.kind != TtaKind.THIRD_PARTY_REVIEW.value:
                raise ValidationError({"kind": "Files are attached only to a review of third-party materials."})
            if request.status not in OPEN:
                raise ValidationError({"status": "This request is closed; nothing more can be attached."})
            session.add(TtaAttachment(request_id=request.id, file_name=checked.file_name,
                                      media_type=checked.media_type, size=checked.size,
                                      sha256=hashlib.sha256(content).hexdigest(), added_at=now,
                                      added_by_id=actor.id, content=content))
            request.log.append(TtaWorkLog(at=now, user_id=actor.id, note=f"Attached {checked.file_name}"))
            request.updated_at, request.updated_by_id = now, actor.id
            session.flush()
            self._audit(session, actor, AuditAction.EDIT, request_id, ("attachments",))
            return self._details(session, request_id)

    # -- inside ----------------------------------------------------------------------
    def _audit(self, session: Session, actor: User, action: AuditAction, request_id: int, fields) -> None:
        """In the change's transaction: who, which request, which fields (never their values)."""
        self._db.audit.record(session, action=action, user_id=actor.id, username=actor.username,
                              record_type="tta_request", record_id=request_id, fields=fields)

    @staticmethod
    def _select():
        creator, reviewer = aliased(User), aliased(User)
        attachments = (select(func.count()).select_from(TtaAttachment)
                       .where(TtaAttachment.request_id == TtaRequest.id).scalar_subquery())
        return (select(TtaRequest, creator.display_name, reviewer.display_name, attachments)
                .outerjoin(creator, creator.id == TtaRequest.created_by_id)
                .outerjoin(reviewer, reviewer.id == TtaRequest.reviewed_by_id))

    def _details(self, session: Session, request_id: int) -> TtaDetails:
        row = session.execute(self._select().where(TtaRequest.id == request_id)
                              .options(selectinload(TtaRequest.log))).first()
        if row is None:
            raise NotFound("TTA request", request_id)
        request = row[0]
        names = dict(session.execute(select(User.id, User.display_name)
                                     .where(User.id.in_({e.user_id for e in request.log if e.user_id}))).all())
        log = tuple(TtaLogEntry(e.at, names.get(e.user_id, ""), e.from_status, e.to_status, e.note)
                    for e in request.log)
        files = tuple(AttachmentInfo(*r) for r in session.execute(
            select(*_ATTACHMENT_COLUMNS).outerjoin(User, User.id == TtaAttachment.added_by_id)
            .where(TtaAttachment.request_id == request_id).order_by(TtaAttachment.id)))
        return TtaDetails(item_of(*row, self._clock()), log, files)

    @staticmethod
    def _request(session: Session, request_id: int, user_id: int, action: str, *, maker_may: bool = True):
        actor = _actor(session, user_id)
        request = session.get(TtaRequest, request_id)
        if request is None:
            raise NotFound("TTA request", request_id)
        if not (allowed(Role(actor.role), Permission.PROGRESS_TTA)
                or (maker_may and request.created_by_id == actor.id)):
            raise PermissionDenied(action)
        return actor, request


def _actor(session: Session, user_id: int) -> User:
    actor = session.get(User, user_id)
    if actor is None:
        raise NotFound("User", user_id)
    return actor


def _contact(session: Session, contact_id: int) -> Contact:
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFound("Contact", contact_id)
    return contact
