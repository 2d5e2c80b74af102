"""The signed-in pages in a real browser: every page each persona can reach, in both languages,
the sign-in states and the filter enhanced by htmx (keyboard journeys: test_journeys.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import url_for
from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.wait import WebDriverWait

from portal import clock
from portal import create_app
from portal.pages.seo import PUBLIC_PAGES
from portal.demo.personas import demo_people
from tests.browser.conftest import LIVE_APPS, PUBLIC_ONLY, audit, crawl_from, report, submit
from tests.pagecheck import translated

LANGS = ["kk", "ru"]


def kinds(person) -> set[str]:
    return {item["kind"] for programme in person["programmes"] for item in programme["items"]}


PEOPLE = demo_people(clock.today())
# A rich programme, a term ending soon with a liquidated employer, and a parent with no decision.
PERSONAS = {
    "wheelchair user": next(p["iin"] for p in PEOPLE if "personal_assistant" in kinds(p)),
    "term ending soon": next(p["iin"] for p in PEOPLE if any(d.get("employer_liquidated") for d in p["decisions"])),
    "parent": next(p["iin"] for p in PEOPLE if not p["decisions"]),
    "deaf person": next(p["iin"] for p in PEOPLE if "sign_language" in kinds(p)),
}


def sign_in_as(driver, base: str, iin: str, lang: str = "kk") -> None:
    driver.delete_all_cookies()
    driver.get(f"{base}/{lang}/login")
    page = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, f"button[name=persona][value='{iin}']").click()
    # A carer lands on the choice of whose matters to handle, demo staff ("staff:astana.officer") on
    # the queue, everyone else on their entitlements.
    WebDriverWait(driver, 10).until(lambda d: any(p in d.current_url for p in ("/cabinet/", "/acting-for", "/staff/"))
                                    and page != d.find_element(By.TAG_NAME, "html"))


def public_pages() -> set[str]:
    """The paths of the pages anyone reaches without signing in (SEO's list), in both languages."""
    app = create_app()
    with app.test_request_context():
        return {url_for(endpoint, lang=lang) for endpoint in PUBLIC_PAGES for lang in LANGS}


@pytest.fixture(scope="session")
def persona_crawls(live_server, driver):
    """{persona: {path: violations}} for every page each persona reaches from the cabinet. The public
    pages differ between personas only in the header's name, so the first persona audits them signed
    in and the others leave them out (the public crawl audits them signed out)."""
    results, public, audited = {}, public_pages(), set()
    for name, iin in PERSONAS.items():
        sign_in_as(driver, live_server, iin)
        results[name] = crawl_from(driver, live_server, ["/kk/cabinet/", "/ru/cabinet/"], PUBLIC_ONLY, audited)
        audited |= public & set(results[name])
    driver.delete_all_cookies()
    return results


def crawl_as(driver, base: str, persona: str, home: str) -> dict[str, list]:
    """Sign in with a demo button "role:username" and crawl from the role's home in both languages."""
    driver.delete_all_cookies()
    driver.get(f"{base}/kk/login")
    page = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, f"button[name=persona][value='{persona}']").click()
    WebDriverWait(driver, 10).until(lambda d: f"/{home}/" in d.current_url and page != d.find_element(By.TAG_NAME, "html"))
    results = crawl_from(driver, base, [f"/kk/{home}/", f"/ru/{home}/"], PUBLIC_ONLY)
    driver.delete_all_cookies()
    return results


@pytest.fixture(scope="session")
def staff_crawl(live_server, driver):
    """Every back-office page a demo officer reaches; {path: violations}."""
    return crawl_as(driver, live_server, "staff:astana.officer", "staff")


@pytest.fixture(scope="session")
def interpreter_crawl(live_server, driver):
    """Every page a demo interpreter reaches; {path: violations}."""
    return crawl_as(driver, live_server, "interpreter:aizhan.seitkali", "interpreter")


def test_every_interpreter_page_has_no_violations(interpreter_crawl):
    problems = report(interpreter_crawl)
    assert not problems, problems


def test_every_back_office_page_has_no_violations(staff_crawl):
    problems = report(staff_crawl)
    assert not problems, problems


@pytest.mark.parametrize("name", PERSONAS)
def test_every_page_a_persona_reaches_has_no_violations(persona_crawls, name):
    problems = report(persona_crawls[name])
    assert not problems, problems


def test_the_crawls_reach_every_page_of_the_portal_in_both_languages(crawl, persona_crawls, staff_crawl,
                                                                    interpreter_crawl):
    # Every GET route that takes only the language is a page someone must be able to reach.
    app = create_app()
    pages = set()
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            # A PDF or a CSV is a file to download, not a page (tests/cabinet/test_documents.py and
            # tests/programmes/ open them).
            if "GET" in rule.methods and rule.arguments == {"lang"} and not rule.rule.endswith((".pdf", ".csv")):
                pages.update(rule.build({"lang": lang})[1] for lang in LANGS)
    reached = set(crawl).union(*persona_crawls.values(), staff_crawl, interpreter_crawl)
    # Pages reached only through a form have their own tests: the code page, the signed-out page,
    # and the booking check page (tests/browser/test_bookings.py); the second factor of staff and
    # interpreters after the password, whose pages are the same for both (the app's code and a
    # recovery code in tests/browser/test_requests.py, the set-up in tests/browser/test_passwords.py).
    second_factor = {f"{role}/login/{page}" for role in ("staff", "interpreter")
                     for page in ("code", "recovery-code", "set-up")}
    reached_only_through_forms = ("login/code", "signed-out", "interpreters/book/check", *second_factor)
    assert pages - {p.split("?")[0] for p in reached} == {f"/{lang}/{p}" for lang in LANGS
                                                          for p in reached_only_through_forms}


@pytest.mark.parametrize("lang", LANGS)
def test_sign_in_with_iin_and_code_in_every_state(live_server, driver, lang):
    driver.delete_all_cookies()
    driver.get(f"{live_server}/{lang}/login")
    driver.find_element(By.ID, "iin").send_keys("780322300455")
    submit(driver)
    assert driver.switch_to.active_element == driver.find_element(By.CSS_SELECTOR, "[data-error-summary]")
    audit(driver)
    field = driver.find_element(By.ID, "iin")
    field.clear()
    field.send_keys(PERSONAS["wheelchair user"])
    submit(driver)
    assert driver.current_url.endswith(f"/{lang}/login/code")
    audit(driver)
    driver.find_element(By.CSS_SELECTOR, "main details summary").click()  # "the code did not come", open
    assert driver.find_element(By.CSS_SELECTOR, "main details").get_attribute("open") is not None
    audit(driver)
    driver.find_element(By.ID, "code").send_keys("12")
    submit(driver)
    audit(driver)


@pytest.mark.parametrize("lang", LANGS)
def test_statement_and_its_check(live_server, driver, lang):
    sign_in_as(driver, live_server, PERSONAS["wheelchair user"], lang)
    driver.get(f"{live_server}/{lang}/cabinet/status")
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    reference = WebDriverWait(driver, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, ".reference")).text
    audit(driver)
    driver.get(f"{live_server}/{lang}/verify?reference={reference}")
    assert driver.find_elements(By.CSS_SELECTOR, ".banner--success")
    audit(driver)
    driver.get(f"{live_server}/{lang}/verify?reference=QJ-2222-3333")
    assert driver.find_elements(By.CSS_SELECTOR, "[data-error-summary]")
    audit(driver)


def out_of_date_statement(base: str, lang: str) -> str:
    """The reference of a statement of a decision that a newer one has replaced, made on its day."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import Statement

    person = next(p for p in PEOPLE if len(p["decisions"]) >= 2)
    older = min(person["decisions"], key=lambda d: d["decision_date"])
    reference = f"QJ-{lang.upper()}AA-2345"
    with LIVE_APPS[base].app_context():
        if db.session.scalar(select(Statement).where(Statement.reference == reference)) is None:
            made = dt.datetime.fromisoformat(older["decision_date"]).replace(hour=6, tzinfo=dt.UTC)
            db.session.add(Statement(reference=reference, iin=person["iin"], decision_number=older["number"],
                                     generated_at=made))
            db.session.commit()
        db.session.remove()
    return reference


@pytest.mark.parametrize("lang", LANGS)
def test_an_out_of_date_statement_and_too_many_checks(live_server, driver, lang):
    driver.delete_all_cookies()
    driver.get(f"{live_server}/{lang}/verify?reference={out_of_date_statement(live_server, lang)}")
    assert driver.find_elements(By.CSS_SELECTOR, ".banner--info")
    audit(driver)
    app = LIVE_APPS[live_server]
    app.config["VERIFY_LIMIT"] = "1 per day"  # for this test only: the checks above used it up
    try:
        driver.get(f"{live_server}/{lang}/verify?reference=QJ-2222-3333")
        driver.get(f"{live_server}/{lang}/verify?reference=QJ-2222-3334")
        with app.app_context():
            paused = translated(lang, "Too many checks in a short time")
        assert driver.find_element(By.TAG_NAME, "h1").text == paused
        audit(driver)
    finally:
        app.config["VERIFY_LIMIT"] = "60 per hour"


@pytest.mark.parametrize("lang", LANGS)
def test_the_session_warning_and_sign_out_pages(live_server, driver, lang):
    sign_in_as(driver, live_server, PERSONAS["parent"], lang)
    driver.get(f"{live_server}/{lang}/cabinet/")
    driver.execute_script("document.getElementById('session-warning').hidden = false;")
    audit(driver)
    # The session's absolute end two minutes away: portal.js, run again with that, says so.
    driver.get(f"{live_server}/{lang}/cabinet/")
    driver.execute_script(
        "document.getElementById('session-warning').setAttribute('data-ends-in-seconds', '120');"
        "var again = document.createElement('script');"
        "again.src = document.querySelector('script[src*=\"/js/portal.\"]').src;"
        "document.body.appendChild(again);")
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "session-ending-text").is_displayed())
    warning = driver.find_element(By.ID, "session-warning")
    assert driver.switch_to.active_element == warning
    assert warning.get_attribute("aria-describedby") == "session-ending-text"
    assert not driver.find_element(By.ID, "session-warning-text").is_displayed()
    assert not driver.find_element(By.CSS_SELECTOR, "[data-session-extend]").is_displayed()
    audit(driver)
    driver.find_element(By.CSS_SELECTOR, ".account-links button").click()
    WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith(f"/{lang}/signed-out"))
    audit(driver)


PROGRAMME_LIST = """return [document.getElementById('programme-count').innerText,
    [...document.querySelectorAll('#programme-items .tag')].map(t => t.className)]"""


def programme_filtered(driver, count_before):
    """The count has changed and the list shows provided items only. Read in one script, so that
    no element can be swapped out between two reads."""
    count, tags = driver.execute_script(PROGRAMME_LIST)
    return count != count_before and set(tags) == {"tag tag--provided"}


@pytest.mark.parametrize("lang", LANGS)
def test_the_filter_updates_the_list_in_place_and_says_so(live_server, driver, lang):
    sign_in_as(driver, live_server, PERSONAS["wheelchair user"], lang)
    driver.get(f"{live_server}/{lang}/cabinet/programme")
    count = driver.find_element(By.ID, "programme-count")
    before, _ = driver.execute_script(PROGRAMME_LIST)
    select = driver.find_element(By.ID, "status")
    select.click()
    Select(select).select_by_value("provided")
    WebDriverWait(driver, 10).until(lambda d: programme_filtered(d, before))
    assert driver.find_element(By.ID, "programme-count") == count  # the same live region, announced
    assert driver.switch_to.active_element == driver.find_element(By.ID, "status")
    WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith("status=provided"))  # pushed after the swap
    tags = {t.get_attribute("class") for t in driver.find_elements(By.CSS_SELECTOR, "#programme-items .tag")}
    assert tags == {"tag tag--provided"}
    audit(driver)
