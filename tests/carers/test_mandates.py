"""Carers act for a person only within a mandate: the legal representative of a child until
the child is 18, anyone else within what the person approved, until either side ends it."""

import datetime as dt

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import select

from portal import access, clock
from portal.carers import services
from portal.models import Mandate, Message, ServiceRequest
from portal.notify.texts import in_language
from portal.registry import registry
from tests.conftest import csrf_token, may_ask_for, persona, signed_in
from tests.pagecheck import text_of
from tests.requests.journey import complete_journey, send


def translated(lang, message, **values):
    with force_locale(lang):
        return gettext(message, **values)


@pytest.fixture
def family(demo):
    child = persona(demo, lambda p: p["decisions"] and p["decisions"][0]["child_category"] == "under_7")
    return demo[child]["legal_representative_iin"], child


@pytest.fixture
def adult_and_carer(demo):
    adult = persona(demo, lambda p: not p["legal_representative_iin"] and may_ask_for(p["iin"], "sanatorium"))
    carer = persona(demo, lambda p: p["decisions"] and p["iin"] != adult and not p["legal_representative_iin"]
                    and p["preferred_language"] == "kk")
    return adult, carer


def act_for(client, iin, lang="kk"):
    response = client.post(f"/{lang}/acting-for", data={"subject": iin, "csrf_token": csrf_token(client, f"/{lang}/acting-for")})
    assert response.headers["Location"] == f"/{lang}/cabinet/"


def page_text(response):
    return text_of(response.doc.find(".//main"))


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_parent_handles_the_childs_status_and_a_request(client, demo, session, family, lang):
    parent, child = family
    response = client.post(f"/{lang}/login", data={"persona": parent, "csrf_token": csrf_token(client, f"/{lang}/login")})
    assert response.headers["Location"] == f"/{lang}/acting-for"
    act_for(client, child, lang)
    status = client.get(f"/{lang}/cabinet/status")
    name = registry().find_person(child).full_name
    assert translated(lang, "You are acting for %(name)s. This page shows their information.", name=name) in page_text(status)
    complete_journey(client, "sanatorium", lang)
    send(client, "sanatorium", lang)
    request = session.scalar(select(ServiceRequest))
    assert (request.person_iin, request.submitted_by_iin) == (child, parent)


def test_the_representatives_authority_ends_on_the_18th_birthday(session, demo):
    teenager = persona(demo, lambda p: p["decisions"] and p["decisions"][-1]["child_category"] == "7_to_18")
    parent = demo[teenager]["legal_representative_iin"]
    birthday = services.eighteenth_birthday(registry().find_person(teenager).birth_date)
    day_before = access.resolve(session, parent, registry().find_person(teenager), birthday - dt.timedelta(days=1))
    assert day_before.source == "legal_representative" and day_before.ends_on == birthday - dt.timedelta(days=1)
    assert access.resolve(session, parent, registry().find_person(teenager), birthday) is None
    assert services.tell_young_adults(session, registry(), birthday) == 1
    assert services.tell_young_adults(session, registry(), birthday) == 0
    told = session.scalar(select(Message).where(Message.kind == "mandate_came_of_age"))
    assert told.recipient_iin == teenager


def test_an_adult_grants_sees_the_carers_request_and_revokes(app, client, session, demo, adult_and_carer):
    adult, carer = adult_and_carer
    carer_client = signed_in(app.test_client(), carer)
    ask = carer_client.post("/kk/mandates/ask", data={"iin": adult, "scopes": ["view", "requests"], "ends_on": "",
                                                       "csrf_token": csrf_token(carer_client, "/kk/mandates/ask")})
    assert ask.headers["Location"] == "/kk/mandates?done=asked"
    signed_in(client, adult)
    mandate = session.scalar(select(Mandate))
    approve = f"/kk/mandates/{mandate.id}/approve"
    client.post(approve, data={"csrf_token": csrf_token(client, "/kk/mandates")})
    session.expire_all()
    assert mandate.status == "active"

    act_for(carer_client, adult)
    complete_journey(carer_client, "sanatorium")
    send(carer_client, "sanatorium")
    request = session.scalar(select(ServiceRequest))
    detail = client.get(f"/kk/requests/{request.reference}")
    assert translated("kk", "Sent by %(name)s on behalf of %(person)s.", name=registry().find_person(carer).full_name,
                      person=registry().find_person(adult).full_name) in page_text(detail)
    told = session.scalar(select(Message).where(Message.kind == "mandate_request"))
    assert told.recipient_iin == adult and request.reference in in_language(told, "kk").body

    client.post(f"/kk/mandates/{mandate.id}/end", data={"csrf_token": csrf_token(client, "/kk/mandates")})
    after = carer_client.get("/kk/cabinet/status")
    assert translated("kk", "Your mandate has ended, so this page shows your own information.") in page_text(after)
    assert registry().find_person(adult).iin not in after.get_data(as_text=True)
    history = [e.action for e in session.scalar(select(Mandate)).events]
    assert history == ["requested", "approved", "ended"]


