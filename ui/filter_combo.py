"""The "Any or one of these" combo boxes of the search panes' filters."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget


def filter_combo(parent: QWidget, name: str, accessible: str, any_text: str, items: list[tuple[str, str]],
                 on_change) -> QComboBox:
    """``any_text`` (data None) then ``items`` as (text, code); ``on_change`` on every choice."""
    combo = QComboBox(parent, objectName=name)  # not editable; typing a letter jumps to it
    combo.setAccessibleName(accessible)
    combo.addItem(any_text, None)
    for text, code in items:
        combo.addItem(text, code)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(12)
    combo.currentIndexChanged.connect(on_change)
    return combo
