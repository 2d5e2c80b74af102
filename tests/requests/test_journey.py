"""The request journey end to end through the real routes, for every kind, in both languages."""

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from portal import clock
from portal.models import Evidence, ServiceRequest
from portal.requests.kinds import KINDS
from portal.registry import registry
from tests.conftest import csrf_token, signed_in
from tests.pagecheck import text_of
from tests.requests.journey import answer, complete_journey, send

LANGS = ["kk", "ru"]


def translated(lang, message, **values):
    with force_locale(lang):
        return gettext(message, **values)


def eligible_persona(demo, kind):
    for iin in demo:
        if KINDS[kind].eligibility(registry().person_file(iin), clock.today()).allowed and demo[iin]["decisions"]:
            return iin
    raise AssertionError(f"no demo persona may ask for {kind}")


def errors(response):
    return [text_of(a) for a in response.doc.findall(".//*[@data-error-summary]//a")]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_can_be_sent_and_followed(app, client, demo, session, kind, lang):
    iin = eligible_persona(demo, kind)
    signed_in(client, iin)
    start = client.get(f"/{lang}/requests/new/{kind}")
    assert start.doc.find(".//a[@class='button button--start']") is not None
    check = complete_journey(client, kind, lang)
    assert check.status_code == 200
    change_links = check.doc.findall(".//a[@href]")
    assert any("change=1" in a.get("href") for a in change_links)
    response, _, _ = send(client, kind, lang)
    confirmation = client.get(response.headers["Location"])
    reference = text_of(confirmation.doc.find(".//*[@class='panel__reference']"))
    assert reference.startswith("KZ-") and len(reference) == len("KZ-2026-000001")
    stored = session.scalar(select(ServiceRequest).where(ServiceRequest.reference == reference))
    assert (stored.kind, stored.status, stored.person_iin, stored.region) == (kind, "submitted", iin, demo[iin]["region"])
    listing = client.get(f"/{lang}/requests/")
    assert reference in listing.get_data(as_text=True)
    detail = client.get(f"/{lang}/requests/{reference}")
    assert translated(lang, "Sent") in text_of(detail.doc.find(".//main"))


def test_answers_are_kept_and_the_journey_carries_on(client, demo):
    iin = eligible_persona(demo, "sanatorium")
    signed_in(client, iin)
    answer(client, "sanatorium", "season", {"season": "winter"})
    # Leave, come back: the start page offers to carry on, and the answer is still chosen.
    start = client.get("/kk/requests/new/sanatorium")
    assert start.doc.find(".//a[@class='button button--start']").get("href") == "/kk/requests/new/sanatorium/check"
    following = KINDS["sanatorium"].questions_for(registry().person_file(iin), clock.today())[1]
    assert client.get("/kk/requests/new/sanatorium/check").headers["Location"] == \
        f"/kk/requests/new/sanatorium/{following}"
    season = client.get("/kk/requests/new/sanatorium/season").doc.find(".//input[@value='winter']")
    assert season.get("checked") is not None


@pytest.mark.parametrize("lang", LANGS)
def test_a_missing_answer_is_explained_and_nothing_is_lost(client, demo, lang):
    signed_in(client, eligible_persona(demo, "personal_assistant"))
    response = answer(client, "personal_assistant", "hours", {"hours": "twelve"}, lang)
    assert response.status_code == 200
    assert errors(response) == [translated(lang, "Enter a whole number of hours from 1 to 8")]
    assert response.doc.find(".//input[@id='hours']").get("value") == "twelve"
    response = answer(client, "personal_assistant", "hours", {"hours": "9"}, lang)
    assert errors(response) == [translated(lang, "Enter a whole number of hours from 1 to 8")]


def test_the_declaration_must_be_confirmed(client, demo):
    signed_in(client, eligible_persona(demo, "contact_details"))
    complete_journey(client, "contact_details")
    check = client.get("/kk/requests/new/contact_details/check")
    response = client.post("/kk/requests/new/contact_details/check", data={
        "csrf_token": check.doc.find(".//input[@name='csrf_token']").get("value"),
        "submission_id": check.doc.find(".//input[@name='submission_id']").get("value")})
    assert errors(response) == [translated("kk", "Confirm that the information you have given is true")]


def test_a_phone_number_is_checked_and_written_the_same_way(client, demo, session):
    signed_in(client, eligible_persona(demo, "contact_details"))
    response = answer(client, "contact_details", "phone", {"phone": "12345"})
    assert errors(response) == [translated("kk", "Enter a Kazakhstan mobile number: +7 and 10 digits, for example +7 701 123 45 67")]
    complete_journey(client, "contact_details")
    send(client, "contact_details")
    assert session.scalar(select(ServiceRequest.answers)) == {"phone": "+77015554433"}


