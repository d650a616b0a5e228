"""Checking the audit trail: walk the chain in id order, a batch at a time.

Each event must (1) have the id after the previous one, (2) carry the
previous event's ``mac`` as its ``prev_mac`` (the first: ``GENESIS``) and
(3) have a ``mac`` that the key reproduces from its content. The first
event that fails is named with what is wrong:

- an id gap, or a ``prev_mac`` that is not the previous ``mac``: events
  before it were **deleted** (or this one was **inserted**);
- a ``mac`` that does not match: its content was **altered**; when the next
  event links past it (its ``prev_mac`` is this one's ``prev_mac``) it was
  **inserted** into the chain.

What the chain cannot show: the newest events cut off the end (the rest is
still a valid chain). docs/audit.md says how to catch that.

``ChainWalk.step`` checks one batch and can be resumed, so the window runs
it on its database thread between other work; ``verify_chain`` loops it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from console.audit.chain import GENESIS, canonical, mac_of, same_mac
from console.db import Database
from console.models import AuditEvent

BATCH = 5000
_T = AuditEvent.__table__
_COLUMNS = (_T.c.id, _T.c.at, _T.c.user_id, _T.c.username, _T.c.action, _T.c.record_type, _T.c.record_id,
            _T.c.fields, _T.c.note, _T.c.prev_mac, _T.c.mac)


@dataclass(frozen=True, slots=True)
class VerifyResult:
    events: int  # events checked (up to the first bad one)
    bad_event: int | None = None  # the first event that fails; None: the chain is intact
    problem: str = ""  # what is wrong with it, for IT
    last_id: int = 0  # the newest event verified and its mac: noted elsewhere, they show a cut-off end later
    last_mac: str = GENESIS

    @property
    def intact(self) -> bool:
        return self.bad_event is None

    def describe(self) -> str:
        if self.intact:
            return f"{self.events} events, chain intact"
        return f"audit event #{self.bad_event}: {self.problem}"


class ChainWalk:
    """A verification that goes ``batch`` events at a time; ``result`` is set when done."""

    def __init__(self, db: Database, key: bytes, batch: int = BATCH):
        self._db, self._key, self._batch = db, key, batch
        self._last_id, self._last_mac, self._count = 0, GENESIS, 0
        self.result: VerifyResult | None = None

    def step(self) -> VerifyResult | None:
        """Check the next batch; the result once the end or a bad event is reached."""
        if self.result is not None:
            return self.result
        with self._db.read() as session:
            rows = session.execute(select(*_COLUMNS).where(_T.c.id > self._last_id)
                                   .order_by(_T.c.id).limit(self._batch)).all()
            for row in rows:
                problem = self._problem(row) or self._mac_problem(session, row)
                if problem:
                    self.result = VerifyResult(self._count, row.id, problem)
                    return self.result
                self._last_id, self._last_mac, self._count = row.id, row.mac, self._count + 1
        if len(rows) < self._batch:
            self.result = VerifyResult(self._count, last_id=self._last_id, last_mac=self._last_mac)
        return self.result

    def _problem(self, row) -> str:
        if row.id != self._last_id + 1:
            missing = f"#{self._last_id + 1}" + (f" to #{row.id - 1}" if row.id - 1 > self._last_id + 1 else "")
            return f"deleted: event {missing} is missing before it (the ids jump from {self._last_id} to {row.id})"
        if not same_mac(row.prev_mac, self._last_mac):
            before = f"event #{self._last_id}" if self._last_id else "the start of the trail"
            return (f"deleted or inserted: it does not follow {before} (its prev_mac is not that event's mac); "
                    "an event was removed before it and the ids renumbered, or it was put in")
        return ""

    def _mac_problem(self, session, row) -> str:
        content = canonical(row.id, row.at, row.user_id, row.username, row.action, row.record_type, row.record_id,
                            row.fields, row.note)
        if same_mac(mac_of(self._key, row.prev_mac, content), row.mac):
            return ""
        after = session.execute(select(_T.c.prev_mac).where(_T.c.id > row.id).order_by(_T.c.id).limit(1)).scalar()
        if after is not None and same_mac(after, row.prev_mac):
            return "inserted: the event after it links past it, to the event before it"
        if after is None:
            return ("altered or added at the end: its mac does not match its content "
                    "(or the trail was written with another key)")
        return "altered: its content does not match its mac (or the trail was written with another key)"


def verify_chain(db: Database, key: bytes, batch: int = BATCH) -> VerifyResult:
    walk = ChainWalk(db, key, batch)
    while (result := walk.step()) is None:
        pass
    return result
