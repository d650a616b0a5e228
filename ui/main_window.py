"""The main window: the intake form in the middle, the live queue and the
referral directory in docks either side, a status bar that always says
whether the contact is saved and the database reachable."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMessageBox, QWidget

from console.audit import AuditAction
from console.errors import ConsoleError
from console.permissions import Permission, allowed
from console.services.intake import ReferralInput
from ui.context import DeskContext
from ui.dialogs.drafts import DISCARD, RESTORE, DraftsDialog
from ui.dialogs.reassign import ReassignDialog
from ui.dialogs.shortcuts import ShortcutsDialog
from ui.directory.pane import DirectoryPane
from ui.intake.pane import IntakePane
from ui.queue.pane import QueuePane
from ui.main_menus import build_menus
from ui.sign_in.privacy import PrivacyScreen
from ui.statistics.window import StatisticsWindow
from ui.supervisor.pane import SupervisorPane

LAYOUT_VERSION = 1


class MainWindow(QMainWindow):
    panes_loaded = Signal()
    closed = Signal()
    sign_out_requested = Signal()  # the app signs this user out (their draft is kept) and asks who is next

    def __init__(self, context: DeskContext, worker, window_settings: QSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self._context, self._worker, self._window_settings = context, worker, window_settings
        title = self.tr("Hotline Console")
        if context.settings.demo:
            title += self.tr(" — DEMO DATA")
        self.setWindowTitle(title)

        self.intake = IntakePane(context.intake, context.drafts, worker, context.user, self)
        self.queue = QueuePane(context.queue, context.feed, worker, context.user, self)
        self.directory = DirectoryPane(context.directory, worker, self)
        self.supervisor = SupervisorPane(context.supervision, worker, self)
        self.setCentralWidget(self.intake)
        self.queue_dock = self._dock(self.tr("&Queue"), "queueDock", self.queue, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.directory_dock = self._dock(
            self.tr("&Directory"), "directoryDock", self.directory, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.supervisor_dock = None
        self.statistics_window: StatisticsWindow | None = None  # opened from View ▸ Statistics
        self.upkeep = None  # ui.directory.upkeep.DirectoryUpkeep, built on first use (staff)
        self.library_dock = None  # ui.library.dock.LibraryDock: a tab beside the directory; its pane built when shown
        if context.library is not None:
            from ui.library.dock import LibraryDock

            self.library_dock = LibraryDock(context.library, worker, context.user, self, self.directory_dock)
        self.audit = None  # ui.audit.hook.AuditHook: the chain check once the panes load, its banner, its window
        if context.audit is not None:
            from ui.audit.hook import AuditHook

            self.audit = AuditHook(context.audit, worker, self)
            self.panes_loaded.connect(self.audit.start)
        self.follow_ups = None  # ui.follow_ups.actions.FollowUpActions: Queue ▸ Follow-ups, Contact ▸ Add follow-up
        if context.follow_ups is not None:
            from ui.follow_ups.actions import FollowUpActions

            self.follow_ups = FollowUpActions(context.follow_ups, context.users, context.user, worker,
                                              lambda: self.intake.contact_id, context.settings.hours.time_zone, self)
        self.tta = None  # ui.tta.actions.TtaActions: Contact ▸ TTA request, Queue ▸ TTA requests
        if context.tta is not None:
            from ui.tta.actions import TtaActions

            self.tta = TtaActions(context.tta, context.directory, context.user, worker, lambda: self.intake.contact_id,
                                  self)
        self.sharing = None  # ui.sharing.actions.SharingActions: Contact ▸ Share… (tips and referral packets)
        if context.sharing is not None:
            from ui.sharing.actions import SharingActions

            self.sharing = SharingActions(context.sharing, context.user, worker,
                                          lambda: (self.intake.contact_id, self.intake.dirty), self)
        if allowed(context.user.role, Permission.SUPERVISE):
            self.supervisor_dock = self._dock(
                self.tr("Supervisor"), "supervisorDock", self.supervisor, Qt.DockWidgetArea.LeftDockWidgetArea
            )
        else:
            self.supervisor.hide()  # still measures queue health for the status bar
        self._build_status_bar()
        self.desk_lock = None  # ui.sign_in.desk_lock.DeskLock: idle lock and Ctrl+L, with sign-in only
        self.privacy = PrivacyScreen(self, "Ctrl+Shift+H")
        if context.auth is not None:
            self._build_desk_lock()
        build_menus(self)
        self._connect()
        self._pending_loads = {"queue", "directory"}
        self.resize(1400, 820)
        self.resizeDocks([self.queue_dock, self.directory_dock], [380, 440], Qt.Orientation.Horizontal)
        self._layout_restored = self._restore_layout()

    # -- building -------------------------------------------------------------------

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title.replace("&", ""), self, objectName=name)
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.addDockWidget(area, dock)
        return dock

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.save_state = QLabel(self.intake.status_text(), objectName="saveState")
        self.db_state = QLabel(self.tr("database: ok"), objectName="dbState")
        self.user_state = QLabel(self._context.user.display_name, objectName="userState")
        self.health_state = QLabel(self.tr("queue health: …"), objectName="healthState")
        self.health_state.setAccessibleName(self.tr("Queue health"))
        for label in (self.save_state, self.db_state, self.user_state):
            label.setAccessibleName(label.objectName())
        self.save_state.setAccessibleName(self.tr("Contact saved state"))
        self.db_state.setAccessibleName(self.tr("Database state"))
        self.user_state.setAccessibleName(self.tr("Signed-in user"))
        bar.addWidget(self.save_state, 1)
        bar.addPermanentWidget(self.health_state)
        bar.addPermanentWidget(self.db_state)
        bar.addPermanentWidget(self.user_state)

    def _action(self, menu, text: str, name: str, shortcut, slot) -> QAction:
        action = QAction(text, self, objectName=name)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def show_users(self) -> None:
        """Admin ▸ Users: one window (a child, found again), read afresh whenever it opens."""
        from ui.users.window import UsersWindow

        window = self.findChild(UsersWindow, "usersWindow")
        if window is None:
            window = UsersWindow(self._context.users, self._worker, self._context.user, self)
        if not window.isVisible():
            window.start()
        window.show()
        window.raise_()
        window.activateWindow()

    def directory_upkeep(self):
        if self.upkeep is None:
            from ui.directory.upkeep import DirectoryUpkeep

            self.upkeep = DirectoryUpkeep(self._context.directory_edit(), self._worker, self.directory, self)
            self.upkeep.said.connect(lambda text: self.statusBar().showMessage(text, 8000))
        return self.upkeep

    def _connect(self) -> None:
        self.intake.status_changed.connect(self.save_state.setText)
        self.intake.contact_saved.connect(lambda _saved: self.queue.refresh_now())
        self.queue.contact_open_requested.connect(self.intake.open_contact)
        self.queue.claim_failed.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.queue.database_reachable.connect(self._on_database_reachable)
        self.directory.referral_requested.connect(self._on_referral_requested)
        if self.library_dock is not None:
            self.library_dock.material_requested.connect(self.intake.add_material)
        self.queue.loaded.connect(lambda: self._loaded("queue"))
        self.directory.loaded.connect(lambda: self._loaded("directory"))
        self.supervisor.health_changed.connect(lambda text: self.health_state.setText(self.tr("queue health: ") + text))
        self.supervisor.contact_open_requested.connect(self.intake.open_contact)
        if self.follow_ups is not None:
            self.follow_ups.said.connect(lambda text: self.statusBar().showMessage(text, 8000))
            self.follow_ups.contact_open_requested.connect(self.intake.open_contact)
        if self.tta is not None:
            self.tta.said.connect(lambda text: self.statusBar().showMessage(text, 8000))
            self.tta.connect_form_button(self.intake.form.call.tta_button)
        if self.sharing is not None:
            self.sharing.said.connect(lambda text: self.statusBar().showMessage(text, 8000))
            self.sharing.shared.connect(lambda packet: self.intake.open_contact(packet.contact_id))  # its new version

    # -- start-up -------------------------------------------------------------------

    def start(self) -> None:
        """Load the panes (in the background); ``panes_loaded`` fires when both are."""
        self.queue.start()
        self.directory.start()
        self.supervisor.start()

    def _loaded(self, pane: str) -> None:
        self._pending_loads.discard(pane)
        if not self._pending_loads:
            self.panes_loaded.emit()

    def offer_drafts(self, *, always: bool = False) -> None:
        drafts = self._context.drafts.all()
        if not drafts:
            if always:
                QMessageBox.information(self, self.tr("Unsaved contacts"), self.tr("There are no unsaved contacts."))
            return
        answer = DraftsDialog.ask(drafts, self)
        if answer is None:
            return
        choice, draft = answer
        if choice == RESTORE:
            self.intake.restore_draft(draft.payload)
            self._context.drafts.discard(draft.key)
            self.intake.keep_draft()
        elif choice == DISCARD:
            self._context.drafts.discard(draft.key)

    def _build_desk_lock(self) -> None:
        from ui.sign_in.desk_lock import DeskLock

        auth, user, settings = self._context.auth, self._context.user, self._context.settings
        self.desk_lock = DeskLock(self, user, lambda password: auth.unlock(user.id, password),
                                  idle_seconds=settings.lock_idle_minutes * 60,
                                  warning_seconds=settings.lock_warning_seconds,
                                  on_lock=lambda: self._worker.submit(lambda: auth.note(user, AuditAction.LOCK)))
        self.desk_lock.switch_user_requested.connect(self.sign_out)

    # -- actions -------------------------------------------------------------------

    def sign_out(self) -> None:
        """End this user's session: the form is kept as their draft; the app asks who signs in next."""
        self.sign_out_requested.emit()

    def change_password(self) -> None:
        from ui.sign_in.dialogs import ChangePasswordDialog

        auth, user = self._context.auth, self._context.user
        if ChangePasswordDialog(lambda old, new: auth.change_password(user.id, old, new), required=False,
                                parent=self).ask() is not None:
            self.statusBar().showMessage(self.tr("Your password is changed."), 5000)

    def new_contact(self) -> None:
        if self.intake.dirty:
            self.statusBar().showMessage(
                self.tr("The previous contact was not saved: it is kept as a draft (Contact ▸ Unsaved drafts)."), 8000
            )
        self.intake.new_contact()

    def close_form(self) -> None:
        self.intake.close_form()

    def focus_queue(self) -> None:
        self.queue_dock.show()
        self.queue.focus_table()

    def focus_directory(self) -> None:
        self.directory_dock.show()
        self.directory_dock.raise_()  # in front of the Library tab
        self.directory.focus_search()

    def show_statistics(self) -> None:
        """Open (or bring forward) the statistics window; counted afresh whenever it opens."""
        if self.statistics_window is None:
            self.statistics_window = StatisticsWindow(self._context.statistics, self._worker, self)
        if not self.statistics_window.isVisible():
            self.statistics_window.start()
        self.statistics_window.show()
        self.statistics_window.raise_()
        self.statistics_window.activateWindow()

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self).exec()

    def reassign_selected(self) -> None:
        item = self.queue.selected_item()
        if item is None:
            self.statusBar().showMessage(self.tr("Select a contact in the queue first."), 5000)
            return
        queue, users, me = self._context.queue, self._context.users, self._context.user

        def chosen(people) -> None:
            target = ReassignDialog.ask(item.contact_id, [p for p in people if p.id != item.assigned_to_id], self)
            if target is not None:
                self._worker.submit(lambda: queue.reassign(item.contact_id, target, me.id),
                                    lambda _item: self.queue.refresh_now(), self._on_action_failed, owner=self)

        self._worker.submit(users.all, chosen, self._on_action_failed, owner=self)

    def _on_action_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, ConsoleError):
            raise exc
        self.statusBar().showMessage(str(exc), 8000)

    def _on_database_reachable(self, reachable: bool) -> None:
        # Words, not colour alone: this is what a specialist glances at.
        self.db_state.setText(self.tr("database: ok") if reachable else self.tr("DATABASE UNREACHABLE — work is kept"))

    def _on_referral_requested(self, hit) -> None:
        self.intake.add_referral(ReferralInput(hit.service_id, hit.service_name, hit.organization_name))

    # -- layout memory ---------------------------------------------------------------

    def _restore_layout(self) -> bool:
        geometry = self._window_settings.value("geometry")
        state = self._window_settings.value("state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state, LAYOUT_VERSION)
        return geometry is not None

    def show_first(self) -> None:
        """Show as last time, or maximized on a desk's first start (three panes need room)."""
        if self._layout_restored:
            self.show()
        else:
            self.showMaximized()

    def reset_layout(self) -> None:
        for dock, area in (
            (self.queue_dock, Qt.DockWidgetArea.LeftDockWidgetArea),
            (self.directory_dock, Qt.DockWidgetArea.RightDockWidgetArea),
        ):
            dock.setFloating(False)
            self.addDockWidget(area, dock)
            dock.show()
        if self.library_dock is not None:
            self.library_dock.reset()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.intake.keep_draft()  # closing never loses what was typed
        self.queue.stop()
        self.supervisor.stop()
        self._window_settings.setValue("geometry", self.saveGeometry())
        self._window_settings.setValue("state", self.saveState(LAYOUT_VERSION))
        self._window_settings.sync()
        if self.desk_lock is not None:
            self.desk_lock.stop()
        super().closeEvent(event)
        self.closed.emit()
