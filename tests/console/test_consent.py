"""The consent policy (console.consent): every answer x recipient class x mandated flag."""

from __future__ import annotations

import itertools

import pytest

from console.consent import (
    NEVER_SHARED,
    OVERRIDE_REASON_MIN,
    ConsentFacts,
    Part,
    check_override_reason,
    decide,
    redact,
    with_override,
)
from console.vocabulary import ConsentAnswer, DisclosureBasis, RecipientClass

_FIELD = {RecipientClass.LAW_ENFORCEMENT: "law_enforcement", RecipientClass.SERVICE_PROVIDERS: "service_providers",
          RecipientClass.TASK_FORCE: "task_force"}
WITHOUT_IDENTITY = (Part.CASE, Part.VICTIMS, Part.NARRATIVE)


def expected(answer: ConsentAnswer, recipient: RecipientClass, mandated: bool) -> DisclosureBasis | None:
    if answer is ConsentAnswer.YES:
        return DisclosureBasis.CONSENT
    if mandated and recipient is RecipientClass.LAW_ENFORCEMENT:
        return DisclosureBasis.MANDATED
    return None


@pytest.mark.parametrize(("answer", "recipient", "mandated"),
                         list(itertools.product(ConsentAnswer, RecipientClass, (False, True))))
def test_the_policy_table(answer, recipient, mandated):
    # The other classes say the opposite, so a mix-up between classes shows.
    other = ConsentAnswer.NO if answer is ConsentAnswer.YES else ConsentAnswer.YES
    answers = {name: other.value for name in _FIELD.values()} | {_FIELD[recipient]: answer.value}
    decision = decide(ConsentFacts(**answers, mandated_report=mandated), recipient)

    basis = expected(answer, recipient, mandated)
    assert decision.basis is basis
    assert decision.answer is answer
    assert decision.needs_override is (basis is None)
    if basis is DisclosureBasis.CONSENT:
        assert decision.included == (*WITHOUT_IDENTITY, Part.CALLER)
        assert "caller_name" in decision.fields and "caller_safe_phone" in decision.fields
    else:  # mandated, or only an override could share it: never the caller's identity
        assert decision.included == WITHOUT_IDENTITY
        assert not {"caller_name", "caller_safe_phone", "caller_type"} & set(decision.fields)
        assert decision.left_out[0][0] == Part.CALLER
    assert "caller_code_word" not in decision.fields
    assert set(NEVER_SHARED) <= set(decision.left_out)


@pytest.mark.parametrize("recipient", list(RecipientClass))
def test_an_override_shares_without_the_callers_identity(recipient):
    refused = decide(ConsentFacts(), recipient)  # nothing asked, not mandated
    assert refused.needs_override and "not asked" in refused.reason
    overridden = with_override(refused)
    assert overridden.basis is DisclosureBasis.OVERRIDE
    assert overridden.included == WITHOUT_IDENTITY


def test_an_override_changes_nothing_where_none_is_needed():
    allowed = decide(ConsentFacts(task_force="yes"), RecipientClass.TASK_FORCE)
    assert with_override(allowed) is allowed


def test_a_mandated_report_goes_to_law_enforcement_only():
    facts = ConsentFacts(law_enforcement="no", service_providers="no", task_force="no", mandated_report=True)
    assert decide(facts, RecipientClass.LAW_ENFORCEMENT).basis is DisclosureBasis.MANDATED
    refused = decide(facts, RecipientClass.SERVICE_PROVIDERS)
    assert refused.needs_override and "law enforcement only" in refused.reason


def test_an_unknown_stored_code_never_reads_as_consent():
    assert decide(ConsentFacts(law_enforcement="Yes!"), "law_enforcement").needs_override


@pytest.mark.parametrize(("reason", "ok"), [
    (None, False), ("", False), ("   ", False), ("too short", False),
    ("x" * (OVERRIDE_REASON_MIN - 1), False),
    ("Child in danger tonight; police asked by the caseworker", True),
    ("  Child   in danger\n tonight, police needed  ", True),  # spaces collapsed, then counted
    ("y" * 1001, False),
])
def test_an_override_reason_is_a_sentence(reason, ok):
    assert (check_override_reason(reason) is None) is ok


def test_redact_blanks_names_code_words_and_phone_numbers_only():
    text = ("Marisol said to ask for BLUEBIRD. Call Marisol at (713) 555-0142 or 713.555.0142; "
            "the shelter is 212-555-0100. Marisolana is a town.")
    out = redact(text, ["Marisol", "bluebird"], ["+17135550142"])
    assert "Marisol " not in out and "bluebird" not in out.lower() and "555-0142" not in out
    assert "555.0142" not in out
    assert "212-555-0100" in out and "Marisolana" in out
    assert out.count("[withheld]") == 5
