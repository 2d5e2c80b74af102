"""Bad input everywhere (issue #10): Hypothesis drives every form with random, oversized,
wrong-script and malformed input. Whatever arrives, the answer is never a 5xx; a form that cannot
take it says why in the page's language, in the error summary, and keeps the person's other answers.

Each test signs in once; every example then starts from the same session cookie in a new client, so
the examples do not depend on each other (what one changes in the database is put back, or does not
matter to the next). The examples are derandomized: every run tries the same ones."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import re
import uuid
from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit

import pytest
from babel import support
from flask_babel import force_locale
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select, update
from werkzeug.datastructures import FileStorage, LanguageAccept
from werkzeug.http import parse_accept_header
from werkzeug.test import EnvironBuilder, encode_multipart
from werkzeug.wrappers import Request
from wtforms.i18n import messages_path

from portal import clock
from portal.account import tokens
from portal.bookings.forms import horizon_message
from portal.bookings.services import horizon_end, now_local
from portal.carers.services import ADULT_AGE
from portal.demo.interpreters import load_demo_interpreters
from portal.demo.staff import DEMO_STAFF_PASSWORD, load_demo_staff
from portal.extensions import db, limiter
from portal.forms import NOT_SHOWABLE
from portal.iin import InvalidIIN, age_on, make_iin, parse_iin
from portal.models import (ApiToken, Booking, Draft, Evidence, Interpreter, InterpreterQuota, InterpreterSlot,
                           ServiceRequest, StaffUser)
from portal.registry import registry
from portal.requests.forms import HELP_WITH, PROBLEMS, SEASONS
from portal.requests.kinds import KINDS
from tests.conftest import csrf_token, items_of, password_signed_in, persona, signed_in
from tests.pagecheck import text_of, translated
from tests.requests.journey import complete_journey, send
from tests.strategies import (bad_text, dates, huge_numbers, iins, long_text, maybe_duplicated, numbers, phones,
                              random_text, tampered_choice)

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


# What the pages say and show -----------------------------------------------------------------------

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


def selected(response, name: str) -> list[str]:
    return [o.get("value") for o in response.doc.findall(f".//select[@name='{name}']/option")
            if o.get("selected") is not None]


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


def every(sent) -> list[str]:
    return [value.translate(NOT_SHOWABLE).translate(ONE_LINE) for value in (sent if isinstance(sent, list) else [sent])]


def choice_problem(sent, choices, required: str) -> str | None:
    """The message for what a radio group received; None when it is one of the choices."""
    value = first(sent)
    if not value:
        return required
    return None if value in choices else "Not a valid choice."


# Sign-in -------------------------------------------------------------------------------------------

IIN_MESSAGES = {
    "format": "Enter your IIN: 12 digits, as on your identity card",
    "century": "Check your IIN: the 7th digit of a person's IIN is from 1 to 6",
    "date": "Check your IIN: its first 6 digits are your date of birth",
    "check_digit": "Check your IIN: one of the digits is wrong",
}


def typed_digits(typed: str) -> str:
    """An IIN or a code as the form reads it: spaces and dashes dropped."""
    return "".join(c for c in typed.translate(NOT_SHOWABLE) if not c.isspace() and c != "-")


def iin_problem(digits: str) -> str | None:
    if not digits:
        return "Enter your IIN"
    try:
        parse_iin(digits)
    except InvalidIIN as error:
        return IIN_MESSAGES[error.reason]
    return None


@pytest.mark.parametrize("lang", LANGS)
@given(typed=iins)
@examples(25)
def test_sign_in_explains_any_iin_it_cannot_take(app, demo, lang, typed):
    client = Visitor(app).client()
    response = client.post(f"/{lang}/login", data={"iin": typed, "csrf_token": csrf_token(client, f"/{lang}/login")})
    no_server_error(response)
    message = iin_problem(typed_digits(typed))
    if message is None:
        assert response.headers["Location"] == f"/{lang}/login/code"
    else:
        assert problems(response, lang) == [translated(lang, message)]
        assert value_of(response, "iin") == typed_digits(typed)


@pytest.fixture
def waiting_for_code(app, client, demo):
    """A person who typed their IIN and was sent a code."""
    client.post("/kk/login", data={"iin": persona(demo, lambda p: p["phone"] and p["decisions"]),
                                   "csrf_token": csrf_token(client)})
    return visitor(app, client, "/kk/login/code")


@pytest.mark.parametrize("lang", LANGS)
@given(typed=st.from_regex(r"\A\d{6}\Z") | st.text("0123456789 -", max_size=9) | bad_text)
@examples(20)
def test_the_code_page_explains_any_code_it_cannot_take(session, waiting_for_code, lang, typed):
    response = waiting_for_code.client().post(f"/{lang}/login/code",
                                              data={"code": typed, "csrf_token": waiting_for_code.token})
    no_server_error(response)
    digits = typed_digits(typed)
    if not digits:
        message = "Enter the code from the text message"
    elif re.fullmatch(r"[0-9]{6}", digits):
        message = "The code is not right. Check the text message and type the code again"
    else:
        message = "Enter the 6 digits of the code from the text message"
    assert problems(response, lang) == [translated(lang, message)]
    assert value_of(response, "code") == digits


@pytest.fixture
def accounts(session, demo):
    load_demo_staff(session)
    load_demo_interpreters(session)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("role", ["staff", "interpreter"])
@given(username=bad_text | st.just("astana.officer"), password=bad_text)
@examples(12)
def test_password_sign_in_explains_and_keeps_the_username(app, accounts, role, lang, username, password):
    client = Visitor(app).client()
    url = f"/{lang}/{role}/login"
    response = client.post(url, data={"username": username, "password": password, "csrf_token": csrf_token(client, url)})
    no_server_error(response)
    missing = [message for message, typed in (("Enter your username", username), ("Enter your password", password))
               if not first(typed)]
    expected = missing or ["The username or password is not right"]
    assert problems(response, lang) == [translated(lang, message) for message in expected]
    assert value_of(response, "username") == first(username)
    assert value_of(response, "password") == ""  # a password is never sent back


# The request journey: each question ---------------------------------------------------------------

def eligible(demo, kind: str) -> str:
    return next(iin for iin in demo
                if demo[iin]["decisions"] and KINDS[kind].eligibility(registry().person_file(iin)).allowed)


def answer_rows(response) -> list[tuple[str, str]]:
    """(question, answer) of a check-your-answers page."""
    return [(text_of(row.find("dt")), text_of(row.find("dd")))
            for row in response.doc.findall(".//*[@class='summary-list__row']")]


@pytest.fixture
def journey(app, demo, tmp_path, kind, lang):
    """A person who answered every question of `kind`: (visitor, the check page's rows, the items offered)."""
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    client = signed_in(app.test_client(), eligible(demo, kind))
    check = complete_journey(client, kind, lang)
    items = []
    if "item" in KINDS[kind].questions:
        page = client.get(f"/{lang}/requests/new/{kind}/item")
        items = [i.get("value") for i in page.doc.findall(".//input[@name='item']")]
    return visitor(app, client, f"/{lang}/requests/new/{kind}/check"), answer_rows(check), items


def answers_to(question: str, items: list[str]) -> st.SearchStrategy:
    return {"item": tampered_choice(items), "season": tampered_choice(list(SEASONS)),
            "problem": tampered_choice(list(PROBLEMS)),
            "help_with": st.lists(st.sampled_from(list(HELP_WITH)) | bad_text, max_size=4),
            "hours": maybe_duplicated(numbers), "note": maybe_duplicated(long_text(1000) | bad_text),
            "phone": maybe_duplicated(phones)}[question]


def question_problem(question: str, sent, items: list[str]) -> tuple[str | None, str | None]:
    """(the message, what the field shows again) for an answer; no message when it is accepted."""
    if question == "item":
        return choice_problem(sent, items, "Choose the item you are asking for"), None
    if question == "season":
        return choice_problem(sent, SEASONS, "Choose when you would like to go"), None
    if question == "problem":
        return choice_problem(sent, PROBLEMS, "Choose what has happened to the aid"), None
    if question == "help_with":
        values = every(sent)
        accepted = values and all(value in HELP_WITH for value in values)
        return None if accepted else "Choose at least one kind of help", None
    value = first(sent, multi_line=question == "note")
    if question == "hours":
        if not value:
            return "Enter how many hours a day you need, from 1 to 8", ""
        hours = value.strip()
        # Read without int(): thousands of digits are an answer to refuse, not a number to read.
        accepted = hours.isascii() and hours.isdigit() and hours.lstrip("0") in set("12345678")
        return None if accepted else "Enter a whole number of hours from 1 to 8", hours
    if question == "note":
        accepted = value is None or not value.strip() or len(value) <= 1000
        return None if accepted else "Write no more than 1,000 characters", value
    if question == "phone":
        if not value:
            return "Enter your new mobile phone number", ""
        number = "".join(c for c in value if c.isdigit() or c == "+")
        national = "+7" + number[1:] if number.startswith("8") and len(number) == 11 else number
        accepted = re.fullmatch(r"\+7[0-9]{10}", national)  # ASCII digits only: a phone network reads no others
        return None if accepted else "Enter a Kazakhstan mobile number: +7 and 10 digits, for example +7 701 123 45 67", number
    raise AssertionError(question)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind, question", [
    ("technical_aid", "item"), ("sanatorium", "season"), ("aid_replacement", "problem"), ("personal_assistant", "hours"),
    ("home_social_services", "help_with"), ("sanatorium", "note"), ("contact_details", "phone")])
