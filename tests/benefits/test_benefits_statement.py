"""The statement of benefits received (issue #25, point 4): made from the payments page, of the 12
whole months before this one, as a page and a tagged PDF in the person's language, checkable at
/verify, which says when the registry no longer says what the statement does. Dates count from
portal.clock.today(), so the tests mean the same whatever day they run."""

import datetime as dt
import json

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from portal import clock
from portal.benefits import statement as benefit_statements
from portal.benefits.statement import BenefitsStated
from portal.demo.personas import DAULET
from portal.models import AuditEvent, Mandate, Statement
from portal.moments import date as format_date
from portal.registry import registry
from portal.registry.importer import import_people
from portal.registry.records import BenefitRecord, PaymentRecord, PersonRecord
from portal.registry.rules import months_after
from tests import factories as f
from tests.benefits.test_payments_page import as_shown, carer_of_daulet, money  # noqa: F401 (a fixture)
from tests.cabinet.test_documents import assert_accessible, links_of, opened, text_of as pdf_text
from tests.carers.test_mandates import act_for
from tests.conftest import csrf_token, signed_in
from tests.pagecheck import main_text, text_of, translated
from tests.registry.test_benefits import benefit, payment
from tests.test_queries_per_page import person_client

LANGS = ["kk", "ru"]
HEADING = "Statement of benefits received"
GENUINE = "This statement is genuine"
OUT_OF_DATE = "This statement is out of date"
CHANGED = ("The statement was genuine when it was made, on %(made)s. Since then, what the central database says "
           "of the person's benefits has changed: an amount, a payment or a benefit's status.")
# 14 months paid: 101,702 ₸, then 111,872 ₸ from 3 months ago (indexed); 12 of them in the statement.
OLD, NEW = 101_702, 111_872
TOTAL = 9 * OLD + 3 * NEW


def record_paid(amounts: dict[int, int] | None = None, **person) -> dict:
    """A person whose benefit paid each of the last 14 months, indexed 3 months ago; `amounts` sets
    the amount of some months (months ago: amount), as a payer's correction would."""
    amounts = amounts or {}
    paid = [payment(n, amount=amounts.get(n, NEW if n <= 3 else OLD),
                    **({"change_note": "indexation", "previous_amount": OLD} if n == 3 else {}))
            for n in range(1, 15)]
    received = benefit(payments=paid, monthly_amount=NEW, valid_from=months_after(clock.today(), -30).isoformat())
    return f.person(benefits=[received], **person)


def load(session, record: dict) -> str:
    assert import_people(session, [json.dumps(record, ensure_ascii=False)]).errors == []
    return record["iin"]


def made(client, lang: str = "kk") -> str:
    """The reference of a statement of benefits the signed-in client makes with the payments page's button."""
    response = client.post(f"/{lang}/cabinet/payments/statements",
                           data={"csrf_token": csrf_token(client, f"/{lang}/cabinet/payments")})
    assert response.status_code == 302
    page, reference = response.headers["Location"].rsplit("/", 1)
    assert page == f"/{lang}/cabinet/payments/statements"
    return reference


def month_words(lang: str, month: dt.date) -> str:
    with force_locale(lang):
        return as_shown(format_date(month, "month"))


def covered(lang: str) -> str:
    this_month = clock.today().replace(day=1)
    return as_shown(translated(lang, "From %(first)s to %(last)s", first=month_words(lang, months_after(this_month, -12)),
                               last=month_words(lang, months_after(this_month, -1))))


# The statement ------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_the_person_gets_a_statement_of_the_12_whole_months_before_this_one(app, session, lang):
    client = person_client(app, load(session, record_paid()))
    offered = client.get(f"/{lang}/cabinet/payments")
    assert translated(lang, "Get a statement of benefits") in main_text(offered)
    reference = made(client, lang)
    page = client.get(f"/{lang}/cabinet/payments/statements/{reference}")
    assert page.status_code == 200
    assert text_of(page.doc.find(".//h1")) == translated(lang, HEADING)
    text = main_text(page)
    assert covered(lang) in text
    assert reference in text
    rows = [[text_of(cell) for cell in row] for row in page.doc.findall(".//main//table/tbody/tr")]
    assert len(rows) == 12  # 13 and 14 months ago are before the months covered
    assert rows[0][0] == month_words(lang, months_after(clock.today().replace(day=1), -1))
    assert [row[2] for row in rows] == [money(lang, NEW)] * 3 + [money(lang, OLD)] * 9
    assert as_shown(translated(lang, "In total, %(amount)s was paid in the months covered.",
                               amount=money(lang, TOTAL))) in text
    links = {a.get("href"): "".join(a.itertext()) for a in page.doc.iterfind(".//main//a")}
    assert links[f"/{lang}/cabinet/payments/statements/{reference}.pdf"] == translated(
        lang, "Download the statement as PDF")


