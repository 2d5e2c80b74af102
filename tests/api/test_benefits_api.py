"""The API of a person's money, /api/v1/benefits and /api/v1/payments (issue #25, point 5): what the
page /<lang>/cabinet/payments shows, behind the same mandate scope and written to the same audit
log. Amounts are those of the registry; dates count from portal.clock.today(), so the tests mean
the same whatever day they run."""

import datetime as dt
import json

import jsonschema_rs
import pytest
from flask_babel import force_locale
from sqlalchemy import select

from portal import clock
from portal import vocabulary as v
from portal.api.openapi import document
from portal.benefits.entitlements import possible_benefits
from portal.benefits.payments import held
from portal.demo.personas import AIGERIM, DAULET
from portal.iin import make_iin
from portal.models import AuditEvent, Mandate
from portal.registry import registry
from portal.registry.importer import import_people
from portal.registry.rules import months_after
from tests import factories as f
from tests.api.test_portal_api import API, bearer, codes
from tests.conftest import persona, signed_in
from tests.pagecheck import main_text, translated
from tests.registry.test_benefits import benefit, payment

LANGS = ["kk", "ru"]
PAYMENT_KEYS = {"month", "amount", "paid_on", "account_last4", "benefit_kind", "benefit_kind_label", "change_note",
                "change_note_label", "previous_amount"}


def label(lang: str, codes_: dict, code: str) -> str:
    with force_locale(lang):
        return str(codes_[code])


def indexed_person(session) -> str:
    """A person whose benefit has 14 months of payments to the account ending 4821, indexed 3 months ago."""
    paid = [payment(n, amount=111_872 if n <= 3 else 101_702, account_last4="4821",
                    **({"change_note": "indexation", "previous_amount": 101_702} if n == 3 else {}))
            for n in range(1, 15)]
    record = f.person(benefits=[benefit(payments=paid, monthly_amount=111_872,
                                        valid_from=months_after(clock.today(), -30).isoformat())])
    assert import_people(session, [json.dumps(record, ensure_ascii=False)]).errors == []
    return record["iin"]


@pytest.fixture
def carer_of_daulet(demo):
    return persona(demo, lambda p: p["decisions"] and p["iin"] != DAULET and not p["legal_representative_iin"])


def mandate(session, carer: str, scopes: list[str]) -> None:
    session.add(Mandate(carer_iin=carer, person_iin=DAULET, scopes=scopes, starts_on=clock.today(), status="active"))
    session.commit()


# The person ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_the_person_reads_their_benefits_as_the_registry_gives_them(client, session, demo, lang):
    answer = client.get(f"{API}/benefits", headers={**bearer(session, DAULET), "Accept-Language": lang})
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["person"]["iin"] == DAULET
    held = registry().benefits(DAULET)
    assert held and {b["kind"] for b in body["benefits"]} == {b.kind for b in held}
    for given in body["benefits"]:
        record = next(b for b in held if b.kind == given["kind"])
        assert given["monthly_amount"] == record.monthly_amount  # the payer's amount, never computed
        assert given["kind_label"] == label(lang, v.BENEFIT_KINDS, record.kind)
        assert given["payer_label"] == label(lang, v.BENEFIT_PAYERS, record.payer)
        assert (given["legal_basis"], given["assigned_on"], given["valid_from"], given["status"]) == (
            record.legal_basis, record.assigned_on.isoformat(), record.valid_from.isoformat(), record.status)
        assert given["for_person_iin"] == record.for_person_iin


def test_a_possible_benefit_is_an_estimate_and_says_so(client, session, demo):
    body = client.get(f"{API}/benefits", headers=bearer(session, DAULET)).get_json()
    carer = next(p for p in body["possible"] if p["kind"] == "carer_benefit")  # group I, no carer's benefit
    assert carer["article"] == "187" and carer["excludes_assistant"] is True and carer["service"].startswith("https://")
    assert "monthly_amount" not in carer  # nowhere an assigned amount would be
    expected = next(p for p in registry_possible(DAULET) if p.kind == "carer_benefit").estimate(clock.today())
    if expected is None:  # a year whose subsistence minimum is not known yet
        assert carer["estimate"] is None
    else:
        assert carer["estimate"] == {"monthly_amount": expected, "year": clock.today().year, "estimate": True}