@given(data=st.data())
@examples(20)
def test_each_question_explains_a_bad_answer_and_keeps_the_others(journey, kind, question, lang, data):
    person, rows, items = journey
    sent = data.draw(answers_to(question, items), label=question)
    client = person.client()
    response = client.post(f"/{lang}/requests/new/{kind}/{question}?change=1",
                           data={question: sent, "csrf_token": person.token})
    no_server_error(response)
    message, kept = question_problem(question, sent, items)
    if message is None:
        assert response.headers["Location"] == f"/{lang}/requests/new/{kind}/check"
    else:
        assert problems(response, lang) == [in_language(lang, message)]
        if kept is not None:
            assert (text_in(response, question) if question == "note" else value_of(response, question)) == shown(kept)
        if question == "help_with":
            assert set(checked(response, question)) == set(every(sent)) & set(HELP_WITH)
    # The other answers are all still there, and a refused answer leaves the earlier one as it was.
    check = client.get(f"/{lang}/requests/new/{kind}/check")
    no_server_error(check)
    changed = rows[KINDS[kind].questions.index(question)][0] if message is None else None
    assert [row for row in answer_rows(check) if row[0] != changed] == [row for row in rows if row[0] != changed]


# Evidence: any bytes, any name, any declared type; and more than the upload limit --------------------

SIGNATURES = [b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"%PDF-"]
# Only the first bytes decide (portal/requests/services.py): never the name nor the declared type.
contents = st.one_of(
    st.sampled_from(SIGNATURES).flatmap(lambda magic: st.binary(max_size=300).map(lambda rest: magic + rest)),
    st.binary(max_size=300).map(lambda rest: b"MZ\x90\x00" + rest),  # a Windows program
    st.sampled_from([b"", b"%pdf-1.7", b" %PDF-1.7", b"<html><script>alert(1)</script>", b"GIF89a", b"\x89PNG"]),
    st.binary(max_size=300),
)
file_names = st.one_of(
    st.sampled_from(["photo.png", "скан.pdf", "арба.JPG", "virus.exe", "virus.pdf.exe", "../../etc/passwd",
                     "C:\\Windows\\evil.pdf", "", ".", "a" * 1000 + ".png", "photo\x00.png", "ph\u202egnp.exe"]),
    bad_text,
)
declared_types = st.sampled_from(["application/pdf", "image/png", "image/jpeg", "application/x-msdownload",
                                  "application/octet-stream", "text/html", "image/svg+xml", "", "nonsense"])


def as_a_browser_names(name: str) -> str:
    """A file name in a multipart body: browsers escape line breaks and quotes (HTML, form submission)."""
    return name.replace("\r", "%0D").replace("\n", "%0A").replace('"', "%22")


def received_name(name: str) -> str:
    """The file name the server reads from the body the test client makes, read by werkzeug's own parser."""
    body = EnvironBuilder(method="POST", content_type="multipart/form-data",
                          data={"evidence": (io.BytesIO(b"x"), as_a_browser_names(name))})
    request = Request(body.get_environ())
    upload = request.files.get("evidence")
    received = upload.filename if upload is not None else ""
    request.close()
    body.close()
    return received


def evidence_problem(content: bytes, name: str) -> str | None:
    if not name:
        return None  # no file chosen: the one uploaded before stays
    if not content:
        return "Choose a file to upload"
    if not any(content.startswith(magic) for magic in SIGNATURES):
        return "The file must be a PDF, JPEG or PNG"
    return None


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", ["aid_replacement"])
@given(content=contents, name=file_names, declared=declared_types)
@examples(20)
def test_evidence_of_any_kind_is_refused_clearly_and_the_answers_kept(session, journey, kind, lang, content, name,
                                                                       declared):
    note(repr((content[:40], name[:80], declared)))  # a failure report would show neither
    person, rows, _ = journey
    client = person.client()
    stored_before = session.scalar(select(func.count()).select_from(Evidence))
    response = client.post(f"/{lang}/requests/new/{kind}/evidence?change=1", content_type="multipart/form-data",
                           data={"csrf_token": person.token,
                                 "evidence": (io.BytesIO(content), as_a_browser_names(name), declared)})
    no_server_error(response)
    message = evidence_problem(content, received_name(name))
    if message is None:
        assert response.headers["Location"] == f"/{lang}/requests/new/{kind}/check"
    else:
        assert response.status_code == 400
        assert problems(response, lang) == [translated(lang, message)]
        assert session.scalar(select(func.count()).select_from(Evidence)) == stored_before
    check = client.get(f"/{lang}/requests/new/{kind}/check")
    no_server_error(check)  # the name of a file taken is on the page now
    evidence = rows[KINDS[kind].questions.index("evidence")][0]
    assert [row for row in answer_rows(check) if row[0] != evidence] == [row for row in rows if row[0] != evidence]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", ["aid_replacement"])
