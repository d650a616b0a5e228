"""Contact ▸ Share… (Ctrl+Shift+P): forward a tip or make a referral packet
from the open, saved contact.

Widgets only (``ui.sharing.actions`` drives it). The preview says what the
packet holds and leaves out, and why, by part and field name, never a value
(so it shows nothing the privacy screen would have to hide). The override
reason shows only when the packet needs an override and the user's role may
give one; a role that may not is told to ask a supervisor, and Save stays off.
Errors show beside their fields (text and "⚠", never colour alone).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from console.consent import OVERRIDE_REASON_MIN, PART_FIELDS, Part
from console.services.sharing import SharePreview
from console.vocabulary import DisclosureBasis, DisclosureKind, RecipientClass
from ui.intake.fields import (
    CodeCombo,
    ErrorLabel,
    FieldRow,
    form_row,
    note_label,
    plain_text,
    show_field_errors,
)
from ui.labels import label


@dataclass(frozen=True, slots=True)
class ShareRequest:
    contact_id: int
    kind: DisclosureKind
    recipient_class: str
    recipient_name: str
    override_reason: str | None  # None: no override asked


class ShareDialog(QDialog):
    recipient_changed = Signal(str)  # a RecipientClass code: the preview is wanted
    save_requested = Signal(object)  # ShareRequest

    def __init__(self, contact_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("shareDialog")
        self.setWindowTitle(self.tr("Share contact #%1").replace("%1", str(contact_id)))
        self.contact_id = contact_id
        self.preview: SharePreview | None = None
        self.tip = QRadioButton(self.tr("Forward a &tip"), objectName="kindTip")
        self.packet = QRadioButton(self.tr("Referral &packet"), objectName="kindPacket")
        self.tip.setChecked(True)
        self.kinds = QButtonGroup(self)
        for button in (self.tip, self.packet):
            button.setAccessibleName(button.text().replace("&", ""))
            self.kinds.addButton(button)
        kinds = QWidget(objectName="kind")
        row = QHBoxLayout(kinds)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.tip)
        row.addWidget(self.packet)
        row.addStretch(1)
        self.recipient = CodeCombo(RecipientClass)
        self.name = QLineEdit(placeholderText=self.tr("the agency or organization"))
        self.view = QPlainTextEdit(readOnly=True)
        self.view.setMinimumHeight(190)
        self.reason = plain_text(3)
        self.reason.setPlaceholderText(self.tr("Why this is shared without the caller's consent (at least %1 characters)")
                                       .replace("%1", str(OVERRIDE_REASON_MIN)))
        self.refused = note_label("")
        self.refused.setObjectName("refusedNote")
        self.general = ErrorLabel("general")
        fields, override = QFormLayout(), QFormLayout()
        for form in (fields, override):
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # The preview takes the height the override reason does not need.
        self.view.setObjectName("preview")
        self.view.setAccessibleName(self.tr("What the packet holds and leaves out"))
        preview_label = QLabel(self.tr("Pre&view: what the packet holds and leaves out, and why"))
        preview_label.setBuddy(self.view)
        self.rows: dict[str, FieldRow] = {
            "kind": form_row(fields, self.tr("Share"), kinds, "kind", accessible=self.tr("What to share")),
            "recipient_class": form_row(fields, self.tr("&Recipient"), self.recipient, "recipient_class",
                                        required=True, accessible=self.tr("Recipient class")),
            "recipient_name": form_row(fields, self.tr("Recipient &name"), self.name, "recipient_name",
                                       required=True),
            "override_reason": form_row(override, self.tr("&Override reason"), self.reason, "override_reason",
                                        required=True, accessible=self.tr("Supervisor override reason")),
        }
        self.rows["kind"].focus = lambda: self.tip if self.tip.isChecked() else self.packet
        self.save_button = QPushButton(self.tr("&Save packet…"), objectName="savePacket")
        self.save_button.setAccessibleName(self.tr("Save packet"))
        self.save_button.setEnabled(False)
        self.save_button.setDefault(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.recipient.currentIndexChanged.connect(self._on_recipient_changed)
        layout = QVBoxLayout(self)
        layout.addLayout(fields)
        layout.addWidget(preview_label)
        layout.addWidget(self.view, 1)
        layout.addLayout(override)
        layout.addWidget(self.refused)
        layout.addWidget(self.general)
        layout.addWidget(buttons)
        self._set_override_visible(False)
        self.refused.hide()
        self.resize(620, 560)

    # -- shown ------------------------------------------------------------------------
    def start(self) -> None:
        """Ask for the first preview (the dialog opens on law enforcement)."""
        self.tip.setFocus()
        self._on_recipient_changed()

    def show_preview(self, preview: SharePreview) -> None:
        if preview.recipient_class != self.recipient.code():
            return  # an answer for a recipient no longer chosen
        self.preview = preview
        self.view.setPlainText(self._describe(preview))
        overridable = preview.needs_override and preview.may_override
        self._set_override_visible(overridable)
        refused = preview.needs_override and not preview.may_override
        self.refused.setText(self.tr("Only a supervisor can share this without the caller's consent. "
                                     "Ask a supervisor, or ask the caller for consent when it is safe to.")
                             if refused else "")
        self.refused.setVisible(refused)
        self.save_button.setEnabled(not refused)

    def _describe(self, preview: SharePreview) -> str:
        if preview.basis is DisclosureBasis.CONSENT:
            basis = self.tr("Shared with consent.")
        elif preview.basis is DisclosureBasis.MANDATED:
            basis = self.tr("Mandated report: shared with law enforcement whatever the consent.")
        else:
            basis = self.tr("NEEDS A SUPERVISOR'S OVERRIDE: shared without consent, with a written reason.")
        lines = [basis, preview.reason, "", self.tr("Included if a supervisor overrides:") if preview.needs_override
                 else self.tr("Included:")]
        parts = {Part.CASE: self.tr("The case"), Part.VICTIMS: self.tr("Potential victims"),
                 Part.NARRATIVE: self.tr("Narrative (the code word blanked out)") if Part.CALLER in preview.included
                 else self.tr("Narrative (the caller's name, phone and code word blanked out)"),
                 Part.CALLER: self.tr("The caller's identity and safe contact details")}
        for part in preview.included:
            names = (self.tr("how many, age group, gender, citizenship, language, where they are")
                     if part == Part.VICTIMS else ", ".join(label(name) for name in PART_FIELDS[Part(part)]))
            lines.append(f"  + {parts[Part(part)]}: {names}")
        lines += ["", self.tr("Left out:")]
        lines += [f"  - {label(what)}: {why}" for what, why in preview.left_out]
        return "\n".join(lines)

    def _set_override_visible(self, visible: bool) -> None:
        row = self.rows["override_reason"]
        for widget in (row.label, row.field):
            widget.setVisible(visible)
        if not visible:
            row.error.clear_message()

    def show_errors(self, errors: dict[str, str]) -> None:
        show_field_errors(self.rows, errors, self.general)

    def set_busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy and self.preview is not None
                                    and not (self.preview.needs_override and not self.preview.may_override))

    # -- asked ------------------------------------------------------------------------
    def kind(self) -> DisclosureKind:
        return DisclosureKind.TIP if self.tip.isChecked() else DisclosureKind.REFERRAL_PACKET

    def request(self) -> ShareRequest:
        overriding = self.preview is not None and self.preview.needs_override
        return ShareRequest(self.contact_id, self.kind(), self.recipient.code(), self.name.text(),
                            self.reason.toPlainText() if overriding else None)

    def _on_recipient_changed(self, _index: int = 0) -> None:
        self.preview = None
        self.save_button.setEnabled(False)
        self.view.setPlainText(self.tr("Reading the caller's consent…"))
        self.recipient_changed.emit(self.recipient.code())

    def _on_save_clicked(self) -> None:
        if self.preview is not None:
            self.save_requested.emit(self.request())
