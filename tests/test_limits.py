"""Abuse limits on sending requests and booking interpreters: counted per person across the page and
the API, answered with a clear page (or the API's error) and Retry-After, and nothing lost."""

import pytest
from flask_babel import force_locale, ngettext
from sqlalchemy import func, select

from portal.models import Booking, ServiceRequest
from tests.api.test_portal_api import API, CONTACT_DETAILS, bearer, booking, next_weekday
from tests.conftest import persona, signed_in
from tests.pagecheck import text_of, translated
from tests.requests.journey import complete_journey, send

LANGS = ["kk", "ru"]


@pytest.fixture
def worker(demo):
    return persona(demo, lambda p: len(p["decisions"]) == 2 and p["decisions"][0]["cause"] == "work_injury")


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def send_by_api(client, headers, number: int):
    return client.post(f"{API}/requests", json={**CONTACT_DETAILS, "submission_id": f"limit-{number}"},
                       headers=headers)


def paragraphs(page) -> str:
    return " ".join(text_of(p) for p in page.doc.findall(".//main//p"))


@pytest.mark.parametrize("lang", LANGS)
def test_past_the_limit_the_page_says_when_to_try_again_and_keeps_the_answers(app, client, session, deaf, lang):
    app.config["SUBMISSION_LIMIT"] = "2 per hour"
    headers = bearer(session, deaf)
    assert [send_by_api(client, headers, n).status_code for n in (1, 2)] == [201, 201]

    signed_in(client, deaf)
    complete_journey(client, "contact_details", lang)
    stopped, _, _ = send(client, "contact_details", lang)
    assert stopped.status_code == 429
    assert int(stopped.headers["Retry-After"]) > 3500  # the hour's window, in seconds
    assert text_of(stopped.doc.find(".//h1")) == translated(lang, "Too much sent in a short time")
    with force_locale(lang):
        wait = ngettext("Try again in %(num)s minute.", "Try again in %(num)s minutes.", 60)
    assert wait in paragraphs(stopped)
    assert count(session, ServiceRequest) == 2

    # The answers wait on the check page for when the hour is over.
    check = client.get(f"/{lang}/requests/new/contact_details/check")
    assert check.status_code == 200 and "+77015554433" in text_of(check.doc.find(".//main"))


def test_the_api_answers_429_in_its_own_shape_with_retry_after(app, client, session, deaf):
    app.config["SUBMISSION_LIMIT"] = "1 per hour"
    headers = {**bearer(session, deaf), "Accept-Language": "ru"}
    assert send_by_api(client, headers, 1).status_code == 201
    stopped = send_by_api(client, headers, 2)
    assert stopped.status_code == 429 and int(stopped.headers["Retry-After"]) > 3500
    assert stopped.get_json()["errors"] == [{"code": "rate_limited", "field": None, "message": translated(
        "ru", "Too many requests. Wait a little and try again.")}]
    assert count(session, ServiceRequest) == 1


def test_the_limit_is_each_persons_own(app, client, session, deaf, worker):
    app.config["SUBMISSION_LIMIT"] = "1 per hour"
    assert send_by_api(client, bearer(session, deaf), 1).status_code == 201
    assert send_by_api(client, bearer(session, deaf), 2).status_code == 429  # a second token is the same person
    assert send_by_api(client, bearer(session, worker), 3).status_code == 201


def test_reading_is_not_limited(app, client, session, deaf):
    app.config["SUBMISSION_LIMIT"] = "1 per hour"
    headers = bearer(session, deaf)
    assert send_by_api(client, headers, 1).status_code == 201
    assert [client.get(f"{API}/requests", headers=headers).status_code for _ in range(3)] == [200] * 3


@pytest.mark.parametrize("lang", LANGS)
def test_bookings_have_their_own_limit_on_the_page_and_the_api(app, client, session, deaf, lang):
    app.config["BOOKING_LIMIT"] = "1 per hour"
    headers = bearer(session, deaf)
    assert client.post(f"{API}/bookings", json=booking(), headers=headers).status_code == 201
    assert client.post(f"{API}/bookings", json=booking(time="14:00"), headers=headers).status_code == 429
    assert send_by_api(client, headers, 1).status_code == 201  # requests are counted apart

    signed_in(client, deaf)
    client.post(f"/{lang}/interpreters/book", data=booking_form(client, lang))
    check = client.get(f"/{lang}/interpreters/book/check")
    token = check.doc.find(".//input[@name='csrf_token']").get("value")
    stopped = client.post(f"/{lang}/interpreters/book/check", data={"csrf_token": token})
    assert stopped.status_code == 429
    assert text_of(stopped.doc.find(".//h1")) == translated(lang, "Too much sent in a short time")
    assert count(session, Booking) == 1


def booking_form(client, lang: str) -> dict:
    page = client.get(f"/{lang}/interpreters/book")
    fields = {**booking(time="16:00"), "day": next_weekday().strftime("%d.%m.%Y")}
    return {**fields, "csrf_token": page.doc.find(".//input[@name='csrf_token']").get("value")}