@pytest.mark.parametrize("lang", LANGS)
def test_the_pdf_says_what_the_page_says_and_leads_to_its_check(app, session, lang):
    client = person_client(app, load(session, record_paid()))
    reference = made(client, lang)
    response = client.get(f"/{lang}/cabinet/payments/statements/{reference}.pdf")
    assert response.headers["Content-Disposition"] == f'attachment; filename="{reference}.pdf"'
    reader = opened(response)
    assert_accessible(reader, lang, translated(lang, HEADING))
    text = pdf_text(reader)
    for said in (translated(lang, HEADING), reference, covered(lang), money(lang, TOTAL)):
        assert said in text, said
    check = f"{app.config['PUBLIC_BASE_URL']}/{lang}/verify?reference={reference}"
    assert set(links_of(reader)) == {check}
    checked = client.get(check.removeprefix(app.config["PUBLIC_BASE_URL"]))
    assert translated(lang, GENUINE) in main_text(checked)


@pytest.mark.parametrize("lang", LANGS)
def test_with_no_benefit_the_statement_says_none_was_paid(app, session, lang):
    record = f.person()
    client = person_client(app, load(session, record))
    reference = made(client, lang)
    text = main_text(client.get(f"/{lang}/cabinet/payments/statements/{reference}"))
    name = registry().find_person(record["iin"]).full_name
    this_month = clock.today().replace(day=1)
    with force_locale(lang):
        today = format_date(clock.today())
    assert as_shown(translated(
        lang, "According to the central database, %(name)s received no benefit from %(first)s to %(last)s, and on "
              "%(date)s had no benefit assigned.", name=name, date=today,
        first=month_words(lang, months_after(this_month, -12)), last=month_words(lang, months_after(this_month, -1)))) in text
    checked = main_text(app.test_client().get(f"/{lang}/verify?reference={reference}"))
    assert translated(lang, GENUINE) in checked
    assert translated(lang, "None assigned, none paid") in checked


# Its check at /verify -----------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_verify_shows_what_the_statement_says_until_the_registry_says_otherwise(app, session, lang):
    record = record_paid()
    reference = made(person_client(app, load(session, record)), lang)
    checking = app.test_client()
    genuine = main_text(checking.get(f"/{lang}/verify?reference={reference}"))
    assert translated(lang, GENUINE) in genuine
    assert as_shown(translated(lang, "%(amount)s a month; %(paid)s paid in the months covered",
                               amount=money(lang, NEW), paid=money(lang, TOTAL))) in genuine
    assert covered(lang) in genuine

    # This month's payment arrives: the statement covers whole months before it, and still holds.
    record["benefits"][0]["payments"].insert(0, payment(0, amount=NEW))
    load(session, record)
    assert translated(lang, GENUINE) in main_text(checking.get(f"/{lang}/verify?reference={reference}"))

    # The payer corrects a month the statement covers: it no longer says what the registry does.
    record["benefits"][0]["payments"][5]["amount"] = OLD + 1000
    load(session, record)
    out_of_date = main_text(checking.get(f"/{lang}/verify?reference={reference}"))
    assert translated(lang, OUT_OF_DATE) in out_of_date
    made_on = session.scalar(select(Statement.generated_at).where(Statement.reference == reference))
    with force_locale(lang):
        assert as_shown(translated(lang, CHANGED, made=format_date(made_on))) in out_of_date
    assert money(lang, TOTAL) in out_of_date  # what the statement showed, not what the registry says now


def test_a_suspended_benefit_makes_the_statement_out_of_date(app, session):
    record = record_paid()
    reference = made(person_client(app, load(session, record)))
    record["benefits"][0].update(status="suspended", status_reason="missed_reexamination",
                                 status_since=clock.today().replace(day=1).isoformat())
    load(session, record)
    assert translated("kk", OUT_OF_DATE) in main_text(app.test_client().get(f"/kk/verify?reference={reference}"))


def test_checks_are_recorded_once_a_day_as_checks_of_a_statement_of_benefits(app, session):
    record = record_paid()
    reference = made(person_client(app, load(session, record)))
    for _ in range(3):
        app.test_client().get(f"/kk/verify?reference={reference}")
    events = session.scalars(select(AuditEvent.action).where(AuditEvent.subject_iin == record["iin"],
                                                             AuditEvent.detail == reference)).all()
    assert sorted(events) == ["benefits_statement_created", "benefits_statement_verified"]


# Who may make and read it -------------------------------------------------------------------------

