"""Checks for third-party materials sent to the hotline for review: what the
file is (from its content, never its name), whether it is small enough, and
a name that is safe to show and to save under.

Accepted, by content:

- PDF (``%PDF-`` at the start);
- Word, Excel and PowerPoint documents (DOCX, XLSX, PPTX): a ZIP whose
  ``[Content_Types].xml`` declares that document's main part, and which holds
  that part. Macro-enabled variants (DOCM, XLSM, PPTM) declare another type
  and are refused, as is any ZIP that is not one of the three;
- PNG and JPEG images (their signatures);
- plain text in UTF-8 (no NUL or other control characters than tab, line
  breaks and form feed).

Anything else (a program, a script in a binary wrapper, an archive, a
renamed ``.exe``) is refused. The stored name keeps the sender's words but
no folder, no control or reserved characters, no leading dot, no Windows
device name, at most ``NAME_MAX`` characters, and always ends with the
extension of what the content is, so nothing can pass for something else
when it is saved out. Files are never opened or run by the console: the
window only saves a copy where the user chooses.

``MAX_BYTES`` (20 MiB) bounds a file: larger review materials are asked for
as a link. It is a constant, not a setting: the database holds the content,
and every desk of a shared database must agree on what fits.
"""

from __future__ import annotations

import io
import re
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass

from console.validation import FieldProblem

MAX_BYTES = 20 * 1024 * 1024
NAME_MAX = 120
_CONTENT_TYPES_MAX = 256 * 1024  # a real [Content_Types].xml is a few KB

PDF, DOCX, XLSX, PPTX = "application/pdf", (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"), (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (
    "application/vnd.openxmlformats-officedocument.presentationml.presentation")
PNG, JPEG, TEXT = "image/png", "image/jpeg", "text/plain"

# media type -> (extensions its name may keep, the one added otherwise)
EXTENSIONS: dict[str, tuple[tuple[str, ...], str]] = {
    PDF: ((".pdf",), ".pdf"), DOCX: ((".docx",), ".docx"), XLSX: ((".xlsx",), ".xlsx"),
    PPTX: ((".pptx",), ".pptx"), PNG: ((".png",), ".png"), JPEG: ((".jpg", ".jpeg"), ".jpg"),
    TEXT: ((".txt", ".text", ".md", ".csv"), ".txt"),
}
# The main part's content type in [Content_Types].xml -> the document's media type.
_OOXML_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": PPTX,
}
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_RESERVED = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_DEVICES = frozenset({"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                      *(f"LPT{i}" for i in range(1, 10))})
ACCEPTED = "PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), PNG or JPEG images, or plain text"


@dataclass(frozen=True, slots=True)
class CheckedFile:
    file_name: str
    media_type: str
    size: int


def check_file(name: str, content: bytes, max_bytes: int = MAX_BYTES) -> CheckedFile:
    """The file as it will be stored, or ``FieldProblem`` saying why not."""
    size = len(content)
    if size == 0:
        raise FieldProblem("The file is empty.")
    if size > max_bytes:
        raise FieldProblem(f"The file is {_mb(size)}; at most {_mb(max_bytes)} can be attached. "
                           "Ask the sender for a link instead.")
    media_type = media_type_of(content)
    return CheckedFile(safe_name(name, media_type), media_type, size)


def media_type_of(content: bytes) -> str:
    """What ``content`` is, by its bytes; ``FieldProblem`` for anything not accepted."""
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith(b"PK\x03\x04"):
        return _office_type(content)
    if _is_text(content):
        return TEXT
    if content.startswith((b"MZ", b"\x7fELF", b"#!")):
        raise FieldProblem("This file is a program or script, not a document: it cannot be attached.")
    raise FieldProblem(f"This kind of file cannot be attached. Accepted: {ACCEPTED}.")


def _office_type(content: bytes) -> str:
    refused = FieldProblem(f"This ZIP file is not a Word, Excel or PowerPoint document. Accepted: {ACCEPTED}.")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            try:
                info = archive.getinfo("[Content_Types].xml")
            except KeyError:
                raise refused from None
            if info.file_size > _CONTENT_TYPES_MAX:
                raise refused
            with archive.open(info) as handle:
                types = handle.read(_CONTENT_TYPES_MAX + 1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError, RuntimeError):
        raise FieldProblem("This file looks like a ZIP or an Office document but is damaged.") from None
    if len(types) > _CONTENT_TYPES_MAX or b"<!DOCTYPE" in types or b"<!ENTITY" in types:
        raise refused  # no entity expansion, ever
    try:
        root = ET.fromstring(types)
    except ET.ParseError:
        raise refused from None
    for override in root.iter(f"{_CT_NS}Override"):
        found = _OOXML_MAIN.get((override.get("ContentType") or "").strip())
        part = (override.get("PartName") or "").lstrip("/")
        if found is not None and part in names:
            return found
    raise refused


def _is_text(content: bytes) -> bool:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return not _TEXT_CONTROL.search(text)


def safe_name(name: str, media_type: str) -> str:
    """A name to show and to save under: see the module's doc."""
    base = re.split(r"[\\/]", name or "")[-1]  # no folder, from any system
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn"))
    base = _RESERVED.sub("_", base)
    base = re.sub(r"\s+", " ", base).strip(" .")
    keep, add = EXTENSIONS[media_type]
    stem, dot, ext = base.rpartition(".")
    if dot and "." + ext.lower() in keep:
        suffix = "." + ext.lower()
    else:
        stem, suffix = (stem if dot and len(ext) <= 5 and " " not in ext else base), add
    stem = stem.strip(" .") or "attachment"
    if stem.split(".")[0].upper() in _DEVICES:
        stem = "_" + stem
    return stem[: NAME_MAX - len(suffix)].rstrip(" .") + suffix


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"
