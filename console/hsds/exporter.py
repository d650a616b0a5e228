"""Exporting the directory as an HSDS 3.0 CSV data package: a folder, or a
.zip when the path ends in .zip, with ``datapackage.json`` and one CSV per
table the console keeps (every HSDS field as a column, empty where the
console keeps nothing).

Public by default: confidential addresses and phones are left out, with
what refers to them (a phone's languages) and the coordinates of a location
that has a confidential address (they would give the street away). A
person whose email and phones are confidential (``directory_people``: marked
so, or at a place with a confidential address) keeps their name, title and
department; their email is left blank and their phones are left out.
``include_confidential`` keeps them all and adds the console's
``confidential`` column, so such an export imports back unchanged.

Cells are escaped against CSV injection (OWASP): a text cell starting with
``= + - @``, a tab or a carriage return gets a leading single quote, which
the importer takes off again. Numbers, dates and flags are written by the
console itself and never escaped. Rows are streamed from one read
transaction (one consistent snapshot) straight into the files; the package
is written under a temporary name and renamed when complete.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TextIO

from sqlalchemy import Select, case, exists, func, not_, null, or_, select
from sqlalchemy.orm import Session

from console.audit import Actor, AuditAction
from console.db import Database
from console.hsds import spec
from console.hsds.problems import Report
from console.hsds.validate import TRIGGERS
from console.models import Address, Attribute, DirectoryContact, Language, Location, Phone
from console.services.directory_people import private_contact

STREAM_ROWS = 2000


class ExportRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def export_directory(db: Database, path: Path | str, *, include_confidential: bool = False,
                     actor: Actor | None = None) -> Report:
    """Write the package; the report's ``added`` counts the rows written per table. The export is in
    the audit trail (as done by ``actor``), committed before the finished package takes its name."""
    path = Path(path)
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise ExportRefused(f"{path} already exists; choose a new name (nothing was overwritten)")
    report = Report(str(path))
    part = path.with_name(f".{path.name}.part-{os.getpid()}")
    try:
        with _sink(part, as_zip=path.suffix.lower() == ".zip") as open_member, db.read() as session:
            tables = spec.modeled()
            for table in tables:
                with open_member(table.path) as out:
                    report.table(table.name).added = _write_table(session, table, out, include_confidential)
            with open_member("datapackage.json") as out:
                json.dump(descriptor(tables, include_confidential), out, indent=2)
            if not include_confidential:
                _note_withheld(session, report)
        with db.write() as session:
            actor = actor or Actor(None, "(no user)")
            db.audit.record(session, action=AuditAction.EXPORT, user_id=actor.user_id, username=actor.username,
                            record_type="directory", fields=[name for name, counts in report.tables.items()],
                            note="HSDS export" + (", confidential fields included" if include_confidential else ""))
        if path.is_dir():
            path.rmdir()  # empty, checked above
        os.replace(part, path)
    finally:
        if part.is_dir():
            shutil.rmtree(part, ignore_errors=True)
        elif part.exists():
            part.unlink()
    return report


@contextmanager
def _sink(part: Path, as_zip: bool):
    """``open_member(name)`` -> a text stream into the folder or zip being written."""
    if not as_zip:
        part.mkdir(parents=True)
        yield lambda name: open(part / name, "w", encoding="utf-8", newline="")  # noqa: SIM115 (a with block)
        return
    with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        yield lambda name: io.TextIOWrapper(archive.open(name, "w", force_zip64=True), encoding="utf-8", newline="")


def _write_table(session: Session, table: spec.TableSpec, out: TextIO, include_confidential: bool) -> int:
    header = list(table.field_names) + ([spec.CONFIDENTIAL] if include_confidential and
                                        spec.CONFIDENTIAL in table.column_names else [])
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180; a CR inside a cell is then quoted too
    writer.writerow(header)
    stored = set(table.column_names)
    kept = [name for name in header if name in stored]
    positions = [kept.index(name) if name in stored else None for name in header]
    count = 0
    for row in _rows(session, table, kept, include_confidential):
        writer.writerow(["" if i is None else _cell(row[i]) for i in positions])
        count += 1
    return count


def _rows(session: Session, table: spec.TableSpec, columns: list[str], include_confidential: bool) -> Iterator:
    t = table.table
    selected = [t.c[name] for name in columns]
    stmt: Select = select(*selected).order_by(t.c.id)
    if not include_confidential:
        stmt = _public(table.name, stmt, columns)
    result = session.execute(stmt.execution_options(stream_results=True, yield_per=STREAM_ROWS))
    yield from result


def _public(name: str, stmt: Select, columns: list[str]) -> Select:
    """Leave out what a public export must not show."""
    private_address = Address.confidential.is_(True)
    private_phone = _private_phone()
    if name == "address":
        return stmt.where(not_(private_address))
    if name == "phone":
        return stmt.where(not_(private_phone))
    if name == "language":
        return stmt.where(or_(Language.phone_id.is_(None),
                              ~exists().where(Phone.id == Language.phone_id, private_phone)))
    if name == "attribute":
        return stmt.where(
            ~exists().where(Attribute.link_entity == "address", Address.id == Attribute.link_id, private_address),
            ~exists().where(Attribute.link_entity == "phone", Phone.id == Attribute.link_id, private_phone),
        )
    if name == "location":
        hidden = exists().where(Address.location_id == Location.id, private_address)
        return _blank(stmt, Location, columns, hidden, ("latitude", "longitude"))
    if name == "contact":
        return _blank(stmt, DirectoryContact, columns, private_contact(), ("email",))
    return stmt


def _private_phone():
    """A confidential line, or the line of a person whose phones are confidential."""
    return or_(Phone.confidential.is_(True),
               exists().where(DirectoryContact.id == Phone.contact_id, private_contact()))


def _blank(stmt: Select, model, columns: list[str], hidden, blanked: tuple[str, ...]) -> Select:
    """The ``blanked`` columns empty in the rows where ``hidden`` holds."""
    table = model.__table__
    return stmt.with_only_columns(*(
        case((hidden, null()), else_=table.c[c]).label(c) if c in blanked else table.c[c] for c in columns
    ))


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, date)):
        return value.isoformat() if isinstance(value, date) else repr(value)
    text = str(value)
    return "'" + text if text.startswith(TRIGGERS) else text


def descriptor(tables: list[spec.TableSpec], include_confidential: bool) -> dict:
    """The ``datapackage.json`` of an export: HSDS's tables, fields and keys."""
    names = {t.name for t in tables}
    resources = []
    for table in tables:
        fields = [{"name": f.name, "type": f.type, "constraints": {"required": f.required}} for f in table.fields]
        if include_confidential and spec.CONFIDENTIAL in table.column_names:
            fields.append({"name": spec.CONFIDENTIAL, "type": "boolean", "constraints": {"required": False},
                           "description": "Hotline Console extension: not for public use."})
        keys = [{"fields": c.name, "reference": {"resource": c.refers_to, "fields": "id"}}
                for c in table.refs if c.refers_to in names and c.refers_to != table.name]
        resources.append({
            "name": table.name, "path": table.path, "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "profile": "tabular-data-resource",
            "schema": {"fields": fields, "primaryKey": "id", "foreignKeys": keys},
        })
    return {
        "name": "human_services_data", "title": "Human Services Data Specification", "profile": "tabular-data-package",
        "version": spec.VERSION, "created": date.today().isoformat(), "resources": resources,
    }


def _note_withheld(session: Session, report: Report) -> None:
    addresses = session.scalar(select(func.count()).where(Address.confidential.is_(True)))
    phones = session.scalar(select(func.count()).select_from(Phone).where(_private_phone()))
    people = session.scalar(select(func.count()).select_from(DirectoryContact).where(private_contact()))
    if addresses or phones or people:
        emails = f", the emails of {people:,} people" if people else ""
        report.info("", f"left out as confidential: {addresses:,} addresses, {phones:,} phones{emails} (and the "
                        "coordinates of their locations); --include-confidential keeps them")