def test_sending_twice_creates_one_request(client, demo, session):
    signed_in(client, eligible_persona(demo, "sanatorium"))
    complete_journey(client, "sanatorium")
    first, submission_id, token = send(client, "sanatorium")
    # The same form again: a double click, a refresh, or back and send.
    again = client.post("/kk/requests/new/sanatorium/check",
                        data={"csrf_token": token, "submission_id": submission_id, "declaration": "y"})
    assert again.headers["Location"] == first.headers["Location"]
    assert session.scalar(select(func.count()).select_from(ServiceRequest)) == 1


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("content, name, message", [
    (b"MZ\x90\x00 not a picture", "photo.png", "The file must be a PDF, JPEG or PNG"),
    (b"%PDF-1.7" + b"0" * (10 * 1024 * 1024), "big.pdf", "The file must be smaller than 10 MB"),
])
def test_a_wrong_upload_is_refused_and_the_answers_are_kept(app, client, demo, session, lang, content, name, message):
    import io

    iin = eligible_persona(demo, "aid_replacement")
    signed_in(client, iin)
    item = client.get(f"/{lang}/requests/new/aid_replacement/item").doc.find(".//input[@name='item']").get("value")
    answer(client, "aid_replacement", "item", {"item": item}, lang)
    answer(client, "aid_replacement", "problem", {"problem": "broken"}, lang)
    url = f"/{lang}/requests/new/aid_replacement/evidence"
    # Encoded in memory: the test client would spool a large body to a file it never closes.
    boundary, body = encode_multipart({"csrf_token": csrf_token(client, url),
                                       "evidence": FileStorage(io.BytesIO(content), name)})
    response = client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 400
    assert errors(response) == [translated(lang, message)]
    assert session.scalar(select(func.count()).select_from(Evidence)) == 0
    problem = client.get(f"/{lang}/requests/new/aid_replacement/problem").doc.find(".//input[@value='broken']")
    assert problem.get("checked") is not None


def test_evidence_is_recognised_by_content_and_kept_outside_the_web_root(app, client, demo, session):
    from pathlib import Path

    signed_in(client, eligible_persona(demo, "aid_replacement"))
    complete_journey(client, "aid_replacement")
    send(client, "aid_replacement")
    evidence = session.scalar(select(Evidence))
    assert (evidence.content_type, evidence.original_name) == ("image/png", "арба.png")
    stored = Path(app.config["UPLOAD_FOLDER"]) / evidence.stored_name
    assert stored.exists() and "static" not in stored.parts
    assert evidence.request_id is not None


@pytest.mark.parametrize("lang", LANGS)
def test_someone_who_may_not_ask_is_told_why_and_what_to_do(client, demo, lang):
    parent = next(iin for iin, p in demo.items() if not p["decisions"])
    signed_in(client, parent)
    page = client.get(f"/{lang}/requests/new/technical_aid")
    assert translated(lang, "You cannot ask for this at the moment.") in text_of(page.doc.find(".//main"))
    assert page.doc.find(".//a[@class='button button--start']") is None
    assert client.get(f"/{lang}/requests/new/technical_aid/item").headers["Location"] == f"/{lang}/requests/new/technical_aid"


@pytest.mark.parametrize("lang", LANGS)
def test_a_request_can_be_cancelled_while_submitted(client, demo, session, lang):
    signed_in(client, eligible_persona(demo, "sanatorium"))
    complete_journey(client, "sanatorium", lang)
    response, _, _ = send(client, "sanatorium", lang)
    reference = response.headers["Location"].split("/")[-2]
    confirm = client.get(f"/{lang}/requests/{reference}/cancel")
    assert confirm.status_code == 200
    done = client.post(f"/{lang}/requests/{reference}/cancel", data={"csrf_token": csrf_token(client, f"/{lang}/requests/{reference}/cancel")})
    assert done.headers["Location"] == f"/{lang}/requests/{reference}?done=cancelled"
    page = client.get(done.headers["Location"])
    assert translated(lang, "You have cancelled this request") in text_of(page.doc.find(".//main"))
    assert session.scalar(select(ServiceRequest.status)) == "cancelled"
    assert client.get(f"/{lang}/requests/{reference}/cancel").headers["Location"] == f"/{lang}/requests/{reference}"


def test_someone_elses_request_is_not_found(app, client, demo):
    owner = signed_in(app.test_client(), eligible_persona(demo, "sanatorium"))
    complete_journey(owner, "sanatorium")
    reference = send(owner, "sanatorium")[0].headers["Location"].split("/")[-2]
    other = next(iin for iin in demo if iin != eligible_persona(demo, "sanatorium"))
    assert signed_in(client, other).get(f"/kk/requests/{reference}").status_code == 404


@pytest.mark.parametrize("lang", LANGS)
def test_a_sent_request_and_a_new_one_of_its_kind_have_links_named_apart(client, demo, lang):
    """Issue #23, point 8: a screen reader lists links by name; the request and the start of a new
    one of the same kind must not sound alike."""
    signed_in(client, eligible_persona(demo, "sanatorium"))
    complete_journey(client, "sanatorium", lang)
    send(client, "sanatorium", lang)
    links = [(text_of(a), a.get("href")) for a in client.get(f"/{lang}/requests/").doc.findall(".//main//a")]
    places = {}
    for name, href in links:
        places.setdefault(name, set()).add(href)
    assert all(len(hrefs) == 1 for hrefs in places.values()), places
