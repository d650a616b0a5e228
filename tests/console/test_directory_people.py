"""The speaker search's people (issue 7): the directory's HSDS contacts at the
trainers found and those whose title or department names the topic, with
their confidential email and phones withheld from roles that may not see
them (on SQLite and on PostgreSQL)."""

from __future__ import annotations

import pytest

from console.services.directory import DirectoryService
from console.services.tta_speakers import TOPIC_IN_STATE, find_trainers
from console.vocabulary import Role
from tests.factories import add_trainer_with_people


def test_people_at_the_trainers_then_those_named_for_the_topic_in_the_state_first(db):
    ohio = add_trainer_with_people(db)
    found = find_trainers(DirectoryService(db, Role.SPECIALIST), "schools", "OH")
    assert (found.scope, [h.service_id for h in found.hits]) == (TOPIC_IN_STATE, [ohio])
    people = {p.contact_id: p for p in found.people}
    assert list(people) == ["ana", "ben", "fay", "cara", "dev"]  # at the trainer by name, then Ohio, then Texas
    ana = people["ana"]
    assert (ana.name, ana.title, ana.organization_name, ana.city, ana.state) == (
        "Ana Ruiz", "Training Coordinator", "Buckeye Educators Alliance", "Columbus", "OH")
    assert (ana.email, [(p.number, p.extension) for p in ana.phones]) == (
        "aruiz@buckeye.example.org", [("(614) 555-0150", "21")])
    assert (ana.trainer, ana.topic, ana.withheld) == (True, False, False)
    ben = people["ben"]  # named at the service at a location: its service and organization
    assert (ben.service_id, ben.service_name, ben.organization_name) == (ohio, "Schools training",
                                                                        "Buckeye Educators Alliance")
    assert (people["dev"].trainer, people["dev"].topic, people["dev"].state) == (False, True, "TX")


def test_a_confidential_person_or_place_withholds_email_and_phones_but_not_the_name(db):
    ohio = add_trainer_with_people(db)
    specialist = DirectoryService(db, Role.SPECIALIST).people([ohio], "schools", "OH")
    people = {p.contact_id: p for p in specialist}
    for key in ("cara", "fay"):  # at a shelter whose address is confidential; marked confidential
        person = people[key]
        assert person.name and person.title and (person.confidential, person.withheld) == (True, True)
        assert person.email is None and all(p.withheld and p.number is None for p in person.phones)
    assert people["cara"].phones[0].description == "Cell" and people["cara"].city == "Columbus"
    supervisor = {p.contact_id: p for p in DirectoryService(db, Role.SUPERVISOR).people([ohio], "schools", "OH")}
    cara = supervisor["cara"]
    assert (cara.email, cara.confidential, cara.withheld) == ("clin@harbor.example.org", True, False)
    assert [(p.number, p.confidential, p.withheld) for p in cara.phones] == [("(614) 555-0152", True, False)]


def test_words_match_the_start_of_words_and_the_list_is_bounded(db):
    ohio = add_trainer_with_people(db)
    directory = DirectoryService(db, Role.SPECIALIST)
    assert directory.people([], "hools", None) == ()  # inside a word: no
    assert [p.contact_id for p in directory.people([], "SCHOOL", None)] == ["cara", "dev"]  # any case
    assert [p.contact_id for p in directory.people([], "youth", "TX")] == ["dev"]  # after a slash
    assert [p.contact_id for p in directory.people([ohio], "schools", "OH", limit=2)] == ["ana", "ben"]
    assert [p.contact_id for p in directory.people([], "", None)] == []  # nothing asked, nothing found
    assert directory.people([], "100%_", None) == ()  # LIKE's wildcards are plain text


@pytest.mark.postgres
def test_people_on_postgresql(pg_db):
    ohio = add_trainer_with_people(pg_db)
    found = find_trainers(DirectoryService(pg_db, Role.SPECIALIST), "schools", "OH")
    assert [p.contact_id for p in found.people] == ["ana", "ben", "fay", "cara", "dev"]
    assert [p.contact_id for p in found.people if p.withheld] == ["fay", "cara"]
    assert [p.contact_id for p in DirectoryService(pg_db, Role.SPECIALIST).people([ohio], "school", "TX")][-2:] == [
        "dev", "cara"]


def test_a_services_details_name_its_people_with_the_same_withholding(db):
    ohio = add_trainer_with_people(db)
    specialist = DirectoryService(db, Role.SPECIALIST).details(ohio)
    at_service = {p.contact_id: p for p in specialist.people}
    assert set(at_service) >= {"ana", "ben"} and "dev" not in at_service  # not at this service: not listed
    assert at_service["ana"].email == "aruiz@buckeye.example.org"
    withheld = [p for p in specialist.people if p.confidential]
    assert all(p.withheld and p.email is None for p in withheld)
    supervisor = DirectoryService(db, Role.SUPERVISOR).details(ohio)
    assert all(not p.withheld for p in supervisor.people)

