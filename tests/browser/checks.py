"""What the browser suite checks on every page beyond axe-core: what a screen reader is told (the
accessibility tree Chromium exposes through the DevTools protocol), reflow at 320 CSS px, and
WCAG 1.4.12 text spacing. Each check returns a list of problems in words; an empty list passes.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

CATALOGUES = Path(__file__).resolve().parents[2] / "translations"
LANGS = ("kk", "ru")

# Roles a person operates; each must have a name (WCAG 4.1.2).
CONTROLS = {"button", "link", "textbox", "searchbox", "combobox", "listbox", "checkbox", "radio", "switch",
            "slider", "spinbutton", "menuitem", "tab", "option"}
# Landmarks that may appear more than once, so each needs a name that tells them apart. (A form is
# a landmark only when it has a name, so Chromium's "form" role for every form is left out.)
NAMED_LANDMARKS = {"navigation", "region", "complementary", "search"}
# Landmarks a page has exactly once.
SINGLE_LANDMARKS = {"banner": (0, 1), "main": (1, 1), "contentinfo": (0, 1)}
LIVE_ROLES = {"status", "alert", "log", "timer", "marquee"}
# The portal's status messages: each must be in a live region so it is announced (WCAG 4.1.3).
STATUS_MESSAGES = [".banner--success", ".error-summary", ".panel", "#programme-count", ".secret__status",
                   ".session-warning"]
# Words in Latin letters that are the same in both languages: the service's and systems' names.
LATIN_NAMES = {"Qoljetimdi", "eOtinish", "API", "IIN", "SMS", "NVDA", "JAWS", "VoiceOver", "TalkBack", "OpenAPI"}


@cache
def strings_of(lang: str) -> frozenset[str]:
    """Every translated string of a catalogue, as a reader of that language would see it."""
    with open(CATALOGUES / lang / "LC_MESSAGES" / "messages.po", "rb") as file:
        catalogue = read_po(file)
    found = set()
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        found.update(s.strip() for s in strings if s)
    return frozenset(found)


@cache
def foreign_strings(lang: str) -> frozenset[str]:
    """Strings that, shown on a page in `lang`, are in another language: the English source and
    the other catalogue, leaving out what both languages write alike."""
    sources = set()
    with open(CATALOGUES / lang / "LC_MESSAGES" / "messages.po", "rb") as file:
        for message in read_po(file):
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            sources.update(i.strip() for i in ids if i)
    other = set().union(*(strings_of(o) for o in LANGS if o != lang))
    return frozenset((sources | other) - strings_of(lang))


def in_other_language(name: str, lang: str) -> bool:
    """Whether a name a screen reader would read is not in the page's language."""
    if name in foreign_strings(lang):
        return True
    # An address is no language's words: an e-mail, a URL, a domain such as aleumet.egov.kz.
    without_addresses = re.sub(r"\S+@\S+|https?://\S+|\b(?:[a-z0-9-]+\.)+[a-z]{2,}\b", "", name)
    latin_words = set(re.findall(r"[A-Za-z]{4,}", without_addresses)) - LATIN_NAMES
    return bool(latin_words) and not re.search(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]", name)


def value(node: dict, key: str):
    return (node.get(key) or {}).get("value")


def properties(node: dict) -> dict:
    return {p["name"]: p["value"].get("value") for p in node.get("properties", [])}


def accessibility_tree(driver) -> dict[str, dict]:
    """{node id: node} of what Chromium exposes to assistive technology, ignored nodes left out."""
    nodes = driver.execute_cdp_cmd("Accessibility.getFullAXTree", {})["nodes"]
    return {node["nodeId"]: node for node in nodes}


def backend_ids(driver, root: int, selector: str) -> list[int]:
    """The DevTools ids of the elements under `root` matching `selector`, to find them in the tree."""
    ids = driver.execute_cdp_cmd("DOM.querySelectorAll", {"nodeId": root, "selector": selector})["nodeIds"]
    return [driver.execute_cdp_cmd("DOM.describeNode", {"nodeId": i})["node"]["backendNodeId"] for i in ids]


