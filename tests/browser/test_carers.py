"""Carers in a real browser: choosing whose matters to handle, the banner on every page, the
mandate pages in their empty, error and filled states, and the refusal page, in both languages."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from tests import factories
from tests.browser.conftest import LIVE_APPS, audit, follow, submit
from tests.browser.test_signed_in import PEOPLE, PERSONAS, sign_in_as

LANGS = ["kk", "ru"]
PARENT = next(p["iin"] for p in PEOPLE if not p["decisions"])
CHILD = next(p["iin"] for p in PEOPLE if p["legal_representative_iin"] == PARENT)
ADULT = PERSONAS["term ending soon"]
# A carer no other browser test signs in as, so a mandate left behind changes no other journey.
CARER = next(p["iin"] for p in PEOPLE if p["region"] == "north_kazakhstan")


@pytest.mark.parametrize("lang", LANGS)
def test_a_parent_handles_the_childs_matters(live_server, driver, lang):
    sign_in_as(driver, live_server, PARENT, lang)
    assert driver.current_url.endswith(f"/{lang}/acting-for")
    audit(driver)  # the choice
    driver.find_element(By.CSS_SELECTOR, f"input[value='{CHILD}'] + label").click()
    submit(driver)
    assert driver.find_elements(By.CSS_SELECTOR, ".acting-for")
    audit(driver)  # the child's entitlements, with the banner
    for path in ("cabinet/status", "cabinet/programme", "requests/", "mandates"):
        driver.get(f"{live_server}/{lang}/{path}")
        assert driver.find_elements(By.CSS_SELECTOR, ".acting-for") or path == "mandates"
        audit(driver)


@pytest.mark.parametrize("lang", LANGS)
def test_a_mandate_asked_approved_used_within_its_scope_and_ended(live_server, driver, lang):
    sign_in_as(driver, live_server, CARER, lang)
    driver.get(f"{live_server}/{lang}/mandates/ask")
    audit(driver)  # empty
    submit(driver)
    assert driver.find_elements(By.CSS_SELECTOR, "[data-error-summary]")
    audit(driver)  # errors
    driver.find_element(By.ID, "iin").send_keys(ADULT)
    driver.find_element(By.CSS_SELECTOR, "label[for='scopes-0']").click()  # view only
    submit(driver)
    audit(driver)  # the carer's mandates, one waiting

    sign_in_as(driver, live_server, ADULT, lang)
    driver.get(f"{live_server}/{lang}/mandates")
    audit(driver)  # the person's mandates, one to approve
    follow(driver, driver.find_element(By.CSS_SELECTOR, "form[action$='/approve'] button"))
    assert driver.find_elements(By.CSS_SELECTOR, ".banner--success")

    sign_in_as(driver, live_server, CARER, lang)
    driver.find_element(By.CSS_SELECTOR, f"input[value='{ADULT}'] + label").click()
    submit(driver)
    driver.get(f"{live_server}/{lang}/requests/")
    # Refused: the mandate does not include requests; the page says so and offers to switch.
    assert driver.find_elements(By.CSS_SELECTOR, "main a[href$='/acting-for']")
    assert not driver.find_elements(By.CSS_SELECTOR, "a[href*='/requests/new/']")
    audit(driver)

    sign_in_as(driver, live_server, ADULT, lang)
    driver.get(f"{live_server}/{lang}/mandates")
    follow(driver, driver.find_element(By.CSS_SELECTOR, "form[action$='/end'] button"))
    assert driver.find_elements(By.CSS_SELECTOR, ".banner--success")
    audit(driver)  # ended


# Someone no other browser test asks for a mandate as: the asks below count against their limit only.
ASKER = next(p["iin"] for p in PEOPLE if p["decisions"] and not p["legal_representative_iin"]
             and p["iin"] not in (CARER, ADULT, PARENT))


@pytest.mark.parametrize("lang", LANGS)
def test_the_pause_page_after_too_many_asks_for_a_mandate(live_server, driver, lang):
    app = LIVE_APPS[live_server]
    before, app.config["MANDATE_ASK_LIMIT"] = app.config["MANDATE_ASK_LIMIT"], "1 per day"
    try:
        sign_in_as(driver, live_server, ASKER, lang)
        for _ in range(3):  # the first ask goes through, unless the other language's already did
            driver.get(f"{live_server}/{lang}/mandates/ask")
            driver.find_element(By.ID, "iin").send_keys(factories.iin())
            driver.find_element(By.CSS_SELECTOR, "label[for='scopes-0']").click()
            submit(driver)
            if driver.find_elements(By.CSS_SELECTOR, "main a[href$='/mandates']"):
                break
        assert driver.find_elements(By.CSS_SELECTOR, "main a[href$='/mandates']")
        audit(driver)  # the pause page that speaks of asks
    finally:
        app.config["MANDATE_ASK_LIMIT"] = before


# The guardian a court appointed for her adult son, and the son (issue #22, rule 9).
GUARDIAN = next(p["iin"] for p in PEOPLE if p["iin"] in {q["legal_representative_iin"] for q in PEOPLE
                                                          if q.get("guardianship_court_decision")})
WARD = next(p for p in PEOPLE if p.get("guardianship_court_decision"))


@pytest.mark.parametrize("lang", LANGS)
def test_a_guardian_and_the_adult_she_acts_for(live_server, driver, lang):
    sign_in_as(driver, live_server, GUARDIAN, lang)
    assert driver.current_url.endswith(f"/{lang}/acting-for")
    court_decision = WARD["guardianship_court_decision"]
    assert court_decision in driver.find_element(By.TAG_NAME, "main").text
    audit(driver)  # the choice, naming the court decision
    driver.get(f"{live_server}/{lang}/mandates")
    assert court_decision in driver.find_element(By.TAG_NAME, "main").text
    audit(driver)  # whom she acts for
    sign_in_as(driver, live_server, WARD["iin"], lang)
    driver.get(f"{live_server}/{lang}/mandates")
    assert court_decision in driver.find_element(By.TAG_NAME, "main").text
    audit(driver)  # who acts for him
