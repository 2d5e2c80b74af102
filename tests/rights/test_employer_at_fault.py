"""Employer at fault (issue #22, rule 4; DOMAIN.md §1.13). Fault is recorded on the decision apart
from the employer's name. The employer pays only when found at fault and still in existence;
otherwise the state pays and the page says why. What the employer pays for, the person asks the
employer for, and the importer refuses an item paid by an employer that cannot pay. The demo's
Сейітов was injured at a mine found at fault; Жақыпов's builder was not found at fault."""

import json

import pytest

from portal.demo.personas import ERLAN, NURLAN
from portal.registry.importer import import_people
from tests import factories as f
from tests.api.test_portal_api import API, bearer
from tests.conftest import signed_in
from tests.pagecheck import main_text, translated

LANGS = ["kk", "ru"]
EMPLOYER = "«Құрылыс» ЖШС"


def errors(session, decision: dict, item: dict | None = None) -> list[str]:
    record = f.person(decisions=[f.decision("MSE-EMP", cause="work_injury", employer_name=EMPLOYER, **decision)],
                      programmes=[f.programme("IRP-EMP", "MSE-EMP", items=[item or f.item()])])
    return [message for _, message in import_people(session, [json.dumps(record, ensure_ascii=False)]).errors]


def test_fault_needs_the_employer_named(session):
    record = f.person(decisions=[f.decision("MSE-F", cause="work_injury", employer_at_fault=True)], programmes=[])
    [(_, message)] = import_people(session, [json.dumps(record, ensure_ascii=False)]).errors
    assert "employer_at_fault: needs employer_name" in message


def test_an_item_paid_by_an_employer_not_at_fault_is_refused(session):
    [message] = errors(session, {"employer_at_fault": False}, f.item(payer="employer"))
    assert "payer: the employer pays only when the decision names an employer at fault" in message
    assert errors(session, {"employer_at_fault": True}, f.item(payer="employer")) == []


def test_an_item_still_to_come_paid_by_a_liquidated_employer_is_refused(session):
    liquidated = {"employer_at_fault": True, "employer_liquidated": True}
    [message] = errors(session, liquidated, f.item(payer="employer", status="planned"))
    assert "the employer at fault has been liquidated: the state pays for what is still to come" in message
    # What it paid for before it was liquidated keeps its payer.
    paid_before = f.item(payer="employer", status="provided", started_on="2025-02-01", completed_on="2025-03-01")
    assert errors(session, liquidated, paid_before) == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_status_page_shows_the_basis_of_who_pays(app, demo, lang):
    at_fault = main_text(signed_in(app.test_client(), ERLAN).get(f"/{lang}/cabinet/status"))
    assert translated(lang, "Employer at fault") in at_fault
    assert translated(lang, "This employer pays for the aids and treatment in the programme.") in at_fault
    not_at_fault = main_text(signed_in(app.test_client(), NURLAN).get(f"/{lang}/cabinet/status"))
    assert translated(lang, "The investigation did not find this employer at fault, so the state pays for the aids "
                            "and treatment in the programme.") in not_at_fault


def injured_at_fault(session) -> str:
    """A work injury whose employer at fault pays for a prosthesis and a sanatorium still to come."""
    record = f.person(
        iin=f.iin(), decisions=[f.decision("MSE-PAYS", cause="work_injury", employer_name=EMPLOYER, employer_at_fault=True)],
        programmes=[f.programme("IRP-PAYS", "MSE-PAYS", items=[
            f.item(1, kind="prosthetic_orthopaedic", payer="employer", due_date=f.days_from_today(40)),
            f.item(2, kind="sanatorium", payer="employer", due_date=f.days_from_today(90))])])
    assert import_people(session, [json.dumps(record, ensure_ascii=False)]).errors == []
    return record["iin"]


@pytest.mark.parametrize("lang", LANGS)
def test_what_the_employer_pays_for_is_asked_of_the_employer_not_the_department(app, session, lang):
    from tests.auth.test_sign_in import last_code, send_code, send_iin

    iin = injured_at_fault(session)
    client = app.test_client()
    send_iin(client, iin, lang)
    assert send_code(client, last_code(app), lang).status_code == 302
    for kind in ("prosthetic", "sanatorium"):
        start = main_text(client.get(f"/{lang}/requests/new/{kind}"))
        assert translated(lang, "Your employer at fault pays for this, because of the work injury or occupational "
                                "disease: ask the employer, with a copy of your programme, not the department. If the "
                                "employer refuses or does not answer within a month, tell the department of "
                                "employment and social programmes.") in start, kind
    refused = client.post(f"{API}/requests", headers=bearer(session, iin), json={
        "kind": "sanatorium", "declaration": True, "answers": {"season": "summer"}})
    assert refused.status_code == 409 and refused.json["errors"][0]["code"] == "employer_pays"


def test_with_the_employer_not_at_fault_the_department_takes_the_request(app, demo, session):
    client = signed_in(app.test_client(), NURLAN)
    start = client.get("/kk/requests/new/sanatorium")
    assert translated("kk", "You cannot ask for this at the moment.") not in main_text(start)
    rights = client.get(f"{API}/rights", headers=bearer(session, NURLAN)).json["entitlements"]
    [sanatorium] = [e for e in rights if e["code"] == "sanatorium"]
    assert (sanatorium["payer"], sanatorium["reason"]) == ("state", "employer_not_at_fault")
    status = client.get(f"{API}/status", headers=bearer(session, NURLAN)).json
    assert (status["current"]["employer_name"], status["current"]["employer_at_fault"]) == ("«Павлодар Құрылыс» ЖШС",
                                                                                          False)
