"""A service's details as rich text for a read-only ``QTextBrowser``.

Everything from the directory is escaped. Withheld and confidential entries
say so in words (never colour alone); no colour is set at all, so dark and
high-contrast palettes apply as they are. A stale entry says so first
("Not verified since …"); the hours say open or closed now, by day, in the
service's own time zone.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication, QDate, QLocale

from console.services.directory import AddressInfo, PhoneInfo, ServiceDetails
from console.services.directory_hours import DAY, by_day
from console.services.directory_people import PersonHit
from ui.labels import label

_CONTEXT = "DirectoryDetails"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def details_html(d: ServiceDetails) -> str:
    parts = [f"<h3>{escape(d.service_name)}</h3>", f"<p><b>{escape(d.organization_name)}</b></p>"]
    if d.stale:
        parts.append(f"<p><b>{escape(_stale(d))}</b></p>")
    if d.alert:
        parts.append(f"<p><b>{_tr('Note:')}</b> {escape(d.alert)}</p>")
    if d.description:
        parts.append(f"<p>{escape(d.description)}</p>")
    rows = [
        (_tr("Categories"), ", ".join(label(c) for c in d.categories)),
        (_tr("For"), ", ".join(label(p) for p in d.populations)),
        (_tr("Eligibility"), _eligibility(d)),
        (_tr("Languages"), ", ".join(d.languages)),
        (_tr("Hours"), _hours(d)),
    ]
    contact = [(name, escape(value)) for name, value in rows if value]  # one table: the columns line up
    contact += [(_tr("Phone"), _phone(p)) for p in d.phones]
    contact += [(_tr("Address"), _address(a)) for a in d.addresses]
    if d.website:
        contact.append((_tr("Website"), escape(d.website)))
    if d.email:
        contact.append((_tr("Email"), escape(d.email)))
    parts.append(_table(contact))
    if d.people:
        parts.append(f"<p><b>{_tr('People')}</b></p>")
        parts.append(_table([(escape(p.name or p.title or ""), _person_reach(p)) for p in d.people]))
    if d.organization_description and d.organization_description != d.description:
        parts.append(f"<p>{escape(d.organization_description)}</p>")
    if d.assured_date:  # "d MMMM yyyy" is never ambiguous (C locale prints "23 01 2025")
        parts.append(f"<p><i>{escape(_tr('Last verified %1').replace('%1', _day(d.assured_date)))}</i></p>")
    return "\n".join(parts)


def person_html(p: PersonHit) -> str:
    """A person of the directory: who, where, how to reach them (withheld details say so)."""
    parts = [f"<h3>{escape(p.name or p.title or '')}</h3>"]
    rows = [
        (_tr("Title"), escape(", ".join(part for part in (p.title, p.department) if part))),
        (_tr("Organization"), escape(p.organization_name or "")),
        (_tr("Service"), escape(p.service_name or "")),
        (_tr("Place"), escape(", ".join(part for part in (p.city, p.state) if part))),
    ]
    rows += [(_tr("Phone"), _phone(phone)) for phone in p.phones]
    if p.withheld:
        rows.append((_tr("Email"), f"<b>{_tr('withheld (confidential)')}</b>"))
    elif p.email:
        confidential = f" <b>[{_tr('confidential: do not give out')}]</b>" if p.confidential else ""
        rows.append((_tr("Email"), escape(p.email) + confidential))
    parts.append(_table([(name, value) for name, value in rows if value]))
    why = [_tr("Named at a trainer found.") if p.trainer else "",
           _tr("Their title or department names the topic.") if p.topic else ""]
    if any(why):
        parts.append(f"<p><i>{escape(' '.join(w for w in why if w))}</i></p>")
    return "\n".join(parts)


def _person_reach(p: PersonHit) -> str:
    """One line for a person in a service's details: their title, then how to reach them."""
    parts = [escape(", ".join(part for part in (p.title, p.department) if part and part != p.name))]
    parts += [_phone(phone) for phone in p.phones]
    if p.withheld:
        parts.append(f"<b>{_tr('email withheld (confidential)')}</b>")
    elif p.email:
        confidential = f" <b>[{_tr('confidential: do not give out')}]</b>" if p.confidential else ""
        parts.append(escape(p.email) + confidential)
    return " · ".join(part for part in parts if part)


