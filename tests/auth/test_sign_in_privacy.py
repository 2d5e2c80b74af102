"""Sign-in tells no one who is registered, and cannot be used to flood a person's phone or to lock
them out: the same answers for any IIN at every step, the code sent after the response, guesses
counted on the IIN the session holds, a cooldown and caps on codes, and each limit logged."""

import datetime as dt
import json
import logging
import re
import threading
import time

import pytest

from portal.background import THREAD_NAME, Background
from portal.extensions import db
from tests.auth.test_sign_in import error_messages, last_code, send_code, send_iin
from tests.conftest import csrf_token, persona
from tests.pagecheck import translated

UNKNOWN = "061211600012"  # a valid IIN nobody in the demo has
START = dt.datetime(2026, 11, 24, 4, 0, tzinfo=dt.UTC)
# The headers a stranger could compare (the limit's reset time is left out: it is the clock's).
HEADERS = ("Location", "Content-Type", "Cache-Control", "Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining")


@pytest.fixture
def phone_owner(demo):
    return persona(demo, lambda p: p["phone"] and p["decisions"])


def browser_at(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def sent(app) -> list:
    app.extensions["background"].run_waiting()
    return app.extensions["sms"].sent


def answer(app, response, iin: str) -> dict:
    """What a stranger sees of an answer, with the IIN they typed and the form token taken out."""
    body = response.get_data(as_text=True).replace(iin, "<IIN>")
    body = re.sub(r'name="csrf_token"[^>]*value="[^"]*"', "<token>", body)
    cookie = response.headers.get("Set-Cookie", "")
    name, _, rest = cookie.partition("=")
    value, _, attributes = rest.partition(";")
    contents = app.session_interface.get_signing_serializer(app).loads(value) if value else {}
    return {"status": response.status_code, "body": body, **{h: response.headers.get(h) for h in HEADERS},
            "cookie": (name, re.sub(r"Expires=[^;]*", "", attributes),
                       {key: len(str(item)) for key, item in contents.items()})}


def journey(app, iin: str, address: str, wrong_code: str) -> list[dict]:
    """Ask for a code, type a wrong one six times, ask again, type one more wrong: every answer."""
    client = browser_at(app, address)
    answers = [answer(app, client.get("/kk/login"), iin)]
    token = csrf_token(client)
    answers.append(answer(app, client.post("/kk/login", data={"iin": iin, "csrf_token": token}), iin))
    sent(app)  # the code goes out, for a registered IIN, between the answers
    answers.append(answer(app, client.get("/kk/login/code"), iin))
    for _ in range(6):
        answers.append(answer(app, client.post("/kk/login/code", data={"code": wrong_code, "csrf_token": token}), iin))
    answers.append(answer(app, client.post("/kk/login", data={"iin": iin, "csrf_token": token}), iin))
    answers.append(answer(app, client.post("/kk/login/code", data={"code": wrong_code, "csrf_token": token}), iin))
    return answers


def test_every_answer_is_the_same_for_a_registered_and_an_unregistered_iin(app, phone_owner, time_machine):
    app.config["PORTAL_DEMO"] = False  # as in production: the demo buttons name the demo's IINs
    time_machine.move_to(START, tick=False)
    send_iin(browser_at(app, "192.0.2.9"), phone_owner)
    real_code = last_code(app)
    wrong = f"{(int(real_code) + 1) % 10**6:06d}"
    time_machine.move_to(START + dt.timedelta(minutes=10), tick=False)  # no cooldown in the way
    registered = journey(app, phone_owner, "192.0.2.1", wrong)
    unregistered = journey(app, UNKNOWN, "192.0.2.2", wrong)
    assert [a["status"] for a in registered] == [200, 302, 200] + [200] * 6 + [302, 200]
    for step, (known, unknown) in enumerate(zip(registered, unregistered)):
        assert known == unknown, f"step {step} differs"
    assert "5" in registered[7]["body"] and registered[7]["body"] != registered[6]["body"]  # the 5th locks


def test_the_text_message_is_sent_after_the_response_not_inside_it(app, client, phone_owner, monkeypatch):
    background = app.extensions["background"] = Background(app, in_thread=True)
    release, messages = threading.Event(), []

    def slow_gateway(phone, text):
        assert release.wait(10), "the gateway was never released"
        messages.append(threading.current_thread().name)

    monkeypatch.setattr(app.extensions["sms"], "send", slow_gateway)
    response = send_iin(client, phone_owner)
    # The answer came while the gateway had sent nothing: the request did not wait for it.
    assert response.status_code == 302 and messages == []
    db.session.commit()  # the test lets go of SQLite's lock, as a finished request does
    release.set()
    deadline = time.monotonic() + 10
    while not messages and time.monotonic() < deadline:
        time.sleep(0.02)
    assert messages == [THREAD_NAME]
    assert background.waiting.unfinished_tasks == 0


def test_extra_iin_fields_do_not_reset_the_count_of_guesses(app, client, demo, phone_owner):
    app.config["SIGN_IN_LIMIT_PER_ADDRESS_AND_IIN"] = "4 per 15 minutes"
    send_iin(client, phone_owner)  # counts together with the codes
    token = csrf_token(client, "/kk/login/code")
    others = [iin for iin in demo if iin != phone_owner]
    statuses = [client.post("/kk/login/code", data={"code": "000000", "iin": others[n], "csrf_token": token}).status_code
                for n in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_the_guesses_of_one_iin_do_not_stop_another_from_the_same_address(app, client, demo, phone_owner):
    app.config["SIGN_IN_LIMIT_PER_ADDRESS_AND_IIN"] = "2 per 15 minutes"
    assert [send_iin(client, phone_owner).status_code for _ in range(3)] == [302, 302, 429]
    assert send_iin(client, UNKNOWN).status_code == 302


def test_asking_again_within_the_cooldown_sends_nothing_and_the_first_code_works(app, client, phone_owner,
                                                                                  time_machine):
    time_machine.move_to(START, tick=False)
    first = send_iin(client, phone_owner)
    code = last_code(app)
    time_machine.move_to(START + dt.timedelta(seconds=30), tick=False)
    again = send_iin(client, phone_owner)
    assert (first.status_code, first.headers["Location"]) == (again.status_code, again.headers["Location"])
    assert len(sent(app)) == 1
    assert send_code(client, code).headers["Location"] == "/kk/cabinet/"


def test_a_stranger_flooding_one_iin_neither_floods_nor_locks_out_the_person(app, phone_owner, time_machine):
    stranger, owner = browser_at(app, "198.51.100.7"), browser_at(app, "192.0.2.1")
    for minute in range(12):  # the attack of issue 18: 12 posts for one IIN
        time_machine.move_to(START + dt.timedelta(minutes=minute), tick=False)
        send_iin(stranger, phone_owner)
        sent(app)
    assert len(sent(app)) == 3  # SIGN_IN_CODES_PER_ADDRESS_PER_HOUR
    time_machine.move_to(START + dt.timedelta(minutes=13), tick=False)
    assert send_iin(owner, phone_owner).headers["Location"] == "/kk/login/code"
    assert send_code(owner, last_code(app)).headers["Location"] == "/kk/cabinet/"


def test_a_strangers_wrong_codes_do_not_lock_the_person_out(app, phone_owner, time_machine):
    stranger, owner = browser_at(app, "198.51.100.7"), browser_at(app, "192.0.2.1")
    time_machine.move_to(START, tick=False)
    send_iin(stranger, phone_owner)
    code = last_code(app)  # on the person's phone
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    locked = [send_code(stranger, wrong) for _ in range(6)][-1]
    assert error_messages(locked) == [translated("kk", "You have typed a wrong code 5 times. Ask for a new code")]
    time_machine.move_to(START + dt.timedelta(seconds=20), tick=False)
    send_iin(owner, phone_owner)  # within the cooldown: no new code, the one on the phone works
    assert len(sent(app)) == 1
    assert send_code(owner, code).headers["Location"] == "/kk/cabinet/"


def test_each_limit_reached_is_logged_without_the_iin(app, client, phone_owner, caplog, time_machine):
    app.config["SIGN_IN_LIMIT_PER_ADDRESS_AND_IIN"] = "8 per 15 minutes"
    time_machine.move_to(START, tick=False)
    with caplog.at_level(logging.WARNING, logger="portal.limits"):
        send_iin(client, phone_owner)
        send_iin(client, phone_owner)  # within the cooldown
        sent(app)
        for _ in range(5):
            send_code(client, "000000")
        stopped = [send_iin(client, phone_owner) for _ in range(2)][-1]
    assert stopped.status_code == 429
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "portal.limits"]
    assert [line["limit"] for line in lines] == ["sign_in_code_cooldown", "sign_in_wrong_codes", "request_limit"]
    assert all(line["event"] == "limit_reached" for line in lines)
    assert lines[-1]["endpoint"] == "auth.login" and lines[-1]["rule"].startswith("8 per 15")
    assert phone_owner not in caplog.text
