"""Sign in, create the first admin, change one's own password."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from console.errors import ValidationError
from console.services.users import UserInfo
from ui.sign_in.form import CredentialsDialog


class SignInDialog(CredentialsDialog):
    """User name and password; the service counts wrong ones and may lock the account."""

    def __init__(self, sign_in: Callable[[str, str], UserInfo], username: str = "", *, title_note: str = "",
                 parent: QWidget | None = None):
        super().__init__(self.tr("Sign in to Hotline Console") + title_note,
                         self.tr("Sign in with your own account. Everything you do is recorded under your name."),
                         self.tr("&Sign in"), parent)
        self.setObjectName("signInDialog")
        self._sign_in = sign_in
        self.username = self.add_field("username", self.tr("&User name"), text=username)
        self.password = self.add_field("password", self.tr("&Password"), secret=True)
        self.first_focus = self.password if username else self.username

    def work(self) -> UserInfo:
        return self._sign_in(self.value("username"), self.value("password"))


class FirstAdminDialog(CredentialsDialog):
    """Nobody can sign in yet: the person installing the desk creates the first admin."""

    def __init__(self, create: Callable[[str, str, str], UserInfo], username: str = "",
                 parent: QWidget | None = None):
        super().__init__(
            self.tr("Create the first admin"),
            self.tr("Nobody can sign in to this database yet. Create the first admin account: "
                    "it adds the hotline's other users (Admin ▸ Users)."),
            self.tr("&Create and sign in"), parent)
        self.setObjectName("firstAdminDialog")
        self._create = create
        self.username = self.add_field("username", self.tr("&User name"), text=username)
        self.display_name = self.add_field("display_name", self.tr("&Full name"))
        self.password = self.add_field("password", self.tr("&Password"), secret=True)
        self.repeat = self.add_field("repeat", self.tr("&Repeat password"), secret=True)
        self.first_focus = self.display_name if username else self.username

    def work(self) -> UserInfo:
        if self.value("password") != self.value("repeat"):
            raise ValidationError({"repeat": self.tr("The two passwords differ.")})
        return self._create(self.value("username"), self.value("display_name") or self.value("username"),
                            self.value("password"))


class ChangePasswordDialog(CredentialsDialog):
    """One's own new password (required after an admin gave a temporary one)."""

    def __init__(self, change: Callable[[str, str], UserInfo], *, required: bool, parent: QWidget | None = None):
        intro = (self.tr("An admin gave you a temporary password. Choose your own now: at least 12 characters; "
                         "a few words in a row are easy to remember and hard to guess.") if required else
                 self.tr("Choose a new password."))
        super().__init__(self.tr("Change your password"), intro, self.tr("&Change password"), parent)
        self.setObjectName("changePasswordDialog")
        self._change = change
        self.old = self.add_field("old_password", self.tr("&Current password"), secret=True)
        self.new = self.add_field("new_password", self.tr("&New password"), secret=True)
        self.repeat = self.add_field("repeat", self.tr("&Repeat new password"), secret=True)
        self.first_focus = self.old

    def work(self) -> UserInfo:
        if self.value("new_password") != self.value("repeat"):
            raise ValidationError({"repeat": self.tr("The two passwords differ.")})
        return self._change(self.value("old_password"), self.value("new_password"))
