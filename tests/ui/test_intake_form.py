"""The intake form view: keyboard filling, round trips, errors beside fields, accessibility."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLabel, QWidget

from console.services.intake.form import ContactForm, ReferralInput, VictimForm
from console.vocabulary import (
    LANGUAGES,
    URGENCY_CHOSEN,
    US_STATES,
    AgeGroup,
    CallerHistory,
    CallerType,
    Channel,
    Citizenship,
    ConsentAnswer,
    EmergencyNeed,
    Gender,
    NonDataOutcome,
    ReferralStatus,
    RequestType,
    TraffickingType,
    Venue,
    YesNoUnknown,
)
from ui.intake.form_view import IntakeForm

NOW = datetime(2025, 3, 4, 15, 30, tzinfo=UTC)

FULL = ContactForm(
    received_at=NOW - timedelta(hours=3),
    channel="text",
    language="es",
    interpreter_language="es",
    primary_request="crisis",
    request_types=("referral",),
    urgent=True,
    non_data_outcome="",
    keep_with_me=False,
    caller_type="family_friend",
    caller_anonymous=False,
    caller_name="Maria G.",
    caller_safe_phone="713-555-0142",
    caller_safe_times="Weekdays after 6pm",
    caller_may_leave_message="no",
    caller_code_word="sunflower",
    caller_city="Houston",
    caller_state="TX",
    caller_zip="77002",
    caller_heard_about="Poster at a clinic",
    caller_history="first_time",
    victims=(
        VictimForm(2, "minor", "female", "foreign_national", "es", "Pasadena", "TX", "77506"),
        VictimForm(1, "adult", "male", "unknown", "", "", "", ""),
    ),
    trafficking_type="labor",
    venue="restaurants",
    indicators="Works 14 hours a day.\nPassport kept by the owner.",
    immediate_danger=True,
    emergency_needs=("shelter", "transportation"),
    consent_law_enforcement="yes",
    consent_service_providers="no",
    consent_task_force="yes",
    summary="Sister called about two cousins at a restaurant.",
    materials_sent="Know your rights card (Spanish)",
    tip_forwarded_to="Houston HT task force",
    tip_forwarded_at=NOW - timedelta(hours=1),
    follow_up_due=(NOW + timedelta(days=2)).astimezone(timezone(timedelta(hours=-5))),
    referrals=(
        ReferralInput("svc-1", "Emergency shelter", "Harbor House", "referred", "Call after 5pm", id=7),
        ReferralInput(None, "Legal clinic", "Texas Legal Aid", "refused"),
    ),
)


@pytest.fixture
def form(qtbot) -> IntakeForm:
    widget = IntakeForm()
    qtbot.addWidget(widget)
    widget.resize(700, 600)
    with qtbot.waitExposed(widget):
        widget.show()
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
    return widget


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def type_(qtbot, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), key, modifier)


def tab(qtbot, expected: str) -> None:
    """Tab to the next control and check it is the one expected (by object name)."""
    press(qtbot, Qt.Key.Key_Tab)
    assert focused().objectName() == expected


SPACE, UP = Qt.Key.Key_Space, Qt.Key.Key_Up
# Per section: (control that must have focus, what to do there: text typed, a key, or nothing).
# Tab moves between steps, except before a step marked "=" (focus got there by itself).
KEYBOARD_STEPS = [
    [
        ("primary_request", "Serv"),  # type-ahead on a combo: "Service referral"
        ("request_types.crisis", SPACE), ("request_types.tip", None), ("request_types.tta", None),
        ("request_types.general_info", None),  # the primary's own box is skipped
        ("urgent", "U"), ("channel", "Ch"), ("language", "Sp"), ("interpreter_language", "Sp"),
        ("received_at_now", None),  # the date itself is skipped while "Now" is ticked
        ("non_data_outcome", None), ("keep_with_me", SPACE),
    ],
    [
        ("caller_type", "Fam"), ("caller_anonymous", SPACE), ("caller_name", "Maria G."),
        ("caller_safe_phone", "713-555-0142"), ("caller_safe_times", "Weekdays after 6pm"),
        ("caller_may_leave_message", "N"), ("caller_code_word", "sunflower"), ("caller_city", "Houston"),
        ("caller_state", "TX"), ("caller_zip", "77002"), ("caller_heard_about", "Poster at a clinic"),
        ("caller_history", "F"),
    ],
    [
        ("victims.add", SPACE), ("=victims.0.count", UP), ("victims.0.age_group", "M"), ("victims.0.gender", "F"),
        ("victims.0.citizenship", "F"), ("victims.0.language", "Sp"), ("victims.0.city", "Pasadena"),
        ("victims.0.state", "TX"), ("victims.0.zip", "77506"), ("victims.0.remove", None), ("victims.add", None),
    ],
    [
        ("trafficking_type", "L"), ("venue", "Rest"), ("indicators", "Passport kept by the owner"),
        ("immediate_danger", SPACE),  # Tab left the text box: it inserts no tab
        ("emergency_needs.shelter", SPACE), ("emergency_needs.extraction", None),
        ("emergency_needs.transportation", SPACE),
    ],
    [("consent_law_enforcement", "Y"), ("consent_service_providers", "N"),  # "No", the next N after "Not asked"
     ("consent_task_force", "Y")],
    [
        ("summary", "Sister called about two cousins."),
        ("materials_sent", "Know your rights card"),  # no referrals yet: nothing to stop on
        ("tip_forwarded_to", "Houston HT task force"), ("tip_forwarded", None), ("follow_up_set", None),
    ],
]  # fmt: skip


def test_fill_the_whole_form_from_the_keyboard(qtbot, form):
    form.focus_first()
    for number, steps in enumerate(KEYBOARD_STEPS):
        if number:
            form.next_section()  # what the main window's Ctrl+PgDown calls
        for index, (name, action) in enumerate(steps):
            if index and not name.startswith("="):
                press(qtbot, Qt.Key.Key_Tab)
            assert focused().objectName() == name.lstrip("=")
            if isinstance(action, str):
                type_(qtbot, action)
            elif action is not None:
                press(qtbot, action)

    assert form.form() == ContactForm(
        received_at=None,
        channel="chat",
        language="es",
        interpreter_language="es",
        primary_request="referral",
        request_types=("crisis",),
        urgent=True,
        keep_with_me=False,
        caller_type="family_friend",
        caller_anonymous=False,
        caller_name="Maria G.",
        caller_safe_phone="713-555-0142",
        caller_safe_times="Weekdays after 6pm",
        caller_may_leave_message="no",
        caller_code_word="sunflower",
        caller_city="Houston",
        caller_state="TX",
        caller_zip="77002",
        caller_heard_about="Poster at a clinic",
        caller_history="first_time",
        victims=(VictimForm(2, "minor", "female", "foreign_national", "es", "Pasadena", "TX", "77506"),),
        trafficking_type="labor",
        venue="restaurants",
        indicators="Passport kept by the owner",
        immediate_danger=True,
        emergency_needs=("shelter", "transportation"),
        consent_law_enforcement="yes",
        consent_service_providers="no",
        consent_task_force="yes",
        summary="Sister called about two cousins.",
        materials_sent="Know your rights card",
        tip_forwarded_to="Houston HT task force",
    )


def test_alt_letters_and_digits_jump_to_fields_and_sections(qtbot, form):
    form.focus_first()
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.AltModifier)  # ZIP is on a hidden section
    assert focused().objectName() == "primary_request"
    press(qtbot, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert form.tabs.currentIndex() == 1
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.AltModifier)
    assert focused().objectName() == "caller_zip"
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # a checkbox mnemonic toggles it
    assert focused().objectName() == "caller_anonymous"
    qtbot.waitUntil(lambda: not form.form().caller_anonymous)  # animateClick: after a short delay
    press(qtbot, Qt.Key.Key_6, Qt.KeyboardModifier.AltModifier)
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # "Forwarded &at": focus, no toggle
    assert focused().objectName() == "tip_forwarded"
    qtbot.wait(200)
    assert form.form().tip_forwarded_at is None


def test_set_form_then_form_round_trips_a_full_contact(form):
    form.set_form(FULL)
    assert form.form() == FULL
    form.clear()
    assert form.form() == ContactForm()


def _forms():
    text = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")), max_size=30)
    # QPlainTextEdit.toPlainText() turns a no-break space into a space (documented Qt behaviour).
    lines = st.lists(text.map(lambda t: t.replace("\xa0", " ")), max_size=3).map("\n".join)
    moment = st.datetimes(datetime(2020, 1, 1), datetime(2030, 1, 1), timezones=st.just(UTC)).map(
        lambda d: d.replace(microsecond=d.microsecond // 1000 * 1000)
    )
    codes = lambda enum: st.sampled_from([m.value for m in enum])  # noqa: E731
    victim = st.builds(
        VictimForm,
        count=st.integers(1, 999),
        age_group=codes(AgeGroup),
        gender=codes(Gender),
        citizenship=codes(Citizenship),
        language=st.sampled_from(["", *LANGUAGES]),
        city=text,
        state=st.sampled_from(["", *US_STATES]),
        zip=text,
    )
    referral = st.builds(
        ReferralInput,
        service_id=st.none() | st.uuids().map(str),
        service_name=text,
        organization_name=text,
        status=codes(ReferralStatus),
        note=text,
        id=st.none() | st.integers(1, 10_000),
    )

    @st.composite
    def build(draw):
        primary = draw(st.sampled_from(["", *RequestType]))
        others = draw(st.sets(st.sampled_from([r for r in RequestType if r != primary])))
        requests = {primary, *others}
        anonymous = draw(st.booleans())
        return ContactForm(
            received_at=draw(st.none() | moment),
            channel=draw(codes(Channel)),
            language=draw(st.sampled_from(LANGUAGES)),
            interpreter_language=draw(st.sampled_from(["", *LANGUAGES])),
            primary_request=str(primary),
            request_types=tuple(r.value for r in RequestType if r in others),
            urgent=draw(st.sampled_from([None, True, False])) if requests & URGENCY_CHOSEN else None,
            non_data_outcome=draw(st.sampled_from(["", *NonDataOutcome])),
            keep_with_me=draw(st.booleans()),
            caller_type=draw(st.sampled_from(["", *CallerType])),
            caller_anonymous=anonymous,
            caller_name="" if anonymous else draw(text),
            caller_safe_phone=draw(text),
            caller_safe_times=draw(text),
            caller_may_leave_message=draw(codes(YesNoUnknown)),
            caller_code_word=draw(text),
            caller_city=draw(text),
            caller_state=draw(st.sampled_from(["", *US_STATES])),
            caller_zip=draw(text),
            caller_heard_about=draw(text),
            caller_history=draw(codes(CallerHistory)),
            victims=tuple(draw(st.lists(victim, max_size=3))),
            trafficking_type=draw(codes(TraffickingType)),
            venue=draw(codes(Venue)),
            indicators=draw(lines),
            immediate_danger=draw(st.booleans()),
            emergency_needs=tuple(n.value for n in EmergencyNeed if draw(st.booleans())),
            consent_law_enforcement=draw(codes(ConsentAnswer)),
            consent_service_providers=draw(codes(ConsentAnswer)),
            consent_task_force=draw(codes(ConsentAnswer)),
            summary=draw(lines),
            materials_sent=draw(lines),
            tip_forwarded_to=draw(text),
            tip_forwarded_at=draw(st.none() | moment),
            follow_up_due=draw(st.none() | moment),
            referrals=tuple(draw(st.lists(referral, max_size=3, unique_by=lambda r: r.service_id or id(r)))),
        )

    return build()


# Kept small: PySide6 6.12.0 on Python 3.11 leaks a reference to None per void call (see report).
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=_forms())
def test_round_trip_property(form, data):
    form.set_form(data)
    assert form.form() == data
    assert ContactForm.from_dict(form.form().to_dict()) == data


def test_set_form_is_silent_and_user_edits_emit_changed(qtbot, form):
    with qtbot.assertNotEmitted(form.changed):
        form.set_form(FULL)
        form.clear()
    with qtbot.waitSignal(form.changed, timeout=500):
        qtbot.keyClicks(form.caller.city, "x")
    form.focus_first()
    with qtbot.waitSignal(form.changed, timeout=500):
        type_(qtbot, "Cr")
    with qtbot.waitSignal(form.changed, timeout=500):
        form.victims.add_button.click()


def test_show_errors_beside_each_field_and_focus_the_first(qtbot, form):
    form.set_form(FULL)
    errors = {
        "summary": "Required.",
        "caller_zip": "ZIP 77002 is in TX, not CA.",
        "victims.1.age_group": "Required: choose one.",
        "referrals.0.status": "Required: choose one.",
        "contact": "Someone else changed this contact; reload it.",
    }
    form.show_errors(errors)
    for key in ("summary", "caller_zip", "victims.1.age_group"):
        label = form.findChild(QLabel, f"error_{key}")
        assert label.isVisibleTo(form) or not label.isHidden()
        assert errors[key] in label.text() and label.text().startswith("⚠")
        field = form.findChild(QWidget, key)
        assert errors[key] in field.accessibleDescription()
    assert "Required: choose one." in form.findChild(QLabel, "error_referrals.0").text()
    assert "Someone else changed" in form.findChild(QLabel, "error_general").text()
    assert form.tabs.currentIndex() == 1  # Caller comes before Victims and Outcome
    assert focused().objectName() == "caller_zip"

    form.show_errors({"victims.1.age_group": "Required: choose one."})
    assert form.tabs.currentIndex() == 2
    assert focused().objectName() == "victims.1.age_group"
    assert form.findChild(QLabel, "error_caller_zip").isHidden()

    form.clear_errors()
    assert all(label.isHidden() for label in form.findChildren(QLabel) if label.objectName().startswith("error_"))
    assert form.findChild(QWidget, "summary").accessibleDescription() == "required"


def test_victim_groups_add_and_remove(qtbot, form):
    form.victims.add_group()
    form.victims.add_group()
    assert focused().objectName() == "victims.1.count"
    form.victims.groups[1].city.setText("Dallas")
    form.findChild(QComboBox, "victims.1.age_group").setCurrentIndex(0)  # minor
    form.findChild(QWidget, "victims.0.remove").click()
    assert form.form().victims == (VictimForm(age_group="minor", city="Dallas"),)
    assert form.findChild(QWidget, "victims.0.city").text() == "Dallas"
    assert focused().objectName() == "victims.0.count"
    form.findChild(QWidget, "victims.0.remove").click()
    assert form.form().victims == ()
    assert focused().objectName() == "victims.add"


def test_urgency_is_asked_only_of_tta_and_referrals(form):
    combo = form.findChild(QComboBox, "urgent")
    note = form.findChild(QLabel, "urgent_note")
    for request in RequestType:
        form.set_form(ContactForm(primary_request=request))
        assert combo.isEnabled() == (request in URGENCY_CHOSEN), request
    form.set_form(ContactForm(primary_request="crisis"))
    assert not note.isHidden() and "always handled now" in note.text()
    form.findChild(QCheckBox, "request_types.tta").setChecked(True)
    assert combo.isEnabled()
    combo.setCurrentIndex(combo.findData("not_urgent"))
    assert form.form().urgent is False
    form.findChild(QCheckBox, "request_types.tta").setChecked(False)
    assert form.form().urgent is None


def test_primary_request_box_is_locked_among_the_others(form):
    form.set_form(ContactForm(primary_request="tip", request_types=("crisis",)))
    tip = form.findChild(QCheckBox, "request_types.tip")
    assert tip.isChecked() and not tip.isEnabled()
    form.call.primary.set_code("crisis")
    assert form.form().request_types == ()
    form.call.primary.set_code("tta")
    assert form.form().request_types == ("crisis",)  # the earlier tick comes back


def test_mandated_report_banner(form):
    banner = form.findChild(QWidget, "mandatedReport")
    text = form.findChild(QLabel, "mandatedReportText")
    assert banner.isHidden()
    form.victims.add_group()
    form.findChild(QComboBox, "victims.0.age_group").setCurrentIndex(0)  # minor
    assert not banner.isHidden()
    assert "Mandated report: a supervisor will be alerted" in text.text() and "minor" in text.text()
    form.findChild(QComboBox, "victims.0.age_group").setCurrentIndex(1)  # adult
    assert banner.isHidden()
    form.findChild(QCheckBox, "immediate_danger").setChecked(True)
    assert not banner.isHidden() and "immediate danger" in text.text()
    form.clear()
    assert banner.isHidden()


def test_every_interactive_control_is_named(form):
    form.set_form(FULL)  # with victim groups and referral rows
    missing = []
    for widget in form.findChildren(QWidget):
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or widget.window() is not form.window():
            continue
        if widget.focusProxy() is not None:
            continue  # focus goes to its proxy (checked itself), e.g. a spin box's inner editor
        interface = QAccessible.queryAccessibleInterface(widget)
        name = interface.text(QAccessible.Text.Name) if interface else ""
        if not name or not widget.objectName():
            missing.append(f"{type(widget).__name__} {widget.objectName()!r} {name!r}")
    assert not missing


def test_required_fields_say_so(form):
    for name in ("primary_request", "caller_type", "summary"):
        field = form.findChild(QWidget, name)
        assert field.accessibleDescription() == "required"
        label = next(lb for lb in form.findChildren(QLabel) if lb.buddy() is field)
        assert label.text().endswith("*")


def test_add_referral_ignores_a_service_already_listed(qtbot, form):
    form.set_form(FULL)
    with qtbot.waitSignal(form.changed, timeout=500):
        form.add_referral(ReferralInput("svc-9", "Counseling", "Hope Center"))
    with qtbot.assertNotEmitted(form.changed):
        form.add_referral(ReferralInput("svc-1", "Emergency shelter", "Harbor House"))
    referrals = form.form().referrals
    assert [r.service_id for r in referrals] == ["svc-1", None, "svc-9"]
    assert referrals[0].id == 7 and referrals[0].note == "Call after 5pm"
    form.findChild(QComboBox, "referrals.2.status").setCurrentIndex(1)
    assert form.form().referrals[2].status == "refused"
    form.findChild(QWidget, "referrals.0.remove").click()
    assert [r.service_id for r in form.form().referrals] == [None, "svc-9"]


def test_arrived_at_is_now_unless_unticked(form):
    assert form.form().received_at is None
    form.findChild(QCheckBox, "received_at_now").setChecked(False)
    stamped = form.form().received_at
    assert stamped is not None and stamped.tzinfo is not None
    assert abs(stamped - datetime.now(UTC)) < timedelta(minutes=2)
    local = QDateTime.fromSecsSinceEpoch(int(NOW.timestamp())).toLocalTime()
    form.findChild(QWidget, "received_at").setDateTime(local)
    assert form.form().received_at == NOW and form.form().received_at.utcoffset() == timedelta(0)


def test_name_is_enabled_only_when_not_anonymous(form):
    name = form.findChild(QWidget, "caller_name")
    assert not name.isEnabled()
    form.findChild(QCheckBox, "caller_anonymous").setChecked(False)
    assert name.isEnabled()


def test_sections_and_navigation(qtbot, form):
    assert form.section_names() == ["Call", "Caller", "Victims", "Situation", "Consent", "Outcome"]
    assert [form.tabs.tabText(i) for i in range(6)][:2] == ["&1 Call", "&2 Caller"]
    form.focus_first()
    form.previous_section()
    assert form.tabs.currentIndex() == 5 and focused().objectName() == "summary"
    form.next_section()
    assert form.tabs.currentIndex() == 0 and focused().objectName() == "primary_request"


def test_tab_runs_through_referral_rows_in_order(qtbot, form):
    form.set_form(FULL)
    form.add_referral(ReferralInput("svc-9", "Counseling", "Hope Center"))
    form.tabs.setCurrentIndex(5)
    form.findChild(QWidget, "summary").setFocus()
    for name in [
        "referrals.0.status", "referrals.0.note", "referrals.0.remove",
        "referrals.1.status", "referrals.1.note", "referrals.1.remove",
        "referrals.2.status", "referrals.2.note", "referrals.2.remove",
        "materials_sent", "tip_forwarded_to", "tip_forwarded", "tip_forwarded_at",
    ]:  # fmt: skip
        tab(qtbot, name)


def test_a_returning_callers_number_says_so_beside_the_phone(qtbot, tmp_path):
    import dataclasses

    from console.services.intake import IntakeService
    from tests.desk import close_desk, open_desk
    from tests.factories import SHELTER_REFERRAL
    from tests.ui.test_main_window import start

    window, worker, context, db = open_desk(tmp_path / "data", tmp_path / "desk.sqlite3")
    qtbot.addWidget(window)
    try:
        earlier = IntakeService(db).save(dataclasses.replace(SHELTER_REFERRAL, caller_safe_phone="713-555-0142"),
                                         context.user.id)
        start(qtbot, window)
        caller = window.intake.form.caller
        window.intake.form.next_section()  # 2 Caller
        caller.safe_phone.setFocus()
        qtbot.keyClicks(caller.safe_phone, "(713) 555 0142")
        qtbot.keyClick(caller.safe_phone, Qt.Key.Key_Tab)  # leaving the field looks the number up
        qtbot.waitUntil(lambda: caller.earlier_note.isVisible(), timeout=5000)
        assert caller.earlier_note.text().startswith("Returning caller: this number called once before")
        assert f"(#{earlier.id})" in caller.earlier_note.text()
        assert "Returning caller" in caller.safe_phone.accessibleDescription()
        caller.safe_phone.setFocus()
        caller.safe_phone.selectAll()
        qtbot.keyClicks(caller.safe_phone, "212-555-0100")
        qtbot.keyClick(caller.safe_phone, Qt.Key.Key_Tab)
        qtbot.waitUntil(lambda: not caller.earlier_note.isVisible(), timeout=5000)
    finally:
        close_desk(window, worker, context, db)
