"""HSDS test data: the copied example packages, a small package to edit
row by row, and a row-for-row picture of a database."""

from __future__ import annotations

import csv
import json
import sqlite3
import zipfile
from pathlib import Path

from console.db import Database
from console.hsds import spec

DATA = Path(__file__).parent / "data" / "hsds"
EXAMPLE = DATA / "example"  # the specification's example package, references repaired (see README.md)
OFFICIAL = DATA / "official"  # the same, as published
ORG, ORG2 = "org-1", "org-2"


def small_rows() -> dict[str, list[dict[str, str]]]:
    """Two organizations, three services, their places, a person, phones and a language; edit and write."""
    return {
        "organization": [
            {"id": ORG, "name": "Harbor House", "description": "Shelter and case management."},
            {"id": ORG2, "name": "Lakeside Legal Aid", "description": "Immigration legal services."},
        ],
        "location": [
            {"id": "loc-1", "organization_id": ORG, "location_type": "physical", "name": "Harbor House",
             "latitude": "29.7604", "longitude": "-95.3698"},
            {"id": "loc-2", "organization_id": ORG2, "location_type": "physical", "name": "Lakeside office",
             "latitude": "41.8781", "longitude": "-87.6298"},
        ],
        "address": [
            {"id": "adr-1", "location_id": "loc-1", "address_1": "100 Main St", "city": "Houston",
             "state_province": "TX", "postal_code": "77002", "country": "US", "address_type": "physical"},
            {"id": "adr-2", "location_id": "loc-2", "address_1": "5 Lake Shore Dr", "city": "Chicago",
             "state_province": "IL", "postal_code": "60601", "country": "US", "address_type": "physical"},
        ],
        "service": [
            {"id": "svc-1", "organization_id": ORG, "name": "Emergency shelter", "status": "active",
             "description": "Beds for survivors, 24 hours."},
            {"id": "svc-2", "organization_id": ORG, "name": "Case management", "status": "active"},
            {"id": "svc-3", "organization_id": ORG2, "name": "T visa help", "status": "active",
             "assured_date": "2026-01-15", "minimum_age": "18"},
        ],
        "service_at_location": [
            {"id": "sal-1", "service_id": "svc-1", "location_id": "loc-1"},
            {"id": "sal-3", "service_id": "svc-3", "location_id": "loc-2"},
        ],
        "contact": [
            {"id": "person-1", "organization_id": ORG2, "service_id": "svc-3", "name": "Rosa Diaz",
             "title": "Immigration Attorney", "department": "Legal", "email": "rdiaz@lakeside.example.org"},
        ],
        "phone": [
            {"id": "ph-1", "organization_id": ORG, "number": "(713) 555-0100", "type": "voice"},
            {"id": "ph-2", "service_id": "svc-1", "number": "(713) 555-0101", "type": "voice"},
            {"id": "ph-3", "organization_id": ORG2, "number": "+1 312 555 0102", "type": "voice"},
            {"id": "ph-4", "contact_id": "person-1", "number": "(312) 555-0103", "extension": "12", "type": "voice"},
        ],
        "language": [{"id": "lang-1", "service_id": "svc-3", "code": "es", "name": "Spanish"}],
    }


def write_package(folder: Path, rows: dict[str, list[dict]], *, descriptor: bool = True,
                  headers: dict[str, list[str]] | None = None) -> Path:
    """A CSV package of these rows; each table's header is its HSDS fields (or ``headers``)."""
    folder.mkdir(parents=True, exist_ok=True)
    tables = spec.tables()
    resources = []
    for name, table_rows in rows.items():
        table = tables[name]
        header = (headers or {}).get(name) or list(table.field_names)
        with open(folder / table.path, "w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, header, restval="", extrasaction="ignore")
            writer.writeheader()
            writer.writerows(table_rows)
        resources.append({"name": name, "path": table.path})
    if descriptor:
        (folder / "datapackage.json").write_text(json.dumps({"name": "test", "resources": resources}))
    return folder


def zip_folder(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, path.name)
    return target


def dump(db: Database) -> list[str]:
    """Every row of every table (and the schema) as SQL, in order: what "unchanged" means."""
    path = db.target.sqlite_path
    with sqlite3.connect(path) as conn:
        return list(conn.iterdump())
