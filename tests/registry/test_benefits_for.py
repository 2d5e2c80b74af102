"""The benefits paid to others for a person (issue #25, point 6): a carer's benefit held by the
carer and a parent's benefit held by a parent name the person cared for, so the registry reads
them backwards, by that person. LocalRegistry in one statement; the registry API lists them
(paged, audited, 400 on a bad IIN, and the same empty list for nobody as for a person without
any); HttpRegistry reads them through it, whichever registry the suite's pass uses."""

import datetime as dt

import pytest
from sqlalchemy import event, select

from portal import clock
from portal.extensions import db
from portal.models import AuditEvent
from portal.registry import registry
from portal.registry.importer import import_people
from portal.registry.records import BenefitHolder
from portal.registry.rules import months_after
from tests import factories as f
from tests.registry.test_benefits import benefit, lines, local_registry

TOKEN = "a-service-token-of-the-benefits-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def this_month() -> dt.date:
    return clock.today().replace(day=1)


def family():
    """A man with group I; his mother receives the carer's benefit for him, and an older one,
    stopped; a brother receives nothing for him. The man's own benefit is his, not for him."""
    cared_for = f.person(given_name="Ержан", benefits=[benefit()])
    carer_benefit = benefit(kind="carer_benefit", for_person_iin=cared_for["iin"], monthly_amount=81871,
                            assigned_on=months_after(this_month(), -6).isoformat(), payments=[])
    stopped = benefit(kind="carer_benefit", for_person_iin=cared_for["iin"], monthly_amount=74427,
                      assigned_on=months_after(this_month(), -30).isoformat(), status="stopped",
                      status_reason="recipient_request", status_since=f.days_from_today(-200))
    mother = f.person(iin=f.iin(dt.date(1961, 6, 5)), surname="Сәрсенова", given_name="Күләш",
                      patronymic="Омарқызы", decisions=[], programmes=[],
                      benefits=[carer_benefit, benefit(kind="local_assistance", payer="local_budget")])
    aunt = f.person(iin=f.iin(dt.date(1958, 3, 2)), surname="Сәрсенова", given_name="Гүлнар", patronymic=None,
                    decisions=[], programmes=[], benefits=[stopped])
    nobody_for = f.person(iin=f.iin(dt.date(1990, 1, 1), "male"), benefits=[benefit()])
    return cared_for, mother, aunt, nobody_for


@pytest.fixture
def loaded(session):
    people = family()
    assert import_people(session, lines(*people)).errors == []
    return people


def test_the_local_registry_reads_them_newest_first_with_their_holders(loaded):
    cared_for, mother, aunt, _ = loaded
    found = local_registry().benefits_for(cared_for["iin"])
    assert [(b.holder, b.benefit.kind, b.benefit.status, b.benefit.monthly_amount) for b in found] == [
        (BenefitHolder(mother["iin"], "Сәрсенова", "Күләш", "Омарқызы"), "carer_benefit", "assigned", 81871),
        (BenefitHolder(aunt["iin"], "Сәрсенова", "Гүлнар", None), "carer_benefit", "stopped", 74427),
    ]
    assert found[0].holder.full_name == "Сәрсенова Күләш Омарқызы"
    assert found[1].benefit.status_reason == "recipient_request"
    assert {b.benefit.for_person_iin for b in found} == {cared_for["iin"]}
    assert all(b.benefit.payments == () for b in found)  # not read: the lookup is about who is paid


def test_nobody_and_a_person_without_such_benefits_both_have_none(loaded):
    _, mother, _, nobody_for = loaded
    assert local_registry().benefits_for(nobody_for["iin"]) == []
    assert local_registry().benefits_for(mother["iin"]) == []  # her own benefits are not for her
    assert local_registry().benefits_for(f.iin(dt.date(1999, 9, 9))) == []


def test_the_local_registry_reads_them_in_one_statement(loaded, session):
    statements = []

    def count(connection, cursor, statement, *args):
        statements.append(statement)

    session.expire_all()
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        found = local_registry().benefits_for(loaded[0]["iin"])
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(found) == 2
    assert len([s for s in statements if not s.startswith("BEGIN")]) == 1


def test_a_persons_own_benefits_without_payments_cost_one_statement(loaded, session):
    """What the staff request page reads of the person's own benefits: no payments."""
    from dataclasses import replace

    iin = loaded[0]["iin"]
    statements = []

    def count(connection, cursor, statement, *args):
        statements.append(statement)

    session.expire_all()
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        found = local_registry().benefits(iin, with_payments=False)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len([s for s in statements if not s.startswith("BEGIN")]) == 1
    assert found == [replace(b, payments=()) for b in local_registry().benefits(iin)] != []
    assert registry().benefits(iin, with_payments=False) == found
    assert local_registry().benefits(f.iin(dt.date(1999, 9, 9)), with_payments=False) is None
    assert local_registry().benefits(loaded[1]["iin"], with_payments=False) != []


