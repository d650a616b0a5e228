"""Reading an HSDS CSV data package: which file holds which table, then
each file row by row, never more than one record in memory.

Files must be UTF-8 (a byte-order mark is allowed); anything else is
reported with the row where decoding failed, never guessed. A record longer
than ``Limits.max_row_bytes`` or a cell past the csv module's own limit
(131,072 characters) stops the import: past that point the file cannot be
trusted to line up.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from typing import BinaryIO

from console.hsds import spec
from console.hsds.problems import Report
from console.hsds.source import Limits, Package, SourceError, safe_member_path

DESCRIPTOR = "datapackage.json"


@dataclass(frozen=True, slots=True)
class Resource:
    table: spec.TableSpec
    path: str  # inside the package


def resources(package: Package, report: Report) -> list[Resource]:
    """The modeled tables the package holds, parents first. Tables the
    console does not keep and unknown resources are noted and skipped;
    a missing organization or service table is fatal."""
    tables = spec.tables()
    listed = _listed(package, report)
    found: dict[str, Resource] = {}
    for name, path in listed:
        table = tables.get(name)
        if table is None:
            report.info(DESCRIPTOR, f"resource {name!r} is not an HSDS table; ignored")
        elif table.table is None:
            report.info(path, f"HSDS table {name!r} is not kept by the console; skipped")
        elif not package.has(path):
            report.fatal(path, f"is listed in {DESCRIPTOR} for table {name!r} but is not in the package")
        elif name in found:
            report.fatal(DESCRIPTOR, f"lists table {name!r} twice ({found[name].path}, {path}); give one file a table")
        else:
            found[name] = Resource(table, path)
    used = {path for _, path in listed} | {DESCRIPTOR}
    for name in package.names:
        if name not in used and name.lower().endswith(".csv"):
            report.info(name, "is not a table of the package; ignored")
    for name in spec.REQUIRED_TABLES:
        if name not in found and not any(p.file == tables[name].path for p in report.problems):
            report.fatal(tables[name].path, f"the package has no {name} table; an HSDS directory needs one")
    return [found[name] for name in spec.MODELED if name in found]


def _listed(package: Package, report: Report) -> list[tuple[str, str]]:
    """(table name, path) pairs from datapackage.json, or by standard file name."""
    if DESCRIPTOR not in package.names:
        report.info(DESCRIPTOR, "is missing; tables are found by their standard HSDS file names")
        standard = spec.by_path()
        singular = {f"{name}.csv": name for name in spec.tables()}
        return [(standard.get(n) or singular[n], n) for n in package.names if n in standard or n in singular]
    with package.open(DESCRIPTOR) as raw:
        data = raw.read(package.limits.max_descriptor_bytes + 1)
    if len(data) > package.limits.max_descriptor_bytes:
        raise SourceError(DESCRIPTOR, "is larger than any data package descriptor should be; it was not read")
    try:
        descriptor = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise SourceError(DESCRIPTOR, f"is not UTF-8 text ({_byte(exc)})") from None
    except (ValueError, RecursionError) as exc:
        raise SourceError(DESCRIPTOR, f"is not valid JSON ({exc})") from None
    items = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(items, list):
        raise SourceError(DESCRIPTOR, "has no list of resources; it is not a data package descriptor")
    listed = []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else None
        if not isinstance(name, str):
            report.info(DESCRIPTOR, f"a resource without a name ({str(item)[:60]}) was ignored")
            continue
        path = item.get("path")
        if name in spec.MODELED and isinstance(path, list):
            raise SourceError(DESCRIPTOR, f"resource {name!r} is split over several files; give one CSV per table")
        if name in spec.MODELED or isinstance(path, str):
            listed.append((name, safe_member_path(path)))
    return listed


def _byte(exc: UnicodeDecodeError) -> str:
    return f"byte 0x{exc.object[exc.start]:02x} cannot be decoded as UTF-8"


BLOCK = 1 << 18  # bytes read and decoded at a time


class CsvFile:
    """One table's CSV file: ``header``, then ``rows()`` as (row number, cells).

    The file is read a block of whole lines at a time, decoded in one go and
    handed to the csv module; a decoding error is raised when the parser
    reaches the line that holds it, so it names the record being read.
    """

    def __init__(self, raw: BinaryIO, name: str, limits: Limits):
        self.name, self._limits, self._raw = name, limits, raw
        self._row = 1
        self._reader = csv.reader(chain.from_iterable(self._blocks()), strict=True)
        self.header: list[str] | None = self._next()
        if self.header is not None:
            self.header = [name.strip() for name in self.header]
            duplicated = sorted({h for h in self.header if self.header.count(h) > 1})
            if duplicated:
                raise SourceError(name, f"names column {duplicated[0]!r} twice in its header", row=1)

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        while True:
            self._row += 1
            cells = self._next()
            if cells is None:
                return
            if cells:  # a blank line is no record
                yield self._row, cells

    def close(self) -> None:
        self._raw.close()

    def _next(self) -> list[str] | None:
        try:
            return next(self._reader, None)
        except csv.Error as exc:
            raise SourceError(self.name, f"is not valid CSV here ({exc})", row=self._row) from None

    def _blocks(self) -> Iterator[list[str]]:
        """Lists of decoded lines (each with its newline). A record still open
        after ``max_row_bytes`` (give or take a block) stops the reading."""
        limit, tail, first = self._limits.max_row_bytes, b"", True
        size = min(BLOCK, max(limit, 4096))
        since, row = 0, self._row  # bytes handed over since the parser last finished a record
        while True:
            data = self._raw.read(size)
            block = tail + data
            cut = block.rfind(b"\n") + 1 if data else len(block)
            block, tail = block[:cut], block[cut:]
            since = since + len(block) if self._row == row else len(block)
            row = self._row
            if since > limit + size or len(tail) > limit:
                raise SourceError(self.name, f"has a record longer than {limit:,} bytes: the file is damaged or "
                                             "not CSV", row=self._row)
            if not block:
                return
            try:
                text = block.decode("utf-8-sig" if first else "utf-8")
            except UnicodeDecodeError as exc:
                good = block[:block.rfind(b"\n", 0, exc.start) + 1]
                yield _split(good.decode("utf-8-sig" if first else "utf-8"))
                raise SourceError(self.name, f"is not UTF-8 text: {_byte(exc)}; save it as UTF-8 and import "
                                             "again (nothing was guessed)", row=self._row) from None
            first = False
            yield _split(text)


def _split(text: str) -> list[str]:
    lines = text.split("\n")
    last = lines.pop()  # "" after a final newline
    return [line + "\n" for line in lines] + ([last] if last else [])
