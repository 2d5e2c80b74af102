"""The display settings for people with low vision: the page in both languages, the one cookie that
keeps the settings, the classes every page then carries, and the way back to the page people came
from, which never leads off the site."""

from __future__ import annotations

import re

import pytest

from portal.config import ROOT
from portal.display import forms
from portal.display.settings import CHOICES, COOKIE_MAX_AGE, DisplaySettings, from_cookie
from tests.conftest import csrf_token
from tests.pagecheck import error_links, main_text, text_of, translated

LANGS = ["kk", "ru"]
EVERYTHING_CHANGED = {"text": "largest", "colours": "dark", "spacing": "wide"}


def checked(response) -> dict[str, str]:
    """{setting: value} of the radios the page shows as chosen."""
    return {radio.get("name"): radio.get("value")
            for radio in response.doc.findall(".//main//input[@type='radio']") if radio.get("checked") is not None}


def display_cookie(response) -> dict[str, str | bool]:
    """The Set-Cookie of the `display` cookie, as {"value": …, attribute: value or True}."""
    headers = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("display=")]
    assert len(headers) == 1, response.headers.getlist("Set-Cookie")
    value, *attributes = headers[0].split("; ")
    cookie = {"value": value.split("=", 1)[1]}
    for attribute in attributes:
        name, _, setting = attribute.partition("=")
        cookie[name.lower()] = setting or True
    return cookie


def save(client, lang="kk", next=None, **settings):
    data = {**{name: "standard" for name in CHOICES}, **settings,
            "csrf_token": csrf_token(client, f"/{lang}/display")}
    if next is not None:
        data["next"] = next
    return client.post(f"/{lang}/display", data=data)


def html_classes(response) -> set[str]:
    return set((response.doc.get("class") or "").split())


# The settings and their cookie, without HTTP

def test_the_form_offers_exactly_the_settings_the_cookie_knows():
    assert (tuple(forms.TEXT_SIZES), tuple(forms.COLOURS), tuple(forms.SPACINGS)) == tuple(CHOICES.values())


def test_standard_settings_need_no_cookie_and_no_class():
    assert DisplaySettings().cookie_value() == ""
    assert DisplaySettings().css_classes() == ""
    assert DisplaySettings().is_standard


def test_a_cookie_holds_only_what_differs_from_standard_and_reads_back():
    settings = DisplaySettings(text="large", spacing="wide")
    assert settings.cookie_value() == "text=large&spacing=wide"
    assert settings.css_classes() == "display-text-large display-spacing-wide"
    assert from_cookie(settings.cookie_value()) == settings


@pytest.mark.parametrize(("value", "expected"), [
    (None, DisplaySettings()),
    ("", DisplaySettings()),
    ("text=huge", DisplaySettings()),
    ("text=large&colours=neon", DisplaySettings(text="large")),
    ("colours=dark&font=comic", DisplaySettings(colours="dark")),
    ("text=large&text=largest&spacing=wide", DisplaySettings(spacing="wide")),  # which one? neither
    ("TEXT=LARGE", DisplaySettings()),
    ("text=large;colours=dark", DisplaySettings()),
    ("text==large", DisplaySettings()),
    ("text", DisplaySettings()),
    ("&&&=&", DisplaySettings()),
    ("text=large " + "x" * 200, DisplaySettings()),
    ("text=larg\u0435", DisplaySettings()),  # a Cyrillic "е"
    ("spacing=wide&colours=high", DisplaySettings(colours="high", spacing="wide")),
])
def test_a_cookie_is_read_strictly_and_anything_else_stays_standard(value, expected):
    assert from_cookie(value) == expected


def test_the_high_contrast_rules_and_their_prefers_contrast_copy_are_equal():
    css = (ROOT / "static" / "css" / "portal.css").read_text()

    def block(name, prefix):
        found = re.search(rf"{name}: begin \*/(.*?)/\* {name}: end", css, re.S)
        assert found, f"portal.css has no {name} block"
        return [line.strip().replace(prefix, "@") for line in found.group(1).strip().splitlines()]

    rules = block("high-contrast", "html.display-colours-high")
    assert rules == block("high-contrast copy", "html:not(.display-colours-dark)")
    assert len(rules) > 5


# The page

