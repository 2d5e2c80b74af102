"""Found by search engines (issue #22): every public page describes itself in its language and
names its canonical address and its Kazakh, Russian and default alternates, all from
PUBLIC_BASE_URL; every other page asks not to be indexed; robots.txt keeps crawlers out of the
signed-in areas and names the sitemap, which lists every public page in both languages.

Lighthouse's SEO audit is run by hand (README, "Found by search engines"): it needs npm."""

from __future__ import annotations

import re
import urllib.robotparser
import xml.etree.ElementTree as ET

import pytest

from portal import create_app
from portal.demo.interpreters import load_demo_interpreters
from portal.demo.staff import load_demo_staff
from portal.pages.seo import PUBLIC_PAGES, PUBLIC_PAGES_BY_VALUE
from portal.statistics.tables import COUNT_TABLES
from tests.conftest import app_for_test, password_signed_in, persona, signed_in

BASE = "https://qoljetimdi.kz"
LANGS = ["kk", "ru"]
# The public pages, as the sitemap must list them in each language.
PUBLIC_PATHS = ["/{lang}/", "/{lang}/rights", "/{lang}/verify", "/{lang}/login", "/{lang}/display",
                "/{lang}/accessibility", "/{lang}/contacts", "/{lang}/privacy", "/{lang}/statistics/",
                "/{lang}/statistics/indicators", "/{lang}/statistics/open-data"]
# And a page for each table of the statistics.
PUBLIC_PATHS_BY_VALUE = ["/{lang}/statistics/" + code for code in COUNT_TABLES]
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
# Letters Kazakh has and Russian has not: a Kazakh description without one is not Kazakh, a Russian
# one with one (outside the service's name, Kazakh in both) is not Russian.
SERVICE = "Қолжетімді"
KAZAKH_LETTERS = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


@pytest.fixture
def site(database_url, request):
    """A portal whose public address is not the one the test client asks with."""
    with app_for_test(database_url, request, PUBLIC_BASE_URL=BASE + "/") as app:
        yield app


def head_of(response) -> dict:
    head = response.doc.find("head")
    return {
        "description": [m.get("content") for m in head.findall("meta[@name='description']")],
        "robots": [m.get("content") for m in head.findall("meta[@name='robots']")],
        "canonical": [link.get("href") for link in head.findall("link[@rel='canonical']")],
        "alternates": {link.get("hreflang"): link.get("href") for link in head.findall("link[@rel='alternate']")},
    }


@pytest.mark.parametrize("lang", LANGS)
def test_each_public_page_has_its_own_description_in_its_language(site, lang):
    client = site.test_client()
    descriptions = {}
    for path in PUBLIC_PATHS:
        response = client.get(path.format(lang=lang))
        assert response.status_code == 200, path
        head = head_of(response)
        assert len(head["description"]) == 1, path
        description = head["description"][0]
        assert description.strip() and CYRILLIC.search(description), f"{path}: {description!r} is not translated"
        assert bool(KAZAKH_LETTERS.search(description.replace(SERVICE, ""))) == (lang == "kk"), f"{path}: {description!r} is not in {lang}"
        assert head["robots"] == [], path
        descriptions[path] = description
    assert len(set(descriptions.values())) == len(PUBLIC_PATHS), descriptions


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_each_public_page_names_its_canonical_address_and_alternates(site, path, lang):
    head = head_of(site.test_client().get(path.format(lang=lang)))
    assert head["canonical"] == [BASE + path.format(lang=lang)]
    assert head["alternates"] == {"kk": BASE + path.format(lang="kk"), "ru": BASE + path.format(lang="ru"),
                                  "x-default": BASE + path.format(lang="kk")}


@pytest.mark.parametrize("path, canonical", [
    ("/ru/display?next=/ru/rights", "/ru/display"),
    ("/kk/verify?reference=QJ-7K4M-X2PA", "/kk/verify"),
    ("/kk/rights?from=leaflet", "/kk/rights"),
])
def test_the_addresses_come_from_the_public_base_url_without_the_query_or_the_host(site, path, canonical):
    """A query is not another page, and a forged Host must not name another site as the page's own."""
    response = site.test_client().get(path, headers={"Host": "attacker.example"})
    head = head_of(response)
    assert head["canonical"] == [BASE + canonical]
    assert all(address.startswith(BASE + "/") for address in head["alternates"].values())


