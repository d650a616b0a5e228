"""Pieces every intake section is built from.

``CodeCombo`` shows labels and returns codes; ``form_row`` puts a label with
a mnemonic, its field and a hidden error label into a ``QFormLayout``;
the compound fields live in ``ui.intake.compound``;
``Section`` is the scrollable page of one tab.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from console.vocabulary import LANGUAGE_NAMES, LANGUAGES, STATE_NAMES, US_STATES
from ui.labels import label

_CTX = "intake"
CONTENT_MAX_WIDTH = 720  # beyond this, lines get too long to scan mid-call


def tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


def language_choices() -> list[tuple[str, str]]:
    """("Spanish (es)", "es") for every language the hotline offers."""
    return [(f"{tr(LANGUAGE_NAMES.get(code, code))} ({code})", code) for code in LANGUAGES]


def state_choices() -> list[tuple[str, str]]:
    """("TX – Texas", "TX"): typing the code or its first letters selects it."""
    return [(f"{code} – {STATE_NAMES.get(code, code)}", code) for code in US_STATES]


class CodeCombo(QComboBox):
    """A non-editable combo of labels that stores codes.

    Typing on it selects by prefix (QComboBox's own keyboard search). A code
    it does not list (a draft from another version) is added, not dropped.
    """

    def __init__(self, items: type[StrEnum] | Iterable[str] | Iterable[tuple[str, str]], *, blank: str | None = None):
        super().__init__()
        self.setEditable(False)
        self.setMaxVisibleItems(16)
        if blank is not None:
            self.addItem(blank, "")
        for item in items:
            text, code = item if isinstance(item, tuple) else (label(item), str(item))
            self.addItem(text, code)

    def code(self) -> str:
        data = self.currentData()
        return str(data) if data else ""

    def set_code(self, code: str | None) -> None:
        code = str(code or "")
        index = self.findData(code)
        if index < 0:
            self.addItem(label(code) or "—", code)
            index = self.count() - 1
        self.setCurrentIndex(index)


def _error_palette(widget: QWidget) -> QPalette:
    """Red text that reads on light and dark palettes; high contrast keeps its own."""
    palette = QPalette(widget.palette())
    hints = QGuiApplication.styleHints()
    accessibility = getattr(hints, "accessibility", None)
    if accessibility is not None and accessibility().contrastPreference() == Qt.ContrastPreference.HighContrast:
        return palette
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#ff8a80" if dark else "#b3261e"))
    return palette


class ErrorLabel(QLabel):
    """A field's error, beside it: hidden until there is one; text and "⚠", never colour alone."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"error_{name}")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._message = ""
        self.hide()

    def message(self) -> str:
        return self._message

    def show_message(self, message: str) -> None:
        self._message = message
        self.setText(f"⚠ {message}")
        self.setAccessibleName(tr("Error: {0}").format(message))
        self.setPalette(_error_palette(self))
        self.show()

    def clear_message(self) -> None:
        self._message = ""
        self.clear()
        self.hide()


@dataclass(eq=False)
class FieldRow:
    """One field as errors see it: where focus goes and where the message shows."""

    field: QWidget
    error: ErrorLabel
    description: str = ""
    focus: Callable[[], QWidget] | None = None
    label: QLabel | None = None
    described: QWidget | None = None  # the widget whose description carries the error

    def target(self) -> QWidget:
        return self.focus() if self.focus else self.field

    def show_error(self, message: str) -> None:
        self.error.show_message(message)
        self.described = self.target()
        parts = [self.description, tr("Error: {0}").format(message)]
        self.described.setAccessibleDescription(". ".join(p for p in parts if p))

    def clear_error(self) -> None:
        self.error.clear_message()
        if self.described is not None:
            self.described.setAccessibleDescription(self.description)
            self.described = None


def show_field_errors(rows: dict[str, FieldRow], errors: dict[str, str], general: ErrorLabel) -> FieldRow | None:
    """Each error beside its field (``rows`` in visual order), the others in ``general``;
    the first field at fault takes the focus and is returned. Clears earlier errors first."""
    clear_field_errors(rows, general)
    for name, row in rows.items():
        if name in errors:
            row.show_error(errors[name])
    if others := [message for name, message in errors.items() if name not in rows]:
        general.show_message("\n".join(others))
    first = next((row for name, row in rows.items() if name in errors), None)
    if first is not None:
        first.target().setFocus(Qt.FocusReason.OtherFocusReason)
    return first


def clear_field_errors(rows: dict[str, FieldRow], general: ErrorLabel) -> None:
    general.clear_message()
    for row in rows.values():
        row.clear_error()


def _cell(*widgets: QWidget | None) -> QWidget:
    cell = QWidget()
    box = QVBoxLayout(cell)
    box.setContentsMargins(0, 0, 0, 0)
    box.setSpacing(2)
    for widget in widgets:
        if widget is not None:
            box.addWidget(widget)
    return cell


def form_row(
    layout: QFormLayout, text: str, field: QWidget, name: str, *,
    required: bool = False, accessible: str | None = None, note: QWidget | None = None,
) -> FieldRow:  # fmt: skip
    """Label (mnemonic, buddy) | field, optional note, error label. ``name`` is the form's field name."""
    field.setObjectName(name)
    description = tr("required") if required else ""
    label_widget = QLabel(f"{text} *" if required else text)
    label_widget.setBuddy(field)
    label_widget.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    field.setAccessibleName(accessible or text.replace("&", ""))
    field.setAccessibleDescription(description)
    if required:
        label_widget.setToolTip(description)
        field.setToolTip(description)
    error = ErrorLabel(name)
    layout.addRow(label_widget, _cell(field, note, error))
    return FieldRow(field, error, description, label=label_widget)


def check_row(layout: QFormLayout, checkbox: QCheckBox, name: str) -> FieldRow:
    """A checkbox whose own text carries the mnemonic, in the field column."""
    checkbox.setObjectName(name)
    checkbox.setAccessibleName(checkbox.text().replace("&", ""))
    error = ErrorLabel(name)
    layout.addRow("", _cell(checkbox, error))
    return FieldRow(checkbox, error)


def note_label(text: str) -> QLabel:
    """Quiet explanatory text under a field (the palette's placeholder colour)."""
    note = QLabel(text)
    note.setWordWrap(True)
    note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return note


_VALUE_SIGNALS = (
    (QComboBox, "currentIndexChanged"), (QLineEdit, "textChanged"), (QPlainTextEdit, "textChanged"),
    (QAbstractButton, "toggled"), (QSpinBox, "valueChanged"),
)  # fmt: skip


def watch(signal_target: Signal, *widgets: QWidget) -> None:
    """Connect each widget's value-changed signal (``changed`` for compound fields) to ``signal_target``."""
    for widget in widgets:
        if isinstance(getattr(type(widget), "changed", None), Signal):
            widget.changed.connect(signal_target)
            continue
        name = next((n for kind, n in _VALUE_SIGNALS if isinstance(widget, kind)), None)
        if name is None:
            raise TypeError(f"cannot watch {type(widget).__name__}")
        getattr(widget, name).connect(signal_target)


def plain_text(lines: int = 4) -> QPlainTextEdit:
    """A multi-line field where Tab moves on (it never inserts a tab)."""
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    height = edit.fontMetrics().lineSpacing() * lines + 12
    edit.setMinimumHeight(height)
    edit.setMaximumHeight(round(height * 1.5))
    return edit


def preceding_focusable(container: QWidget) -> QWidget:
    """The last widget before ``container`` in the focus chain that can take focus."""
    anchor = container.previousInFocusChain()
    while anchor is not container and (
        anchor.focusPolicy() == Qt.FocusPolicy.NoFocus or container.isAncestorOf(anchor)
    ):
        anchor = anchor.previousInFocusChain()
    return anchor


def chain_tab_order(anchor: QWidget, widgets: Sequence[QWidget]) -> None:
    """Put ``widgets`` right after ``anchor`` in tab order.

    Widgets added after a window was built go to the end of its focus chain.
    setTabOrder ignores an anchor that cannot take focus and replaces one that
    has a focus proxy by the proxy: pass a plain focusable anchor.
    """
    order = [anchor, *widgets]
    for first, second in zip(order, order[1:]):
        QWidget.setTabOrder(first, second)


class Section(QScrollArea):
    """One tab of the form: a scrolling page holding a QFormLayout."""

    edited = Signal()

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(f"section_{name}")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        body = QWidget()
        body.setMaximumWidth(CONTENT_MAX_WIDTH)
        self.body_layout = QVBoxLayout(body)
        self.form_layout = QFormLayout()
        self.form_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form_layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.form_layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.body_layout.addLayout(self.form_layout)
        self.body_layout.addStretch(1)
        self.setWidget(body)
        self._rows: dict[str, FieldRow] = {}

    def row(self, text: str, field: QWidget, name: str, **kwargs) -> FieldRow:
        self._rows[name] = found = form_row(self.form_layout, text, field, name, **kwargs)
        watch(self.edited, field)
        return found

    def check(self, checkbox: QCheckBox, name: str) -> FieldRow:
        self._rows[name] = found = check_row(self.form_layout, checkbox, name)
        watch(self.edited, checkbox)
        return found

    def values(self) -> dict[str, Any]:
        """This section's fields of ``ContactForm``, by name."""
        raise NotImplementedError

    def fill(self, form: Any) -> None:  # a ContactForm
        raise NotImplementedError

    def error_rows(self) -> dict[str, FieldRow]:
        """Field name -> row, in visual order."""
        return dict(self._rows)

    def first_field(self) -> QWidget:
        return next(iter(self._rows.values())).target()

    def labels(self) -> list[QLabel]:
        return [row.label for row in self._rows.values() if row.label is not None]
