"""Signed-in visitors for the benchmark, made the way a person makes them: the IIN, then the code
the text-message gateway was asked to send. Their cookies then go to wrk.

Production cookies are `Secure`, which an HTTP client will not send back over plain HTTP on
127.0.0.1, so a Visitor keeps its cookies itself.
"""

from __future__ import annotations

import re
import secrets
import time
import uuid
from urllib.parse import urlencode

import psycopg
import pyotp
import requests
from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from psycopg.types.json import Json

from benchmarks.servers import SmsSink
from portal.auth import records
from portal.auth.session import SESSION_KEY
from portal.demo.staff import DEMO_STAFF_PASSWORD, DEMO_TOTP_SECRET

CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"|<input[^>]*value="([^"]+)"[^>]*name="csrf_token"')
SUBMISSION_ID = re.compile(r'name="submission_id"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="submission_id"')


def field(pattern: re.Pattern, page: str) -> str:
    match = pattern.search(page)
    if not match:
        raise RuntimeError(f"no {pattern.pattern[:40]}… in the page")
    return match.group(1) or match.group(2)


class Visitor:
    def __init__(self, base: str):
        self.base, self.cookies = base, {}

    @property
    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def send(self, method: str, path: str, data: dict | None = None) -> requests.Response:
        response = requests.request(method, self.base + path, data=data, allow_redirects=False, timeout=30,
                                    headers={"Cookie": self.cookie_header})
        self.cookies.update(response.cookies.get_dict())
        return response

    def form(self, path: str, data: dict, expect: str) -> requests.Response:
        """Fill in the form on `path` and send it; it must redirect to a path containing `expect`."""
        token = field(CSRF, self.send("GET", path).text)
        response = self.send("POST", path, {**data, "csrf_token": token})
        if response.status_code != 302 or expect not in response.headers["Location"]:
            raise RuntimeError(f"{path}: {response.status_code} {response.headers.get('Location')}")
        return response


def sign_in(base: str, sms: SmsSink, iin: str, phone: str) -> Visitor:
    """The code is sent after the portal's answer, so it is waited for (SmsSink.code_for)."""
    visitor = Visitor(base)
    sms.forget(phone)
    visitor.form("/kk/login", {"iin": iin}, "/login/code")
    visitor.form("/kk/login/code", {"code": sms.code_for(phone)}, "/cabinet/")
    return visitor


def staff_sign_in(base: str, username: str) -> Visitor:
    """A demo officer, signed in with the demo password on the staff sign-in page, then the code of
    the demo authenticator key (issue #26)."""
    visitor = Visitor(base)
    visitor.form("/kk/staff/login", {"username": username, "password": DEMO_STAFF_PASSWORD}, "/staff/login/code")
    demo_app_code_given(visitor, "/kk/staff/login/code", "/staff/")
    return visitor


def demo_app_code_given(visitor, path: str, expect: str, attempts: int = 2) -> None:
    """The demo authenticator app's code now. The portal takes each code once per account, so when
    the account signed in within these 30 seconds already (an earlier run, another visitor), the
    next code is waited for."""
    for attempt in range(attempts):
        token = field(CSRF, visitor.send("GET", path).text)
        response = visitor.send("POST", path, {"code": pyotp.TOTP(DEMO_TOTP_SECRET).now(), "csrf_token": token})
        if response.status_code == 302 and expect in response.headers["Location"]:
            return
        if attempt + 1 < attempts:
            time.sleep(30 - time.time() % 30 + 1)
    raise RuntimeError(f"{path}: {response.status_code} {response.headers.get('Location')}")


def submissions(visitor: Visitor, secret_key: str, database_url: str, iins: list[str]) -> list[tuple[str, str]]:
    """One (cookie, form body) pair for each person of `iins`, each sending the check-answers page
    of a change-of-contact-details request of that person's own.

    The portal keeps sessions and drafts on the server, one draft per person and kind, so one
    person cannot send a journey twice. The visitor answers the questions up to the check page once,
    through the pages; then each person gets, straight in the database, a signed-in session and a
    draft with the visitor's answers and a submission id of its own, as if they had signed in and
    answered the same. Each cookie is the visitor's signed session with that session's key and IIN
    (the benchmark knows the portal's SECRET_KEY), so the visitor's form token stays valid.
    """
    path = "/kk/requests/new/contact_details"
    visitor.send("GET", path)
    visitor.form(f"{path}/phone", {"phone": "+77017654321"}, "/check")
    page = visitor.send("GET", f"{path}/check").text
    token = field(CSRF, page)
    serializer = SecureCookieSessionInterface().get_signing_serializer(_app_with(secret_key))
    session = serializer.loads(visitor.cookies["session"])
    with psycopg.connect(database_url) as conn:
        answered = conn.execute("SELECT data FROM draft WHERE author_iin = %s AND subject_iin = %s AND kind = %s",
                                [session["iin"], session["iin"], "contact_details"]).fetchone()[0]
        if answered["submission_id"] != field(SUBMISSION_ID, page):
            raise RuntimeError("the check page does not carry the visitor's draft")
        journeys = plant_journeys(conn, answered, iins)
    pairs = []
    for iin, (key, submission_id) in journeys.items():
        cookie = f"session={serializer.dumps({**session, SESSION_KEY: key, 'iin': iin})}"
        pairs.append((cookie, urlencode({"csrf_token": token, "submission_id": submission_id, "declaration": "y"})))
    return pairs


def plant_journeys(conn: psycopg.Connection, answered: dict, iins: list[str]) -> dict[str, tuple[str, str]]:
    """For each person, a session signed in now and a contact-details draft with these answers
    (replacing one left by an earlier measurement); returns each person's (session key, submission id)."""
    journeys = {iin: (secrets.token_urlsafe(32), uuid.uuid4().hex) for iin in iins}
    with conn.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO signed_in_session (key_hash, role, account, created_at, last_seen_at)"
            " VALUES (%s, 'person', %s, now(), now())",
            [(records.key_hash(key), iin) for iin, (key, _) in journeys.items()])
        cursor.executemany(
            "INSERT INTO draft (author_iin, subject_iin, kind, data, updated_at)"
            " VALUES (%s, %s, 'contact_details', %s, now())"
            " ON CONFLICT (author_iin, subject_iin, kind) DO UPDATE SET data = excluded.data, updated_at = now()",
            [(iin, iin, Json({**answered, "submission_id": submission_id}))
             for iin, (_, submission_id) in journeys.items()])
    conn.commit()
    return journeys


def _app_with(secret_key: str) -> Flask:
    app = Flask("benchmark", root_path=".")
    app.secret_key = secret_key
    return app
