"""The audit log's pages in a real browser, in the states the crawls do not reach: the officer's
search with an error and with a person's events (the person's own page is crawled filled)."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from tests.browser.conftest import audit, page_problems, submit
from tests.browser.test_signed_in import PEOPLE, sign_in_as

LANGS = ["kk", "ru"]
ASTANA_PERSON = next(p["iin"] for p in PEOPLE if p["region"] == "astana")  # the officer's region


@pytest.fixture
def officer(live_server, driver):
    """The Astana officer, after the person of Astana signed in (so their log has events)."""
    sign_in_as(driver, live_server, ASTANA_PERSON)
    sign_in_as(driver, live_server, "staff:astana.officer")
    yield driver
    driver.delete_all_cookies()


@pytest.mark.parametrize("lang", LANGS)
def test_a_wrong_iin_is_explained(live_server, officer, lang):
    officer.get(f"{live_server}/{lang}/staff/audit")
    officer.find_element(By.ID, "iin").send_keys("12345")
    submit(officer)
    assert officer.find_elements(By.CSS_SELECTOR, "[data-error-summary]")
    assert page_problems(officer) == []


@pytest.mark.parametrize("lang", LANGS)
def test_a_persons_events_are_a_table(live_server, officer, lang):
    officer.get(f"{live_server}/{lang}/staff/audit")
    officer.find_element(By.ID, "iin").send_keys(ASTANA_PERSON)
    submit(officer)
    assert officer.find_elements(By.CSS_SELECTOR, "main table tbody tr")
    assert page_problems(officer) == []
    audit(officer)
