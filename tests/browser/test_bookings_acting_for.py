"""A carer books an interpreter for the deaf person who gave them a mandate, in a real browser:
every booking page in the third person (issue #23, point 1), empty, with errors, filled, booked
and cancelled, in both languages."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select

from tests.browser.conftest import audit, mandate_in_force, submit
from tests.browser.test_bookings import DEAF, weekday_ahead
from tests.browser.test_signed_in import PEOPLE, kinds, sign_in_as

LANGS = ["kk", "ru"]
# A neighbour in Almaty whom no other browser test signs in as.
CARER = next(p["iin"] for p in PEOPLE if p["region"] == "almaty" and "sign_language" not in kinds(p))
NAME = next(f"{p['surname']} {p['given_name']}" for p in PEOPLE if p["iin"] == DEAF)


@pytest.fixture
def mandate(live_server):
    """A mandate in force from the deaf person to the carer, to book; ended after the test."""
    with mandate_in_force(live_server, CARER, DEAF, ["view", "bookings"]):
        yield


@pytest.mark.parametrize("lang", LANGS)
def test_a_carer_books_and_cancels_for_the_person_in_every_state(live_server, driver, mandate, lang):
    sign_in_as(driver, live_server, CARER, lang)
    driver.get(f"{live_server}/{lang}/acting-for")
    driver.find_element(By.CSS_SELECTOR, f"input[value='{DEAF}'] + label").click()
    submit(driver)
    base = f"{live_server}/{lang}/interpreters"
    driver.get(f"{base}/")
    assert driver.find_elements(By.CSS_SELECTOR, ".acting-for")
    audit(driver)  # the person's hours and bookings
    driver.get(f"{base}/free-times?mode=video")
    audit(driver)  # free times
    driver.get(f"{base}/book")
    assert NAME in driver.find_element(By.ID, "sign_language").find_element(By.XPATH, "..").text
    audit(driver)  # the form, asking about the person
    submit(driver)
    assert driver.find_elements(By.CSS_SELECTOR, "[data-error-summary]")
    audit(driver)  # the form, with errors
    driver.find_element(By.CSS_SELECTOR, "label[for='mode-1']").click()  # by video
    driver.find_element(By.ID, "day").send_keys(weekday_ahead(10 if lang == "kk" else 11))
    Select(driver.find_element(By.ID, "time")).select_by_value("15:00")
    driver.find_element(By.CSS_SELECTOR, "label[for='purpose-0']").click()
    submit(driver)
    audit(driver)  # check, filled
    submit(driver)
    assert driver.find_elements(By.CSS_SELECTOR, "[data-error-summary]")
    audit(driver)  # check, without the rule read
    driver.find_element(By.CSS_SELECTOR, "label[for='understood']").click()
    submit(driver)
    assert driver.find_elements(By.CSS_SELECTOR, ".banner--success")
    audit(driver)  # the booking, sent
    reference = driver.current_url.split("/")[-1].split("?")[0]
    driver.get(f"{base}/bookings/{reference}/cancel")
    audit(driver)  # cancel, in time
    submit(driver)
    assert driver.find_elements(By.CSS_SELECTOR, ".banner--success")
    audit(driver)  # cancelled
