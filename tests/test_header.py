"""The header of every page (templates/base.html; issue #23, point 6): one "Menu" that opens
without JavaScript (a <details>), holding the language links, the display settings and the account's
links.
The header at large text on a phone is measured in a real browser (tests/browser/test_header.py)."""

from __future__ import annotations

import pytest

from portal.demo.staff import load_demo_staff
from tests.conftest import password_signed_in, signed_in
from tests.pagecheck import text_of

LANGS = ["kk", "ru"]
MENU = {"kk": "Мәзір", "ru": "Меню"}


def menu(response):
    header = response.doc.find(".//header")
    details = header.find(".//details[@class='site-menu']")
    assert details is not None and details.get("open") is None  # folded until opened, on a phone
    return details


@pytest.mark.parametrize("lang", LANGS)
def test_signed_out_the_menu_holds_the_languages_the_display_settings_and_sign_in(client, lang):
    details = menu(client.get(f"/{lang}/"))
    summary = details.find("summary")
    assert summary is not None and list(details)[0] is summary and text_of(summary) == MENU[lang]
    assert details.find(".//nav[@class='language-links']") is not None
    assert details.find(".//p[@class='site-header__display']/a") is not None
    assert details.find(f".//p[@class='account-links']/a[@href='/{lang}/login']") is not None


def links(element) -> list[tuple[str, str]]:
    return [(a.get("href"), text_of(a)) for a in element.iter("a")] + [
        (form.get("action"), text_of(form)) for form in element.iter("form")]


@pytest.mark.parametrize("lang", LANGS)
def test_the_wide_screens_row_and_the_menu_hold_the_same_links(app, demo, lang):
    """Two copies of the links, one shown at a time (portal.css): they must never drift apart."""
    for client in (app.test_client(), signed_in(app.test_client(), next(iter(demo)))):
        header = client.get(f"/{lang}/rights").doc.find(".//header")
        row = links(header.find(".//div[@class='site-header__links']"))
        assert len(row) >= 4 and row == links(header.find(".//div[@class='site-menu__content']"))


def test_staff_find_the_back_office_in_the_menu(app, session):
    load_demo_staff(session)
    client = password_signed_in(app.test_client(), "staff", "astana.officer")
    header = menu(client.get("/kk/staff/"))
    assert header.find(".//p[@class='account-links']/a[@href='/kk/staff/']") is not None
