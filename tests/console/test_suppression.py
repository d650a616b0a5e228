"""The small-count rule, checked against a reader who tries every possible
value of every hidden count (brute force, independent of the rule's own
arithmetic)."""

from __future__ import annotations

from datetime import date, datetime, timezone
from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from console.services.statistics import Period, build
from console.suppression import SMALL, WITHHELD, Relation, suppress

small_groups = st.lists(st.integers(min_value=0, max_value=7), min_size=1, max_size=5)
RELATED = st.sampled_from([Relation.SUM_EQUALS, Relation.SUM_AT_LEAST])


def _group(values: list[int], relation: Relation):
    """(counts, total, suppressed): the total adds the counts up, or (at least
    one code each) lies between the largest count and their sum."""
    counts = {f"c{i}": n for i, n in enumerate(values)}
    total = sum(values) if relation is Relation.SUM_EQUALS else max([*values, sum(values) // 2])
    return counts, total, suppress(counts, total, relation)


def _possible_values(counts, cells, total, relation) -> dict[str, set[int]]:
    """Every value each hidden count could have, given what is shown and the
    published meaning of <3 (1 or 2) and x (3 up to the smallest count shown,
    never above the total)."""
    shown = {c.code: c.count for c in cells if not c.mark}
    ceiling = min((n for n in shown.values() if n >= 3), default=total)
    hidden = [c for c in cells if c.mark]
    domains = [(1, 2) if c.mark == SMALL else range(3, min(ceiling, total) + 1) for c in hidden]
    rest = total - sum(shown.values())
    seen: dict[str, set[int]] = {c.code: set() for c in hidden}
    for values in product(*domains):
        if (sum(values) == rest) if relation is Relation.SUM_EQUALS else (sum(values) >= rest):
            for cell, value in zip(hidden, values, strict=True):
                seen[cell.code].add(value)
    return seen


@settings(max_examples=400, deadline=None)
@given(small_groups, RELATED)
def test_no_count_of_1_or_2_is_shown_and_shown_counts_are_true(values, relation):
    counts, _total, result = _group(values, relation)
    for cell in result.cells:
        assert cell.count not in (1, 2)
        if not cell.mark:
            assert cell.count == counts[cell.code]
        if counts[cell.code] == 0:
            assert cell.count == 0 and cell.text == "0"  # zero stays 0
        if 0 < counts[cell.code] < 3:
            assert cell.mark == SMALL
    assert result.total is not None and result.total.count not in (1, 2)


@settings(max_examples=400, deadline=None)
@given(small_groups, RELATED)
def test_a_hidden_count_cannot_be_worked_out_from_the_total_and_the_shown_counts(values, relation):
    counts, total, result = _group(values, relation)
    if result.withheld:
        assert result.cells == ()  # nothing by category at all
        return
    for code, possible in _possible_values(counts, result.cells, total, relation).items():
        assert counts[code] in possible
        assert len(possible) >= 2, (counts, [c.text for c in result.cells], code, possible)


def test_one_small_count_takes_the_next_smallest_with_it():
    result = suppress({"a": 1, "b": 5, "c": 9, "d": 0}, 15, Relation.SUM_EQUALS)
    assert [c.text for c in result.cells] == [SMALL, WITHHELD, "9", "0"]


def test_two_equal_small_counts_are_not_enough_on_their_own():
    # 2 + 2 = 4 = 24 - 20 would give both away.
    result = suppress({"a": 2, "b": 2, "c": 20}, 24, Relation.SUM_EQUALS)
    assert [c.text for c in result.cells] == [SMALL, SMALL, WITHHELD]


def test_a_group_that_cannot_be_protected_is_withheld_whole():
    assert suppress({"a": 2, "b": 2}, 4, Relation.SUM_EQUALS).withheld
    small_total = suppress({"a": 2, "b": 0}, 2, Relation.SUM_EQUALS)
    assert small_total.withheld and small_total.total is not None and small_total.total.text == SMALL


def test_at_least_one_per_contact_can_give_a_count_away():
    # 10 contacts, 8 crisis: the 2 tips are the rest (each contact has a request).
    result = suppress({"crisis": 8, "tip": 2, "tta": 0}, 10, Relation.SUM_AT_LEAST)
    assert [c.text for c in result.cells] == [WITHHELD, SMALL, "0"]


def test_independent_figures_only_hide_small_counts():
    result = suppress({"a": 1, "b": 40}, None, Relation.INDEPENDENT)
    assert [c.text for c in result.cells] == [SMALL, "40"] and result.total is None


def test_counts_that_do_not_add_up_are_refused():
    with pytest.raises(ValueError):
        suppress({"a": 3}, 4, Relation.SUM_EQUALS)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(["phone", "text", "email", "chat"]), st.integers(0, 6), min_size=1),
       st.integers(0, 6), st.integers(0, 6))
def test_nothing_of_1_or_2_leaves_the_service(channels, victims, referred):
    contacts = sum(channels.values())
    raw = {key: {} for key in ("request_type", "caller_type", "status", "outcome", "trafficking_type", "venue",
                               "language", "referral_status", "referral_category", "tta_urgency", "follow_up")}
    raw.update(channel=channels, primary_request={"crisis": contacts}, caller_type={"unknown": contacts},
               status={"waiting": contacts}, outcome={"data": contacts}, trafficking_type={"sex": contacts},
               venue={"unknown": contacts}, language={"not_recorded": contacts},
               referral_status={"referred": referred}, referral_category={"shelter": referred})
    totals = {"contacts": contacts, "data_contacts": contacts, "potential_victims": victims,
              "referrals": referred, "referrals_given": referred, "tta_requests": 0, "follow_ups": 0}
    stats = build(Period(date(2026, 1, 1), date(2026, 2, 1)), "America/New_York",
                  datetime(2026, 2, 1, tzinfo=timezone.utc), raw, totals)
    for breakdown in stats.all():
        for cell in (*breakdown.cells, *([breakdown.total] if breakdown.total else [])):
            assert cell.count not in (1, 2)
