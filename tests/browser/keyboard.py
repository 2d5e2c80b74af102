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

from tests.browser.conftest import replaced

# The focused element, its problems ([] when a sighted keyboard user can see where they are), and
# what the tests ask of it: one script for each stop of the focus, not a WebDriver call for each.
FOCUS_PROBLEMS = """
const [previous, backwards] = arguments;
const el = document.activeElement;
if (!el || el === document.body || el === document.documentElement) return [el, ['the focus was lost to the page'], {}];
const facts = {tag: el.tagName.toLowerCase(), in_main: !!el.closest('main'), attributes: {
  id: el.id, name: el.getAttribute('name'), type: el.type === undefined ? el.getAttribute('type') : el.type,
  class: el.getAttribute('class'),
  value: el.value === undefined ? el.getAttribute('value') : el.value, href: el.href === undefined ? null : el.href}};
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
return [el, problems, facts];
"""


class Stop:
    """Where the focus stopped, as the tests' matchers read it: the element's tag and attributes
    as they were at that moment (fetched with its checks); anything else is asked of the element."""

    def __init__(self, element: WebElement, facts: dict):
        self.element, self.facts = element, facts
        self.tag_name = facts.get("tag")
        self.in_main = facts.get("in_main", False)

    def get_attribute(self, name: str):
        attributes = self.facts.get("attributes", {})
        return attributes[name] if name in attributes else self.element.get_attribute(name)

    def __getattr__(self, name: str):
        return getattr(self.element, name)


def describe(element: WebElement | None) -> str:
    return element.get_attribute("outerHTML")[:120] if element else "no element"


class Keyboard:
    """Moves through a page by keyboard alone, asserting every focus stop as it goes."""

    def __init__(self, driver):
        self.driver = driver
        self.previous: WebElement | None = None

    def press(self, *keys) -> None:
        ActionChains(self.driver).send_keys(*keys).perform()

    def focused(self) -> WebElement:
        return self.driver.switch_to.active_element

    def stop(self, backwards: bool = False) -> Stop:
        """Check the focus where it is now (FOCUS_PROBLEMS) and move on from there."""
        element, problems, facts = self.driver.execute_script(FOCUS_PROBLEMS, self.previous, backwards)
        assert problems == [], f"{self.driver.current_url}: {describe(element)}: {problems}"
        self.previous = element
        return Stop(element, facts)

    def check_focus(self, backwards: bool = False) -> WebElement:
        return self.stop(backwards).element

    def tab_to(self, matches, backwards: bool = False, limit: int = 100) -> WebElement:
        """Press Tab (or Shift+Tab) until the focus is on an element that `matches` (given a Stop)."""
        for _ in range(limit):
            if backwards:
                ActionChains(self.driver).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
            else:
                self.press(Keys.TAB)
            stop = self.stop(backwards)
            if matches(stop):
                return stop.element
        raise AssertionError(f"{self.driver.current_url}: never reached by {'Shift+' if backwards else ''}Tab")

    def new_page(self, action) -> None:
        """Do something that loads another page, and wait for it."""
        page = self.driver.find_element(By.TAG_NAME, "html")
        action()
        WebDriverWait(self.driver, 10).until(lambda d: replaced(d, page))
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


def main_submit(stop: Stop) -> bool:
    return stop.tag_name == "button" and stop.get_attribute("type") == "submit" and stop.in_main


def button_named(name: str, value: str | None = None):
    return lambda e: (e.tag_name == "button" and e.get_attribute("name") == name
                      and (value is None or e.get_attribute("value") == value))
