"""Lean public pages (issue #20): the home and rights pages of someone who is not signed in cost
their rendering and their compression, and nothing else a page of theirs does not need.

- No database: not one SQL statement, not even a connection taken from the pool. Who is signed in
  is read from the session cookie first (portal.auth.session.current_record), and without one
  nothing is looked up.
- No session cookie: the answer sets none, and changes none it did not get (a visitor with only
  the display-settings cookie gets no other).
- No form token: the only forms of the layout (the header's "Sign out", the session warning) are
  there only when someone is signed in, so the token is never made.
- The same headers as every page: the policy, `Vary: Cookie, Accept-Encoding` (the display
  settings change the page; so does the encoding), and no `no-store`, which is for personal pages.

Compression: pages at a fast level (portal/config.py); static files compressed once when the app
starts (portal/assets.py), never per request.
"""

from __future__ import annotations

import gzip

import brotli
import pytest
from flask.testing import FlaskClient
from sqlalchemy import event

from portal.extensions import db

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