@pytest.mark.parametrize("lang", LANGS)
def test_the_page_offers_three_settings_in_both_languages(client, lang):
    page = client.get(f"/{lang}/display")
    assert page.status_code == 200
    legends = [text_of(legend) for legend in page.doc.findall(".//main//fieldset/legend")]
    assert legends == [translated(lang, "Text size"), translated(lang, "Colours"), translated(lang, "Spacing")]
    assert checked(page) == {"text": "standard", "colours": "standard", "spacing": "standard"}
    assert translated(lang, "This portal uses no images of text. All text grows with the size you choose, "
                            "takes the colours you choose, and can be read aloud by a screen reader.") in main_text(page)
    buttons = page.doc.findall(".//main//form//button")
    assert [b.get("name") for b in buttons] == [None, "reset"]
    assert "button--secondary" in buttons[1].get("class")
    assert text_of(buttons[1]) == translated(lang, "Reset to standard")
    assert page.doc.get("class") is None  # standard: no class attribute at all


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_links_to_the_settings_with_the_way_back(client, lang):
    page = client.get(f"/{lang}/rights?from=footer")
    link = page.doc.find(".//header//p[@class='site-header__display']/a")
    assert link.get("href") == f"/{lang}/display?next=/{lang}/rights?from%3Dfooter"
    assert text_of(link) == translated(lang, "Display settings for people with low vision")
    assert link.get("aria-current") is None
    # On the settings page itself the link is marked current and keeps the way back.
    settings = client.get(link.get("href"))
    own = settings.doc.find(".//header//p[@class='site-header__display']/a")
    assert own.get("aria-current") == "page"
    assert own.get("href") == link.get("href")
    assert settings.doc.find(".//main//input[@name='next']").get("value") == f"/{lang}/rights?from=footer"


def test_error_pages_link_to_the_settings_too(client):
    page = client.get("/ru/no-such-page")
    assert page.status_code == 404
    assert page.doc.find(".//header//p[@class='site-header__display']/a").get("href").startswith("/ru/display")


@pytest.mark.parametrize("lang", LANGS)
def test_saving_sets_one_cookie_for_a_year_and_every_page_follows_it(client, lang):
    response = save(client, lang, **EVERYTHING_CHANGED)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/{lang}/display?done=saved"
    cookie = display_cookie(response)
    assert cookie["value"] == "text=largest&colours=dark&spacing=wide"
    assert cookie["max-age"] == str(COOKIE_MAX_AGE) == "31536000"
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/"
    assert "secure" not in cookie  # plain HTTP here: SESSION_COOKIE_SECURE is off in tests

    shown = client.get(response.headers["Location"])
    assert shown.doc.find(".//*[@class='banner banner--success']") is not None
    assert translated(lang, "Your display settings are saved") in main_text(shown)
    assert checked(shown) == EVERYTHING_CHANGED
    for path in (f"/{lang}/", "/kk/rights", "/ru/accessibility", "/ru/no-such-page"):
        assert html_classes(client.get(path)) == {
            "display-text-largest", "display-colours-dark", "display-spacing-wide"}, path


def test_one_setting_gives_one_class(client):
    save(client, colours="high")
    assert client.get_cookie("display").value == "colours=high"
    assert html_classes(client.get("/kk/")) == {"display-colours-high"}


def test_the_cookie_is_secure_where_the_session_cookie_is(app, client):
    app.config.update(SESSION_COOKIE_SECURE=True, WTF_CSRF_ENABLED=False)
    response = client.post("/kk/display", data={"text": "large", "colours": "standard", "spacing": "standard"})
    assert display_cookie(response)["secure"] is True


def test_pages_vary_by_cookie_so_no_cache_shares_them(client):
    assert "Cookie" in client.get("/kk/").headers["Vary"]


@pytest.mark.parametrize("lang", LANGS)
def test_reset_deletes_the_cookie(client, lang):
    save(client, lang, **EVERYTHING_CHANGED)
    response = client.post(f"/{lang}/display", data={
        **EVERYTHING_CHANGED, "reset": "1", "csrf_token": csrf_token(client, f"/{lang}/display")})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/{lang}/display?done=reset"
    cookie = display_cookie(response)
    assert cookie["value"] == "" and cookie["max-age"] == "0"
    assert client.get_cookie("display") is None
    shown = client.get(response.headers["Location"])
    assert translated(lang, "The display settings are back to standard") in main_text(shown)
    assert checked(shown) == {"text": "standard", "colours": "standard", "spacing": "standard"}
    assert client.get("/kk/").doc.get("class") is None


def test_reset_ignores_even_a_changed_value(client):
    save(client, text="large")
    response = client.post("/kk/display", data={"text": "<b>", "reset": "1", "csrf_token": csrf_token(client, "/kk/display")})
    assert response.status_code == 303
    assert client.get_cookie("display") is None


