"""Requests in a real browser: every page of the journey and of the back office in its empty,
error and filled states, in both languages (by keyboard alone: test_journeys.py)."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from sqlalchemy import select

from portal.extensions import db
from portal.models import ServiceRequest
from portal.requests import services as requesting
from tests.browser.conftest import LIVE_APPS, audit, follow, page_problems, second_factor, submit
from tests.browser.test_signed_in import PEOPLE, kinds, sign_in_as

LANGS = ["kk", "ru"]
# Ospanov: a wheelchair and hygiene aids received, so he may ask to replace one; Astana.
REPLACER = next(p["iin"] for p in PEOPLE if "personal_assistant" in kinds(p))


def checked(driver):
    """Axe, what a screen reader is told, and the layout at 320 CSS px (tests/browser/checks.py)."""
    problems = page_problems(driver)
    assert problems == [], problems


def go(driver, url):
    driver.get(url)
    return driver


@pytest.fixture
def picture(tmp_path):
    png = tmp_path / "арба.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    wrong = tmp_path / "notes.txt"
    wrong.write_text("not a picture")
    return png, wrong


@pytest.mark.parametrize("lang", LANGS)
def test_a_replacement_request_in_every_state(live_server, driver, picture, lang):
    png, wrong = picture
    sign_in_as(driver, live_server, REPLACER, lang)
    base = f"{live_server}/{lang}/requests"
    follow(driver, go(driver, f"{base}/").find_element(By.CSS_SELECTOR, "a[href$='/requests/new/aid_replacement']"))
    audit(driver)  # start page
    follow(driver, driver.find_element(By.CSS_SELECTOR, "a.button--start"))
    audit(driver)  # question, empty
    submit(driver)
    assert driver.find_elements(By.CSS_SELECTOR, "[data-error-summary]")
    audit(driver)  # question, error
    driver.find_element(By.CSS_SELECTOR, "label[for='item-0']").click()
    submit(driver)
    driver.find_element(By.CSS_SELECTOR, "label[for='problem-0']").click()  # broken
    submit(driver)
    checked(driver)  # how the department sees it is broken, empty
    submit(driver)
    assert driver.find_elements(By.CSS_SELECTOR, "[data-error-summary]")
    checked(driver)  # how the department sees it is broken, error
    driver.find_element(By.CSS_SELECTOR, "label[for='proof-0']").click()  # a photo now
    submit(driver)
    driver.find_element(By.ID, "evidence").send_keys(str(wrong))
    submit(driver)
    assert driver.find_elements(By.CSS_SELECTOR, "[data-error-summary]")
    audit(driver)  # upload, wrong type
    driver.find_element(By.ID, "evidence").send_keys(str(png))
    submit(driver)
    driver.find_element(By.ID, "note").send_keys("Дөңгелегі сынып қалды.")
    submit(driver)
    audit(driver)  # check answers
    submit(driver)
    assert driver.find_elements(By.CSS_SELECTOR, "[data-error-summary]")
    audit(driver)  # check answers without the declaration
    driver.find_element(By.CSS_SELECTOR, "label[for='declaration']").click()
    submit(driver)
    reference = driver.find_element(By.CSS_SELECTOR, ".panel__reference").text
    audit(driver)  # confirmation
    go(driver, f"{base}/{reference}")
    audit(driver)  # detail
    go(driver, f"{base}/{reference}/cancel")
    audit(driver)  # are you sure
    submit(driver)
    assert driver.find_elements(By.CSS_SELECTOR, ".banner--success")
    audit(driver)  # cancelled


@pytest.mark.parametrize("lang", LANGS)
def test_no_photo_a_document_added_later_and_an_answer_with_files(live_server, driver, picture, lang):
    """Issue #23, point 3: the aid inspected instead of a photo, the request's page with the form
    to add a document (empty, refused, added), and the department's question answered with files."""
    png, wrong = picture
    sign_in_as(driver, live_server, REPLACER, lang)
    base = f"{live_server}/{lang}/requests"
    go(driver, f"{base}/new/aid_replacement/item")
    driver.find_element(By.CSS_SELECTOR, "label[for='item-0']").click()
    submit(driver)
    driver.find_element(By.CSS_SELECTOR, "label[for='problem-0']").click()  # broken
    submit(driver)
    driver.find_element(By.CSS_SELECTOR, "label[for='proof-1']").click()  # ask for an inspection
    submit(driver)
    assert driver.current_url.endswith("/new/aid_replacement/note")  # no photo asked
    submit(driver)
    checked(driver)  # check answers, with the inspection asked
    go(driver, f"{base}/new/aid_replacement/proof?change=1")
    assert driver.find_element(By.ID, "proof-1").is_selected()
    checked(driver)  # how the department sees it is broken, answered
    submit(driver)
    driver.find_element(By.CSS_SELECTOR, "label[for='declaration']").click()
    submit(driver)
    reference = driver.find_element(By.CSS_SELECTOR, ".panel__reference").text
    go(driver, f"{base}/{reference}")
    checked(driver)  # the request, with the empty form to add a document
    driver.find_element(By.ID, "file").send_keys(str(wrong))
    submit(driver)
    assert driver.find_elements(By.CSS_SELECTOR, "[data-error-summary]")
    checked(driver)  # a document of the wrong type
    driver.find_element(By.ID, "file").send_keys(str(png))
    submit(driver)
    assert driver.find_elements(By.CSS_SELECTOR, ".banner--success")
    checked(driver)  # the document added, in the timeline

    app = LIVE_APPS[live_server]
    with app.app_context():
        found = db.session.scalar(select(ServiceRequest).where(ServiceRequest.reference == reference))
        requesting.move(found, "in_review", session=db.session)
        requesting.move(found, "more_info_needed", message="Сериялық нөмірі қандай? Какой серийный номер?",
                        session=db.session)
        db.session.commit()
        db.session.remove()
    go(driver, f"{base}/{reference}")
    checked(driver)  # the department's question, then the answer with files
    driver.find_element(By.ID, "documents").send_keys(str(wrong))
    submit(driver)
    assert driver.find_elements(By.CSS_SELECTOR, "[data-error-summary]")
    checked(driver)  # no answer written, a file of the wrong type
    driver.find_element(By.ID, "reply").send_keys("AB-123")
    driver.find_element(By.ID, "documents").send_keys(str(png))
    submit(driver)
    assert driver.find_elements(By.CSS_SELECTOR, ".banner--success")
    checked(driver)  # answered, with the file in the timeline


