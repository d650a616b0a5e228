"""The directory editor's pages: the service, its organization, its place.

Each is an intake-style ``Section`` (a scrolling form; a label, its field
and the field's error beside it), filled from and read back into the
service layer's forms. Field names are the service's error keys
(``service.name``, ``location.postal_code``), so errors land beside their
fields. The phone lines have a page of their own (``editor_phones``).
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLineEdit, QSpinBox

from console.services.directory_edit_forms import (
    MAX_AGE,
    LocationForm,
    OrganizationForm,
    ServiceForm,
)
from ui.intake.fields import CodeCombo, Section, note_label, plain_text, state_choices


def _line(max_length: int, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setMaxLength(max_length)
    edit.setPlaceholderText(placeholder)
    return edit


def _age() -> QSpinBox:
    box = QSpinBox()
    box.setRange(-1, MAX_AGE)
    box.setSpecialValueText("—")  # -1: no limit
    box.setValue(-1)
    return box


def _age_value(box: QSpinBox) -> int | None:
    return None if box.value() < 0 else box.value()


class ServicePage(Section):
    def __init__(self) -> None:
        super().__init__("service")
        self.name = _line(300)
        self.alternate_name = _line(300)
        self.description = plain_text(4)
        self.eligibility = plain_text(2)
        self.minimum_age, self.maximum_age = _age(), _age()
        self.url = _line(500, "https://")
        self.email = _line(200)
        self.application = plain_text(2)
        self.fees = plain_text(2)
        self.alert = plain_text(2)
        self.row(self.tr("&Name"), self.name, "service.name", required=True, accessible=self.tr("Service name"))
        self.row(self.tr("Also &known as"), self.alternate_name, "service.alternate_name")
        self.row(self.tr("&Description"), self.description, "service.description",
                 accessible=self.tr("Service description"))
        self.row(self.tr("&Eligibility"), self.eligibility, "service.eligibility_description")
        self.row(self.tr("&Youngest age"), self.minimum_age, "service.minimum_age")
        self.row(self.tr("&Oldest age"), self.maximum_age, "service.maximum_age")
        self.row(self.tr("&Web page"), self.url, "service.url", accessible=self.tr("Service web page"))
        self.row(self.tr("E&mail"), self.email, "service.email", accessible=self.tr("Service email"))
        self.row(self.tr("How to a&pply"), self.application, "service.application_process")
        self.row(self.tr("&Fees"), self.fees, "service.fees_description")
        self.row(self.tr("&Alert"), self.alert, "service.alert",
                 note=note_label(self.tr("Shown first in the details, e.g. \"Closed until 5 January\".")))

    def values(self) -> ServiceForm:
        return ServiceForm(
            self.name.text(), self.alternate_name.text(), self.description.toPlainText(), self.url.text(),
            self.email.text(), self.eligibility.toPlainText(), _age_value(self.minimum_age),
            _age_value(self.maximum_age), self.application.toPlainText(), self.fees.toPlainText(),
            self.alert.toPlainText(),
        )

    def fill(self, form: ServiceForm) -> None:
        self.name.setText(form.name)
        self.alternate_name.setText(form.alternate_name)
        self.description.setPlainText(form.description)
        self.eligibility.setPlainText(form.eligibility_description)
        self.minimum_age.setValue(-1 if form.minimum_age is None else form.minimum_age)
        self.maximum_age.setValue(-1 if form.maximum_age is None else form.maximum_age)
        self.url.setText(form.url)
        self.email.setText(form.email)
        self.application.setPlainText(form.application_process)
        self.fees.setPlainText(form.fees_description)
        self.alert.setPlainText(form.alert)


class OrganizationPage(Section):
    def __init__(self) -> None:
        super().__init__("organization")
        self.name = _line(300)
        self.alternate_name = _line(300)
        self.description = plain_text(4)
        self.website = _line(500, "https://")
        self.email = _line(200)
        self.shared = note_label("")
        self.row(self.tr("&Name"), self.name, "organization.name", required=True,
                 accessible=self.tr("Organization name"), note=self.shared)
        self.row(self.tr("Also &known as"), self.alternate_name, "organization.alternate_name",
                 accessible=self.tr("Organization also known as"))
        self.row(self.tr("&Description"), self.description, "organization.description",
                 accessible=self.tr("Organization description"))
        self.row(self.tr("&Website"), self.website, "organization.website")
        self.row(self.tr("E&mail"), self.email, "organization.email", accessible=self.tr("Organization email"))

    def values(self) -> OrganizationForm:
        return OrganizationForm(self.name.text(), self.alternate_name.text(), self.description.toPlainText(),
                                self.website.text(), self.email.text())

    def fill(self, form: OrganizationForm) -> None:
        self.name.setText(form.name)
        self.alternate_name.setText(form.alternate_name)
        self.description.setPlainText(form.description)
        self.website.setText(form.website)
        self.email.setText(form.email)


class PlacePage(Section):
    def __init__(self) -> None:
        super().__init__("location")
        self.name = _line(300)
        self.address_1 = _line(300)
        self.address_2 = _line(300)
        self.city = _line(120)
        self.state = CodeCombo(state_choices(), blank="—")
        self.postal_code = _line(10)
        self.confidential = QCheckBox(self.tr("Street address is &confidential (only staff see it)"))
        self.shared = note_label("")
        self.row(self.tr("Place &name"), self.name, "location.name", note=self.shared)
        self.row(self.tr("&Street"), self.address_1, "location.address_1", accessible=self.tr("Street address"))
        self.row(self.tr("&Line 2"), self.address_2, "location.address_2", accessible=self.tr("Address line 2"))
        self.row(self.tr("C&ity"), self.city, "location.city")
        self.row(self.tr("S&tate"), self.state, "location.state")
        self.row(self.tr("&ZIP code"), self.postal_code, "location.postal_code")
        self.check(self.confidential, "location.address_confidential")

    def values(self) -> LocationForm:
        return LocationForm(self.name.text(), self.address_1.text(), self.address_2.text(), self.city.text(),
                            self.state.code(), self.postal_code.text(), self.confidential.isChecked())

    def fill(self, form: LocationForm) -> None:
        self.name.setText(form.name)
        self.address_1.setText(form.address_1)
        self.address_2.setText(form.address_2)
        self.city.setText(form.city)
        self.state.set_code(form.state)
        self.postal_code.setText(form.postal_code)
        self.confidential.setChecked(form.address_confidential)
