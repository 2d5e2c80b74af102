"""Staff and interpreters choosing their own password, in a real browser: the page empty, with
errors and filled in, in both languages, with axe on every state. Nothing is saved: the demo
accounts keep the demo password for the other browser tests."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.wait import WebDriverWait

from tests.browser.conftest import audit, submit


@pytest.mark.parametrize("lang", ["kk", "ru"])
@pytest.mark.parametrize("account, home", [("staff:astana.officer", "staff"),
                                           ("interpreter:aizhan.seitkali", "interpreter")])
def test_the_new_password_page_in_every_state(live_server, driver, lang, account, home):
    driver.delete_all_cookies()
    driver.get(f"{live_server}/{lang}/login")
    driver.find_element(By.CSS_SELECTOR, f"button[value='{account}']").click()
    WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith(f"/{lang}/{home}/"))
    driver.get(f"{live_server}/{lang}/{home}/password")
    assert driver.find_element(By.ID, "password").get_attribute("autocomplete") == "new-password"
    audit(driver)  # empty

    driver.find_element(By.ID, "password").send_keys("short")
    driver.find_element(By.ID, "confirm").send_keys("different")
    submit(driver)
    assert len(driver.find_elements(By.CSS_SELECTOR, "[data-error-summary] li")) == 2
    audit(driver)  # errors: too short, not the same

    driver.find_element(By.ID, "password").send_keys("steppe lantern morning tea")
    driver.find_element(By.ID, "confirm").send_keys("steppe lantern morning tea")
    audit(driver)  # filled in, not sent
