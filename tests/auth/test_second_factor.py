"""The second factor of staff and interpreters (issue #26, point 3; portal/auth/second_factor.py):
set up at the first sign-in from a QR code or the key as text, then the app's code, or a recovery
code; each code once, the attempts limited, every step audited, and a reset at the command line."""

import datetime as dt
import re

import pyotp
import pytest
import time_machine
from sqlalchemy import select

from portal.auth import second_factor
from portal.demo.interpreters import load_demo_interpreters
from portal.demo.staff import DEMO_STAFF_PASSWORD, DEMO_TOTP_SECRET, load_demo_staff
from portal.models import AuditEvent, Interpreter, SignedInSession, StaffUser
from tests.conftest import app_code_for, csrf_token, demo_app_code
from tests.pagecheck import text_of, translated

PASSWORD = re.compile(r"shown only now:\n(\S+)\n")
RECOVERY_CODE = re.compile(r"<li>([2-9a-z]{5}-[2-9a-z]{5})</li>")
ROLES = {"staff": (StaffUser, "staff", ["--region", "astana"], "astana.officer"),
         "interpreter": (Interpreter, "interpreters", ["--region", "almaty", "--language", "kazakh_sign",
                                                      "--language", "kazakh"], "aizhan.seitkali")}


@pytest.fixture
def demo_accounts(session):
    load_demo_staff(session)
    load_demo_interpreters(session)


def password_given(client, role: str, username: str, password: str = DEMO_STAFF_PASSWORD, lang: str = "kk"):
    """The password page's answer, and the form token for the pages after it."""
    url = f"/{lang}/{role}/login"
    token = csrf_token(client, url)
    return client.post(url, data={"username": username, "password": password, "csrf_token": token}), token


def new_account(runner, role: str) -> str:
    """A new account made at the command line, as an operator makes it; its one-time password."""
    _, group, options, _ = ROLES[role]
    made = runner.invoke(args=[group, "create", "new.colleague", "--name", "Әсел Нұрланқызы", *options])
    return PASSWORD.search(made.output).group(1)


def error_of(response) -> str:
    return text_of(response.doc.find(".//*[@id='code-error']")).removeprefix(text_of(
        response.doc.find(".//*[@id='code-error']/span"))).strip()


def actions(session, model, username: str) -> list[tuple[str, str | None]]:
    account = session.scalar(select(model).where(model.username == username))
    column = AuditEvent.actor_staff_id if model is StaffUser else AuditEvent.actor_interpreter_id
    return [tuple(row) for row in session.execute(
        select(AuditEvent.action, AuditEvent.detail).where(column == account.id).order_by(AuditEvent.id))]


