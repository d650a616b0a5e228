"""The intake form: six sections in tabs, turned into and from a ``ContactForm``.

Widgets only: no database, no services. The pane around it saves, loads and
autosaves drafts (on ``changed``) and hands back the rules' errors
(``show_errors``), keyed by the form's field names (``caller_zip``,
``victims.1.age_group``, ``referrals.0.status``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.services.intake.form import ContactForm, MaterialInput, ReferralInput
from ui.announce import announce
from ui.intake.fields import ErrorLabel, FieldRow, Section
from ui.intake.section_call import CallSection
from ui.intake.section_caller import CallerSection
from ui.intake.section_consent import ConsentSection
from ui.intake.section_outcome import OutcomeSection
from ui.intake.section_situation import SituationSection
from ui.intake.section_victims import VictimsSection


class MandatedReportBanner(QFrame):
    """Shown while a minor or immediate danger is recorded: icon and words, not colour."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("mandatedReport")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(22, 22))
        self.text = QLabel()
        self.text.setObjectName("mandatedReportText")
        self.text.setWordWrap(True)
        font = self.text.font()
        font.setBold(True)
        self.text.setFont(font)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 6, 8, 6)
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.text, 1)
        self.hide()

    def set_reasons(self, reasons: list[str]) -> None:
        message = self.tr("Mandated report: a supervisor will be alerted")
        if reasons:
            message += " (" + "; ".join(reasons) + ")."
        self.text.setText(message)
        self.setAccessibleName(message)
        self.setVisible(bool(reasons))


class IntakeForm(QWidget):
    """The intake form view. See the module docstring; API used by ``ui/intake/pane.py``."""

    changed = Signal()  # an edit by the user (never by set_form)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("intakeForm")
        self._loading = False
        self.banner = MandatedReportBanner()
        self.general_error = ErrorLabel("general")
        self.general_error.setContentsMargins(8, 4, 8, 4)
        self.call = CallSection()
        self.caller = CallerSection()
        self.victims = VictimsSection()
        self.situation = SituationSection()
        self.consent = ConsentSection()
        self.outcome = OutcomeSection()
        self._sections: list[Section] = [
            self.call, self.caller, self.victims, self.situation, self.consent, self.outcome,
        ]  # fmt: skip
        self._names = [
            self.tr("Call"), self.tr("Caller"), self.tr("Victims"),
            self.tr("Situation"), self.tr("Consent"), self.tr("Outcome"),
        ]  # fmt: skip
        self.tabs = QTabWidget()
        self.tabs.setObjectName("intakeSections")
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName(self.tr("Intake form"))
        self.tabs.tabBar().setObjectName("intakeSectionTabs")
        self.tabs.tabBar().setAccessibleName(self.tr("Intake sections"))
        for number, (section, name) in enumerate(zip(self._sections, self._names), start=1):
            self.tabs.addTab(section, f"&{number} {name}")
            hint = self.tr("Alt+{0}; Ctrl+PgDown / Ctrl+PgUp: next / previous section").format(number)
            self.tabs.setTabToolTip(number - 1, hint)
            section.edited.connect(self._on_section_edited)
        labels = [label for section in self._sections for label in section.labels()]
        width = max(label.sizeHint().width() for label in labels)
        for label in labels:  # one label column for every section: fields stay put between tabs
            label.setMinimumWidth(width)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.general_error)
        layout.addWidget(self.tabs, 1)
        self._update_banner(announce=False)

    # values -------------------------------------------------------------
    def form(self) -> ContactForm:
        values: dict = {}
        for section in self._sections:
            values.update(section.values())
        return ContactForm(**values)

    def set_form(self, form: ContactForm) -> None:
        """Show ``form`` (a new, loaded or draft contact) on the first section; emits nothing."""
        self._loading = True
        try:
            for section in self._sections:
                section.fill(form)
        finally:
            self._loading = False
        self.clear_errors()
        self._update_banner(announce=False)
        for section in self._sections:
            section.verticalScrollBar().setValue(0)
        self.tabs.setCurrentIndex(0)

    def clear(self) -> None:
        self.set_form(ContactForm())

    def add_referral(self, referral: ReferralInput) -> None:
        """Append to the Outcome section's referrals, unless that service is already listed."""
        self.outcome.add_referral(referral)  # emits changed through the section

    def add_material(self, material: MaterialInput) -> bool:
        """Append to the Outcome section's library materials, unless that item is already listed."""
        return self.outcome.add_material(material)

    # errors -------------------------------------------------------------
    def show_errors(self, errors: dict[str, str]) -> None:
        self.clear_errors()
        placed: list[tuple[int, int, FieldRow, str]] = []
        general: list[str] = []
        rows = [section.error_rows() for section in self._sections]
        for key, message in errors.items():
            for index, section_rows in enumerate(rows):
                if key in section_rows:
                    position = list(section_rows).index(key)
                    placed.append((index, position, section_rows[key], message))
                    break
            else:
                general.append(message)
        by_label: dict[int, list[str]] = {}
        for _, _, row, message in placed:
            by_label.setdefault(id(row.error), []).append(message)
        for _, _, row, message in placed:
            row.show_error(message)
            row.error.show_message("\n".join(by_label[id(row.error)]))
        if general:
            self.general_error.show_message("\n⚠ ".join(general))
        if placed:
            index, _, row, _ = min(placed, key=lambda p: (p[0], p[1]))
            self.tabs.setCurrentIndex(index)
            target = row.target()
            section = self._sections[index]
            section.widget().layout().activate()
            section.ensureWidgetVisible(target)
            target.setFocus(Qt.FocusReason.OtherFocusReason)
        count = len(errors)
        if count:
            self._announce(self.tr("{0} problem(s) to fix before saving.").format(count), assertive=False)

    def clear_errors(self) -> None:
        self.general_error.clear_message()
        for section in self._sections:
            for row in section.error_rows().values():
                row.clear_error()

    # navigation ---------------------------------------------------------
    def section_names(self) -> list[str]:
        return list(self._names)

    def focus_first(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.call.primary.setFocus(Qt.FocusReason.OtherFocusReason)

    def next_section(self) -> None:
        self._go_to((self.tabs.currentIndex() + 1) % self.tabs.count())

    def previous_section(self) -> None:
        self._go_to((self.tabs.currentIndex() - 1) % self.tabs.count())

    def _go_to(self, index: int) -> None:
        """Show a section and put the cursor where it last was in it, or on its first field."""
        self.tabs.setCurrentIndex(index)
        section = self._sections[index]
        last = section.focusWidget()
        if last is not None and last.isVisible() and last.isEnabled():
            last.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            section.first_field().setFocus(Qt.FocusReason.OtherFocusReason)

    # banner -------------------------------------------------------------
    def _on_section_edited(self) -> None:
        self._update_banner(announce=not self._loading)
        if not self._loading:
            self.changed.emit()

    def _update_banner(self, *, announce: bool) -> None:
        reasons = []
        if self.victims.any_minor():
            reasons.append(self.tr("a potential victim is a minor"))
        if self.situation.danger.isChecked():
            reasons.append(self.tr("immediate danger"))
        was_visible = not self.banner.isHidden()
        self.banner.set_reasons(reasons)
        if announce and reasons and not was_visible:
            self._announce(self.banner.text.text(), assertive=True)

    def _announce(self, message: str, *, assertive: bool) -> None:
        announce(self, message, assertive=assertive)
