"""The open statistics in a real browser, filled: a registry where many figures are large enough to be
shown beside the hidden ones (the demo's few personas give only hidden figures, which the public
crawl audits). Every page in both languages, the indicators' error state, and staff's indicators."""

from __future__ import annotations

import threading

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from werkzeug.serving import make_server

from portal import clock
from portal.demo.staff import load_demo_staff
from portal.extensions import db
from portal.statistics.publish import publish_all
from portal.statistics.tables import COUNT_TABLES
from tests import factories
from portal.display.settings import DisplaySettings
from tests.browser.conftest import audit, page_problems
from tests.browser.keyboard import Keyboard
from tests.browser.test_display import COMBINATIONS, audit_at_7_to_1, choose, overflows_at_320
from tests.browser.test_signed_in import sign_in_as
from tests.conftest import reset_database, support_app
from tests.statistics.population import dense, last_quarter_day, load, people

LANGS = ["kk", "ru"]
ON_TIME = dict(kind="mobility", status="provided", due_date=last_quarter_day(20), completed_on=last_quarter_day(25))


@pytest.fixture(scope="module")
def statistics_server(tmp_path_factory):
    """The portal over a registry of some hundred persons, its statistics published."""
    app = support_app(f"sqlite:///{tmp_path_factory.mktemp('statistics') / 'portal.sqlite3'}",
                      PROPAGATE_EXCEPTIONS=False)
    reset_database(app)
    with app.app_context():
        for region in ("almaty", "astana"):
            dense(db.session, region)
        load(db.session, people(30, region="astana", items=[factories.item(**ON_TIME)]))
        load_demo_staff(db.session)
        publish_all(db.session, clock.today(), clock.utcnow())
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


def shown_figures(driver) -> list[str]:
    return [cell.text for cell in driver.find_elements(By.CSS_SELECTOR, "main td.table__number:not(.table__hidden)")]


@pytest.mark.parametrize("lang", LANGS)
def test_every_statistics_page_filled(statistics_server, driver, lang):
    driver.delete_all_cookies()
    pages = ["/statistics/", "/statistics/indicators", "/statistics/indicators?place=astana",
             "/statistics/open-data", *(f"/statistics/{code}" for code in COUNT_TABLES)]
    problems = {}
    for page in pages:
        driver.get(f"{statistics_server}/{lang}{page}")
        problems[page] = page_problems(driver)
    assert {page: found for page, found in problems.items() if found} == {}
    driver.get(f"{statistics_server}/{lang}/statistics/persons-by-age-sex")
    assert shown_figures(driver), "a dense table shows its figures"
    chart = driver.find_element(By.CSS_SELECTOR, "main figure.chart [role=img]")
    assert chart.get_attribute("aria-labelledby")
    assert driver.find_elements(By.CSS_SELECTOR, "main figure.chart svg rect"), "the chart draws its bars"


@pytest.mark.parametrize("lang", LANGS)
def test_the_indicators_say_what_is_wrong_with_a_choice(statistics_server, driver, lang):
    driver.delete_all_cookies()
    driver.get(f"{statistics_server}/{lang}/statistics/indicators?quarter=1999q9&place=nowhere")
    assert driver.find_elements(By.CSS_SELECTOR, "[data-error-summary]")
    assert page_problems(driver) == []


@pytest.mark.parametrize("lang", LANGS)
def test_staff_see_the_indicators_with_their_bases(statistics_server, driver, lang):
    sign_in_as(driver, statistics_server, "staff:astana.officer")
    try:
        driver.get(f"{statistics_server}/{lang}/staff/indicators/")
        assert driver.find_elements(By.CSS_SELECTOR, "main td .hint"), "each figure with its base"
        assert page_problems(driver) == []
        driver.get(f"{statistics_server}/{lang}/staff/indicators/?quarter=1999q9")
        assert driver.find_elements(By.CSS_SELECTOR, "[data-error-summary]")
        assert page_problems(driver) == []
    finally:
        driver.delete_all_cookies()


@pytest.mark.parametrize(("text", "colours", "spacing"), COMBINATIONS, ids=["-".join(c) for c in COMBINATIONS])
def test_a_chart_in_every_display_setting(statistics_server, driver, text, colours, spacing):
    """The chart and its table keep their contrast (7:1 in high contrast and dark colours) and reflow
    at 320 px in every combination of the display settings."""
    settings = DisplaySettings(text=text, colours=colours, spacing=spacing)
    choose(driver, statistics_server, settings)
    try:
        driver.get(f"{statistics_server}/ru/statistics/persons-by-cause-sex")
        if colours == "standard":
            audit(driver)
        else:
            audit_at_7_to_1(driver, "persons-by-cause-sex")
        assert not overflows_at_320(driver)
    finally:
        driver.delete_all_cookies()


@pytest.mark.parametrize("lang", LANGS)
def test_by_keyboard_alone(statistics_server, driver, lang):
    """A table's page from the list, its wide table scrolled from the keyboard, and a region chosen
    for the indicators: every focus stop visible and in the reading order."""
    driver.delete_all_cookies()
    keyboard = Keyboard(driver)
    driver.get(f"{statistics_server}/{lang}/statistics/")
    keyboard.follow(f"/{lang}/statistics/persons-by-cause-sex")
    region = keyboard.tab_to(lambda stop: "table-scroll" in (stop.get_attribute("class") or ""))
    keyboard.press(Keys.ARROW_RIGHT)  # the region scrolls, the page does not
    assert region.get_attribute("role") == "region"
    driver.get(f"{statistics_server}/{lang}/statistics/indicators")
    keyboard.previous = None
    keyboard.tab_to(lambda stop: stop.get_attribute("id") == "place")
    keyboard.press(Keys.ARROW_DOWN)
    keyboard.continue_()
    assert "place=" in driver.current_url and "/statistics/indicators" in driver.current_url
    assert page_problems(driver) == []