def semantics_problems(driver, lang: str) -> list[str]:
    """Roles, names, headings, landmarks and live regions as a screen reader meets them."""
    tree = accessibility_tree(driver)
    shown = [n for n in tree.values() if not n.get("ignored")]
    problems = []
    # Text marked as another language (a message sent in Kazakh, the language links) is read in
    # that language's voice, so it may be in that language.
    marked = driver.execute_script(
        "return Array.from(document.querySelectorAll('body [lang]'))"
        ".filter(e => e.lang !== document.documentElement.lang).map(e => e.textContent);")

    def foreign(name: str) -> bool:
        return in_other_language(name, lang) and not any(name in text for text in marked)

    # The one kind of image the portal has: a chart of the statistics, bars of SVG drawn on the server
    # beside the table of its figures, named by its title and its one-sentence summary.
    document = driver.execute_cdp_cmd("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    charts = set(backend_ids(driver, document, "figure.chart > .chart__picture[role=img]"))
    for node in shown:
        role, name = value(node, "role"), (value(node, "name") or "").strip()
        if role in CONTROLS and not properties(node).get("disabled"):
            if not name:
                problems.append(f"a {role} has no name")
            elif foreign(name):
                problems.append(f"the {role} {name!r} is not in the page's language ({lang})")
        if role == "heading" and not name:
            problems.append("a heading is empty")
        if role == "heading" and foreign(name):
            problems.append(f"the heading {name!r} is not in the page's language ({lang})")
        if role == "image" and node.get("backendDOMNodeId") not in charts:
            problems.append(f"an image ({name!r}): the portal shows no images of text or otherwise")
        if role == "image" and node.get("backendDOMNodeId") in charts and (not name or foreign(name)):
            problems.append(f"a chart ({name!r}) has no name in the page's language ({lang})")

    # Nothing is "invalid" before the person has answered: only a page that shows its errors has them.
    has_errors = driver.execute_script("return !!document.querySelector('[data-error-summary]')")
    invalid = [value(n, "name") for n in shown if properties(n).get("invalid") not in (None, "false")]
    if invalid and not has_errors:
        problems.append(f"fields exposed as invalid before any answer was checked: {invalid[:3]}")
    # A link's name is words: an arrow or chevron drawn in CSS `content` would be read out.
    problems += [f"the link {n!r} has a glyph in its name" for n in
                 {(value(node, "name") or "").strip() for node in shown if value(node, "role") == "link"}
                 if re.search(r"[‹›←→<>]", n)]
    # One name, one place: two links named alike must go to the same address (WCAG 2.4.4, 2.4.9).
    targets: dict[str, set[str]] = {}
    for name, href in driver.execute_script(LINKS):
        targets.setdefault(" ".join(name.split()), set()).add(href)
    problems += [f"the links named {name!r} go to {len(hrefs)} different places" for name, hrefs in targets.items()
                 if name and len(hrefs) > 1]

    levels = [properties(n).get("level") for n in shown if value(n, "role") == "heading"]
    if levels.count(1) != 1:
        problems.append(f"{levels.count(1)} first-level headings instead of one")
    for before, after in zip([0] + levels, levels):
        if after > before + 1 and not (before == 0 and after == 2):
            problems.append(f"the headings skip from level {before} to {after}: {levels}")

    landmarks = [(value(n, "role"), (value(n, "name") or "").strip()) for n in shown
                 if value(n, "role") in NAMED_LANDMARKS | set(SINGLE_LANDMARKS)]
    for role, (least, most) in SINGLE_LANDMARKS.items():
        count = sum(1 for r, _ in landmarks if r == role)
        if not least <= count <= most:
            problems.append(f"{count} {role} landmarks")
    named = [(r, n) for r, n in landmarks if r in NAMED_LANDMARKS]
    named += [("form", (value(n, "name") or "").strip()) for n in shown if value(n, "role") == "form" and value(n, "name")]
    problems += [f"a {r} landmark has no name" for r, n in named if not n]
    problems += [f"two {r} landmarks are both called {n!r}" for r, n in set(named) if n and named.count((r, n)) > 1]

    by_backend = {n.get("backendDOMNodeId"): n for n in tree.values()}
    root = driver.execute_cdp_cmd("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    for selector in STATUS_MESSAGES:
        for backend in backend_ids(driver, root, selector):
            node = by_backend.get(backend)
            if node is None or node.get("ignored"):
                continue  # hidden until it has something to say
            if not in_live_region(node, tree):
                problems.append(f"the status message {selector} is not in a live region")
    return problems


# (name, address) of every link a person can reach: its aria-label or text, and where it goes
# (an address's own #fragment stays, as it is another place on the page).
LINKS = """
return Array.from(document.querySelectorAll('a[href]')).filter(a => a.getClientRects().length)
  .map(a => [a.getAttribute('aria-label') || a.innerText, a.href]);
"""


def in_live_region(node: dict, tree: dict[str, dict]) -> bool:
    while node is not None:
        if value(node, "role") in LIVE_ROLES or properties(node).get("live") in ("polite", "assertive"):
            return True
        node = tree.get(node.get("parentId"))
    return False


# Where the content is wider than the viewport, the offending elements, outside any scroll area
# of their own (a data table in a captioned scroll area may scroll; the page may not).
OVERFLOW = """
const width = document.documentElement.clientWidth;
if (document.documentElement.scrollWidth <= width) return [];
const scrolls = el => { for (let e = el.parentElement; e; e = e.parentElement) {
  const o = getComputedStyle(e).overflowX; if (o === 'auto' || o === 'scroll') return true; } return false; };
return Array.from(document.body.querySelectorAll('*'))
  .filter(e => e.getBoundingClientRect().right > width + 1 && !scrolls(e) && e.getClientRects().length)
  .filter(e => !Array.from(e.children).some(c => c.getBoundingClientRect().right > width + 1))
  .slice(0, 5).map(e => e.outerHTML.slice(0, 120));
"""

# Text cut off: an element that hides its overflow but has more content than room, except the
# visually hidden text meant for screen readers only.
CLIPPED = """
return Array.from(document.body.querySelectorAll('*')).filter(e => {
  const s = getComputedStyle(e);
  if (!/hidden|clip/.test(s.overflowX + s.overflowY) || e.closest('.visually-hidden')) return false;
  return e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1;
}).slice(0, 5).map(e => e.outerHTML.slice(0, 120));
"""

# WCAG 1.4.12: what a person may set through a bookmarklet or user style sheet. The portal's
# Content-Security-Policy refuses <style> elements, so the rules come as a constructed style sheet,
# as a browser extension's would; the script answers whether they took effect.
TEXT_SPACING = """
const sheet = new CSSStyleSheet();
sheet.replaceSync('* { line-height: 1.5 !important; letter-spacing: .12em !important; '
  + 'word-spacing: .16em !important; } p { margin-bottom: 2em !important; }');
document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
window.wcagTextSpacing = sheet;
return getComputedStyle(document.body).letterSpacing !== 'normal';
"""
NO_TEXT_SPACING = """
document.adoptedStyleSheets = document.adoptedStyleSheets.filter(s => s !== window.wcagTextSpacing);
"""


def narrow(driver, width: int = 320) -> None:
    """Lay the page out at `width` CSS px, as 1280 px at 400% zoom (WCAG 1.4.10)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": False})


def widen(driver) -> None:
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def layout_problems(driver) -> list[str]:
    """Reflow at 320 CSS px, then the same with WCAG 1.4.12 text spacing: no horizontal scrolling
    and no text cut off."""
    problems = []
    narrow(driver)
    try:
        problems += [f"wider than 320 px: {html}" for html in driver.execute_script(OVERFLOW)]
        problems += [f"cut off at 320 px: {html}" for html in driver.execute_script(CLIPPED)]
        assert driver.execute_script(TEXT_SPACING), "the text spacing did not apply"
        problems += [f"wider than 320 px with text spacing: {html}" for html in driver.execute_script(OVERFLOW)]
        problems += [f"cut off with text spacing: {html}" for html in driver.execute_script(CLIPPED)]
    finally:
        driver.execute_script(NO_TEXT_SPACING)
        widen(driver)
    return problems