def test_a_file_over_the_upload_limit_gets_a_page_in_the_language_that_says_so(app, journey, kind, lang):
    person, rows, _ = journey
    client = person.client()
    url = f"/{lang}/requests/new/{kind}/evidence"
    huge = b"%PDF-1.7" + b"0" * app.config["MAX_CONTENT_LENGTH"]
    # Encoded in memory: the test client would spool a large body to a file it never closes.
    boundary, body = encode_multipart({"csrf_token": person.token, "evidence": FileStorage(io.BytesIO(huge), "scan.pdf")})
    response = client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 413
    assert heading(response) == translated(lang, "The file must be smaller than 10 MB")
    assert response.doc.find(".//main//p/a").get("href") == url
    assert answer_rows(client.get(f"/{lang}/requests/new/{kind}/check")) == rows


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", ["sanatorium"])
def test_text_past_the_request_limit_gets_a_page_in_the_language(app, journey, kind, lang):
    person, rows, _ = journey
    client = person.client()
    response = client.post(f"/{lang}/requests/new/{kind}/note",
                           data={"note": "a" * app.config["MAX_CONTENT_LENGTH"], "csrf_token": person.token})
    assert response.status_code == 413
    # Only a file is this large in a person's hands; anything else gets the 400 page's wording.
    assert heading(response) == translated(lang, "Sorry, we could not understand that request")
    assert answer_rows(client.get(f"/{lang}/requests/new/{kind}/check")) == rows


# The check page: the hidden submission id and the declaration, changed --------------------------------

@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", ["sanatorium"])
@given(submission_id=st.none() | bad_text | st.sampled_from(["", "0", "' OR 1=1 --", "x" * 37]),
       declaration=st.none() | st.sampled_from(["y", "", "false", "no", "0"]) | bad_text
       | st.lists(bad_text, min_size=2, max_size=3))
@examples(15)
def test_the_check_page_survives_a_changed_submission_id_and_declaration(journey, kind, lang, submission_id, declaration):
    person, rows, _ = journey
    journey_id = value_of(person.client().get(f"/{lang}/requests/new/{kind}/check"), "submission_id")
    data = {"csrf_token": person.token}
    if submission_id is not None:
        data["submission_id"] = submission_id
    if declaration is not None:
        data["declaration"] = declaration
    response = person.client().post(f"/{lang}/requests/new/{kind}/check", data=data)
    no_server_error(response)
    # A checkbox sends a value only when ticked: any value but "false" is a tick (WTForms' BooleanField).
    if first(declaration) not in (None, "", "false"):
        assert re.fullmatch(f"/{lang}/requests/KZ-\\d{{4}}-\\d{{6}}/confirmation", response.headers["Location"])
    else:
        assert problems(response, lang) == [translated(lang, "Confirm that the information you have given is true")]
        assert answer_rows(response) == rows
        assert value_of(response, "submission_id") == journey_id  # the journey's, whatever was sent


# A request's own page: the answer to the department's question, cancelling ----------------------------

def sent_request(app, demo, lang: str = "kk") -> tuple[str, object]:
    """A sanatorium request someone sent: (its reference, the sender's client)."""
    sender = signed_in(app.test_client(), eligible(demo, "sanatorium"))
    complete_journey(sender, "sanatorium", lang)
    return send(sender, "sanatorium", lang)[0].headers["Location"].split("/")[-2], sender


@pytest.fixture
def asked(app, demo):
    """A person who sent a request: (visitor, its reference)."""
    reference, sender = sent_request(app, demo)
    return visitor(app, sender, f"/kk/requests/{reference}"), reference


@pytest.mark.parametrize("lang", LANGS)
@given(reply=maybe_duplicated(long_text(2000) | bad_text))
@examples(15)
def test_answering_the_department_explains_a_bad_answer_and_keeps_it(asked, session, lang, reply):
    person, reference = asked
    session.execute(update(ServiceRequest).values(status="more_info_needed"))  # the department asked, again
    session.commit()
    response = person.client().post(f"/{lang}/requests/{reference}", data={"reply": reply, "csrf_token": person.token})
    no_server_error(response)
    written = first(reply, multi_line=True) or ""
    if not written.strip():
        message = "Write your answer"
    elif len(written) > 2000:
        message = "Write no more than 2,000 characters"
    else:
        assert response.headers["Location"] == f"/{lang}/requests/{reference}?done=replied"
        return
    assert problems(response, lang) == [translated(lang, message)]
    assert text_in(response, "reply") == shown(written)


@pytest.mark.parametrize("lang", LANGS)
@given(extra=st.dictionaries(st.sampled_from(["reason", "status", "to", "iin", "outcome", "submission_id", "x" * 300]),
                             maybe_duplicated(bad_text), max_size=3),
       action=st.sampled_from(["approve", "refuse", "end"]) | random_text)
@examples(15)
def test_one_button_forms_ignore_anything_else_sent_with_them(asked, session, lang, extra, action):
    person, reference = asked
    session.execute(update(ServiceRequest).values(status="submitted"))  # cancellable again
    session.commit()
    client = person.client()
    for url in (f"/{lang}/requests/{reference}/cancel", f"/{lang}/cabinet/statements",
                f"/{lang}/requests/new/sanatorium/restart", f"/{lang}/mandates/1/{quote(action, safe='')}"):
        response = client.post(url, data={**extra, "csrf_token": person.token})
        no_server_error(response)
        assert response.status_code in (302, 404, 405), url
        if response.status_code == 404:
            assert heading(response) == translated(lang, "Page not found")


# Interpreter bookings -------------------------------------------------------------------------------

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


# For each field of the booking form: what to spoil it with, and every message that may say so.
BOOKING_FIELDS = {
    "mode": (lambda: tampered_choice(["in_person", "video"]), {"Choose in person or by video", "Not a valid choice."}),
    "day": (lambda: dates, {"Enter the date as day, month and year, for example 15.12.2026",
                            "Interpreters work Monday to Friday: choose a weekday"}),
    "time": (lambda: tampered_choice(["09:30", "19:30"]), {"Not a valid choice."}),
    "minutes": (lambda: tampered_choice(["30", "480"]), {"Not a valid choice.", "Invalid Choice: could not coerce."}),
    "purpose": (lambda: tampered_choice(["hospital", "court"]), {"Choose what the meeting is", "Not a valid choice."}),
    "address": (lambda: long_text(300) | bad_text, {"Write no more than 300 characters",
                                                     "Enter the address where the interpreter should come"}),
    "interpreter": (lambda: tampered_choice(["0", "1"]), {"Not a valid choice.", "Invalid Choice: could not coerce."}),
    "weeks": (lambda: tampered_choice(["1", "8"]), {"Not a valid choice.", "Invalid Choice: could not coerce."}),
    "notes": (lambda: long_text(1000) | bad_text, {"Write no more than 1,000 characters"}),
}


