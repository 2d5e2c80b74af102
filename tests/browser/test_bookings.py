"""Interpreter bookings in a real browser: every booking, free-times and interpreter page in its
empty, error, filled and released states, in both languages (by keyboard alone: test_journeys.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.wait import WebDriverWait

from sqlalchemy import select

from portal.bookings import services
from portal.bookings.services import now_local
from portal.extensions import db
from portal.models import Booking
from portal.registry import registry
from tests.browser.conftest import LIVE_APPS, audit, follow, submit
from tests.browser.test_signed_in import PERSONAS, sign_in_as

LANGS = ["kk", "ru"]
DEAF = PERSONAS["deaf person"]


def weekday_ahead(weekdays: int) -> str:
    """The `weekdays`-th weekday after today, as typed. Counted in weekdays, so that two tests asking
    for different numbers never get the same day (4 and 5 days ahead of a Tuesday are both Monday)."""
    day = now_local().date()
    while weekdays:
        day += dt.timedelta(days=1)
        weekdays -= day.weekday() < 5
    return day.strftime("%d.%m.%Y")


@pytest.mark.parametrize("lang", LANGS)
def test_booking_in_every_state_then_the_interpreter_accepts(live_server, driver, lang):
    sign_in_as(driver, live_server, DEAF, lang)
    driver.get(f"{live_server}/{lang}/interpreters/free-times?mode=video")
    audit(driver)  # free times, by video
    driver.get(f"{live_server}/{lang}/interpreters/book")
    audit(driver)  # the form, empty
    submit(driver)
    assert driver.find_elements(By.CSS_SELECTOR, "[data-error-summary]")
    audit(driver)  # the form, with errors
    driver.find_element(By.CSS_SELECTOR, "label[for='mode-0']").click()  # in person
    driver.find_element(By.ID, "day").send_keys(weekday_ahead(4 if lang == "kk" else 5))
    Select(driver.find_element(By.ID, "time")).select_by_value("11:00")
    driver.find_element(By.CSS_SELECTOR, "label[for='purpose-0']").click()
    driver.find_element(By.ID, "address").send_keys("Алматы, Төле би көшесі, 20")
    Select(driver.find_element(By.ID, "weeks")).select_by_value("2")
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
    driver.get(f"{live_server}/{lang}/interpreters/bookings/{reference}/cancel")
    audit(driver)  # cancel, in time

    driver.delete_all_cookies()
    driver.get(f"{live_server}/{lang}/interpreter/login")
    audit(driver)  # interpreter sign-in, empty
    submit(driver)
    audit(driver)  # interpreter sign-in, errors
    driver.delete_all_cookies()
    driver.get(f"{live_server}/{lang}/login")
    driver.find_element(By.CSS_SELECTOR, "button[value='interpreter:aizhan.seitkali']").click()
    WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith(f"/{lang}/interpreter/"))
    audit(driver)  # dashboard with offers
    decline = driver.find_elements(By.CSS_SELECTOR, f"a[href$='/bookings/{reference}/decline']")
    if decline:  # Aizhan may not be the one offered; the page is audited either way
        follow(driver, decline[0])
        audit(driver)
        submit(driver)
        assert driver.find_elements(By.CSS_SELECTOR, "[data-error-summary]")
        audit(driver)


@pytest.mark.parametrize("lang", LANGS)
def test_a_date_past_the_horizon_then_a_booking_released_unaccepted(live_server, driver, lang):
    sign_in_as(driver, live_server, DEAF, lang)
    driver.get(f"{live_server}/{lang}/interpreters/book")
    driver.find_element(By.CSS_SELECTOR, "label[for='mode-1']").click()  # by video
    driver.find_element(By.ID, "day").send_keys("28.12.9998")
    Select(driver.find_element(By.ID, "time")).select_by_value("14:00")
    driver.find_element(By.CSS_SELECTOR, "label[for='purpose-1']").click()
    Select(driver.find_element(By.ID, "weeks")).select_by_value("8")
    submit(driver)
    assert driver.find_elements(By.CSS_SELECTOR, "[data-error-summary]")
    audit(driver)  # the form, a date past the booking horizon
    day = driver.find_element(By.ID, "day")
    day.clear()
    day.send_keys(weekday_ahead(8 if lang == "kk" else 9))
    Select(driver.find_element(By.ID, "weeks")).select_by_value("1")
    submit(driver)
    driver.find_element(By.CSS_SELECTOR, "label[for='understood']").click()
    submit(driver)
    reference = driver.current_url.split("/")[-1].split("?")[0]
    with LIVE_APPS[live_server].app_context():
        booking = db.session.scalar(select(Booking).where(Booking.reference == reference))
        services.give_back(db.session, registry(), booking, "released")  # this one alone, as the job would
        db.session.commit()
        db.session.remove()
    driver.get(f"{live_server}/{lang}/interpreters/bookings/{reference}")
    assert driver.find_elements(By.CSS_SELECTOR, ".tag--released")
    audit(driver)  # the booking, released
