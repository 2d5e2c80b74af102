"""Sessions kept on the server: a copy of the cookie taken before sign-out no longer works, for
persons, staff and interpreters; every session ends 12 hours after sign-in however active; and
every role can sign out on every device."""

import datetime as dt

import pytest
from flask_babel import force_locale, ngettext
from sqlalchemy import select

from portal.demo.interpreters import load_demo_interpreters
from portal.demo.staff import load_demo_staff
from portal.models import SignedInSession
from tests.conftest import csrf_token, password_signed_in, persona, signed_in
from tests.pagecheck import text_of

START = dt.datetime(2026, 11, 24, 4, 0, tzinfo=dt.UTC)  # 09:00 in Kazakhstan


@pytest.fixture
def accounts(demo, session):
    """{role: (the demo button that signs in, the role's home page, its own sign-out address)}."""
    load_demo_staff(session)
    load_demo_interpreters(session)
    person = persona(demo, lambda p: p["decisions"])
    return {
        "person": (person, "/kk/cabinet/", "/kk/logout"),
        "staff": ("staff:astana.officer", "/kk/staff/", "/kk/staff/logout"),
        "interpreter": ("interpreter:aizhan.seitkali", "/kk/interpreter/", "/kk/interpreter/logout"),
    }


def cookie_of(client) -> str:
    return client.get_cookie("session").value


def browser_with(app, cookie: str):
    """Another browser holding a copy of a session cookie."""
    other = app.test_client()
    other.set_cookie("session", cookie)
    return other


def is_signed_in(client, home: str) -> bool:
    response = client.get(home)
    assert response.status_code in (200, 302)
    return response.status_code == 200


@pytest.mark.parametrize("role", ["person", "staff", "interpreter"])
def test_a_cookie_copied_before_sign_out_no_longer_works(app, client, accounts, role):
    button, home, logout = accounts[role]
    signed_in(client, button)
    copied = cookie_of(client)
    assert is_signed_in(browser_with(app, copied), home)  # the copy works while the session lasts

    client.post(logout, data={"csrf_token": csrf_token(client, home)})
    assert not is_signed_in(client, home)
    assert not is_signed_in(browser_with(app, copied), home)


@pytest.mark.parametrize("first, then", [("person", "staff"), ("staff", "interpreter"), ("interpreter", "person")])
def test_signing_in_on_the_same_browser_ends_the_session_before(app, client, accounts, first, then):
    signed_in(client, accounts[first][0])
    copied = cookie_of(client)
    # A new sign-in rotates the session (the password pages are open to whoever is signed in).
    if then == "person":
        signed_in(client, accounts[then][0])
    else:
        password_signed_in(client, then, accounts[then][0].partition(":")[2])
    assert is_signed_in(client, accounts[then][1])
    assert not is_signed_in(browser_with(app, copied), accounts[first][1])


@pytest.mark.parametrize("role", ["person", "staff", "interpreter"])
def test_a_session_ends_twelve_hours_after_sign_in_however_active(app, client, accounts, role, time_machine):
    button, home, _ = accounts[role]
    time_machine.move_to(START, tick=False)
    signed_in(client, button)
    for minutes in range(29, 12 * 60, 29):  # a request every 29 minutes: never idle
        time_machine.move_to(START + dt.timedelta(minutes=minutes), tick=False)
        assert is_signed_in(client, home), f"signed out after {minutes} minutes"
    time_machine.move_to(START + dt.timedelta(hours=12), tick=False)
    response = client.get(home)
    assert response.status_code == 302 and "timed_out=absolute" in response.headers["Location"]


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_end_that_cannot_be_put_off_is_announced_before_and_explained_after(client, accounts, lang,
                                                                                time_machine):
    """WCAG 2.2.1: the page knows when the absolute end comes, so the warning can say so two
    minutes before; and the sign-in page after it says why, not "after 30 minutes idle"."""
    button, _, _ = accounts["person"]
    time_machine.move_to(START, tick=False)
    signed_in(client, button)
    for minutes in [*range(29, 11 * 60 + 30, 29), 11 * 60 + 30]:  # a request every 29 minutes or less: never idle
        time_machine.move_to(START + dt.timedelta(minutes=minutes), tick=False)
        page = client.get(f"/{lang}/cabinet/status")
    warning = page.doc.find(".//*[@id='session-warning']")
    assert warning.get("data-ends-in-seconds") == str(30 * 60)
    ending = warning.find(".//*[@id='session-ending-text']")
    assert text_of(ending) == in_hours(lang, PLURAL_ENDING)

    time_machine.move_to(START + dt.timedelta(hours=11, minutes=59), tick=False)
    assert client.get(f"/{lang}/cabinet/status").status_code == 200
    time_machine.move_to(START + dt.timedelta(hours=12), tick=False)
    signed_out = client.get(client.get(f"/{lang}/cabinet/status").headers["Location"])
    assert in_hours(lang, PLURAL_ENDED) in text_of(signed_out.doc)


