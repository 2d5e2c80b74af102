"""API tokens in a real browser: the settings page empty, with an error, showing a new token once,
listing it, and after revoking it, in both languages, with axe on every state."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.wait import WebDriverWait

from tests.browser.conftest import audit, follow
from tests.browser.test_signed_in import PEOPLE, PERSONAS, sign_in_as

LANGS = ["kk", "ru"]
# A person no other browser test signs in as, so the tokens left behind change no other journey.
PERSON = next(p["iin"] for p in PEOPLE if p["region"] == "kostanay")
assert PERSON not in PERSONAS.values()


def make_token(driver):
    follow(driver, driver.find_element(By.CSS_SELECTOR, "form.token-form button[type=submit]"))


def overflows(driver) -> bool:
    return driver.execute_script("return document.documentElement.scrollWidth > document.documentElement.clientWidth")


@pytest.mark.parametrize("lang", LANGS)
def test_a_token_made_shown_once_listed_and_revoked(live_server, driver, lang):
    sign_in_as(driver, live_server, PERSON, lang)
    follow(driver, driver.find_element(By.CSS_SELECTOR, "main a[href$='/account/tokens']"))
    assert driver.current_url.endswith(f"/{lang}/account/tokens")
    assert not driver.find_elements(By.CSS_SELECTOR, "#your-tokens + ul .item")
    audit(driver)  # empty

    make_token(driver)
    assert driver.switch_to.active_element == driver.find_element(By.CSS_SELECTOR, "[data-error-summary]")
    audit(driver)  # error: no name

    driver.find_element(By.ID, "name").send_keys("Телефон")
    make_token(driver)
    secret = driver.find_element(By.ID, "new-token").text
    assert secret.startswith("qj_")
    copy = driver.find_element(By.CSS_SELECTOR, "[data-copy='new-token']")
    assert copy.is_displayed()  # portal.js offers to copy it
    audit(driver)  # the new token, shown once

    # The long token wraps rather than scrolling sideways at 320 CSS px (WCAG 1.4.10).
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 320, "height": 800, "deviceScaleFactor": 1, "mobile": False})
    try:
        assert not overflows(driver)
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

    # Opened again: the secret was in the answer to the form only, kept nowhere (not in the cookie).
    driver.get(driver.current_url)
    assert not driver.find_elements(By.ID, "new-token")
    assert secret not in driver.page_source
    assert secret[:10] + "…" in driver.find_element(By.ID, "main-content").text
    audit(driver)  # the list with a token

    follow(driver, driver.find_element(By.CSS_SELECTOR, "form[action$='/revoke'] button"))
    assert driver.find_elements(By.CSS_SELECTOR, ".banner--success")
    assert secret[:10] not in driver.find_element(By.ID, "main-content").text
    WebDriverWait(driver, 5).until(lambda d: d.current_url.endswith("?done=revoked"))
    audit(driver)  # revoked, the list empty again


@pytest.mark.parametrize("lang", LANGS)
def test_how_the_department_should_contact_the_person_in_every_state(live_server, driver, lang):
    """Issue #23, point 12: the page empty, with an error, and saved, in both languages."""
    sign_in_as(driver, live_server, PERSON, lang)
    follow(driver, driver.find_element(By.CSS_SELECTOR, "main a[href$='/account/contact']"))
    assert driver.current_url.endswith(f"/{lang}/account/contact")
    audit(driver)  # as the registry has it
    # A value no option has, as a changed page would send: the page explains it.
    driver.execute_script("document.querySelector('input[name=language]:checked').value = 'en';")
    follow(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert driver.switch_to.active_element == driver.find_element(By.CSS_SELECTOR, "[data-error-summary]")
    audit(driver)  # error
    driver.find_element(By.CSS_SELECTOR, "input[name=language][value=ru] + label").click()
    driver.find_element(By.CSS_SELECTOR, "input[name=needs][value=no_calls] + label").click()
    follow(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert driver.current_url.endswith("?done=saved")
    assert driver.find_elements(By.CSS_SELECTOR, ".banner--success")
    audit(driver)  # saved
