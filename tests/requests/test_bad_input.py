"""Bad input in the request journey (issue #10): each question, the evidence, the check page, and a
request's own page. How the examples run: tests/bad_input.py."""

from __future__ import annotations

import io
import re
from urllib.parse import quote

import pytest
from hypothesis import given, note
from hypothesis import strategies as st
from sqlalchemy import func, select, update
from werkzeug.datastructures import FileStorage
from werkzeug.test import EnvironBuilder, encode_multipart
from werkzeug.wrappers import Request

from portal.forms import NOT_SHOWABLE
from portal.models import Evidence, ServiceRequest
from portal.requests.forms import HELP_WITH, PROBLEMS, SEASONS
from portal.requests.kinds import KINDS
from tests.bad_input import (LANGS, ONE_LINE, checked, choice_problem, eligible, examples, first, heading, in_language,
                             no_server_error, problems, sent_request, shown, text_in, value_of, visitor)
from tests.conftest import signed_in
from tests.pagecheck import text_of, translated
from tests.requests.journey import complete_journey
from tests.strategies import (bad_text, huge_numbers, long_text, maybe_duplicated, numbers, phones, random_text,
                              tampered_choice)


def every(sent) -> list[str]:
    return [value.translate(NOT_SHOWABLE).translate(ONE_LINE) for value in (sent if isinstance(sent, list) else [sent])]


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
