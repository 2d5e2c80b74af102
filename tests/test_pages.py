import pytest
from babel.dates import format_date
from babel.messages.pofile import read_po
from flask_babel import force_locale, ngettext

from portal import create_app, moments
from portal.config import ROOT
from portal.pages.routes import ACCESSIBILITY_STATEMENT_DATE
from tests.pagecheck import check_page, text_of, translated

PUBLIC_PAGES = ["/{lang}/", "/{lang}/accessibility", "/{lang}/contacts", "/{lang}/privacy"]
LANGS = ["kk", "ru"]
REPLY_PROMISE = ("We reply within %(count)s working day.", "We reply within %(count)s working days.")


@pytest.mark.parametrize("accept, target", [("ru-RU,ru;q=0.9", "/ru/"), ("kk", "/kk/"), ("en-GB", "/kk/"), ("", "/kk/")])
def test_root_redirects_by_accept_language_with_kazakh_by_default(client, accept, target):
    response = client.get("/", headers={"Accept-Language": accept} if accept else {})
    assert response.status_code == 302
    assert response.headers["Location"] == target


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_public_pages_render_in_both_languages(client, page, lang):
    response = client.get(page.format(lang=lang))
    assert response.status_code == 200
    assert response.doc.get("lang") == lang


@pytest.mark.parametrize("lang, other", [("kk", "ru"), ("ru", "kk")])
def test_each_page_links_to_itself_in_the_other_language(client, lang, other):
    response = client.get(f"/{lang}/privacy?from=footer")
    links = {a.get("lang"): a for a in response.doc.findall(".//nav[@class='language-links']//a")}
    assert links[other].get("href") == f"/{other}/privacy?from=footer"
    assert links[other].get("hreflang") == other
    assert text_of(links[other]) == {"kk": "Қазақша", "ru": "Русский"}[other]
    assert links[lang].get("aria-current") == "true"


@pytest.mark.parametrize("lang", LANGS)
def test_home_page_says_what_the_portal_does_in_the_page_language(client, lang):
    response = client.get(f"/{lang}/")
    heading = text_of(response.doc.find(".//h1"))
    assert heading == translated(lang, "Your disability status, rights and services in one place")
    assert heading != "Your disability status, rights and services in one place"
    footer_links = [a.get("href") for a in response.doc.findall(".//footer//a")]
    assert footer_links == [f"/{lang}/accessibility", f"/{lang}/contacts", f"/{lang}/privacy", f"/{lang}/rights",
                            f"/{lang}/verify", f"/{lang}/statistics/"]


@pytest.mark.parametrize("lang", LANGS)
def test_accessibility_statement_dates_and_counts_follow_the_language(client, lang):
    page = client.get(f"/{lang}/accessibility").get_data(as_text=True)
    assert format_date(ACCESSIBILITY_STATEMENT_DATE, moments.DAY[lang], locale=lang) in page
    with force_locale(lang):
        promise = ngettext(*REPLY_PROMISE, 5, count=5)
    assert promise in page


# What the accessibility statement says is tested, and the tests that make each claim true: a claim
# whose tests are gone fails here, so the statement never promises more than the suite does.
TESTED = {
    "An automatic checker tests every page against WCAG 2.2 at levels A and AA: empty, filled in and with errors. "
    "No failure is allowed.": ["test_accessibility.py", "test_signed_in.py"],
    "A test does the main tasks with the keyboard alone: signing in, reading your status, rights and programme, "
    "sending a request, booking and cancelling an interpreter, acting for someone, and the staff's work on "
    "requests. At every step it checks that you can see where the focus is, that nothing covers it, and that it "
    "moves in reading order.": ["test_journeys.py", "keyboard.py"],
    "The same tasks are done again with JavaScript turned off.": ["test_journeys.py"],
    "A test reads each page the way a screen reader gets it from the browser. Every button, link and field has a "
    "name in the page's language, headings go in order, each area of the page has its own name, and messages are "
    "read out when they appear.": ["checks.py", "test_checks.py"],
    "Each page is shown 320 pixels wide, as on a small phone or at 400%% zoom, and again with wider spacing "
    "between letters, words and lines. Nothing may need sideways scrolling or be cut off.": ["checks.py"],
    "Each combination of the display settings is tested on pages of every kind, as are the high contrast, forced "
    "colours and reduced motion settings of your device.": ["test_display.py"],
}