@pytest.mark.parametrize("lang", LANGS)
def test_the_back_office_in_every_state(live_server, driver, lang):
    # A request to process: the Astana persona asks for home services.
    sign_in_as(driver, live_server, REPLACER, lang)
    go(driver, f"{live_server}/{lang}/requests/new/home_social_services/help_with")
    driver.find_element(By.CSS_SELECTOR, "label[for='help_with-0']").click()
    submit(driver)
    submit(driver)  # no note
    driver.find_element(By.CSS_SELECTOR, "label[for='declaration']").click()
    submit(driver)
    reference = driver.find_element(By.CSS_SELECTOR, ".panel__reference").text

    driver.delete_all_cookies()
    go(driver, f"{live_server}/{lang}/staff/login")
    audit(driver)  # sign-in, empty
    driver.find_element(By.ID, "username").send_keys("astana.officer")
    driver.find_element(By.ID, "password").send_keys("wrong")
    submit(driver)
    assert driver.find_elements(By.CSS_SELECTOR, "[data-error-summary]")
    audit(driver)  # sign-in, error
    driver.find_element(By.ID, "password").send_keys("qoljetimdi-demo")
    submit(driver)
    # The second factor (issue #26): the app's code and a recovery code, each empty and wrong.
    assert driver.find_element(By.ID, "code").get_attribute("autocomplete") == "one-time-code"
    audit(driver)  # the app's code, empty
    driver.find_element(By.ID, "code").send_keys("000000")
    submit(driver)
    assert driver.find_elements(By.CSS_SELECTOR, "[data-error-summary]")
    audit(driver)  # the app's code, wrong
    follow(driver, driver.find_element(By.CSS_SELECTOR, "main a[href$='/staff/login/recovery-code']"))
    audit(driver)  # a recovery code, empty
    driver.find_element(By.ID, "code").send_keys("abcde-fghjk")
    submit(driver)
    assert driver.find_elements(By.CSS_SELECTOR, "[data-error-summary]")
    audit(driver)  # a recovery code, wrong
    follow(driver, driver.find_element(By.CSS_SELECTOR, "main a[href$='/staff/login/code']"))
    second_factor(driver, live_server, "staff", "astana.officer")
    go(driver, f"{live_server}/{lang}/staff/?kind=home_social_services&status=open&age=any")
    audit(driver)  # queue, filtered
    go(driver, f"{live_server}/{lang}/staff/requests/{reference}")
    audit(driver)  # request, before a decision
    driver.find_element(By.CSS_SELECTOR, "label[for='to-0']").click()  # start the review
    submit(driver)
    assert driver.find_elements(By.CSS_SELECTOR, ".banner--success")
    audit(driver)  # request, updated
    driver.find_element(By.CSS_SELECTOR, "input[value='rejected'] + label").click()
    submit(driver)
    assert driver.find_elements(By.CSS_SELECTOR, "[data-error-summary]")
    audit(driver)  # refusal without a message

    # The demo's request for an individual assistant while the carer's benefit is paid for the
    # person (issue #25, point 6): the benefits, and the notice that the two exclude each other.
    driver.delete_all_cookies()
    go(driver, f"{live_server}/{lang}/staff/login")
    driver.find_element(By.ID, "username").send_keys("shymkent.officer")
    driver.find_element(By.ID, "password").send_keys("qoljetimdi-demo")
    submit(driver)
    second_factor(driver, live_server, "staff", "shymkent.officer")
    go(driver, f"{live_server}/{lang}/staff/?kind=personal_assistant&status=open&age=any")
    follow(driver, driver.find_element(By.CSS_SELECTOR, "main a[href*='/staff/requests/']"))
    assert driver.find_elements(By.CSS_SELECTOR, "main .warning-text")
    assert len(driver.find_elements(By.CSS_SELECTOR, "main table")) == 2
    audit(driver)  # request, with the benefits and the notice


