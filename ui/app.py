"""The composition root: settings, logging, database, services, application,
window, in that order. ``main`` is the ``hotline-console`` entry point."""

from __future__ import annotations

import time

_IMPORTED_AT = time.perf_counter()  # the start-up clock's zero: before the imports below

import gc
import logging
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from console import __version__
from console.errors import ConsoleError, SettingsError
from console.exit_codes import EXIT_FAILED, EXIT_OK
from ui.startup_clock import StartupClock

log = logging.getLogger("hotline")
SMOKE_TIMEOUT_MS = 60_000
COLLECT_AGAIN_AFTER_MS = 30_000


def _tell(problem: str, *, gui: bool) -> None:
    """A start-up problem: on stderr always, and in a dialog when a person launched us."""
    sys.stderr.write(f"hotline-console: {problem}\n")
    if gui:
        from PySide6.QtWidgets import QApplication, QMessageBox

        _app = QApplication.instance() or QApplication(sys.argv[:1])  # held while the dialog shows
        QMessageBox.critical(None, "Hotline Console cannot start", problem)


def run_window(args) -> int:
    from console.cli import settings_from
    from console.logs import setup_logging
    from ui.display_check import display_problem

    clock = StartupClock(_IMPORTED_AT)
    clock.lap("imports")
    gui = not args.smoke
    try:
        settings = settings_from(args)
    except SettingsError as exc:  # before anything starts: never half-configured
        _tell(str(exc), gui=gui and display_problem() is None)
        return EXIT_FAILED
    setup_logging(settings)
    problem = display_problem()
    if problem is not None:
        _tell(problem, gui=False)  # no dialog: Qt cannot show one here either
        return EXIT_FAILED
    try:
        return _run_qt(settings, smoke=args.smoke, clock=clock)
    except ConsoleError as exc:
        _tell(str(exc), gui=gui)
        return EXIT_FAILED


def app_icon():
    """The console's icon, the one the .deb installs for its menu entry (resources/ ships in the bundle too)."""
    from PySide6.QtGui import QIcon

    return QIcon(str(Path(__file__).resolve().parents[1] / "resources" / "icons" / "hotline-console.svg"))


def _build_context(settings, db, user=None, auth=None):
    """The services for ``user``'s session (tests and tools: the desk's account, no lock)."""
    from console.audit.service import AuditService
    from console.changefeed import open_change_feed
    from console.drafts import DraftStore, drafts_folder
    from console.services.directory import DirectoryService
    from console.services.follow_ups import FollowUpService
    from console.services.intake import IntakeService
    from console.services.library import LibraryService
    from console.services.queue import QueueService
    from console.services.sharing import SharingService
    from console.services.statistics import StatisticsService
    from console.services.supervision import SupervisionService
    from console.services.tta import TtaService
    from console.services.users import UserService
    from ui.context import DeskContext

    users = UserService(db, min_password_length=settings.min_password_length)
    user = user or users.ensure(settings.username, settings.display_name)
    # Each user's unsaved forms apart: the next person at the desk is not offered them.
    drafts = drafts_folder(settings.data_dir, settings.database.describe()) / f"user-{user.id}"
    return DeskContext(
        settings=settings,
        user=user,
        intake=IntakeService(db, hours_settings=settings.hours, closed_edit_minutes=settings.closed_edit_minutes),
        queue=QueueService(db),
        directory=DirectoryService(db, user.role, stale_after_days=settings.directory_stale_after_days),
        feed=open_change_feed(db),
        drafts=DraftStore(drafts, key=db.target.key),  # sealed beside an encrypted database
        supervision=SupervisionService(db, settings.queue_health),
        users=users,
        statistics=StatisticsService(db, user.role, settings.hours.time_zone, user_id=user.id),
        directory_edit=_directory_edit_factory(db, user, settings),
        library=LibraryService(db, user.role, settings.hours.time_zone),
        follow_ups=FollowUpService(db, time_zone=settings.hours.time_zone),
        audit=AuditService(db, user),
        tta=TtaService(db, hours_settings=settings.hours),
        sharing=SharingService(db, time_zone=settings.hours.time_zone),
        auth=auth,
    )


def _directory_edit_factory(db, user, settings):
    """Directory upkeep's service, built (and its modules imported, ~40 ms) on first use."""

    def build():
        from console.services.directory_edit import DirectoryEditService

        return DirectoryEditService(db, user, stale_after_days=settings.directory_stale_after_days)

    return build


