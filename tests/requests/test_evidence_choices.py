"""Evidence that shuts nobody out (issue #23, point 3): a broken aid is shown by a photo, by an
inspection or by a document sent later; the answer to the department carries files under the
request's rules; the department's question is read before the answer box; and a document can be
added to an open request at any time."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from portal import clock
from portal import vocabulary as v
from portal.models import AuditEvent, Evidence, ServiceRequest
from portal.registry import registry
from portal.requests import services
from portal.requests.kinds import KINDS
from tests.conftest import csrf_token, signed_in
from tests.pagecheck import main_text, text_of, translated
from tests.requests.journey import PNG, answer, send
from tests.staff.test_back_office import act, staff, staff_client  # noqa: F401 (a fixture)

LANGS = ["kk", "ru"]
KIND = "aid_replacement"


@pytest.fixture
def replacer(app, demo, tmp_path):
    """An adult who may ask to replace an aid, with uploads going to a folder of the test's own."""
    app.config["UPLOAD_FOLDER"] = str(tmp_path)
    return next(registry().person_file(i) for i in demo if demo[i]["decisions"]
                and not demo[i]["legal_representative_iin"]
                and KINDS[KIND].eligibility(registry().person_file(i), clock.today()).allowed)


def line_of(file) -> str:
    return str(KINDS[KIND].items(file, clock.today())[0].line)


def submitted(session, file, answers, evidence_id=None):
    return services.submit(session, file=file, person_iin=file.person.iin, submitted_by_iin=file.person.iin,
                           region=file.person.region, kind=KIND, answers=answers,
                           submission_id=services.new_submission_id(), evidence_id=evidence_id)


def stored(session, app, owner_iin, data=PNG, name="арба.png"):
    return services.store_evidence(session, Path(app.config["UPLOAD_FOLDER"]), owner_iin=owner_iin,
                                   stream=io.BytesIO(data), filename=name)


# The rules -----------------------------------------------------------------------------------

@pytest.mark.parametrize("proof", ["inspection", "later"])
def test_a_broken_aid_can_be_asked_for_without_a_photo(session, replacer, proof):
    request = submitted(session, replacer, {"item": line_of(replacer), "problem": "broken", "proof": proof,
                                            "note": ""})
    assert request.answers["proof"] == proof and request.evidence == []


def test_a_photo_chosen_is_still_needed(session, replacer):
    with pytest.raises(services.RequestError) as refused:
        submitted(session, replacer, {"item": line_of(replacer), "problem": "broken", "proof": "photo", "note": ""})
    assert refused.value.code == "evidence_missing"


def test_the_choice_is_asked_only_of_a_broken_aid(session, replacer):
    kind = KINDS[KIND]
    assert kind.asks("proof", {"problem": "broken"}) and not kind.asks("proof", {"problem": "worn_out"})
    assert kind.asks("evidence", {"problem": "broken", "proof": "photo"})
    assert not kind.asks("evidence", {"problem": "broken", "proof": "inspection"})
    with pytest.raises(services.RequestError) as refused:
        submitted(session, replacer, {"item": line_of(replacer), "problem": "broken", "note": ""})
    assert refused.value.code == "incomplete"  # a broken aid's choice is not left out
    worn = submitted(session, replacer, {"item": line_of(replacer), "problem": "worn_out", "proof": "later",
                                         "note": ""})
    assert "proof" not in worn.answers  # the aid is not broken after all: nothing is promised


def test_a_document_is_added_to_an_open_request_and_recorded(app, session, replacer):
    iin = replacer.person.iin
    request = submitted(session, replacer, {"item": line_of(replacer), "problem": "broken", "proof": "later",
                                            "note": ""})
    services.add_document(session, request, stored(session, app, iin), by_iin=iin)
    assert [(e.sent_with, e.came_later) for e in request.evidence] == [("added", True)]
    assert session.scalar(select(AuditEvent.detail).where(AuditEvent.action == "request_document_added")) == \
        request.reference
    services.cancel(session, request, by_iin=iin)
    with pytest.raises(services.RequestError):
        services.add_document(session, request, stored(session, app, iin), by_iin=iin)


