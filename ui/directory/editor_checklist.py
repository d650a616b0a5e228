"""A checkable list of codes for the directory editor: one Tab stop, the
arrow keys move, Space ticks or unticks, typing jumps to a label. Labels
wrap into columns so a short list needs no scrolling. A code the list does
not offer (a language an import brought) is added at the end, ticked, so
a save keeps it unless someone unticks it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QListView, QListWidget, QListWidgetItem

_CODE = Qt.ItemDataRole.UserRole


class CheckList(QListWidget):
    changed = Signal()

    def __init__(self, items: Sequence[tuple[str, str]], *, rows: int = 5) -> None:
        super().__init__()
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setFlow(QListView.Flow.TopToBottom)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTabKeyNavigation(False)
        self._rows = rows
        for text, code in items:
            self._add(text, code)
        self._fit()
        self.itemChanged.connect(self._on_item_changed)
        if self.count():
            self.setCurrentRow(0)

    def _add(self, text: str, code: str) -> QListWidgetItem:
        item = QListWidgetItem(text, self)
        item.setData(_CODE, code)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        return item

    def _fit(self) -> None:
        """Columns as wide as the longest label (with its box), so no label is cut short."""
        metrics = self.fontMetrics()
        widest = max((metrics.horizontalAdvance(self.item(i).text()) for i in range(self.count())), default=60)
        indicator = self.style().pixelMetric(self.style().PixelMetric.PM_IndicatorWidth)
        self.setGridSize(QSize(widest + indicator + 24, metrics.height() + 6))

    def sizeHint(self) -> QSize:
        height = self.gridSize().height() * self._rows + 2 * self.frameWidth() + 4
        return QSize(super().sizeHint().width(), height + self.horizontalScrollBar().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def codes(self) -> tuple[str, ...]:
        return tuple(self.item(i).data(_CODE) for i in range(self.count())
                     if self.item(i).checkState() == Qt.CheckState.Checked)

    def set_codes(self, codes: Iterable[str], extra_label=lambda code: code) -> None:
        """Tick ``codes``; one not offered is added (``extra_label(code)`` names it)."""
        wanted = list(dict.fromkeys(codes))
        self.blockSignals(True)
        try:
            offered = {self.item(i).data(_CODE): self.item(i) for i in range(self.count())}
            for code in wanted:
                if code not in offered:
                    offered[code] = self._add(extra_label(code), code)
                    self._fit()
            for code, item in offered.items():
                item.setCheckState(Qt.CheckState.Checked if code in wanted else Qt.CheckState.Unchecked)
        finally:
            self.blockSignals(False)
        self.changed.emit()

    def toggle(self, code: str) -> None:
        for i in range(self.count()):
            item = self.item(i)
            if item.data(_CODE) == code:
                checked = item.checkState() == Qt.CheckState.Checked
                item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def _on_item_changed(self, _item: QListWidgetItem) -> None:
        self.changed.emit()