@pytest.mark.parametrize("role", ["staff", "interpreter"])
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_first_sign_in_sets_the_app_up_from_the_key_as_text_and_shows_recovery_codes_once(
        app, client, runner, session, role, lang):
    model = ROLES[role][0]
    answer, token = password_given(client, role, "new.colleague", new_account(runner, role), lang)
    set_up = f"/{lang}/{role}/login/set-up"
    assert answer.headers["Location"] == set_up
    assert client.get(f"/{lang}/{role}/").headers["Location"].startswith(f"/{lang}/{role}/login")  # not signed in
    assert client.get(f"/{lang}/{role}/login/code").headers["Location"] == set_up

    page = client.get(set_up)
    assert page.headers["Cache-Control"] == "no-store"  # the key is never kept by a cache
    account = session.scalar(select(model).where(model.username == "new.colleague"))
    secret = account.totp_secret
    assert account.totp_confirmed_at is None and len(secret) == 32
    # The QR code holds the otpauth address; the same details are on the page as text, the key in 4s.
    image = page.doc.find(".//main//img")
    assert image.get("src").startswith("data:image/svg+xml") and image.get("alt")
    shown = [text_of(value) for value in page.doc.findall(".//main//dd")]
    assert shown[:3] == ["new.colleague", "Qoljetimdi", " ".join(re.findall("....", secret))]
    field = page.doc.find(".//input[@id='code']")
    assert (field.get("autocomplete"), field.get("inputmode")) == ("one-time-code", "numeric")
    assert second_factor.provisioning_uri(secret, "new.colleague") == (
        f"otpauth://totp/Qoljetimdi:new.colleague?secret={secret}&issuer=Qoljetimdi")
    assert client.get(set_up).doc.findall(".//main//dd")[2].text.strip() == shown[2]  # the same key again

    refused = client.post(set_up, data={"code": "000000", "csrf_token": token})
    assert refused.status_code == 200 and error_of(refused) == translated(lang, second_factor_wrong())
    # The key typed by hand, with its spaces, makes the codes the page expects.
    code = pyotp.TOTP(shown[2].replace(" ", "")).now()
    done = client.post(set_up, data={"code": code, "csrf_token": token})
    codes = RECOVERY_CODE.findall(done.get_data(as_text=True))
    assert done.status_code == 200 and len(set(codes)) == 10 and done.headers["Cache-Control"] == "no-store"
    session.refresh(account)
    assert account.has_second_factor and len(account.recovery_codes) == 10
    assert all(stored.startswith("$argon2id$") and not any(c.replace("-", "") in stored for c in codes)
               for stored in account.recovery_codes)
    # Signed in: the new account chooses its own password next, as before.
    assert client.get(f"/{lang}/{role}/").headers["Location"] == f"/{lang}/{role}/password"
    assert client.get(set_up).headers["Location"] == f"/{lang}/{role}/login"  # nothing half-way any more
    events = actions(session, model, "new.colleague")
    assert [action for action, _ in events] == [
        f"{role}_password_accepted", f"{role}_second_factor_refused", f"{role}_second_factor_set_up",
        f"{role}_sign_in"]
    assert events[1][1] == "set-up code wrong" and events[3][1].endswith("password_totp_set_up")


def second_factor_wrong() -> str:
    return "The code is not right. Type the code the app shows now for Qoljetimdi"


@pytest.mark.parametrize("role", ["staff", "interpreter"])
def test_the_apps_code_signs_in_once_and_an_old_or_wrong_one_is_refused(app, client, session, demo_accounts, role):
    model, _, _, username = ROLES[role]
    answer, token = password_given(client, role, username)
    page = f"/kk/{role}/login/code"
    assert answer.headers["Location"] == page
    account = session.scalar(select(model).where(model.username == username))
    now = second_factor.step_of(dt.datetime.now(dt.UTC))
    for code, error in [
        ("", "Enter the code from the authenticator app"),
        ("12345", "Enter the 6 digits the authenticator app shows now"),
        ("12345a", "Enter the 6 digits the authenticator app shows now"),
        (second_factor.code_at_step(DEMO_TOTP_SECRET, now - 4),
         "This code has expired. Type the code the app shows now"),
        (wrong_code(now), second_factor_wrong()),
    ]:
        refused = client.post(page, data={"code": code, "csrf_token": token})
        assert refused.status_code == 200 and error_of(refused) == translated("kk", error), code
    code = demo_app_code(app, role, username)
    assert client.post(page, data={"code": code[:3] + " " + code[3:], "csrf_token": token}).headers[
        "Location"] == f"/kk/{role}/"
    session.refresh(account)
    assert account.totp_last_step >= now

    # The same code, seen over a shoulder, is worth nothing now, nor one older.
    other = app.test_client()
    _, other_token = password_given(other, role, username)
    replayed = other.post(page, data={"code": code, "csrf_token": other_token})
    assert replayed.status_code == 200 and error_of(replayed) == translated(
        "kk", "This code has been used already. Wait until the app shows a new code, then type that one")
    assert [detail for action, detail in actions(session, model, username) if action.endswith("_refused")] == [
        "app code expired", "app code wrong", "app code used"]
    assert [detail.rsplit(" ", 1)[-1] for action, detail in actions(session, model, username)
            if action == f"{role}_sign_in"] == ["password_totp"]


def wrong_code(step: int) -> str:
    """A code no step near now gives."""
    near = {second_factor.code_at_step(DEMO_TOTP_SECRET, s) for s in range(step - 25, step + 3)}
    return next(code for code in (f"{n:06d}" for n in range(1000000)) if code not in near)


