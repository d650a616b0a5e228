"""Property tests: whatever a specialist types, the intake rules either accept
it as stored or name the field; they never crash and never let bad data in."""

from __future__ import annotations

from datetime import datetime, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from console import validation as v
from console.errors import ValidationError
from console.services.intake import ContactForm, VictimForm
from console.services.intake.rules import clean
from console.vocabulary import CallerType, RequestType

NOW = datetime(2026, 11, 29, 15, 0, tzinfo=timezone.utc)
codes = st.one_of(st.sampled_from([c.value for c in RequestType] + [c.value for c in CallerType]), st.text(max_size=12))
texts = st.text(max_size=300)


@given(st.text(max_size=40))
def test_zip_accepts_only_real_zips(text):
    try:
        cleaned = v.us_zip(text)
    except v.FieldProblem:
        return
    assert cleaned is None or (cleaned[:5].isdigit() and len(cleaned) in (5, 10))


@given(st.text(max_size=40))
def test_phone_is_stored_as_e164_or_refused(text):
    try:
        cleaned = v.phone(text)
    except v.FieldProblem:
        return
    assert cleaned is None or (cleaned.startswith("+") and cleaned[1:].isdigit())


@given(st.text(max_size=500), st.integers(min_value=1, max_value=400))
def test_text_never_exceeds_its_limit(text, limit):
    try:
        cleaned = v.text(text, max_length=limit)
    except v.FieldProblem:
        return
    assert len(cleaned) <= limit and "\n" not in cleaned


@settings(max_examples=150, deadline=None)
@given(
    primary=codes,
    caller_type=codes,
    urgent=st.one_of(st.none(), st.booleans()),
    summary=texts,
    zip_code=st.one_of(st.just(""), st.just("77002"), st.text(max_size=10)),
    state=st.one_of(st.just(""), st.just("TX"), st.text(max_size=3)),
    phone=st.one_of(st.just(""), st.text(max_size=20)),
    ages=st.lists(st.sampled_from(["minor", "adult", "unknown", "baby"]), max_size=3),
)
def test_clean_accepts_or_names_fields(primary, caller_type, urgent, summary, zip_code, state, phone, ages):
    form = ContactForm(
        primary_request=primary,
        caller_type=caller_type,
        urgent=urgent,
        summary=summary,
        caller_zip=zip_code,
        caller_state=state,
        caller_safe_phone=phone,
        victims=tuple(VictimForm(age_group=a) for a in ages),
    )
    try:
        result = clean(form, NOW)
    except ValidationError as error:
        known = {"primary_request", "caller_type", "urgent", "summary", "caller_zip", "caller_state", "caller_safe_phone"}
        assert error.errors and all(key in known or key.startswith("victims.") for key in error.errors)
        return
    columns = result.columns
    assert columns["primary_request"] in {c.value for c in RequestType}
    assert columns["summary"].strip() and len(columns["summary"]) <= 8000
    assert columns["mandated_report"] == ("minor" in ages)
    if columns["priority"] != "crisis" and primary in ("tta", "referral", "general_info") and not urgent:
        assert columns["priority"] in ("non_urgent", "urgent")