def registry_possible(iin: str):
    """What the rules say the person may be entitled to (no children: Дәулет has none)."""
    file = registry().person_file(iin)
    return possible_benefits(file.person, file.decision_in_force(clock.today()),
                             [held(b) for b in registry().benefits(iin)], [], clock.today())


def test_a_suspended_benefit_gives_its_reason(client, session, demo):
    body = client.get(f"{API}/benefits", headers={**bearer(session, AIGERIM), "Accept-Language": "ru"}).get_json()
    suspended = next(b for b in body["benefits"] if b["status"] == "suspended")
    record = next(b for b in registry().benefits(AIGERIM) if b.status == "suspended")
    assert (suspended["status_reason"], suspended["status_since"]) == ("missed_reexamination",
                                                                      record.status_since.isoformat())
    assert suspended["status_reason_label"] == label("ru", v.BENEFIT_STATUS_REASONS, "missed_reexamination")
    assert suspended["status_label"] == label("ru", v.BENEFIT_STATUSES, "suspended")


def test_the_person_reads_12_months_of_payments_newest_first_with_only_the_accounts_last_4(client, session):
    iin = indexed_person(session)
    body = client.get(f"{API}/payments", headers=bearer(session, iin)).get_json()
    items = body["items"]
    assert body["months"] == len(items) == 12
    newest = months_after(clock.today().replace(day=1), -1)
    assert [i["month"] for i in items] == [months_after(newest, -n).strftime("%Y-%m") for n in range(12)]
    assert [i["amount"] for i in items] == [111_872] * 3 + [101_702] * 9
    assert all(set(i) == PAYMENT_KEYS and i["account_last4"] == "4821" for i in items)
    indexed = items[2]
    assert (indexed["change_note"], indexed["previous_amount"]) == ("indexation", 101_702)
    assert indexed["change_note_label"] == label("kk", v.PAYMENT_CHANGE_NOTES, "indexation")
    assert items[0]["benefit_kind"] == "disability_benefit"


def test_the_payments_are_those_of_the_registry(client, session, demo):
    body = client.get(f"{API}/payments", headers=bearer(session, DAULET)).get_json()
    paid = [p for b in registry().benefits(DAULET) for p in b.payments]
    assert body["items"] and {(i["month"], i["amount"], i["paid_on"]) for i in body["items"]} <= {
        (p.month.strftime("%Y-%m"), p.amount, p.paid_on.isoformat()) for p in paid}


def test_the_audit_log_records_the_read_as_the_pages_with_the_apis_prefix(client, session, demo):
    headers = bearer(session, DAULET)
    for path in ("/benefits", "/payments"):
        assert client.get(f"{API}{path}", headers=headers).status_code == 200
    read = session.scalars(select(AuditEvent).where(AuditEvent.detail == "api: payments")).all()
    assert [(e.action, e.actor_iin, e.subject_iin) for e in read] == [("view", DAULET, DAULET)] * 2


# Those acting for the person, and those who do not ----------------------------------------------------

@pytest.mark.parametrize("path", ["/benefits", "/payments"])
def test_a_carer_with_the_payments_scope_reads_them(client, session, demo, carer_of_daulet, path):
    mandate(session, carer_of_daulet, ["payments"])
    answer = client.get(f"{API}{path}?person={DAULET}", headers=bearer(session, carer_of_daulet))
    assert answer.status_code == 200 and answer.get_json()["person"]["iin"] == DAULET
    read = session.scalars(select(AuditEvent).where(AuditEvent.detail == "api: payments")).all()
    assert [(e.actor_iin, e.subject_iin) for e in read] == [(carer_of_daulet, DAULET)]


