"""What the console knows of Open Referral HSDS 3.0: its tables, their CSV
files and fields (from the specification's ``datapackage.json``), and how
they map onto the directory's models.

The console keeps twelve HSDS tables (``MODELED``); every other HSDS table is
recognised and skipped with a note. The only field the console adds is the
extension column ``confidential`` on addresses, phones and contacts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sqlalchemy import Boolean, Date, Float, Integer, String, Table, Text

from console import models

VERSION = "3.0.0"
CONFIDENTIAL = "confidential"  # the console's extension column (addresses, phones, contacts)

# name: (CSV path, fields in order; "*" marks a required field, ":type" a non-string one)
_HSDS = {
    "organization": ("organizations.csv", ("id* name* alternate_name description* email website tax_status tax_id "
                     "year_incorporated:number legal_status logo uri parent_organization_id")),
    "program": ("programs.csv", "id* organization_id* name* alternate_name description*"),
    "service": ("services.csv", ("id* organization_id* program_id name* alternate_name description url email status* "
                "interpretation_services application_process fees_description wait_time fees accreditations "
                "eligibility_description minimum_age:number maximum_age:number assured_date:date assurer_email "
                "licenses alert last_modified:datetime")),
    "attribute": ("attributes.csv", "id* link_id* taxonomy_term_id* link_type link_entity* value"),
    "service_at_location": ("service_at_location.csv", "id* service_id* location_id* description"),
    "location": ("locations.csv", ("id* location_type* url organization_id name alternate_name description "
                 "transportation latitude:number longitude:number external_identifier external_identifier_type")),
    "phone": ("phones.csv", ("id* location_id service_id organization_id contact_id service_at_location_id number* "
              "extension:number type description")),
    "contact": ("contacts.csv", ("id* organization_id service_id service_at_location_id location_id name title "
                "department email")),
    "address": ("addresses.csv", ("id* location_id attention address_1* address_2 city* region state_province* "
                "postal_code* country* address_type*")),
    "schedule": ("schedules.csv", ("id* service_id location_id service_at_location_id valid_from:date valid_to:date "
                 "dtstart:date timezone:number until:date count:number wkst freq interval:number byday byweekno "
                 "bymonthday byyearday description opens_at:time closes_at:time schedule_link attending_type notes")),
    "funding": ("funding.csv", "id* organization_id service_id source"),
    "service_area": ("service_areas.csv", "id* service_id name description extent extent_type uri"),
    "required_document": ("required_documents.csv", "id* service_id document uri"),
    "language": ("languages.csv", "id* service_id location_id phone_id name code note"),
    "accessibility": ("accessibility.csv", "id* location_id description details url"),
    "taxonomy_term": ("taxonomy_terms.csv", ("id* code name* description* parent_id taxonomy language taxonomy_id "
                      "term_uri")),
    "metadata": ("metadata.csv", ("id* resource_id* resource_type* last_action_date*:date last_action_type* "
                 "field_name* previous_value* replacement_value* updated_by*")),
    "meta_table_description": ("meta_table_descriptions.csv", "id* name language character_set"),
    "cost_option": ("cost_options.csv", ("id* service_id* valid_from:date valid_to:date option currency "
                    "amount:number amount_description")),
    "organization_identifier": ("organization_identifiers.csv", ("id* organization_id* identifier_scheme "
                                "identifier_type* identifier*")),
    "taxonomy": ("taxonomies.csv", "id* name* description* uri version"),
}

# The tables the console keeps, parents before children.
_MODELS = (models.Organization, models.Taxonomy, models.TaxonomyTerm, models.Location, models.Address,
           models.Service, models.ServiceAtLocation, models.Schedule, models.DirectoryContact, models.Phone,
           models.Language, models.Attribute)
MODELED = tuple(model.__tablename__ for model in _MODELS)
REQUIRED_TABLES = ("organization", "service")  # a package without them is not a directory


@dataclass(frozen=True, slots=True)
class HsdsField:
    name: str
    type: str  # Table Schema type: string, number, date, datetime, time, boolean
    required: bool


@dataclass(frozen=True, slots=True)
class Column:
    """A field the console stores: its kind (text, int, float, date, bool),
    the longest text the database takes, and the table it refers to."""

    name: str
    kind: str
    max_length: int | None
    refers_to: str | None


@dataclass(frozen=True, slots=True)
class TableSpec:
    name: str
    path: str
    fields: tuple[HsdsField, ...]
    table: Table | None  # None: an HSDS table the console does not keep
    columns: tuple[Column, ...] = ()

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.required)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def refs(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.refers_to)


def _fields(text: str) -> tuple[HsdsField, ...]:
    fields = []
    for item in text.split():
        name, _, kind = item.partition(":")
        fields.append(HsdsField(name.rstrip("*"), kind or "string", name.endswith("*")))
    return tuple(fields)


def _kind(column) -> str:
    sql_type = column.type
    for kind, types in (("bool", Boolean), ("date", Date), ("float", Float), ("int", Integer)):
        if isinstance(sql_type, types):
            return kind
    assert isinstance(sql_type, (String, Text)), column
    return "text"


def _columns(table: Table, hsds: tuple[HsdsField, ...]) -> tuple[Column, ...]:
    names = [f.name for f in hsds if f.name in table.c] + ([CONFIDENTIAL] if CONFIDENTIAL in table.c else [])
    result = []
    for name in names:
        col = table.c[name]
        refers = next((fk.column.table.name for fk in col.foreign_keys), None)
        result.append(Column(name, _kind(col), getattr(col.type, "length", None), refers))
    return tuple(result)


@cache
def tables() -> dict[str, TableSpec]:
    """Every HSDS table by name; the modeled ones first, in parent-to-child order."""
    models = {model.__tablename__: model.__table__ for model in _MODELS}
    ordered = [*MODELED, *(name for name in _HSDS if name not in models)]
    specs = {}
    for name in ordered:
        path, text = _HSDS[name]
        fields = _fields(text)
        table = models.get(name)
        specs[name] = TableSpec(name, path, fields, table, _columns(table, fields) if table is not None else ())
    return specs


def modeled() -> list[TableSpec]:
    return [spec for spec in tables().values() if spec.table is not None]


def by_path() -> dict[str, str]:
    """Standard CSV file name -> table name."""
    return {spec.path: spec.name for spec in tables().values()}
