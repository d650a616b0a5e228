"""What an import or export found, in the words of the file it read.

Each problem names its file, row and field and has one of three weights:

- ``INFO``: told, nothing lost (an unknown column, a table the console
  does not keep);
- ``REJECTED``: that row is left out, the rest is imported (a malformed
  phone on one phone row, a service whose organization was rejected);
- ``FATAL``: importing would corrupt the directory (a dangling reference,
  a duplicated id, an undecodable or oversized file, a missing table), so
  the whole import is aborted and nothing is changed.

Rows are numbered as a spreadsheet numbers them: the header is row 1. In a
JSON file the "row" is the path of the object (``[3].organization``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum

MAX_LISTED = 1000  # problems kept in a report; the rest are only counted


class Severity(StrEnum):
    INFO = "info"
    REJECTED = "rejected"
    FATAL = "fatal"


@dataclass(frozen=True, slots=True)
class Problem:
    severity: Severity
    file: str
    row: int | str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = ":".join(str(part) for part in (self.file, self.row, self.field) if part not in (None, ""))
        return f"{where}: {self.message}"


@dataclass(slots=True)
class TableCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    skipped: int = 0  # rows of a table the console does not keep

    @property
    def total(self) -> int:
        return self.added + self.updated + self.unchanged + self.rejected


@dataclass(slots=True)
class Report:
    """The outcome of one import (or of an export, with ``added`` as rows written)."""

    source: str
    dry_run: bool = False
    aborted: bool = False
    tables: dict[str, TableCounts] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)  # problems by severity, listed or not
    max_listed: int = MAX_LISTED

    def add(self, severity: Severity, file: str, row: int | str | None, field_name: str | None, message: str) -> None:
        self.counts[severity] += 1
        if len(self.problems) < self.max_listed:
            self.problems.append(Problem(severity, file, row, field_name, message))

    def info(self, file: str, message: str, row: int | str | None = None, field_name: str | None = None) -> None:
        self.add(Severity.INFO, file, row, field_name, message)

    def fatal(self, file: str, message: str, row: int | str | None = None, field_name: str | None = None) -> None:
        self.add(Severity.FATAL, file, row, field_name, message)

    def table(self, name: str) -> TableCounts:
        return self.tables.setdefault(name, TableCounts())

    @property
    def has_fatal(self) -> bool:
        return self.counts[Severity.FATAL] > 0

    @property
    def unlisted(self) -> int:
        return sum(self.counts.values()) - len(self.problems)

    def problems_of(self, severity: Severity) -> list[Problem]:
        return [p for p in self.problems if p.severity is severity]
