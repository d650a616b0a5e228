"""Opening what an import reads: a folder or a .zip holding an HSDS CSV data
package, with limits on every byte it may read.

Nothing here trusts the input. A file or zip member larger than
``Limits.max_file_bytes`` is refused before it is read; a zip member is also
refused when its declared sizes add up past ``max_total_bytes`` or it
claims to expand more than ``max_ratio`` times (a zip bomb), and while it is
read, reading more bytes than it declared (or than the limit) stops the
import. Paths named in ``datapackage.json`` must stay inside the package.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Self

MB = 1 << 20


@dataclass(frozen=True, slots=True)
class Limits:
    max_file_bytes: int = 1024 * MB  # one CSV file or zip member, uncompressed
    max_total_bytes: int = 4096 * MB  # every member a zip import reads, uncompressed
    max_json_bytes: int = 64 * MB  # a JSON file is parsed whole
    max_descriptor_bytes: int = 4 * MB  # datapackage.json
    max_field_chars: int = 32_768  # a longer cell rejects its row (the csv module stops at 131,072)
    max_row_bytes: int = MB  # a longer CSV record stops the import: the file is damaged
    max_ratio: int = 100  # zip: uncompressed / compressed, above 1 MB
    max_members: int = 10_000
    max_problems: int = 1000  # listed in a report; the rest are counted


DEFAULT_LIMITS = Limits()


class SourceError(Exception):
    """The package cannot be read safely: a fatal problem at this place."""

    def __init__(self, file: str, message: str, row: int | None = None):
        super().__init__(message)
        self.file, self.message, self.row = file, message, row


_UNSAFE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")  # a URL, not a file of the package


def safe_member_path(path: object) -> str:
    """A resource path as a clean relative POSIX path, or SourceError."""
    if not isinstance(path, str) or not path.strip():
        raise SourceError("datapackage.json", f"resource path {path!r} is not a file name inside the package")
    if _UNSAFE.match(path):
        raise SourceError("datapackage.json", f"resource path {path!r} is a URL; only files inside the package are read")
    pure = PurePosixPath(path.replace("\\", "/"))
    if pure.is_absolute() or ".." in pure.parts or re.match(r"^[a-zA-Z]:", path):
        raise SourceError("datapackage.json", f"resource path {path!r} points outside the package; it is refused")
    return str(pure)


class _Capped(io.RawIOBase):
    """A binary stream that stops (SourceError) after ``limit`` bytes."""

    def __init__(self, raw: BinaryIO, name: str, limit: int, why: str):
        self._raw, self._name, self._left, self._why = raw, name, limit, why

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        try:
            data = self._raw.read(min(len(buffer), self._left + 1))
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise SourceError(self._name, f"is damaged in the zip ({exc})") from None
        if len(data) > self._left:
            raise SourceError(self._name, self._why)
        self._left -= len(data)
        buffer[:len(data)] = data
        return len(data)

    def close(self) -> None:
        self._raw.close()
        super().close()


class Package:
    """The files of a CSV data package, by their path inside it."""

    def __init__(self, path: Path, limits: Limits):
        self.path, self.limits = path, limits
        self.names: list[str] = []

    def open(self, name: str) -> BinaryIO:
        raise NotImplementedError

    def has(self, name: str) -> bool:
        return name in self.names

    def close(self) -> None:
        pass

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def too_big(self, name: str, size: int) -> SourceError:
        return SourceError(name, f"is {size / MB:,.1f} MB, over the {self.limits.max_file_bytes / MB:,.0f} MB "
                                 "limit for one file; it was not read (raise --max-file-mb if it is genuine)")


class FolderPackage(Package):
    def __init__(self, path: Path, limits: Limits):
        super().__init__(path, limits)
        self._root = path.resolve()
        self.names = sorted(p.name for p in self._root.iterdir() if p.is_file())

    def has(self, name: str) -> bool:
        return (self._root / name).is_file()

    def open(self, name: str) -> BinaryIO:
        target = (self._root / name).resolve()
        if self._root not in target.parents:
            raise SourceError(name, "points outside the package folder (a link?); it is refused")
        size = target.stat().st_size
        if size > self.limits.max_file_bytes:
            raise self.too_big(name, size)
        handle = open(target, "rb")  # noqa: SIM115 (closed with the reader that wraps it)
        raw = _Capped(handle, name, self.limits.max_file_bytes, "grew past the size limit while read")
        return io.BufferedReader(raw, 1 << 16)


class ZipPackage(Package):
    def __init__(self, path: Path, limits: Limits):
        super().__init__(path, limits)
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise SourceError(path.name, f"is not a readable zip file ({exc})") from None
        infos = [i for i in self._zip.infolist() if not i.is_dir()]
        if len(infos) > limits.max_members:
            self._zip.close()
            raise SourceError(path.name, f"holds {len(infos):,} files, over the limit of {limits.max_members:,}")
        self._prefix = _package_root([i.filename for i in infos])
        self._infos = {i.filename[len(self._prefix):]: i for i in infos if i.filename.startswith(self._prefix)}
        self.names = sorted(self._infos)
        self._declared_total = 0

    def open(self, name: str) -> BinaryIO:
        info = self._infos.get(name)
        if info is None:
            raise FileNotFoundError(name)
        limits = self.limits
        if info.flag_bits & 0x1:
            raise SourceError(name, "is encrypted in the zip; export it without a password")
        if info.file_size > limits.max_file_bytes:
            raise self.too_big(name, info.file_size)
        if info.file_size > MB and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise SourceError(name, f"claims to expand {info.file_size // max(info.compress_size, 1):,} times "
                                    f"(over {limits.max_ratio}:1): a zip bomb or a damaged zip; it was not read")
        self._declared_total += info.file_size
        if self._declared_total > limits.max_total_bytes:
            raise SourceError(name, f"takes the package past {limits.max_total_bytes / MB:,.0f} MB uncompressed; "
                                    "it was not read")
        raw = _Capped(self._zip.open(info), name, info.file_size,
                      "expands to more than the size it declares: a zip bomb or a damaged zip")
        return io.BufferedReader(raw, 1 << 16)

    def close(self) -> None:
        self._zip.close()


def _package_root(names: list[str]) -> str:
    """The folder inside a zip that holds the package (zips of a folder nest it)."""
    for marker in ("datapackage.json", "organizations.csv", "organization.csv"):
        hits = sorted((n for n in names if n.rsplit("/", 1)[-1] == marker), key=lambda n: n.count("/"))
        if hits:
            return hits[0][: -len(marker)]
    return ""


def open_package(path: Path, limits: Limits) -> Package:
    if path.is_dir():
        return FolderPackage(path, limits)
    return ZipPackage(path, limits)


def kind_of(path: Path) -> str:
    """"folder", "zip" or "json"; SourceError when the path is none of them."""
    if not path.exists():
        raise SourceError(str(path), "does not exist")
    if path.is_dir():
        if not os.access(path, os.R_OK | os.X_OK):
            raise SourceError(str(path), "cannot be read (permissions)")
        return "folder"
    if not os.access(path, os.R_OK):
        raise SourceError(str(path), "cannot be read (permissions)")
    if path.suffix.lower() == ".json":
        return "json"
    if path.suffix.lower() == ".zip" or zipfile.is_zipfile(path):
        return "zip"
    raise SourceError(str(path), "is not an HSDS package: give a folder or a .zip with datapackage.json, "
                                 "or a .json file of services")