def test_signed_in_pages_ask_not_to_be_indexed(site, demo, session):
    person = signed_in(site.test_client(), persona(demo, lambda p: p["decisions"]))
    load_demo_staff(session)
    load_demo_interpreters(session)
    officer = password_signed_in(site.test_client(), "staff", "astana.officer")
    interpreter = password_signed_in(site.test_client(), "interpreter", "aizhan.seitkali")
    visitor = site.test_client()
    pages = [(person, "/kk/cabinet/"), (person, "/ru/cabinet/status"), (person, "/kk/requests/"),
             (person, "/kk/mandates"), (person, "/kk/account/tokens"), (person, "/kk/interpreters/"),
             (officer, "/kk/staff/"), (interpreter, "/ru/interpreter/"),
             (visitor, "/kk/staff/login"), (visitor, "/ru/interpreter/login"), (visitor, "/kk/signed-out")]
    for client, path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        head = head_of(response)
        assert head == {"description": [], "robots": ["noindex"], "canonical": [], "alternates": {}}, path


def test_an_error_page_asks_not_to_be_indexed(site):
    response = site.test_client().get("/kk/no-such-page")
    assert response.status_code == 404
    assert head_of(response)["robots"] == ["noindex"]


def test_robots_txt_keeps_crawlers_to_the_public_pages_and_names_the_sitemap(site):
    response = site.test_client().get("/robots.txt")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert response.cache_control.public and response.cache_control.max_age == 86400
    robots = urllib.robotparser.RobotFileParser()
    robots.parse(response.get_data(as_text=True).splitlines())
    assert robots.site_maps() == [BASE + "/sitemap.xml"]
    with site.test_request_context():
        for rule in site.url_map.iter_rules():
            if "GET" not in rule.methods or rule.endpoint in {"static", "root.index", "root.robots_txt",
                                                              "root.sitemap"}:
                continue
            for lang in LANGS:
                # Each <value> of the rule filled with a word, which is all robots.txt reads.
                path = re.sub(r"<[^>]+>", "x", rule.rule.replace("<lang>", lang))
                allowed = robots.can_fetch("Googlebot", BASE + path)
                assert allowed == (rule.endpoint in PUBLIC_PAGES or rule.endpoint in PUBLIC_PAGES_BY_VALUE), (
                    f"{path} ({rule.endpoint}) is {'allowed' if allowed else 'disallowed'} in robots.txt: "
                    "a page behind a sign-in belongs in portal/pages/seo.py SIGNED_IN_AREAS, "
                    "a public page in PUBLIC_PAGES")


def test_the_sitemap_lists_every_public_page_in_both_languages_with_its_alternates(site):
    response = site.test_client().get("/sitemap.xml")
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    assert response.cache_control.public and response.cache_control.max_age == 86400
    urlset = ET.fromstring(response.get_data())
    assert urlset.tag == SITEMAP + "urlset"
    listed = {}
    for url in urlset.findall(SITEMAP + "url"):
        links = url.findall(XHTML + "link")
        assert all(link.get("rel") == "alternate" for link in links)
        listed[url.findtext(SITEMAP + "loc")] = {link.get("hreflang"): link.get("href") for link in links}
    expected = {BASE + path.format(lang=lang): {"kk": BASE + path.format(lang="kk"),
                                                "ru": BASE + path.format(lang="ru"),
                                                "x-default": BASE + path.format(lang="kk")}
                for path in PUBLIC_PATHS + PUBLIC_PATHS_BY_VALUE for lang in LANGS}
    assert listed == expected
    assert len(urlset) == len(PUBLIC_PATHS + PUBLIC_PATHS_BY_VALUE) * len(LANGS)


def test_the_public_pages_are_the_ones_the_sitemap_lists():
    app = create_app()
    with app.test_request_context():
        endpoints = {app.url_map.bind("localhost").match(path.format(lang="kk"))[0] for path in PUBLIC_PATHS}
        by_value = {app.url_map.bind("localhost").match(path.format(lang="kk"))[0] for path in PUBLIC_PATHS_BY_VALUE}
    assert endpoints == set(PUBLIC_PAGES)
    assert by_value == set(PUBLIC_PAGES_BY_VALUE)
