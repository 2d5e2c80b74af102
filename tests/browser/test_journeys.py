"""The main journeys by keyboard alone, in both languages, with JavaScript and without it: sign in,
read status, rights and the programme, submit a request, book and cancel an interpreter, act as a
carer, and process a request in the back office. Every focus stop is checked (keyboard.py), and
every page reached on the way is checked as a screen reader and a 320 px screen meet it."""

from __future__ import annotations

import itertools
import re
from urllib.parse import urlsplit

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.wait import WebDriverWait
from sqlalchemy import select

from portal.extensions import db
from portal.models import ServiceRequest
from portal.requests import services as requesting
from tests.browser.checks import layout_problems, semantics_problems
from tests.browser.conftest import LIVE_APPS, app_code
from tests.browser.keyboard import Keyboard, button_named, main_submit
from tests.browser.test_bookings import weekday_ahead
from tests.browser.test_requests import REPLACER
from tests.browser.test_signed_in import PEOPLE, PERSONAS, PROGRAMME_LIST, programme_filtered
from tests.registry_server import REGISTRY_MODE

LANGS = ["kk", "ru"]
# Over the HTTP registry (the Makefile's second pass) the journeys run once, with JavaScript, and
# check the keyboard's stops but not each page's markup and layout, which the first pass checked and
# which do not depend on where the registry is read. With JavaScript, the browser asks the server
# for everything it asks without, and for the parts htmx fetches too.
OVER_HTTP = REGISTRY_MODE == "http"
MODES = ["with JavaScript"] if OVER_HTTP else ["with JavaScript", "without JavaScript"]
# Each run books its own day, so runs never compete for the same interpreter's time.
DAYS = itertools.count(10)

pytestmark = pytest.mark.journeys


@pytest.fixture(params=MODES)
def browser(request, driver):
    """(the browser, whether it runs the pages' scripts)"""
    javascript = request.param == MODES[0]
    chosen = driver if javascript else request.getfixturevalue("driver_without_javascript")
    chosen.delete_all_cookies()
    yield chosen, javascript
    chosen.delete_all_cookies()


class Journey(Keyboard):
    """A keyboard that also checks every page it arrives at."""

    def __init__(self, driver, base: str, lang: str, javascript: bool):
        super().__init__(driver)
        self.base, self.lang, self.javascript = base, lang, javascript

    def new_page(self, action) -> None:
        super().new_page(action)
        self.check_page()

    def check_page(self) -> None:
        if OVER_HTTP:
            return  # checked in the first pass (see MODES)
        problems = semantics_problems(self.driver, self.lang) + layout_problems(self.driver)
        assert problems == [], f"{self.driver.current_url}: {problems}"

    def open(self, path: str) -> None:
        """Start where a person would: typing an address (or a bookmark)."""
        self.driver.get(f"{self.base}/{self.lang}/{path}")
        self.previous = None
        assert javascript_on(self.driver) == self.javascript
        self.check_page()

    def sign_in_with_demo_button(self, iin: str) -> None:
        self.open("")
        self.follow(f"/{self.lang}/login")
        self.press_button(button_named("persona", iin))

    def at(self, path_end: str) -> bool:
        return urlsplit(self.driver.current_url).path.endswith(path_end)

    def text(self, selector: str) -> str:
        return self.driver.find_element(By.CSS_SELECTOR, selector).text

    def errors_then_fix(self, field_name: str) -> None:
        """After a form comes back with errors the summary has the focus, so a screen reader reads
        it first; its link takes the person to the field."""
        summary = self.driver.find_element(By.CSS_SELECTOR, "[data-error-summary]")
        assert self.focused() == summary
        self.previous = summary
        self.tab_to(lambda e: e.tag_name == "a" and summary in e.find_elements(By.XPATH, "ancestor::*"))
        self.press(Keys.ENTER)
        assert self.focused().get_attribute("name") == field_name
        self.previous = self.focused()


@pytest.fixture
def journey(browser, live_server):
    def start(lang: str) -> Journey:
        driver, javascript = browser
        return Journey(driver, live_server, lang, javascript)
    return start


def javascript_on(driver) -> bool:
    """Whether the page's own scripts ran (htmx defines itself)."""
    return driver.execute_script("return typeof window.htmx !== 'undefined'")



@pytest.mark.parametrize("lang", LANGS)
def test_sign_in_with_the_iin_and_a_code_then_read_status_rights_and_programme(journey, live_server, lang):
    person = PERSONAS["wheelchair user"]
    j = journey(lang)
    j.open("")
    j.follow(f"/{lang}/login")
    j.type_into("iin", person[:-1])  # one digit short
    j.continue_()
    j.errors_then_fix("iin")
    j.press(Keys.END, person[-1])
    j.continue_()
    assert j.driver.find_elements(By.ID, "code")
    LIVE_APPS[live_server].extensions["background"].run_waiting()  # sent after the answer
    sms = LIVE_APPS[live_server].extensions["sms"].sent
    code = re.search(r"\b\d{6}\b", sms[-1][1]).group()
    j.type_into("code", code)
    j.continue_()
    assert j.at(f"/{lang}/cabinet/")

    for page in ("cabinet/status", "cabinet/programme", "rights"):
        j.open("cabinet/")
        j.follow(f"/{lang}/{page}")
        assert j.driver.find_element(By.TAG_NAME, "h1").text

    # The programme's filter: without JavaScript a button sends it; with it the list changes in place,
    # the focus stays on the list box and the new count is announced.
    j.open("cabinet/programme")
    count = j.text("#programme-count")
    if j.javascript:
        count, _ = j.driver.execute_script(PROGRAMME_LIST)  # read as the wait reads it
        j.select("status", "provided")
        # The count comes in htmx's out-of-band swap, which may land a moment before the list does.
        WebDriverWait(j.driver, 10).until(lambda d: programme_filtered(d, count))
        assert j.focused().get_attribute("id") == "status"
        j.check_page()
    else:
        j.select("status", "provided")
        j.press_button(main_submit)
        assert j.text("#programme-count") != count
    assert {t.get_attribute("class") for t in j.driver.find_elements(By.CSS_SELECTOR, "#programme-items .tag")} \
        == {"tag tag--provided"}

    # Back up the page to the header's sign-out button.
    j.tab_to(lambda e: e.tag_name == "button" and "link-button" in (e.get_attribute("class") or ""), backwards=True)
    j.new_page(lambda: j.press(Keys.ENTER))
    assert j.at(f"/{lang}/signed-out")


