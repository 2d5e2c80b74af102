"""Benefits and their payments in the registry (issue #25, point 1): the importer validates and
replaces them, the local registry reads them in a fixed number of queries. Dates count from
portal.clock.today(), so the records mean the same whatever day the suite runs."""

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from portal import clock
from portal.models import Benefit, Payment, Person
from portal.registry.importer import import_people
from portal.registry.rules import months_after
from tests import factories as f


def this_month() -> dt.date:
    return clock.today().replace(day=1)


def payment(months_ago: int = 1, **overrides) -> dict:
    month = months_after(this_month(), -months_ago)
    values = {"month": month.isoformat(), "amount": 89498, "paid_on": month.replace(day=10).isoformat(),
              "account_last4": "4821"}
    return {**values, **overrides}


def benefit(payments=None, **overrides) -> dict:
    """A disability benefit of group II, assigned two years ago, with its last 3 months paid."""
    start = months_after(this_month(), -24)
    values = {
        "kind": "disability_benefit",
        "legal_basis": "Social Code Art. 177",
        "assigned_on": (start + dt.timedelta(days=9)).isoformat(),
        "valid_from": start.isoformat(),
        "valid_until": None,
        "monthly_amount": 89498,
        "status": "assigned",
        "assigned_by": "Алматы қаласы бойынша әлеуметтік қорғау саласындағы реттеу және бақылау департаменті",
        "payer": "state_corporation",
        "payments": [payment(n) for n in (1, 2, 3)] if payments is None else payments,
    }
    return {**values, **overrides}


def lines(*records) -> list[str]:
    return [json.dumps(r, ensure_ascii=False) for r in records]


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_a_person_with_benefits_and_payments_loads(session):
    mother = f.person(decisions=[], programmes=[])
    child = f.person(iin=f.iin(months_after(clock.today(), -40)), legal_representative_iin=mother["iin"],
                     decisions=[], programmes=[], benefits=[benefit(monthly_amount=81871)])
    mother["benefits"] = [benefit(kind="parent_benefit", for_person_iin=child["iin"], monthly_amount=81871)]
    report = import_people(session, lines(child | {"legal_representative_iin": None}, mother))
    assert report.errors == []
    stored = session.scalar(select(Person).where(Person.iin == mother["iin"]))
    parent_benefit = session.scalar(select(Benefit).where(Benefit.person_id == stored.id))
    assert parent_benefit.for_person.iin == child["iin"]
    assert [p.month for p in parent_benefit.payments] == [months_after(this_month(), -n) for n in (1, 2, 3)]
    assert count(session, Payment) == 6