@pytest.mark.parametrize("role", ["staff", "interpreter"])
def test_a_recovery_code_signs_in_once_and_a_wrong_one_is_refused(app, client, runner, session, role):
    model = ROLES[role][0]
    password = new_account(runner, role)
    _, token = password_given(client, role, "new.colleague", password)
    client.get(f"/kk/{role}/login/set-up")
    done = client.post(f"/kk/{role}/login/set-up",
                       data={"code": app_code_for(app, role, "new.colleague"), "csrf_token": token})
    codes = RECOVERY_CODE.findall(done.get_data(as_text=True))
    account = session.scalar(select(model).where(model.username == "new.colleague"))

    other = app.test_client()
    answer, token = password_given(other, role, "new.colleague", password)
    code_page = other.get(answer.headers["Location"])
    recovery = code_page.doc.find(".//main//a[@href='/kk/%s/login/recovery-code']" % role)
    assert recovery is not None
    page = f"/kk/{role}/login/recovery-code"
    assert other.get(page).doc.find(".//main//a[@href='/kk/%s/login/code']" % role) is not None
    for typed, error in [("", "Enter one of your recovery codes"),
                         ("abcde-fghjk", "This recovery code is not right, or it has been used already. Check it, "
                                         "or type another code from your list")]:
        refused = other.post(page, data={"code": typed, "csrf_token": token})
        assert refused.status_code == 200 and error_of(refused) == translated("kk", error), typed
    # As people copy it: in capitals, with spaces, without the dash.
    typed = " " + codes[3].upper().replace("-", " ") + " "
    assert other.post(page, data={"code": typed, "csrf_token": token}).headers["Location"] == f"/kk/{role}/"
    session.refresh(account)
    assert len(account.recovery_codes) == 9

    third = app.test_client()
    _, token = password_given(third, role, "new.colleague", password)
    again = third.post(page, data={"code": codes[3], "csrf_token": token})
    assert again.status_code == 200 and error_of(again) == translated(
        "kk", "This recovery code is not right, or it has been used already. Check it, or type another code "
              "from your list")
    assert third.post(page, data={"code": codes[4], "csrf_token": token}).headers["Location"] == f"/kk/{role}/"
    events = actions(session, model, "new.colleague")
    assert (f"{role}_recovery_code_used", "9 left") in events and (f"{role}_recovery_code_used", "8 left") in events
    assert [detail for action, detail in events if action.endswith("_refused")] == ["recovery code wrong"] * 2


@pytest.mark.parametrize("role", ["staff", "interpreter"])
def test_wrong_codes_are_limited_per_account_the_app_and_recovery_codes_together(app, session, demo_accounts, role):
    app.config["SECOND_FACTOR_LIMIT_PER_ACCOUNT"] = "5 per 15 minutes"
    username = ROLES[role][3]
    client = app.test_client()
    _, token = password_given(client, role, username)
    now = second_factor.step_of(dt.datetime.now(dt.UTC))
    for page in ["code", "code", "recovery-code", "code", "recovery-code"]:
        refused = client.post(f"/kk/{role}/login/{page}", data={"code": wrong_code(now) if page == "code" else
                                                                "abcde-fghjk", "csrf_token": token})
        assert refused.status_code == 200
    # The sixth, even the right code, and from another browser too: the limit is the account's.
    right = demo_app_code(app, role, username)
    assert client.post(f"/kk/{role}/login/code", data={"code": right, "csrf_token": token}).status_code == 429
    other = app.test_client()
    _, other_token = password_given(other, role, username)
    limited = other.post(f"/kk/{role}/login/code", data={"code": right, "csrf_token": other_token})
    assert limited.status_code == 429
    assert text_of(limited.doc.find(".//h1")) == translated("kk", "Too many attempts")
    # Another account is not held up.
    other_username = "almaty.officer" if role == "staff" else "gulnara.omarova"
    another = app.test_client()
    _, token = password_given(another, role, other_username)
    assert another.post(f"/kk/{role}/login/code", data={
        "code": demo_app_code(app, role, other_username), "csrf_token": token}).status_code == 302


def test_signing_in_often_uses_up_no_attempts(app, session, demo_accounts):
    app.config["SECOND_FACTOR_LIMIT_PER_ACCOUNT"] = "2 per 15 minutes"
    for _ in range(4):
        client = app.test_client()
        _, token = password_given(client, "staff", "astana.officer")
        answer = client.post("/kk/staff/login/code", data={"code": demo_app_code(app, "staff", "astana.officer"),
                                                           "csrf_token": token})
        assert answer.headers["Location"] == "/kk/staff/"


