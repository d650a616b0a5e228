"""The hours policy: urgent work 24/7, non-urgent work 9am-9pm ET Mon-Fri,
everything else a message due at 9pm ET on the fifth business day after."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from console.hours import HoursPolicy, HoursSettings, is_urgent_work
from console.services.intake.rules import priority_of
from console.vocabulary import Priority, RequestType

ET = ZoneInfo("America/New_York")
NON_URGENT_REFERRAL = {"referral"}
POLICY = HoursPolicy()
CLOSURES = tuple(d for y in range(2024, 2031) for d in (date(y, 12, 24), date(y, 12, 31), date(y, 8, 14)))
CLOSED_POLICY = HoursPolicy(HoursSettings(site_closures=(date(2026, 11, 27), *CLOSURES)))


def et(year: int, month: int, day: int, hour: int = 0, minute: int = 0, *, fold: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ET, fold=fold)


def message(arrived: datetime, policy: HoursPolicy = POLICY, types=frozenset(NON_URGENT_REFERRAL)):
    routing = policy.route(types, False, arrived)
    assert routing.is_message and not routing.handled_now
    assert routing.due_at is not None and routing.due_at.tzinfo is UTC
    return routing


# -- examples ---------------------------------------------------------------


def test_tuesday_morning_referral_is_handled_now_and_due_at_closing():
    routing = POLICY.route(NON_URGENT_REFERRAL, False, et(2026, 2, 3, 10))
    assert routing.handled_now and not routing.is_message
    assert routing.due_at == et(2026, 2, 3, 21) and routing.due_at.tzinfo is UTC
    assert routing.overdue_at == routing.due_at
    assert routing.reason == (
        "Non-urgent request received in business hours (Tue 3 Feb, 10:00 am ET): handled now; due by Tue 3 Feb, 9:00 pm ET."
    )


def test_tuesday_after_closing_is_a_message_due_the_next_tuesday():
    routing = message(et(2026, 2, 3, 21, 30))
    assert routing.due_at == et(2026, 2, 10, 21)
    assert "after the 9:00 pm closing" in routing.reason and "respond by Tue 10 Feb, 9:00 pm ET" in routing.reason


def test_closing_and_opening_edges():
    assert POLICY.is_business_time(et(2026, 2, 3, 9))
    assert not POLICY.is_business_time(et(2026, 2, 3, 8, 59))
    assert POLICY.is_business_time(et(2026, 2, 3, 20, 59))
    assert not POLICY.is_business_time(et(2026, 2, 3, 21))
    early = message(et(2026, 2, 3, 7, 15))
    assert early.due_at == et(2026, 2, 10, 21) and "7:15 am ET, before the 9:00 am opening" in early.reason


def test_friday_night_is_due_the_next_friday():
    assert message(et(2026, 12, 4, 22)).due_at == et(2026, 12, 11, 21)


def test_saturday_reads_as_the_specialist_sees_it():
    routing = message(et(2025, 11, 29, 14))
    assert routing.due_at == et(2025, 12, 5, 21)
    assert routing.reason == (
        "Non-urgent request received on Saturday (weekend): taken as a message; "
        "program staff respond by Fri 5 Dec, 9:00 pm ET."
    )


def test_thanksgiving_is_closed_the_day_after_is_not():
    thanksgiving = message(et(2026, 11, 26, 11), types=frozenset({"general_info"}))
    assert POLICY.is_holiday(date(2026, 11, 26)) == "Thanksgiving Day"
    assert "a holiday (Thanksgiving Day)" in thanksgiving.reason
    # Fri 27 Nov counts: Fri, Mon, Tue, Wed, Thu.
    assert thanksgiving.due_at == et(2026, 12, 3, 21)
    day_after = POLICY.route({"tta"}, False, et(2026, 11, 27, 11))
    assert day_after.handled_now and day_after.due_at == et(2026, 11, 27, 21)


def test_site_closure_makes_a_message_and_is_skipped_when_counting():
    assert CLOSED_POLICY.is_holiday(date(2026, 11, 27)) == "site closure"
    routing = message(et(2026, 11, 27, 11), CLOSED_POLICY)
    assert "on Fri 27 Nov (site closure)" in routing.reason
    assert routing.due_at == et(2026, 12, 4, 21)
    assert message(et(2026, 11, 25, 21, 30), CLOSED_POLICY).due_at == et(2026, 12, 4, 21)  # skips Thu and Fri


def test_july_fourth_on_a_saturday_closes_the_friday_before():
    assert POLICY.is_holiday(date(2026, 7, 4)) == "Independence Day"
    assert POLICY.is_holiday(date(2026, 7, 3)) == "Independence Day (observed)"
    friday = message(et(2026, 7, 3, 10))
    assert "a holiday (Independence Day, observed)" in friday.reason
    assert friday.due_at == et(2026, 7, 10, 21)
    assert message(et(2026, 7, 2, 21, 30)).due_at == et(2026, 7, 10, 21)


def test_urgent_work_is_handled_at_three_on_a_sunday_morning():
    for types, urgent in (({"crisis"}, False), ({"tip"}, False), ({"tta"}, True), ({"referral", "general_info"}, True)):
        routing = POLICY.route(types, urgent, et(2026, 3, 1, 3))
        assert routing.handled_now and not routing.is_message
        assert routing.due_at is None and routing.overdue_at is None
    assert POLICY.route({"crisis"}, False, et(2026, 3, 1, 3)).reason.startswith("Crisis call: handled now")


def test_spring_forward():
    # Sun 8 Mar 2026, 2:00 EST -> 3:00 EDT. The due time stays 9:00 pm on the wall clock.
    friday_night = message(et(2026, 3, 6, 22))
    assert friday_night.due_at == datetime(2026, 3, 14, 1, tzinfo=UTC)  # Fri 13 Mar, 21:00 EDT
    assert friday_night.due_at - et(2026, 3, 6, 21) == timedelta(days=7, hours=-1)
    assert message(datetime(2026, 3, 8, 7, 30, tzinfo=UTC)).due_at == et(2026, 3, 13, 21)  # 3:30 EDT Sunday
    assert POLICY.next_business_open(et(2026, 3, 7, 12)) == datetime(2026, 3, 9, 13, tzinfo=UTC)
    assert POLICY.is_business_time(datetime(2026, 3, 9, 13, tzinfo=UTC))
    assert not POLICY.is_business_time(datetime(2026, 3, 9, 12, 59, tzinfo=UTC))
    assert POLICY.route(NON_URGENT_REFERRAL, False, et(2026, 3, 9, 10)).due_at == datetime(2026, 3, 10, 1, tzinfo=UTC)


def test_a_seven_day_desk_closes_at_nine_on_the_changeover_sundays():
    every_day = HoursPolicy(HoursSettings(business_days=range(7), holiday_country=None))
    # 24 h after midnight EST would be 02:00 UTC; 21:00 EDT is 01:00 UTC (and 02:00 UTC in November).
    assert every_day.route({"tta"}, False, et(2026, 3, 8, 10)).due_at == datetime(2026, 3, 9, 1, tzinfo=UTC)
    assert every_day.route({"tta"}, False, et(2026, 11, 1, 10)).due_at == datetime(2026, 11, 2, 2, tzinfo=UTC)
    assert every_day.next_business_open(et(2026, 3, 7, 22)) == datetime(2026, 3, 8, 13, tzinfo=UTC)
    assert every_day.is_holiday(date(2026, 12, 25)) is None


def test_fall_back():
    # Sun 1 Nov 2026, 2:00 EDT -> 1:00 EST: 1:30 happens twice, both on a Sunday.
    first, second = et(2026, 11, 1, 1, 30), et(2026, 11, 1, 1, 30, fold=1)
    assert second - first == timedelta(0) and second.astimezone(UTC) - first.astimezone(UTC) == timedelta(hours=1)
    assert message(first).due_at == message(second).due_at == datetime(2026, 11, 7, 2, tzinfo=UTC)
    assert message(et(2026, 10, 30, 21, 30)).due_at == et(2026, 11, 6, 21)
    assert POLICY.is_business_time(datetime(2026, 11, 2, 14, tzinfo=UTC))  # 9:00 EST
    assert not POLICY.is_business_time(datetime(2026, 11, 2, 13, 30, tzinfo=UTC))  # 8:30 EST (9:30 in EDT)


def test_new_years_eve_message_is_due_after_the_holiday():
    routing = message(et(2026, 12, 31, 21, 30))
    assert POLICY.is_holiday(date(2027, 1, 1)) == "New Year's Day"
    assert routing.due_at == et(2027, 1, 8, 21)  # Mon 4 .. Fri 8 Jan
    # 2021: New Year's Day 2022 fell on a Saturday, so Fri 31 Dec 2021 was closed.
    assert POLICY.is_holiday(date(2021, 12, 31)) == "New Year's Day (observed)"


def test_arrival_in_another_zone_counts_in_eastern_time():
    la = ZoneInfo("America/Los_Angeles")
    # 10:00 in Los Angeles is 13:00 in New York: business hours.
    assert POLICY.route({"general_info"}, False, datetime(2026, 2, 3, 10, tzinfo=la)).handled_now
    # 19:00 in Los Angeles is 22:00 in New York: a message.
    assert message(datetime(2026, 2, 3, 19, tzinfo=la)).due_at == et(2026, 2, 10, 21)
    assert POLICY.is_holiday(datetime(2027, 1, 1, 3, tzinfo=UTC)) is None  # still 31 Dec in New York


def test_grace_and_another_hotlines_hours():
    pacific = HoursPolicy(
        HoursSettings(time_zone="America/Los_Angeles", opens=time(8), closes=time(17), overdue_grace=timedelta(hours=2))
    )
    routing = pacific.route({"tta"}, False, datetime(2026, 2, 3, 18, tzinfo=ZoneInfo("America/Los_Angeles")))
    assert routing.due_at == datetime(2026, 2, 10, 17, tzinfo=ZoneInfo("America/Los_Angeles"))
    assert routing.overdue_at == routing.due_at + timedelta(hours=2)
    assert routing.reason.endswith("respond by Tue 10 Feb, 5:00 pm PT.")


def test_settings_are_checked():
    with pytest.raises(ValueError):
        HoursSettings(opens=time(21), closes=time(9))
    with pytest.raises(ValueError):
        HoursSettings(business_days=())
    with pytest.raises(ValueError):
        HoursSettings(follow_up_business_days=0)
    with pytest.raises(ValueError):
        HoursPolicy(HoursSettings(time_zone="Mars/Olympus_Mons"))
    with pytest.raises(ValueError):
        HoursPolicy(HoursSettings(holiday_country="XX"))
    with pytest.raises(ValueError):
        POLICY.route({"crisis", "cocoa"}, True, et(2026, 2, 3, 10))
    assert HoursSettings(business_days=[4, 0, 1]).business_days == (0, 1, 4)  # a list from a settings file


def test_holidays_are_built_once_per_year(monkeypatch):
    import holidays

    calls = []
    real = holidays.country_holidays

    def counting(*args, **kwargs):
        calls.append(kwargs["years"])
        return real(*args, **kwargs)

    monkeypatch.setattr(holidays, "country_holidays", counting)
    policy = HoursPolicy()
    for day in range(400):
        policy.is_business_day(date(2026, 1, 1) + timedelta(days=day))
    assert sorted(set(calls)) == sorted(calls) and {2026, 2027} <= set(calls)


def test_the_true_bound_on_a_message_wait():
    """From any day of 2024-2030, the fifth business day after it is 5 to 11
    calendar days later: 5 business days + up to 2 weekends + up to 2
    holidays (Christmas and New Year's Day, a week apart). A Sunday arrival
    gives 5 (Fri); Thu 24 Dec 2026 gives 11 (Mon 4 Jan 2027)."""
    gaps = {}
    day = date(2024, 1, 1)
    while day.year <= 2030:
        gaps[day] = (POLICY.add_business_days(day, 5) - day).days
        day += timedelta(days=1)
    assert min(gaps.values()) == 5 and max(gaps.values()) == 11
    assert gaps[date(2026, 12, 24)] == 11


# -- properties ---------------------------------------------------------------

offsets = st.timedeltas(min_value=-timedelta(hours=23, minutes=59), max_value=timedelta(hours=23, minutes=59))
zones = st.one_of(offsets.map(timezone), st.timezones(), st.just(ET), st.just(UTC))
any_instant = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31, 23, 59), timezones=zones)
edges = st.sampled_from([time(0), time(8, 59, 59, 999999), time(9), time(20, 59, 59, 999999), time(21), time(23, 59)])
edge_instant = st.builds(
    lambda day, wall, fold: datetime.combine(day, wall, tzinfo=ET).replace(fold=fold),
    st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)),
    edges,
    st.integers(0, 1),
)
instants = st.one_of(any_instant, edge_instant)
requests = st.sets(st.sampled_from([t.value for t in RequestType]), min_size=1)
policies = st.sampled_from([POLICY, CLOSED_POLICY])


def closed(policy: HoursPolicy, day: date) -> bool:
    return day.weekday() >= 5 or policy.is_holiday(day) is not None


@settings(max_examples=200, deadline=None)
@given(types=requests, urgent=st.booleans(), arrived=instants, policy=policies)
def test_every_request_is_routed_by_the_promise(types, urgent, arrived, policy):
    routing = policy.route(types, urgent, arrived)
    assert is_urgent_work(types, urgent) == (priority_of(set(types), urgent) is not Priority.NON_URGENT)
    assert routing.reason
    if is_urgent_work(types, urgent):
        assert routing.handled_now and not routing.is_message
        assert routing.due_at is None and routing.overdue_at is None
        return

    local = arrived.astimezone(ET)
    business = not closed(policy, local.date()) and time(9) <= local.time() < time(21)
    assert routing.handled_now == business == policy.is_business_time(arrived)
    assert routing.is_message != routing.handled_now
    due = routing.due_at
    assert due is not None and due.tzinfo is UTC and routing.overdue_at == due
    due_local = due.astimezone(ET)
    # Nothing non-urgent is due outside business hours: always the 9:00 pm close of a business day.
    assert due_local.time() == time(21) and not closed(policy, due_local.date())
    assert due > arrived
    if routing.handled_now:
        assert due_local.date() == local.date()
        return
    wait = (due_local.date() - local.date()).days
    counted = [local.date() + timedelta(days=i) for i in range(1, wait + 1)]
    assert sum(not closed(policy, d) for d in counted) == 5  # the fifth business day after receipt
    if policy is POLICY:
        assert 5 <= wait <= 11 and timedelta(days=4, hours=20) < due - arrived < timedelta(days=12)


@settings(max_examples=200, deadline=None)
@given(moment=instants, policy=policies)
def test_next_business_open_is_the_first_opening_at_or_after(moment, policy):
    opened = policy.next_business_open(moment)
    local = opened.astimezone(ET)
    assert opened.tzinfo is UTC and opened >= moment
    assert local.time() == time(9) and policy.is_business_time(opened)
    day = moment.astimezone(ET).date()
    while day < local.date():  # no opening was skipped
        assert closed(policy, day) or et(day.year, day.month, day.day, 9) < moment
        day += timedelta(days=1)


@settings(max_examples=100, deadline=None)
@given(moment=st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31)), types=requests)
def test_naive_datetimes_are_refused(moment, types):
    with pytest.raises(ValueError):
        POLICY.route(types, True, moment)
    with pytest.raises(ValueError):
        POLICY.is_business_time(moment)
    with pytest.raises(ValueError):
        POLICY.next_business_open(moment)
    with pytest.raises(ValueError):
        POLICY.is_holiday(moment)
