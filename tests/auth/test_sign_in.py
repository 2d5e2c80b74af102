"""Sign-in end to end through the real routes: IIN, code, session, limits, sign-out."""

import datetime as dt
import re

import pytest

from portal.notify.sms import SmsFailed
from tests.conftest import csrf_token, persona, signed_in
from tests.pagecheck import text_of, translated

LANGS = ["kk", "ru"]
START = dt.datetime(2026, 11, 24, 4, 0, tzinfo=dt.UTC)  # 09:00 in Kazakhstan


def error_messages(response) -> list[str]:
    return [text_of(a) for a in response.doc.findall(".//*[@data-error-summary]//a")]


@pytest.fixture
def phone_owner(demo):
    return persona(demo, lambda p: p["phone"] and p["decisions"])


def send_iin(client, iin, lang="kk"):
    return client.post(f"/{lang}/login", data={"iin": iin, "csrf_token": csrf_token(client, f"/{lang}/login")})


def last_code(app) -> str:
    """The code of the last text message, once the queued codes are sent (portal/background.py)."""
    app.extensions["background"].run_waiting()
    text = app.extensions["sms"].sent[-1][1]
    return re.search(r"\b\d{6}\b", text).group()


def send_code(client, code, lang="kk"):
    return client.post(f"/{lang}/login/code", data={"code": code, "csrf_token": csrf_token(client, f"/{lang}/login/code")})


@pytest.mark.parametrize("lang", LANGS)
def test_iin_then_code_signs_in_and_lands_on_the_entitlements(app, client, phone_owner, lang):
    response = send_iin(client, phone_owner[:6] + " " + phone_owner[6:], lang)  # spaces are fine
    assert response.headers["Location"] == f"/{lang}/login/code"
    page = client.get(f"/{lang}/login/code")
    assert phone_owner in page.get_data(as_text=True)
    response = send_code(client, last_code(app), lang)
    assert response.headers["Location"] == f"/{lang}/cabinet/"
    assert client.get(f"/{lang}/cabinet/").status_code == 200


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("typed, message", [
    ("", "Enter your IIN"),
    ("12345", "Enter your IIN: 12 digits, as on your identity card"),
    ("780322300455", "Check your IIN: one of the digits is wrong"),
    ("921309410432", "Check your IIN: its first 6 digits are your date of birth"),
])
def test_a_bad_iin_gets_a_clear_message_and_stays_in_the_field(client, demo, lang, typed, message):
    response = send_iin(client, typed, lang)
    assert response.status_code == 200
    assert error_messages(response) == [translated(lang, message)]
    assert response.doc.find(".//input[@id='iin']").get("value", "") == typed


def test_the_same_answer_whether_or_not_the_iin_is_registered(app, client, demo, phone_owner):
    unknown = "061211600012"
    known_response, unknown_response = send_iin(client, phone_owner), send_iin(app.test_client(), unknown)
    assert known_response.headers["Location"] == unknown_response.headers["Location"]
    app.extensions["background"].run_waiting()
    assert len(app.extensions["sms"].sent) == 1


@pytest.mark.parametrize("lang", LANGS)
def test_a_wrong_code_is_refused_with_a_message(app, client, phone_owner, lang):
    send_iin(client, phone_owner, lang)
    wrong = f"{(int(last_code(app)) + 1) % 10**6:06d}"
    response = send_code(client, wrong, lang)
    assert error_messages(response) == [translated(lang, "The code is not right. Check the text message and type the code again")]
    assert send_code(client, "12", lang).status_code == 200


def test_the_code_page_without_an_iin_goes_back_to_the_first_question(client):
    assert client.get("/kk/login/code").headers["Location"] == "/kk/login"


def test_too_many_attempts_for_one_iin_from_one_address_are_stopped(app, client, phone_owner):
    app.config["SIGN_IN_LIMIT_PER_ADDRESS_AND_IIN"] = "3 per 15 minutes"
    statuses = [send_iin(app.test_client(), phone_owner).status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]
    page = send_iin(app.test_client(), phone_owner)
    assert text_of(page.doc.find(".//h1")) == translated("kk", "Too many attempts")
    assert send_iin(app.test_client(), "061211600012").status_code == 302  # another IIN is not stopped


def test_too_many_attempts_from_one_address_are_stopped(app, client, demo):
    app.config["SIGN_IN_LIMIT_PER_ADDRESS"] = "2 per hour"
    statuses = [send_iin(client, iin).status_code for iin in list(demo)[:3]]
    assert statuses == [302, 302, 429]


def test_sign_in_rotates_the_session_and_its_form_token(client, phone_owner):
    before = csrf_token(client)
    signed_in(client, phone_owner)
    after = csrf_token(client, "/kk/cabinet/status")
    assert before != after


def test_demo_sign_in_is_offered_only_in_demo_mode(app, client, demo, phone_owner):
    buttons = client.get("/kk/login").doc.findall(".//button[@name='persona']")
    assert {b.get("value") for b in buttons} == set(demo)
    app.config["PORTAL_DEMO"] = False
    assert client.get("/kk/login").doc.findall(".//button[@name='persona']") == []
    response = client.post("/kk/login", data={"persona": phone_owner, "csrf_token": csrf_token(client)})
    assert response.status_code == 400


