"""Third-party materials attached to a TTA review (issue 7): checked by
content (not by name), size limited, names sanitised, stored in the database
(SQLite here, PostgreSQL below) and read back byte for byte; and migration
0013 upgrading a database that already holds contacts."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from console.db import Database, DatabaseTarget
from console.errors import ValidationError
from console.models import TtaAttachment
from console.schema import HEAD, check, upgrade
from console.services.tta import TtaForm, TtaService
from console.services.tta_attachments import (
    DOCX,
    JPEG,
    PDF,
    PNG,
    PPTX,
    TEXT,
    XLSX,
    media_type_of,
    safe_name,
)
from console.services.users import UserService
from console.validation import FieldProblem
from console.vocabulary import Role
from tests.factories import make_contact
from tests.revisions import upgrade_to

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
PDF_BYTES = b"%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
_MAIN = {
    DOCX: ("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    XLSX: ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
    PPTX: ("ppt/presentation.xml",
           "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"),
}


def office(part: str, content_type: str, *, with_part: bool = True, types: bytes | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", types or (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/{part}" ContentType="{content_type}"/></Types>').encode())
        if with_part:
            archive.writestr(part, "<doc/>")
    return buffer.getvalue()


def zipped(**files: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("media_type", [DOCX, XLSX, PPTX])
def test_office_documents_are_known_by_their_content_types(media_type):
    assert media_type_of(office(*_MAIN[media_type])) == media_type


@pytest.mark.parametrize("content, expected", [
    (PDF_BYTES, PDF), (b"\x89PNG\r\n\x1a\n" + b"\0" * 20, PNG), (b"\xff\xd8\xff\xe0" + b"\0" * 20, JPEG),
    ("Agenda:\n\tMorning — indicators\r\nAfternoon: référrals\n".encode(), TEXT),
    (b"\xef\xbb\xbfWith a byte-order mark\n", TEXT),
])
def test_accepted_kinds_are_known_by_their_bytes(content, expected):
    assert media_type_of(content) == expected


@pytest.mark.parametrize("content, words", [
    (b"MZ\x90\x00\x03\x00\x00\x00" + b"\0" * 60 + b"This program cannot be run in DOS mode", "program"),
    (b"\x7fELF\x02\x01\x01" + b"\0" * 20, "program"),
    (zipped(**{"readme.txt": b"hello", "payload.exe": b"MZ"}), "not a Word"),
    (office(*_MAIN[DOCX], with_part=False), "not a Word"),  # declares a document it does not hold
    (office("word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml"), "not a Word"),
    (office(*_MAIN[DOCX], types=b'<!DOCTYPE t [<!ENTITY a "aaaa">]><Types/>'), "not a Word"),
    (b"PK\x03\x04 broken beyond repair", "damaged"),
    (b"GIF89a" + b"\0" * 20, "cannot be attached"),
    (b"text with a NUL\x00 in it", "cannot be attached"),
])
def test_other_content_is_refused_whatever_its_name(content, words):
    with pytest.raises(FieldProblem) as caught:
        media_type_of(content)
    assert words in str(caught.value)


@pytest.mark.parametrize("name, media_type, expected", [
    ("../../etc/Deck.PDF", PDF, "Deck.pdf"),
    ("C:\\Users\\ana\\report.exe", PDF, "report.pdf"),
    ("notes.txt.exe", TEXT, "notes.txt.txt"),
    ("photo.jpeg", JPEG, "photo.jpeg"),
    ("con.txt", TEXT, "_con.txt"),
    (".hidden", TEXT, "hidden.txt"),
    ("a\u202egpj.exe", PNG, "agpj.png"),  # the right-to-left override is gone
    ('what: "why"?.docx', DOCX, "what_ _why__.docx"),
    ("", XLSX, "attachment.xlsx"),
    ("x" * 300 + ".pptx", PPTX, "x" * 115 + ".pptx"),
])
def test_names_are_sanitised_and_end_as_their_content(name, media_type, expected):
    assert safe_name(name, media_type) == expected


# -- through the service -------------------------------------------------------------


def review_request(db, max_bytes=20 * 1024 * 1024) -> tuple[TtaService, int, int]:
    maker = UserService(db).ensure("dana", "Dana Reyes", Role.SPECIALIST)
    contact = make_contact(db, priority="non_urgent", primary_request="tta", status="in_progress",
                           assigned_to_id=maker.id, received_at=NOW - timedelta(minutes=5))
    tta = TtaService(db, clock=lambda: NOW, max_attachment_bytes=max_bytes)
    form = TtaForm(contact, kind="third_party_review", requester_name="Dr. Ana Ruiz",
                   requester_email="ana@lakeshore.example.org", topic="health_care")
    return tta, tta.create(form, maker.id).request_id, maker.id


def attachments(db) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(TtaAttachment))


def test_a_valid_pdf_is_stored_and_read_back_exactly(db):
    tta, request, maker = review_request(db)
    details = tta.attach(request, "../ER deck (draft).pdf", PDF_BYTES, maker)
    (info,) = details.attachments
    assert (info.file_name, info.media_type, info.size, info.added_by) == ("ER deck (draft).pdf", PDF,
                                                                          len(PDF_BYTES), "Dana Reyes")
    assert details.item.attachments == 1 and details.log[-1].note == "Attached ER deck (draft).pdf"
    again, content = tta.attachment(info.attachment_id)
    assert again == info and content == PDF_BYTES


def test_a_renamed_exe_is_refused_and_nothing_is_stored(db):
    tta, request, maker = review_request(db)
    with pytest.raises(ValidationError) as caught:
        tta.attach(request, "training.pdf", b"MZ\x90\x00" + b"\0" * 200, maker)
    assert set(caught.value.errors) == {"file"}
    assert attachments(db) == 0 and len(tta.details(request).log) == 1


def test_a_zip_that_is_not_a_docx_is_refused(db):
    tta, request, maker = review_request(db)
    with pytest.raises(ValidationError) as caught:
        tta.attach(request, "curriculum.docx", zipped(**{"word/document.xml": b"<doc/>"}), maker)
    assert "not a Word" in caught.value.errors["file"]
    assert attachments(db) == 0


def test_the_size_limit_holds(db):
    tta, request, maker = review_request(db, max_bytes=1024)
    with pytest.raises(ValidationError) as caught:
        tta.attach(request, "big.txt", b"a" * 1025, maker)
    assert caught.value.errors["file"].startswith("The file is 1 KB; at most 1 KB can be attached.")
    assert tta.attach(request, "fits.txt", b"a" * 1024, maker).attachments[0].size == 1024


def test_files_go_only_on_a_review(db):
    tta, _request, maker = review_request(db)
    contact = tta.details(_request).item.contact_id
    other = tta.create(TtaForm(contact, kind="materials", requester_name="X", requester_phone="713-555-0142",
                               topic="indicators"), maker).request_id
    with pytest.raises(ValidationError) as caught:
        tta.attach(other, "deck.pdf", PDF_BYTES, maker)
    assert set(caught.value.errors) == {"kind"}


# -- migration 0013 ------------------------------------------------------------------


def test_0012_to_0013_upgrades_a_database_with_contacts(tmp_path):
    db = Database(DatabaseTarget.sqlite_file(tmp_path / "old.sqlite3"))
    upgrade_to(db, "0012")
    with db.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO users (username, display_name, role, active, created_at) "
                             "VALUES ('old', 'Old Timer', 'specialist', 1, '2025-01-01 00:00:00')")
    contact = make_contact(db, priority="non_urgent", primary_request="tta", status="in_progress",
                           assigned_to_id=1, received_at=NOW)
    assert upgrade(db) == ("0012", HEAD)
    assert all(item.ok for item in check(db)), check(db)
    tta = TtaService(db, clock=lambda: NOW)
    made = tta.create(TtaForm(contact, kind="phone_consultation", requester_name="Old Timer",
                              requester_email="old@example.org", topic="minors"), 1)
    assert made.item.contact_id == contact
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM contacts")).scalar() == 1


@pytest.mark.postgres
def test_attachments_are_stored_as_bytea_on_postgres(pg_db):
    tta, request, maker = review_request(pg_db)
    deck = office(*_MAIN[PPTX]) + b""
    info = tta.attach(request, "deck.pptx", deck, maker).attachments[0]
    assert tta.attachment(info.attachment_id)[1] == deck
    with pg_db.engine.connect() as conn:
        kind = conn.execute(text("SELECT data_type FROM information_schema.columns "
                                 "WHERE table_name = 'tta_attachments' AND column_name = 'content'")).scalar()
    assert kind == "bytea"
    assert [i.request_id for i in tta.requests()] == [request]
