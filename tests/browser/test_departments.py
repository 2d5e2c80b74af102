"""A department's details in a real browser, in the states the crawls do not reach: the officer's
form with errors, and the list after a change (the crawl opens the form filled), and the contacts
page with a region chosen by a visitor."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.wait import WebDriverWait

from tests.browser.conftest import page_problems, submit
from tests.browser.test_signed_in import sign_in_as

LANGS = ["kk", "ru"]


@pytest.fixture
def officer(live_server, driver):
    sign_in_as(driver, live_server, "staff:astana.officer")
    yield driver
    driver.delete_all_cookies()


def open_the_form(driver, live_server, lang):
    driver.get(f"{live_server}/{lang}/staff/departments/")
    driver.find_element(By.CSS_SELECTOR, "main a[href*='/staff/departments/']").click()
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "phone"))


@pytest.mark.parametrize("lang", LANGS)
def test_the_form_explains_its_errors_and_the_list_confirms_a_change(live_server, officer, lang):
    open_the_form(officer, live_server, lang)
    phone = officer.find_element(By.ID, "phone")
    phone.clear()
    phone.send_keys("ask at reception")
    submit(officer)
    assert officer.find_elements(By.CSS_SELECTOR, "[data-error-summary]")
    assert page_problems(officer) == []
    phone = officer.find_element(By.ID, "phone")
    phone.clear()
    phone.send_keys("+7 7172 00 00 01")
    submit(officer)
    assert "done=" in officer.current_url and officer.find_elements(By.CSS_SELECTOR, ".banner--success")
    assert page_problems(officer) == []


@pytest.mark.parametrize("lang", LANGS)
def test_a_visitor_chooses_a_region_and_sees_its_departments(live_server, driver, lang):
    driver.delete_all_cookies()
    driver.get(f"{live_server}/{lang}/contacts")
    assert not driver.find_elements(By.CSS_SELECTOR, ".contact-card")
    driver.find_element(By.CSS_SELECTOR, "#region option[value='pavlodar']").click()
    page = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, "form.filter button[type=submit]").click()
    WebDriverWait(driver, 10).until(lambda d: page != d.find_element(By.TAG_NAME, "html"))
    assert driver.find_elements(By.CSS_SELECTOR, ".contact-card")
    assert page_problems(driver) == []