BAD_BENEFITS = [
    (benefit(kind="pension"), "benefits[0].kind: unknown code 'pension'"),
    (benefit(monthly_amount=0), "benefits[0].monthly_amount: must be at least 1"),
    (benefit(monthly_amount="89 498"), "benefits[0].monthly_amount: must be a whole number"),
    (benefit(legal_basis=" "), "benefits[0].legal_basis: is required"),
    (benefit(assigned_by=None), "benefits[0].assigned_by: is required"),
    (benefit(payer="bank"), "benefits[0].payer: unknown code 'bank'"),
    (benefit(valid_from="2025-13-01"), "benefits[0].valid_from: '2025-13-01' is not a real date"),
    (benefit(valid_until=f.days_from_today(-800)), "benefits[0].valid_until: is before valid_from"),
    (benefit(status="paused"), "benefits[0].status: unknown code 'paused'"),
    (benefit(status="suspended", status_since=f.days_from_today(-30)),
     "benefits[0].status_reason: is required when the status is suspended"),
    (benefit(status="stopped", status_reason="death"), "benefits[0].status_since: is required when the status is stopped"),
    (benefit(status_reason="term_ended"), "benefits[0].status_reason: must be empty while the benefit is assigned"),
    (benefit(status="suspended", status_reason="holiday", status_since=f.days_from_today(-30)),
     "benefits[0].status_reason: unknown code 'holiday'"),
    (benefit(kind="carer_benefit"), "benefits[0].for_person_iin: is required for carer_benefit"),
    (benefit(for_person_iin=f.iin()), "benefits[0].for_person_iin: is set only for carer_benefit and parent_benefit"),
    (benefit(kind="carer_benefit", for_person_iin="780322300455"),
     "benefits[0].for_person_iin: '780322300455' is not a valid IIN (wrong check digit)"),
    (benefit(bank="Kaspi"), "benefits[0].bank: unknown field"),
    (benefit(payments={}), "benefits[0].payments: must be a list"),
    (benefit(payments=[payment(amount=0)]), "benefits[0].payments[0].amount: must be at least 1"),
    (benefit(payments=[payment(amount=-93058)]), "benefits[0].payments[0].amount: must be at least 1"),
    (benefit(payments=[payment(month=months_after(this_month(), -2).replace(day=15).isoformat())]),
     "benefits[0].payments[0].month: must be the first day of the month it pays for"),
    (benefit(payments=[payment(account_last4="KZ12345678901234")]),
     "benefits[0].payments[0].account_last4: must be the last 4 digits of the account"),
    (benefit(payments=[payment(account_last4="48a1")]), "benefits[0].payments[0].account_last4: must be the last 4 digits"),
    (benefit(payments=[payment(account_last4=4821)]), "benefits[0].payments[0].account_last4: must be a string"),
    (benefit(payments=[payment(paid_on=None)]), "benefits[0].payments[0].paid_on: is required"),
    (benefit(payments=[payment(paid_on=months_after(this_month(), -3).isoformat())]),
     "benefits[0].payments[0].paid_on: is before the month it pays for"),
    (benefit(payments=[payment(30)]), "benefits[0].payments[0].month: is before the benefit's valid_from"),
    (benefit(payments=[payment(change_note="bonus")]), "benefits[0].payments[0].change_note: unknown code 'bonus'"),
    (benefit(payments=[payment(previous_amount=81362)]),
     "benefits[0].payments[0].previous_amount: is given only with a change_note"),
    (benefit(payments=[payment(1), payment(1)]), "benefits[0].payments: month"),
    (benefit(payments=[payment(tip=1)]), "benefits[0].payments[0].tip: unknown field"),
]


@pytest.mark.parametrize(("bad", "reason"), BAD_BENEFITS, ids=[reason for _, reason in BAD_BENEFITS])
def test_each_bad_benefit_or_payment_is_reported_with_its_line(session, bad, reason):
    report = import_people(session, lines(f.person(), f.person(benefits=[benefit(), bad]), f.person()))
    assert report.created == 2
    assert len(report.errors) == 1
    line_no, message = report.errors[0]
    assert line_no == 2
    assert reason.replace("benefits[0]", "benefits[1]") in message
    assert count(session, Benefit) == 0  # the whole line is rolled back


def test_a_parents_benefit_may_name_a_child_whose_line_comes_later(session):
    mother = f.person(decisions=[], programmes=[])
    child = f.person(iin=f.iin(months_after(clock.today(), -40)), legal_representative_iin=mother["iin"],
                     decisions=[], programmes=[])
    mother["benefits"] = [benefit(kind="parent_benefit", for_person_iin=child["iin"], monthly_amount=81871)]
    report = import_people(session, lines(mother, child))
    assert (report.created, report.errors) == (2, [])
    assert session.scalar(select(Benefit)).for_person.iin == child["iin"]

    again = import_people(session, lines(mother, child))
    assert (again.unchanged, again.updated, again.errors) == (2, 0, [])


