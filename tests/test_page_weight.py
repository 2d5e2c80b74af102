"""Page weight (issue 9): what a cheap phone downloads on its first visit to each page.

Every page reachable signed out, as demo personas and as an officer is fetched as a browser that
accepts only gzip would fetch it (brotli would be smaller, so this is the upper bound), together
with every file it loads: style sheets, scripts, icons, images, and whatever the style sheets load.
The total must stay under 100 KB. Nothing comes from another site, there are no web fonts, and
the static files carry fingerprinted names with a year's cache, so the second visit downloads the
page alone.
"""

from __future__ import annotations

import gzip
import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from sqlalchemy import select

from portal.demo.staff import load_demo_staff
from portal.models import StaffUser
from tests.conftest import csrf_token, html_of, persona, signed_in

BUDGET = 100_000  # bytes, compressed, HTML and everything it loads
BROWSER = {"Accept-Encoding": "gzip"}
RESOURCES = ".//link[@href]", ".//script[@src]", ".//img[@src]", ".//source[@src]", ".//iframe[@src]"
LOADED = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "apple-touch-icon"}
FINGERPRINT = re.compile(r"\.([0-9a-f]{10})(\.[a-z0-9]+)$")


def get(client, url: str):
    response = client.get(url, headers=BROWSER)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return response


def unpacked(response) -> bytes:
    body = response.get_data()
    return gzip.decompress(body) if response.content_encoding == "gzip" else body


def resources_of(page) -> list[str]:
    """What the browser fetches to show the page (a link to the other language is not fetched)."""
    return [element.get("href") or element.get("src") for pattern in RESOURCES for element in page.doc.findall(pattern)
            if element.tag != "link" or set(element.get("rel", "").split()) & LOADED]


def links_of(page) -> set[str]:
    """The portal's own pages this page links to; "come back here" (?next=) is the same page."""
    found = set()
    for link in page.doc.findall(".//a[@href]"):
        url = urlsplit(link.get("href"))
        if link.get("download") is None and not url.netloc and url.path.split("/")[1:2] in (["kk"], ["ru"]):
            query = urlencode([(k, v) for k, v in parse_qsl(url.query) if k != "next"])
            found.add(url.path + (f"?{query}" if query else ""))
    return found


def crawl(client, starts: list[str]) -> dict:
    """{path: response} of every page reachable from `starts` (a link that sends this visitor
    elsewhere, such as sign-in when signed in, is not one of their pages)."""
    pages, seen, queue = {}, set(), list(starts)
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path, headers=BROWSER)
        if not response.status_code == 302:
            assert response.status_code == 200, f"{path}: {response.status_code}"
            pages[path] = response
            queue.extend(sorted(links_of(response) - seen))
    return pages


def first_visit(client, page) -> dict[str, int]:
    """{url: bytes on the wire} of the files the page loads, style sheets' own files included."""
    sizes, queue = {}, resources_of(page)
    while queue:
        url = queue.pop(0)
        if url in sizes:
            continue
        response = get(client, url)
        sizes[url] = len(response.get_data())
        if response.mimetype == "text/css":
            queue.extend(re.findall(r"url\(['\"]?([^'\")]+)", unpacked(response).decode()))
    return sizes


@pytest.fixture
def crawls(app, client, demo, session):
    """Every page of each kind of visitor: {visitor: {path: response}}."""
    load_demo_staff(session)
    people = {
        "signed out": None,
        "wheelchair user": persona(demo, lambda p: any(i["kind"] == "personal_assistant"
                                                       for pr in p["programmes"] for i in pr["items"])),
        "parent": persona(demo, lambda p: not p["decisions"]),
    }
    results = {}
    for name, iin in people.items():
        visitor = app.test_client()
        if iin:
            signed_in(visitor, iin)
        results[name] = crawl(visitor, ["/kk/", "/ru/"] if iin is None else ["/kk/cabinet/", "/ru/cabinet/"])
    officer = app.test_client()
    assert session.scalar(select(StaffUser).where(StaffUser.username == "astana.officer"))
    officer.post("/kk/login", data={"persona": "staff:astana.officer", "csrf_token": csrf_token(officer)})
    results["officer"] = crawl(officer, ["/kk/staff/", "/ru/staff/"])
    return results, client


def test_every_first_visit_is_under_100_kb_compressed(crawls):
    results, client = crawls
    heavy = {}
    for visitor, pages in results.items():
        assert len(pages) > 3, f"{visitor}: the crawl found only {sorted(pages)}"
        for path, page in pages.items():
            total = len(page.get_data()) + sum(first_visit(client, page).values())
            if total >= BUDGET:
                heavy[f"{visitor} {path}"] = total
    assert not heavy, f"over {BUDGET} bytes: {heavy}"


def test_pages_go_out_compressed(crawls):
    results, _ = crawls
    plain = [f"{visitor} {path}" for visitor, pages in results.items() for path, page in pages.items()
             if page.content_encoding != "gzip"]
    assert not plain, plain


def test_nothing_comes_from_another_site_and_there_are_no_web_fonts(crawls):
    results, client = crawls
    for pages in results.values():
        for path, page in pages.items():
            files = first_visit(client, page)
            foreign = [url for url in files if not url.startswith("/") or url.startswith("//")]
            assert not foreign, f"{path} loads {foreign}"
            fonts = [url for url in files if re.search(r"\.(woff2?|ttf|otf|eot)$", url)]
            assert not fonts, f"{path} loads fonts {fonts}"
    css = b"".join(unpacked(get(client, url)) for url in first_visit(client, results["signed out"]["/kk/"])
                   if url.endswith(".css"))
    assert css and b"@font-face" not in css and b"@import" not in css


def test_static_files_have_fingerprinted_names_and_a_year_of_cache(crawls):
    results, client = crawls
    files = first_visit(client, results["signed out"]["/kk/"])
    assert {FINGERPRINT.sub(r"\2", url) for url in files} == {
        "/static/css/portal.css", "/static/img/favicon.svg", "/static/js/htmx.min.js", "/static/js/portal.js"}
    for url in files:
        response = get(client, url)
        digest = FINGERPRINT.search(url).group(1)
        assert hashlib.sha256(unpacked(response)).hexdigest()[:10] == digest, f"{url}: the name is not its content"
        assert response.cache_control.max_age == 365 * 24 * 3600 and response.cache_control.immutable, url
        assert response.cache_control.public, url
        assert "Accept-Encoding" in response.vary, url


def test_a_plain_static_name_is_still_served_and_revalidated(client):
    with client.get("/static/css/portal.css") as response:
        assert response.status_code == 200 and b"body" in response.get_data()
        assert response.cache_control.no_cache and not response.cache_control.immutable


def test_a_page_read_gzipped_is_the_same_page(client):
    plain, packed = client.get("/kk/"), client.get("/kk/", headers=BROWSER)
    assert packed.content_encoding == "gzip" and "Accept-Encoding" in packed.vary
    assert html_of(packed).split("csrf_token")[0] == plain.get_data(as_text=True).split("csrf_token")[0]
