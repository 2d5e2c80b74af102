"""Staff and interpreters choosing their own password, and setting up their authenticator app at
the first sign-in, in a real browser: each page empty, with errors and filled in, in both
languages, with axe on every state. Nothing of the demo accounts is changed: they keep the demo
password and authenticator key for the other browser tests."""

from __future__ import annotations

import pyotp
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.wait import WebDriverWait

from portal.auth.passwords import hash_password
from portal.demo.staff import DEMO_STAFF_PASSWORD
from portal.extensions import db
from portal.models import StaffUser
from tests.browser.conftest import LIVE_APPS, audit, submit


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


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_first_sign_in_sets_up_the_authenticator_app_in_every_state(live_server, driver, lang):
    """Issue #26: the set-up page (QR code and the key as text), empty and with a wrong code, then
    the recovery codes, shown once. A new account of the live server's, as an operator makes one."""
    username = f"first.sign-in.{lang}"
    with LIVE_APPS[live_server].app_context():
        db.session.add(StaffUser(username=username, full_name="Сейітова Әсел", region="astana", role="officer",
                                 password_hash=hash_password(DEMO_STAFF_PASSWORD)))
        db.session.commit()
        db.session.remove()
    driver.delete_all_cookies()
    driver.get(f"{live_server}/{lang}/staff/login")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(DEMO_STAFF_PASSWORD)
    submit(driver)
    assert driver.current_url.endswith(f"/{lang}/staff/login/set-up")
    key = driver.find_elements(By.CSS_SELECTOR, "main dd")[2].text.replace(" ", "")
    audit(driver)  # set-up, empty
    driver.find_element(By.ID, "code").send_keys("000000")
    submit(driver)
    assert driver.find_elements(By.CSS_SELECTOR, "[data-error-summary]")
    audit(driver)  # set-up, a wrong code
    driver.find_element(By.ID, "code").clear()  # the wrong code is kept in the field, as typed
    driver.find_element(By.ID, "code").send_keys(pyotp.TOTP(key).now())
    submit(driver)
    assert len(driver.find_elements(By.CSS_SELECTOR, "main ol li")) == 10
    audit(driver)  # the recovery codes
