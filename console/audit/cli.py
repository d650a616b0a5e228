"""``hotline-console audit verify | export PATH | make-key PATH``, for IT.

``verify`` exits 0 with "N events, chain intact", or 1 naming the first bad
event and what is wrong with it. ``export`` writes CSV and is itself in the
trail. ``make-key`` writes a new key file (0600) and never overwrites one.
Failures are messages and exit codes, never tracebacks.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TextIO

from sqlalchemy import select

from console.audit.actions import AuditAction
from console.db import Database
from console.encryption.command import add_unlock_arguments
from console.errors import ConsoleError

EXIT_OK, EXIT_FAILED = 0, 1


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: write 2026-11-27 (year-month-day)") from None


def add_parser(sub, add_common: Callable[..., None]) -> None:
    cmd = sub.add_parser("audit", help="verify, export or key the tamper-evident audit trail (docs/audit.md)")
    add_common(cmd, top=False)
    actions = cmd.add_subparsers(dest="audit_action", metavar="ACTION", required=True)
    verify = actions.add_parser("verify", help="check every event's chain; exit 1 at the first bad one")
    add_common(verify, top=False)
    # An encrypted database: --user/--recovery as elsewhere (export's --user is its filter: HOTLINE_USER there).
    add_unlock_arguments(verify)
    export = actions.add_parser("export", help="write the events (filtered) to a CSV file; the export is audited")
    add_common(export, top=False)
    export.add_argument("path", type=Path, metavar="PATH", help="the CSV file to write")
    export.add_argument("--since", type=_day, metavar="DATE", help="from this UTC day (included)")
    export.add_argument("--until", type=_day, metavar="DATE", help="up to this UTC day (included)")
    export.add_argument("--user", default="", metavar="NAME", help="only this user name")
    export.add_argument("--action", default="", choices=[a.value for a in AuditAction], metavar="ACTION",
                        help="only this action (e.g. view, export, sign_in_failed)")
    make_key = actions.add_parser("make-key", help="write a new audit key file (mode 0600; never overwrites)")
    add_common(make_key, top=False)
    make_key.add_argument("path", type=Path, metavar="PATH", help="the new key file")


def run(open_db: Callable[[], Database], username: str, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``open_db`` opens (and migrates) the database with the site's key; ``username`` is who runs it."""
    if args.audit_action == "make-key":
        from console.audit.keys import make_key_file

        path = make_key_file(args.path)
        out.write(f"new audit key written to {path} (mode 0600). Set [audit] key_file to it on every desk "
                  "that shares the database, and keep a copy apart from the database's backups.\n")
        return EXIT_OK
    db = open_db()
    try:
        actor = _actor(db, username)
        if args.audit_action == "verify":
            return _verify(db, actor, out, err)
        return _export(db, actor, args, out)
    finally:
        db.dispose()


def _actor(db: Database, username: str):
    from console.audit.trail import Actor
    from console.models import User

    with db.read() as session:
        user_id = session.scalar(select(User.id).where(User.username == username))
    return Actor(user_id, username)


def _verify(db: Database, actor, out: TextIO, err: TextIO) -> int:
    from console.audit.verify import verify_chain

    result = verify_chain(db, db.audit.key)
    if result.intact:
        out.write(result.describe() + "\n")
        if result.events:
            out.write(f"newest event #{result.last_id}, mac {result.last_mac}\n")
        return EXIT_OK
    with db.write() as session:
        db.audit.record(session, action=AuditAction.AUDIT_VERIFY_FAILED, user_id=actor.user_id,
                        username=actor.username, record_type="audit_event", record_id=result.bad_event,
                        note=result.problem.split(":")[0])
    err.write(f"hotline-console audit verify: the trail is NOT intact. The first bad event is {result.describe()}. "
              f"{result.events} events before it verify.\n")
    return EXIT_FAILED


def _export(db: Database, actor, args: argparse.Namespace, out: TextIO) -> int:
    from console.audit.browse import AuditFilter
    from console.audit.export import export_events

    try:
        wanted = AuditFilter(args.since, args.until, args.user, args.action)
    except ValueError as exc:
        raise ConsoleError(str(exc)) from None
    count = export_events(db, args.path.expanduser(), wanted, actor)
    out.write(f"{count} audit events written to {args.path}\n")
    return EXIT_OK
