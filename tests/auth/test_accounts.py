"""Staff and interpreter accounts at the command line (portal/auth/accounts.py), and their
passwords (portal/auth/passwords.py): Argon2id, an older scrypt hash replaced at sign-in."""

import re

import pytest
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from portal.auth import passwords
from portal.models import AuditEvent, Interpreter, SignedInSession, StaffUser
from tests.conftest import csrf_token, second_factor_given
from tests.pagecheck import translated

PASSWORD = re.compile(r"shown only now:\n(\S+)\n")
RECOVERY_CODE = re.compile(r"<li>([2-9a-z]{5}-[2-9a-z]{5})</li>")


def sign_in(app, role: str, username: str, password: str):
    """The answer to the password; when it is right, the second factor is given too (set up the
    first time), so that the account is signed in."""
    client = app.test_client()
    url = f"/kk/{role}/login"
    answer = client.post(url, data={"username": username, "password": password, "csrf_token": csrf_token(client, url)})
    if answer.status_code == 302:
        assert second_factor_given(client, role, username).status_code in (200, 302)
    return answer


def run(runner, *args):
    result = runner.invoke(args=list(args))
    return result, (match.group(1) if (match := PASSWORD.search(result.output)) else None)


def audited(session, action: str) -> list[str]:
    return session.scalars(select(AuditEvent.detail).where(AuditEvent.action == action,
                                                           AuditEvent.actor_service == "command line")).all()


@pytest.mark.parametrize("role, model, create", [
    ("staff", StaffUser, ["--name", "Айгүл Серікова", "--region", "astana", "--role", "supervisor"]),
    ("interpreter", Interpreter, ["--name", "Дәурен Оспанов", "--region", "almaty", "--language", "kazakh_sign",
                                  "--language", "russian_sign", "--language", "kazakh", "--video",
                                  "--work-starts", "10:00"]),
])
def test_an_account_is_made_signs_in_is_reset_and_disabled(app, runner, session, role, model, create):
    group = "staff" if role == "staff" else "interpreters"
    made, password = run(runner, group, "create", " New.Officer ", *create)
    assert made.exit_code == 0 and password, made.output
    account = session.scalar(select(model).where(model.username == "new.officer"))
    assert account.password_hash.startswith("$argon2id$") and password not in account.password_hash
    assert sign_in(app, role, "new.officer", password).status_code == 302

    again, _ = run(runner, group, "create", "new.officer", *create)
    assert again.exit_code == 1 and "exists already" in again.output

    reset, new_password = run(runner, group, "reset-password", "new.officer")
    assert reset.exit_code == 0 and new_password not in (None, password)
    assert session.scalar(select(SignedInSession.ended_at).where(SignedInSession.account == str(account.id))) is not None
    assert sign_in(app, role, "new.officer", password).status_code == 200  # the old one no longer works
    assert sign_in(app, role, "new.officer", new_password).status_code == 302

    disabled, _ = run(runner, group, "disable", "NEW.OFFICER")
    assert disabled.exit_code == 0
    assert sign_in(app, role, "new.officer", new_password).status_code == 200
    assert run(runner, group, "disable", "nobody")[0].exit_code == 1
    for action in ("created", "password_reset", "disabled"):
        assert audited(session, f"{role}_account_{action}") == [f"{role} new.officer"]


def test_an_interpreters_working_day_must_make_sense(runner):
    result, _ = run(runner, "interpreters", "create", "late", "--name", "X", "--region", "almaty",
                    "--language", "kazakh_sign", "--language", "kazakh",
                    "--work-starts", "18:00", "--work-ends", "09:00")
    assert result.exit_code == 2 and "must end after it starts" in result.output


@pytest.mark.parametrize("languages", [["kazakh"], ["kazakh_sign", "russian_sign"]])
def test_an_interpreter_knows_a_sign_language_and_a_spoken_one(runner, languages):
    """Issue #22, rule 2: a booking goes to an interpreter who knows both of its languages."""
    given = [part for language in languages for part in ("--language", language)]
    result, _ = run(runner, "interpreters", "create", "mute", "--name", "X", "--region", "almaty", *given)
    assert result.exit_code == 2 and "one sign language" in result.output and "one spoken" in result.output


def test_an_older_scrypt_hash_is_replaced_by_argon2id_at_sign_in(app, runner, session):
    run(runner, "staff", "create", "old.hash", "--name", "X", "--region", "astana")
    account = session.scalar(select(StaffUser).where(StaffUser.username == "old.hash"))
    account.password_hash = generate_password_hash("the-old-password")
    session.commit()
    assert passwords.needs_rehash(account.password_hash)
    assert sign_in(app, "staff", "old.hash", "the-old-password").status_code == 302
    session.refresh(account)
    assert account.password_hash.startswith("$argon2id$") and not passwords.needs_rehash(account.password_hash)
    assert passwords.verify(account.password_hash, "the-old-password")
    assert not passwords.verify(account.password_hash, "another")


@pytest.mark.parametrize("role, group, home, create", [
    ("staff", "staff", "/kk/staff/", ["--region", "astana"]),
    ("interpreter", "interpreters", "/kk/interpreter/",
     ["--region", "almaty", "--language", "kazakh_sign", "--language", "kazakh"]),
])
def test_a_new_account_chooses_its_own_password_before_anything_else(app, runner, session, role, group, home, create):
    _, given = run(runner, group, "create", "first.day", "--name", "Әсел Нұрланқызы", *create)
    client = app.test_client()
    url = f"/kk/{role}/login"
    client.post(url, data={"username": "first.day", "password": given, "csrf_token": csrf_token(client, url)})
    assert len(RECOVERY_CODE.findall(second_factor_given(client, role, "first.day").get_data(as_text=True))) == 10
    assert client.get(home).headers["Location"] == f"/kk/{role}/password"
    page = f"/kk/{role}/password"
    token = csrf_token(client, page)
    for password, confirm, error in [
        ("", "", "Enter a new password"),
        ("short", "short", "Make the password at least %(min)d characters long"),
        ("steppe lantern morning tea", "steppe lantern evening tea", "The two passwords are not the same"),
        (given, given, "Choose a password other than the one you have now"),
    ]:
        refused = client.post(page, data={"password": password, "confirm": confirm, "csrf_token": token})
        shown = translated("kk", error) % {"min": 12} if "%(min)d" in error else translated("kk", error)
        assert refused.status_code == 200 and shown in refused.get_data(as_text=True), error
    chosen = client.post(page, data={"password": "steppe lantern morning tea", "confirm": "steppe lantern morning tea",
                                     "csrf_token": token})
    assert chosen.headers["Location"] == home
    assert client.get(home).status_code == 200
    assert sign_in(app, role, "first.day", "steppe lantern morning tea").status_code == 302
    assert session.scalars(select(AuditEvent.action).where(AuditEvent.action == f"{role}_password_changed")).all()

    _, reset = run(runner, group, "reset-password", "first.day")
    again = app.test_client()
    again.post(url, data={"username": "first.day", "password": reset, "csrf_token": csrf_token(again, url)})
    assert second_factor_given(again, role, "first.day").headers["Location"] == home
    assert again.get(home).headers["Location"] == f"/kk/{role}/password"
