"""Contact ▸ TTA request (Ctrl+Shift+T): a new training & technical
assistance request on the open, saved TTA contact.

Widgets only: ``save_requested`` carries a ``TtaForm``; whoever saves it
(``ui.tta.actions``) calls ``accept`` when the service stored it, or
``show_errors`` with the service's per-field errors, which show beside their
fields (text and "⚠", never colour alone) while the dialog stays open.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from console.services.tta_rules import TtaForm
from console.vocabulary import LibraryAudience, LibraryTopic, TtaKind
from ui.intake.fields import (
    CodeCombo,
    ErrorLabel,
    FieldRow,
    clear_field_errors,
    form_row,
    plain_text,
    show_field_errors,
    state_choices,
)

NO_DATE = QDate(2000, 1, 1)


class NewTtaDialog(QDialog):
    save_requested = Signal(object)  # TtaForm

    def __init__(self, form: TtaForm, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("newTtaDialog")
        self.setWindowTitle(self.tr("New TTA request on contact #%1").replace("%1", str(form.contact_id)))
        self._contact_id = form.contact_id
        self.kind = CodeCombo(TtaKind, blank=self.tr("— choose —"))
        self.organization = QLineEdit()
        self.requester_name = QLineEdit()
        self.requester_role = QLineEdit()
        self.requester_email = QLineEdit(placeholderText="name@example.org")
        self.requester_phone = QLineEdit(placeholderText="713-555-0142")
        self.topic = CodeCombo(LibraryTopic, blank=self.tr("— choose —"))
        self.topic_detail = QLineEdit(placeholderText=self.tr("in their words"))
        self.audience = CodeCombo(LibraryAudience, blank=self.tr("— not said —"))
        self.audience_detail = QLineEdit(placeholderText=self.tr("who, how many"))
        self.event_date = QDateEdit(calendarPopup=True)
        self.event_date.setDisplayFormat("yyyy-MM-dd")
        self.event_date.setMinimumDate(NO_DATE)
        self.event_date.setSpecialValueText(self.tr("— no event —"))
        self.event_city = QLineEdit()
        self.event_state = CodeCombo(state_choices(), blank=self.tr("— none —"))
        self.urgent = QCheckBox(self.tr("U&rgent (handled now, 24/7)"))
        self.description = plain_text(3)
        self.general = ErrorLabel("general")
        fields = QFormLayout()
        fields.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.rows: dict[str, FieldRow] = {}
        for text, widget, name, required in (
            (self.tr("&Kind of assistance"), self.kind, "kind", True),
            (self.tr("Or&ganization"), self.organization, "organization", False),
            (self.tr("Requester's &name"), self.requester_name, "requester_name", True),
            (self.tr("R&ole"), self.requester_role, "requester_role", False),
            (self.tr("&Email"), self.requester_email, "requester_email", False),
            (self.tr("&Phone"), self.requester_phone, "requester_phone", False),
            (self.tr("&Topic"), self.topic, "topic", True),
            (self.tr("Topic in &words"), self.topic_detail, "topic_detail", False),
            (self.tr("&Audience"), self.audience, "audience", False),
            (self.tr("Audience in wor&ds"), self.audience_detail, "audience_detail", False),
            (self.tr("E&vent date"), self.event_date, "event_date", False),
            (self.tr("Event &city"), self.event_city, "event_city", False),
            (self.tr("Event &state"), self.event_state, "event_state", False),
            (self.tr("Re&quest in detail"), self.description, "description", False),
        ):
            self.rows[name] = form_row(fields, text, widget, name, required=required)
        self.urgent.setObjectName("urgent")
        self.urgent.setAccessibleName(self.tr("Urgent"))
        self.urgent_error = ErrorLabel("urgent")
        fields.addRow("", self.urgent)
        fields.addRow("", self.urgent_error)
        self.rows["urgent"] = FieldRow(self.urgent, self.urgent_error)
        body = QWidget()
        body.setLayout(fields)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(body)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.setObjectName("newTtaButtons")
        buttons.accepted.connect(self._on_save_clicked)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.general)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.fill(form)
        self.resize(560, 640)

    def fill(self, form: TtaForm) -> None:
        self.kind.set_code(form.kind)
        for name in ("organization", "requester_name", "requester_role", "requester_email", "requester_phone",
                     "topic_detail", "audience_detail", "event_city"):
            getattr(self, name).setText(getattr(form, name))
        self.topic.set_code(form.topic)
        self.audience.set_code(form.audience)
        day = form.event_date
        self.event_date.setDate(NO_DATE if day is None else QDate(day.year, day.month, day.day))
        self.event_state.set_code(form.event_state)
        self.urgent.setChecked(bool(form.urgent))
        self.description.setPlainText(form.description)

    def form(self) -> TtaForm:
        qdate = self.event_date.date()
        day = None if qdate == NO_DATE else date(qdate.year(), qdate.month(), qdate.day())
        return TtaForm(
            contact_id=self._contact_id, kind=self.kind.code(), organization=self.organization.text(),
            requester_name=self.requester_name.text(), requester_role=self.requester_role.text(),
            requester_email=self.requester_email.text(), requester_phone=self.requester_phone.text(),
            topic=self.topic.code(), topic_detail=self.topic_detail.text(), audience=self.audience.code(),
            audience_detail=self.audience_detail.text(), event_date=day, event_city=self.event_city.text(),
            event_state=self.event_state.code(), urgent=self.urgent.isChecked(),
            description=self.description.toPlainText(),
        )

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each error beside its field; focus goes to the first field at fault."""
        show_field_errors(self.rows, errors, self.general)

    def clear_errors(self) -> None:
        clear_field_errors(self.rows, self.general)

    def _on_save_clicked(self) -> None:
        self.save_requested.emit(self.form())
