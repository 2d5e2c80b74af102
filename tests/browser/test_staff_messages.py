"""The back office's message templates in a real browser (issue #23, point 12): the request page
with the templates offered, filled from one, and with a refusal whose reason was not written, in
both languages; and filling works with JavaScript off."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from tests.browser.conftest import follow, page_problems, second_factor, submit
from tests.browser.test_requests import REPLACER, go
from tests.browser.test_signed_in import sign_in_as

LANGS = ["kk", "ru"]


def request_in_review(driver, base: str, lang: str) -> str:
    """A request sent by the Astana persona, taken into review by the Astana officer; its reference."""
    sign_in_as(driver, base, REPLACER, lang)
    go(driver, f"{base}/{lang}/requests/new/home_social_services/help_with")
    driver.find_element(By.CSS_SELECTOR, "label[for='help_with-0']").click()
    submit(driver)
    submit(driver)  # no note
    driver.find_element(By.CSS_SELECTOR, "label[for='declaration']").click()
    submit(driver)
    reference = driver.find_element(By.CSS_SELECTOR, ".panel__reference").text
    driver.delete_all_cookies()
    go(driver, f"{base}/{lang}/staff/login")
    driver.find_element(By.ID, "username").send_keys("astana.officer")
    driver.find_element(By.ID, "password").send_keys("qoljetimdi-demo")
    submit(driver)
    second_factor(driver, base, "staff", "astana.officer")
    go(driver, f"{base}/{lang}/staff/requests/{reference}")
    driver.find_element(By.CSS_SELECTOR, "input[value='in_review'] + label").click()
    submit(driver)
    return reference


def template_link(driver, code: str):
    return driver.find_element(By.CSS_SELECTOR, f"ul[aria-labelledby='message-templates'] a[href*='template={code}']")


@pytest.mark.parametrize("lang", LANGS)
def test_the_request_page_with_templates_filled_and_a_gap_left(live_server, driver, lang):
    request_in_review(driver, live_server, lang)
    assert driver.find_elements(By.CSS_SELECTOR, "ul[aria-labelledby='message-templates'] a")
    assert page_problems(driver) == []  # in review, the templates offered
    follow(driver, template_link(driver, "refused"))
    box = driver.find_element(By.ID, "message")
    assert "[…]" in box.get_attribute("value")
    assert box.get_attribute("lang") == "kk"  # the Astana persona reads Kazakh, whatever the officer's pages
    assert driver.find_element(By.CSS_SELECTOR, "input[value='rejected']").is_selected()
    assert page_problems(driver) == []  # filled from a template
    submit(driver)
    assert driver.find_elements(By.CSS_SELECTOR, "[data-error-summary]")
    assert page_problems(driver) == []  # the reason not written


def test_a_template_fills_the_message_without_javascript(live_server, driver, driver_without_javascript):
    reference = request_in_review(driver, live_server, "ru")
    cookies = driver.get_cookies()
    plain = driver_without_javascript
    go(plain, f"{live_server}/ru/staff/login")
    plain.delete_all_cookies()
    for cookie in cookies:
        plain.add_cookie({key: cookie[key] for key in ("name", "value", "path") if key in cookie})
    go(plain, f"{live_server}/ru/staff/requests/{reference}")
    follow(plain, template_link(plain, "photo_of_the_aid"))
    assert reference in plain.find_element(By.ID, "message").get_attribute("value")
