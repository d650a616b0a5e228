"""Drafts on disk: written whole or not at all, read back as typed."""

from __future__ import annotations

from console.drafts import DraftStore, drafts_folder
from console.services.intake import ContactForm, VictimForm


def test_a_draft_round_trips_a_whole_form(tmp_path):
    store = DraftStore(drafts_folder(tmp_path, "sqlite:///desk.sqlite3"))
    form = ContactForm(primary_request="crisis", summary="Calling from a gas station", victims=(VictimForm(count=3),))
    store.save("new", {"contact_id": None, "form": form.to_dict()})
    (draft,) = store.all()
    assert draft.key == "new"
    assert ContactForm.from_dict(draft.payload["form"]) == form


def test_saving_again_replaces_and_discard_removes(tmp_path):
    store = DraftStore(tmp_path / "drafts")
    store.save("contact-7", {"form": {"summary": "first"}})
    store.save("contact-7", {"form": {"summary": "second"}})
    assert [d.payload["form"]["summary"] for d in store.all()] == ["second"]
    store.discard("contact-7")
    assert store.all() == []
    assert not list((tmp_path / "drafts").glob(".tmp-*"))


def test_a_damaged_draft_file_is_skipped_not_deleted(tmp_path):
    store = DraftStore(tmp_path / "drafts")
    store.save("new", {"form": {}})
    broken = tmp_path / "drafts" / "old.draft.json"
    broken.write_text("{ half a reco")
    assert [d.key for d in store.all()] == ["new"]
    assert broken.exists()


def test_drafts_of_different_databases_are_kept_apart(tmp_path):
    assert drafts_folder(tmp_path, "sqlite:///a.sqlite3") != drafts_folder(tmp_path, "sqlite:///b.sqlite3")


def test_a_form_from_a_later_version_with_unknown_fields_still_loads():
    data = ContactForm(summary="x").to_dict() | {"field_from_the_future": 1}
    assert ContactForm.from_dict(data).summary == "x"


def test_beside_an_encrypted_database_a_draft_is_sealed_and_opens_only_with_its_key(tmp_path):
    key = bytes(range(32))
    store = DraftStore(tmp_path, key=key)
    store.save("abc", {"caller_name": "Marisol Quintero-Vance", "summary": "needs shelter tonight"})
    raw = b"".join(path.read_bytes() for path in tmp_path.iterdir())
    assert b"Marisol" not in raw and b"shelter" not in raw
    assert store.all()[0].payload["caller_name"] == "Marisol Quintero-Vance"
    assert DraftStore(tmp_path).all() == []  # without the key: skipped, not deleted
    assert DraftStore(tmp_path, key=bytes(32)).all() == []  # another database's key
    assert len(list(tmp_path.iterdir())) == 1
