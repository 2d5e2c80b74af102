"""The guardian of an adult a court declared incapable acts for them as a parent does for a child,
with no age limit, until the registry removes the record (issue #22, rule 9; Civil Code Art. 26).
The demo's Сәрсенова is the guardian of her son Ержан, 32, by the court decision 2-3187/2013."""

import datetime as dt
import json

import pytest
from flask_babel import force_locale

from portal import clock, moments
from portal.access import ALL_SCOPES, resolve
from portal.carers.services import may_approve, represented_in_law, told_about
from portal.demo.personas import ERLAN, KULASH, YERZHAN
from portal.registry import registry
from portal.registry.importer import import_people
from tests.api.test_portal_api import API, bearer
from tests.conftest import csrf_token, signed_in
from tests.pagecheck import main_text, translated

COURT_DECISION = "2-3187/2013"


def decided_on(lang: str) -> str:
    with force_locale(lang):
        return moments.date(dt.date(2013, 5, 14))


def test_the_guardian_acts_in_everything_with_no_end(demo, session):
    ward = registry().find_person(YERZHAN)
    authority = resolve(session, KULASH, ward, clock.today())
    assert (authority.source, authority.scopes, authority.ends_on) == ("guardian", ALL_SCOPES, None)
    in_fifty_years = clock.today() + dt.timedelta(days=365 * 50)
    assert resolve(session, KULASH, ward, in_fifty_years).source == "guardian"  # no age limit
    assert resolve(session, ERLAN, ward, clock.today()) is None


def test_news_about_the_ward_goes_to_the_guardian(demo, session):
    assert [(r.iin, about.iin) for r, about in told_about(session, registry(), YERZHAN, "requests")] == \
        [(KULASH, YERZHAN)]


def test_the_ward_gives_no_mandates_the_guardian_acts(demo):
    assert not may_approve(registry().find_person(YERZHAN), ERLAN, clock.today())


def test_once_the_registry_removes_the_guardianship_the_guardian_no_longer_acts(demo, session):
    record = {**demo[YERZHAN], "legal_representative_iin": None, "guardianship_court_decision": None,
              "guardianship_decided_on": None}
    assert import_people(session, [json.dumps(record, ensure_ascii=False)]).errors == []
    ward = registry().find_person(YERZHAN)
    assert not represented_in_law(ward, clock.today())
    assert resolve(session, KULASH, ward, clock.today()) is None
    assert [r.iin for r, _ in told_about(session, registry(), YERZHAN, "requests")] == [YERZHAN]


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_guardian_chooses_the_ward_and_handles_his_matters(app, demo, lang):
    client = signed_in(app.test_client(), KULASH)
    choice = main_text(client.get(f"/{lang}/acting-for"))
    assert translated(lang, "%(name)s: you are the guardian, by the court decision %(number)s of %(date)s.",
                      name="Сәрсенов Ержан Асқарұлы", number=COURT_DECISION, date=decided_on(lang)) in choice
    client.post(f"/{lang}/acting-for", data={"subject": YERZHAN, "csrf_token": csrf_token(client, f"/{lang}/acting-for")})
    assert client.get(f"/{lang}/cabinet/status").status_code == 200
    assert client.get(f"/{lang}/requests/new/sanatorium").status_code == 200


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_ward_reads_who_acts_for_him(app, demo, lang):
    page = main_text(signed_in(app.test_client(), YERZHAN).get(f"/{lang}/mandates"))
    assert translated(lang, "Your guardian, %(name)s, acts for you in everything, by the court decision %(number)s "
                            "of %(date)s.", name="Сәрсенова Күләш Омарқызы", number=COURT_DECISION,
                      date=decided_on(lang)) in page


def test_the_api_names_the_guardian_basis(client, demo, session):
    people = client.get(f"{API}/people", headers=bearer(session, KULASH)).get_json()["items"]
    assert [(p["person"]["iin"], p["basis"]) for p in people] == [(YERZHAN, "guardian")]


@pytest.mark.parametrize("change, field", [
    ({"legal_representative_iin": None}, "legal_representative_iin"),
    ({"guardianship_court_decision": None}, "guardianship_court_decision"),
    ({"guardianship_decided_on": None}, "guardianship_decided_on"),
    ({"guardianship_decided_on": "2012-09-11"}, "guardianship_decided_on"),  # the eve of his 18th birthday
])
def test_the_importer_refuses_a_guardianship_without_its_parts(demo, session, change, field):
    record = {**demo[YERZHAN], **change}
    report = import_people(session, [json.dumps(record, ensure_ascii=False)])
    assert len(report.errors) == 1 and field in report.errors[0][1]
