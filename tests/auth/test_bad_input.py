"""Bad input on the sign-in pages (issue #10): an IIN, a code, a username and password of any kind,
and a `next` that must never lead off the site. How the examples run: tests/bad_input.py."""

from __future__ import annotations

import re
from urllib.parse import urlencode, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.demo.staff import DEMO_STAFF_PASSWORD
from portal.forms import NOT_SHOWABLE
from portal.iin import InvalidIIN, parse_iin
from tests.bad_input import LANGS, Visitor, examples, first, no_server_error, problems, value_of, visitor
from tests.bad_input import accounts  # noqa: F401 (fixtures)
from tests.conftest import csrf_token, demo_app_code, persona
from tests.pagecheck import translated
from tests.strategies import bad_text, iins


IIN_MESSAGES = {
    "format": "Enter your IIN: 12 digits, as on your identity card",
    "century": "Check your IIN: the 7th digit of a person's IIN is from 1 to 6",
    "date": "Check your IIN: its first 6 digits are your date of birth",
    "check_digit": "Check your IIN: one of the digits is wrong",
}


def typed_digits(typed: str) -> str:
    """An IIN or a code as the form reads it: spaces and dashes dropped."""
    return "".join(c for c in typed.translate(NOT_SHOWABLE) if not c.isspace() and c != "-")


def iin_problem(digits: str) -> str | None:
    if not digits:
        return "Enter your IIN"
    try:
        parse_iin(digits)
    except InvalidIIN as error:
        return IIN_MESSAGES[error.reason]
    return None


@pytest.mark.parametrize("lang", LANGS)
@given(typed=iins)
@examples(25)
def test_sign_in_explains_any_iin_it_cannot_take(app, demo, lang, typed):
    client = Visitor(app).client()
    response = client.post(f"/{lang}/login", data={"iin": typed, "csrf_token": csrf_token(client, f"/{lang}/login")})
    no_server_error(response)
    message = iin_problem(typed_digits(typed))
    if message is None:
        assert response.headers["Location"] == f"/{lang}/login/code"
    else:
        assert problems(response, lang) == [translated(lang, message)]
        assert value_of(response, "iin") == typed_digits(typed)


@pytest.fixture
def waiting_for_code(app, client, demo):
    """A person who typed their IIN and was sent a code."""
    client.post("/kk/login", data={"iin": persona(demo, lambda p: p["phone"] and p["decisions"]),
                                   "csrf_token": csrf_token(client)})
    return visitor(app, client, "/kk/login/code")


@pytest.mark.parametrize("lang", LANGS)
@given(typed=st.from_regex(r"\A\d{6}\Z") | st.text("0123456789 -", max_size=9) | bad_text)
@examples(20)
def test_the_code_page_explains_any_code_it_cannot_take(session, waiting_for_code, lang, typed):
    response = waiting_for_code.client().post(f"/{lang}/login/code",
                                              data={"code": typed, "csrf_token": waiting_for_code.token})
    no_server_error(response)
    digits = typed_digits(typed)
    if not digits:
        message = "Enter the code from the text message"
    elif re.fullmatch(r"[0-9]{6}", digits):
        message = "The code is not right. Check the text message and type the code again"
    else:
        message = "Enter the 6 digits of the code from the text message"
    assert problems(response, lang) == [translated(lang, message)]
    assert value_of(response, "code") == digits


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("role", ["staff", "interpreter"])
@given(username=bad_text | st.just("astana.officer"), password=bad_text)
@examples(12)
def test_password_sign_in_explains_and_keeps_the_username(app, accounts, role, lang, username, password):
    client = Visitor(app).client()
    url = f"/{lang}/{role}/login"
    response = client.post(url, data={"username": username, "password": password, "csrf_token": csrf_token(client, url)})
    no_server_error(response)
    missing = [message for message, typed in (("Enter your username", username), ("Enter your password", password))
               if not first(typed)]
    expected = missing or ["The username or password is not right"]
    assert problems(response, lang) == [translated(lang, message) for message in expected]
    assert value_of(response, "username") == first(username)
    assert value_of(response, "password") == ""  # a password is never sent back


def leads_within_the_site(location: str) -> bool:
    return (location.startswith("/") and not location.startswith("//") and "\\" not in location
            and not urlsplit(location).netloc and not any(ord(c) < 0x20 or ord(c) == 0x7F for c in location))


@given(next_=bad_text | st.sampled_from(["//evil.example", "/\t/evil.example", "/\n/evil.example", "/\\evil.example",
                                          "/kk/cabinet/\r\nSet-Cookie: x=1", "https://evil.example", "/%0d%0aX: 1",
                                          "javascript:alert(1)", "/kk/cabinet/programme?status=provided"]),
       role=st.sampled_from(["person", "staff", "interpreter"]))
@examples(30)
def test_next_never_breaks_sign_in_nor_leads_off_the_site(app, accounts, demo, next_, role):
    client = Visitor(app).client()
    url, home = {"person": ("/ru/login", "/ru/cabinet/"), "staff": ("/ru/staff/login", "/ru/staff/"),
                 "interpreter": ("/ru/interpreter/login", "/ru/interpreter/")}[role]
    no_server_error(client.get(url + "?" + urlencode({"next": next_})))
    if role == "person":
        account = {"persona": persona(demo, lambda p: p["decisions"] and not p["legal_representative_iin"])}
    else:
        account = {"username": "astana.officer" if role == "staff" else "gulnara.omarova", "password": DEMO_STAFF_PASSWORD}
    response = client.post(url, data={**account, "csrf_token": csrf_token(client, url)})
    no_server_error(response)
    assert response.status_code == 302 and leads_within_the_site(response.headers["Location"])
    if role != "person":  # then the second factor, where `next` is carried to
        response = client.post(response.headers["Location"], data={
            "code": demo_app_code(app, role, account["username"]), "csrf_token": csrf_token(client, url)})
        no_server_error(response)
        assert response.status_code == 302 and leads_within_the_site(response.headers["Location"])
    extended = client.post("/ru/session/extend", data={"next": next_, "csrf_token": csrf_token(client, home)})
    no_server_error(extended)
    assert leads_within_the_site(extended.headers["Location"])