# The authorisation matrix -------------------------------------------------------------------

PAGES = [  # (path, scope it needs)
    ("/kk/cabinet/", "view"), ("/kk/cabinet/status", "view"), ("/kk/cabinet/programme", "view"),
    ("/kk/requests/", "requests"), ("/kk/requests/new/sanatorium", "requests"),
    ("/kk/requests/new/sanatorium/season", "requests"), ("/kk/interpreters/", "bookings"),
    ("/kk/interpreters/book", "bookings"), ("/kk/cabinet/payments", "payments"),
]
TODAY = clock.today()
CASES = {
    "no mandate": None,
    "expired": dict(status="active", scopes=["view", "requests", "bookings"], starts_on=TODAY - dt.timedelta(days=60),
                    ends_on=TODAY - dt.timedelta(days=1)),
    "revoked": dict(status="ended", scopes=["view", "requests", "bookings"], starts_on=TODAY, ends_on=None),
    "not yet approved": dict(status="requested", scopes=["view", "requests", "bookings"], starts_on=TODAY, ends_on=None),
}


@pytest.mark.parametrize("path, scope", PAGES)
@pytest.mark.parametrize("case", list(CASES))
def test_a_carer_without_a_valid_mandate_never_sees_the_persons_data(client, session, demo, adult_and_carer, path,
                                                                     scope, case):
    adult, carer = adult_and_carer
    if CASES[case]:
        session.add(Mandate(carer_iin=carer, person_iin=adult, **CASES[case]))
        session.commit()
    signed_in(client, carer)
    with client.session_transaction() as cookie:
        cookie["acting_for"] = adult  # as if it were chosen while the mandate held
    response = client.get(path)
    assert registry().find_person(adult).full_name not in response.get_data(as_text=True)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert translated("kk", "Your mandate has ended, so this page shows your own information.") in page_text(response)


@pytest.mark.parametrize("path, scope", PAGES)
def test_a_narrower_mandate_is_refused_with_an_explanation_and_a_fitting_one_allowed(app, session, demo,
                                                                                   adult_and_carer, path, scope):
    adult, carer = adult_and_carer
    others = [s for s in services.ALL_SCOPES if s != scope]
    mandate = Mandate(carer_iin=carer, person_iin=adult, scopes=others, starts_on=TODAY, ends_on=None, status="active")
    session.add(mandate)
    session.commit()
    client = signed_in(app.test_client(), carer)
    act_for(client, adult)
    refused = client.get(path)
    assert refused.status_code == 403
    assert translated("kk", "You cannot do this for this person") == text_of(refused.doc.find(".//h1"))
    mandate.scopes = [scope]
    session.commit()
    allowed = client.get(path)
    assert allowed.status_code == 200
    assert registry().find_person(adult).full_name in allowed.get_data(as_text=True)


ACTIONS = [  # (form page, where it posts, data, scope it needs)
    ("/kk/cabinet/status", "/kk/cabinet/statements", {}, "requests"),  # a statement is for dealing with offices
    ("/kk/requests/new/sanatorium/season", "/kk/requests/new/sanatorium/season", {"season": "summer"}, "requests"),
    ("/kk/interpreters/book", "/kk/interpreters/book", {"mode": "video"}, "bookings"),
]


@pytest.mark.parametrize("page, target, data, scope", ACTIONS)
def test_actions_outside_the_mandate_are_refused(app, session, demo, adult_and_carer, page, target, data, scope):
    adult, carer = adult_and_carer
    session.add(Mandate(carer_iin=carer, person_iin=adult, scopes=[s for s in services.ALL_SCOPES if s != scope],
                        starts_on=TODAY, ends_on=None, status="active"))
    session.commit()
    client = signed_in(app.test_client(), carer)
    act_for(client, adult)
    token = csrf_token(client, "/kk/mandates")
    response = client.post(target, data={**data, "csrf_token": token})
    assert response.status_code == 403


def test_without_a_mandate_an_action_never_lands_on_the_person(app, session, demo, adult_and_carer):
    from portal.models import Statement

    adult, carer = adult_and_carer
    client = signed_in(app.test_client(), carer)
    with client.session_transaction() as cookie:
        cookie["acting_for"] = adult
    client.post("/kk/cabinet/statements", data={"csrf_token": csrf_token(client, "/kk/mandates")})
    assert session.scalar(select(Statement.iin).where(Statement.iin == adult)) is None
