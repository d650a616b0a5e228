"""Reading HSDS JSON as the HSDS API returns it: a list of services (or a
page, ``{"contents": [...]}``), each with its organization, locations,
contacts, phones, languages and attributes nested inside.

The nesting is flattened into the same per-table rows a CSV package gives,
with the references the nesting implies (an address inside a location gets
its ``location_id``, a phone inside a contact its ``contact_id``). The same
record nested many times (one organization inside each of its services, a
contact inside its service and its location) is one record with every
reference so implied; the same id with different content is a duplicate. A JSON file is parsed whole, so it is capped at
``Limits.max_json_bytes``; large directories come as CSV packages.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from console.hsds import spec
from console.hsds.problems import Report
from console.hsds.source import MB, Limits, SourceError
from console.hsds.validate import show

# Nested lists the console does not keep: key -> HSDS table
SKIPPED = {
    "service_areas": "service_area", "funding": "funding",
    "cost_options": "cost_option", "program": "program", "programs": "program", "metadata": "metadata",
    "required_documents": "required_document", "accessibility": "accessibility",
    "organization_identifiers": "organization_identifier",
}  # fmt: skip
NESTED = {"organization", "services", "service_at_locations", "location", "locations", "addresses", "phones",
          "languages", "attributes", "taxonomy_term", "taxonomy_detail", "service", "schedules", "contacts"}


def load(path: Path, limits: Limits) -> object:
    size = path.stat().st_size
    if size > limits.max_json_bytes:
        raise SourceError(path.name, f"is {size / MB:,.1f} MB, over the {limits.max_json_bytes / MB:,.0f} MB limit "
                                     "for a JSON file (it is read whole); export a CSV package instead")
    with open(path, "rb") as handle:
        data = handle.read(limits.max_json_bytes + 1)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(path.name, f"is not UTF-8 text: byte 0x{data[exc.start]:02x} cannot be decoded; save it as "
                                     "UTF-8 and import again (nothing was guessed)", row=line) from None
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise SourceError(path.name, f"is not valid JSON ({exc.msg}, column {exc.colno})", row=exc.lineno) from None
    except (ValueError, RecursionError) as exc:
        raise SourceError(path.name, f"is not valid JSON ({str(exc) or 'nested too deeply'})") from None


def _no_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def services_of(data: object, file: str) -> list:
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        return data["contents"]
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and "id" in data:
        return [data]
    raise SourceError(file, "holds neither a list of services nor a page of them ({\"contents\": [...]})")


class Flattener:
    """Per-table rows from nested services: ``rows[table]`` lists (place, values)."""

    def __init__(self, file: str, report: Report):
        self.file, self.report = file, report
        self.rows: dict[str, list[tuple[str, dict | str]]] = {name: [] for name in spec.MODELED}  # str: why rejected
        self.keys: dict[str, set[str]] = {name: set() for name in spec.MODELED}
        self._seen: dict[str, dict[str, tuple[str, dict, dict]]] = {name: {} for name in spec.MODELED}
        self._skipped: Counter = Counter()
        self._unknown: set[tuple[str, str]] = set()

    def run(self, services: list) -> None:
        for i, item in enumerate(services):
            self.service(f"[{i}]", item)
        for table, count in sorted(self._skipped.items()):
            if count:
                self.report.info(self.file, f"{count:,} nested {table} records skipped: the console does not keep them")

    def service(self, place: str, obj: object, **implied) -> None:
        org = obj.get("organization") if isinstance(obj, dict) else None
        if isinstance(org, dict):
            implied.setdefault("organization_id", self.organization(f"{place}.organization", org))
        service_id = self._record("service", place, obj, implied)
        if service_id is None:
            return
        for i, sal in enumerate(self._list(obj, "service_at_locations", place)):
            where = f"{place}.service_at_locations[{i}]"
            location = sal.get("location") if isinstance(sal, dict) else None
            location_id = self.location(f"{where}.location", location) if isinstance(location, dict) else None
            self._record("service_at_location", where, sal,
                         {"service_id": service_id, **({"location_id": location_id} if location_id else {})})
            for j, phone in enumerate(self._list(sal, "phones", where)):  # a line of the service at that place
                self.phone(f"{where}.phones[{j}]", phone, service_id=service_id, location_id=location_id)
            sal_id = sal.get("id") if isinstance(sal, dict) else None
            for j, schedule in enumerate(self._list(sal, "schedules", where) if sal_id else ()):
                self._record("schedule", f"{where}.schedules[{j}]", schedule, {"service_at_location_id": sal_id})
            for j, person in enumerate(self._list(sal, "contacts", where) if sal_id else ()):
                self.contact(f"{where}.contacts[{j}]", person, service_at_location_id=sal_id)
        self._children(obj, place, "service", service_id)

    def organization(self, place: str, obj: dict) -> str | None:
        org_id = self._record("organization", place, obj, {})
        if org_id is not None:
            for i, location in enumerate(self._list(obj, "locations", place)):
                self.location(f"{place}.locations[{i}]", location, organization_id=org_id)
            for i, service in enumerate(self._list(obj, "services", place)):
                self.service(f"{place}.services[{i}]", service, organization_id=org_id)
            self._children(obj, place, "organization", org_id)
        return org_id

    def location(self, place: str, obj: dict, **implied) -> str | None:
        location_id = self._record("location", place, obj, implied)
        if location_id is not None:
            for i, address in enumerate(self._list(obj, "addresses", place)):
                self._record("address", f"{place}.addresses[{i}]", address, {"location_id": location_id})
            self._children(obj, place, "location", location_id)
        return location_id

    def phone(self, place: str, obj: dict, **implied) -> None:
        phone_id = self._record("phone", place, obj, {k: v for k, v in implied.items() if v is not None})
        if phone_id is not None:
            for i, language in enumerate(self._list(obj, "languages", place)):
                self._record("language", f"{place}.languages[{i}]", language, {"phone_id": phone_id})

    def contact(self, place: str, obj: object, **implied) -> None:
        contact_id = self._record("contact", place, obj, implied)
        if contact_id is not None:
            self._children(obj, place, "contact", contact_id)  # the person's own phones get its contact_id

    def _children(self, obj: dict, place: str, entity: str, entity_id: str) -> None:
        """Contacts, phones, languages and attributes nested in any record."""
        owner = f"{entity}_id"
        if entity in ("organization", "service", "location"):
            for i, person in enumerate(self._list(obj, "contacts", place)):
                self.contact(f"{place}.contacts[{i}]", person, **{owner: entity_id})
        for i, phone in enumerate(self._list(obj, "phones", place)):
            self.phone(f"{place}.phones[{i}]", phone, **{owner: entity_id})
        if entity in ("service", "location"):
            for key, table in (("languages", "language"), ("schedules", "schedule")):
                for i, item in enumerate(self._list(obj, key, place)):
                    self._record(table, f"{place}.{key}[{i}]", item, {owner: entity_id})
        for i, attribute in enumerate(self._list(obj, "attributes", place)):
            self.attribute(f"{place}.attributes[{i}]", attribute, entity, entity_id)
        for key, table in SKIPPED.items():
            value = obj.get(key)
            self._skipped[table] += len(value) if isinstance(value, list) else int(isinstance(value, dict))

    def attribute(self, place: str, obj: object, entity: str, entity_id: str) -> None:
        implied = {"link_id": entity_id}
        if isinstance(obj, dict):
            term = obj.get("taxonomy_term")
            if isinstance(term, dict):
                where = f"{place}.taxonomy_term"
                detail = term.get("taxonomy_detail")
                term_implied = {}
                if isinstance(detail, dict):
                    term_implied["taxonomy_id"] = self._record("taxonomy", f"{where}.taxonomy_detail", detail, {})
                implied["taxonomy_term_id"] = self._record("taxonomy_term", where, term, term_implied)
            if not obj.get("link_entity"):
                implied["link_entity"] = entity
        self._record("attribute", place, obj, {k: v for k, v in implied.items() if v is not None})

    def _list(self, obj: object, key: str, place: str) -> list:
        value = obj.get(key) if isinstance(obj, dict) else None
        if value is None:
            return []
        if not isinstance(value, list):
            self.report.info(self.file, f"should be a list, not {show(value)}; ignored", row=place, field_name=key)
            return []
        return value

    def _record(self, table: str, place: str, obj: object, implied: dict) -> str | None:
        """Add one record (once per id); returns its id when it has one."""
        if not isinstance(obj, dict):
            self.rows[table].append((place, f"is {show(obj)}, not an object"))
            return None
        fields = spec.tables()[table].field_names
        for key in obj:
            if key not in fields and key not in NESTED and key not in SKIPPED and (table, key) not in self._unknown:
                self._unknown.add((table, key))
                self.report.info(self.file, f"{table} field {key!r} is not part of HSDS; ignored", row=place)
        own = {key: obj[key] for key in obj if key in fields or key == spec.CONFIDENTIAL}
        record_id = own.get("id")
        record_id = record_id.strip() if isinstance(record_id, str) else None
        seen = self._seen[table].get(record_id) if record_id else None
        if seen is not None:  # the same record nested again: one record, the references it implies added
            if seen[1] != own:
                self.report.fatal(self.file, f"{table} {record_id!r} appears again with other content (first at "
                                             f"{seen[0]}); ids must be unique", row=place, field_name="id")
            for key, value in implied.items():
                seen[2].setdefault(key, value)
            self.keys[table].update(implied)
            return record_id
        values = {**implied, **own}
        self.keys[table].update(values)
        self.rows[table].append((place, values))
        if record_id:
            self._seen[table][record_id] = (place, own, values)
        return record_id
