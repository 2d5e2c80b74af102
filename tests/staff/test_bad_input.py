"""Bad input in the back office (issue #10): the queue's filter, the action form, and huge numbers in
its addresses. How the examples run: tests/bad_input.py."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from hypothesis import given
from sqlalchemy import select, update

from portal.models import ServiceRequest, StaffUser
from tests.bad_input import (LANGS, checked, examples, first, in_language, no_server_error, problems, sent_request,
                             shown, text_in, visitor)
from tests.bad_input import accounts  # noqa: F401 (fixtures)
from tests.conftest import password_signed_in
from tests.strategies import bad_text, huge_numbers, long_text, maybe_duplicated, tampered_choice


@pytest.fixture
def officer(app, demo, session, accounts):
    """The officer of the region of a request just sent, signed in: (visitor, the request's reference)."""
    reference, _ = sent_request(app, demo)
    region = session.scalar(select(ServiceRequest.region).where(ServiceRequest.reference == reference))
    staff = session.scalar(select(StaffUser).where(StaffUser.region == region, StaffUser.role == "officer"))
    client = password_signed_in(app.test_client(), "staff", staff.username)
    return visitor(app, client, f"/kk/staff/requests/{reference}"), reference


@pytest.mark.parametrize("lang", LANGS)
@given(kind=tampered_choice(["all", "sanatorium"]), status=tampered_choice(["open", "all", "approved"]),
       age=tampered_choice(["any", "5", "10"]))
@examples(15)
def test_the_queue_filter_shows_the_queue_whatever_the_address_says(officer, lang, kind, status, age):
    person, _ = officer
    response = person.client().get(f"/{lang}/staff/?" + urlencode({"kind": kind, "status": status, "age": age}, doseq=True))
    assert response.status_code == 200
    assert response.doc.find(".//*[@data-error-summary]") is None  # a filter it cannot read shows the open requests


@pytest.mark.parametrize("lang", LANGS)
@given(to=tampered_choice(["in_review", "rejected", "approved"]), message=maybe_duplicated(long_text(2000) | bad_text))
@examples(15)
def test_the_staff_action_form_explains_a_bad_answer_and_keeps_the_message(officer, session, lang, to, message):
    person, reference = officer
    session.execute(update(ServiceRequest).values(status="submitted"))  # each example acts on a new request
    session.commit()
    response = person.client().post(f"/{lang}/staff/requests/{reference}",
                                    data={"to": to, "message": message, "csrf_token": person.token})
    no_server_error(response)
    chosen, written = first(to), first(message, multi_line=True) or ""
    expected = []
    if not chosen:
        expected.append("Choose what to do with the request")
    elif chosen not in ("in_review", "rejected"):
        expected.append("Not a valid choice.")
    if written.strip() and len(written) > 2000:
        expected.append("Write no more than 2,000 characters")
    if not expected and chosen == "rejected" and not written.strip():
        expected.append("Write a message to the person: it is required when you ask for more information or refuse")
    if not expected:
        assert response.headers["Location"] == f"/{lang}/staff/requests/{reference}?done={chosen}"
        return
    assert problems(response, lang) == [in_language(lang, message) for message in expected]
    assert text_in(response, "message") == shown(written)
    if chosen in ("in_review", "rejected"):
        assert checked(response, "to") == [chosen]


@pytest.mark.parametrize("lang", LANGS)
@given(number=huge_numbers)
@examples(10)
def test_huge_numbers_in_the_back_office_show_the_queue_and_the_first_page(officer, lang, number):
    person, reference = officer
    client = person.client()
    queue = client.get(f"/{lang}/staff/?age={number}")
    assert queue.status_code == 200
    no_server_error(client.get(f"/{lang}/staff/audit?iin=000000000000&page={number}"))
    assert client.get(f"/{lang}/staff/requests/{reference}/evidence/{number}").status_code == 404
