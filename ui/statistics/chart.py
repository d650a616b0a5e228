"""A horizontal bar chart of one breakdown, painted with QPainter (PySide6
Essentials has no QtCharts).

One row per category: its name, a bar as long as its count relative to the
largest shown count, and the count as text (``<3`` and ``x`` too, so the
chart never says more than the table). A ``<3`` has a dotted outline as long
as 2 would be; an ``x`` has no bar. Colours come from the palette (dark mode,
high contrast). Screen readers get the same figures as a description.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from console.services.statistics import Breakdown
from console.suppression import SMALL
from ui.statistics.names import cell_label, title

_GAP = 8


class BarChart(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, objectName="statisticsChart")
        self._rows: list[tuple[str, int | None, str]] = []  # (label, count or None, text)
        self._largest: int | None = None  # the largest count shown (None: none is)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the table beside it carries the same figures
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(self.tr("Bar chart"))

    def set_breakdown(self, breakdown: Breakdown | None) -> None:
        cells = () if breakdown is None else breakdown.cells
        self._rows = [(cell_label(breakdown.key, c.code), c.count, c.text) for c in cells]  # type: ignore[union-attr]
        self._largest = max((n for _, n, _ in self._rows if n), default=None)
        name = self.tr("Bar chart") if breakdown is None else self.tr("Bar chart: %1").replace("%1", title(breakdown))
        self.setAccessibleName(name)
        self.setAccessibleDescription("; ".join(f"{text_}: {count}" for text_, _, count in self._rows))
        self.updateGeometry()
        self.update()

    def _row_height(self) -> int:
        return self.fontMetrics().height() + 6

    def sizeHint(self) -> QSize:
        return QSize(420, max(1, len(self._rows)) * self._row_height() + _GAP)

    def minimumSizeHint(self) -> QSize:
        return QSize(240, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette, metrics = self.palette(), self.fontMetrics()
        if not self._rows:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No table shown"))
            return
        row_h = self._row_height()
        label_w = min(max(metrics.horizontalAdvance(text) for text, _, _ in self._rows), int(self.width() * 0.42))
        value_w = metrics.horizontalAdvance(" 000,000 ")
        bar_left = label_w + _GAP
        bar_w = max(10, self.width() - bar_left - value_w - _GAP)
        text_pen = QPen(palette.color(QPalette.ColorRole.WindowText))
        bar_colour = palette.color(QPalette.ColorRole.Highlight)
        for i, (text, count, shown) in enumerate(self._rows):
            y = _GAP // 2 + i * row_h
            painter.setPen(text_pen)
            painter.drawText(QRectF(0, y, label_w, row_h), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                             metrics.elidedText(text, Qt.TextElideMode.ElideRight, label_w))
            bar = QRectF(bar_left, y + 3, 0, row_h - 6)
            if count and self._largest:
                bar.setWidth(max(2.0, bar_w * count / self._largest))
                painter.fillRect(bar, bar_colour)
            elif shown == SMALL:  # as long as 2 would be, or a stub when no count is shown to compare with
                bar.setWidth(max(3.0, bar_w * 2 / self._largest) if self._largest else 6.0)
                painter.setPen(QPen(bar_colour, 1, Qt.PenStyle.DotLine))
                painter.drawRect(bar)
                painter.setPen(text_pen)
            painter.drawText(QRectF(bar.right() + 4, y, value_w, row_h),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, shown)
        painter.end()
