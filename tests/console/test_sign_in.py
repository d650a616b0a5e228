"""Sign-in, the first admin, wrong-password locks and admins managing users,
through the services over a real SQLite file, with the audit events each
writes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from console.errors import PermissionDenied, SignInRefused, ValidationError
from console.models import User
from console.models.audit import AuditEvent
from console.passwords import password_problems
from console.services.auth import AuthService, SignInRules
from console.services.users import UserService
from console.vocabulary import Role

# Cheap hashes keep the tests fast; the stored hash says its own cost, so
# verifying works the same as with the shipped cost.
CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
GOOD = "river lantern quietly"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 29, 14, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def auth(db, clock) -> AuthService:
    return AuthService(db, SignInRules(max_failed=3, lockout=timedelta(minutes=30)), hasher=CHEAP, clock=clock)


@pytest.fixture
def users(db, clock) -> UserService:
    return UserService(db, hasher=CHEAP, clock=clock)


@pytest.fixture
def admin(auth):
    return auth.create_first_admin("ada", "Ada Admin", GOOD)


def events(db, action: str | None = None) -> list[AuditEvent]:
    with db.read() as session:
        query = select(AuditEvent).order_by(AuditEvent.id)
        if action:
            query = query.where(AuditEvent.action == action)
        return list(session.scalars(query))


def test_an_empty_database_needs_its_first_admin_and_gets_only_one(auth, db):
    assert auth.needs_first_admin()
    first = auth.create_first_admin("Ada", "Ada Admin", GOOD)
    assert (first.username, first.role, first.must_change_password) == ("ada", Role.ADMIN, False)
    assert not auth.needs_first_admin()
    with pytest.raises(ValidationError) as refused:
        auth.create_first_admin("eve", "Eve", GOOD + " again")
    assert "Sign in instead" in refused.value.errors["username"]
    assert [e.action for e in events(db)] == ["user_add"]


def test_an_account_from_before_sign_in_becomes_the_first_admin_and_keeps_its_id(auth, users):
    old = users.ensure("ada", "Ada", Role.SPECIALIST)
    assert auth.needs_first_admin()  # it has no password: nobody can sign in
    assert auth.create_first_admin("ada", "Ada Admin", GOOD).id == old.id


def test_sign_in_with_the_right_password_is_audited(auth, admin, db):
    assert auth.sign_in("  ADA ", GOOD).id == admin.id
    last = events(db)[-1]
    assert (last.action, last.user_id, last.username) == ("sign_in", admin.id, "ada")


def test_a_wrong_password_and_an_unknown_name_get_the_same_message(auth, admin, db):
    with pytest.raises(SignInRefused) as wrong:
        auth.sign_in("ada", "not the password")
    with pytest.raises(SignInRefused) as unknown:
        auth.sign_in("nobody", GOOD)
    assert str(wrong.value) == str(unknown.value) == SignInRefused.WRONG
    failed = events(db, "sign_in_failed")
    assert [(e.user_id, e.username) for e in failed] == [(admin.id, "ada"), (None, "nobody")]
    assert all(GOOD not in e.note and "not the password" not in e.note for e in failed)


def test_repeated_wrong_passwords_lock_the_account_until_it_runs_out(auth, admin, clock, db):
    for _ in range(2):
        with pytest.raises(SignInRefused):
            auth.sign_in("ada", "wrong")
    with pytest.raises(SignInRefused, match="locked for 30 minutes"):
        auth.sign_in("ada", "wrong")
    with pytest.raises(SignInRefused, match="locked after too many wrong passwords"):
        auth.sign_in("ada", GOOD)  # the right password does not open a locked account
    assert len(events(db, "account_locked")) == 1
    clock.now += timedelta(minutes=31)
    assert auth.sign_in("ada", GOOD).id == admin.id
    with db.read() as session:
        assert session.get(User, admin.id).failed_sign_ins == 0


def test_an_admin_can_unlock_sooner(auth, users, admin, clock):
    dana = users.add(admin, "dana", "Dana Reyes", Role.SPECIALIST, GOOD)
    for _ in range(3):
        with pytest.raises(SignInRefused):
            auth.sign_in("dana", "wrong")
    users.unlock(admin, dana.id)
    assert auth.sign_in("dana", GOOD).id == dana.id


def test_a_disabled_user_cannot_sign_in_and_keeps_their_records(auth, users, admin, db):
    dana = users.add(admin, "dana", "Dana Reyes", Role.SPECIALIST, GOOD)
    users.set_active(admin, dana.id, False)
    with pytest.raises(SignInRefused, match="disabled"):
        auth.sign_in("dana", GOOD)
    users.set_active(admin, dana.id, True)
    assert auth.sign_in("dana", GOOD).id == dana.id


def test_a_new_user_changes_the_first_password_an_admin_gave(auth, users, admin):
    dana = users.add(admin, "dana", "Dana Reyes", Role.SPECIALIST, GOOD)
    assert auth.sign_in("dana", GOOD).must_change_password
    with pytest.raises(ValidationError) as same:
        auth.change_password(dana.id, GOOD, GOOD)
    assert "other than your current" in same.value.errors["new_password"]
    with pytest.raises(ValidationError) as wrong_old:
        auth.change_password(dana.id, "not it", "meadow copper tangent")
    assert "old_password" in wrong_old.value.errors
    assert not auth.change_password(dana.id, GOOD, "meadow copper tangent").must_change_password
    assert auth.sign_in("dana", "meadow copper tangent").id == dana.id


@pytest.mark.parametrize(("password", "why"), [
    ("short one", "at least 12"),
    ("password1234", "too common"),
    ("Baseball2024!", "too common"),
    ("ada-is-my-password", "user name"),
    ("aaaaaaaaaaaaaaaa", "too common"),
    (" leading space pass", "spaces"),
])
def test_weak_passwords_are_refused_with_a_reason(password, why):
    problems = password_problems(password, username="ada", min_length=12)
    assert problems and why in problems[0]


def test_a_good_password_passes():
    assert password_problems(GOOD, username="ada", min_length=12) == []


def test_only_admins_manage_users_and_the_service_refuses_the_rest(users, admin):
    dana = users.add(admin, "dana", "Dana Reyes", Role.SPECIALIST, GOOD)
    with pytest.raises(PermissionDenied):
        users.add(dana, "eve", "Eve", Role.ADMIN, GOOD)
    with pytest.raises(PermissionDenied):
        users.set_role(dana, dana.id, Role.ADMIN)
    with pytest.raises(PermissionDenied):
        users.rows(dana)


def test_an_admin_demoted_on_another_desk_cannot_act_on_a_stale_window(users, admin):
    sam = users.add(admin, "sam", "Sam", Role.ADMIN, GOOD)
    users.set_role(sam, admin.id, Role.SUPERVISOR)  # admin's own window still says admin
    with pytest.raises(PermissionDenied):
        users.add(admin, "eve", "Eve", Role.SPECIALIST, GOOD)


def test_the_last_admin_cannot_demote_or_disable_themselves(users, admin):
    with pytest.raises(ValidationError, match="last admin"):
        users.set_role(admin, admin.id, Role.SPECIALIST)
    with pytest.raises(ValidationError):
        users.set_active(admin, admin.id, False)


def test_user_changes_are_audited_by_field_never_with_the_password(users, admin, db):
    dana = users.add(admin, "dana", "Dana Reyes", Role.SPECIALIST, GOOD)
    users.set_role(admin, dana.id, Role.SUPERVISOR)
    users.reset_password(admin, dana.id, "meadow copper tangent")
    changes = events(db)[-3:]
    assert [(e.action, e.fields, e.record_id, e.user_id) for e in changes] == [
        ("user_add", "display_name,password,role,username", str(dana.id), admin.id),
        ("user_change", "role", str(dana.id), admin.id),
        ("user_change", "password", str(dana.id), admin.id),
    ]
    for event in events(db):
        assert GOOD not in repr(vars(event)) and "meadow" not in repr(vars(event))
    with db.read() as session:
        assert session.get(User, dana.id).password_hash.startswith("$argon2id$")


def test_duplicate_and_malformed_user_names_are_refused(users, admin):
    users.add(admin, "dana", "Dana Reyes", Role.SPECIALIST, GOOD)
    with pytest.raises(ValidationError, match="already"):
        users.add(admin, "DANA", "Dana Again", Role.SPECIALIST, GOOD)
    with pytest.raises(ValidationError):
        users.add(admin, "dana reyes; drop table", "Dana", Role.SPECIALIST, GOOD)


def test_the_decoy_hash_costs_what_a_real_one_does_and_matches_nothing():
    # An unknown user name is checked against the decoy: same costs, same time.
    from console.passwords import DECOY, DEFAULT_HASHER, verify_password

    assert not DEFAULT_HASHER.check_needs_rehash(DECOY)
    assert verify_password(None, "decoy: no account has this password") is False