def past_the_horizon(lang: str) -> str:
    """The day field's message for a date past the booking horizon, as the error summary shows it."""
    with force_locale(lang):
        return " ".join(horizon_message(horizon_end(now_local().date(), 6), 6).split())


def booking_kept(response, answers: dict[str, str], spoiled: str) -> None:
    """Every answer but the spoiled one is on the page again as it was given."""
    for name, value in answers.items():
        if name in ("mode", "purpose"):
            kept = checked(response, name) == [value]
        elif name in ("time", "minutes", "interpreter", "weeks"):
            kept = selected(response, name) == [value]
        else:
            kept = (text_in(response, name) if name == "notes" else value_of(response, name)) == value
        assert kept or name == spoiled, name


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("spoiled", list(BOOKING_FIELDS))
@given(data=st.data())
@examples(8)
def test_the_booking_form_explains_a_bad_answer_and_keeps_the_others(deaf_person, spoiled, lang, data):
    strategy, messages = BOOKING_FIELDS[spoiled]
    answers = good_booking()
    sent = data.draw(strategy(), label=spoiled)
    client = deaf_person.client()
    response = client.post(f"/{lang}/interpreters/book", data={**answers, spoiled: sent, "csrf_token": deaf_person.token})
    no_server_error(response)
    if response.status_code == 302:
        assert response.headers["Location"] == f"/{lang}/interpreters/book/check"
        no_server_error(client.get(response.headers["Location"]))  # whatever was taken, the check page shows it
        return
    found = problems(response, lang)
    allowed = {in_language(lang, message) for message in messages} | (
        {past_the_horizon(lang)} if spoiled == "day" else set())
    assert len(found) == 1 and found[0] in allowed, found
    booking_kept(response, answers, spoiled)


def hidden_fields(response) -> dict[str, str]:
    return {i.get("name"): i.get("value", "") for i in response.doc.findall(".//main//form//input[@type='hidden']")}


@pytest.fixture
def booking_drafted(app, deaf_person):
    """The person sent the booking form and sees the check page: (visitor, the page's hidden fields)."""
    client = deaf_person.client()
    client.post("/kk/interpreters/book", data={**good_booking(), "mode": "video", "csrf_token": deaf_person.token})
    person = visitor(app, client, "/kk/interpreters/book/check")
    return person, hidden_fields(person.client().get("/kk/interpreters/book/check"))


@pytest.mark.parametrize("lang", LANGS)
@given(understood=st.none() | st.sampled_from(["y", "", "false"]) | bad_text | st.lists(bad_text, min_size=2, max_size=3),
       extra=st.dictionaries(st.sampled_from(["mode", "minutes", "weeks", "for", "day", "interpreter", "submission_id"]),
                             bad_text, max_size=3))
@examples(12)
def test_the_booking_check_page_takes_nothing_but_the_tick(booking_drafted, session, lang, understood, extra):
    person, hidden = booking_drafted
    for made in (InterpreterSlot, Booking, InterpreterQuota):  # what an earlier example booked
        session.execute(delete(made))
    session.commit()
    data = {**hidden, **extra}
    if understood is not None:
        data["understood"] = understood
    response = person.client().post(f"/{lang}/interpreters/book/check", data=data)
    no_server_error(response)
    if first(understood) in (None, "", "false"):
        assert problems(response, lang) == [translated(lang, "Confirm that you have read when a cancellation uses your hours")]
    else:
        assert re.fullmatch(f"/{lang}/interpreters/bookings/SL-\\d{{4}}-\\d{{6}}\\?done=booked", response.headers["Location"])


@pytest.mark.parametrize("day", ["31.12.9999", "9999-12-30", "31.12.9998", "01.01.0001", "2026-02-30"])
def test_a_date_at_the_ends_of_the_calendar_is_refused_or_booked_never_a_crash(deaf_person, day):
    # 31.12.9999 is a Friday: its hours would be counted up to 1 January 10000, which does not exist.
    client = deaf_person.client()
    response = client.post("/ru/interpreters/book", data={**good_booking(), "mode": "video", "day": day, "time": "19:30",
                                                          "minutes": "480", "weeks": "8", "csrf_token": deaf_person.token})
    no_server_error(response)
    if response.status_code != 302:
        assert problems(response, "ru") in ([translated("ru", "Enter the date as day, month and year, for example 15.12.2026")],
                                            [past_the_horizon("ru")])
        return
    check = client.get("/ru/interpreters/book/check")
    no_server_error(check)
    sent = client.post("/ru/interpreters/book/check", data={**hidden_fields(check), "understood": "y"})
    no_server_error(sent)
    assert len(problems(sent, "ru")) == 1  # too soon, or nobody works through the night


# The interpreters' own pages ------------------------------------------------------------------------

@pytest.fixture
def interpreter(app, accounts):
    client = password_signed_in(app.test_client(), "interpreter", "gulnara.omarova")
    return visitor(app, client, "/kk/interpreter/")


def offered_booking(session, username: str, status: str = "requested") -> str:
    """A new booking offered to the interpreter; its reference."""
    interpreter = session.scalar(select(Interpreter).where(Interpreter.username == username))
    someone = make_iin(dt.date(1990, 5, 17), "female", 1)
    booking = Booking(person_iin=someone, booked_by_iin=someone, region=interpreter.region,
                      interpreter_id=interpreter.id, mode="video", purpose="hospital",
                      starts_at=dt.datetime.combine(next_weekday(), dt.time(10)), minutes=60, status=status,
                      reference="SL-" + uuid.uuid4().hex[:12])
    session.add(booking)
    session.commit()
    return booking.reference


@pytest.mark.parametrize("lang", LANGS)
@given(reason=maybe_duplicated(long_text(500) | bad_text))
@examples(15)
def test_declining_a_booking_explains_a_bad_reason_and_keeps_it(interpreter, session, lang, reason):
    reference = offered_booking(session, "gulnara.omarova")
    response = interpreter.client().post(f"/{lang}/interpreter/bookings/{reference}/decline",
                                         data={"reason": reason, "csrf_token": interpreter.token})
    no_server_error(response)
    written = first(reason, multi_line=True) or ""
    if not written:
        message = "Write why you cannot come"
    elif len(written) > 500:
        message = "Write no more than 500 characters"
    else:
        assert response.headers["Location"] == f"/{lang}/interpreter/?done=declined"
        return
    assert problems(response, lang) == [translated(lang, message)]
    assert text_in(response, "reason") == shown(written)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("action", ["accept", "outcome"])
