"""The live queue as a table: one row per open contact, in queue order.

``set_items`` applies a fresh read IN PLACE (rows removed, moved, inserted
and changed, never a reset) so the view keeps its selection and scroll.
Unchanged rows are recognised by identity first (the service reuses items
it already built), then by version. ``tick(now)`` repaints only the clock.
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import datetime, timezone
from itertools import compress, count
from operator import attrgetter, is_not

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QGuiApplication,
    QIcon,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QPolygonF,
)

from console.services.queue import QueueItem
from console.vocabulary import ContactStatus, Priority
from ui.labels import label
from ui.tables import RowRole, SortRole

COL_URGENCY, COL_WAITING, COL_REQUEST, COL_STATE, COL_STATUS, COL_SUMMARY = range(6)
_AWAITING_FOLLOW_UP = frozenset({ContactStatus.MESSAGE, ContactStatus.FOLLOW_UP})
COLUMN_COUNT = 6
MAX_CHANGE_SIGNALS = 8


_DISPLAY, _ALIGN = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole


# Urgency reads as a word, a shape and a colour: never colour alone. Colours
# follow the palette's lightness so dark and high-contrast themes stay legible.
_COLOURS = {  # priority -> (on a light base, on a dark base)
    Priority.CRISIS: ("#b3261e", "#ff8a80"),
    Priority.URGENT: ("#8a5300", "#ffc766"),
    Priority.NON_URGENT: ("#6b6b6b", "#a8a8a8"),
}
_icons: dict[tuple[Priority, bool], QIcon] = {}


def _dark() -> bool:
    return QGuiApplication.palette().color(QPalette.ColorRole.Base).lightness() < 128


def urgency_brush(priority: Priority) -> QBrush | None:
    """Text colour of the urgency word; None (the palette's) for non-urgent work."""
    if priority is Priority.NON_URGENT:
        return None
    return QBrush(QColor(_COLOURS[priority][_dark()]))


def urgency_icon(priority: Priority) -> QIcon:
    """A glyph per urgency: a filled disc with '!', a triangle with '!', a ring."""
    key = (priority, _dark())
    if key not in _icons:
        icon = QIcon()
        for size in (16, 32):
            icon.addPixmap(_glyph(priority, QColor(_COLOURS[priority][key[1]]), size))
        _icons[key] = icon
    return _icons[key]


def _glyph(priority: Priority, colour: QColor, size: int) -> QPixmap:
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    u = size / 16.0
    if priority is Priority.NON_URGENT:
        p.setPen(QPen(colour, 1.5 * u))
        p.drawEllipse(QRectF(4 * u, 4 * u, 8 * u, 8 * u))
    else:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        if priority is Priority.CRISIS:
            p.drawEllipse(QRectF(1 * u, 1 * u, 14 * u, 14 * u))
        else:
            p.drawPolygon(QPolygonF([QPointF(8 * u, 1 * u), QPointF(15.5 * u, 14.5 * u), QPointF(0.5 * u, 14.5 * u)]))
        p.setBrush(QColor("white") if priority is Priority.CRISIS else QColor("#1f1f1f"))
        top = 4 * u if priority is Priority.CRISIS else 5.5 * u
        p.drawRoundedRect(QRectF(7 * u, top, 2 * u, 5.5 * u), 0.8 * u, 0.8 * u)
        p.drawEllipse(QRectF(7 * u, 11 * u if priority is Priority.CRISIS else 11.6 * u, 2 * u, 2 * u))
    p.end()
    return pm


def waiting_text(seconds: float) -> str:
    """'0:42', '12:03', '1 h 05', '2 d 03 h': how long a contact has waited."""
    s = max(0, int(seconds))
    if s < 3600:
        return f"{s // 60}:{s % 60:02d}"
    if s < 86400:
        return f"{s // 3600} h {s % 3600 // 60:02d}"
    return f"{s // 86400} d {s % 86400 // 3600:02d} h"


def due_text(seconds_left: float) -> str:
    """'due in 3 d 04 h' or 'OVERDUE 1 h 05': a message's clock counts down to its deadline."""
    if seconds_left < 0:
        return "OVERDUE " + waiting_text(-seconds_left)
    return "due in " + waiting_text(seconds_left)


def _unchanged(old: QueueItem, new: QueueItem) -> bool:
    return old is new or (old.version == new.version and old.assigned_to_name == new.assigned_to_name)


def _stable_positions(seq: list[int]) -> set[int]:
    """Indexes into ``seq`` of one longest increasing subsequence (rows that stay)."""
    tails: list[int] = []  # seq value ending the best run of each length
    tail_at: list[int] = []  # index in seq of that value
    back = [-1] * len(seq)
    for i, value in enumerate(seq):
        k = bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_at.append(i)
        else:
            tails[k], tail_at[k] = value, i
        back[i] = tail_at[k - 1] if k else -1
    keep, i = set(), tail_at[-1] if tail_at else -1
    while i != -1:
        keep.add(i)
        i = back[i]
    return keep


class QueueModel(QAbstractTableModel):
    def __init__(self, parent=None, *, user_id: int | None = None, now: datetime | None = None):
        super().__init__(parent)
        self._rows: list[QueueItem] = []
        self._ids: list[int] = []  # contact ids of _rows, for the fast path
        self._user_id = user_id
        self._now = now or datetime.now(timezone.utc)
        self._headers = (
            self.tr("Urgency"), self.tr("Waiting / due"), self.tr("Request"),
            self.tr("State"), self.tr("Status"), self.tr("Summary"),
        )
        self._urgency_text = {
            Priority.CRISIS: self.tr("CRISIS"), Priority.URGENT: self.tr("URGENT"),
            Priority.NON_URGENT: self.tr("non-urgent"),
        }
        self._bold = QFont()
        self._bold.setBold(True)

    # -- Qt interface ------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section, orientation, role=_DISPLAY):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < COLUMN_COUNT:
            if role == _DISPLAY:
                return self._headers[section]
            if role == _ALIGN:
                side = Qt.AlignmentFlag.AlignRight if section == COL_WAITING else Qt.AlignmentFlag.AlignLeft
                return int(side | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: QModelIndex, role: int = _DISPLAY):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item, col = self._rows[index.row()], index.column()
        if role == _DISPLAY:
            return self._display(item, col)
        if role == RowRole:
            return item
        if role == SortRole:
            return self._sort_key(item, col)
        if role == Qt.ItemDataRole.ToolTipRole or role == Qt.ItemDataRole.AccessibleTextRole:
            return self._describe(item)
        if col == COL_URGENCY:
            if role == Qt.ItemDataRole.DecorationRole:
                return urgency_icon(item.priority)
            if role == Qt.ItemDataRole.ForegroundRole:
                return urgency_brush(item.priority)
            if role == Qt.ItemDataRole.FontRole and item.priority is not Priority.NON_URGENT:
                return self._bold
        if col == COL_WAITING and role == _ALIGN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    # -- content -----------------------------------------------------------
    def _display(self, item: QueueItem, col: int) -> str:
        if col == COL_URGENCY:
            return self._urgency_text[item.priority]
        if col == COL_WAITING:
            if item.status in _AWAITING_FOLLOW_UP and item.follow_up_due is not None:
                return due_text((item.follow_up_due - self._now).total_seconds())
            return waiting_text((self._now - item.received_at).total_seconds())
        if col == COL_REQUEST:
            return label(item.primary_request)
        if col == COL_STATE:
            return item.caller_state or "\u2014"
        if col == COL_STATUS:
            return self._status_text(item)
        return item.summary_preview

    def _status_text(self, item: QueueItem) -> str:
        if item.status not in (ContactStatus.IN_PROGRESS, ContactStatus.FOLLOW_UP):
            return label(item.status)
        if item.assigned_to_id is not None and item.assigned_to_id == self._user_id:
            return self.tr("You")
        return item.assigned_to_name or label(item.status)

    def _sort_key(self, item: QueueItem, col: int):
        if col == COL_URGENCY:
            return item.priority.rank
        if col == COL_WAITING:
            return item.received_at.timestamp()
        return self._display(item, col)

    def _describe(self, item: QueueItem) -> str:
        return self.tr("Contact #{id}: {urgency}, {request}, waiting {waiting}, {status}").format(
            id=item.contact_id, urgency=self._urgency_text[item.priority], request=label(item.primary_request),
            waiting=self._display(item, COL_WAITING), status=self._status_text(item),
        )

    # -- access for the pane -----------------------------------------------
    def item_at(self, row: int) -> QueueItem | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, contact_id: int) -> int:
        """The row showing this contact, or -1."""
        try:
            return self._ids.index(contact_id)
        except ValueError:
            return -1

    # -- updates -----------------------------------------------------------
    def tick(self, now: datetime) -> None:
        """A new second: only the clock column changes."""
        self._now = now
        if self._rows:
            self.dataChanged.emit(
                self.index(0, COL_WAITING), self.index(len(self._rows) - 1, COL_WAITING),
                [_DISPLAY, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole],
            )

    def set_items(self, items) -> None:
        """Make the rows equal to ``items`` (queue order) with the fewest row signals.

        Removals, moves and inserts are located with set and list operations
        that run in C, so a refresh of 10,000 rows costs little in Python.
        """
        new = list(items)
        new_ids = list(map(_contact_id, new))
        if new_ids != self._ids:
            wanted = set(new_ids)
            gone = set(self._ids) - wanted
            if gone:
                self._remove_rows(gone)
            added = wanted - set(self._ids)
            order = [cid for cid in new_ids if cid not in added] if added else new_ids
            if self._ids != order:
                self._reorder(order)
            if added:
                self._insert_rows(new, new_ids, added)
        self._update_changed(new)

    def _update_changed(self, new: list[QueueItem]) -> None:
        rows, changed = self._rows, []
        for i in list(compress(count(), map(is_not, rows, new))):  # in C: rows that are new objects
            if not _unchanged(rows[i], new[i]):
                changed.append(i)
            rows[i] = new[i]  # keep the newest object: identity is the fast check next time
        runs = _runs(changed)
        if len(runs) > MAX_CHANGE_SIGNALS:  # a busy moment: one signal spanning them all
            runs = [(runs[0][0], runs[-1][1])]
        for first, last in runs:
            self.dataChanged.emit(self.index(first, 0), self.index(last, COLUMN_COUNT - 1))

    def _remove_rows(self, gone: set[int]) -> None:
        ids = self._ids
        if len(gone) < 64:
            rows = sorted(map(ids.index, gone))
        else:
            rows = [i for i, cid in enumerate(ids) if cid in gone]
        for start, end in reversed(_runs(rows)):  # bottom-up keeps the row numbers valid
            self.beginRemoveRows(QModelIndex(), start, end)
            del self._rows[start:end + 1], ids[start:end + 1]
            self.endRemoveRows()

    def _insert_rows(self, new: list[QueueItem], new_ids: list[int], added: set[int]) -> None:
        # Rows now equal ``new`` minus ``added``; inserting in ascending target
        # position keeps every earlier position right.
        positions = sorted(map(new_ids.index, added)) if len(added) < 64 else [
            i for i, cid in enumerate(new_ids) if cid in added]
        for start, end in _runs(positions):
            self.beginInsertRows(QModelIndex(), start, end)
            self._rows[start:start] = new[start:end + 1]
            self._ids[start:start] = new_ids[start:end + 1]
            self.endInsertRows()

    def _reorder(self, order: list[int]) -> None:
        """Move rows (same set of contacts) into ``order``."""
        ids = self._ids
        a = next(i for i, (x, y) in enumerate(zip(ids, order)) if x != y)
        b = len(ids) - 1 - next(i for i, (x, y) in enumerate(zip(reversed(ids), reversed(order))) if x != y)
        if ids[a + 1:b + 1] == order[a:b]:  # one contact moved down
            self._move(a, b + 1)
            return
        if ids[a:b] == order[a + 1:b + 1]:  # one contact moved up
            self._move(b, a)
            return
        target = {cid: i for i, cid in enumerate(order[a:b + 1])}
        window = ids[a:b + 1]
        stays = _stable_positions([target[cid] for cid in window])
        movers = {cid for i, cid in enumerate(window) if i not in stays}
        # In queue order, put each mover right after its predecessor, which is
        # by then either a row that stays or a mover already placed.
        for k in range(a, b + 1):
            if order[k] in movers:
                src = ids.index(order[k])
                dest = ids.index(order[k - 1]) + 1 if k else 0
                if dest not in (src, src + 1):
                    self._move(src, dest)

    def _move(self, src: int, dest: int) -> None:
        """Move one row to before row ``dest`` (numbered before the move)."""
        self.beginMoveRows(QModelIndex(), src, src, QModelIndex(), dest)
        at = dest if dest < src else dest - 1
        self._rows.insert(at, self._rows.pop(src))
        self._ids.insert(at, self._ids.pop(src))
        self.endMoveRows()


_contact_id = attrgetter("contact_id")


def _runs(sorted_rows: list[int]) -> list[tuple[int, int]]:
    """[(first, last)] of each run of consecutive numbers."""
    runs: list[tuple[int, int]] = []
    for row in sorted_rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs
