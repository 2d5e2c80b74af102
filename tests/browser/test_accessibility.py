"""axe-core over every page in both languages, in its empty, filled and error states: zero
violations allowed (STYLE.md 14)."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from tests.browser.conftest import audit, axe_violations, report, submit

LANGS = ["kk", "ru"]


def test_every_reachable_page_passes_every_check(crawl):
    problems = report(crawl)
    assert not problems, problems


@pytest.mark.parametrize("lang", LANGS)
def test_not_found_page(live_server, driver, lang):
    driver.get(f"{live_server}/{lang}/no-such-page")
    assert driver.find_element(By.TAG_NAME, "h1").text
    audit(driver)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", ["forbidden", "bad", "boom"])
def test_error_pages(live_server, driver, lang, path):
    driver.get(f"{live_server}/{lang}/test-support/{path}")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang
    audit(driver)


@pytest.mark.parametrize("lang", LANGS)
def test_form_components_empty(live_server, driver, lang):
    driver.get(f"{live_server}/{lang}/test-support/form")
    audit(driver)


@pytest.mark.parametrize("lang", LANGS)
def test_form_components_with_errors_focus_the_summary(live_server, driver, lang):
    driver.get(f"{live_server}/{lang}/test-support/form")
    driver.find_element(By.ID, "name").send_keys("Әлия Серікқызы")
    submit(driver)
    summary = driver.find_element(By.CSS_SELECTOR, "[data-error-summary]")
    assert driver.switch_to.active_element == summary
    assert driver.find_element(By.ID, "name").get_attribute("value") == "Әлия Серікқызы"
    audit(driver)


@pytest.mark.parametrize("lang", LANGS)
def test_form_components_filled(live_server, driver, lang):
    driver.get(f"{live_server}/{lang}/test-support/form")
    driver.find_element(By.ID, "name").send_keys("Әлия Серікқызы")
    driver.find_element(By.CSS_SELECTOR, "#region option[value='almaty']").click()
    driver.find_element(By.CSS_SELECTOR, "label[for='contact-0']").click()
    driver.find_element(By.CSS_SELECTOR, "label[for='agree']").click()
    submit(driver)
    assert driver.find_elements(By.CSS_SELECTOR, ".banner--success")
    audit(driver)


@pytest.mark.parametrize("lang", LANGS)
def test_expired_form_page(live_server, driver, lang):
    driver.get(f"{live_server}/{lang}/test-support/form")
    # The token no longer matching the session is what a person meets after their session ends.
    driver.execute_script("document.querySelector('input[name=csrf_token]').value = 'expired';")
    submit(driver)
    link = driver.find_element(By.CSS_SELECTOR, "main a")
    assert link.get_attribute("href").endswith(f"/{lang}/test-support/form")
    audit(driver)


def test_the_audit_fails_when_a_violation_is_introduced(live_server, driver):
    driver.get(f"{live_server}/kk/")
    driver.execute_script(
        "const img = document.createElement('img'); img.src = '/static/img/favicon.svg';"
        "document.querySelector('main').appendChild(img);"
        "document.querySelector('.site-footer__links a').textContent = '';"
    )
    ids = {v["id"] for v in axe_violations(driver)}
    assert {"image-alt", "link-name"} <= ids


# Every page's reflow at 320 CSS px and text spacing: page_problems in conftest.py, on every crawl.


@pytest.mark.parametrize("path", ["/kk/", "/ru/accessibility", "/kk/test-support/form"])
def test_nothing_moves_for_people_who_ask_for_reduced_motion(live_server, driver, path):
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                           {"features": [{"name": "prefers-reduced-motion", "value": "reduce"}]})
    try:
        driver.get(live_server + path)
        assert driver.execute_script("return matchMedia('(prefers-reduced-motion: reduce)').matches")
        moving = driver.execute_script(
            "return Array.from(document.querySelectorAll('*')).filter(e => { const s = getComputedStyle(e);"
            " return s.animationName !== 'none' || parseFloat(s.transitionDuration) > 0"
            " || s.scrollBehavior === 'smooth'; }).map(e => e.outerHTML.slice(0, 80));")
        assert moving == []
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


def test_skip_link_is_the_first_stop_and_moves_to_the_main_content(live_server, driver):
    from selenium.webdriver.common.keys import Keys

    driver.get(f"{live_server}/kk/")
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    first = driver.switch_to.active_element
    assert first.get_attribute("class") == "skip-link" and first.is_displayed()
    first.send_keys(Keys.ENTER)
    assert driver.switch_to.active_element.get_attribute("id") == "main-content"


@pytest.mark.parametrize("lang", LANGS)
def test_the_database_unavailable_page(live_server, driver, lang):
    driver.get(f"{live_server}/{lang}/test-support/database-down")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang
    audit(driver)


@pytest.mark.parametrize("lang", LANGS)
def test_the_too_much_sent_page(live_server, driver, lang):
    for _ in range(2):  # the first visit of the run is let through
        driver.get(f"{live_server}/{lang}/test-support/busy")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang
    assert "Example upload" not in driver.find_element(By.TAG_NAME, "h1").text
    audit(driver)


@pytest.mark.parametrize("lang", LANGS)
def test_the_file_too_large_page(live_server, driver, lang, tmp_path):
    too_large = tmp_path / "scan.pdf"
    too_large.write_bytes(b"%PDF-1.7\n" + b"0" * (12 * 1024 * 1024))
    driver.get(f"{live_server}/{lang}/test-support/upload")
    driver.find_element(By.ID, "file").send_keys(str(too_large))
    submit(driver)
    assert driver.find_element(By.CSS_SELECTOR, "main a").get_attribute("href").endswith(f"/{lang}/test-support/upload")
    audit(driver)