def test_the_client_the_app_uses_reads_the_same(loaded):
    """Through HttpRegistry and the registry API on the suite's HTTP pass, LocalRegistry otherwise."""
    cared_for, mother, _, nobody_for = loaded
    for iin in (cared_for["iin"], mother["iin"], nobody_for["iin"], f.iin(dt.date(1999, 9, 9))):
        assert registry().benefits_for(iin) == local_registry().benefits_for(iin)


# The registry API ----------------------------------------------------------------------------------

def get(client, **query):
    return client.get("/registry/v1/benefits", query_string=query, headers=AUTH)


def reads(session) -> list[tuple[str, str, str]]:
    return [(e.actor_service, e.subject_iin, e.detail) for e in session.scalars(
        select(AuditEvent).where(AuditEvent.action == "registry_read").order_by(AuditEvent.id))]


def test_the_registry_api_lists_them_with_their_holders_and_records_the_read(app, client, session, loaded):
    app.config["REGISTRY_API_TOKENS"] = f"carers-tests:{TOKEN}"
    cared_for, mother, aunt, _ = loaded
    assert client.get("/registry/v1/benefits", query_string={"for_person": cared_for["iin"]}).status_code == 401

    answer = get(client, for_person=cared_for["iin"])
    assert answer.status_code == 200 and answer.headers["ETag"]
    items = answer.json["items"]
    assert [item["holder"] for item in items] == [
        {"iin": mother["iin"], "surname": "Сәрсенова", "given_name": "Күләш", "patronymic": "Омарқызы"},
        {"iin": aunt["iin"], "surname": "Сәрсенова", "given_name": "Гүлнар", "patronymic": None},
    ]  # in the order the registry holds them, as every paged list
    assert {key: items[0]["benefit"][key] for key in ("kind", "status", "monthly_amount", "for_person_iin")} == {
        "kind": "carer_benefit", "status": "assigned", "monthly_amount": 81871, "for_person_iin": cared_for["iin"]}
    assert "payments" not in items[0]["benefit"]
    assert answer.json["next"] is None
    assert sorted(reads(session)) == sorted(("carers-tests", iin, "benefits for a person")
                                            for iin in (cared_for["iin"], mother["iin"], aunt["iin"]))

    again = client.get("/registry/v1/benefits", query_string={"for_person": cared_for["iin"]},
                       headers={**AUTH, "If-None-Match": answer.headers["ETag"]})
    assert (again.status_code, again.get_data()) == (304, b"")


def test_the_registry_api_pages_through_them(app, client, loaded):
    app.config["REGISTRY_API_TOKENS"] = f"carers-tests:{TOKEN}"
    first = get(client, for_person=loaded[0]["iin"], limit=1).json
    assert len(first["items"]) == 1 and first["next"]
    second = client.get(first["next"], headers=AUTH).json
    assert [i["holder"]["iin"] for i in first["items"] + second["items"]] == [loaded[1]["iin"], loaded[2]["iin"]]
    assert second["next"] is None


@pytest.mark.parametrize("bad", ["", "123456789012", "not-an-iin", "9201014000000"])
def test_a_bad_iin_is_refused_with_400(app, client, session, loaded, bad):
    app.config["REGISTRY_API_TOKENS"] = f"carers-tests:{TOKEN}"
    answer = get(client, for_person=bad)
    assert answer.status_code == 400
    assert answer.json["errors"][0]["field"] == "for_person"
    assert get(client).status_code == 400  # not said at all
    assert reads(session) == []


def test_nobody_and_a_person_without_such_benefits_answer_the_same(app, client, session, loaded):
    """The answer must not tell whether an IIN is registered: the same empty page, nothing recorded."""
    app.config["REGISTRY_API_TOKENS"] = f"carers-tests:{TOKEN}"
    registered, unknown = loaded[3]["iin"], f.iin(dt.date(1999, 9, 9))
    answers = [get(client, for_person=iin) for iin in (registered, unknown)]
    assert [a.status_code for a in answers] == [200, 200]
    assert answers[0].json == answers[1].json == {"items": [], "next": None}
    assert answers[0].headers["ETag"] == answers[1].headers["ETag"]
    assert reads(session) == []
