"""The staff programme list, an item's page and the person's programme page with the department's
follow-up, in a real browser, in every state: the list empty, filled, filtered and with a bad
filter; the item page filled and with errors; the person's page with the sentence (issue #24)."""

from __future__ import annotations

import datetime as dt

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from portal import clock
from tests.browser.conftest import audit, page_problems, submit
from tests.browser.keyboard import Keyboard, link_to, main_submit
from tests.browser.test_signed_in import PEOPLE, sign_in_as

LANGS = ["kk", "ru"]
DAULET = next(p["iin"] for p in PEOPLE if p["surname"] == "Оспанов")  # Astana: his therapy is 45 days late
ITEM = "/staff/programmes/IRP-DEMO-000601/5"


@pytest.fixture
def officer(live_server, driver):
    sign_in_as(driver, live_server, "staff:astana.officer")
    yield driver
    driver.delete_all_cookies()


def look_again_on() -> str:
    return (clock.today() + dt.timedelta(days=7)).strftime("%d.%m.%Y")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("query, rows", [("", True), ("?overdue=30&kind=restorative_therapy&sort=due_latest", True),
                                         ("?kind=sign_language", False)])
def test_the_list_filled_filtered_and_empty(live_server, officer, lang, query, rows):
    officer.get(f"{live_server}/{lang}/staff/programmes/{query}")
    assert bool(officer.find_elements(By.CSS_SELECTOR, f"main a[href$='{ITEM}']")) == rows
    assert bool(officer.find_elements(By.CSS_SELECTOR, "main a[download]")) == rows
    assert page_problems(officer) == []


@pytest.mark.parametrize("lang", LANGS)
def test_a_bad_filter_is_explained(live_server, officer, lang):
    officer.get(f"{live_server}/{lang}/staff/programmes/?overdue=7")
    assert officer.find_elements(By.CSS_SELECTOR, "[data-error-summary]")
    assert officer.title.startswith(("Қате:", "Ошибка:"))
    assert page_problems(officer) == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_item_page_explains_its_errors_and_confirms_a_follow_up(live_server, officer, lang):
    officer.get(f"{live_server}/{lang}{ITEM}")
    assert page_problems(officer) == []
    officer.find_element(By.ID, "note").send_keys("Провайдер обещал в пятницу")
    officer.find_element(By.ID, "next_look_on").send_keys("31.02.2027")
    submit(officer)
    assert officer.switch_to.active_element == officer.find_element(By.CSS_SELECTOR, "[data-error-summary]")
    assert officer.find_element(By.ID, "note").get_attribute("value") == "Провайдер обещал в пятницу"
    assert page_problems(officer) == []
    officer.find_element(By.CSS_SELECTOR, "input[name=action][value=called_provider]").click()
    date = officer.find_element(By.ID, "next_look_on")
    date.clear()
    date.send_keys(look_again_on())
    submit(officer)
    assert officer.find_elements(By.CSS_SELECTOR, ".banner--success")
    assert "Провайдер обещал в пятницу" in officer.find_element(By.ID, "history").find_element(By.XPATH, "..").text
    assert page_problems(officer) == []


@pytest.mark.parametrize("lang", LANGS)
def test_by_keyboard_from_the_list_to_a_recorded_follow_up(live_server, officer, lang):
    officer.get(f"{live_server}/{lang}/staff/programmes/")
    keyboard = Keyboard(officer)
    keyboard.follow(ITEM)
    keyboard.choose("action", "contacted_person")
    keyboard.type_into("next_look_on", look_again_on())
    keyboard.tab_to(main_submit)
    keyboard.new_page(lambda: keyboard.press(Keys.ENTER))
    assert officer.find_elements(By.CSS_SELECTOR, ".banner--success")
    keyboard.tab_to(link_to("/staff/programmes/"))


@pytest.mark.parametrize("lang", LANGS)
def test_the_person_sees_that_the_department_follows_it_up(live_server, driver, lang):
    sign_in_as(driver, live_server, "staff:astana.officer")
    driver.get(f"{live_server}/{lang}{ITEM}")
    driver.find_element(By.CSS_SELECTOR, "input[name=action][value=escalated]").click()
    driver.find_element(By.ID, "note").send_keys("Тек қызметкерлерге")
    driver.find_element(By.ID, "next_look_on").send_keys(look_again_on())
    submit(driver)
    sign_in_as(driver, live_server, DAULET, lang)
    driver.get(f"{live_server}/{lang}/cabinet/programme")
    main = driver.find_element(By.TAG_NAME, "main").text
    assert ("Бөлім мұны бақылауда" if lang == "kk" else "Отдел держит это на контроле") in main
    assert "Тек қызметкерлерге" not in main
    assert page_problems(driver) == []
    audit(driver)
    driver.delete_all_cookies()
