"""The Speakers tab's People list (issue 7): the directory's people found
with the trainers, reached from the keyboard (Alt+P), named for screen
readers, each shown with how to reach them, withheld details said in words."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication

from console.models import DirectoryContact, Service
from console.services.directory import DirectoryService
from console.vocabulary import Role
from tests.factories import add_directory_service, add_trainer_with_people
from ui.tables import RowRole
from ui.tta.people_model import COL_EMAIL, COL_NAME, COL_ORGANIZATION, COL_PHONE
from ui.tta.speakers import SpeakersPanel
from ui.workers import ImmediateWorker


def _panel(qtbot, db, role: Role) -> SpeakersPanel:
    panel = SpeakersPanel(DirectoryService(db, role), ImmediateWorker())
    qtbot.addWidget(panel)
    panel.resize(760, 720)
    with qtbot.waitExposed(panel):
        panel.show()
    panel.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is panel)
    return panel


def _search(qtbot, panel: SpeakersPanel, words: str, state: str):
    panel.words.setText(words)
    panel.state.set_code(state)
    with qtbot.waitSignal(panel.searched, timeout=2000) as found:
        panel.search_button.click()
    return found.args[0]


def test_people_are_listed_under_the_trainers_and_reached_with_alt_p(qtbot, db, qtmodeltester):
    add_trainer_with_people(db)
    panel = _panel(qtbot, db, Role.PROGRAM_STAFF)
    found = _search(qtbot, panel, "schools", "OH")
    model = panel.people_model
    qtmodeltester.check(model)
    assert [model.hit(r).contact_id for r in range(model.rowCount())] == ["ana", "ben", "fay", "cara", "dev"]
    assert len(found.people) == 5 and "5 person(s) below" in panel.result.text()
    assert model.index(0, COL_NAME).data() == "Ana Ruiz"
    assert model.index(0, COL_ORGANIZATION).data() == "Buckeye Educators Alliance"
    assert model.index(0, COL_PHONE).data() == "(614) 555-0150 ext. 21"
    assert "Named at a trainer found" in model.index(0, COL_NAME).data(Qt.ItemDataRole.ToolTipRole)
    assert "Buckeye Educators Alliance" in panel.contact.toPlainText()  # the trainer, selected first

    qtbot.keyClick(panel.words, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    assert panel.people.hasFocus()
    assert "Ana Ruiz" in panel.contact.toPlainText()  # the details follow the list in use
    qtbot.keyClick(panel.people, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    person = model.data(panel.people.currentIndex(), RowRole)
    assert person.contact_id == "dev" and "Youth/Schools Outreach" in panel.contact.toPlainText()
    assert "title or department names the topic" in panel.contact.toPlainText()
    qtbot.keyClick(panel.people, Qt.Key.Key_Up)
    text = panel.contact.toPlainText()  # program staff may see the shelter's advocate: marked, not withheld
    assert "clin@harbor.example.org" in text and "confidential: do not give out" in text
    for widget in (panel.people, panel.table, panel.contact, panel.words):
        assert QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)


def test_a_specialist_sees_withheld_details_said_in_words(qtbot, db):
    add_trainer_with_people(db)
    panel = _panel(qtbot, db, Role.SPECIALIST)
    _search(qtbot, panel, "schools", "OH")
    model = panel.people_model
    row = next(r for r in range(model.rowCount()) if model.hit(r).contact_id == "cara")
    assert model.index(row, COL_EMAIL).data() == "withheld (confidential)"
    assert model.index(row, COL_PHONE).data() == "withheld (confidential)"
    panel.people.setFocus()
    panel.people.selectRow(row)
    text = panel.contact.toPlainText()
    assert "Cara Lin" in text and "clin@" not in text and "555-0152" not in text
    assert "withheld (confidential line)" in text and "Columbus, OH" in text


def test_people_named_for_the_topic_come_after_those_at_the_trainers(qtbot, db):
    add_trainer_with_people(db)
    panel = _panel(qtbot, db, Role.SPECIALIST)
    found = _search(qtbot, panel, "youth", "TX")  # no trainer in Texas: the Ohio one, its people, then Dev
    assert [p.contact_id for p in found.people] == ["ana", "ben", "fay", "dev"]
    assert (found.people[3].topic, found.people[3].trainer) == (True, False)
    assert panel.table.currentIndex().row() == 0  # the trainer is shown first


def test_without_trainers_the_first_person_is_shown(qtbot, db):
    service_id = add_directory_service(db, "Youth shelter", "Harbor Youth Haven", zip_code="43215")
    with db.write() as session:
        org = session.get(Service, service_id).organization_id
        session.add(DirectoryContact(id="gus", organization_id=org, name="Gus Hale", title="Youth Educator"))
    panel = _panel(qtbot, db, Role.SPECIALIST)
    found = _search(qtbot, panel, "youth", "OH")
    assert (found.hits, [p.contact_id for p in found.people]) == ((), ["gus"])
    assert panel.result.text().startswith("No trainers or speakers in the directory yet. 1 person(s) below")
    assert panel.people.currentIndex().row() == 0 and "Gus Hale" in panel.contact.toPlainText()
