"""Headers and cookies (OWASP ASVS 14.4, 3.4): the same strict policy on every kind of answer, HSTS in
production, no stored copies of personal pages, safe cookies, and a CSRF check on every form and on
every API call that changes something with the session cookie."""

from __future__ import annotations

import pytest
from werkzeug.http import parse_cookie

from portal import create_app
from portal.demo.staff import DEMO_STAFF_PASSWORD, load_demo_staff
from portal.security import CONTENT_SECURITY_POLICY
from tests.conftest import csrf_token, password_signed_in, persona, signed_in
from tests.pagecheck import text_of, translated
from tests.production import PRODUCTION

# Values for the variable parts of any route, so every route of the app can be called.
ROUTE_VALUES = {"lang": "kk", "kind": "contact_details", "question": "phone", "reference": "KZ-2026-000001",
                "mandate_id": 1, "action": "approve", "token_id": 1, "evidence_id": 1, "iin": "000000000000",
                "department_id": 1, "number": "IRP-DEMO-000601", "line": 5,
                "code": "persons-by-age-sex"}


@pytest.fixture
def adult(demo):
    return persona(demo, lambda p: p["decisions"] and p["phone"])


def set_cookies(response) -> dict[str, str]:
    """{cookie name: its whole Set-Cookie header}."""
    return {header.split("=", 1)[0]: header for header in response.headers.getlist("Set-Cookie")}


def attributes(set_cookie: str) -> set[str]:
    return {part.strip().split("=")[0].lower() for part in set_cookie.split(";")[1:]}


def answers_of_every_kind(client, adult) -> list:
    """A public page, a 404, a static file, an API error, then pages of a signed-in person."""
    answers = [client.get("/kk/"), client.get("/ru/no-such-page"), client.get("/api/v1/me"),
               client.get("/static/css/portal.css")]
    signed_in(client, adult)
    return answers + [client.get("/kk/cabinet/status"), client.get("/ru/requests/"), client.get("/api/v1/me")]


def test_every_kind_of_answer_has_the_same_strict_headers(client, adult):
    for response in answers_of_every_kind(client, adult):
        assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert "camera=()" in response.headers["Permissions-Policy"]
        response.close()  # the static file's


def test_the_policy_allows_no_inline_code_no_framing_and_no_other_site():
    directives = dict(part.split(" ", 1) for part in CONTENT_SECURITY_POLICY.split("; "))
    assert directives["frame-ancestors"] == "'none'"
    assert directives["script-src"] == directives["style-src"] == directives["default-src"] == "'self'"
    assert directives["object-src"] == directives["base-uri"] == "'none'"
    assert "unsafe" not in CONTENT_SECURITY_POLICY and "*" not in CONTENT_SECURITY_POLICY


def test_hsts_only_in_production(monkeypatch, client):
    assert "Strict-Transport-Security" not in client.get("/kk/").headers  # development runs on plain HTTP
    monkeypatch.setenv("PORTAL_ENV", "production")
    production = create_app(PRODUCTION)
    hsts = production.test_client().get("/kk/").headers["Strict-Transport-Security"]
    assert hsts == "max-age=63072000; includeSubDomains"


def test_personal_pages_are_never_stored(client, adult):
    assert "no-store" not in client.get("/kk/rights").headers.get("Cache-Control", "")
    signed_in(client, adult)
    for path in ["/kk/cabinet/", "/kk/cabinet/status", "/kk/cabinet/programme", "/kk/cabinet/payments", "/kk/requests/",
                 "/kk/rights", "/api/v1/status", "/api/v1/benefits", "/api/v1/payments"]:
        assert client.get(path).headers["Cache-Control"] == "no-store", path
    with client.get("/static/css/portal.css") as static:
        assert "no-store" not in static.headers["Cache-Control"]  # the same for everyone


def test_back_office_pages_are_never_stored(app, client):
    load_demo_staff(app.extensions["sqlalchemy"].session)
    password_signed_in(client, "staff", "astana.officer")
    assert client.get("/kk/staff/").headers["Cache-Control"] == "no-store"


def test_the_session_cookie_is_http_only_same_site_and_secure_in_production(monkeypatch, client, adult):
    cookie = set_cookies(client.post("/kk/login", data={"persona": adult, "csrf_token": csrf_token(client)}))
    assert {"httponly", "samesite"} <= attributes(cookie["session"]) and "SameSite=Lax" in cookie["session"]
    assert "secure" not in attributes(cookie["session"])  # development is plain HTTP on 127.0.0.1

    monkeypatch.setenv("PORTAL_ENV", "production")
    production = create_app(PRODUCTION)
    cookie = set_cookies(production.test_client().get("/kk/login"))["session"]
    assert {"httponly", "secure", "samesite"} <= attributes(cookie) and "SameSite=Lax" in cookie


def test_the_display_cookie_is_as_safe_as_the_session(client):
    page = client.get("/kk/display")
    token = page.doc.find(".//input[@name='csrf_token']").get("value")
    fields = {field.get("name"): field.get("value") for field in page.doc.iter("input")
              if field.get("type") == "radio" and field.get("checked") is None}
    response = client.post("/kk/display", data={**fields, "csrf_token": token})
    display = [header for name, header in set_cookies(response).items() if name != "session"]
    assert display and all({"httponly", "samesite"} <= attributes(header) for header in display)
    assert all(parse_cookie(header) for header in display)


def post_routes(app, prefix: str) -> list[str]:
    """Every URL of the app that takes POST under `prefix`, with the route's variables filled in."""
    with app.test_request_context():
        return sorted({build(app, rule) for rule in app.url_map.iter_rules()
                       if "POST" in rule.methods and rule.rule.startswith(prefix)})


def build(app, rule) -> str:
    values = {name: ROUTE_VALUES[name] for name in rule.arguments}
    return app.url_for(rule.endpoint, **values)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_form_refuses_a_post_without_its_token(app, client, adult, lang):
    load_demo_staff(app.extensions["sqlalchemy"].session)
    signed_in(client, adult)
    forms = [url.replace("/kk/", f"/{lang}/", 1) for url in post_routes(app, "/<lang>/")]
    assert len(forms) > 20
    for url in forms:
        response = client.post(url, data={"username": "astana.officer", "password": DEMO_STAFF_PASSWORD})
        assert response.status_code == 400, url
        assert text_of(response.doc.find(".//h1")) == translated(lang, "This form has expired"), url


def test_every_api_change_by_cookie_needs_the_csrf_header(app, client, adult):
    signed_in(client, adult)
    calls = post_routes(app, "/api/")
    assert len(calls) >= 3
    for url in calls:
        response = client.post(url, json={})
        assert response.status_code == 400, url
        assert [error["code"] for error in response.get_json()["errors"]] == ["csrf"], url