def test_a_benefit_for_nobody_is_reported_with_its_line_and_the_person_still_loads(session):
    nobody = f.iin()
    carer = f.person(benefits=[benefit(), benefit(kind="carer_benefit", for_person_iin=nobody)])
    report = import_people(session, lines(f.person(), carer, f.person()))
    assert report.created == 3
    assert report.errors == [(2, f"benefits[1].for_person_iin: no person with IIN {nobody} in the registry or in this file")]
    assert count(session, Benefit) == 0


def test_a_full_account_number_is_never_repeated_in_the_error(session):
    report = import_people(session, lines(f.person(benefits=[benefit(payments=[payment(account_last4="KZ86125KZT5004100100")])])))
    assert "KZ86125KZT5004100100" not in report.errors[0][1]


def test_importing_again_replaces_the_benefits_and_moves_updated_at_only_when_they_change(session):
    person = f.person(benefits=[benefit(), benefit(kind="injury_insurance", payer="insurer", monthly_amount=154500,
                                                   legal_basis="Law No. 30 of 07.02.2005", payments=[])])
    assert import_people(session, lines(person)).created == 1
    stored = session.scalar(select(Person).where(Person.iin == person["iin"]))
    long_ago = stored.updated_at - dt.timedelta(days=3)
    stored.updated_at = long_ago
    session.commit()

    again = import_people(session, lines(person))
    assert (again.unchanged, stored.updated_at) == (1, long_ago)

    indexed = payment(0, amount=98448, change_note="indexation", previous_amount=89498)
    changed = dict(person, benefits=[benefit(payments=[indexed, payment(1)])])
    assert import_people(session, lines(changed)).updated == 1
    assert stored.updated_at > long_ago
    assert count(session, Benefit) == 1
    assert [(p.amount, p.change_note, p.previous_amount) for p in session.scalars(select(Payment).order_by(Payment.month))] \
        == [(89498, None, None), (98448, "indexation", 89498)]

    without_key = {k: x for k, x in person.items() if k != "benefits"}
    assert import_people(session, lines(without_key)).errors == []
    assert count(session, Benefit) == 1  # a line without "benefits" leaves them as they are


# Reading them ---------------------------------------------------------------------------------

def local_registry():
    """The registry tables themselves, whichever registry the suite's pass reads (TEST_REGISTRY)."""
    from portal.extensions import db
    from portal.registry.local import LocalRegistry

    return LocalRegistry(lambda: db.session)


def test_benefits_read_newest_first_with_payments_newest_first(session):
    cared_for = f.person(decisions=[], programmes=[])
    older = benefit(assigned_on=months_after(this_month(), -23).isoformat(), payments=[payment(n) for n in (2, 1, 3)])
    newer = benefit(kind="carer_benefit", for_person_iin=cared_for["iin"], monthly_amount=81871,
                    assigned_on=months_after(this_month(), -6).isoformat(),
                    valid_from=months_after(this_month(), -6).isoformat(), payments=[payment(1, amount=81871)])
    suspended = benefit(kind="working_capacity_loss", payer="social_insurance_fund", status="suspended",
                        status_reason="missed_reexamination", status_since=f.days_from_today(-20),
                        assigned_on=months_after(this_month(), -12).isoformat(), payments=[])
    person = f.person(benefits=[older, newer, suspended])
    load = import_people(session, lines(cared_for, person, f.person(benefits=[benefit()])))
    assert load.errors == []

    found = local_registry().benefits(person["iin"])
    assert [b.kind for b in found] == ["carer_benefit", "working_capacity_loss", "disability_benefit"]
    assert found[0].for_person_iin == cared_for["iin"]
    assert (found[1].status, found[1].status_reason, found[1].payments) == ("suspended", "missed_reexamination", ())
    assert [p.month for p in found[2].payments] == [months_after(this_month(), -n) for n in (1, 2, 3)]
    assert found[2].last_payment.account_last4 == "4821"


def test_nobody_has_no_benefits_and_a_person_without_any_has_an_empty_list(session):
    person = f.person()
    import_people(session, lines(person))
    assert local_registry().benefits(person["iin"]) == []
    assert local_registry().benefits("920809410432") is None


