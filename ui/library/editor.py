"""Add or edit a library item (staff): every field with its label, mnemonic
and error beside it.

Save sends the form to ``LibraryService`` through the worker; the dialog
closes when the service has stored it, and otherwise stays open with each
problem beside its field and the cursor on the first. ``ask`` is what the
pane calls; tests build the dialog and call ``save`` themselves.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from console.errors import ConsoleError, ValidationError
from console.services.library import LibraryItemDetails, LibraryItemForm, LibraryService
from console.vocabulary import LibraryAudience, LibraryFormat, LibraryKind, LibraryTopic
from ui.intake.compound import CheckGroup
from ui.intake.fields import (
    CodeCombo,
    ErrorLabel,
    FieldRow,
    clear_field_errors,
    form_row,
    language_choices,
    plain_text,
    show_field_errors,
)
from ui.labels import choices

NOT_REVIEWED = QDate(2000, 1, 1)  # the date field's "not recorded" value (shown as words)


class ItemEditor(QDialog):
    def __init__(self, library: LibraryService, worker, user_id: int, details: LibraryItemDetails | None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("libraryItemEditor")
        self._library, self._worker, self._user_id = library, worker, user_id
        self._item_id = details.item_id if details else None
        self.saved: LibraryItemDetails | None = None
        self.setWindowTitle(self.tr("Edit library item") if details else self.tr("New library item"))

        self.title = QLineEdit()
        self.kind = CodeCombo(LibraryKind, blank=self.tr("— choose —"))
        self.topics = CheckGroup(choices(LibraryTopic), "libraryItem.topics")
        self.audiences = CheckGroup(choices(LibraryAudience), "libraryItem.audiences")
        self.language = CodeCombo(language_choices())
        self.format = CodeCombo(LibraryFormat, blank=self.tr("— choose —"))
        self.link = QLineEdit()
        self.link.setPlaceholderText("https://")
        self.file_path = QLineEdit()
        self.file_path.setPlaceholderText(self.tr("Where the file is on the hotline's shared drive"))
        self.reviewed = QDateEdit(calendarPopup=True)
        self.reviewed.setDisplayFormat("yyyy-MM-dd")
        self.reviewed.setMinimumDate(NOT_REVIEWED)
        self.reviewed.setSpecialValueText(self.tr("not recorded"))
        self.description = plain_text(4)
        self.general_error = ErrorLabel("libraryItem")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._rows: dict[str, FieldRow] = {}  # in visual order; "libraryItem." names keep clear of the form's
        for field, text, widget, required in (
            ("title", self.tr("&Title"), self.title, True), ("kind", self.tr("K&ind"), self.kind, True),
            ("topics", self.tr("T&opics"), self.topics, True), ("audiences", self.tr("&For"), self.audiences, True),
            ("language", self.tr("&Language"), self.language, True), ("format", self.tr("Fo&rmat"), self.format, True),
            ("link", self.tr("Lin&k"), self.link, False), ("file_path", self.tr("File &path"), self.file_path, False),
            ("reviewed_on", self.tr("Re&viewed on"), self.reviewed, False),
            ("description", self.tr("&Description"), self.description, False),
        ):
            self._rows[field] = form_row(form, text, widget, f"libraryItem.{field}", required=required)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.setObjectName("libraryItemButtons")
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("libraryItemSave")
        self.save_button.setAccessibleName(self.tr("Save the library item"))
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("libraryItemCancel")
        cancel.setAccessibleName(self.tr("Cancel without saving"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.general_error)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.set_form(details.form() if details else LibraryItemForm())
        self.resize(620, 640)

    @classmethod
    def ask(cls, library: LibraryService, worker, user_id: int, details: LibraryItemDetails | None,
            parent: QWidget | None = None) -> LibraryItemDetails | None:
        dialog = cls(library, worker, user_id, details, parent)
        try:
            return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()

    # -- values ------------------------------------------------------------------
    def form(self) -> LibraryItemForm:
        day = self.reviewed.date()
        return LibraryItemForm(
            title=self.title.text(), kind=self.kind.code(), topics=self.topics.codes(),
            audiences=self.audiences.codes(), language=self.language.code(), format=self.format.code(),
            link=self.link.text(), file_path=self.file_path.text(),
            reviewed_on=None if day == NOT_REVIEWED else date(day.year(), day.month(), day.day()),
            description=self.description.toPlainText(),
        )

    def set_form(self, form: LibraryItemForm) -> None:
        self.title.setText(form.title)
        self.kind.set_code(form.kind)
        self.topics.set_codes(form.topics)
        self.audiences.set_codes(form.audiences)
        self.language.set_code(form.language)
        self.format.set_code(form.format)
        self.link.setText(form.link)
        self.file_path.setText(form.file_path)
        day = form.reviewed_on
        self.reviewed.setDate(NOT_REVIEWED if day is None else QDate(day.year, day.month, day.day))
        self.description.setPlainText(form.description)

    # -- saving ------------------------------------------------------------------
    def save(self) -> None:
        self.save_button.setEnabled(False)
        self._clear_errors()
        library, form, item_id, user_id = self._library, self.form(), self._item_id, self._user_id
        work = (lambda: library.add(form, user_id)) if item_id is None else (
            lambda: library.edit(item_id, form, user_id))
        self._worker.submit(work, self._on_saved, self._on_failed, owner=self)

    def _on_saved(self, details: LibraryItemDetails) -> None:
        self.saved = details
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.show_errors(exc.errors)
        elif isinstance(exc, ConsoleError):
            self.general_error.show_message(str(exc))
        else:
            self.general_error.show_message(self.tr("Not saved: the database did not answer. Try again."))

    def show_errors(self, errors: dict[str, str]) -> None:
        show_field_errors(self._rows, errors, self.general_error)

    def _clear_errors(self) -> None:
        clear_field_errors(self._rows, self.general_error)
