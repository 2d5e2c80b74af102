"""A person with a keyboard or a switch: only Tab, Shift+Tab, Enter, Space, the arrow keys and
typing. Every stop of the focus is checked on the way: the focus is on an element (not lost to the
page), its indicator is visible, it is not hidden behind other content (WCAG 2.4.11), and it moved
in the reading order (WCAG 2.4.3)."""

from __future__ import annotations

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.wait import WebDriverWait

from tests.browser.conftest import gone

# The problems of the focused element, or [] when a sighted keyboard user can see where they are.
FOCUS_PROBLEMS = """
const [el, previous, backwards] = arguments;
if (!el || el === document.body || el === document.documentElement) return ['the focus was lost to the page'];
const problems = [];
const look = () => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth, s.outlineColor,
  s.boxShadow, s.backgroundColor, s.color, s.borderColor, s.textDecorationLine].join('|'); };
const s = getComputedStyle(el);
const outlined = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 && !/rgba\\(.*, 0\\)$|transparent/.test(s.outlineColor);
if (!outlined) {
  // Without an outline, focus must change how the element looks.
  const focused = look(); el.blur(); const plain = look(); el.focus({preventScroll: true});
  if (focused === plain) problems.push('no visible focus indicator');
}
const r = el.getBoundingClientRect();
const points = [[.5, .5], [.1, .1], [.9, .1], [.1, .9], [.9, .9]].map(([x, y]) => [r.left + r.width * x, r.top + r.height * y])
  .filter(([x, y]) => x >= 0 && y >= 0 && x < innerWidth && y < innerHeight);
const mine = (hit) => hit && (el.contains(hit) || hit.contains(el) || (el.labels && Array.from(el.labels).some(l => l.contains(hit))));
if (!points.some(([x, y]) => mine(document.elementFromPoint(x, y)))) problems.push('hidden behind other content or off screen');
if (previous && previous.isConnected && previous !== el && !previous.contains(el) && !el.contains(previous)) {
  const after = previous.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING;
  if (backwards ? after : !after) problems.push('moved against the reading order');
}
if (el.tabIndex > 0) problems.push('a positive tabindex changes the order');
return problems;
"""


def describe(element: WebElement) -> str:
    return element.get_attribute("outerHTML")[:120]


class Keyboard:
    """Moves through a page by keyboard alone, asserting every focus stop as it goes."""

    def __init__(self, driver):
        self.driver = driver
        self.previous: WebElement | None = None

    def press(self, *keys) -> None:
        ActionChains(self.driver).send_keys(*keys).perform()

    def focused(self) -> WebElement:
        return self.driver.switch_to.active_element

    def check_focus(self, backwards: bool = False) -> WebElement:
        element = self.focused()
        problems = self.driver.execute_script(FOCUS_PROBLEMS, element, self.previous, backwards)
        assert problems == [], f"{self.driver.current_url}: {describe(element)}: {problems}"
        self.previous = element
        return element

    def tab_to(self, matches, backwards: bool = False, limit: int = 100) -> WebElement:
        """Press Tab (or Shift+Tab) until the focus is on an element that `matches`."""
        for _ in range(limit):
            if backwards:
                ActionChains(self.driver).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
            else:
                self.press(Keys.TAB)
            element = self.check_focus(backwards)
            if matches(element):
                return element
        raise AssertionError(f"{self.driver.current_url}: never reached by {'Shift+' if backwards else ''}Tab")

    def new_page(self, action) -> None:
        """Do something that loads another page, and wait for it."""
        page = self.driver.find_element(By.TAG_NAME, "html")
        action()
        WebDriverWait(self.driver, 10).until(lambda d: gone(page))
        self.previous = None

    def follow(self, href_end: str) -> None:
        """Tab to the link whose address ends with `href_end` and press Enter."""
        self.tab_to(link_to(href_end))
        self.new_page(lambda: self.press(Keys.ENTER))

    def press_button(self, matches) -> None:
        """Tab to a button that leads to another page and press Enter."""
        self.tab_to(matches)
        self.new_page(lambda: self.press(Keys.ENTER))

    def continue_(self) -> None:
        """Tab to the main form's submit button and press Enter."""
        self.press_button(main_submit)

    def type_into(self, field_id: str, text: str) -> None:
        self.tab_to(lambda e: e.get_attribute("id") == field_id)
        self.press(text)

    def choose(self, name: str, option: str) -> None:
        """Tab into a radio group and move with the arrow keys to `option`, which selects it."""
        self.tab_to(lambda e: e.get_attribute("name") == name)
        for _ in range(20):
            if self.focused().get_attribute("value") == option:
                if not self.focused().is_selected():
                    self.press(Keys.SPACE)
                assert self.focused().is_selected()
                return
            self.press(Keys.ARROW_DOWN)
            self.check_focus()
        raise AssertionError(f"no option {option!r} in the group {name!r}")

    def tick(self, name: str) -> None:
        """Tab to a checkbox and tick it with Space."""
        box = self.tab_to(lambda e: e.get_attribute("name") == name)
        self.press(Keys.SPACE)
        assert box.is_selected()

    def select(self, field_id: str, option: str) -> None:
        """Tab to a drop-down list and move with the arrow keys until `option` is chosen."""
        field = self.tab_to(lambda e: e.get_attribute("id") == field_id)
        for _ in range(40):
            if field.get_attribute("value") == option:
                return
            self.press(Keys.ARROW_DOWN)
        raise AssertionError(f"no option {option!r} in {field_id!r}")


def link_to(href_end: str):
    return lambda e: e.tag_name == "a" and (e.get_attribute("href") or "").split("?")[0].endswith(href_end)


def main_submit(element: WebElement) -> bool:
    return (element.tag_name == "button" and element.get_attribute("type") == "submit"
            and bool(element.find_elements(By.XPATH, "ancestor::main")))


def button_named(name: str, value: str | None = None):
    return lambda e: (e.tag_name == "button" and e.get_attribute("name") == name
                      and (value is None or e.get_attribute("value") == value))
