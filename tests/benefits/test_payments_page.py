"""The page of a person's benefits and payments, /<lang>/cabinet/payments (issue #25, points 2 and
3), as the person and those acting for them see it, in both languages. Amounts are those of the
registry; dates count from portal.clock.today(), so the tests mean the same whatever day they run
(TEST_CLOCK_SHIFT_DAYS included)."""

import json

import pytest
from flask_babel import force_locale

from portal import clock
from portal import vocabulary as v
from portal.benefits import entitlements
from portal.demo.personas import AIGERIM, ARTYOM, DAULET, IRINA, NURISLAM
from portal.i18n import tenge
from portal.models import Mandate
from portal.moments import date as format_date
from portal.registry import registry
from portal.registry.importer import import_people
from portal.registry.rules import months_after
from tests import factories as f
from tests.carers.test_mandates import act_for
from tests.conftest import persona, signed_in
from tests.pagecheck import main_text, text_of, translated
from tests.registry.test_benefits import benefit, payment
from tests.test_queries_per_page import person_client

LANGS = ["kk", "ru"]
PAGE = "/{lang}/cabinet/payments"


def in_words(lang: str, message: str, **values) -> str:
    """A sentence as the page writes it: amounts in tenge and dates in the page's language."""
    with force_locale(lang):
        values = {key: tenge(value) if key in ("amount", "before", "after") else
                  format_date(value) if key == "date" else value for key, value in values.items()}
    return as_shown(translated(lang, message, **values))


def as_shown(text: str) -> str:
    """Text as text_of reads a page: a no-break space between thousands is a space."""
    return " ".join(text.split())


def money(lang: str, amount: int) -> str:
    with force_locale(lang):
        return as_shown(tenge(amount))


def page(client, lang: str):
    response = client.get(PAGE.format(lang=lang))
    assert response.status_code == 200
    return response


def payments_rows(response) -> list[list[str]]:
    return [[text_of(cell) for cell in row] for row in response.doc.findall(".//main//table/tbody/tr")]


def indexed_person(session) -> tuple[str, dict]:
    """A person whose benefit has 14 months of payments, indexed 3 months ago: (IIN, the benefit)."""
    paid = [payment(n, amount=111_872 if n <= 3 else 101_702, account_last4="4821",
                    **({"change_note": "indexation", "previous_amount": 101_702} if n == 3 else {}))
            for n in range(1, 15)]
    received = benefit(payments=paid, monthly_amount=111_872, valid_from=months_after(clock.today(), -30).isoformat())
    record = f.person(benefits=[received])
    assert import_people(session, [json.dumps(record, ensure_ascii=False)]).errors == []
    return record["iin"], received


@pytest.mark.parametrize("lang", LANGS)
def test_the_person_sees_the_amount_12_months_of_payments_and_why_it_changed(app, session, lang):
    iin, received = indexed_person(session)
    response = page(person_client(app, iin), lang)
    text = main_text(response)
    assert translated(lang, "Your benefits and payments") == text_of(response.doc.find(".//h1"))
    assert money(lang, 111_872) in text  # as the registry gives it, never computed
    rows = payments_rows(response)
    assert len(rows) == 12
    newest = months_after(clock.today().replace(day=1), -1)
    with force_locale(lang):
        assert rows[0][0] == format_date(newest, "month")
    assert rows[0][2] == money(lang, 111_872) and rows[-1][2] == money(lang, 101_702)
    # Only the last 4 digits of the account, ever.
    assert all(row[4] == translated(lang, "ending in ••%(digits)s", digits="4821") for row in rows)
    indexed_on = months_after(clock.today().replace(day=1), -3)
    assert in_words(lang, "Indexed on %(date)s: from %(before)s to %(after)s a month.", date=indexed_on,
                    before=101_702, after=111_872) in text
    # The payment day is not known: the page invents none (BENEFITS.md §2.5).
    assert translated(lang, "The amounts are those the payer gives to the central database. The day of the next "
                            "payment is not given there, so this page does not show it.") in text


