"""An ended term grants nothing (DOMAIN.md §2.3: disability is set for a term, and when it ends the
person is examined again). The person sees when it ended and what to do; requests, interpreter
bookings and the API refuse what needs the decision, saying why. The demo persona Тоқтарова's
term ended 20 days ago."""

import datetime as dt
import json

import pytest

from portal import clock, moments
from portal.demo.personas import AIGERIM
from portal.registry.importer import import_people
from tests import factories as f
from tests.api.test_portal_api import API, bearer
from tests.conftest import csrf_token, signed_in
from tests.pagecheck import main_text, translated

LANGS = ["kk", "ru"]


def ended_on() -> dt.date:
    return clock.today() - dt.timedelta(days=20)


def says_the_term_ended(lang: str, text: str) -> bool:
    with_date = translated(lang, "Your term of disability ended on %(date)s", date=moments.date(ended_on()))
    return with_date in text and translated(
        lang, "For a re-examination, ask the polyclinic for a referral to the medical and social expert examination. "
              "When the new decision is in the central database, this portal shows it.") in text


@pytest.mark.parametrize("lang", LANGS)
def test_the_cabinet_says_the_term_ended_what_it_means_and_what_to_do(app, demo, lang):
    client = signed_in(app.test_client(), AIGERIM)
    home = main_text(client.get(f"/{lang}/cabinet/"))
    assert says_the_term_ended(lang, home)
    assert translated(lang, "Your current decision and programme give no extra aids or services to ask for. "
                            "The rights below are yours all the same.") not in home
    status = client.get(f"/{lang}/cabinet/status")
    assert says_the_term_ended(lang, main_text(status))
    # Still shown: what the decision said. Not offered: a statement of a status that has ended.
    assert translated(lang, "Get a statement") not in main_text(status)
    token = csrf_token(client, f"/{lang}/cabinet/status")
    assert client.post(f"/{lang}/cabinet/statements", data={"csrf_token": token}).status_code == 404
    programme = main_text(client.get(f"/{lang}/cabinet/programme"))
    assert says_the_term_ended(lang, programme) and translated(lang, "Sanatorium and spa treatment") in programme
    assert says_the_term_ended(lang, main_text(client.get(f"/{lang}/rights")))


@pytest.mark.parametrize("lang", LANGS)
def test_a_request_that_needs_the_decision_is_refused_with_the_reason(app, demo, lang):
    client = signed_in(app.test_client(), AIGERIM)
    start = main_text(client.get(f"/{lang}/requests/new/sanatorium"))
    assert translated(lang, "The term of your disability decision has ended. You can ask again once you have been "
                            "re-examined: ask your polyclinic for a referral to the medical and social expert "
                            "examination.") in start
    # The journey's questions send the person back to that explanation.
    assert client.get(f"/{lang}/requests/new/sanatorium/season").headers["Location"] == \
        f"/{lang}/requests/new/sanatorium"


def import_person(session, record: dict) -> str:
    assert import_people(session, [json.dumps(record, ensure_ascii=False)]).errors == []
    return record["iin"]


def deaf_person_whose_term_ended(session) -> str:
    """Interpreter hours in a programme whose decision ended yesterday."""
    yesterday = f.days_from_today(-1)
    return import_person(session, f.person(
        decisions=[f.decision("MSE-T-END", valid_until=yesterday, reexamination_date=yesterday)],
        programmes=[f.programme("IRP-T-END", "MSE-T-END", valid_until=yesterday, items=[
            f.item(kind="sign_language", hours_per_year=60, due_date=None)])]))


def test_the_api_says_the_term_ended_and_refuses_requests_and_bookings(app, client, session):
    iin = deaf_person_whose_term_ended(session)
    headers = bearer(session, iin)
    status = client.get(f"{API}/status", headers=headers).json
    assert (status["in_force"], status["term_ended_on"]) == (False, f.days_from_today(-1))
    assert status["current"]["number"] == "MSE-T-END"  # shown, as the decision that ended
    assert client.get(f"{API}/rights", headers=headers).json["entitlements"] == []
    assert client.get(f"{API}/programme", headers=headers).json["in_force"] is False
    request = client.post(f"{API}/requests", headers=headers, json={
        "kind": "technical_aid", "declaration": True, "answers": {"item": "1"}})
    assert request.status_code == 409 and request.json["errors"][0]["code"] == "term_ended"
    monday = clock.today() + dt.timedelta(days=7 - clock.today().weekday())
    booking = client.post(f"{API}/bookings", headers=headers, json={
        "mode": "video", "day": monday.isoformat(), "purpose": "hospital"})
    assert booking.status_code == 409 and booking.json["errors"][0]["code"] == "term_ended"


def test_on_its_last_day_the_term_still_grants(app, client, session):
    iin = import_person(session, f.person(
        decisions=[f.decision("MSE-T-LAST", valid_until=f.days_from_today(0))],
        programmes=[f.programme("IRP-T-LAST", "MSE-T-LAST", valid_until=f.days_from_today(0),
                                items=[f.item(kind="sign_language", hours_per_year=60, due_date=None)])]))
    status = client.get(f"{API}/status", headers=bearer(session, iin)).json
    assert (status["in_force"], status["term_ended_on"]) == (True, None)
    assert client.get(f"{API}/interpreter/quota", headers=bearer(session, iin)).json["entitled"] is True