def test_payments_are_read_for_the_last_24_months(session):
    person = f.person(benefits=[benefit(valid_from=months_after(this_month(), -40).isoformat(),
                                        payments=[payment(n) for n in range(1, 37)])])
    import_people(session, lines(person))
    file = local_registry().benefits_file(person["iin"])
    assert file.payments_since == months_after(this_month(), -24)
    assert [p.month for p in file.benefits[0].payments] == [months_after(this_month(), -n) for n in range(1, 25)]


def test_benefits_cost_two_queries_for_3_payments_as_for_300(session):
    from sqlalchemy import event

    from portal.extensions import db

    few = f.person(benefits=[benefit()])
    many = f.person(benefits=[benefit(kind="local_assistance", payer="local_budget", legal_basis=f"Maslikhat decision {n}",
                                      payments=[payment(m) for m in range(1, 21)]) for n in range(15)])
    import_people(session, lines(few, many))

    def queries_for(iin):
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            session.expire_all()
            found = local_registry().benefits(iin)
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return sum(len(b.payments) for b in found), len([s for s in statements if not s.startswith("BEGIN")])

    assert queries_for(few["iin"]) == (3, 2)
    assert queries_for(many["iin"]) == (300, 2)


# The registry API and HttpRegistry ----------------------------------------------------------------

TOKEN = "a-service-token-of-the-benefit-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def test_the_registry_api_answers_a_persons_benefits_with_an_etag_and_records_the_read(app, client, session):
    from portal.models import AuditEvent

    app.config["REGISTRY_API_TOKENS"] = f"payments-tests:{TOKEN}"
    person = f.person(benefits=[benefit()])
    import_people(session, lines(person, f.person()))
    path = f"/registry/v1/persons/{person['iin']}/benefits"

    assert client.get(path).status_code == 401
    assert client.get(path, headers={"Authorization": "Bearer wrong"}).status_code == 401
    answer = client.get(path, headers=AUTH)
    assert answer.status_code == 200
    body = answer.json
    assert (body["iin"], body["payments_since"]) == (person["iin"], months_after(this_month(), -24).isoformat())
    (sent,) = body["benefits"]
    assert {key: sent[key] for key in ("kind", "monthly_amount", "status", "payer", "for_person_iin")} \
        == {"kind": "disability_benefit", "monthly_amount": 89498, "status": "assigned", "payer": "state_corporation",
            "for_person_iin": None}
    assert sent["payments"][0] == {**payment(1), "change_note": None, "previous_amount": None}

    again = client.get(path, headers={**AUTH, "If-None-Match": answer.headers["ETag"]})
    assert (again.status_code, again.get_data()) == (304, b"")
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == "registry_read")).all()
    assert [(e.actor_service, e.subject_iin, e.detail) for e in events] == [("payments-tests", person["iin"], "benefits")] * 2

    changed = dict(person, benefits=[benefit(monthly_amount=98448)])
    assert import_people(session, lines(changed)).updated == 1
    assert client.get(path, headers={**AUTH, "If-None-Match": answer.headers["ETag"]}).status_code == 200

    for nobody in (f.iin(), "123456789012", "not-an-iin"):
        assert client.get(f"/registry/v1/persons/{nobody}/benefits", headers=AUTH).status_code == 404


def test_changes_list_a_person_whose_benefit_changed(app, client, session):
    app.config["REGISTRY_API_TOKENS"] = f"payments-tests:{TOKEN}"
    person, other = f.person(benefits=[benefit()]), f.person()
    import_people(session, lines(person, other))
    for stored in session.scalars(select(Person)):
        stored.updated_at = stored.updated_at - dt.timedelta(days=2)
    session.commit()
    since = clock.utcnow() - dt.timedelta(hours=1)

    paid = dict(person, benefits=[benefit(payments=[payment(0), *benefit()["payments"]])])
    assert import_people(session, lines(paid, other)).updated == 1
    changes = client.get("/registry/v1/changes", query_string={"since": since.isoformat()}, headers=AUTH).json
    assert [row["iin"] for row in changes["items"]] == [person["iin"]]


