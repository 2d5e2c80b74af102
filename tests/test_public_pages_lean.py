"""Lean public pages (issue #20): the home and rights pages of someone who is not signed in cost
their rendering and their compression, and nothing else a page of theirs does not need.

- No database: not one SQL statement, not even a connection taken from the pool. Who is signed in
  is read from the session cookie first (portal.auth.session.current_record), and without one
  nothing is looked up.
- No session cookie: the answer sets none, and changes none it did not get (a visitor with only
  the display-settings cookie gets no other).
- No form token: the only forms of the layout (the header's "Sign out", the session warning) are
  there only when someone is signed in, so the token is never made.
- Rendered once: the page of a visitor without a session is the same for every such visitor in
  its language with its display settings, so it is kept when first rendered (portal/kept_pages.py).
- The same headers as every page: the policy, `Vary: Cookie, Accept-Encoding` (the display
  settings change the page; so does the encoding), and no `no-store`, which is for personal pages.

Compression: pages at a fast level (portal/config.py); static files compressed once when the app
starts (portal/assets.py), never per request.
"""

from __future__ import annotations

import gzip

import brotli
import pytest
from flask import template_rendered
from flask.testing import FlaskClient
from sqlalchemy import event

from portal.extensions import db
from tests.conftest import signed_in

PUBLIC_PAGES = ["/kk/", "/ru/", "/kk/rights", "/ru/rights"]
VISITORS = {"anonymous": None, "display cookie": "text=large"}
# The test client checks every page it renders, and reads gzip only (tests/conftest.py).
BROWSER = {"Accept-Encoding": "gzip"}


@pytest.fixture
def database_work(app):
    """Every SQL statement run and every connection taken from the pool while the test runs."""
    seen = []

    def statement(conn, cursor, sql, *args):
        seen.append(sql)

    def checkout(*args):
        seen.append("(a connection taken from the pool)")

    event.listen(db.engine, "before_cursor_execute", statement)
    event.listen(db.engine.pool, "checkout", checkout)
    yield seen
    event.remove(db.engine, "before_cursor_execute", statement)
    event.remove(db.engine.pool, "checkout", checkout)


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_public_page_touches_no_database_no_session_and_no_form_token(app, database_work, path, visitor):
    client = app.test_client()
    if VISITORS[visitor]:
        client.set_cookie("display", VISITORS[visitor])
    database_work.clear()
    response = client.get(path, headers=BROWSER)
    assert response.status_code == 200
    assert database_work == [], f"{path} ({visitor}) used the database: {database_work}"
    assert response.headers.getlist("Set-Cookie") == [], f"{path} ({visitor}) set a cookie"
    page = gzip.decompress(response.get_data())
    assert b"csrf_token" not in page
    assert {"Cookie", "Accept-Encoding"} <= set(response.vary)
    assert "Content-Security-Policy" in response.headers
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_pages_are_compressed_at_a_fast_level(app):
    assert (app.config["COMPRESS_BR_LEVEL"], app.config["COMPRESS_LEVEL"], app.config["COMPRESS_ZSTD_LEVEL"]) == (2, 3, 3)
    client = FlaskClient(app, app.response_class)  # reads brotli, which the page-checking client cannot
    plain = client.get("/kk/rights").get_data()
    packed = client.get("/kk/rights", headers={"Accept-Encoding": "br"})
    assert packed.content_encoding == "br"
    assert packed.get_data() == brotli.compress(plain, quality=2, lgwin=22)
    gzipped = client.get("/kk/rights", headers={"Accept-Encoding": "gzip"})
    assert gzipped.content_encoding == "gzip" and gzip.decompress(gzipped.get_data()) == plain


def test_static_files_are_compressed_once_not_per_request(app, monkeypatch):
    client = app.test_client()
    page = client.get("/kk/").get_data(as_text=True)
    style = page.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]

    def compressed_again(*args, **kwargs):
        raise AssertionError("a static file was compressed while being served")

    monkeypatch.setattr("portal.assets.gzip.compress", compressed_again)
    monkeypatch.setattr("flask_compress.flask_compress._compress_data", compressed_again)
    first, second = (client.get(style, headers=BROWSER) for _ in range(2))
    assert first.content_encoding == second.content_encoding == "gzip"
    assert first.get_data() == second.get_data() and b"body" in gzip.decompress(first.get_data())
    assert "Accept-Encoding" in first.vary


@pytest.fixture
def renderings(app):
    """The templates rendered while the test runs."""
    rendered = []

    def note(sender, template, context, **extra):
        rendered.append(template.name)

    template_rendered.connect(note, app)
    yield rendered
    template_rendered.disconnect(note, app)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_visitors_public_page_is_rendered_once_and_given_as_it_was(app, renderings, path):
    first = app.test_client().get(path, headers=BROWSER)
    renderings.clear()
    again = app.test_client().get(path, headers=BROWSER)
    assert renderings == []
    assert gzip.decompress(again.get_data()) == gzip.decompress(first.get_data())
    assert again.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    assert set(again.vary) == set(first.vary)


def test_a_kept_page_is_kept_for_its_language_and_display_settings_alone(app):
    pages = set()
    for path in ("/kk/", "/ru/"):
        for settings, classes in [(None, None), ("text=large", "display-text-large"),
                                  ("colours=dark&spacing=wide", "display-colours-dark display-spacing-wide")]:
            client = app.test_client()
            if settings:
                client.set_cookie("display", settings)
            first, again = (client.get(path, headers=BROWSER) for _ in range(2))
            assert (first.doc.get("lang"), first.doc.get("class")) == (path.strip("/"), classes)
            assert gzip.decompress(again.get_data()) == gzip.decompress(first.get_data())
            pages.add(gzip.decompress(first.get_data()))
    assert len(pages) == 6


def test_a_signed_in_person_never_gets_a_visitors_kept_page_nor_a_visitor_theirs(app, demo, renderings):
    iin = next(iter(demo))
    visitor = app.test_client()
    assert not visitor.get("/kk/", headers=BROWSER).doc.findall(".//form")
    person = signed_in(app.test_client(), iin)
    renderings.clear()
    header = person.get("/kk/", headers=BROWSER).doc.find(".//header//form[@action='/kk/logout']")
    assert header is not None and header.find("input[@name='csrf_token']").get("value")
    assert renderings == ["pages/home.html"]
    assert not visitor.get("/kk/", headers=BROWSER).doc.findall(".//form")


def test_a_page_asked_with_a_query_is_rendered_for_it(app, renderings):
    client = app.test_client()
    client.get("/kk/rights", headers=BROWSER)
    renderings.clear()
    page = client.get("/kk/rights?from=leaflet", headers=BROWSER).doc
    assert renderings == ["rights/rights.html"]
    other_language = page.find(".//nav[@class='language-links']//a[@hreflang='ru']").get("href")
    assert other_language == "/ru/rights?from=leaflet"