@pytest.mark.parametrize("path", ["/benefits", "/payments"])
def test_a_carers_token_without_the_payments_scope_is_refused_as_for_any_other_scope(client, session, demo,
                                                                                      carer_of_daulet, path):
    mandate(session, carer_of_daulet, ["view"])
    headers = bearer(session, carer_of_daulet)
    refused = client.get(f"{API}{path}?person={DAULET}", headers=headers)
    other_scope = client.get(f"{API}/requests?person={DAULET}", headers=headers)
    assert refused.status_code == other_scope.status_code == 403
    assert refused.get_json() == other_scope.get_json() and codes(refused) == [("forbidden", None)]
    assert str(registry().benefits(DAULET)[0].monthly_amount) not in refused.get_data(as_text=True)
    assert session.scalars(select(AuditEvent).where(AuditEvent.detail == "api: payments")).all() == []
    assert session.scalars(select(AuditEvent).where(AuditEvent.action == "refused",
                                                    AuditEvent.detail == "payments: api: payments")).all()


@pytest.mark.parametrize("path", ["/benefits", "/payments"])
def test_the_session_cookie_of_a_carer_without_the_scope_is_refused_too(app, session, demo, carer_of_daulet, path):
    mandate(session, carer_of_daulet, ["view", "requests", "bookings"])
    client = signed_in(app.test_client(), carer_of_daulet)
    refused = client.get(f"{API}{path}?person={DAULET}")
    assert refused.status_code == 403 and codes(refused) == [("forbidden", None)]


@pytest.mark.parametrize("path", ["/benefits", "/payments"])
def test_a_stranger_cannot_tell_a_registered_iin_from_one_nobody_has(client, session, demo, carer_of_daulet, path):
    headers = bearer(session, carer_of_daulet)
    nobody = make_iin(dt.date(1990, 1, 1), "male", 9999)
    assert registry().find_person(nobody) is None
    registered = client.get(f"{API}{path}?person={DAULET}", headers=headers)
    unknown = client.get(f"{API}{path}?person={nobody}", headers=headers)
    assert registered.status_code == unknown.status_code == 403
    assert registered.get_json() == unknown.get_json()


@pytest.mark.parametrize("path", ["/benefits", "/payments"])
def test_without_a_token_or_session_it_is_401(client, demo, path):
    answer = client.get(f"{API}{path}")
    assert answer.status_code == 401 and codes(answer) == [("unauthorised", None)]


def test_the_person_sees_the_carers_read_through_an_app_in_who_has_seen_their_information(app, client, session, demo,
                                                                                          carer_of_daulet):
    mandate(session, carer_of_daulet, ["view", "payments"])
    assert client.get(f"{API}/payments?person={DAULET}", headers=bearer(session, carer_of_daulet)).status_code == 200
    log = signed_in(app.test_client(), DAULET).get("/kk/cabinet/who-looked")
    assert translated("kk", "Viewed the benefits and payments") in main_text(log)


def documented(schema: str):
    """A validator for a schema of the OpenAPI document (jsonschema_rs comes with schemathesis)."""
    return jsonschema_rs.validator_for({"$ref": f"#/components/schemas/{schema}",
                                        "components": {"schemas": document()["components"]["schemas"]}})


def test_the_answers_of_a_benefit_with_payments_a_suspended_one_and_an_estimate_match_the_document(client, session,
                                                                                                   demo):
    # Schemathesis calls every operation as one persona; these reach the other shapes of the answer.
    for iin in (DAULET, AIGERIM, indexed_person(session)):
        headers = bearer(session, iin)
        for path, schema in (("/benefits", "Benefits"), ("/payments", "Payments")):
            answer = client.get(f"{API}{path}", headers=headers).get_json()
            documented(schema).validate(answer)
