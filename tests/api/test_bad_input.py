"""Bad input sent to the portal API (issue #10): malformed JSON, wrong content types, values of any
shape, huge numbers. How the examples run: tests/bad_input.py."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, note
from hypothesis import strategies as st

from portal.account import tokens
from portal.demo.interpreters import load_demo_interpreters
from tests.bad_input import (LANGS, Visitor, api_errors, examples, good_booking, json_values, malformed_json,
                             no_server_error)
from tests.bad_input import deaf_person  # noqa: F401 (fixtures)
from tests.conftest import items_of, persona
from tests.strategies import bad_text, dates, huge_numbers, random_text


content_types = st.sampled_from(["application/json", "application/json; charset=utf-8", "application/json; charset=latin-1",
                                 "application/problem+json", "text/plain", "text/json", "application/x-www-form-urlencoded",
                                 "multipart/form-data", "application/xml", "", "image/png"])


def is_json_type(content_type: str) -> bool:
    mimetype = content_type.split(";")[0]
    return mimetype == "application/json" or mimetype.startswith("application/") and mimetype.endswith("+json")


@pytest.fixture
def api_caller(demo, session):
    """The Authorization header of a token of a person with interpreter hours."""
    load_demo_interpreters(session)
    _, secret = tokens.create(session, iin=persona(demo, lambda p: "sign_language" in items_of(p)), name="Test")
    return {"Authorization": f"Bearer {secret}"}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", ["/api/v1/requests", "/api/v1/bookings"])
@given(body=malformed_json, content_type=content_types)
@examples(20)
def test_the_api_answers_any_body_with_its_error_shape(app, api_caller, lang, path, body, content_type):
    note(repr((body[:60], len(body), content_type)))
    response = Visitor(app).client().post(path, data=body, content_type=content_type or None,
                                          headers={**api_caller, "Accept-Language": lang})
    no_server_error(response)
    errors = api_errors(response, lang)
    if is_json_type(content_type):
        assert response.status_code in (400, 409, 422), response.status_code
    else:
        assert response.status_code == 415 and errors[0]["code"] == "unsupported_media_type"


@pytest.mark.parametrize("lang", LANGS)
@given(kind=st.sampled_from(["sanatorium", "personal_assistant", "contact_details", "technical_aid"]) | json_values,
       declaration=st.just(True) | json_values,
       answers=st.dictionaries(st.sampled_from(["season", "hours", "note", "phone", "item", "help_with"]) | random_text,
                               json_values, max_size=4) | json_values,
       submission_id=st.none() | json_values)
@examples(25)
def test_an_api_request_with_answers_of_any_shape_is_refused_or_made(app, api_caller, lang, kind, declaration, answers,
                                                                     submission_id):
    body = {"kind": kind, "declaration": declaration, "answers": answers,
            **({"submission_id": submission_id} if submission_id is not None else {})}
    response = Visitor(app).client().post("/api/v1/requests", json=body, headers={**api_caller, "Accept-Language": lang})
    no_server_error(response)
    if response.status_code != 201:
        errors = api_errors(response, lang)
        assert response.status_code in (409, 422), errors


@pytest.mark.parametrize("lang", LANGS)
@given(fields=st.fixed_dictionaries({}, optional={
    "mode": st.sampled_from(["video", "in_person"]) | json_values, "day": dates | json_values,
    "time": st.sampled_from(["10:00", "10:15"]) | json_values, "minutes": st.sampled_from([60, "60", 45]) | json_values,
    "purpose": st.sampled_from(["hospital"]) | json_values, "address": bad_text | json_values,
    "interpreter": json_values, "weeks": st.integers(-10, 10) | json_values, "notes": json_values,
    "submission_id": json_values}))
@examples(25)
def test_an_api_booking_with_fields_of_any_shape_is_refused_or_made(app, api_caller, lang, fields):
    response = Visitor(app).client().post("/api/v1/bookings", json=fields, headers={**api_caller, "Accept-Language": lang})
    no_server_error(response)
    if response.status_code != 201:
        errors = api_errors(response, lang)
        assert response.status_code in (409, 422), errors


def test_the_api_with_the_session_cookie_needs_the_form_token(deaf_person):
    response = deaf_person.client().post("/api/v1/requests", json={"kind": "sanatorium"}, headers={"Accept-Language": "ru"})
    assert response.status_code == 400
    assert api_errors(response, "ru")[0]["code"] == "csrf"


# Huge numbers (issue #18, point 12): Python's int() refuses more than 4,300 digits, and 5,000 digits
# in `hours` or `limit` was a 500. Each place a page or an API reads a number gets numbers of every
# length; the answer is a message.

def as_json_number(number: str) -> bytes:
    """A number written into JSON as a number, not a string (json.dumps cannot write 5,000 digits)."""
    return number.encode()


@pytest.mark.parametrize("lang", LANGS)
@given(number=huge_numbers)
@examples(10)
def test_huge_numbers_sent_to_the_portal_api_get_its_error_shape(app, api_caller, lang, number):
    client = Visitor(app).client()
    headers = {**api_caller, "Accept-Language": lang}
    for value in (json.dumps(number).encode(), as_json_number(number)):
        request = client.post("/api/v1/requests", headers=headers, content_type="application/json",
                              data=b'{"kind": "personal_assistant", "declaration": true, "answers": {"hours": ' + value + b"}}")
        no_server_error(request)
        if request.status_code != 201:  # "00…06" hours is 6 hours
            assert request.status_code in (400, 409, 422), request.status_code
            api_errors(request, lang)
        for field in ("minutes", "weeks", "interpreter"):
            booking = client.post("/api/v1/bookings", headers=headers, content_type="application/json",
                                  data=json.dumps({**good_booking(), field: 0}).encode().replace(
                                      f'"{field}": 0'.encode(), f'"{field}": '.encode() + value))
            no_server_error(booking)
            if booking.status_code != 201:  # "00…060" is 60 minutes, and may be booked
                assert booking.status_code in (400, 409, 422), booking.status_code
                api_errors(booking, lang)
