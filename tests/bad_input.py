"""Bad input everywhere (issue #10): Hypothesis drives every form with random, oversized,
wrong-script and malformed input. Whatever arrives, the answer is never a 5xx; a form that cannot
take it says why in the page's language, in the error summary, and keeps the person's other answers.

Each test signs in once; every example then starts from the same session cookie in a new client, so
the examples do not depend on each other (what one changes in the database is put back, or does not
matter to the next). The examples are derandomized: every run tries the same ones.

Each area's test_bad_input.py holds the tests of its own forms and addresses, tests/test_bad_input.py
those that cross the areas; this module holds what several of them use: the examples' settings, the
visitor each example starts from, reading a page's answer, and two fixtures (a deaf person signed in,
the demo staff and interpreters) that their modules import."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import pytest
from babel import support
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select
from wtforms.i18n import messages_path

from portal import clock
from portal.bookings.services import now_local
from portal.demo.interpreters import load_demo_interpreters
from portal.demo.staff import load_demo_staff
from portal.extensions import db, limiter
from portal.forms import NOT_SHOWABLE
from portal.models import Draft, Evidence
from portal.registry import registry
from portal.requests.kinds import KINDS
from tests.conftest import csrf_token, items_of, persona, signed_in
from tests.pagecheck import text_of, translated
from tests.requests.journey import complete_journey, send
from tests.strategies import bad_text, huge_numbers, random_text


LANGS = ["kk", "ru"]


def examples(count: int):
    """The Hypothesis settings of a test: `count` examples (for each language), the same every run."""
    return settings(max_examples=count, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.data_too_large, HealthCheck.filter_too_much])


@dataclass
class Visitor:
    """A browser as it was before the examples: each example starts from its cookie in a new client,
    and from the journeys in progress it had then (kept on the server, portal/drafts.py)."""

    app: object
    cookie: str | None = None
    token: str = ""  # the form token of the session: one for all its forms
    drafts: list[dict] | None = None
    uploads: list[dict] | None = None  # files not joined to a request: a new upload deletes the one it replaces

    def client(self):
        limiter.reset()  # the sign-in and submission limits would stop the later examples
        if self.drafts is not None:
            db.session.execute(delete(Draft))
            db.session.execute(delete(Evidence).where(Evidence.request_id.is_(None)))
            db.session.add_all([*(Draft(**row) for row in self.drafts), *(Evidence(**row) for row in self.uploads)])
            db.session.commit()
        client = self.app.test_client()
        if self.cookie:
            client.set_cookie("session", self.cookie)
        return client


def visitor(app, client, form_url: str) -> Visitor:
    """The client as it is now, with the form token the page at `form_url` gives it."""
    token = csrf_token(client, form_url)
    cookie = client.get_cookie("session")
    return Visitor(app, cookie.value if cookie else None, token, rows_of(select(Draft)),
                   rows_of(select(Evidence).where(Evidence.request_id.is_(None))))


def rows_of(query) -> list[dict]:
    """The rows as column values, to be added again as new objects."""
    return [{column.key: getattr(row, column.key) for column in row.__table__.columns}
            for row in db.session.scalars(query)]


def no_server_error(response) -> None:
    assert response.status_code < 500, response.get_data(as_text=True)[:2000]


def problems(response, lang: str) -> list[str]:
    """The messages of the error summary, whose heading is in the page's language."""
    assert response.status_code in (200, 400), response.status_code
    summary = response.doc.find(".//*[@data-error-summary]")
    assert summary is not None, "no error summary"
    assert text_of(summary.find(".//h2")) == translated(lang, "There is a problem")
    return [text_of(a) for a in summary.findall(".//a")]


# WTForms' own messages ("Not a valid choice.") come from its catalogue, the others from the portal's.
WTFORMS_MESSAGES = {"Not a valid choice.", "Invalid Choice: could not coerce."}


def in_language(lang: str, message: str) -> str:
    if message in WTFORMS_MESSAGES:
        return support.Translations.load(messages_path(), [lang], domain="wtforms").ugettext(message)
    return translated(lang, message)


def heading(response) -> str:
    return text_of(response.doc.find(".//h1"))


def value_of(response, name: str) -> str:
    return response.doc.find(f".//input[@name='{name}']").get("value", "")


def text_in(response, name: str) -> str:
    return response.doc.find(f".//textarea[@name='{name}']").text or ""


