"""Sentences the directory's upkeep dialogs show about an entry: when it was
last verified and by whom, who changed it last, how often it was referred,
and one line per change in its history. Dates read "3 May 2025" in every
locale (never "03/05/25")."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, QDate, QLocale

from console.services.directory_edit_forms import ServiceRecord
from console.services.directory_review import ChangeInfo, ReferralCounts

_CONTEXT = "DirectoryUpkeep"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def day_text(value: date | datetime) -> str:
    if isinstance(value, datetime):
        value = value.astimezone().date()
    return QLocale().toString(QDate(value.year, value.month, value.day), "d MMMM yyyy")


def verified_text(assured: date | None) -> str:
    return _tr("Never verified") if assured is None else _tr("Verified %1").replace("%1", day_text(assured))


def header_text(record: ServiceRecord) -> str:
    if record.service_id is None:
        if record.organization_id is None:
            return _tr("A new service of a new organization.")
        return _tr("A new service of “%1”.").replace("%1", record.edit.organization.name)
    parts = [verified_text(record.assured_date)]
    if record.assured_by:
        parts[0] += " " + _tr("by %1").replace("%1", record.assured_by)
    if record.stale and record.status == "active":
        parts[0] += " " + _tr("(due for review)")
    if record.last_modified_at is not None:
        who = record.last_modified_by or _tr("someone")
        parts.append(_tr("last changed %1 by %2").replace("%1", day_text(record.last_modified_at)).replace("%2", who))
    if record.status != "active":
        parts.insert(0, _tr("RETIRED (status: %1)").replace("%1", record.status))
    return " · ".join(parts) + "."


def referrals_text(counts: ReferralCounts) -> str:
    if counts.referred == 0:
        text = _tr("Never referred from this console.")
    elif counts.referred == 1:
        text = _tr("Referred once (on %1).").replace("%1", day_text(counts.last_referred_at))
    else:
        text = _tr("Referred %1 times (last on %2).").replace("%1", str(counts.referred)).replace(
            "%2", day_text(counts.last_referred_at))
    if counts.refused:
        text += " " + _tr("Refused by the caller %1 times.").replace("%1", str(counts.refused))
    return text


_ACTIONS = {"created": "added", "edited": "changed", "deleted": "removed", "verified": "marked verified",
            "retired": "retired", "imported": "imported"}


def change_line(change: ChangeInfo) -> str:
    """"1 December 2026 15:04 · Pat · service changed: name, alert"."""
    when = f"{day_text(change.at)} {change.at.astimezone():%H:%M}"
    what = f"{_tr(change.entity)} {_tr(_ACTIONS.get(change.action, change.action))}"
    if change.fields and change.action == "edited":
        what += ": " + ", ".join(change.fields)
    return f"{when} · {change.user or _tr('unknown')} · {what}"
