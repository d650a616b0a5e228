"""Hostile input at the service entry points: arbitrary text, control
characters, huge fields and SQL-looking strings. Each call ends in a typed
error or a safe store (read back exactly as given), never a crash, never an
injection (the tables are all still there and hold only what was stored)."""

from __future__ import annotations

from argon2 import PasswordHasher
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, inspect, select

from console.errors import ConsoleError, SignInRefused, ValidationError
from console.models import Contact, User
from console.services.auth import AuthService
from console.services.directory import DirectoryService
from console.services.directory_query import DirectoryQuery
from console.services.intake import ContactForm, IntakeService
from console.services.library import LibraryService
from console.services.library_search import LibraryQuery
from console.services.users import UserService
from console.vocabulary import Role

CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
SQLISH = st.sampled_from([
    "'; DROP TABLE contacts; --", "\" OR 1=1 --", "Robert'); DELETE FROM users;--", "%' OR '%'='",
    "1; UPDATE users SET role='admin'", "NEAR(a b) OR *", "\"unbalanced", "*", "^", "a AND OR NOT b", "'\\x00'",
    "=cmd|' /C calc'!A0", "${jndi:ldap://x}", "../../etc/passwd",
])
HOSTILE = st.one_of(SQLISH, st.text(max_size=60), st.text(min_size=5000, max_size=20000, alphabet="ab'\";-%_*\\"),
                    st.text(alphabet=st.characters(max_codepoint=0x1f), max_size=20))
ONCE = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
TABLES = {"contacts", "users", "audit_events", "service", "organization", "library_items"}


def _tables_intact(db) -> None:
    with db.read() as session:
        names = set(inspect(session.connection()).get_table_names())
    assert TABLES <= names  # every table still exists


@ONCE
@given(name=HOSTILE, summary=HOSTILE, city=HOSTILE, indicators=HOSTILE)
def test_intake_stores_hostile_text_exactly_or_names_the_field(db, specialist, name, summary, city, indicators):
    intake = IntakeService(db)
    with db.read() as session:
        before = session.scalar(select(func.count()).select_from(Contact))
    form = ContactForm(primary_request="tip", caller_type="community_member", caller_anonymous=False, caller_name=name,
                       caller_city=city, summary=summary, indicators=indicators)
    try:
        saved = intake.save(form, specialist.id)
    except ValidationError as exc:
        assert set(exc.errors) <= {"caller_name", "caller_city", "summary", "indicators"}
        with db.read() as session:
            assert session.scalar(select(func.count()).select_from(Contact)) == before  # nothing half-written
        return
    loaded = intake.load(saved.id, specialist.id) if _load_takes_user(intake) else intake.load(saved.id)
    assert loaded.form.summary == summary.strip()
    assert loaded.form.indicators == indicators.strip()
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Contact)) == before + 1
    _tables_intact(db)


def _load_takes_user(intake: IntakeService) -> bool:
    import inspect as python_inspect

    return len(python_inspect.signature(intake.load).parameters) > 1


@ONCE
@given(username=HOSTILE, password=HOSTILE)
def test_sign_in_refuses_hostile_names_and_passwords_without_crashing(db, username, password):
    auth = AuthService(db, hasher=CHEAP)
    if auth.needs_first_admin():
        auth.create_first_admin("ada", "Ada Admin", "river lantern quietly")
    try:
        auth.sign_in(username, password)
    except SignInRefused:
        pass
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(User)) == 1
        assert session.scalar(select(User.role)) == Role.ADMIN.value
    _tables_intact(db)


@ONCE
@given(username=HOSTILE, display_name=HOSTILE, password=HOSTILE)
def test_adding_a_user_with_hostile_fields_is_refused_by_field_or_stored_as_given(db, username, display_name,
                                                                                   password):
    auth = AuthService(db, hasher=CHEAP)
    users = UserService(db, hasher=CHEAP)
    admin = users.find("ada") if not auth.needs_first_admin() else auth.create_first_admin(
        "ada", "Ada Admin", "river lantern quietly")
    try:
        added = users.add(admin, username, display_name, Role.SPECIALIST, password)
    except ValidationError as exc:
        assert set(exc.errors) <= {"username", "display_name", "password"}
        return
    assert added.username == username.strip().lower()
    assert added.display_name == " ".join(display_name.split())


@ONCE
@given(text=HOSTILE, state=st.one_of(st.none(), HOSTILE), category=st.one_of(st.none(), HOSTILE))
def test_directory_search_answers_or_names_the_filter(db, text, state, category):
    directory = DirectoryService(db, Role.SPECIALIST)
    try:
        hits = directory.search(DirectoryQuery(text=text, state=state, category=category))
    except ValidationError as exc:
        assert set(exc.errors) <= {"state", "category", "text"}
        return
    except ConsoleError as exc:  # a typed refusal is fine; a crash is not
        assert str(exc)
        return
    assert isinstance(hits, tuple)
    _tables_intact(db)


@ONCE
@given(text=HOSTILE, topic=st.one_of(st.none(), HOSTILE))
def test_library_search_answers_or_names_the_filter(db, text, topic):
    library = LibraryService(db, Role.SPECIALIST)
    try:
        hits = library.search(LibraryQuery(text=text, topic=topic))
    except ValidationError as exc:
        assert set(exc.errors) <= {"topic", "text"}
        return
    assert isinstance(hits, tuple)