@given(outcome=st.none() | tampered_choice(["completed", "no_show"]), status=st.sampled_from(["requested", "confirmed"]))
@examples(8)
def test_accepting_or_recording_a_booking_takes_no_made_up_outcome(interpreter, session, lang, action, outcome, status):
    reference = offered_booking(session, "gulnara.omarova", status)
    data = {"csrf_token": interpreter.token, **({"outcome": outcome} if outcome is not None else {})}
    response = interpreter.client().post(f"/{lang}/interpreter/bookings/{reference}/{action}", data=data)
    no_server_error(response)
    if action == "accept" and status == "requested":
        assert response.headers["Location"] == f"/{lang}/interpreter/?done=accepted"
    else:
        # A booking still to come has no outcome yet; a confirmed one is not accepted again.
        assert response.status_code == 409
        assert heading(response) == translated(lang, "Sorry, we could not understand that request")


# The back office ------------------------------------------------------------------------------------

@pytest.fixture
def officer(app, demo, session, accounts):
    """The officer of the region of a request just sent, signed in: (visitor, the request's reference)."""
    reference, _ = sent_request(app, demo)
    region = session.scalar(select(ServiceRequest.region).where(ServiceRequest.reference == reference))
    staff = session.scalar(select(StaffUser).where(StaffUser.region == region, StaffUser.role == "officer"))
    client = password_signed_in(app.test_client(), "staff", staff.username)
    return visitor(app, client, f"/kk/staff/requests/{reference}"), reference


@pytest.mark.parametrize("lang", LANGS)
@given(kind=tampered_choice(["all", "sanatorium"]), status=tampered_choice(["open", "all", "approved"]),
       age=tampered_choice(["any", "5", "10"]))
@examples(15)
def test_the_queue_filter_shows_the_queue_whatever_the_address_says(officer, lang, kind, status, age):
    person, _ = officer
    response = person.client().get(f"/{lang}/staff/?" + urlencode({"kind": kind, "status": status, "age": age}, doseq=True))
    assert response.status_code == 200
    assert response.doc.find(".//*[@data-error-summary]") is None  # a filter it cannot read shows the open requests


@pytest.mark.parametrize("lang", LANGS)
@given(to=tampered_choice(["in_review", "rejected", "approved"]), message=maybe_duplicated(long_text(2000) | bad_text))
@examples(15)
def test_the_staff_action_form_explains_a_bad_answer_and_keeps_the_message(officer, session, lang, to, message):
    person, reference = officer
    session.execute(update(ServiceRequest).values(status="submitted"))  # each example acts on a new request
    session.commit()
    response = person.client().post(f"/{lang}/staff/requests/{reference}",
                                    data={"to": to, "message": message, "csrf_token": person.token})
    no_server_error(response)
    chosen, written = first(to), first(message, multi_line=True) or ""
    expected = []
    if not chosen:
        expected.append("Choose what to do with the request")
    elif chosen not in ("in_review", "rejected"):
        expected.append("Not a valid choice.")
    if written.strip() and len(written) > 2000:
        expected.append("Write no more than 2,000 characters")
    if not expected and chosen == "rejected" and not written.strip():
        expected.append("Write a message to the person: it is required when you ask for more information or refuse")
    if not expected:
        assert response.headers["Location"] == f"/{lang}/staff/requests/{reference}?done={chosen}"
        return
    assert problems(response, lang) == [in_language(lang, message) for message in expected]
    assert text_in(response, "message") == shown(written)
    if chosen in ("in_review", "rejected"):
        assert checked(response, "to") == [chosen]


# Mandates and acting for someone ----------------------------------------------------------------------

@pytest.fixture
def carer(app, client, demo):
    """A person on the form asking for a mandate: (visitor, the IIN of an adult to ask it of)."""
    me = persona(demo, lambda p: p["decisions"] and not p["legal_representative_iin"])
    adult = persona(demo, lambda p: p["iin"] != me
                    and age_on(parse_iin(p["iin"]).birth_date, clock.today()) >= ADULT_AGE)
    signed_in(client, me)
    app.config["MANDATE_ASK_LIMIT"] = "1000 per hour"  # the limit has its own tests (tests/carers/test_asking.py)
    return visitor(app, client, "/kk/mandates/ask"), adult


