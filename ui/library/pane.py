"""The library pane: search as you type, filter, read, send.

Like the directory pane: typing restarts a short single-shot timer and the
search runs on the worker; each search and details read carries a number
and only the newest answer is shown. Filters search at once. Enter in the
search box moves to the results, Up and Down show each item's details.
``send_selected`` (Ctrl+Shift+M in the main window) hands the selected
``LibraryHit`` to whoever listens: the window adds it to the open contact.
Staff (``LibraryService.can_edit``) also get New, Edit and Retire/Restore
and "Show retired"; for everyone else those controls do not exist.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from console.errors import ConsoleError, ValidationError
from console.services.library import (
    LibraryHit,
    LibraryItemDetails,
    LibraryQuery,
    LibraryService,
)
from console.services.users import UserInfo
from ui.announce import announce
from ui.library.details import details_html
from ui.library.filters import LibraryFilters
from ui.library.model import (
    COL_FORMAT,
    COL_KIND,
    COL_LANGUAGE,
    COL_REVIEWED,
    COL_TITLE,
    LibraryHitModel,
)
from ui.tables import RowRole, list_table

log = logging.getLogger(__name__)

DEBOUNCE_MS = 200
_COLUMN_CHARS = {COL_KIND: 11, COL_LANGUAGE: 9, COL_FORMAT: 8, COL_REVIEWED: 9}
WIDE = 640  # pixels from which the table also shows format and date reviewed (the details always do)


class LibraryPane(QWidget):
    send_requested = Signal(object)  # the selected LibraryHit
    loaded = Signal()  # once, when the first search has answered

    def __init__(self, library: LibraryService, worker, user: UserInfo, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("libraryPane")
        self._library, self._worker, self._user = library, worker, user
        self._search_seq = self._answered_seq = self._details_seq = 0
        self._select_first = False
        self._shown: LibraryItemDetails | None = None
        self._note = ""  # said before the next search's count ("Retired: …")
        self._loaded = False
        self._wide: bool | None = None
        self.model = LibraryHitModel(self)
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self._search_now)
        self._build()

    def _build(self) -> None:
        self.search_edit = QLineEdit(self, objectName="librarySearch", clearButtonEnabled=True)
        self.search_edit.setPlaceholderText(self.tr("Title, topic, audience or language"))
        self.search_edit.setAccessibleName(self.tr("Search the resource library"))
        self.search_edit.textChanged.connect(self._timer.start)  # restarts: searches once typing pauses
        self.search_edit.returnPressed.connect(self._on_search_edit_return_pressed)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        caption = QLabel(self.tr("Search"), self)
        caption.setBuddy(self.search_edit)
        form.addRow(caption, self.search_edit)
        self.filters = LibraryFilters(self, form, staff=self._library.can_edit)
        self.filters.changed.connect(self._search_now)

        self.table = list_table(self, "libraryResults", self.tr("Library search results"), self.model,
                                _COLUMN_CHARS, padding=16)
        self.table.horizontalHeader().setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.details = QTextBrowser(self, objectName="libraryDetails", openLinks=False)
        self.details.setAccessibleName(self.tr("Library item details"))
        self.details.setPlaceholderText(self.tr("Select an item to see its details."))
        splitter = QSplitter(Qt.Orientation.Vertical, self, objectName="librarySplitter", childrenCollapsible=False)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setSizes([300, 240])

        self.status = QLabel(self, objectName="libraryStatus", wordWrap=True)
        self.status.setAccessibleName(self.tr("Library search status"))
        self.send_button = self._button("librarySend", self.tr("Send (Ctrl+Shift+M)"),
                                        self.tr("Add the selected item to the open contact"), self.send_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.send_button, 0, Qt.AlignmentFlag.AlignTop)
        self.new_button = self.edit_button = self.retire_button = None
        staff = QHBoxLayout()
        if self._library.can_edit:
            self.new_button = self._button("libraryNew", self.tr("New item…"), self.tr("Add an item to the library"),
                                           self.new_item)
            self.edit_button = self._button("libraryEdit", self.tr("Edit…"), self.tr("Edit the selected item"),
                                            self.edit_selected)
            self.retire_button = self._button("libraryRetire", self.tr("Retire"),
                                              self.tr("Retire or restore the selected item"), self.retire_selected)
            staff.addStretch(1)
            for button in (self.new_button, self.edit_button, self.retire_button):
                staff.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(form)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        layout.addLayout(staff)
        self._update_buttons()

    def _button(self, name: str, text: str, accessible: str, slot) -> QPushButton:
        button = QPushButton(text, self, objectName=name)
        button.setAccessibleName(accessible)
        button.clicked.connect(slot)
        return button

    def sizeHint(self) -> QSize:
        return QSize(460, 720)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        wide = self.width() >= WIDE
        if wide != self._wide:  # only when crossing: the title keeps the room of a narrow dock
            self._wide = wide
            self.table.setColumnHidden(COL_FORMAT, not wide)
            self.table.setColumnHidden(COL_REVIEWED, not wide)

    # -- public ------------------------------------------------------------
    def start(self) -> None:
        self._search_now()

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def query(self) -> LibraryQuery:
        return self.filters.query(self.search_edit.text())

    def selected_hit(self) -> LibraryHit | None:
        index = self.table.currentIndex()
        return index.data(RowRole) if index.isValid() else None

    def send_selected(self) -> None:
        hit = self.selected_hit()
        if hit is None:
            self._say(self.tr("Select an item to send first."))
        elif hit.retired:
            self._say(self.tr("A retired item is not sent; restore it first."))
        else:
            self.send_requested.emit(hit)

    def new_item(self) -> None:
        self._open_editor(None)

    def edit_selected(self) -> None:
        if self._shown is not None:
            self._open_editor(self._shown)

    def retire_selected(self) -> None:
        shown = self._shown
        if shown is None:
            return
        library, user_id, retire = self._library, self._user.id, not shown.hit.retired
        self._worker.submit(lambda: library.retire(shown.item_id, user_id, retire), self._on_item_saved,
                            self._on_action_failed, owner=self)

    # -- searching -----------------------------------------------------------
    def _on_search_edit_return_pressed(self) -> None:
        if self._timer.isActive():
            self._search_now()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if self._answered_seq != self._search_seq:
            self._select_first = True  # when the answer comes
        elif not self.table.currentIndex().isValid() and self.model.rowCount():
            self._select_row(0)

    def _search_now(self) -> None:
        self._timer.stop()
        self._search_seq += 1
        seq, query, library = self._search_seq, self.query(), self._library
        self.status.setText(self.tr("Searching…"))
        self._worker.submit(lambda: library.search(query), lambda hits: self._on_search_done(seq, query, hits),
                            lambda exc: self._on_search_failed(seq, exc), owner=self)

    def _on_search_done(self, seq: int, query: LibraryQuery, hits: tuple[LibraryHit, ...]) -> None:
        if seq != self._search_seq:
            return  # a newer search is on its way
        self._answered_seq = seq
        kept = self._shown.item_id if self._shown else None
        self.model.set_rows(hits)
        row = self.model.row_of(kept) if kept is not None else None
        if self._select_first and hits:
            row = 0 if row is None else row
        self._select_first = False
        if row is not None:
            self._select_row(row)
        else:
            self._show_details(None)
        note, self._note = self._note, ""
        self._say(note + self._count_text(len(hits), query.limit) + self.filters.summary(query),
                  announce_it=self.search_edit.hasFocus())
        self._mark_loaded()

    def _on_search_failed(self, seq: int, exc: BaseException) -> None:
        if seq != self._search_seq:
            return
        self._answered_seq, self._select_first = seq, False
        self._on_action_failed(exc)
        self._mark_loaded()

    def _count_text(self, n: int, limit: int) -> str:
        if n == 0:
            return self.tr("No items match. Try fewer words, or set a filter to Any.")
        if n >= limit:
            return self.tr("The first %1 items. Type more or filter to narrow.").replace("%1", str(n))
        return self.tr("1 item") if n == 1 else self.tr("%1 items").replace("%1", str(n))

    def _mark_loaded(self) -> None:
        if not self._loaded:
            self._loaded = True
            self.loaded.emit()

    # -- details and editing ---------------------------------------------------
    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        hit = current.data(RowRole) if current.isValid() else None
        self._update_buttons()
        if hit is None or (self._shown is not None and self._shown.hit == hit):
            return
        self._details_seq += 1
        seq, library, item_id = self._details_seq, self._library, hit.item_id
        self._worker.submit(lambda: library.details(item_id), lambda d: self._on_details_done(seq, d),
                            lambda exc: self._on_details_failed(seq, exc), owner=self)

    def _on_details_done(self, seq: int, details: LibraryItemDetails) -> None:
        if seq == self._details_seq:
            self._show_details(details)

    def _on_details_failed(self, seq: int, exc: BaseException) -> None:
        if seq == self._details_seq:
            self._show_details(None)
            self._on_action_failed(exc)

    def _show_details(self, details: LibraryItemDetails | None) -> None:
        self._details_seq += details is None  # a details read still on its way is no longer wanted
        self._shown = details
        if details is None:
            self.details.clear()
        else:
            self.details.setHtml(details_html(details))
        self._update_buttons()

    def _open_editor(self, details: LibraryItemDetails | None) -> None:
        from ui.library.editor import (
            ItemEditor,  # staff only: built when first asked for
        )

        saved = ItemEditor.ask(self._library, self._worker, self._user.id, details, self)
        if saved is not None:
            self._on_item_saved(saved)

    def _on_item_saved(self, details: LibraryItemDetails) -> None:
        self._show_details(details)
        if details.hit.retired:
            note = self.tr("Retired: %1. Searches no longer show it (staff: Show retired items to restore it). ")
        else:
            note = self.tr("Saved: %1. ")
        self._note = note.replace("%1", details.hit.title)
        self._search_now()  # the list shows it where it now belongs (or not, once retired)

    def _on_action_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self._say(" ".join(exc.errors.values()))
        elif isinstance(exc, ConsoleError):
            self._say(str(exc))
        else:
            log.error("library work failed", exc_info=exc)
            self._say(self.tr("The library cannot be read right now. Try again; if it keeps failing, tell IT."))

    # -- helpers -------------------------------------------------------------
    def _select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)

    def _update_buttons(self) -> None:
        hit = self.selected_hit()
        self.send_button.setEnabled(hit is not None and not hit.retired)
        if self.retire_button is not None:
            shown = self._shown is not None and hit is not None and self._shown.item_id == hit.item_id
            self.edit_button.setEnabled(shown)
            self.retire_button.setEnabled(shown)
            self.retire_button.setText(self.tr("Restore") if shown and self._shown.hit.retired else self.tr("Retire"))

    def _say(self, text: str, announce_it: bool = False) -> None:
        self.status.setText(text)
        if announce_it and text:
            announce(self.status, text, assertive=False)
