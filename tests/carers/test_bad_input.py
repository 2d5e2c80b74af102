"""Bad input on the mandate pages (issue #10): asking for a mandate, and choosing whose matters to
handle. How the examples run: tests/bad_input.py."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal import clock
from portal.carers.services import ADULT_AGE
from portal.iin import age_on, parse_iin
from tests.bad_input import (LANGS, checked, choice_problem, examples, first, in_language, no_server_error, problems,
                             shown, value_of, visitor)
from tests.conftest import persona, signed_in
from tests.pagecheck import translated
from tests.strategies import dates, iins, tampered_choice


@pytest.fixture
def carer(app, client, demo):
    """A person on the form asking for a mandate: (visitor, the IIN of an adult to ask it of)."""
    me = persona(demo, lambda p: p["decisions"] and not p["legal_representative_iin"])
    adult = persona(demo, lambda p: p["iin"] != me
                    and age_on(parse_iin(p["iin"]).birth_date, clock.today()) >= ADULT_AGE)
    signed_in(client, me)
    app.config["MANDATE_ASK_LIMIT"] = "1000 per hour"  # the limit has its own tests (tests/carers/test_asking.py)
    return visitor(app, client, "/kk/mandates/ask"), adult


ASK_FIELDS = {
    # Any IIN with the right check digit is accepted: whether it is registered is never said.
    "iin": (lambda: iins, {"Enter the IIN of the person", "Check the IIN: it must be 12 digits with the right check digit",
                           "This is your own IIN. Enter the IIN of the person you want to act for"}),
    "scopes": (lambda: tampered_choice(["view", "requests", "bookings"]), {"Choose at least one thing you want to do"}),
    "ends_on": (lambda: dates, {"Enter the date as day, month and year, for example 31.12.2027",
                                "The end date must be today or later"}),
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("spoiled", list(ASK_FIELDS))
@given(data=st.data())
@examples(12)
def test_asking_for_a_mandate_explains_a_bad_answer_and_keeps_the_others(carer, spoiled, lang, data):
    person, adult = carer
    strategy, messages = ASK_FIELDS[spoiled]
    answers = {"iin": adult, "scopes": ["view", "bookings"], "ends_on": "31.12.2030"}
    sent = data.draw(strategy(), label=spoiled)
    response = person.client().post(f"/{lang}/mandates/ask", data={**answers, spoiled: sent, "csrf_token": person.token})
    no_server_error(response)
    if response.status_code == 302:
        assert response.headers["Location"] == f"/{lang}/mandates?done=asked"
        return
    found = problems(response, lang)
    assert len(found) == 1 and found[0] in {translated(lang, message) for message in messages}, found
    shows = {"iin": value_of(response, "iin"), "scopes": checked(response, "scopes"), "ends_on": value_of(response, "ends_on")}
    assert {name: value for name, value in shows.items() if name != spoiled} == {
        name: value for name, value in answers.items() if name != spoiled}
    if spoiled == "iin":
        assert shows["iin"] == "".join(c for c in first(sent) or "" if c.isdigit())
    if spoiled == "ends_on":
        assert shows["ends_on"] == shown(first(sent) or "").strip()


@pytest.fixture
def parent(app, client, demo):
    """The legal representative of a child, on the page choosing whose matters to handle."""
    signed_in(client, next(p["legal_representative_iin"] for p in demo.values() if p["legal_representative_iin"]))
    return visitor(app, client, "/kk/acting-for")


@pytest.mark.parametrize("lang", LANGS)
@given(subject=tampered_choice(["000000000000"]) | iins)
@examples(12)
def test_choosing_whose_matters_takes_only_the_people_offered(parent, lang, subject):
    client = parent.client()
    offered = [i.get("value") for i in client.get(f"/{lang}/acting-for").doc.findall(".//input[@name='subject']")]
    response = client.post(f"/{lang}/acting-for", data={"subject": subject, "csrf_token": parent.token})
    no_server_error(response)
    value = first(subject)
    if value in offered:
        assert response.headers["Location"] == f"/{lang}/cabinet/"
    else:
        assert problems(response, lang) == [in_language(lang, choice_problem(subject, offered, "Choose whose matters to handle"))]
        assert [i.get("value") for i in response.doc.findall(".//input[@name='subject']")] == offered