ASK_FIELDS = {
    # Any IIN with the right check digit is accepted: whether it is registered is never said.
    "iin": (lambda: iins, {"Enter the IIN of the person", "Check the IIN: it must be 12 digits with the right check digit",
                           "This is your own IIN. Enter the IIN of the person you want to act for"}),
    "scopes": (lambda: tampered_choice(["view", "requests", "bookings"]), {"Choose at least one thing you want to do"}),
    "ends_on": (lambda: dates, {"Enter the date as day, month and year, for example 31.12.2027",
                                "The end date must be today or later"}),
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("spoiled", list(ASK_FIELDS))
@given(data=st.data())
@examples(12)
def test_asking_for_a_mandate_explains_a_bad_answer_and_keeps_the_others(carer, spoiled, lang, data):
    person, adult = carer
    strategy, messages = ASK_FIELDS[spoiled]
    answers = {"iin": adult, "scopes": ["view", "bookings"], "ends_on": "31.12.2030"}
    sent = data.draw(strategy(), label=spoiled)
    response = person.client().post(f"/{lang}/mandates/ask", data={**answers, spoiled: sent, "csrf_token": person.token})
    no_server_error(response)
    if response.status_code == 302:
        assert response.headers["Location"] == f"/{lang}/mandates?done=asked"
        return
    found = problems(response, lang)
    assert len(found) == 1 and found[0] in {translated(lang, message) for message in messages}, found
    shows = {"iin": value_of(response, "iin"), "scopes": checked(response, "scopes"), "ends_on": value_of(response, "ends_on")}
    assert {name: value for name, value in shows.items() if name != spoiled} == {
        name: value for name, value in answers.items() if name != spoiled}
    if spoiled == "iin":
        assert shows["iin"] == "".join(c for c in first(sent) or "" if c.isdigit())
    if spoiled == "ends_on":
        assert shows["ends_on"] == shown(first(sent) or "").strip()


@pytest.fixture
def parent(app, client, demo):
    """The legal representative of a child, on the page choosing whose matters to handle."""
    signed_in(client, next(p["legal_representative_iin"] for p in demo.values() if p["legal_representative_iin"]))
    return visitor(app, client, "/kk/acting-for")


@pytest.mark.parametrize("lang", LANGS)
@given(subject=tampered_choice(["000000000000"]) | iins)
@examples(12)
def test_choosing_whose_matters_takes_only_the_people_offered(parent, lang, subject):
    client = parent.client()
    offered = [i.get("value") for i in client.get(f"/{lang}/acting-for").doc.findall(".//input[@name='subject']")]
    response = client.post(f"/{lang}/acting-for", data={"subject": subject, "csrf_token": parent.token})
    no_server_error(response)
    value = first(subject)
    if value in offered:
        assert response.headers["Location"] == f"/{lang}/cabinet/"
    else:
        assert problems(response, lang) == [in_language(lang, choice_problem(subject, offered, "Choose whose matters to handle"))]
        assert [i.get("value") for i in response.doc.findall(".//input[@name='subject']")] == offered


# Tokens, display settings, the statement check --------------------------------------------------------

@pytest.fixture
def token_maker(app, client, demo):
    signed_in(client, next(iter(demo)))
    return visitor(app, client, "/kk/account/tokens")


@pytest.mark.parametrize("lang", LANGS)
@given(name=maybe_duplicated(long_text(60) | bad_text))
@examples(15)
def test_naming_a_token_explains_a_bad_name(session, token_maker, lang, name):
    session.execute(delete(ApiToken))  # no example meets the limit of 10 tokens the earlier ones made
    session.commit()
    response = token_maker.client().post(f"/{lang}/account/tokens", data={"name": name, "csrf_token": token_maker.token})
    no_server_error(response)
    typed = (first(name) or "").strip()
    if not typed:
        assert problems(response, lang) == [translated(lang, "Enter a name for the token, for example “Phone app”")]
    elif len(typed) > 60:
        assert problems(response, lang) == [translated(lang, "Write a name of no more than 60 characters")]
        assert value_of(response, "name") == shown(typed)
    else:  # made, and its secret shown once on the answer (never kept in the cookie)
        assert response.status_code == 200
        assert response.doc.find(".//code[@id='new-token']") is not None


@pytest.mark.parametrize("lang", LANGS)
@given(token_id=st.integers(-10**30, 10**30).map(str) | st.sampled_from(["abc", "1.0", "0x1", "١", "%00", "2147483648"]))
@examples(12)
def test_revoking_a_token_that_is_not_yours_is_a_page_not_found(token_maker, lang, token_id):
    response = token_maker.client().post(f"/{lang}/account/tokens/{quote(token_id, safe='')}/revoke",
                                         data={"csrf_token": token_maker.token})
    no_server_error(response)
    assert response.status_code == 404
    assert heading(response) == translated(lang, "Page not found")


DISPLAY_CHOICES = {"text": (["standard", "large", "largest"], "Choose a text size from the list"),
                   "colours": (["standard", "high", "dark"], "Choose colours from the list"),
                   "spacing": (["standard", "wide"], "Choose the spacing from the list")}


@pytest.mark.parametrize("lang", LANGS)
@given(sent=st.fixed_dictionaries({name: tampered_choice(values) for name, (values, _) in DISPLAY_CHOICES.items()}),
       back=st.none() | bad_text | st.sampled_from(["/kk/cabinet/", "//evil.example", "/ru/\x00", "javascript:alert(1)"]))
@examples(20)
def test_display_settings_explain_a_value_not_on_the_list_and_keep_the_others(app, lang, sent, back):
    client = Visitor(app).client()
    url = f"/{lang}/display"
    data = {**sent, "csrf_token": csrf_token(client, url), **({"next": back} if back is not None else {})}
    response = client.post(url, data=data)
    no_server_error(response)
    # A group not sent at all keeps the setting in force: standard, for a browser without the cookie.
    chosen = {name: "standard" if value == [] else first(value) for name, value in sent.items()}
    wrong = {name: message for name, (values, message) in DISPLAY_CHOICES.items() if chosen[name] not in values}
    if not wrong:
        assert response.status_code == 303
        assert response.headers["Location"].startswith(f"/{lang}/display?done=saved")
        return
    assert problems(response, lang) == [translated(lang, message) for message in wrong.values()]
    for name in DISPLAY_CHOICES.keys() - wrong.keys():
        assert checked(response, name) == [chosen[name]]


@pytest.mark.parametrize("lang", LANGS)
@given(reference=maybe_duplicated(bad_text | st.sampled_from(["QJ-7K4M-X2PA", "qj7k4mx2pa", "QJ-ӘӘӘӘ-ӘӘӘӘ", "QJ-٠٠٠٠-٠٠٠٠"])))
@examples(20)
def test_the_statement_check_explains_any_reference_it_cannot_find(app, lang, reference):
    response = Visitor(app).client().get(f"/{lang}/verify?" + urlencode({"reference": reference}, doseq=True))
    no_server_error(response)
    typed = first(reference) or ""
    message = ("Enter the reference printed on the statement" if not typed.strip()
               else "We found no statement with this reference. Check it and type it again")
    assert problems(response, lang) == [translated(lang, message)]
    assert value_of(response, "reference") == shown(typed)


# Addresses: an unknown language, a made-up reference, a filter, a `next` leading off the site ---------

TOP_LEVEL = {"kk", "ru", "api", "registry", "static", "healthz", "readyz"}


@given(prefix=st.sampled_from(["en", "xx", "KK", "Ru", "kz", "қаз", "рус", "kk-KZ", "ru_RU", "kk ", "%00", "..", "."])
       | random_text.filter(lambda text: text and text not in TOP_LEVEL),
       rest=st.sampled_from(["", "cabinet/", "login", "requests/new/sanatorium/check", "display"]),
       accept=st.sampled_from([None, "ru", "kk", "en", "ru-RU,ru;q=0.9,en;q=0.8", "*", "ru;q=x,,;", "zh"]))
@examples(40)
def test_an_unknown_language_prefix_is_a_page_not_found_in_kazakh_or_the_browsers_language(app, prefix, rest, accept):
    path = f"/{quote(prefix, safe='%')}/{rest}"
    response = Visitor(app).client().get(path, headers={"Accept-Language": accept} if accept else {})
    no_server_error(response)
    assert response.status_code == 404, path
    expected = (parse_accept_header(accept, LanguageAccept).best_match(LANGS) if accept else None) or "kk"
    assert response.doc.get("lang") == expected
    assert heading(response) == translated(expected, "Page not found")


REFERENCE_PAGES = ["requests/{}", "requests/{}/confirmation", "requests/{}/cancel", "cabinet/statements/{}",
                   "interpreters/bookings/{}", "interpreters/bookings/{}/cancel", "interpreters/bookings/{}.ics"]


@pytest.mark.parametrize("lang", LANGS)
@given(reference=bad_text.filter(lambda text: text and "/" not in text)
       | st.sampled_from(["KZ-2026-000001", "KZ-2026-" + "9" * 40, "SL-2026-000001", "QJ-0000-0000", "%00", "..",
                          "' OR '1'='1", "\x00", "KZ-2026-000001\x00"]),
       method=st.sampled_from(["get", "post"]))
@examples(15)
def test_a_made_up_reference_is_a_page_not_found(deaf_person, lang, reference, method):
    client = deaf_person.client()
    for page in REFERENCE_PAGES:
        url = f"/{lang}/" + page.format(quote(reference, safe=""))
        response = getattr(client, method)(url, data={"csrf_token": deaf_person.token} if method == "post" else None)
        no_server_error(response)
        assert response.status_code in (404, 405), url
        if response.status_code == 404:
            assert heading(response) == translated(lang, "Page not found")


@pytest.mark.parametrize("lang", LANGS)
@given(status=tampered_choice(["all", "provided"]), mode=tampered_choice(["in_person", "video"]))
@examples(10)
def test_the_programme_filter_and_free_times_read_any_address(deaf_person, lang, status, mode):
    client = deaf_person.client()
    for url in (f"/{lang}/cabinet/programme?" + urlencode({"status": status}, doseq=True),
                f"/{lang}/interpreters/free-times?" + urlencode({"mode": mode}, doseq=True)):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.doc.find(".//*[@data-error-summary]") is None  # what it cannot read, it shows in full


def leads_within_the_site(location: str) -> bool:
    return (location.startswith("/") and not location.startswith("//") and "\\" not in location
            and not urlsplit(location).netloc and not any(ord(c) < 0x20 or ord(c) == 0x7F for c in location))


@given(next_=bad_text | st.sampled_from(["//evil.example", "/\t/evil.example", "/\n/evil.example", "/\\evil.example",
                                          "/kk/cabinet/\r\nSet-Cookie: x=1", "https://evil.example", "/%0d%0aX: 1",
                                          "javascript:alert(1)", "/kk/cabinet/programme?status=provided"]),
       role=st.sampled_from(["person", "staff", "interpreter"]))
@examples(30)
def test_next_never_breaks_sign_in_nor_leads_off_the_site(app, accounts, demo, next_, role):
    client = Visitor(app).client()
    url, home = {"person": ("/ru/login", "/ru/cabinet/"), "staff": ("/ru/staff/login", "/ru/staff/"),
                 "interpreter": ("/ru/interpreter/login", "/ru/interpreter/")}[role]
    no_server_error(client.get(url + "?" + urlencode({"next": next_})))
    if role == "person":
        account = {"persona": persona(demo, lambda p: p["decisions"] and not p["legal_representative_iin"])}
    else:
        account = {"username": "astana.officer" if role == "staff" else "gulnara.omarova", "password": DEMO_STAFF_PASSWORD}
    response = client.post(url, data={**account, "csrf_token": csrf_token(client, url)})
    no_server_error(response)
    assert response.status_code == 302 and leads_within_the_site(response.headers["Location"])
    extended = client.post("/ru/session/extend", data={"next": next_, "csrf_token": csrf_token(client, home)})
    no_server_error(extended)
    assert leads_within_the_site(extended.headers["Location"])


# Form tokens: missing, garbled, another session's ----------------------------------------------------

POST_FORMS = {
    "anyone": ["login", "login/code", "display", "staff/login", "interpreter/login", "logout", "session/extend"],
    "person": ["requests/new/sanatorium/season", "requests/new/sanatorium/check", "requests/new/sanatorium/restart",
               "requests/KZ-2026-000001", "requests/KZ-2026-000001/cancel", "cabinet/statements", "account/tokens",
               "account/tokens/1/revoke", "mandates/ask", "mandates/1/approve", "acting-for", "interpreters/book",
               "interpreters/book/check", "interpreters/bookings/SL-2026-000001/cancel", "logout/everywhere"],
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("who", list(POST_FORMS))
@given(token=st.none() | bad_text | st.sampled_from(["", "null", "IjAi.aaaa.bbbb", "x" * 5000]),
       where=st.sampled_from(["form", "header", "both"]), data=st.data())
@examples(15)
def test_a_form_sent_without_its_token_gets_the_expired_form_page(app, deaf_person, lang, who, token, where, data):
    path = data.draw(st.sampled_from(POST_FORMS[who]), label="path")
    client = deaf_person.client() if who == "person" else Visitor(app).client()
    url = f"/{lang}/{path}"
    form, headers = {"season": "summer", "iin": "12"}, {}
    if token is not None and where in ("form", "both"):
        form["csrf_token"] = token
    if token is not None and where in ("header", "both") and token.isascii() and token.isprintable():
        headers["X-CSRFToken"] = token
    response = client.post(url, data=form, headers=headers)
    no_server_error(response)
    assert response.status_code == 400
    assert heading(response) == translated(lang, "This form has expired")
    assert response.doc.find(".//main//p/a").get("href") == url


def test_a_token_of_another_session_is_refused_too(app, deaf_person):
    stranger = Visitor(app).client()
    response = deaf_person.client().post("/ru/account/tokens", data={"name": "Телефон",
                                                                     "csrf_token": csrf_token(stranger, "/ru/login")})
    assert response.status_code == 400
    assert heading(response) == translated("ru", "This form has expired")


# The JSON API: malformed JSON, wrong content types, values of any shape ------------------------------

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
content_types = st.sampled_from(["application/json", "application/json; charset=utf-8", "application/json; charset=latin-1",
                                 "application/problem+json", "text/plain", "text/json", "application/x-www-form-urlencoded",
                                 "multipart/form-data", "application/xml", "", "image/png"])

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


def is_json_type(content_type: str) -> bool:
    mimetype = content_type.split(";")[0]
    return mimetype == "application/json" or mimetype.startswith("application/") and mimetype.endswith("+json")


@pytest.fixture
def api_caller(demo, session):
    """The Authorization header of a token of a person with interpreter hours."""
    load_demo_interpreters(session)
    _, secret = tokens.create(session, iin=persona(demo, lambda p: "sign_language" in items_of(p)), name="Test")
    return {"Authorization": f"Bearer {secret}"}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", ["/api/v1/requests", "/api/v1/bookings"])
@given(body=malformed_json, content_type=content_types)
@examples(20)
def test_the_api_answers_any_body_with_its_error_shape(app, api_caller, lang, path, body, content_type):
    note(repr((body[:60], len(body), content_type)))
    response = Visitor(app).client().post(path, data=body, content_type=content_type or None,
                                          headers={**api_caller, "Accept-Language": lang})
    no_server_error(response)
    errors = api_errors(response, lang)
    if is_json_type(content_type):
        assert response.status_code in (400, 409, 422), response.status_code
    else:
        assert response.status_code == 415 and errors[0]["code"] == "unsupported_media_type"


@pytest.mark.parametrize("lang", LANGS)
@given(kind=st.sampled_from(["sanatorium", "personal_assistant", "contact_details", "technical_aid"]) | json_values,
       declaration=st.just(True) | json_values,
       answers=st.dictionaries(st.sampled_from(["season", "hours", "note", "phone", "item", "help_with"]) | random_text,
                               json_values, max_size=4) | json_values,
       submission_id=st.none() | json_values)
@examples(25)
def test_an_api_request_with_answers_of_any_shape_is_refused_or_made(app, api_caller, lang, kind, declaration, answers,
                                                                     submission_id):
    body = {"kind": kind, "declaration": declaration, "answers": answers,
            **({"submission_id": submission_id} if submission_id is not None else {})}
    response = Visitor(app).client().post("/api/v1/requests", json=body, headers={**api_caller, "Accept-Language": lang})
    no_server_error(response)
    if response.status_code != 201:
        errors = api_errors(response, lang)
        assert response.status_code in (409, 422), errors


@pytest.mark.parametrize("lang", LANGS)
@given(fields=st.fixed_dictionaries({}, optional={
    "mode": st.sampled_from(["video", "in_person"]) | json_values, "day": dates | json_values,
    "time": st.sampled_from(["10:00", "10:15"]) | json_values, "minutes": st.sampled_from([60, "60", 45]) | json_values,
    "purpose": st.sampled_from(["hospital"]) | json_values, "address": bad_text | json_values,
    "interpreter": json_values, "weeks": st.integers(-10, 10) | json_values, "notes": json_values,
    "submission_id": json_values}))
@examples(25)
def test_an_api_booking_with_fields_of_any_shape_is_refused_or_made(app, api_caller, lang, fields):
    response = Visitor(app).client().post("/api/v1/bookings", json=fields, headers={**api_caller, "Accept-Language": lang})
    no_server_error(response)
    if response.status_code != 201:
        errors = api_errors(response, lang)
        assert response.status_code in (409, 422), errors


def test_the_api_with_the_session_cookie_needs_the_form_token(deaf_person):
    response = deaf_person.client().post("/api/v1/requests", json={"kind": "sanatorium"}, headers={"Accept-Language": "ru"})
    assert response.status_code == 400
    assert api_errors(response, "ru")[0]["code"] == "csrf"


@pytest.mark.parametrize("lang", LANGS)
@given(body=malformed_json)
@examples(10)
def test_json_sent_to_a_page_form_is_read_as_an_empty_form(deaf_person, lang, body):
    # A page's forms read what a browser sends: JSON, even with a valid token in the header, fills nothing.
    response = deaf_person.client().post(f"/{lang}/account/tokens", data=body, content_type="application/json",
                                         headers={"X-CSRFToken": deaf_person.token})
    no_server_error(response)
    assert problems(response, lang) == [translated(lang, "Enter a name for the token, for example “Phone app”")]


# Huge numbers in every numeric field (issue #18, point 12) ---------------------------------------------
# Python's int() refuses more than 4,300 digits: 5,000 digits in `hours` or `limit` was a 500. Each
# place a page or an API reads a number gets numbers of every length; the answer is a message.

def as_json_number(number: str) -> bytes:
    """A number written into JSON as a number, not a string (json.dumps cannot write 5,000 digits)."""
    return number.encode()


def page_numbers(client, lang: str, number: str) -> list:
    return [client.get(f"/{lang}/cabinet/who-looked?page={number}"),
            client.post(f"/{lang}/account/tokens/{number}/revoke"),
            client.post(f"/{lang}/mandates/{number}/approve")]


@pytest.mark.parametrize("lang", LANGS)
@given(number=huge_numbers)
@examples(10)
def test_huge_numbers_in_the_pages_of_a_person_are_refused_never_a_crash(deaf_person, lang, number):
    client = deaf_person.client()
    for response in page_numbers(client, lang, number):
        no_server_error(response)
    answers = {**good_booking(), "csrf_token": deaf_person.token}
    for field in ("minutes", "weeks", "interpreter"):
        response = client.post(f"/{lang}/interpreters/book", data={**answers, field: number})
        no_server_error(response)
        if response.status_code != 302:  # a valid number behind many zeros ("00…060") is still 60
            assert problems(response, lang) == [in_language(lang, "Not a valid choice.")], field


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", ["personal_assistant"])
@given(number=huge_numbers)
@examples(10)
def test_huge_hours_are_refused_with_the_hours_message(journey, kind, lang, number):
    person, _, _ = journey
    response = person.client().post(f"/{lang}/requests/new/{kind}/hours",
                                    data={"hours": number, "csrf_token": person.token})
    no_server_error(response)
    if number.lstrip("0") in set("12345678"):
        assert response.headers["Location"] == f"/{lang}/requests/new/{kind}/check"
    else:
        assert problems(response, lang) == [translated(lang, "Enter a whole number of hours from 1 to 8")]
        assert value_of(response, "hours") == number


@pytest.mark.parametrize("lang", LANGS)
@given(number=huge_numbers)
@examples(10)
def test_huge_numbers_in_the_back_office_show_the_queue_and_the_first_page(officer, lang, number):
    person, reference = officer
    client = person.client()
    queue = client.get(f"/{lang}/staff/?age={number}")
    assert queue.status_code == 200
    no_server_error(client.get(f"/{lang}/staff/audit?iin=000000000000&page={number}"))
    assert client.get(f"/{lang}/staff/requests/{reference}/evidence/{number}").status_code == 404


@pytest.mark.parametrize("lang", LANGS)
@given(number=huge_numbers)
@examples(10)
def test_huge_numbers_sent_to_the_portal_api_get_its_error_shape(app, api_caller, lang, number):
    client = Visitor(app).client()
    headers = {**api_caller, "Accept-Language": lang}
    for value in (json.dumps(number).encode(), as_json_number(number)):
        request = client.post("/api/v1/requests", headers=headers, content_type="application/json",
                              data=b'{"kind": "personal_assistant", "declaration": true, "answers": {"hours": ' + value + b"}}")
        no_server_error(request)
        if request.status_code != 201:  # "00…06" hours is 6 hours
            assert request.status_code in (400, 409, 422), request.status_code
            api_errors(request, lang)
        for field in ("minutes", "weeks", "interpreter"):
            booking = client.post("/api/v1/bookings", headers=headers, content_type="application/json",
                                  data=json.dumps({**good_booking(), field: 0}).encode().replace(
                                      f'"{field}": 0'.encode(), f'"{field}": '.encode() + value))
            no_server_error(booking)
            if booking.status_code != 201:  # "00…060" is 60 minutes, and may be booked
                assert booking.status_code in (400, 409, 422), booking.status_code
                api_errors(booking, lang)


@pytest.mark.parametrize("lang", LANGS)
@given(number=huge_numbers)
@examples(10)
def test_huge_numbers_sent_to_the_registry_api_get_its_error_shape(app, demo, lang, number):
    app.config["REGISTRY_API_TOKENS"] = "tests:a-registry-token-for-the-bad-input-tests"
    headers = {"Authorization": "Bearer a-registry-token-for-the-bad-input-tests", "Accept-Language": lang}
    parent = persona(demo, lambda p: p["legal_representative_iin"])
    represented_by = demo[parent]["legal_representative_iin"]
    cursor = base64.urlsafe_b64encode(b"[" + number.encode() + b"]").decode().rstrip("=")
    client = Visitor(app).client()
    significant = number.lstrip("0")
    a_limit = len(significant) <= 3 and 1 <= int(significant or "0") <= 500  # "00…05" is a limit of 5
    for query in ([] if a_limit else [f"limit={number}"]) + [f"cursor={cursor}"]:
        response = client.get(f"/registry/v1/persons?represented_by={represented_by}&{query}", headers=headers)
        no_server_error(response)
        assert response.status_code == 400
        (error,) = api_errors(response, lang)
        assert error["field"] == query.split("=")[0]
