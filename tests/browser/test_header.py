"""The header on a phone at large text (issue #23, point 6), in a real browser.

The phone is 375 × 667 CSS px (iPhone SE, 2nd and 3rd generation, and most small Android phones):
the narrowest common width, and the shortest common screen, so a third of it (222 px) is the
strictest budget; a taller phone (375 × 812) has room to spare. With every display setting, in both
languages, signed out and signed in, the header takes at most a third of that first screen, the page
never scrolls sideways (at 375 and 320 px), and no word is broken across lines that would have fitted
on a line of its own. Words longer than a line may break: with a hyphen where the browser has a
dictionary for the page's language (hyphens: auto), at the edge of the line where it has none.
The menu is a <details>: it opens and closes from the keyboard, with and without JavaScript; on a
wide screen its links show in the header row and nothing hidden can take focus.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from portal.display.settings import CHOICES, DisplaySettings
from tests.browser.checks import accessibility_tree, properties, value
from tests.browser.conftest import audit
from tests.browser.test_signed_in import PERSONAS, sign_in_as

LANGS = ["kk", "ru"]
PHONE = (375, 667)
NARROWEST = 320
# Every combination: colours change no size today, but a border or an underline added to a scheme
# one day would, and the 18 combinations cost a few seconds.
COMBINATIONS = [DisplaySettings(text=t, colours=c, spacing=s) for t, c, s in itertools.product(*CHOICES.values())]
# Long words in both languages: the home page, the rights (the longest text), and, signed in, the
# first page of the cabinet with the whole menu.
SIGNED_OUT_PAGES = ["/{lang}/", "/{lang}/rights"]
SIGNED_IN_PAGES = ["/{lang}/cabinet/"]
MENU = {"kk": "Мәзір", "ru": "Меню"}
BROKEN_WORDS = (Path(__file__).parent / "broken_words.js").read_text()


def viewport(driver, width: int, height: int) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})


def with_settings(driver, base: str, settings: DisplaySettings) -> None:
    driver.delete_cookie("display")
    if not settings.is_standard:
        driver.add_cookie({"name": "display", "value": settings.cookie_value(), "path": "/", "httpOnly": True,
                           "sameSite": "Lax"})


def header_problems(driver, base: str, paths: list[str], settings: DisplaySettings) -> list[str]:
    """What is wrong with the header and the words of each page at 375 × 667, and at 320 px wide."""
    problems = []
    width, height = PHONE
    for lang, path in itertools.product(LANGS, paths):
        where = f"{path.format(lang=lang)} with {settings.cookie_value() or 'standard'}"
        viewport(driver, width, height)
        driver.get(base + path.format(lang=lang))
        header = driver.execute_script("return document.querySelector('.site-header').getBoundingClientRect().height")
        if header > height / 3:
            problems.append(f"{where}: the header is {header:.0f} px high, more than a third of {height} px")
        for shown_at in (width, NARROWEST):
            viewport(driver, shown_at, height)
            if driver.execute_script("return document.documentElement.scrollWidth > innerWidth"):
                problems.append(f"{where}: the page scrolls sideways at {shown_at} px")
            problems += [f"{where}: at {shown_at} px, a word that fits a line is broken: {word}"
                         for word in driver.execute_script(BROKEN_WORDS)]
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    return problems


@pytest.fixture
def phone(driver):
    yield driver
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    driver.delete_all_cookies()


@pytest.mark.parametrize("settings", COMBINATIONS, ids=[s.cookie_value() or "standard" for s in COMBINATIONS])
def test_signed_out_the_header_takes_at_most_a_third_of_a_phone_screen(live_server, phone, settings):
    phone.get(f"{live_server}/kk/")
    phone.delete_all_cookies()
    with_settings(phone, live_server, settings)
    problems = header_problems(phone, live_server, SIGNED_OUT_PAGES, settings)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("settings", COMBINATIONS, ids=[s.cookie_value() or "standard" for s in COMBINATIONS])
def test_signed_in_the_header_takes_at_most_a_third_of_a_phone_screen(live_server, phone, settings):
    sign_in_as(phone, live_server, PERSONAS["wheelchair user"])
    with_settings(phone, live_server, settings)
    problems = header_problems(phone, live_server, SIGNED_IN_PAGES, settings)
    assert not problems, "\n".join(problems)


def test_the_checks_find_a_tall_header_a_broken_word_and_a_sideways_scroll(live_server, phone):
    """The checks above are worth something only if they fail when they should."""
    phone.get(f"{live_server}/kk/")
    phone.delete_all_cookies()
    viewport(phone, *PHONE)
    phone.get(f"{live_server}/kk/")
    assert phone.execute_script(BROKEN_WORDS) == []
    # The menu open, as the header was before it folded: far more than a third of the screen.
    phone.execute_script("document.querySelector('.site-menu').open = true;")
    assert phone.execute_script("return document.querySelector('.site-header').offsetHeight") > PHONE[1] / 3
    # Text broken at any letter: words that would have fitted the next line too.
    phone.execute_script("document.querySelector('h1').style.lineBreak = 'anywhere';")
    assert phone.execute_script(BROKEN_WORDS)
    phone.execute_script("document.querySelector('h1').style.width = '120vw';")
    assert phone.execute_script("return document.documentElement.scrollWidth > innerWidth")


def shown(driver, element) -> bool:
    """Whether the element is rendered: Element.checkVisibility() follows `display` and the
    `content-visibility` of a closed <details> (WebDriver's is_displayed takes any content of a
    closed <details> for hidden, whatever the style sheet shows)."""
    return driver.execute_script("return arguments[0].checkVisibility()", element)


def focused(driver):
    return driver.switch_to.active_element


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_the_menu_button_opens_and_closes_by_keyboard(live_server, driver, driver_without_javascript, lang,
                                                      javascript):
    browser = driver if javascript else driver_without_javascript
    try:
        browser.get(f"{live_server}/{lang}/")
        browser.delete_all_cookies()
        with_settings(browser, live_server, DisplaySettings(text="largest"))
        viewport(browser, *PHONE)
        browser.get(f"{live_server}/{lang}/")
        button = browser.find_element(By.CSS_SELECTOR, ".site-menu__button")
        assert button.text.strip() == MENU[lang]
        display_link = browser.find_element(By.CSS_SELECTOR, ".site-menu .site-header__display a")
        assert not shown(browser, display_link)

        # Tab from the portal's name: the button is next, the folded links are not stops.
        browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)  # the skip link
        focused(browser).send_keys(Keys.TAB)
        assert focused(browser).get_attribute("class") == "site-header__name"
        focused(browser).send_keys(Keys.TAB)
        assert focused(browser) == button
        focused(browser).send_keys(Keys.TAB)
        assert not browser.execute_script("return document.querySelector('.site-header').contains(document.activeElement)")

        for key in (Keys.ENTER, Keys.SPACE):
            button.send_keys(key)
            assert browser.execute_script("return document.querySelector('.site-menu').open")
            assert shown(browser, display_link)
            assert menu_button_state(browser) == "true"
            if javascript:  # axe runs in the page; the markup is the same without JavaScript
                audit(browser)  # the open menu
            button.send_keys(Keys.TAB)  # the first link of the open menu is the next stop
            assert focused(browser).get_attribute("hreflang") == "kk"
            button.send_keys(key)
            assert not browser.execute_script("return document.querySelector('.site-menu').open")
            assert not shown(browser, display_link)
            assert menu_button_state(browser) == "false"
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        browser.delete_all_cookies()


def menu_button_state(driver) -> str:
    """`expanded` of the menu button as a screen reader hears it."""
    buttons = [n for n in accessibility_tree(driver).values()
               if not n.get("ignored") and value(n, "role") in ("button", "DisclosureTriangle")
               and (value(n, "name") or "").strip() in tuple(MENU.values())]
    assert len(buttons) == 1, buttons
    return str(properties(buttons[0]).get("expanded", False)).lower()


@pytest.mark.parametrize("lang", LANGS)
def test_on_a_wide_screen_the_menu_shows_in_the_header_with_no_button(live_server, driver, lang):
    sign_in_as(driver, live_server, PERSONAS["wheelchair user"], lang)
    try:
        driver.get(f"{live_server}/{lang}/cabinet/")
        assert not shown(driver, driver.find_element(By.CSS_SELECTOR, ".site-menu__button"))
        assert not any(shown(driver, link) for link in driver.find_elements(By.CSS_SELECTOR, ".site-menu a"))
        links = driver.find_elements(By.CSS_SELECTOR, ".site-header__name, .site-header__links :is(a, button)")
        assert len(links) > 5 and all(shown(driver, link) for link in links)
        # Every stop of the header by Tab is a shown link or button, each once, and the last is
        # "Sign out": nothing hidden takes focus.
        stops = []
        driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)  # the skip link
        while True:
            focused(driver).send_keys(Keys.TAB)
            if not driver.execute_script("return document.querySelector('.site-header').contains(document.activeElement)"):
                break
            assert shown(driver, focused(driver))
            stops.append(focused(driver))
        assert stops == links
        names = [n for n in accessibility_tree(driver).values()
                 if not n.get("ignored") and (value(n, "name") or "").strip() == MENU[lang]]
        assert names == []
    finally:
        driver.delete_all_cookies()