def _day(value) -> str:
    return QLocale().toString(QDate(value.year, value.month, value.day), "d MMMM yyyy")


def _stale(d: ServiceDetails) -> str:
    if d.assured_date is None:
        return _tr("Never verified: confirm the details with the service before referring.")
    return _tr("Not verified since %1: confirm the details with the service before referring.").replace(
        "%1", _day(d.assured_date))


def _hours(d: ServiceDetails) -> str:
    """"Open now. Mon–Fri 09:00–17:00; Sat 10:00–14:00 (America/Chicago)"."""
    if d.hours is None:
        return _tr("Hours unknown")
    now = _tr("Open now.") if d.open_now else _tr("Closed now.")
    if d.open_24h:
        return f"{now} {_tr('Open 24 hours, 7 days a week.')}"
    days = by_day(d.hours)
    names = [QLocale().dayName(i + 1, QLocale.FormatType.ShortFormat) for i in range(7)]
    groups: list[tuple[int, int, tuple]] = []
    for i, intervals in enumerate(days):
        if groups and groups[-1][2] == intervals and groups[-1][1] == i - 1:
            groups[-1] = (groups[-1][0], i, intervals)
        else:
            groups.append((i, i, intervals))
    text = "; ".join(
        (names[first] if first == last else f"{names[first]}–{names[last]}") + " " +
        ", ".join(f"{_clock(a)}–{_clock(b)}" for a, b in intervals)
        for first, last, intervals in groups if intervals
    )
    return f"{now} {text}" + (f" ({d.time_zone})" if d.time_zone else "")


def _clock(minutes: int) -> str:
    return "24:00" if minutes == DAY else f"{minutes // 60:02d}:{minutes % 60:02d}"


def _table(rows: list[tuple[str, str]]) -> str:
    if not rows:
        return ""
    body = "".join(
        f"<tr><td style='padding-right:12px' valign='top'>{escape(name)}</td><td>{value}</td></tr>"
        for name, value in rows
    )
    return f"<table cellspacing='0' cellpadding='2'>{body}</table>"


def _eligibility(d: ServiceDetails) -> str:
    ages = ""
    if d.minimum_age is not None and d.maximum_age is not None:
        ages = _tr("ages %1–%2").replace("%1", str(d.minimum_age)).replace("%2", str(d.maximum_age))
    elif d.minimum_age is not None:
        ages = _tr("ages %1 and over").replace("%1", str(d.minimum_age))
    elif d.maximum_age is not None:
        ages = _tr("up to age %1").replace("%1", str(d.maximum_age))
    return "; ".join(part for part in (d.eligibility.rstrip(". "), ages) if part)


def _phone(p: PhoneInfo) -> str:
    what = escape(p.description or "")
    if p.withheld:
        return f"<b>{_tr('withheld (confidential line)')}</b>" + (f" — {what}" if what else "")
    number = escape(p.number or "") + (f" {_tr('ext.')} {escape(p.extension)}" if p.extension else "")
    text = number + (f" — {what}" if what else "")
    return text + (f" <b>[{_tr('confidential: do not give out')}]</b>" if p.confidential else "")


def _address(a: AddressInfo) -> str:
    place = escape(", ".join(part for part in (a.city, a.state) if part))
    if a.withheld:
        return f"{place} — <b>{_tr('street address withheld (confidential)')}</b>"
    street = ", ".join(escape(part) for part in (a.address_1, a.address_2) if part)
    text = f"{street}<br>{place} {escape(a.postal_code or '')}".strip()
    return text + (f"<br><b>[{_tr('confidential: do not give out')}]</b>" if a.confidential else "")
