import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from babel.numbers import format_decimal
from flask import render_template_string
from flask_babel import force_locale

from portal import create_app, i18n, moments
from portal.i18n import CataloguesNotCompiled, language_url, select_locale
from tests.pagecheck import translated


@pytest.mark.parametrize("lang, day", [("kk", "2026 жылғы 8 наурыз"), ("ru", "8 марта 2026 г.")])
def test_dates_and_numbers_are_formatted_for_the_page_language(app, lang, day):
    with app.test_request_context(f"/{lang}/"):
        rendered = render_template_string("{{ day|date }} | {{ amount|number }}", day=dt.date(2026, 3, 8), amount=1234567.5)
    assert rendered == f"{day} | {format_decimal(1234567.5, locale=lang)}"


@pytest.mark.parametrize("lang, day, when, weekday", [
    ("kk", "2026 жылғы 6 желтоқсан", "2026 жылғы 6 желтоқсан, 09:00", "2026 жылғы 6 желтоқсан, жексенбі"),
    ("ru", "6 декабря 2026 г.", "6 декабря 2026 г., 09:00", "воскресенье, 6 декабря 2026 г."),
])
def test_a_date_and_time_is_written_as_each_language_writes_it(app, lang, day, when, weekday):
    # Issue #22, language review §5: Kazakh puts the year first («2026 жылғы 6 желтоқсан»), Russian
    # ends it with «г.»; one pattern for both had given Kazakh the Russian order. The moment is
    # given, never today's, and is shown as Kazakhstan time however it is kept.
    booking = dt.datetime(2026, 12, 6, 9, 0)  # a booking: Kazakhstan wall-clock time, no zone
    same_moment_in_utc = dt.datetime(2026, 12, 6, 4, 0, tzinfo=dt.UTC)
    late_evening_in_utc = dt.datetime(2026, 12, 5, 20, 0, tzinfo=dt.UTC)  # 01:00 on the 6th in Kazakhstan
    with app.test_request_context(f"/{lang}/"):
        assert moments.when(booking) == moments.when(same_moment_in_utc) == when
        assert moments.date(booking.date()) == moments.date(late_evening_in_utc) == day
        assert moments.date(booking.date(), "full") == weekday
        rendered = render_template_string("{{ t|datetime_short }} | {{ d|date }}", t=same_moment_in_utc, d=booking.date())
    assert rendered == f"{when} | {day}"
    with app.test_request_context("/kk/"), force_locale(lang):  # a message rendered in its recipient's language
        assert moments.when(booking) == when


def test_a_missing_date_renders_as_nothing(app):
    with app.test_request_context("/kk/"):
        assert render_template_string("{{ none|date }}", none=None) == ""


@pytest.mark.parametrize("path, accept, expected", [
    ("/ru/privacy", "kk", "ru"),  # the URL decides, not the browser
    ("/kk/no-such-page", "ru", "kk"),
    ("/healthz", "ru-RU,ru;q=0.9,en;q=0.5", "ru"),
    ("/healthz", "de", "kk"),
])
def test_locale_comes_from_the_url_prefix_then_the_browser(app, path, accept, expected):
    with app.test_request_context(path, headers={"Accept-Language": accept}):
        assert select_locale() == expected


@pytest.mark.parametrize("path, lang, expected", [
    ("/kk/privacy?page=2", "ru", "/ru/privacy?page=2"),
    ("/ru/", "kk", "/kk/"),
    ("/kk", "ru", "/ru/"),
    ("/healthz", "ru", "/ru/"),
])
def test_language_url_points_at_the_same_page(app, path, lang, expected):
    path, _, query = path.partition("?")
    with app.test_request_context(path, query_string=query):
        assert language_url(lang) == expected


def test_a_page_looks_its_catalogue_up_once_however_many_strings_it_translates(client, monkeypatch):
    lookups = []
    real = i18n.get_translations
    monkeypatch.setattr(i18n, "get_translations", lambda: lookups.append(1) or real())
    page = client.get("/ru/")
    assert page.doc.find(".//a[@class='skip-link']").text == translated("ru", "Skip to main content")
    assert len(lookups) == 1


def test_a_template_rendered_in_another_locale_translates_into_that_one(app):
    # A message rendered for its recipient inside a request in another language: the catalogue is
    # bound when a rendering starts, not once for the request.
    with app.test_request_context("/kk/"):
        kk = render_template_string("{{ _('Sign in') }}")
        with force_locale("ru"):
            ru = render_template_string("{{ _('Sign in') }}")
    assert (kk, ru) == (translated("kk", "Sign in"), translated("ru", "Sign in"))
    assert kk != ru


def test_a_translated_string_escapes_what_it_is_given_and_reads_percent_signs(app):
    # `_` is the autoescaping newstyle gettext of Jinja, called directly: a name from the registry
    # cannot become markup, and "%%" in a message is a percent sign with or without variables.
    with app.test_request_context("/kk/"):
        rendered = render_template_string("{{ _('%(name)s: 100%%', name=name) }} | {{ _('100%%') }}",
                                          name="<b>Әлия</b>")
    assert rendered == "&lt;b&gt;Әлия&lt;/b&gt;: 100% | 100%"


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_addresses_every_page_links_to_are_those_of_the_pages_language(app, lang):
    # The template's url_for keeps the addresses without values of their own (portal/links.py):
    # one language's must never show on the other's pages, however the requests alternate.
    template_url_for = app.jinja_env.globals["url_for"]
    for path in (f"/{lang}/", "/kk/rights", "/ru/rights", f"/{lang}/contacts"):
        with app.test_request_context(path):
            assert template_url_for("pages.home") == f"/{path.split('/')[1]}/"
            for endpoint, values in [("rights.rights", {}), ("static", {"filename": "css/portal.css"}),
                                     ("requests.detail", {"reference": "QJ-2026-000001"})]:
                assert template_url_for(endpoint, **values) == app.url_for(endpoint, **values)


@pytest.mark.parametrize("spoil, says", [
    (lambda mo, po: mo.unlink(), "is missing"),
    (lambda mo, po: os.utime(mo, (po.stat().st_mtime - 60, po.stat().st_mtime - 60)), "is older than messages.po"),
])
def test_the_portal_does_not_start_without_its_compiled_catalogues(tmp_path, database_url, spoil, says):
    """Issue #23, point 11 (USABILITY.md §9): a missing or stale catalogue would serve English
    under lang="kk" and keep messages in English; the start stops and says what to run."""
    copy = tmp_path / "translations"
    shutil.copytree(Path(__file__).resolve().parents[1] / "translations", copy)
    ru = copy / "ru" / "LC_MESSAGES"
    spoil(ru / "messages.mo", ru / "messages.po")
    with pytest.raises(CataloguesNotCompiled, match=f"ru/LC_MESSAGES/messages.mo {says}.*make compile-translations"):
        create_app({"SQLALCHEMY_DATABASE_URI": database_url, "BABEL_TRANSLATION_DIRECTORIES": str(copy)})