@pytest.mark.parametrize("lang", LANGS)
def test_a_suspended_benefit_says_why_and_what_restores_it(app, demo, lang):
    response = page(signed_in(app.test_client(), AIGERIM), lang)
    text = main_text(response)
    suspended = next(b for b in registry().benefits(AIGERIM) if b.status == "suspended")
    assert suspended.status_reason == "missed_reexamination"
    with force_locale(lang):
        reason = str(v.BENEFIT_STATUS_REASONS["missed_reexamination"])
    assert in_words(lang, "The payments are suspended from %(date)s. The reason: %(reason)s.",
                    date=suspended.status_since, reason=reason) in text
    what_to_do = translated(lang, 'To restore the payments, a re-examination is needed: ask the polyclinic for a '
                                  'referral to the medical and social expert examination. Once the new decision is in '
                                  'the central database, the payments resume. <a href="%(status)s">See the disability '
                                  'status and its term</a>.', status="")
    assert what_to_do.split("<a")[0].strip() in text
    links = [a.get("href") for a in response.doc.findall(".//main//a")]
    assert f"/{lang}/cabinet/status" in links
    assert translated(lang, "Suspended") in [text_of(t) for t in response.doc.findall(".//main//strong")]


@pytest.mark.parametrize("lang", LANGS)
def test_a_group_i_adult_may_be_entitled_to_the_carers_benefit_with_the_rule_of_article_163(app, demo, lang):
    response = page(signed_in(app.test_client(), DAULET), lang)
    text = main_text(response)
    assert translated(lang, "Benefits you may be entitled to") in [text_of(h) for h in response.doc.findall(".//h2")]
    with force_locale(lang):
        carer = str(v.BENEFIT_KINDS["carer_benefit"])
    assert carer in [text_of(h) for h in response.doc.findall(".//h3")]
    # Unconfirmed (BENEFITS.md §3): "may", never "gives".
    assert translated(lang, "Article %(article)s of the Social Code may give this benefit in this situation. Some of its "
                            "conditions are not confirmed or not recorded in the central database, so it is only a "
                            "possibility.", article="187") in text
    estimate = entitlements.Possible("carer_benefit", "187", "", multiple=entitlements.CARER_MULTIPLE).estimate(
        clock.today())
    if estimate is not None:
        assert in_words(lang, "About %(amount)s a month. This is an estimate from the subsistence minimum of %(year)s, "
                              "not an amount assigned: the payer sets the amount.",
                        amount=estimate, year=clock.today().year) in text
    else:  # a year whose subsistence minimum is not known yet: no estimate at all
        assert translated(lang, "The amount cannot be estimated here: it is set when the benefit is assigned.") in text
    assert translated(lang, "The carer's benefit and an individual assistant exclude each other (Social Code, Article "
                            "163, paragraph 2): while someone receives the benefit for caring for you, you are not "
                            "given an individual assistant. Choose knowingly which one suits you better.") in text
    services = [a for a in response.doc.findall(".//main//a") if a.get("rel") == "external"]
    assert entitlements.SERVICES["carer_benefit"] in [a.get("href") for a in services]


@pytest.mark.parametrize("lang", LANGS)
def test_a_parent_may_be_entitled_to_the_parents_benefit_for_a_named_child(app, demo, lang):
    response = page(signed_in(app.test_client(), IRINA), lang)
    child = registry().find_person(ARTYOM)
    with force_locale(lang):
        heading = translated(lang, "%(benefit)s: for %(name)s", benefit=str(v.BENEFIT_KINDS["parent_benefit"]),
                             name=child.full_name)
    assert heading in [text_of(h) for h in response.doc.findall(".//h3")]
    assert translated(lang, "According to the central database, you receive no benefit at the moment.") in main_text(
        response)


@pytest.mark.parametrize("lang", LANGS)
def test_with_no_benefits_the_page_says_so_and_invents_nothing(app, session, lang):
    record = f.person(decisions=[], programmes=[])
    assert import_people(session, [json.dumps(record, ensure_ascii=False)]).errors == []
    response = page(person_client(app, record["iin"]), lang)
    text = main_text(response)
    assert translated(lang, "According to the central database, you receive no benefit at the moment.") in text
    assert translated(lang, "The central database has no payments of the last 12 months.") in text
    assert response.doc.find(".//main//table") is None
    assert translated(lang, "Benefits you may be entitled to") not in text


@pytest.mark.parametrize("lang", LANGS)
def test_a_parent_sees_the_childs_page_about_the_child(app, demo, lang):
    parent = registry().find_person(NURISLAM).legal_representative_iin
    client = signed_in(app.test_client(), parent)
    act_for(client, NURISLAM, lang)
    response = page(client, lang)
    child = registry().find_person(NURISLAM)
    assert text_of(response.doc.find(".//h1")) == translated(lang, "Benefits and payments: %(name)s",
                                                             name=child.given_name)
    assert translated(lang, "This page is about the money %(name)s receives.", name=child.given_name) in main_text(
        response)
    received = registry().benefits(NURISLAM)[0]
    assert money(lang, received.monthly_amount) in main_text(response)


