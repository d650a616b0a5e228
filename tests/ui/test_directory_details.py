"""The directory pane's details of a service, as the specialist reads them."""

from __future__ import annotations

from console.services.directory import DirectoryService
from console.vocabulary import Role
from tests.factories import add_trainer_with_people
from ui.directory.details import details_html


def test_the_details_list_the_services_people_and_say_what_is_withheld(qtbot, db):
    ohio = add_trainer_with_people(db)
    specialist = DirectoryService(db, Role.SPECIALIST).details(ohio)
    html = details_html(specialist)
    assert "<b>People</b>" in html
    assert "Ana Ruiz" in html and "aruiz@buckeye.example.org" in html and "(614) 555-0150" in html
    assert [p.contact_id for p in specialist.people] == ["ana", "ben", "fay"]  # fay: marked confidential
    assert all((p.name or p.title) in html for p in specialist.people)
    assert html.count("email withheld (confidential)") == 1
    supervisor = details_html(DirectoryService(db, Role.SUPERVISOR).details(ohio))
    assert "email withheld" not in supervisor
