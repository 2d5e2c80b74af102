"""Signed-in visitors for the benchmark, made the way a person makes them: the IIN, then the code
the text-message gateway was asked to send. Their cookies then go to wrk.

Production cookies are `Secure`, which an HTTP client will not send back over plain HTTP on
127.0.0.1, so a Visitor keeps its cookies itself.
"""

from __future__ import annotations

import re
import time
import uuid
from urllib.parse import urlencode

import requests
from flask import Flask
from flask.sessions import SecureCookieSessionInterface

from benchmarks.servers import SmsSink

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


def submissions(visitor: Visitor, secret_key: str, count: int) -> list[tuple[str, str]]:
    """`count` (cookie, form body) pairs, each sending the check-answers page of its own draft.

    The visitor answers a change-of-contact-details request up to the check page once; its signed
    session is then copied with a new submission id per copy (the benchmark knows the portal's
    SECRET_KEY), as if the person had gone through the questions `count` times.
    """
    path = "/kk/requests/new/contact_details"
    visitor.send("GET", path)
    visitor.form(f"{path}/phone", {"phone": "+77017654321"}, "/check")
    page = visitor.send("GET", f"{path}/check").text
    token = field(CSRF, page)
    field(SUBMISSION_ID, page)  # the page carries the draft's id, which each copy replaces
    serializer = SecureCookieSessionInterface().get_signing_serializer(_app_with(secret_key))
    session = serializer.loads(visitor.cookies["session"])
    session["seen"] = int(time.time())
    pairs = []
    for _ in range(count):
        draft = session["drafts"][session["iin"]]["contact_details"]
        draft["submission_id"] = fresh = uuid.uuid4().hex
        cookie = f"session={serializer.dumps(session)}"
        pairs.append((cookie, urlencode({"csrf_token": token, "submission_id": fresh, "declaration": "y"})))
    return pairs


def _app_with(secret_key: str) -> Flask:
    app = Flask("benchmark", root_path=".")
    app.secret_key = secret_key
    return app
