"""Finding speakers, trainers and TA providers for a TTA request: the referral
directory's services in the category "training & speakers", searched with
``DirectoryService.search`` (the same index and plan as the directory pane;
no second search engine).

The search narrows as far as it can and widens only when nothing is found:
the topic's words in the event's state, then any trainer in that state, then
the topic's words nationwide, then every trainer. The answer says which of
these it is (``scope``) so the window can say so in words.

People: the directory's HSDS ``contact`` records (``directory_people``): the
persons named at the trainers found or at their organizations, then anyone
whose title or department names the topic (in the event's state first), each
with their organization, phones and email (withheld where confidential). A
service hit's own details (phone, email, website) come from
``DirectoryService.details``.
"""

from __future__ import annotations

from dataclasses import dataclass

from console.services.directory import DirectoryQuery, DirectoryService, ServiceHit
from console.services.directory_people import PersonHit
from console.vocabulary import LibraryTopic, ServiceCategory

TRAINING = ServiceCategory.TRAINING_SPEAKERS.value
# Words a trainer's description uses for each topic (the index matches word prefixes).
TOPIC_WORDS: dict[str, str] = {
    LibraryTopic.LABOR_TRAFFICKING: "labor",
    LibraryTopic.SEX_TRAFFICKING: "sex",
    LibraryTopic.MINORS: "youth",
    LibraryTopic.INDICATORS: "indicators",
    LibraryTopic.VICTIM_SERVICES: "victim services",
    LibraryTopic.LAW_ENFORCEMENT: "law enforcement",
    LibraryTopic.HEALTH_CARE: "hospitals",
    LibraryTopic.EDUCATION: "schools",
    LibraryTopic.IMMIGRATION_RELIEF: "immigration",
    LibraryTopic.SUPPLY_CHAINS: "supply",
    LibraryTopic.ONLINE_EXPLOITATION: "online",
}
TOPIC_IN_STATE, IN_STATE, TOPIC_NATIONWIDE, NATIONWIDE = "topic_in_state", "in_state", "topic_nationwide", "nationwide"


@dataclass(frozen=True, slots=True)
class TrainerSearch:
    words: str
    state: str | None
    scope: str  # which of the widening searches found these (see the module's doc); NATIONWIDE when none
    hits: tuple[ServiceHit, ...]
    people: tuple[PersonHit, ...] = ()  # at those trainers, or named for the topic


def topic_words(topic: str | None) -> str:
    return TOPIC_WORDS.get(topic or "", "")


def find_trainers(directory: DirectoryService, words: str, state: str | None, limit: int = 50) -> TrainerSearch:
    """Training & speakers services about ``words`` near the event (its ``state``), widening when none,
    and the people at them or named for the topic."""
    words, state = " ".join(words.split()), (state or None)
    steps = []
    if state:
        if words:
            steps.append((TOPIC_IN_STATE, words, state))
        steps.append((IN_STATE, "", state))
    if words:
        steps.append((TOPIC_NATIONWIDE, words, None))
    steps.append((NATIONWIDE, "", None))
    found, hits = NATIONWIDE, ()
    for scope, text, where in steps:
        hits = directory.search(DirectoryQuery(text=text, state=where, category=TRAINING, limit=limit))
        if hits:
            found = scope
            break
    people = directory.people([hit.service_id for hit in hits], words, state, limit)
    return TrainerSearch(words, state, found, hits, people)