def test_the_http_registry_reads_benefits_and_falls_back_on_its_copy(database_url, registry_server):
    from portal import create_app
    from portal.extensions import db
    from portal.models import RegistryCopy
    from portal.registry import registry
    from portal.registry.freshness import copy_as_of

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, **registry_server.portal_config(REGISTRY_RETRIES=1)})
    with app.app_context():
        try:
            person = f.person(benefits=[benefit(), benefit(kind="injury_insurance", payer="insurer",
                                                           monthly_amount=154500, legal_basis="Law No. 30 of 07.02.2005")])
            assert import_people(db.session, lines(person)).errors == []
            remote = registry()
            read = remote.benefits(person["iin"])
            assert read == local_registry().benefits(person["iin"]) != []
            assert remote.benefits(f.iin()) is None
            db.session.commit()
            assert db.session.get(RegistryCopy, f"/persons/{person['iin']}/benefits").etag

            remote.cache.clear()
            registry_server.stop()
            try:
                assert remote.benefits(person["iin"]) == read
                assert copy_as_of() is not None  # the page will say "as of"
            finally:
                registry_server.start()

            # A changed benefit is fetched again by the refresh of copies (flask registry refresh).
            since = clock.utcnow()
            changed = dict(person, benefits=[benefit(monthly_amount=98448)])
            assert import_people(db.session, lines(changed)).updated == 1
            assert remote.refresh_copies(since) >= 1
            db.session.commit()
            db.session.expire_all()
            kept = db.session.get(RegistryCopy, f"/persons/{person['iin']}/benefits").body
            assert [b["monthly_amount"] for b in kept["benefits"]] == [98448]
        finally:
            db.session.remove()
            db.engine.dispose()


# The demo personas ---------------------------------------------------------------------------------

def test_the_demo_personas_benefits_load_and_agree_with_their_files(demo):
    from portal.demo.personas import DAULET, NURISLAM, YERZHAN

    registry = local_registry()
    every = {iin: registry.benefits(iin) for iin in demo}
    kinds = {iin: {b.kind for b in benefits} for iin, benefits in every.items()}
    assert "disability_benefit" in kinds[DAULET] and "disability_benefit" in kinds[NURISLAM]
    assert any({"injury_insurance", "disability_benefit"} <= found for found in kinds.values())

    # The carer's benefit is paid for exactly the persons the registry marks carer_allowance_paid.
    cared_for = {b.for_person_iin for benefits in every.values() for b in benefits if b.kind == "carer_benefit"}
    assert cared_for == {iin for iin, record in demo.items() if record.get("carer_allowance_paid")} == {YERZHAN}
    parents = [(iin, b.for_person_iin) for iin, benefits in every.items() for b in benefits if b.kind == "parent_benefit"]
    assert parents == [(demo[NURISLAM]["legal_representative_iin"], NURISLAM)]

    # One benefit suspended because the person was not examined again when the term ended.
    suspended = [(iin, b) for iin, benefits in every.items() for b in benefits if b.status == "suspended"]
    assert [b.status_reason for _, b in suspended] == ["missed_reexamination"]
    (iin, _), = suspended
    assert registry.person_file(iin).term_ended_on(clock.today()) is not None

    for benefits in every.values():
        for b in benefits:
            assert 0 < len(b.payments) <= 12
            assert all(p.paid_on <= clock.today() and p.month.day == 1 for p in b.payments)
            for newer, older in zip(b.payments, b.payments[1:]):
                if newer.amount != older.amount:
                    assert (newer.change_note, newer.previous_amount) != (None, None)
                    assert newer.previous_amount == older.amount
