"""The main window's menu bar, built from the window's panes and feature hooks.

Apart from ``ui.main_window`` so the window keeps to its panes and their
wiring; the actions call the window's own slots.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence

from console.permissions import Permission, allowed

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def build_menus(self: MainWindow) -> None:
    """The menu bar: every action with its shortcut (ui/dialogs/shortcuts.py lists them), only
    what the user's role may do."""
    bar = self.menuBar()
    file_menu = bar.addMenu(self.tr("&File"))
    self._action(file_menu, self.tr("&Privacy screen"), "actionPrivacy", "Ctrl+Shift+H", self.privacy.toggle)
    if self.desk_lock is not None:
        self._action(file_menu, self.tr("&Lock desk"), "actionLock", "Ctrl+L", self.desk_lock.lock)
        self._action(file_menu, self.tr("Change pass&word…"), "actionChangePassword", None, self.change_password)
        self._action(file_menu, self.tr("Sign &out"), "actionSignOut", None, self.sign_out)
    file_menu.addSeparator()
    self._action(file_menu, self.tr("&Quit"), "actionQuit", QKeySequence.StandardKey.Quit, self.close)
    contact = bar.addMenu(self.tr("&Contact"))
    self._action(contact, self.tr("&New contact"), "actionNewContact", "Ctrl+N", self.new_contact)
    self._action(contact, self.tr("&Save"), "actionSave", "Ctrl+S", self.intake.save)
    self._action(contact, self.tr("&Close form"), "actionCloseForm", "Ctrl+W", self.close_form)
    contact.addSeparator()
    self._action(contact, self.tr("Ne&xt section"), "actionNextSection", "Ctrl+PgDown", self.intake.form.next_section)
    self._action(
        contact, self.tr("&Previous section"), "actionPreviousSection", "Ctrl+PgUp", self.intake.form.previous_section
    )
    contact.addSeparator()
    self._action(contact, self.tr("Unsaved &drafts…"), "actionDrafts", None, lambda: self.offer_drafts(always=True))
    queue = bar.addMenu(self.tr("&Queue"))
    self._action(queue, self.tr("&Claim next"), "actionClaimNext", "F2", self.queue.claim_next)
    self._action(queue, self.tr("&Focus queue"), "actionFocusQueue", "Ctrl+1", self.focus_queue)
    if allowed(self._context.user.role, Permission.REASSIGN):
        self._action(queue, self.tr("&Reassign selected…"), "actionReassign", "Ctrl+Shift+R", self.reassign_selected)
    self._action(queue, self.tr("Focus &form"), "actionFocusForm", "Ctrl+2", self.intake.form.focus_first)
    if self.follow_ups is not None:
        self.follow_ups.add_menu(contact, queue, self._action)
    if self.tta is not None:
        self.tta.add_menu(contact, queue, self._action)
    if self.sharing is not None:
        self.sharing.add_menu(contact, self._action)
    directory = bar.addMenu(self.tr("&Directory"))
    self._action(directory, self.tr("&Search"), "actionSearch", "Ctrl+F", self.focus_directory)
    self._action(directory, self.tr("&Refer selected service"), "actionRefer", "Ctrl+R", self.directory.refer_selected)
    self._action(directory, self.tr("&Focus directory"), "actionFocusDirectory", "Ctrl+3", self.focus_directory)
    _directory_upkeep(self, directory)
    if self.library_dock is not None:
        self.library_dock.add_menu(bar, self._action)
    view = bar.addMenu(self.tr("&View"))
    view.addAction(self.queue_dock.toggleViewAction())
    view.addAction(self.directory_dock.toggleViewAction())
    if self.library_dock is not None:
        view.addAction(self.library_dock.toggleViewAction())
    self._action(view, self.tr("&Reset layout"), "actionResetLayout", None, self.reset_layout)
    if allowed(self._context.user.role, Permission.VIEW_STATISTICS):
        view.addSeparator()
        self._action(view, self.tr("&Statistics…"), "actionStatistics", "Ctrl+Shift+S", self.show_statistics)
    if self.audit is not None:
        self.audit.add_menu(view, self._action)
    if allowed(self._context.user.role, Permission.MANAGE_USERS):
        admin = bar.addMenu(self.tr("&Admin"))
        self._action(admin, self.tr("&Users…"), "actionUsers", "Ctrl+Shift+A", self.show_users)
    help_menu = bar.addMenu(self.tr("&Help"))
    self._action(help_menu, self.tr("&Keyboard shortcuts"), "actionShortcuts", "F1", self.show_shortcuts)


def _directory_upkeep(self: MainWindow, menu) -> None:
    """Directory upkeep for roles that may edit it (issue 4); its dialogs load on first use."""
    role = self._context.user.role
    if self._context.directory_edit is None or not allowed(role, Permission.EDIT_DIRECTORY):
        return
    menu.addSeparator()
    for text, name, keys, slot in (
        (self.tr("&Edit selected service…"), "actionEditService", "Ctrl+E", lambda u: u.edit_selected()),
        (self.tr("&New service…"), "actionNewService", "Ctrl+Shift+N", lambda u: u.new_service()),
        (self.tr("New service at the same &organization…"), "actionNewServiceSameOrganization", None,
         lambda u: u.new_service(same_organization=True)),
        (self.tr("Needs re&view…"), "actionNeedsReview", None, lambda u: u.show_needs_review()),
        *([(self.tr("&Import HSDS…"), "actionImportHsds", None, lambda u: u.import_hsds())]
          if allowed(role, Permission.IMPORT_DIRECTORY) else []),
    ):
        self._action(menu, text, name, keys, lambda _checked=False, slot=slot: slot(self.directory_upkeep()))
