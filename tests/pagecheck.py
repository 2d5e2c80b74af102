"""Checks every HTML page the tests render (STYLE.md 13): the page is well-formed HTML5, has one
h1, a title starting with that h1 ("Error: " first when the form has errors), <html lang> equal to
the page's language, no duplicate ids, and every id it refers to exists."""

from __future__ import annotations

import re

import html5lib
from flask_babel import force_locale, gettext
from html5lib.html5parser import ParseError

ERROR_PREFIX = {"kk": "Қате: ", "ru": "Ошибка: "}


def text_of(element) -> str:
    return re.sub(r"\s+", " ", "".join(element.itertext())).strip()


def translated(lang: str, message: str, **values) -> str:
    """A message in the page's language, whether or not the catalogue has it yet."""
    with force_locale(lang):
        return gettext(message, **values)


def main_text(response) -> str:
    return text_of(response.doc.find(".//main"))


def error_links(response) -> dict[str, str]:
    """{target: message} of the error summary."""
    return {a.get("href"): text_of(a) for a in response.doc.findall(".//*[@data-error-summary]//a")}


def parse(html: str):
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        return parser.parse(html)
    except ParseError as error:
        raise AssertionError(f"not valid HTML5: {error}; {parser.errors}") from None


def check_page(html: str, path: str):
    """Assert the standards of every page; return the parsed document for further checks."""
    doc = parse(html)
    lang = doc.get("lang")
    prefix = path.lstrip("/").split("/", 1)[0]
    expected = prefix if prefix in ("kk", "ru") else lang
    assert lang in ("kk", "ru"), f"{path}: <html lang={lang!r}>"
    assert lang == expected, f"{path}: <html lang={lang!r}>, expected {expected!r}"

    h1s = doc.findall(".//h1")
    assert len(h1s) == 1, f"{path}: {len(h1s)} h1 elements"
    heading = text_of(h1s[0])
    assert heading, f"{path}: the h1 is empty"
    title = text_of(doc.find(".//title"))
    has_errors = doc.find(".//*[@data-error-summary]") is not None
    expected_start = (ERROR_PREFIX[lang] if has_errors else "") + heading
    assert title.startswith(expected_start), f"{path}: title {title!r} does not start with {expected_start!r}"

    ids = [el.get("id") for el in doc.iter() if el.get("id")]
    duplicates = {i for i in ids if ids.count(i) > 1}
    assert not duplicates, f"{path}: duplicate ids {sorted(duplicates)}"
    known = set(ids)
    for el in doc.iter():
        for attribute in ("aria-describedby", "aria-labelledby", "aria-controls", "for"):
            for ref in (el.get(attribute) or "").split():
                assert ref in known, f"{path}: {attribute}={ref!r} refers to no element"
        href = el.get("href") or ""
        if el.tag == "a" and href.startswith("#") and len(href) > 1:
            assert href[1:] in known, f"{path}: link to missing #{href[1:]}"
    for img in doc.iter("img"):
        assert img.get("alt") is not None, f"{path}: <img> without alt"
    assert doc.find(".//main") is not None, f"{path}: no <main>"
    skip = doc.find(".//a[@class='skip-link']")
    assert skip is not None and skip.get("href") == "#main-content", f"{path}: no skip link to the main content"
    return doc