def _run_qt(settings, *, smoke: bool, clock: StartupClock | None = None) -> int:
    from PySide6.QtWidgets import QApplication

    from console.services.auth import AuthService, SignInRules
    from ui.preload import Preload
    from ui.sign_in.start import next_user, open_and_sign_in
    from ui.workers import DbWorker

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Hotline Console")
    app.setOrganizationName("HotlineConsole")
    # Matches the installed hotline-console.desktop: the desktop shows its icon and name for the window.
    app.setDesktopFileName("hotline-console")
    app.setWindowIcon(app_icon())  # where the desktop does not take it from the entry (X11 title bars, Alt+Tab)
    app.setQuitOnLastWindowClosed(False)  # the sign-in between two users' sessions is no reason to quit
    failures: list[BaseException] = []

    def _excepthook(kind, value, tb):
        log.error("unexpected error", exc_info=(kind, value, tb))
        failures.append(value)
        if smoke:
            app.exit(EXIT_FAILED)

    sys.excepthook = _excepthook
    clock = clock or StartupClock()
    clock.lap("settings and Qt")
    preload = Preload()

    def signing_in() -> None:
        clock.lap("database")
        preload.start()

    # An encrypted database opens with the first sign-in; the window's modules load meanwhile.
    opened = open_and_sign_in(settings, smoke=smoke, signing_in=signing_in)
    if opened is None:
        return EXIT_OK  # the person cancelled the sign-in
    db, user = opened
    clock.lap("sign-in")
    auth = AuthService(db, SignInRules.from_settings(settings))
    worker = DbWorker()
    code = EXIT_OK
    try:
        while user is not None:  # one turn a signed-in user; a sign-out goes round again
            code, signed_out = _session(app, settings, db, auth, user, worker, smoke=smoke, clock=clock)
            clock = None  # the next user's session is no start-up
            user = next_user(auth, settings, smoke=False) if signed_out and not smoke else None
    finally:
        worker.wait_idle()
        db.dispose()
    return EXIT_FAILED if failures else code


def _session(app, settings, db, auth, user, worker, *, smoke: bool,
             clock: StartupClock | None = None) -> tuple[int, bool]:
    """Run the main window for ``user`` until they quit (False) or sign out (True)."""
    from PySide6.QtCore import QSettings, Qt, QTimer

    from console.audit import AuditAction
    from ui.main_window import MainWindow

    context = _build_context(settings, db, user, auth)
    window_settings = QSettings(str(settings.data_dir / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(context, worker, window_settings)
    signed_out = []
    window.closed.connect(app.quit)
    window.sign_out_requested.connect(lambda: (signed_out.append(True), window.close()))
    if clock is not None:
        clock.lap("window")

        def started() -> None:
            clock.lap("panes")
            # At a desk the sign-in phase holds the person typing their password too.
            log.info("%s%s", clock.summary(), "" if smoke else " (the sign-in includes typing the password)")
            collect_again()

        window.panes_loaded.connect(started, Qt.ConnectionType.SingleShotConnection)
    if smoke:
        window.panes_loaded.connect(lambda: QTimer.singleShot(0, lambda: app.exit(EXIT_OK)))
        QTimer.singleShot(SMOKE_TIMEOUT_MS, lambda: app.exit(EXIT_FAILED))
    window.show_first()
    window.start()
    QTimer.singleShot(COLLECT_AGAIN_AFTER_MS, collect_again)  # should a pane never finish loading
    if window.desk_lock is not None and not smoke:
        window.desk_lock.start()
    if not smoke:
        from console.validation import warm_up

        def warm() -> None:  # after the panes' first loads, which were queued first
            warm_up()
            context.intake.hours.route(set(), False, context.intake.hours.opening(date.today()))

        worker.submit(warm)
        QTimer.singleShot(0, window.offer_drafts)
    code = app.exec()
    if window.isVisible():
        window.close()
    worker.wait_idle()
    auth.note(user, AuditAction.SIGN_OUT)
    context.feed.close()
    window.deleteLater()
    return code, bool(signed_out)


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv == ["--version"]:  # fleet scripts ask often: answered before the model layer loads
        sys.stdout.write(f"hotline-console {__version__}\n")
        return EXIT_OK
    from console.cli import build_parser, run_command

    args = build_parser().parse_args(argv)
    if args.command:
        collect_again()  # a command may churn through millions of rows: collect as usual
        return run_command(args)
    return run_window(args)


def collect_again() -> None:
    """Turn the cycle collector back on after the start (``run`` turns it off).

    The start allocates ~150,000 objects that live as long as the window
    (modules, classes, mappers, widgets) and frees few: collecting meanwhile
    only walks them again and again (~7% of the imports here). Frozen first,
    they are left out of every later collection too, so the long session's
    collections stay short."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def run() -> None:
    """The program's entry point: ``main``, then a quick exit.

    Everything that must reach the disk has by then (the database is
    disposed, drafts and window settings are written and synced, logs are
    flushed below), so the interpreter's slow teardown of Qt and SQLAlchemy
    objects (~0.2-0.4 s a start) is skipped.
    """
    gc.disable()  # until the window is up (``collect_again``)
    code = main()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