@pytest.mark.parametrize("lang", LANGS)
def test_the_accessibility_statement_lists_what_is_tested_and_how(client, lang):
    page = text_of(check_page(client.get(f"/{lang}/accessibility").get_data(as_text=True), f"/{lang}/accessibility"))
    for claim, tests in TESTED.items():
        assert translated(lang, claim) % {} in page  # as the template formats it: %% is a per cent sign
        assert all((ROOT / "tests" / "browser" / test).exists() for test in tests), claim


@pytest.mark.parametrize("lang, form_by_count", [
    ("ru", {1: 0, 21: 0, 2: 1, 24: 1, 5: 2, 11: 2, 12: 2}),  # one, few, many
    ("kk", {1: 0, 2: 1, 5: 1}),
])
def test_counts_pick_the_plural_form_of_the_language(app, lang, form_by_count):
    with (ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        forms = read_po(f)[REPLY_PROMISE[0]].string
    with force_locale(lang):
        for count, index in form_by_count.items():
            assert ngettext(*REPLY_PROMISE, count, count=count) == forms[index] % {"count": count}


@pytest.mark.parametrize("lang", LANGS)
def test_unknown_page_is_a_404_in_the_page_language(client, lang):
    response = client.get(f"/{lang}/no-such-page")
    assert response.status_code == 404
    assert text_of(response.doc.find(".//h1")) == translated(lang, "Page not found")


def test_unknown_language_prefix_is_a_404(client):
    response = client.get("/en/accessibility", headers={"Accept-Language": "ru"})
    assert response.status_code == 404
    assert response.doc.get("lang") == "ru"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path, status, heading", [
    ("forbidden", 403, "You cannot see this page"),
    ("bad", 400, "Sorry, we could not understand that request"),
    ("boom", 500, "Sorry, there is a problem with the service"),
])
def test_error_pages_in_both_languages(support_client, lang, path, status, heading):
    response = support_client.get(f"/{lang}/test-support/{path}")
    assert response.status_code == status
    assert text_of(response.doc.find(".//h1")) == translated(lang, heading)
    assert "Traceback" not in response.get_data(as_text=True)


@pytest.mark.parametrize("lang", LANGS)
def test_a_form_sent_without_a_valid_token_gets_the_expired_form_page(support_client, lang):
    response = support_client.post(f"/{lang}/test-support/form", data={"name": "Әлия"})
    assert response.status_code == 400
    assert text_of(response.doc.find(".//h1")) == translated(lang, "This form has expired")
    again = response.doc.find(".//main//a")
    assert again.get("href") == f"/{lang}/test-support/form"


@pytest.mark.parametrize("lang", LANGS)
def test_form_errors_get_a_summary_and_the_title_prefix(app, database_url, lang):
    from tests.conftest import PageCheckingClient, support_app

    form_app = support_app(database_url, WTF_CSRF_ENABLED=False)
    form_app.test_client_class = PageCheckingClient
    response = form_app.test_client().post(f"/{lang}/test-support/form", data={"name": "Әлия Серікқызы"})
    title = text_of(response.doc.find(".//title"))
    assert title.startswith(translated(lang, "Error:"))
    summary_links = [a.get("href") for a in response.doc.findall(".//*[@data-error-summary]//a")]
    assert summary_links == ["#region", "#contact-0", "#agree"]  # a radio group: its first option
    name = response.doc.find(".//input[@id='name']")
    assert name.get("value") == "Әлия Серікқызы"  # nothing entered is lost
    region = response.doc.find(".//select[@id='region']")
    assert region.get("aria-describedby") == "region-error"
    assert region.get("aria-invalid") == "true"
    fieldset = response.doc.find(".//fieldset")
    assert fieldset.get("aria-describedby") == "contact-hint contact-error"


def test_every_response_carries_a_strict_content_security_policy(client):
    policy = client.get("/kk/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy


@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_no_inline_script_or_style(client, page):
    doc = client.get(page.format(lang="kk")).doc
    assert all(script.get("src") for script in doc.iter("script"))
    assert doc.find(".//style") is None
    assert not [el.tag for el in doc.iter() if el.get("style")]


def test_unknown_environment_is_refused(monkeypatch):
    monkeypatch.setenv("PORTAL_ENV", "staging-typo")
    with pytest.raises(RuntimeError, match="PORTAL_ENV"):
        create_app()