def test_the_second_factor_waits_ten_minutes_after_the_password(app, client, session, demo_accounts):
    assert client.get("/kk/staff/login/code").headers["Location"] == "/kk/staff/login"
    assert client.get("/kk/staff/login/recovery-code").headers["Location"] == "/kk/staff/login"
    # Half-way as staff is nothing on the interpreters' pages.
    password_given(client, "staff", "astana.officer")
    assert client.get("/kk/interpreter/login/code").headers["Location"] == "/kk/interpreter/login"
    assert client.get("/kk/staff/login/code").status_code == 200
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=11)):
        assert client.get("/kk/staff/login/code").headers["Location"] == "/kk/staff/login"


def test_where_the_person_was_going_survives_the_second_factor(app, client, session, demo_accounts):
    client.get("/kk/staff/login?next=/kk/staff/programmes/")
    _, token = password_given(client, "staff", "astana.officer")
    answer = client.post("/kk/staff/login/code", data={"code": demo_app_code(app, "staff", "astana.officer"),
                                                       "csrf_token": token})
    assert answer.headers["Location"] == "/kk/staff/programmes/"


@pytest.mark.parametrize("role", ["staff", "interpreter"])
def test_reset_2fa_forgets_the_app_ends_the_sessions_and_is_audited(app, client, runner, session, demo_accounts,
                                                                      role):
    model, group, _, username = ROLES[role]
    _, token = password_given(client, role, username)
    client.post(f"/kk/{role}/login/code", data={"code": demo_app_code(app, role, username), "csrf_token": token})
    assert client.get(f"/kk/{role}/").status_code == 200
    result = runner.invoke(args=[group, "reset-2fa", username.upper()])
    assert result.exit_code == 0, result.output
    account = session.scalar(select(model).where(model.username == username))
    session.refresh(account)
    assert not account.has_second_factor and account.recovery_codes is None
    assert client.get(f"/kk/{role}/").status_code == 302  # its session ended
    assert session.scalar(select(SignedInSession.ended_at).where(SignedInSession.account == str(account.id)))
    assert password_given(app.test_client(), role, username)[0].headers["Location"] == f"/kk/{role}/login/set-up"
    assert session.scalars(select(AuditEvent.detail).where(
        AuditEvent.action == f"{role}_account_second_factor_reset",
        AuditEvent.actor_service == "command line")).all() == [f"{role} {username}"]
    assert runner.invoke(args=[group, "reset-2fa", "nobody"]).exit_code == 1


def test_demo_code_prints_the_demo_apps_code_in_demo_mode_only(app, runner, session, demo_accounts):
    result = runner.invoke(args=["staff", "demo-code", "astana.officer"])
    assert result.exit_code == 0 and result.output.strip() == pyotp.TOTP(DEMO_TOTP_SECRET).now()
    assert runner.invoke(args=["interpreters", "demo-code", "aizhan.seitkali"]).output.strip() == (
        pyotp.TOTP(DEMO_TOTP_SECRET).now())
    runner.invoke(args=["staff", "reset-2fa", "almaty.officer"])
    assert runner.invoke(args=["staff", "demo-code", "almaty.officer"]).exit_code == 1
    app.config["PORTAL_DEMO"] = False
    assert runner.invoke(args=["staff", "demo-code", "astana.officer"]).exit_code == 1


def test_a_code_is_checked_a_step_either_side_of_now():
    account = StaffUser(totp_secret=DEMO_TOTP_SECRET, totp_last_step=None)
    now = dt.datetime(2026, 12, 7, 12, 0, 15, tzinfo=dt.UTC)
    step = second_factor.step_of(now)

    class Claims:
        """A database session in which every step can be claimed."""

        def execute(self, _statement):
            return type("Result", (), {"rowcount": 1})()

    for offset, expected in [(-1, "ok"), (0, "ok"), (1, "ok"), (-2, "expired"), (-19, "expired"), (2, "wrong")]:
        account.totp_last_step = None
        code = second_factor.code_at_step(DEMO_TOTP_SECRET, step + offset)
        assert second_factor.check_code(Claims(), account, code, now).value == expected, offset