def checked(response, name: str) -> list[str]:
    return [i.get("value") for i in response.doc.findall(f".//input[@name='{name}']") if i.get("checked") is not None]


def shown(typed: str) -> str:
    """Typed text as a page shows it again: without the characters forms drop (portal/forms.py), and
    with line breaks as an HTML parser reads them."""
    return typed.translate(NOT_SHOWABLE).replace("\r\n", "\n").replace("\r", "\n")


# A one-line field keeps no tab nor line break: each becomes a space (issue #18, point 10).
ONE_LINE = str.maketrans("\t\n\r", "   ")


def first(sent, multi_line: bool = False) -> str | None:
    """What a one-value field reads: the first value of a field sent several times, without control
    and format characters (and tabs and line breaks only in a textarea); None when not sent."""
    values = sent if isinstance(sent, list) else [] if sent is None else [sent]
    if not values:
        return None
    value = values[0].translate(NOT_SHOWABLE)
    return value if multi_line else value.translate(ONE_LINE)


def choice_problem(sent, choices, required: str) -> str | None:
    """The message for what a radio group received; None when it is one of the choices."""
    value = first(sent)
    if not value:
        return required
    return None if value in choices else "Not a valid choice."


@pytest.fixture
def accounts(session, demo):
    load_demo_staff(session)
    load_demo_interpreters(session)


def eligible(demo, kind: str) -> str:
    return next(iin for iin in demo
                if demo[iin]["decisions"] and KINDS[kind].eligibility(registry().person_file(iin), clock.today()).allowed)


def sent_request(app, demo, lang: str = "kk") -> tuple[str, object]:
    """A sanatorium request someone sent: (its reference, the sender's client)."""
    sender = signed_in(app.test_client(), eligible(demo, "sanatorium"))
    complete_journey(sender, "sanatorium", lang)
    return send(sender, "sanatorium", lang)[0].headers["Location"].split("/")[-2], sender


def next_weekday(days_ahead: int = 3) -> dt.date:
    day = now_local().date() + dt.timedelta(days=days_ahead)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def good_booking() -> dict[str, str]:
    return {"mode": "in_person", "day": next_weekday().strftime("%d.%m.%Y"), "time": "10:00", "minutes": "60",
            "purpose": "hospital", "address": "Алматы, Абай даңғылы, 10", "interpreter": "0", "weeks": "1",
            "notes": "Кардиологқа барамын."}


@pytest.fixture
def deaf_person(app, client, demo, session):
    """A person whose programme grants interpreter hours, signed in."""
    load_demo_interpreters(session)
    signed_in(client, persona(demo, lambda p: "sign_language" in items_of(p)))
    return visitor(app, client, "/kk/interpreters/book")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**30, 10**30) | st.floats() | bad_text | huge_numbers,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(random_text, children, max_size=4),
    max_leaves=12)


malformed_json = st.one_of(
    st.sampled_from([b"", b"{", b"}", b"{'kind': 'sanatorium'}", b'{"kind": }', b"[1, 2", b"\xff\xfe{}", b"\x00",
                     b"NaN", b'{"a": 1}{"b": 2}']),
    # Nested deeper than Python's recursion limit; built, so that a report does not print 200 kB.
    st.integers(10_000, 100_000).map(lambda depth: b"[" * depth + b"]" * depth),
    st.integers(10_000, 50_000).map(lambda depth: b'{"a":' * depth + b"1" + b"}" * depth),
    st.binary(max_size=200),
    json_values.map(lambda value: json.dumps(value).encode()),
)


# The messages of the API's errors that no form gives: (code, field) to message.
API_MESSAGES = {("unsupported_media_type", None): "Send the data as JSON with the Content-Type application/json.",
                ("invalid", None): "Send a JSON object.",
                ("invalid", "kind"): "Choose one of the kinds of request.",
                ("csrf", None): "With the session cookie, send the X-CSRFToken header, or use a bearer token."}


def api_errors(response, lang: str) -> list[dict]:
    """The errors of the API's one error shape, in the language asked for."""
    assert response.mimetype == "application/json", response.get_data(as_text=True)[:500]
    errors = response.get_json()["errors"]
    assert errors and all(set(e) == {"code", "message", "field"} and e["message"] for e in errors), errors
    for error in errors:
        if (error["code"], error["field"]) in API_MESSAGES:
            assert error["message"] == translated(lang, API_MESSAGES[error["code"], error["field"]])
    return errors
