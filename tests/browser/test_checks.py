"""The checks of checks.py and keyboard.py fail when they should: a page is broken on purpose in
the browser, the way a change to a template or the style sheet could break it."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.keys import Keys

from tests.browser.checks import layout_problems, semantics_problems
from tests.browser.keyboard import Keyboard


@pytest.fixture
def home(live_server, driver):
    driver.delete_all_cookies()
    driver.get(f"{live_server}/kk/")
    assert semantics_problems(driver, "kk") == [] and layout_problems(driver) == []
    return driver


def broken(driver, script: str) -> list[str]:
    driver.execute_script(script)
    return semantics_problems(driver, "kk") + layout_problems(driver)


@pytest.mark.parametrize("script, problem", [
    ("document.querySelector('.site-footer__links a').textContent = '';", "a link has no name"),
    ("document.querySelector('.site-footer__links a').textContent = 'Contacts';",
     "the link 'Contacts' is not in the page's language (kk)"),
    ("document.querySelector('.site-footer__links a').textContent = 'Контакты';",
     "the link 'Контакты' is not in the page's language (kk)"),
    ("document.querySelector('main h1').insertAdjacentHTML('afterend', '<h3>Тарау</h3>');",
     "the headings skip from level 1 to 3"),
    ("document.querySelector('main').insertAdjacentHTML('beforeend', '<h1>Екінші</h1>');",
     "2 first-level headings instead of one"),
    ("document.querySelector('main').insertAdjacentHTML('beforeend', '<nav><a href=\"/kk/\">Басты бет</a></nav>');",
     "a navigation landmark has no name"),
    ("const nav = document.querySelector('.language-links'); nav.after(nav.cloneNode(true));",
     "two navigation landmarks are both called"),
    ("document.querySelector('main').insertAdjacentHTML('beforeend', '<div class=\"banner--success\">Сақталды</div>');",
     "the status message .banner--success is not in a live region"),
    # Issue #23, point 8: a field marked invalid before any answer, a glyph read out in a link, and
    # one link name for two places.
    ("document.querySelector('main').insertAdjacentHTML('beforeend', '<label for=\"x\">Аты</label>"
     "<input type=\"radio\" name=\"r\" id=\"x\" required>');", "fields exposed as invalid before any answer was checked"),
    ("document.querySelector('.site-footer__links a').textContent = '‹ Артқа';", "has a glyph in its name"),
    ("const a = document.querySelector('.site-footer__links a'); const b = a.cloneNode(true);"
     "b.href = '/kk/privacy'; b.textContent = a.textContent; a.after(b);", "go to 2 different places"),
    # The Content-Security-Policy refuses style attributes and elements; the style object is allowed.
    ("document.querySelector('main p').style.width = '600px';", "wider than 320 px"),
    ("Object.assign(document.querySelector('main p').style, {height: '1.5em', overflow: 'hidden'});", "cut off"),
])
def test_a_broken_page_fails_the_checks(home, script, problem):
    assert any(problem in p for p in broken(home, script)), problem


def test_the_keyboard_check_fails_when_focus_is_lost_hidden_or_invisible(home):
    keyboard = Keyboard(home)
    keyboard.press(Keys.TAB)
    keyboard.check_focus()
    home.execute_script("document.activeElement.blur();")
    with pytest.raises(AssertionError, match="the focus was lost"):
        keyboard.check_focus()

    home.execute_script("document.querySelector('.site-header__name').focus();")
    home.execute_script("const cover = document.createElement('div'); document.body.append(cover);"
                        "Object.assign(cover.style, {position: 'fixed', inset: '0', background: 'white'});")
    with pytest.raises(AssertionError, match="hidden behind other content"):
        keyboard.check_focus()

    home.get(home.current_url)
    home.execute_script("const sheet = new CSSStyleSheet(); sheet.replaceSync(':focus-visible { outline: none !important; "
                        "box-shadow: none !important; background: inherit !important; color: inherit !important; "
                        "text-decoration: inherit !important }'); document.adoptedStyleSheets = [sheet];")
    keyboard = Keyboard(home)
    keyboard.press(Keys.TAB, Keys.TAB)  # past the skip link, which shows itself by appearing
    with pytest.raises(AssertionError, match="no visible focus indicator"):
        keyboard.check_focus()