def test_saving_all_standard_deletes_the_cookie(client):
    save(client, text="large")
    response = save(client)
    assert display_cookie(response)["max-age"] == "0"
    assert client.get_cookie("display") is None


def test_a_setting_left_out_of_the_form_keeps_its_value(client):
    save(client, text="large")
    response = client.post("/kk/display", data={"colours": "dark", "csrf_token": csrf_token(client, "/kk/display")})
    assert response.status_code == 303
    assert client.get_cookie("display").value == "text=large&colours=dark"


@pytest.mark.parametrize("value", ["text=huge", "text=large&text=largest", "colours=<script>", "x" * 4000,
                                   "text=large&colours=neon", "\"text=large\"", "%00%ff"])
def test_a_changed_cookie_is_ignored_and_never_breaks_a_page(client, value):
    client.set_cookie("display", value)
    for path in ("/kk/", "/ru/display", "/kk/no-such-page"):
        response = client.get(path)
        assert response.status_code in (200, 404)
        assert html_classes(response) <= {"display-text-large"}, path
    assert checked(client.get("/kk/display"))["colours"] == "standard"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("name", "message"), [
    ("text", "Choose a text size from the list"),
    ("colours", "Choose colours from the list"),
    ("spacing", "Choose the spacing from the list"),
])
def test_a_value_not_on_the_list_is_explained_and_nothing_else_is_lost(client, lang, name, message):
    data = {**EVERYTHING_CHANGED, name: "enormous"}
    response = save(client, lang, next=f"/{lang}/rights", **data)
    assert response.status_code == 200  # the page checks saw the "Error:" title and the summary
    # The summary leads to the first option of the group, which can take the focus.
    assert error_links(response) == {f"#{name}-0": translated(lang, message)}
    error = response.doc.find(f".//p[@id='{name}-error']")
    assert translated(lang, message) in text_of(error)
    assert f"{name}-error" in response.doc.find(f".//fieldset[@aria-describedby]/div[@id='{name}']/..").get("aria-describedby")
    assert checked(response) == {key: value for key, value in EVERYTHING_CHANGED.items() if key != name}
    assert response.doc.find(".//main//input[@name='next']").get("value") == f"/{lang}/rights"
    assert "display=" not in " ".join(response.headers.getlist("Set-Cookie"))
    assert client.get_cookie("display") is None


@pytest.mark.parametrize("lang", LANGS)
def test_a_form_without_its_token_is_refused(client, lang):
    response = client.post(f"/{lang}/display", data=EVERYTHING_CHANGED)
    assert response.status_code == 400
    assert text_of(response.doc.find(".//h1")) == translated(lang, "This form has expired")
    reset = client.post(f"/{lang}/display", data={"reset": "1"})
    assert reset.status_code == 400
    assert client.get_cookie("display") is None


# The way back to the page people came from

@pytest.mark.parametrize(("lang", "next", "back"), [
    ("kk", "/kk/rights", "/kk/rights"),
    ("ru", "/ru/", "/ru/"),
    ("kk", "/kk/test-support/form?a=1&b=2", "/kk/test-support/form?a=1&b=2"),
    # After switching language on the settings page, the way back is in the new language.
    ("kk", "/ru/accessibility", "/kk/accessibility"),
])
def test_after_saving_a_link_leads_back_to_a_page_of_the_portal(client, lang, next, back):
    response = save(client, lang, next=next, text="large")
    assert response.status_code == 303
    shown = client.get(response.headers["Location"])
    banner = shown.doc.find(".//*[@class='banner banner--success']")
    link = banner.find(".//a")
    assert link.get("href") == back
    assert text_of(link) == translated(lang, "Back to the page you were on")


@pytest.mark.parametrize("next", [
    "https://evil.example/kk/", "//evil.example/kk/", "/\\evil.example", "\\\\evil.example/kk/",
    "/kk\\..\\..\\evil", "javascript:alert(1)", "kk/rights", "/en/rights", "/kk", "/kk/display",
    "/kk/display?next=/kk/", "/kk/rights\r\nSet-Cookie: x=1", "/kk/" + "a" * 3000, "",
])
def test_no_link_back_to_anywhere_else(client, next):
    page = client.get("/kk/display", query_string={"next": next})
    assert page.doc.find(".//main//input[@name='next']") is None
    assert page.doc.find(".//header//p[@class='site-header__display']/a").get("href") == "/kk/display"
    response = save(client, "kk", next=next, text="large")
    assert response.headers["Location"] == "/kk/display?done=saved"
    shown = client.get("/kk/display", query_string={"done": "saved", "next": next})
    assert shown.doc.find(".//*[@class='banner banner--success']//a") is None