@pytest.fixture
def carer_of_daulet(demo):
    return persona(demo, lambda p: p["decisions"] and p["iin"] != DAULET and not p["legal_representative_iin"]
                   and p["preferred_language"] == "kk")


@pytest.mark.parametrize("lang", LANGS)
def test_a_carer_with_the_payments_scope_sees_the_page_about_the_person(app, session, demo, carer_of_daulet, lang):
    session.add(Mandate(carer_iin=carer_of_daulet, person_iin=DAULET, scopes=["payments"], starts_on=clock.today(),
                        status="active"))
    session.commit()
    client = signed_in(app.test_client(), carer_of_daulet)
    act_for(client, DAULET, lang)
    response = page(client, lang)
    person = registry().find_person(DAULET)
    name = f"{person.surname} {person.given_name}"
    assert text_of(response.doc.find(".//h1")) == translated(lang, "Benefits and payments: %(name)s", name=name)
    assert translated(lang, "What %(name)s receives now", name=name) in main_text(response)
    assert len(payments_rows(response)) == len(registry().benefits(DAULET)[0].payments)


@pytest.mark.parametrize("lang", LANGS)
def test_a_carer_without_the_payments_scope_is_refused_as_on_other_pages(app, session, demo, carer_of_daulet, lang):
    session.add(Mandate(carer_iin=carer_of_daulet, person_iin=DAULET, scopes=["view", "requests", "bookings"],
                        starts_on=clock.today(), status="active"))
    session.commit()
    client = signed_in(app.test_client(), carer_of_daulet)
    act_for(client, DAULET, lang)
    refused = client.get(PAGE.format(lang=lang))
    assert refused.status_code == 403
    assert text_of(refused.doc.find(".//h1")) == translated(lang, "You cannot do this for this person")
    with force_locale(lang):
        scope = str(v.MANDATE_SCOPES["payments"])
    assert scope in main_text(refused)
    assert money(lang, registry().benefits(DAULET)[0].monthly_amount) not in main_text(refused)
    # The home page does not link to what the mandate does not show.
    home = client.get(f"/{lang}/cabinet/")
    assert f"/{lang}/cabinet/payments" not in [a.get("href") for a in home.doc.findall(".//main//a")]


def test_the_home_page_links_to_the_payments(app, demo):
    home = signed_in(app.test_client(), DAULET).get("/kk/cabinet/")
    assert "/kk/cabinet/payments" in [a.get("href") for a in home.doc.findall(".//main//a")]


def test_a_visitor_not_signed_in_gets_what_the_status_page_gives(client):
    status, payments = client.get("/kk/cabinet/status"), client.get("/kk/cabinet/payments")
    assert payments.status_code == status.status_code == 302
    assert payments.headers["Location"].split("?")[0] == status.headers["Location"].split("?")[0]


def test_a_stranger_acting_for_someone_without_a_mandate_sees_nothing_of_theirs(app, demo, carer_of_daulet):
    client = signed_in(app.test_client(), carer_of_daulet)
    with client.session_transaction() as cookie:
        cookie["acting_for"] = DAULET  # as if it were chosen while a mandate held
    response = client.get("/kk/cabinet/payments")
    assert registry().find_person(DAULET).full_name not in response.get_data(as_text=True)
    assert translated("kk", "Your mandate has ended, so this page shows your own information.") in main_text(response)


@pytest.mark.parametrize("scopes, sees", [(["view"], False), (["view", "payments"], True)])
def test_the_access_log_shows_a_carer_the_reads_of_payments_only_with_the_scope(app, session, demo, carer_of_daulet,
                                                                                scopes, sees):
    page(signed_in(app.test_client(), DAULET), "kk")  # the person reads their payments
    session.add(Mandate(carer_iin=carer_of_daulet, person_iin=DAULET, scopes=scopes, starts_on=clock.today(),
                        status="active"))
    session.commit()
    client = signed_in(app.test_client(), carer_of_daulet)
    act_for(client, DAULET)
    log = client.get("/kk/cabinet/who-looked")
    assert (translated("kk", "Viewed the benefits and payments") in main_text(log)) is sees