def test_a_persona_that_is_not_in_the_demo_is_refused(client, demo):
    response = client.post("/kk/login", data={"persona": "061211600012", "csrf_token": csrf_token(client)})
    assert response.status_code == 400


def test_a_page_that_needs_sign_in_comes_back_after_it(client, phone_owner):
    response = client.get("/ru/cabinet/programme?status=provided")
    assert response.headers["Location"] == "/ru/login?next=/ru/cabinet/programme?status%3Dprovided"
    client.get(response.headers["Location"])
    response = client.post("/ru/login", data={"persona": phone_owner, "csrf_token": csrf_token(client, "/ru/login")})
    assert response.headers["Location"] == "/ru/cabinet/programme?status=provided"


def test_next_never_leads_off_the_site(client, phone_owner):
    client.get("/kk/login?next=//evil.example/phish")
    response = client.post("/kk/login", data={"persona": phone_owner, "csrf_token": csrf_token(client)})
    assert response.headers["Location"] == "/kk/cabinet/"


def test_a_session_that_ran_out_of_time_says_so_on_the_sign_in_page(app, client, phone_owner, time_machine):
    app.config["PERMANENT_SESSION_LIFETIME"] = dt.timedelta(hours=2)  # the cookie outlives the session
    time_machine.move_to(START, tick=False)
    signed_in(client, phone_owner)
    time_machine.move_to(START + dt.timedelta(minutes=31), tick=False)
    response = client.get("/kk/cabinet/")
    assert response.headers["Location"] == "/kk/login?next=/kk/cabinet/&timed_out=1"
    page = client.get(response.headers["Location"])
    assert translated("kk", "You were signed out") in page.get_data(as_text=True)


def test_activity_keeps_the_session_and_extend_renews_it(client, phone_owner, time_machine):
    time_machine.move_to(START, tick=False)
    signed_in(client, phone_owner)
    time_machine.move_to(START + dt.timedelta(minutes=29), tick=False)
    token = csrf_token(client, "/kk/cabinet/status")
    response = client.post("/kk/session/extend", data={"csrf_token": token, "next": "/kk/cabinet/status"})
    assert response.headers["Location"] == "/kk/cabinet/status"
    time_machine.move_to(START + dt.timedelta(minutes=29 + 29), tick=False)
    assert client.get("/kk/cabinet/status").status_code == 200


def test_signed_in_pages_carry_the_session_warning(client, phone_owner):
    page = signed_in(client, phone_owner).get("/kk/cabinet/")
    warning = page.doc.find(".//*[@id='session-warning']")
    assert warning.get("role") == "alertdialog" and warning.get("hidden") is not None
    assert warning.get("data-timeout-seconds") == "1800"


def test_sign_out(client, phone_owner):
    signed_in(client, phone_owner)
    response = client.post("/kk/logout", data={"csrf_token": csrf_token(client, "/kk/cabinet/")})
    assert response.headers["Location"] == "/kk/signed-out"
    assert client.get("/kk/cabinet/").status_code == 302


def test_sign_out_everywhere_ends_the_other_sessions(app, client, phone_owner):
    other_device = signed_in(app.test_client(), phone_owner)
    signed_in(client, phone_owner)
    response = client.post("/ru/logout/everywhere", data={"csrf_token": csrf_token(client, "/ru/cabinet/")})
    assert response.headers["Location"] == "/ru/signed-out?everywhere=1"
    assert other_device.get("/kk/cabinet/").status_code == 302
    assert client.get("/kk/cabinet/").status_code == 302
    assert signed_in(other_device, phone_owner).get("/kk/cabinet/").status_code == 200


def test_a_form_without_its_token_is_refused(client, phone_owner):
    assert client.post("/kk/login", data={"persona": phone_owner}).status_code == 400


def test_a_failing_sms_gateway_gives_the_same_code_page(app, client, phone_owner, monkeypatch):
    def gateway_down(phone, text):
        raise SmsFailed("gateway answered 503")

    monkeypatch.setattr(app.extensions["sms"], "send", gateway_down)
    response = send_iin(client, phone_owner)
    assert response.status_code == 302 and response.headers["Location"] == "/kk/login/code"
    app.extensions["background"].run_waiting()  # fails to send, after the answer
    page = client.get("/kk/login/code")
    assert text_of(page.doc.find(".//h1")) == translated("kk", "Enter the code from the text message")


@pytest.mark.parametrize("lang", LANGS)
def test_the_code_page_says_what_to_do_when_no_code_comes_in_the_same_words_for_everyone(app, demo, lang):
    """Issue #23, point 10: wait, ask again after the minute, or have the phone changed at a public
    service centre; said alike to a registered IIN with a phone, one without a phone (Ахметова) and
    an IIN nobody has, so the page tells a stranger nothing."""
    no_phone = persona(demo, lambda p: p["decisions"] and not p["phone"])
    with_phone = persona(demo, lambda p: p["decisions"] and p["phone"])
    pages = []
    for iin in (with_phone, no_phone, "061211600012"):
        client = app.test_client()
        send_iin(client, iin, lang)
        page = client.get(f"/{lang}/login/code")
        pages.append(text_of(page.doc.find(".//main")).replace(iin, "IIN"))
        summary = page.doc.find(".//main//details/summary")
        assert text_of(summary) == translated(lang, "The code did not come")
    assert pages[0] == pages[1] == pages[2]
    assert translated(lang, "Wait a minute: a text message can take a little while to arrive.") in pages[0]
