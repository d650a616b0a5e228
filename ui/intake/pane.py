"""The intake pane: the form, its header and buttons, and what drives them.

Saving goes through the database worker; the form keeps what was typed until
the service says it is stored. Every edit is kept as a draft on this desk's
disk a moment later, so a crash or a lost database loses nothing.
"""

from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from console.drafts import DraftStore
from console.errors import ConsoleError, ValidationError
from console.services.intake import (
    ContactForm,
    IntakeService,
    LoadedContact,
    MaterialInput,
    ReferralInput,
    SavedContact,
)
from console.services.users import UserInfo
from ui.intake.form_view import IntakeForm
from ui.labels import label

DRAFT_DELAY_MS = 700
RETRY_MS = 5000  # a save that met no database is tried again this often
NEW_DRAFT_KEY = "new"
log = logging.getLogger(__name__)


def draft_key(contact_id: int | None) -> str:
    return NEW_DRAFT_KEY if contact_id is None else f"contact-{contact_id}"


class IntakePane(QWidget):
    contact_saved = Signal(object)  # SavedContact
    status_changed = Signal(str)  # one line for the status bar
    contact_loaded = Signal(object)  # LoadedContact

    def __init__(self, intake: IntakeService, drafts: DraftStore, worker, user: UserInfo, parent: QWidget | None = None):
        super().__init__(parent)
        self._intake, self._drafts, self._worker, self._user = intake, drafts, worker, user
        self._contact_id: int | None = None
        self._version: int | None = None
        self._status_text = ""
        self._dirty = False
        self._saving = False

        self.header = QLabel(objectName="intakeHeader")
        self.header.setAccessibleName(self.tr("Contact"))
        font = self.header.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.header.setFont(font)
        self.message = QLabel(objectName="intakeMessage", wordWrap=True)
        self.message.setAccessibleName(self.tr("Contact message"))
        self.message.hide()
        self.routing_note = QLabel(objectName="intakeRouting", wordWrap=True)
        self.routing_note.setAccessibleName(self.tr("Hours"))
        self.routing_note.hide()
        self.form = IntakeForm(self)
        self.save_button = QPushButton(self.tr("Save (Ctrl+S)"), objectName="saveContact")
        self.save_button.setAccessibleName(self.tr("Save contact"))
        self.cancel_button = QPushButton(self.tr("Close form (Ctrl+W)"), objectName="closeForm")
        self.cancel_button.setAccessibleName(self.tr("Close the form"))

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.message)
        layout.addWidget(self.routing_note)
        layout.addWidget(self.form, 1)
        layout.addLayout(buttons)

        self._draft_timer = QTimer(self, singleShot=True, interval=DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.keep_draft)
        self._retry_timer = QTimer(self, singleShot=True, interval=RETRY_MS)
        self._retry_timer.timeout.connect(self._retry_save)
        self.form.changed.connect(self._on_form_changed)
        self.save_button.clicked.connect(self.save)
        self.form.caller.safe_phone.editingFinished.connect(self._look_up_earlier_calls)
        self._show_header()
        self._status_text = self.tr("new contact")

    # -- state ------------------------------------------------------------------

    @property
    def contact_id(self) -> int | None:
        return self._contact_id

    @property
    def dirty(self) -> bool:
        return self._dirty

    def _set_status(self, text: str) -> None:
        self._status_text = text
        self.status_changed.emit(text)

    def status_text(self) -> str:
        return self._status_text

    def _show_header(self, loaded: LoadedContact | None = None, saved: SavedContact | None = None) -> None:
        if self._contact_id is None:
            self.header.setText(self.tr("New contact"))
            return
        parts = [self.tr("Contact #%1").replace("%1", str(self._contact_id))]
        shown = saved or loaded
        if shown is not None:
            parts += [label(shown.priority).upper(), label(shown.status)]
        self.header.setText("  ·  ".join(parts))

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # -- drafts -------------------------------------------------------------------

    def _on_form_changed(self) -> None:
        self._dirty = True
        self._set_status(self.tr("unsaved changes"))
        self._draft_timer.start()

    def _update_routing_note(self, form: ContactForm) -> None:
        """Say before saving what the hours policy will do (a new contact only)."""
        routing = self._intake.routing(form) if self._contact_id is None else None
        if routing is not None and routing.is_message:
            self.routing_note.setText(self.tr("Out of hours: %1").replace("%1", routing.reason))
            self.routing_note.show()
        else:
            self.routing_note.hide()

    def keep_draft(self) -> None:
        """Write the form to this desk's drafts now (also called on close)."""
        self._draft_timer.stop()
        if not self._dirty:
            return
        form = self.form.form()
        self._update_routing_note(form)
        payload = {"contact_id": self._contact_id, "version": self._version, "form": form.to_dict()}
        try:
            self._drafts.save(draft_key(self._contact_id), payload)
        except OSError as exc:
            self._set_status(self.tr("draft could NOT be kept: %1").replace("%1", exc.strerror or str(exc)))
            return
        self._set_status(self.tr("unsaved · draft kept %1").replace("%1", datetime.now().strftime("%H:%M:%S")))

    def restore_draft(self, payload: dict) -> None:
        """Put a kept draft back in the form, still unsaved."""
        self._contact_id = payload.get("contact_id")
        self._version = payload.get("version")
        self.form.set_form(ContactForm.from_dict(payload.get("form", {})))
        self._dirty = True
        self._show_header()
        self._show_message("")
        self._set_status(self.tr("draft restored · not saved yet"))

    # -- actions --------------------------------------------------------------------

    def new_contact(self) -> None:
        """Start a blank contact. The caller keeps or saves the current one first."""
        self._retry_timer.stop()
        self.keep_draft()
        self._contact_id = self._version = None
        self._dirty = False
        self.form.clear()
        self._show_header()
        self._show_message("")
        self.routing_note.hide()
        self._set_status(self.tr("new contact"))
        self.form.focus_first()

    def close_form(self) -> None:
        """Put the form away; unsaved work stays as a draft (offered at next start)."""
        self._retry_timer.stop()
        self.keep_draft()
        self._contact_id = self._version = None
        self._dirty = False
        self.form.clear()
        self._show_header()
        self._set_status(self.tr("form closed"))

    def discard(self) -> None:
        """Throw away the unsaved changes of the current form (after the user confirmed)."""
        self._drafts.discard(draft_key(self._contact_id))
        self._dirty = False
        self.close_form()

    def open_contact(self, contact_id: int) -> None:
        self._retry_timer.stop()
        self.keep_draft()
        self._set_status(self.tr("opening contact #%1…").replace("%1", str(contact_id)))
        self._worker.submit(lambda: self._intake.load(contact_id, self._user.id), self._on_loaded, self._on_error, owner=self)

    def _look_up_earlier_calls(self) -> None:
        """Once a safe phone is typed: has this number called before? (On the worker;
        an answer for a number since changed is dropped.)"""
        phone = self.form.caller.safe_phone.text().strip()
        if not phone:
            self.form.caller.show_earlier(None)
            return
        exclude, user_id = self._contact_id, self._user.id

        def show(found) -> None:
            if self.form.caller.safe_phone.text().strip() == phone:
                self.form.caller.show_earlier(found)

        self._worker.submit(lambda: self._intake.earlier_calls(phone, user_id, exclude), show,
                            lambda exc: log.info("earlier calls not looked up: %s", type(exc).__name__), owner=self)

    def _on_loaded(self, loaded: LoadedContact) -> None:
        self._contact_id, self._version = loaded.id, loaded.version
        self._dirty = False
        self.form.set_form(loaded.form)
        self.routing_note.hide()
        self._show_header(loaded=loaded)
        self._show_message("")
        self._set_status(self.tr("contact #%1 opened").replace("%1", str(loaded.id)))
        self.contact_loaded.emit(loaded)
        self._look_up_earlier_calls()
        self.form.focus_first()

    def save(self) -> None:
        if self._saving:
            return
        self._saving = True
        self.form.clear_errors()
        form, contact_id, version = self.form.form(), self._contact_id, self._version
        self._set_status(self.tr("saving…"))
        self._worker.submit(
            lambda: self._intake.save(form, self._user.id, contact_id, version),
            self._on_saved,
            self._on_save_failed,
            owner=self,
        )

    def _on_saved(self, saved: SavedContact) -> None:
        self._saving = False
        previous_key = draft_key(self._contact_id)
        self._contact_id, self._version = saved.id, saved.version
        self._drafts.discard(previous_key)
        self._drafts.discard(draft_key(saved.id))
        self._dirty = False
        self._draft_timer.stop()
        self._show_header(saved=saved)
        self._show_message(saved.routing_reason or "")
        self.routing_note.hide()
        self._set_status(self.tr("saved %1").replace("%1", datetime.now().strftime("%H:%M:%S")))
        self.contact_saved.emit(saved)

    def _on_save_failed(self, exc: BaseException) -> None:
        if isinstance(exc, SQLAlchemyError) and not isinstance(exc, IntegrityError):
            # The database is away (restart, network): keep the work, say so, try again by itself.
            self._saving = False
            self.keep_draft()
            self._show_message(
                self.tr("The database did not answer. This contact is kept on this desk as a draft and will be "
                        "saved as soon as the database is back (next try in %1 s).").replace("%1", str(RETRY_MS // 1000))
            )
            self._set_status(self.tr("NOT SAVED YET: waiting for the database"))
            self._retry_timer.start()
            return
        self._on_error(exc)

    def _retry_save(self) -> None:
        if self._dirty and not self._saving:
            self.save()

    def _on_error(self, exc: BaseException) -> None:
        self._saving = False
        if isinstance(exc, ValidationError):
            self.form.show_errors(exc.errors)
            self._show_message(self.tr("Not saved: %n field(s) need attention.", "", len(exc.errors)))
            self._set_status(self.tr("not saved: check the marked fields"))
            return
        self.keep_draft()
        if isinstance(exc, ConsoleError):
            self._show_message(str(exc))
        elif isinstance(exc, SQLAlchemyError):
            self._show_message(
                self.tr("The database did not answer. Your text is kept on this desk as a draft; try Save again in a moment.")
            )
        else:
            raise exc
        self._set_status(self.tr("not saved"))

    def add_referral(self, referral: ReferralInput) -> None:
        self.form.add_referral(referral)
        self._set_status(
            self.tr("referral added: %1 (saved with the contact)").replace("%1", referral.service_name)
        )

    def add_material(self, material: MaterialInput) -> None:
        if self.form.add_material(material):
            text = self.tr("library material added: %1 (saved with the contact)")
        else:
            text = self.tr("already on this contact: %1")
        self._set_status(text.replace("%1", material.title))
