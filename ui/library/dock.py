"""The Library dock: tabbed with the directory, its pane built the first time
it is shown (Ctrl+4, its tab, or View ▸ Library), so start-up never imports
or searches the library. Its menu (Li&brary) holds the keys: Ctrl+4 searches,
Ctrl+Shift+M sends the selected item on the open contact; staff also get
New item. ``material_requested`` carries a ``MaterialInput`` for the intake.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenuBar, QWidget

from console.services.intake import MaterialInput
from console.services.library_rules import default_method

if TYPE_CHECKING:
    from console.services.library import LibraryService
    from console.services.users import UserInfo
    from ui.library.pane import LibraryPane

_AREA = Qt.DockWidgetArea.RightDockWidgetArea


class LibraryDock(QDockWidget):
    material_requested = Signal(object)  # a MaterialInput for the open contact

    def __init__(self, library: LibraryService, worker, user: UserInfo, window: QMainWindow, beside: QDockWidget):
        super().__init__(self.tr("Library"), window, objectName="libraryDock")
        self._library, self._worker, self._user = library, worker, user
        self._window, self._beside = window, beside
        self.pane: LibraryPane | None = None
        self.setWidget(QWidget(self, objectName="libraryPlaceholder"))
        self.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.reset()
        self.visibilityChanged.connect(self._on_visibility_changed)

    def reset(self) -> None:
        """Back in its place: a tab beside the directory, which stays in front."""
        self.setFloating(False)
        self._window.addDockWidget(_AREA, self)
        self._window.tabifyDockWidget(self._beside, self)
        self.show()
        self._beside.raise_()

    def add_menu(self, bar: QMenuBar, action: Callable) -> None:
        """Li&brary (Alt+B: the form owns Alt+L); ``action`` is the window's own action maker."""
        menu = bar.addMenu(self.tr("Li&brary"))
        action(menu, self.tr("&Search the library"), "actionLibrarySearch", "Ctrl+4", self.focus_search)
        action(menu, self.tr("Se&nd selected item"), "actionLibrarySend", "Ctrl+Shift+M", self.send_selected)
        if self._library.can_edit:
            action(menu, self.tr("New &item…"), "actionLibraryNew", None, lambda: self._shown_pane().new_item())

    def ensure_pane(self) -> LibraryPane:
        if self.pane is None:
            from ui.library.pane import LibraryPane  # imported when first shown: start-up stays short

            self.pane = LibraryPane(self._library, self._worker, self._user, self)
            self.pane.send_requested.connect(self._on_send_requested)
            self.setWidget(self.pane)
            self.pane.start()
        return self.pane

    def _shown_pane(self) -> LibraryPane:
        self.show()
        self.raise_()
        return self.ensure_pane()

    def focus_search(self) -> None:
        self._shown_pane().focus_search()

    def send_selected(self) -> None:
        self._shown_pane().send_selected()

    def _on_visibility_changed(self, visible: bool) -> None:
        if visible:
            self.ensure_pane()

    def _on_send_requested(self, hit) -> None:
        self.material_requested.emit(MaterialInput(hit.item_id, hit.title, default_method(hit.format)))