def test_an_answer_carries_its_documents(app, session, replacer):
    iin = replacer.person.iin
    evidence = stored(session, app, iin)
    request = submitted(session, replacer, {"item": line_of(replacer), "problem": "broken", "proof": "photo",
                                            "note": ""}, evidence_id=evidence.id)
    services.move(request, "in_review", session=session)
    services.move(request, "more_info_needed", message="Сериялық нөмірі қандай?", session=session)
    services.reply(session, request, by_iin=iin, message="AB-123", documents=[stored(session, app, iin)])
    assert [e.sent_with for e in request.evidence] == ["request", "answer"]
    assert request.status == "in_review"


# The pages ------------------------------------------------------------------------------------

def to_the_choice(client, lang):
    item = client.get(f"/{lang}/requests/new/{KIND}/item").doc.find(".//input[@name='item']").get("value")
    answer(client, KIND, "item", {"item": item}, lang)
    return answer(client, KIND, "problem", {"problem": "broken"}, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_a_blind_person_asks_for_an_inspection_instead_of_a_photo(app, client, session, replacer, staff, lang):  # noqa: F811
    signed_in(client, replacer.person.iin)
    assert to_the_choice(client, lang).headers["Location"] == f"/{lang}/requests/new/{KIND}/proof"
    page = client.get(f"/{lang}/requests/new/{KIND}/proof")
    options = [text_of(label) for label in page.doc.findall(".//label[@class='choices__label']")]
    assert options == [translated(lang, "Send a photo or a document now"),
                       translated(lang, "Ask for the aid to be inspected"), translated(lang, "Send a document later")]
    refused = answer(client, KIND, "proof", {}, lang)
    assert translated(lang, "Choose how the department can see that the aid is broken") in main_text(refused)
    # No photo page: straight to the note.
    chosen = answer(client, KIND, "proof", {"proof": "inspection"}, lang)
    assert chosen.headers["Location"] == f"/{lang}/requests/new/{KIND}/note"
    answer(client, KIND, "note", {"note": ""}, lang)
    check = main_text(client.get(f"/{lang}/requests/new/{KIND}/check"))
    assert translated(lang, "Ask for the aid to be inspected") in check
    assert translated(lang, "Upload a photo or a document") not in check
    reference = send(client, KIND, lang)[0].headers["Location"].split("/")[-2]
    detail = main_text(client.get(f"/{lang}/requests/{reference}"))
    assert translated(lang, "Ask for the aid to be inspected") in detail
    assert translated(lang, "An inspection of the aid was asked for: the department will arrange when a "
                            "specialist looks at it.") in detail
    request = session.scalar(select(ServiceRequest).where(ServiceRequest.reference == reference))
    officer = staff_client(app, staff[request.region].username, lang)
    assert translated(lang, "Inspection asked") in main_text(officer.get(f"/{lang}/staff/requests/{reference}"))


@pytest.mark.parametrize("lang", LANGS)
def test_a_promised_document_is_added_later_and_seen_by_staff(app, client, session, replacer, staff, lang):  # noqa: F811
    signed_in(client, replacer.person.iin)
    to_the_choice(client, lang)
    answer(client, KIND, "proof", {"proof": "later"}, lang)
    answer(client, KIND, "note", {"note": ""}, lang)
    reference = send(client, KIND, lang)[0].headers["Location"].split("/")[-2]
    page = f"/{lang}/requests/{reference}"
    officer = staff_client(app, staff[replacer.person.region].username, lang)
    assert translated(lang, "Document to follow") in main_text(officer.get(f"/{lang}/staff/requests/{reference}"))
    assert translated(lang, "A document was promised with this request: add it below when it is ready.") in \
        main_text(client.get(page))

    def add(data):
        return client.post(f"{page}/documents", content_type="multipart/form-data",
                           data={"csrf_token": csrf_token(client, page), **data})

    for data, message in [({}, "Choose a file to upload"),
                          ({"file": (io.BytesIO(b"<html>not a photo</html>"), "photo.png")},
                           "The file must be a PDF, JPEG or PNG")]:
        refused = add(data)
        assert refused.status_code == 400
        assert [text_of(a) for a in refused.doc.findall(".//*[@data-error-summary]//a")] == [
            translated(lang, message)]
        assert refused.doc.find(".//*[@data-error-summary]//a").get("href") == "#file"
    added = add({"file": (io.BytesIO(PNG), "анықтама.png")})
    assert added.headers["Location"] == f"{page}?done=document_added"
    shown = main_text(client.get(added.headers["Location"]))
    assert translated(lang, "Document added") in shown and "анықтама.png" in shown
    assert session.scalar(select(Evidence.sent_with).where(Evidence.original_name == "анықтама.png")) == "added"
    staff_page = main_text(officer.get(f"/{lang}/staff/requests/{reference}"))
    assert translated(lang, "Download %(name)s", name="анықтама.png") in staff_page


@pytest.mark.parametrize("lang", LANGS)
def test_the_answer_to_the_department_comes_after_its_question_and_carries_files(app, client, session, replacer,
                                                                                  staff, lang):  # noqa: F811
    signed_in(client, replacer.person.iin)
    to_the_choice(client, lang)
    answer(client, KIND, "proof", {"proof": "inspection"}, lang)
    answer(client, KIND, "note", {"note": ""}, lang)
    reference = send(client, KIND, lang)[0].headers["Location"].split("/")[-2]
    officer = staff_client(app, staff[replacer.person.region].username, lang)
    act(officer, reference, "in_review", lang=lang)
    act(officer, reference, "more_info_needed", "Жақын түсірілген фото мен сериялық нөмір керек.", lang=lang)

    page = f"/{lang}/requests/{reference}"
    shown = client.get(page)
    order = [element for element in shown.doc.find(".//main").iter()
             if element.tag == "blockquote" or element.get("name") == "reply"]
    assert [e.tag for e in order][:2] == ["blockquote", "textarea"]  # the question, then the answer box
    assert text_of(order[0]) == "Жақын түсірілген фото мен сериялық нөмір керек."
    assert shown.doc.find(".//form[@enctype='multipart/form-data']//input[@name='documents']") is not None

    def reply(files):
        return client.post(page, content_type="multipart/form-data",
                           data={"csrf_token": csrf_token(client, page), "reply": "Нөмірі AB-123.",
                                 "documents": files})

    refused = reply([(io.BytesIO(b"not a picture"), "photo.jpg")])
    assert refused.status_code == 400
    assert [text_of(a) for a in refused.doc.findall(".//*[@data-error-summary]//a")] == [
        translated(lang, "The file must be a PDF, JPEG or PNG")]
    assert text_of(refused.doc.find(".//textarea[@name='reply']")) == "Нөмірі AB-123."  # nothing typed is lost
    assert session.scalar(select(func.count()).select_from(Evidence)) == 0

    sent = reply([(io.BytesIO(PNG), "жақын.png"), (io.BytesIO(PNG), "нөмір.png")])
    assert sent.headers["Location"] == f"{page}?done=replied"
    files = session.execute(select(Evidence.original_name, Evidence.sent_with).order_by(Evidence.id)).all()
    assert files == [("жақын.png", "answer"), ("нөмір.png", "answer")]
    after = main_text(client.get(sent.headers["Location"]))
    assert translated(lang, "Document sent with the answer") in after and "нөмір.png" in after


# The API ----------------------------------------------------------------------------------------

def test_the_api_takes_the_choice_and_describes_it(client, session, replacer):
    from tests.api.test_portal_api import API, bearer

    iin = replacer.person.iin
    made = client.post(f"{API}/requests", headers=bearer(session, iin), json={
        "kind": KIND, "declaration": True,
        "answers": {"item": line_of(replacer), "problem": "broken", "proof": "inspection"}})
    assert made.status_code == 201 and made.get_json()["answers"]["proof"] == "inspection"
    wrong = client.post(f"{API}/requests", headers=bearer(session, iin), json={
        "kind": KIND, "declaration": True, "answers": {"item": line_of(replacer), "problem": "broken", "proof": "x"}})
    assert wrong.status_code == 422 and wrong.get_json()["errors"][0]["field"] == "answers.proof"
    described = client.get(f"{API}/openapi.json").get_json()
    proof = described["components"]["schemas"]["NewRequest"]["properties"]["answers"]["properties"]["proof"]
    assert proof["enum"] == ["photo", "inspection", "later"]


# Limits -----------------------------------------------------------------------------------------

def an_open_request(client, lang):
    to_the_choice(client, lang)
    answer(client, KIND, "proof", {"proof": "later"}, lang)
    answer(client, KIND, "note", {"note": ""}, lang)
    return f"/{lang}/requests/" + send(client, KIND, lang)[0].headers["Location"].split("/")[-2]


@pytest.mark.parametrize("lang", LANGS)
def test_a_file_too_large_is_refused_on_both_ways_in(app, client, session, replacer, lang):
    signed_in(client, replacer.person.iin)
    page = an_open_request(client, lang)
    # Encoded in memory: the test client would spool a large body to a file it never closes.
    boundary, body = encode_multipart({"csrf_token": csrf_token(client, page),
                                       "file": FileStorage(io.BytesIO(PNG + b"\x00" * (10 * 1024 * 1024)), "big.png")})
    refused = client.post(f"{page}/documents", data=body, content_type=f"multipart/form-data; boundary={boundary}")
    assert refused.status_code == 400
    assert translated(lang, "The file must be smaller than 10 MB") in main_text(refused)
    assert session.scalar(select(func.count()).select_from(Evidence)) == 0
    assert list(Path(app.config["UPLOAD_FOLDER"]).iterdir()) == []

    found = session.scalar(select(ServiceRequest))
    services.move(found, "in_review", session=session)
    services.move(found, "more_info_needed", message="Анықтама керек.", session=session)
    session.commit()
    boundary, body = encode_multipart({"csrf_token": csrf_token(client, page), "reply": "Жіберіп отырмын.",
                                       "documents": FileStorage(io.BytesIO(PNG + b"\x00" * (10 * 1024 * 1024)),
                                                                "big.png")})
    refused = client.post(page, data=body, content_type=f"multipart/form-data; boundary={boundary}")
    assert refused.status_code == 400
    assert translated(lang, "The file must be smaller than 10 MB") in main_text(refused)
    assert text_of(refused.doc.find(".//textarea[@name='reply']")) == "Жіберіп отырмын."
    assert session.scalar(select(func.count()).select_from(Evidence)) == 0
    session.refresh(found)
    assert found.status == "more_info_needed"


@pytest.mark.parametrize("lang", LANGS)
def test_documents_count_against_the_upload_limit_and_an_answer_without_files_does_not(app, client, replacer, lang):
    app.config.update(UPLOAD_LIMIT="2 per hour")
    signed_in(client, replacer.person.iin)
    page = an_open_request(client, lang)

    def add():
        return client.post(f"{page}/documents", content_type="multipart/form-data",
                           data={"csrf_token": csrf_token(client, page), "file": (io.BytesIO(PNG), "a.png")})

    assert [add().status_code for _ in range(2)] == [302, 302]
    limited = add()
    assert limited.status_code == 429 and "Retry-After" in limited.headers
    # Viewing the request, or cancelling it, sends no file and is not counted.
    assert client.get(page).status_code == 200
    assert client.post(f"{page}/cancel", data={"csrf_token": csrf_token(client, f"{page}/cancel")}).status_code == 302


@pytest.mark.parametrize("lang", LANGS)
def test_two_files_of_one_name_are_two_links_named_apart_for_staff(app, client, replacer, staff, lang):  # noqa: F811
    signed_in(client, replacer.person.iin)
    page = an_open_request(client, lang)
    for _ in range(2):  # a phone names every photo "image.jpg"
        client.post(f"{page}/documents", content_type="multipart/form-data",
                    data={"csrf_token": csrf_token(client, page), "file": (io.BytesIO(PNG), "image.jpg")})
    officer = staff_client(app, staff[replacer.person.region].username, lang)
    shown = officer.get(page.replace(f"/{lang}/requests/", f"/{lang}/staff/requests/"))
    links = [text_of(a) for a in shown.doc.findall(".//main//a") if "/evidence/" in a.get("href")]
    assert links == [translated(lang, "Download %(name)s, file %(number)s", name="image.jpg", number=n) for n in (1, 2)]


def test_an_app_adds_a_document_and_reads_the_documents_back(client, session, replacer):
    from tests.api.test_portal_api import API, bearer

    iin = replacer.person.iin
    headers = bearer(session, iin)
    made = client.post(f"{API}/requests", headers=headers, json={
        "kind": KIND, "declaration": True, "answers": {"item": line_of(replacer), "problem": "broken", "proof": "later"}})
    reference = made.get_json()["reference"]
    assert made.get_json()["documents"] == []
    url = f"{API}/requests/{reference}/documents"
    wrong = client.post(url, headers=headers, data={"file": (io.BytesIO(b"<html></html>"), "a.png")})
    assert wrong.status_code == 422 and wrong.get_json()["errors"][0]["code"] == "evidence_type"
    added = client.post(url, headers=headers, data={"file": (io.BytesIO(PNG), "анықтама.png")})
    assert added.status_code == 201
    (document,) = added.get_json()["documents"]
    assert (document["name"], document["sent_with"], document["content_type"]) == ("анықтама.png", "added", "image/png")
    assert client.get(f"{API}/requests/{reference}", headers=headers).get_json()["documents"] == [document]
    services.cancel(session, session.scalar(select(ServiceRequest)), by_iin=iin)
    closed = client.post(url, headers=headers, data={"file": (io.BytesIO(PNG), "b.png")})
    assert closed.status_code == 409 and closed.get_json()["errors"][0]["code"] == "closed"
    assert session.scalar(select(func.count()).select_from(Evidence)) == 1


def test_uploads_through_the_api_count_against_the_upload_limit(app, client, session, replacer):
    """Before, only the website's evidence question was counted: an app could upload without limit."""
    from tests.api.test_portal_api import API, bearer

    app.config.update(UPLOAD_LIMIT="2 per hour")
    headers = bearer(session, replacer.person.iin)
    sent = [client.post(f"{API}/evidence", headers=headers, data={"file": (io.BytesIO(PNG), "a.png")}).status_code
            for _ in range(3)]
    assert sent == [201, 201, 429]


@pytest.mark.parametrize("lang", LANGS)
def test_a_promised_document_waits_on_the_home_page_until_it_comes(app, client, session, replacer, lang):
    """Issue #23, point 2: a document the person said would follow is one of their tasks."""
    iin = replacer.person.iin
    request = submitted(session, replacer, {"item": line_of(replacer), "problem": "broken", "proof": "later",
                                            "note": ""})
    signed_in(client, iin)
    link = f"/{lang}/requests/{request.reference}"
    with force_locale(lang):
        task = re.sub(r"<[^>]+>", "", translated(
            lang, "%(kind)s: the document promised with request %(reference)s has not come yet. "
                  "<a href=\"%(link)s\">Add it to request %(reference)s</a>.",
            kind=str(v.REQUEST_KINDS[KIND]), reference=request.reference, link=link))

    def tasks():
        return {text_of(li): [a.get("href") for a in li.findall("a")]
                for li in client.get(f"/{lang}/cabinet/").doc.findall(".//main//li")}

    assert tasks().get(task) == [link]
    services.add_document(session, request, stored(session, app, iin), by_iin=iin)
    assert task not in tasks()
