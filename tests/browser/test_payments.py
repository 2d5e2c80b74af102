"""The benefits and payments page (issue #25) in a real browser, in its states, in both languages.

The persona crawls (test_signed_in.py) reach it from each persona's home page: filled and with
"may be entitled" and the rule of Art. 163 (the wheelchair user), with no benefit of one's own and
what one may ask for (the term ending soon, the deaf person) and a parent's benefit (the parent).
They never show a suspended benefit or someone acting for the person: this file does, and the
statement of benefits received with its check at /verify (issue #25, point 4)."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.wait import WebDriverWait

from portal.demo.personas import AIGERIM, DAULET, IRINA, NURLAN
from tests.browser.conftest import LIVE_APPS, mandate_in_force, page_problems, replaced, report, submit
from tests.browser.test_signed_in import sign_in_as

LANGS = ["kk", "ru"]
# Whom no other browser test signs in as: a mandate left behind changes no other journey.
CARER = NURLAN


def problems_of_payments(driver, base: str, lang: str) -> list[str]:
    driver.get(f"{base}/{lang}/cabinet/payments")
    assert driver.find_elements(By.CSS_SELECTOR, "main h1")
    return page_problems(driver)


@pytest.mark.parametrize("lang", LANGS)
# Filled, the wheelchair user's page, is audited by his crawl (tests/benefits: its 12 payments).
@pytest.mark.parametrize("state, iin", [("suspended", AIGERIM), ("nothing received", IRINA)])
def test_the_payments_page_in_each_state(live_server, driver, lang, state, iin):
    sign_in_as(driver, live_server, iin, lang)
    problems = problems_of_payments(driver, live_server, lang)
    assert problems == [], report({state: problems})
    if state == "suspended":
        assert driver.find_elements(By.CSS_SELECTOR, "main .tag--suspended")


@pytest.fixture
def mandate(live_server):
    """A mandate in force from the wheelchair user to the carer, for payments only; ended after the test."""
    with mandate_in_force(live_server, CARER, DAULET, ["payments"]):
        yield


@pytest.mark.parametrize("lang", LANGS)
def test_a_carer_with_the_payments_scope_sees_the_persons_payments(live_server, driver, mandate, lang):
    sign_in_as(driver, live_server, CARER, lang)
    assert driver.current_url.endswith(f"/{lang}/acting-for")
    driver.find_element(By.CSS_SELECTOR, f"input[value='{DAULET}'] + label").click()
    submit(driver)
    problems = problems_of_payments(driver, live_server, lang)
    assert problems == [], report({"acting for": problems})
    assert driver.find_elements(By.CSS_SELECTOR, ".acting-for")
    assert driver.find_elements(By.CSS_SELECTOR, "main tr.payment")


def statement_made(driver, base: str, lang: str) -> str:
    """The reference of the statement of benefits the signed-in person makes with the payments page's button."""
    driver.get(f"{base}/{lang}/cabinet/payments")
    page = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, "main form[action$='/payments/statements'] button[type=submit]").click()
    WebDriverWait(driver, 10).until(lambda d: replaced(d, page))
    return driver.find_element(By.CSS_SELECTOR, "main .reference").text


def changed_since(base: str, reference: str) -> str:
    """The reference of a copy of the statement `reference` whose payments the registry no longer
    has as it says (one more tenge a month): a statement out of date."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import Statement
    from portal.references import new_reference

    with LIVE_APPS[base].app_context():
        made = db.session.scalar(select(Statement).where(Statement.reference == reference))
        content = {**made.content, "payments": [{**p, "amount": p["amount"] + 1} for p in made.content["payments"]]}
        copy = Statement(reference=new_reference(), iin=made.iin, kind="benefits", content=content)
        db.session.add(copy)
        db.session.commit()
        copied = copy.reference
        db.session.remove()
    return copied


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("state, iin", [("filled", AIGERIM), ("nothing received", IRINA)])
def test_the_statement_of_benefits_and_its_check(live_server, driver, lang, state, iin):
    sign_in_as(driver, live_server, iin, lang)
    reference = statement_made(driver, live_server, lang)
    problems = {f"{state}: statement": page_problems(driver)}
    assert bool(driver.find_elements(By.CSS_SELECTOR, "main tr.payment")) == (state == "filled")
    driver.delete_all_cookies()
    driver.get(f"{live_server}/{lang}/verify?reference={reference}")
    assert driver.find_elements(By.CSS_SELECTOR, ".banner--success")
    problems[f"{state}: genuine"] = page_problems(driver)
    if state == "filled":
        driver.get(f"{live_server}/{lang}/verify?reference={changed_since(live_server, reference)}")
        assert driver.find_elements(By.CSS_SELECTOR, ".banner--info")
        problems[f"{state}: out of date"] = page_problems(driver)
    assert not any(problems.values()), report(problems)
