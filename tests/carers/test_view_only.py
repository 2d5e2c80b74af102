"""A mandate to view shows the person's status and programme, and nothing of what they send or how
to reach them (issue #18, point 18): no count of requests, no request or statement reference, no
interpreter hours, no phone number, on the pages or in the API. A carer whose mandate has the
scope that needs each of them still sees it."""

import pytest
from flask_babel import force_locale, format_decimal
from sqlalchemy import select

from portal import clock
from portal.bookings import services as interpreting
from portal.cabinet import services as cabinet
from portal.models import ServiceRequest
from portal.registry import registry
from tests.api.test_portal_api import API, CONTACT_DETAILS, bearer, booking, give_mandate
from tests.carers.test_mandates import act_for
from tests.conftest import persona, signed_in
from tests.pagecheck import main_text, text_of, translated

VIEW_ONLY = ["view"]
EVERYTHING = ["bookings", "requests", "view"]


@pytest.fixture
def person_with_things(app, session, deaf):
    """The deaf person, with a request in progress, an interpreter booking and a statement:
    (IIN, phone, request reference, statement reference)."""
    headers = bearer(session, deaf)
    assert app.test_client().post(f"{API}/requests", json=CONTACT_DETAILS, headers=headers).status_code == 201
    assert app.test_client().post(f"{API}/bookings", json=booking(), headers=headers).status_code == 201
    file = registry().person_file(deaf)
    statement = cabinet.create_statement(session, iin=deaf, by_iin=deaf, decision=file.latest_decision)
    request = session.scalar(select(ServiceRequest))
    return deaf, file.person.phone, request.reference, statement.reference


def carer_of(app, session, demo, person, scopes):
    carer = persona(demo, lambda p: p["decisions"] and p["iin"] != person and not p["legal_representative_iin"])
    give_mandate(session, carer, person, scopes)
    client = signed_in(app.test_client(), carer)
    act_for(client, person)
    return client


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_view_only_carer_sees_status_and_programme_and_nothing_else_on_the_pages(app, session, demo,
                                                                                   person_with_things, lang):
    person, phone, request, statement = person_with_things
    client = carer_of(app, session, demo, person, VIEW_ONLY)
    file = registry().person_file(person)

    home = client.get(f"/{lang}/cabinet/")
    assert translated(lang, "Requests") not in [text_of(h) for h in home.doc.findall(".//main//h2")]
    assert hours_left(session, person, lang) not in main_text(home)
    status = client.get(f"/{lang}/cabinet/status")
    assert translated(lang, "Group or category") in main_text(status)
    assert translated(lang, "Get a statement") not in main_text(status)
    programme = client.get(f"/{lang}/cabinet/programme")
    assert file.latest_programme.number in main_text(programme)
    log = client.get(f"/{lang}/cabinet/who-looked")
    assert log.status_code == 200
    assert translated(lang, "Request sent") not in main_text(log)

    for page in (home, status, programme, log):
        html = page.get_data(as_text=True)
        assert request not in html and statement not in html and phone not in html

    # Nor can they make or open a statement.
    assert client.post(f"/{lang}/cabinet/statements", data={"csrf_token": csrf(client, lang)}).status_code == 403
    refused = client.get(f"/{lang}/cabinet/statements/{statement}")
    assert refused.status_code == 403 and statement not in main_text(refused)


def hours_left(session, person, lang) -> str:
    """The sentence of the entitlements page with the person's interpreter hours left this year."""
    granted = interpreting.granted_minutes(registry().person_file(person), clock.today())
    left = interpreting.quota(session, person, interpreting.now_local().year, granted).left
    with force_locale(lang):
        return translated(lang, "Hours left this year: %(left)s.", left=format_decimal(left / 60))


def csrf(client, lang):
    return client.get(f"/{lang}/mandates").doc.find(".//input[@name='csrf_token']").get("value")


def test_a_carer_with_the_scopes_still_sees_requests_statements_and_hours(app, session, demo, person_with_things):
    person, phone, request, statement = person_with_things
    client = carer_of(app, session, demo, person, EVERYTHING)

    home_page = client.get("/kk/cabinet/")
    home = main_text(home_page)
    assert translated("kk", "Requests") in [text_of(h) for h in home_page.doc.findall(".//main//h2")]
    assert hours_left(session, person, "kk") in home
    assert translated("kk", "Get a statement") in main_text(client.get("/kk/cabinet/status"))
    assert client.get(f"/kk/cabinet/statements/{statement}").status_code == 200
    log = main_text(client.get("/kk/cabinet/who-looked"))
    assert translated("kk", "Request sent") in log and request in log and statement in log


def test_the_api_gives_a_view_only_carer_status_and_programme_without_the_phone(app, session, demo,
                                                                                person_with_things):
    person, phone, _, _ = person_with_things
    client = carer_of(app, session, demo, person, VIEW_ONLY)
    about = {"person": person}

    status = client.get(f"{API}/status", query_string=about).get_json()
    assert status["current"]["number"] == registry().person_file(person).latest_decision.number
    assert "phone" not in status["person"]
    programme = client.get(f"{API}/programme", query_string=about).get_json()
    assert programme["programme"]["items"] and "phone" not in programme["person"]
    assert "phone" not in client.get(f"{API}/rights", query_string=about).get_json()["person"]
    (acting,) = client.get(f"{API}/people").get_json()["items"]
    assert acting["scopes"] == VIEW_ONLY and "phone" not in acting["person"]
    for path in ("requests", "bookings", "interpreter/quota"):
        assert client.get(f"{API}/{path}", query_string=about).status_code == 403
    assert phone not in client.get(f"{API}/status", query_string=about).get_data(as_text=True)


def test_the_api_gives_the_phone_with_a_mandate_that_needs_it(app, session, demo, person_with_things):
    person, phone, _, _ = person_with_things
    client = carer_of(app, session, demo, person, EVERYTHING)
    assert client.get(f"{API}/status", query_string={"person": person}).get_json()["person"]["phone"] == phone
    (acting,) = client.get(f"{API}/people").get_json()["items"]
    assert acting["person"]["phone"] == phone
    assert client.get(f"{API}/requests", query_string={"person": person}).status_code == 200
    own = app.test_client().get(f"{API}/status", headers=bearer(session, person)).get_json()
    assert own["person"]["phone"] == phone  # and the person always sees their own
