"""Section 3, potential victims: one group per set of people in the same situation."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from console.services.intake.form import ContactForm, VictimForm
from console.vocabulary import AgeGroup, Citizenship, Gender
from ui.intake.fields import (
    CodeCombo,
    ErrorLabel,
    FieldRow,
    Section,
    chain_tab_order,
    form_row,
    language_choices,
    note_label,
    preceding_focusable,
    state_choices,
    watch,
)


class VictimGroup(QGroupBox):
    """The fields of one group; object names follow its position (``victims.N.age_group``)."""

    edited = Signal()
    remove_requested = Signal(object)

    def __init__(self, index: int) -> None:
        super().__init__()
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.count = QSpinBox()
        self.count.setRange(1, 999)
        self.count.setMaximumWidth(self.count.fontMetrics().horizontalAdvance("0000") + 60)
        self.age_group = CodeCombo(AgeGroup)
        self.gender = CodeCombo(Gender)
        self.citizenship = CodeCombo(Citizenship)
        self.language = CodeCombo(language_choices(), blank="—")
        self.city = QLineEdit()
        self.state = CodeCombo(state_choices(), blank="—")
        self.zip = QLineEdit()
        self.zip.setPlaceholderText(self.tr("77002"))
        self._labels = {
            "count": self.tr("Co&unt"),
            "age_group": self.tr("A&ge group"),
            "gender": self.tr("G&ender"),
            "citizenship": self.tr("Ci&tizenship"),
            "language": self.tr("&Language"),
            "city": self.tr("Cit&y"),
            "state": self.tr("&State"),
            "zip": self.tr("&ZIP"),
        }
        self.rows: dict[str, FieldRow] = {}
        for suffix, text in self._labels.items():
            field = getattr(self, suffix)
            self.rows[suffix] = form_row(layout, text, field, f"victims.{index}.{suffix}")
            watch(self.edited, field)
        self.remove = QPushButton(self.tr("&Remove group"))
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.remove)
        layout.addRow(buttons)
        self.set_index(index)

    def set_index(self, index: int) -> None:
        number = index + 1
        self.setTitle(self.tr("Potential victim group {0}").format(number))
        self.setObjectName(f"victims.{index}")
        for suffix, row in self.rows.items():
            name = f"victims.{index}.{suffix}"
            row.field.setObjectName(name)
            row.error.setObjectName(f"error_{name}")
            plain = self._labels[suffix].replace("&", "")
            row.field.setAccessibleName(self.tr("Group {0}: {1}").format(number, plain))
        self.remove.setObjectName(f"victims.{index}.remove")
        self.remove.setAccessibleName(self.tr("Remove potential victim group {0}").format(number))

    def widgets_in_order(self) -> list[QWidget]:
        return [row.field for row in self.rows.values()] + [self.remove]

    def value(self) -> VictimForm:
        return VictimForm(
            count=self.count.value(),
            age_group=self.age_group.code(),
            gender=self.gender.code(),
            citizenship=self.citizenship.code(),
            language=self.language.code(),
            city=self.city.text(),
            state=self.state.code(),
            zip=self.zip.text(),
        )

    def fill(self, victim: VictimForm) -> None:
        self.count.setValue(victim.count)
        self.age_group.set_code(victim.age_group)
        self.gender.set_code(victim.gender)
        self.citizenship.set_code(victim.citizenship)
        self.language.set_code(victim.language)
        self.city.setText(victim.city)
        self.state.set_code(victim.state)
        self.zip.setText(victim.zip)


class VictimsSection(Section):
    def __init__(self) -> None:
        super().__init__("victims")
        self._intro = note_label(self.tr("No potential victims recorded yet."))
        self.body_layout.insertWidget(0, self._intro)
        self._holder = QWidget()
        self._groups_layout = QVBoxLayout(self._holder)
        self._groups_layout.setContentsMargins(0, 0, 0, 0)
        self.body_layout.insertWidget(1, self._holder)
        self.add_button = QPushButton(self.tr("&Add potential victim"))
        self.add_button.setObjectName("victims.add")
        self.add_button.setAccessibleName(self.tr("Add potential victim group"))
        self.add_button.clicked.connect(self._on_add_clicked)
        self._error = ErrorLabel("victims")
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_button)
        add_row.addStretch(1)
        self.body_layout.insertLayout(2, add_row)
        self.body_layout.insertWidget(3, self._error)
        self._list_row = FieldRow(self.add_button, self._error)
        self.groups: list[VictimGroup] = []

    # values ------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        return {"victims": tuple(group.value() for group in self.groups)}

    def fill(self, form: ContactForm) -> None:
        while self.groups:
            self._drop(self.groups[-1])
        for victim in form.victims:
            self._append().fill(victim)
        self._after_change()

    def any_minor(self) -> bool:
        return any(group.age_group.code() == AgeGroup.MINOR for group in self.groups)

    def error_rows(self) -> dict[str, FieldRow]:
        rows: dict[str, FieldRow] = {"victims": self._list_row}
        for i, group in enumerate(self.groups):
            rows.update({f"victims.{i}.{suffix}": row for suffix, row in group.rows.items()})
        return rows

    def first_field(self) -> QWidget:
        return self.groups[0].count if self.groups else self.add_button

    # groups --------------------------------------------------------------
    def add_group(self) -> VictimGroup:
        """Append an empty group and put the cursor in its first field."""
        group = self._append()
        self._after_change()
        self.widget().layout().activate()  # lay the new group out now, so scrolling to it is exact
        self.ensureWidgetVisible(group)
        group.count.setFocus()
        self.edited.emit()
        return group

    def remove_group(self, group: VictimGroup) -> None:
        index = self.groups.index(group)
        self._drop(group)
        self._after_change()
        if self.groups:
            self.groups[min(index, len(self.groups) - 1)].count.setFocus()
        else:
            self.add_button.setFocus()
        self.edited.emit()

    def _on_add_clicked(self) -> None:
        self.add_group()

    def _append(self) -> VictimGroup:
        group = VictimGroup(len(self.groups))
        group.fill(VictimForm())  # "unknown", not the first item of each list
        group.edited.connect(self.edited)
        group.remove_requested.connect(self.remove_group)
        self._groups_layout.addWidget(group)
        group.show()  # a layout shows new children only on the next event-loop turn; focus needs it now
        self.groups.append(group)
        return group

    def _drop(self, group: VictimGroup) -> None:
        self.groups.remove(group)
        self._groups_layout.removeWidget(group)
        group.hide()
        group.setParent(None)
        group.deleteLater()

    def _after_change(self) -> None:
        for i, group in enumerate(self.groups):
            group.set_index(i)
        self._intro.setVisible(not self.groups)
        widgets = [w for group in self.groups for w in group.widgets_in_order()]
        chain_tab_order(preceding_focusable(self._holder), widgets)