def in_hours(lang: str, singular: str) -> str:
    """The message for a 12-hour session, in the language (both texts have a plural form)."""
    with force_locale(lang):
        return ngettext(singular, singular.replace("%(num)s hour", "%(num)s hours"), 12)


PLURAL_ENDING = ("For your safety, a session lasts at most %(num)s hour, however active, and yours ends in 2 "
                 "minutes. Send what you have typed now, then sign in again to carry on.")
PLURAL_ENDED = "For your safety, a session lasts at most %(num)s hour, however active. Sign in again to carry on."


def test_the_absolute_lifetime_comes_from_configuration(app, client, accounts, time_machine):
    app.config["SESSION_ABSOLUTE_HOURS"] = 1
    button, home, _ = accounts["person"]
    time_machine.move_to(START, tick=False)
    signed_in(client, button)
    for minutes in (20, 40, 59):
        time_machine.move_to(START + dt.timedelta(minutes=minutes), tick=False)
        assert is_signed_in(client, home)
    time_machine.move_to(START + dt.timedelta(minutes=60), tick=False)
    assert not is_signed_in(client, home)


@pytest.mark.parametrize("role", ["person", "staff", "interpreter"])
def test_thirty_idle_minutes_end_the_session_on_the_server(app, client, accounts, role, time_machine):
    # The signed cookie itself expires after 30 idle minutes too; a longer one here shows that the
    # server does not rely on it.
    app.config["PERMANENT_SESSION_LIFETIME"] = dt.timedelta(hours=2)
    button, home, _ = accounts[role]
    time_machine.move_to(START, tick=False)
    signed_in(client, button)
    time_machine.move_to(START + dt.timedelta(minutes=29), tick=False)
    assert is_signed_in(client, home)
    time_machine.move_to(START + dt.timedelta(minutes=29 + 30), tick=False)
    response = client.get(home)
    assert response.status_code == 302 and "timed_out=1" in response.headers["Location"]


@pytest.mark.parametrize("role", ["staff", "interpreter", "person"])
def test_sign_out_on_every_device_ends_the_other_browsers_session(app, client, accounts, role):
    button, home, _ = accounts[role]
    other_browser = signed_in(app.test_client(), button)
    signed_in(client, button)
    page = client.get(home)
    assert page.doc.find(".//form[@action='/kk/logout/everywhere']") is not None
    response = client.post("/kk/logout/everywhere", data={"csrf_token": csrf_token(client, home)})
    assert response.headers["Location"].startswith("/kk/signed-out?everywhere=1")
    assert not is_signed_in(other_browser, home)
    assert not is_signed_in(client, home)
    assert is_signed_in(signed_in(other_browser, button), home)  # signing in again works


def test_sign_out_on_every_device_leaves_other_accounts_signed_in(app, client, session, accounts):
    other_officer = signed_in(app.test_client(), "staff:almaty.officer")
    signed_in(client, accounts["staff"][0])
    client.post("/kk/logout/everywhere", data={"csrf_token": csrf_token(client, "/kk/staff/")})
    assert is_signed_in(other_officer, "/kk/staff/")


@pytest.mark.parametrize("role, sign_in_page", [("staff", "/kk/staff/login"), ("interpreter", "/kk/interpreter/login")])
def test_after_signing_out_everywhere_staff_and_interpreters_are_sent_to_their_own_sign_in(
        app, client, accounts, role, sign_in_page):
    button, home, _ = accounts[role]
    signed_in(client, button)
    response = client.post("/kk/logout/everywhere", data={"csrf_token": csrf_token(client, home)})
    page = client.get(response.headers["Location"])
    assert page.doc.find(f".//main//a[@href='{sign_in_page}']") is not None


def test_the_cookie_holds_only_a_key_and_the_server_only_its_hash(client, session, accounts):
    signed_in(client, accounts["person"][0])
    with client.session_transaction() as cookie:
        key = cookie["sid"]
    record = session.scalar(select(SignedInSession))
    assert key not in record.key_hash and len(key) >= 40