def test_a_carer_with_the_payments_scope_makes_it_and_is_named_as_its_maker(app, session, demo, carer_of_daulet):
    session.add(Mandate(carer_iin=carer_of_daulet, person_iin=DAULET, scopes=["payments"], starts_on=clock.today(),
                        status="active"))
    session.commit()
    client = signed_in(app.test_client(), carer_of_daulet)
    act_for(client, DAULET)
    reference = made(client)
    assert registry().find_person(DAULET).full_name in main_text(client.get(f"/kk/cabinet/payments/statements/{reference}"))
    maker = session.scalar(select(AuditEvent.actor_iin).where(AuditEvent.action == "benefits_statement_created",
                                                             AuditEvent.detail == reference))
    assert maker == carer_of_daulet


def test_a_carer_without_the_payments_scope_can_neither_make_nor_read_it(app, session, demo, carer_of_daulet):
    reference = made(signed_in(app.test_client(), DAULET))
    session.add(Mandate(carer_iin=carer_of_daulet, person_iin=DAULET, scopes=["view", "requests"],
                        starts_on=clock.today(), status="active"))
    session.commit()
    client = signed_in(app.test_client(), carer_of_daulet)
    act_for(client, DAULET)
    token = csrf_token(client, "/kk/cabinet/")
    assert client.post("/kk/cabinet/payments/statements", data={"csrf_token": token}).status_code == 403
    for address in (f"/kk/cabinet/payments/statements/{reference}", f"/kk/cabinet/payments/statements/{reference}.pdf"):
        refused = client.get(address)
        assert refused.status_code == 403
        assert reference not in main_text(refused)


def test_someone_else_gets_no_statement_by_its_reference(app, session, demo, carer_of_daulet):
    reference = made(signed_in(app.test_client(), DAULET))
    stranger = signed_in(app.test_client(), carer_of_daulet)
    assert stranger.get(f"/kk/cabinet/payments/statements/{reference}").status_code == 404
    assert stranger.get(f"/kk/cabinet/payments/statements/{reference}.pdf").status_code == 404


def test_a_statement_of_status_is_not_read_as_one_of_benefits(app, session, demo):
    client = signed_in(app.test_client(), DAULET)
    made_status = client.post("/kk/cabinet/statements", data={"csrf_token": csrf_token(client, "/kk/cabinet/status")})
    reference = made_status.headers["Location"].rsplit("/", 1)[1]
    assert client.get(f"/kk/cabinet/payments/statements/{reference}").status_code == 404


# What it says, as rules -------------------------------------------------------------------------

def a_benefit(status: str = "assigned", months_paid=(1, 2), **overrides) -> BenefitRecord:
    this_month = clock.today().replace(day=1)
    paid = tuple(PaymentRecord(months_after(this_month, -n), 50_000, months_after(this_month, -n).replace(day=10),
                               "4821", None, None) for n in months_paid)
    values = dict(kind="disability_benefit", legal_basis="Social Code Art. 177", assigned_on=dt.date(2020, 1, 10),
                  valid_from=dt.date(2020, 1, 1), valid_until=None, monthly_amount=50_000, status=status,
                  status_reason=None if status == "assigned" else "missed_reexamination", status_since=None,
                  assigned_by="Department", payer="state_corporation", for_person_iin=None, payments=paid)
    return BenefitRecord(**{**values, **overrides})


def test_a_benefit_stopped_before_the_months_covered_is_left_out_and_a_suspended_one_kept():
    first, last = benefit_statements.months_covered(clock.today())
    stopped = a_benefit("stopped", months_paid=(14, 15))
    suspended = a_benefit("suspended", months_paid=())
    stopped_in_them = a_benefit("stopped", months_paid=(11,))
    said = benefit_statements.stated([stopped, suspended, stopped_in_them], {}, first, last)
    assert [b.status for b in said.benefits] == ["suspended", "stopped"]
    assert [(p.benefit, p.amount) for p in said.payments] == [(1, 50_000)]


def test_what_it_says_survives_its_keeping_and_a_name_corrected_changes_nothing():
    first, last = benefit_statements.months_covered(clock.today())
    child = PersonRecord(iin=f.iin(dt.date(2020, 1, 1)), surname="Ахметова", given_name="Айя", patronymic=None,
                         birth_date=dt.date(2020, 1, 1), sex="female", region="almaty_city", phone=None, preferred_language="kk",
                         legal_representative_iin=None, guardianship_court_decision=None, carer_allowance_paid=False)
    cared = a_benefit(kind="parent_benefit", for_person_iin=child.iin)
    said = benefit_statements.stated([cared], {child.iin: child}, first, last)
    assert said.benefits[0].for_person == child.full_name
    assert BenefitsStated.from_json(json.loads(json.dumps(said.to_json()))) == said
    renamed = benefit_statements.stated([cared], {}, first, last)
    assert said.same_money(renamed)
    assert not said.same_money(benefit_statements.stated([a_benefit(monthly_amount=51_000)], {}, first, last))