@pytest.mark.parametrize("lang", LANGS)
def test_submit_a_request_then_the_back_office_processes_it(journey, lang):
    j = journey(lang)
    j.sign_in_with_demo_button(REPLACER)
    j.follow(f"/{lang}/requests/")
    j.follow("/requests/new/home_social_services")
    j.tab_to(lambda e: "button--start" in (e.get_attribute("class") or ""))
    j.new_page(lambda: j.press(Keys.ENTER))
    j.continue_()  # nothing chosen
    j.errors_then_fix("help_with")
    j.press(Keys.SPACE)
    j.continue_()
    j.type_into("note", "Дүйсенбі мен бейсенбі күндері келсе жақсы.")
    j.continue_()
    assert j.at("/check")
    j.tick("declaration")
    j.continue_()
    reference = j.text(".panel__reference")

    j.driver.delete_all_cookies()
    j.open("staff/login")
    j.type_into("username", "astana.officer")
    j.type_into("password", "qoljetimdi-demo")
    j.continue_()
    assert j.at(f"/{lang}/staff/login/code")
    j.type_into("code", app_code(j.base, "staff", "astana.officer"))
    j.continue_()
    assert j.at(f"/{lang}/staff/")
    j.follow(f"/staff/requests/{reference}")
    j.choose("to", "in_review")
    j.continue_()
    assert j.driver.find_elements(By.CSS_SELECTOR, ".banner--success")


@pytest.mark.parametrize("lang", LANGS)
def test_book_an_interpreter_then_cancel(journey, lang):
    j = journey(lang)
    j.sign_in_with_demo_button(PERSONAS["deaf person"])
    j.follow(f"/{lang}/interpreters/")
    j.follow(f"/{lang}/interpreters/book")
    j.choose("mode", "video")
    j.type_into("day", weekday_ahead(next(DAYS)))
    j.choose("purpose", "work")
    j.continue_()
    assert j.at("/book/check")
    j.tick("understood")
    j.continue_()
    assert j.driver.find_elements(By.CSS_SELECTOR, ".banner--success")
    j.follow("/cancel")
    j.continue_()
    assert j.driver.find_elements(By.CSS_SELECTOR, ".banner--success")


@pytest.mark.parametrize("lang", LANGS)
def test_a_parent_acts_for_their_child(journey, lang):
    parent = next(p for p in PEOPLE if not p["decisions"])
    child = next(p for p in PEOPLE if p["legal_representative_iin"] == parent["iin"])
    j = journey(lang)
    j.sign_in_with_demo_button(parent["iin"])
    assert j.at(f"/{lang}/acting-for")
    j.choose("subject", child["iin"])
    j.continue_()
    assert j.driver.find_elements(By.CSS_SELECTOR, ".acting-for")
    for page in ("cabinet/status", "cabinet/programme"):
        j.open("cabinet/")
        j.follow(f"/{lang}/{page}")
        assert child["given_name"] in j.text(".acting-for")


@pytest.mark.parametrize("lang", LANGS)
def test_a_blind_person_asks_for_an_inspection_then_answers_the_department(journey, live_server, lang):
    """Issue #23, point 3: a broken aid asked for by keyboard alone, without a photo; the
    department's question is answered on the request's page."""
    j = journey(lang)
    j.sign_in_with_demo_button(REPLACER)
    j.open("requests/new/aid_replacement/item")
    j.choose("item", j.driver.find_element(By.CSS_SELECTOR, "input[name='item']").get_attribute("value"))
    j.continue_()
    j.choose("problem", "broken")
    j.continue_()
    assert j.at("/new/aid_replacement/proof")
    j.choose("proof", "inspection")
    j.continue_()
    assert j.at("/new/aid_replacement/note")  # no photo asked
    j.continue_()
    j.tick("declaration")
    j.continue_()
    reference = j.text(".panel__reference")

    app = LIVE_APPS[live_server]
    with app.app_context():
        found = db.session.scalar(select(ServiceRequest).where(ServiceRequest.reference == reference))
        requesting.move(found, "in_review", session=db.session)
        requesting.move(found, "more_info_needed", message="Қай күні келуге болады? Когда можно прийти?",
                        session=db.session)
        db.session.commit()
        db.session.remove()
    j.open(f"requests/{reference}")
    j.type_into("reply", "Сәрсенбі, 10:00.")
    j.continue_()
    assert j.driver.find_elements(By.CSS_SELECTOR, ".banner--success")
