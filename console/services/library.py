"""The resource library: anti-trafficking materials a desk finds mid-call and
sends to the caller, and the staff who keep the catalogue.

Everyone may search, read an item and record what was sent; supervisors,
program staff and admins (``Permission.EDIT_LIBRARY``) add, edit, retire
and restore items, see retired ones, and count how often each was sent.
Items are retired, never deleted. Every save is one write transaction and
records who and when. ``search`` follows ``library_search``; the checks are
``library_rules``. What was sent on a contact is normally stored with the
contact by the intake (its ``materials``); ``record_send`` adds one to a
contact already saved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.attributes import flag_modified

from console.audit import AuditAction
from console.db import Database
from console.errors import NotFound, PermissionDenied, ValidationError
from console.models import Contact, ContactEvent, LibraryItem, MaterialSent, User, utcnow
from console.permissions import Permission, allowed
from console.services.intake.form import MaterialInput
from console.services.library_rules import LibraryItemForm, clean_item, clean_send, default_method
from console.services.library_search import LibraryQuery, search_rows
from console.validation import Problems
from console.vocabulary import LANGUAGES, LibraryAudience, LibraryKind, LibraryTopic, Role

__all__ = [
    "LibraryHit", "LibraryItemDetails", "LibraryItemForm", "LibraryQuery", "LibraryService",
    "default_method",
]

MAX_LIMIT = 1000
_CHECKED = (("topic", LibraryTopic), ("audience", LibraryAudience), ("kind", LibraryKind))


@dataclass(frozen=True, slots=True)
class LibraryHit:
    item_id: int
    title: str
    kind: str
    format: str
    language: str
    topics: tuple[str, ...]
    audiences: tuple[str, ...]
    reviewed_on: date | None
    retired: bool
    link: str | None
    file_path: str | None


@dataclass(frozen=True, slots=True)
class LibraryItemDetails:
    hit: LibraryHit
    description: str
    created_at: datetime
    created_by: str | None  # display names
    updated_at: datetime
    updated_by: str | None
    times_sent: int

    @property
    def item_id(self) -> int:
        return self.hit.item_id

    def form(self) -> LibraryItemForm:
        """The item as the editor shows it."""
        h = self.hit
        return LibraryItemForm(h.title, h.kind, h.topics, h.audiences, h.language, h.format, h.link or "",
                               h.file_path or "", h.reviewed_on, self.description)


def _hit(row) -> LibraryHit:
    return LibraryHit(row.id, row.title, row.kind, row.format, row.language, tuple(row.topics.split()),
                      tuple(row.audiences.split()), row.reviewed_on, bool(row.retired), row.link, row.file_path)


class LibraryService:
    def __init__(self, db: Database, role: Role, time_zone: str = "America/New_York",
                 clock: Callable[[], datetime] = utcnow):
        self._db, self._role, self._clock = db, role, clock
        self.zone = ZoneInfo(time_zone)

    @property
    def can_edit(self) -> bool:
        return allowed(self._role, Permission.EDIT_LIBRARY)

    def _require_edit(self, action: str) -> None:
        if not self.can_edit:
            raise PermissionDenied(action)

    def _today(self) -> date:
        return self._clock().astimezone(self.zone).date()

    # -- reading --------------------------------------------------------------------
    def search(self, query: LibraryQuery) -> tuple[LibraryHit, ...]:
        query = self._validated(query)
        with self._db.read() as session:
            rows = search_rows(session.connection(), query, self._db.target.is_sqlite)
        return tuple(_hit(row) for row in rows)

    def _validated(self, query: LibraryQuery) -> LibraryQuery:
        errors: dict[str, str] = {}
        values = {name: getattr(query, name) or None for name in ("topic", "audience", "language", "kind")}
        for name, vocabulary in _CHECKED:
            if values[name] is not None and values[name] not in frozenset(vocabulary):
                errors[name] = f"{values[name]!r} is not a library {name}; choose one from the list."
        if values["language"] is not None and values["language"] not in LANGUAGES:
            errors["language"] = f"{values['language']!r} is not a language the library offers; choose one."
        if not 1 <= query.limit <= MAX_LIMIT:
            errors["limit"] = f"Ask for 1 to {MAX_LIMIT} items at a time."
        if errors:
            raise ValidationError(errors)
        if query.include_retired:
            self._require_edit("see retired library items")
        return LibraryQuery(query.text, **values, include_retired=query.include_retired, limit=query.limit)

    def details(self, item_id: int) -> LibraryItemDetails:
        with self._db.read() as session:
            return _details(session, item_id)

    # -- keeping the catalogue ----------------------------------------------------------
    def add(self, form: LibraryItemForm, user_id: int) -> LibraryItemDetails:
        self._require_edit("add items to the resource library")
        columns = clean_item(form, self._today())
        now = self._clock()
        with self._db.write() as session:
            item = LibraryItem(**columns, retired=False, created_at=now, created_by_id=user_id, updated_at=now,
                               updated_by_id=user_id)
            session.add(item)
            session.flush()
            self._db.audit.record_by(session, user_id, action=AuditAction.CREATE, record_type="library_item",
                                     record_id=item.id, fields=[n for n, v in columns.items() if v not in ("", None)])
            return _details(session, item.id)

    def edit(self, item_id: int, form: LibraryItemForm, user_id: int) -> LibraryItemDetails:
        self._require_edit("edit resource library items")
        columns = clean_item(form, self._today())
        with self._db.write() as session:
            item = _item(session, item_id)
            changed = [name for name, value in columns.items() if getattr(item, name) != value]
            for name, value in columns.items():
                setattr(item, name, value)
            item.updated_at, item.updated_by_id = self._clock(), user_id
            session.flush()
            self._db.audit.record_by(session, user_id, action=AuditAction.EDIT, record_type="library_item",
                                     record_id=item_id, fields=changed)
            return _details(session, item_id)

    def retire(self, item_id: int, user_id: int, retired: bool = True) -> LibraryItemDetails:
        """Take an item out of searches (``retired=False`` puts it back); what was sent stays counted."""
        self._require_edit("retire resource library items" if retired else "restore resource library items")
        with self._db.write() as session:
            item = _item(session, item_id)
            if item.retired != retired:
                item.retired = retired
                item.updated_at, item.updated_by_id = self._clock(), user_id
                session.flush()
                self._db.audit.record_by(session, user_id, action=AuditAction.RETIRE if retired else AuditAction.EDIT,
                                         record_type="library_item", record_id=item_id, fields=["retired"])
            return _details(session, item_id)

    # -- what was sent -----------------------------------------------------------------
    def record_send(self, contact_id: int, material: MaterialInput, user_id: int) -> int:
        """Record an item sent on a saved contact; returns the send's id.

        The contact's version moves on (a form holding the contact then saves
        only after reloading, so it cannot drop this send), and its trail says
        who recorded it."""
        p = Problems()
        values = clean_send(p, "", material)
        if material.item_id is None:
            p.add("item_id", "Choose an item from the library.")
        p.raise_if_any()
        del values["id"]
        now = self._clock()
        with self._db.write() as session:
            contact = session.get(Contact, contact_id)
            if contact is None:
                raise NotFound("Contact", contact_id)
            values["item_title"] = values["item_title"] or _item(session, material.item_id).title
            send = MaterialSent(**values, contact=contact, sent_at=now, sent_by_id=user_id)
            session.add(send)
            contact.updated_at = now
            flag_modified(contact, "updated_at")  # written (and the version moved on) even at the same instant
            contact.events.add(ContactEvent(at=now, user_id=user_id, event="materials_sent"))
            session.flush()
            return send.id


def _item(session: Session, item_id: int | None) -> LibraryItem:
    item = session.get(LibraryItem, item_id) if item_id is not None else None
    if item is None:
        raise NotFound("Library item", item_id)
    return item


def _details(session: Session, item_id: int) -> LibraryItemDetails:
    creator, editor = aliased(User), aliased(User)
    row = session.execute(
        select(LibraryItem, creator.display_name, editor.display_name)
        .outerjoin(creator, creator.id == LibraryItem.created_by_id)
        .outerjoin(editor, editor.id == LibraryItem.updated_by_id)
        .where(LibraryItem.id == item_id)
    ).first()
    if row is None:
        raise NotFound("Library item", item_id)
    item, created_by, updated_by = row
    times = session.scalar(select(func.count()).select_from(MaterialSent).where(MaterialSent.item_id == item_id))
    return LibraryItemDetails(_hit(item), item.description, item.created_at, created_by, item.updated_at,
                              updated_by, times or 0)