# A work injury whose employer was not found at fault: the state pays, and the voucher is still to come.
SANATORIUM_PERSON = next(p["iin"] for p in PEOPLE if any(d.get("employer_name") and not d.get("employer_at_fault")
                                                         for d in p["decisions"]))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("iin, kind, question", [
    (REPLACER, "personal_assistant", "hours"),
    (REPLACER, "home_social_services", "help_with"),
    (REPLACER, "contact_details", "phone"),
    (SANATORIUM_PERSON, "sanatorium", "season"),
])
def test_each_question_empty_and_with_an_error(live_server, driver, lang, iin, kind, question):
    sign_in_as(driver, live_server, iin, lang)
    go(driver, f"{live_server}/{lang}/requests/new/{kind}/{question}")
    audit(driver)
    submit(driver)
    assert driver.find_elements(By.CSS_SELECTOR, "[data-error-summary]")
    audit(driver)


# A mother acts for her son under 7, whose programme plans a sanatorium voucher: a child may take
# someone along (issue #22, rule 10).
PARENT = next(p["iin"] for p in PEOPLE if not p["decisions"])
CHILD = next(p["iin"] for p in PEOPLE if p["legal_representative_iin"] == PARENT)


@pytest.mark.parametrize("lang", LANGS)
def test_the_companion_question_empty_with_an_error_and_read_back(live_server, driver, lang):
    sign_in_as(driver, live_server, PARENT, lang)
    driver.find_element(By.CSS_SELECTOR, f"input[value='{CHILD}'] + label").click()
    submit(driver)
    go(driver, f"{live_server}/{lang}/requests/new/sanatorium/companion")
    audit(driver)  # empty
    # The field's maxlength stops typing at 150; a browser that ignores it gets the message.
    driver.execute_script("arguments[0].value = arguments[1]", driver.find_element(By.ID, "companion"), "А" * 151)
    submit(driver)
    assert driver.find_elements(By.CSS_SELECTOR, "[data-error-summary]")
    audit(driver)  # too long
    field = driver.find_element(By.ID, "companion")
    field.clear()
    field.send_keys("Сейітова Гүлнар")
    submit(driver)
    go(driver, f"{live_server}/{lang}/requests/new/sanatorium/companion")
    assert driver.find_element(By.ID, "companion").get_attribute("value") == "Сейітова Гүлнар"
    audit(driver)  # filled
