"""The two compound fields of the intake: a group of checkboxes for a set of
codes, and an optional date-time entered in local time and returned in UTC."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QGridLayout,
    QHBoxLayout,
    QWidget,
)

from ui.intake.fields import tr


class CheckGroup(QWidget):
    """Checkboxes for a set of codes; a label's buddy (focus goes to the first usable box).

    One code may be *locked* (the primary request): shown ticked and greyed,
    and left out of ``codes()``; the specialist's own tick comes back when it
    is unlocked.
    """

    changed = Signal()

    def __init__(self, items: Sequence[tuple[str, str]], name: str, *, columns: int = 2) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self._boxes: dict[str, QCheckBox] = {}
        for i, (text, code) in enumerate(items):
            box = QCheckBox(text.replace("&", "&&"))  # "Training & technical assistance"
            box.setObjectName(f"{name}.{code}")
            box.setAccessibleName(text)
            box.toggled.connect(self.changed)
            grid.addWidget(box, i // columns, i % columns)
            self._boxes[code] = box
        grid.setColumnStretch(columns, 1)
        self._locked: str | None = None
        self._own_tick = False
        self._update_proxy()

    def codes(self) -> tuple[str, ...]:
        return tuple(c for c, b in self._boxes.items() if c != self._locked and b.isChecked())

    def set_codes(self, codes: Iterable[str]) -> None:
        wanted = set(codes)
        for code, box in self._boxes.items():
            if code == self._locked:
                self._own_tick = code in wanted
            else:
                box.setChecked(code in wanted)

    def set_locked(self, code: str | None) -> None:
        if code == self._locked:
            return
        if self._locked in self._boxes:
            old = self._boxes[self._locked]
            old.setEnabled(True)
            old.setToolTip("")
            old.setChecked(self._own_tick)
        self._locked = code if code in self._boxes else None
        if self._locked:
            box = self._boxes[self._locked]
            self._own_tick = box.isChecked()
            box.setChecked(True)
            box.setEnabled(False)
            box.setToolTip(tr("The primary request"))
        self._update_proxy()

    def _update_proxy(self) -> None:
        usable = [b for c, b in self._boxes.items() if c != self._locked]
        self.setFocusProxy(usable[0] if usable else None)


class OptionalDateTime(QWidget):
    """A checkbox plus a date-time in local time; ``value()`` is aware UTC or None.

    ``empty_when_checked``: the "Now" box of "arrived" (ticked means None);
    otherwise a ticked box ("Forwarded", "Set") means a value.
    """

    changed = Signal()

    def __init__(self, name: str, check_text: str, check_name: str, *, empty_when_checked: bool) -> None:
        super().__init__()
        self.setObjectName(f"{name}_box")
        self._empty_when_checked = empty_when_checked
        self._stamp_on_enable = True
        self.check = QCheckBox(check_text)
        self.check.setObjectName(check_name)
        self.edit = QDateTimeEdit()
        self.edit.setObjectName(name)
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd HH:mm t")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.check)
        row.addWidget(self.edit)
        row.addStretch(1)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFocusProxy(self.check)
        self.check.setChecked(empty_when_checked)
        self.check.toggled.connect(self._on_check_toggled)
        self.check.toggled.connect(self.changed)
        self.edit.dateTimeChanged.connect(self.changed)
        self._sync()

    def set_accessible_names(self, name: str) -> None:
        self.setAccessibleName(name)
        self.edit.setAccessibleName(name)
        self.check.setAccessibleName(f"{name}: {self.check.text().replace('&', '')}")

    @staticmethod
    def align(*widgets: OptionalDateTime) -> None:
        """Same checkbox width, so the dates of one section line up."""
        width = max(w.check.sizeHint().width() for w in widgets)
        for widget in widgets:
            widget.check.setMinimumWidth(width)

    def has_value(self) -> bool:
        return self.check.isChecked() != self._empty_when_checked

    def focus_target(self) -> QWidget:
        return self.edit if self.has_value() else self.check

    def value(self) -> datetime | None:
        if not self.has_value():
            return None
        return datetime.fromtimestamp(self.edit.dateTime().toMSecsSinceEpoch() / 1000, UTC)

    def set_value(self, moment: datetime | None) -> None:
        if moment is None:
            self._stamp_on_enable = True
            self.edit.setDateTime(_now_to_minute())
            self.check.setChecked(self._empty_when_checked)
        else:
            self._stamp_on_enable = False
            self.edit.setDateTime(QDateTime.fromMSecsSinceEpoch(round(moment.timestamp() * 1000)))
            self.check.setChecked(not self._empty_when_checked)
        self._sync()

    def _on_check_toggled(self) -> None:
        if self.has_value() and self._stamp_on_enable:
            self._stamp_on_enable = False
            self.edit.setDateTime(_now_to_minute())
        self._sync()

    def _sync(self) -> None:
        self.edit.setEnabled(self.has_value())


def _now_to_minute() -> QDateTime:
    now = QDateTime.currentDateTime()
    return QDateTime.fromSecsSinceEpoch(now.toSecsSinceEpoch() // 60 * 60)
