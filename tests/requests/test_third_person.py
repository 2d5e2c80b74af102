"""Acting for a child or an adult, every request page speaks of that person in the third person, by
name, and never says "you" of them: the list, the start pages, the questions, the check page, the
confirmation, the request with the department's question, and cancelling (issue #23, point 1)."""

import pytest
from sqlalchemy import select

from portal import clock
from portal.models import Mandate, Message, ServiceRequest
from portal.registry import registry
from portal.requests import services as requesting
from portal.requests.kinds import KINDS
from tests.conftest import csrf_token, persona, signed_in
from tests.requests.journey import answer, answers_for, complete_journey, send
from tests.third_person import a_child, act_for, addressed_to_them, mandate_for, second_person

LANGS = ["kk", "ru"]


@pytest.fixture
def child(demo):
    return a_child(demo)


@pytest.fixture
def adult(demo, session):
    """A carer with a mandate in force for every scope, and an adult who may ask to replace an aid."""
    person = persona(demo, lambda p: not p["legal_representative_iin"] and p["decisions"]
                     and KINDS["aid_replacement"].eligibility(registry().person_file(p["iin"]), clock.today()).allowed)
    return mandate_for(session, demo, person), person


def speaks_of(page, lang, name, what):
    """The page names the person and says "you" of nobody."""
    assert page.status_code in (200, 400), what
    assert second_person(page, lang) == [], (what, sorted(set(second_person(page, lang))))
    assert name in addressed_to_them(page), what


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("whom", ["child", "adult"])
def test_acting_for_someone_every_request_page_speaks_of_them_by_name(app, client, session, request, tmp_path,
                                                                       whom, lang):
    app.config["UPLOAD_FOLDER"] = str(tmp_path)
    carer, person = request.getfixturevalue(whom)
    signed_in(client, carer)
    act_for(client, person, lang)
    record = registry().person_file(person).person
    name = record.given_name if whom == "child" else f"{record.surname} {record.given_name}"
    file = registry().person_file(person)

    speaks_of(client.get(f"/{lang}/requests/"), lang, name, "index, empty")
    eligible = [code for code, kind in KINDS.items() if kind.eligibility(file, clock.today()).allowed]
    assert len(eligible) >= 2
    for code in KINDS:
        speaks_of(client.get(f"/{lang}/requests/new/{code}"), lang, name, f"start {code}")
    for code in eligible:
        for number, (question, data) in enumerate(answers_for(code, client, lang)):
            url = f"/{lang}/requests/new/{code}/{question}"
            empty = client.get(url)
            assert empty.status_code == 200, url
            assert second_person(empty, lang) == [], (url, sorted(set(second_person(empty, lang))))
            if number == 0:  # each kind's first question asks about the person by name
                assert name in addressed_to_them(empty), url
            if question not in ("note", "companion", "evidence"):  # optional, or a file: no error to show
                refused = client.post(url, data={"csrf_token": csrf_token(client, url)})
                assert refused.status_code == 200 and refused.doc.find(".//*[@data-error-summary]") is not None, url
                assert second_person(refused, lang) == [], (url, sorted(set(second_person(refused, lang))))
            assert answer(client, code, question, data, lang).status_code == 302, url
        check = client.get(f"/{lang}/requests/new/{code}/check")
        speaks_of(check, lang, name, f"check {code}")
        undeclared = client.post(f"/{lang}/requests/new/{code}/check", data={
            "csrf_token": csrf_token(client, f"/{lang}/requests/new/{code}/check"),
            "submission_id": check.doc.find(".//input[@name='submission_id']").get("value")})
        assert undeclared.doc.find(".//*[@data-error-summary]") is not None
        speaks_of(undeclared, lang, name, f"check {code}, not declared")

    code = "contact_details"
    complete_journey(client, code, lang)
    sent = send(client, code, lang)[0]
    reference = sent.headers["Location"].split("/")[-2]
    speaks_of(client.get(f"/{lang}/requests/{reference}/confirmation"), lang, name, "confirmation")
    speaks_of(client.get(f"/{lang}/requests/"), lang, name, "index, filled")
    speaks_of(client.get(f"/{lang}/requests/{reference}"), lang, name, "detail, sent")
    speaks_of(client.get(f"/{lang}/requests/{reference}/cancel"), lang, name, "cancel")

    # The department asks a question: it is read first, then answered on the person's behalf.
    found = session.scalar(select(ServiceRequest).where(ServiceRequest.reference == reference))
    requesting.move(found, "in_review", session=session)
    requesting.move(found, "more_info_needed", message="Қай нөмір? Какой номер?", session=session)
    session.commit()
    speaks_of(client.get(f"/{lang}/requests/{reference}"), lang, name, "detail, question")
    detail = f"/{lang}/requests/{reference}"
    speaks_of(client.post(detail, data={"csrf_token": csrf_token(client, detail), "reply": ""}), lang, name,
              "detail, answer missing")
    replied = client.post(detail, data={"csrf_token": csrf_token(client, detail), "reply": "+77015554433"})
    speaks_of(client.get(replied.headers["Location"]), lang, name, "detail, answered")
    cancelled = client.post(f"{detail}/cancel", data={"csrf_token": csrf_token(client, f"{detail}/cancel")})
    speaks_of(client.get(cancelled.headers["Location"]), lang, name, "detail, cancelled")


@pytest.mark.parametrize("lang", LANGS)
def test_a_persons_own_request_pages_still_speak_to_them(client, demo, lang):
    person = persona(demo, lambda p: p["decisions"] and p["programmes"] and not p["legal_representative_iin"])
    signed_in(client, person)
    assert second_person(client.get(f"/{lang}/requests/"), lang)
    assert second_person(client.get(f"/{lang}/requests/new/contact_details/phone"), lang)


def test_a_child_is_not_told_of_a_request_sent_on_their_behalf(app, client, session, child):
    """A child's legal representative sends the request; nobody else is told of it, and the child,
    who may be three, gets no "sent on your behalf" message (issue #23, Journey 7)."""
    parent, kid = child
    signed_in(client, parent)
    act_for(client, kid, "kk")
    complete_journey(client, "contact_details")
    reference = send(client, "contact_details")[0].headers["Location"].split("/")[-2]
    told = session.execute(select(Message.recipient_iin, Message.kind).where(Message.about == reference)).all()
    assert told == [(parent, "request_sent")]


def test_a_child_with_a_carer_is_told_through_the_representative(app, client, session, child, demo):
    """A carer with a mandate sends a request for a child: the representative is told, not the child."""
    parent, kid = child
    carer = persona(demo, lambda p: p["iin"] not in (parent, kid) and not p["legal_representative_iin"]
                    and not any(q["legal_representative_iin"] == p["iin"] for q in demo.values()))
    session.add(Mandate(carer_iin=carer, person_iin=kid, status="active", starts_on=clock.today(), ends_on=None,
                        scopes=["view", "requests"]))
    session.commit()
    signed_in(client, carer)
    act_for(client, kid, "kk")
    complete_journey(client, "contact_details")
    reference = send(client, "contact_details")[0].headers["Location"].split("/")[-2]
    told = set(session.execute(select(Message.recipient_iin, Message.kind).where(Message.about == reference)).all())
    assert told == {(parent, "mandate_request"), (carer, "request_sent")}
