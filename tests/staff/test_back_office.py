"""Staff sign in, see the queue of their region only, and process requests to the end; the
person is told at each step in their language."""

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import select

from portal import clock
from portal.demo.staff import load_demo_staff
from portal.notify.texts import in_language
from portal.models import AuditEvent, Message, ServiceRequest, StaffUser
from portal.requests.kinds import KINDS
from portal.registry import registry
from tests.conftest import csrf_token, password_signed_in, signed_in
from tests.pagecheck import text_of, translated
from tests.requests.journey import complete_journey, send

LANGS = ["kk", "ru"]


@pytest.fixture
def staff(session, demo):
    load_demo_staff(session)
    return {s.region: s for s in session.scalars(select(StaffUser).where(StaffUser.role == "officer"))}


def sent_request(app, demo, kind="sanatorium") -> ServiceRequest:
    # An adult: a minor's news goes to their legal representative (tests/notify/test_who_is_told.py).
    iin = next(i for i in demo if demo[i]["decisions"] and not demo[i]["legal_representative_iin"]
               and KINDS[kind].eligibility(registry().person_file(i), clock.today()).allowed)
    person = signed_in(app.test_client(), iin)
    complete_journey(person, kind)
    reference = send(person, kind)[0].headers["Location"].split("/")[-2]
    return reference, person


def staff_client(app, username, lang="kk"):
    return password_signed_in(app.test_client(), "staff", username, lang)


def act(client, reference, to, message="", lang="kk"):
    url = f"/{lang}/staff/requests/{reference}"
    return client.post(url, data={"to": to, "message": message, "csrf_token": csrf_token(client, url)})


def test_wrong_password_is_refused_with_one_message(app, client, staff):
    url = "/kk/staff/login"
    for username in ("astana.officer", "nobody.here"):
        response = client.post(url, data={"username": username, "password": "guess",
                                          "csrf_token": csrf_token(client, url)})
        errors = [text_of(a) for a in response.doc.findall(".//*[@data-error-summary]//a")]
        assert errors == [translated("kk", "The username or password is not right")]


def test_passwords_are_stored_with_a_modern_hash(staff):
    assert all(s.password_hash.startswith("$argon2id$") for s in staff.values())


def test_the_queue_shows_only_the_staff_members_region(app, demo, staff, session):
    reference, _ = sent_request(app, demo)
    region = session.scalar(select(ServiceRequest.region))
    own = staff_client(app, staff[region].username)
    assert reference in own.get("/kk/staff/").get_data(as_text=True)
    other_region = next(s for r, s in staff.items() if r != region)
    other = staff_client(app, other_region.username)
    assert reference not in other.get("/kk/staff/").get_data(as_text=True)
    assert other.get(f"/kk/staff/requests/{reference}").status_code == 404
    refused = session.scalar(select(AuditEvent).where(AuditEvent.action == "view_refused"))
    assert refused.actor_staff_id == other_region.id


def test_the_queue_filters_by_kind_status_and_age(app, demo, staff, session):
    reference, _ = sent_request(app, demo)
    region = session.scalar(select(ServiceRequest.region))
    client = staff_client(app, staff[region].username)
    assert reference in client.get("/kk/staff/?kind=sanatorium&status=submitted&age=any").get_data(as_text=True)
    assert reference not in client.get("/kk/staff/?kind=prosthetic").get_data(as_text=True)
    assert reference not in client.get("/kk/staff/?status=approved").get_data(as_text=True)
    assert reference not in client.get("/kk/staff/?age=5").get_data(as_text=True)


@pytest.mark.parametrize("lang", LANGS)
def test_a_request_processed_to_the_end_and_the_person_told_each_step(app, demo, staff, session, lang):
    reference, person = sent_request(app, demo)
    request = session.scalar(select(ServiceRequest))
    client = staff_client(app, staff[request.region].username, lang)
    assert act(client, reference, "in_review", lang=lang).headers["Location"].endswith("done=in_review")
    act(client, reference, "more_info_needed", "Қай айда баруға болады?", lang)
    # The person answers; the request goes back to review.
    detail = f"/kk/requests/{reference}"
    answer = person.post(detail, data={"reply": "Шілдеде.", "csrf_token": csrf_token(person, detail)})
    assert answer.headers["Location"] == f"{detail}?done=replied"
    act(client, reference, "approved", lang=lang)
    act(client, reference, "provided", lang=lang)
    session.expire_all()
    request = session.scalar(select(ServiceRequest))
    assert [e.status for e in request.events] == ["submitted", "in_review", "more_info_needed", "in_review",
                                                  "approved", "provided"]
    assert request.events[3].message == "Шілдеде." and request.events[2].staff_id == staff[request.region].id
    told = session.scalars(select(Message).where(Message.kind == "request_status").order_by(Message.id)).all()
    language = demo[request.person_iin]["preferred_language"]
    assert len(told) == 4 and {m.language for m in told} == {language}
    with force_locale(language):
        assert in_language(told[-1], language).body == gettext("What you asked for in request %(reference)s has been provided.", reference=reference)
    page = person.get(detail)
    assert [text_of(h) for h in page.doc.findall(".//ol[@class='timeline']//h3")][0] == translated("kk", "Provided")


def test_refusing_or_asking_needs_a_message_for_the_person(app, demo, staff, session):
    reference, _ = sent_request(app, demo)
    region = session.scalar(select(ServiceRequest.region))
    client = staff_client(app, staff[region].username)
    response = act(client, reference, "rejected", "  ")
    errors = [text_of(a) for a in response.doc.findall(".//*[@data-error-summary]//a")]
    assert errors == [translated("kk", "Write a message to the person: it is required when you ask for more information or refuse")]
    assert session.scalar(select(ServiceRequest.status)) == "submitted"


def test_an_invalid_transition_is_refused(app, demo, staff, session):
    reference, _ = sent_request(app, demo)
    region = session.scalar(select(ServiceRequest.region))
    client = staff_client(app, staff[region].username)
    response = act(client, reference, "provided")  # not possible before it is approved
    assert response.status_code == 200
    assert response.doc.find(".//*[@data-error-summary]") is not None
    assert session.scalar(select(ServiceRequest.status)) == "submitted"


def test_the_person_cannot_cancel_once_approved(app, demo, staff, session):
    reference, person = sent_request(app, demo)
    region = session.scalar(select(ServiceRequest.region))
    client = staff_client(app, staff[region].username)
    act(client, reference, "in_review")
    act(client, reference, "approved")
    page = person.get(f"/kk/requests/{reference}")
    assert page.doc.find(f".//a[@href='/kk/requests/{reference}/cancel']") is None
    url = f"/kk/requests/{reference}/cancel"
    person.post(url, data={"csrf_token": csrf_token(person, f"/kk/requests/{reference}")})
    session.expire_all()
    assert session.scalar(select(ServiceRequest.status)) == "approved"


def test_staff_personas_in_demo_mode(app, client, staff):
    buttons = client.get("/kk/login").doc.findall(".//button[@name='persona']")
    values = {b.get("value") for b in buttons}
    assert {f"staff:{s.username}" for s in staff.values()} <= values
    response = client.post("/kk/login", data={"persona": "staff:astana.officer", "csrf_token": csrf_token(client)})
    assert response.headers["Location"] == "/kk/staff/"
    assert client.get("/kk/staff/").status_code == 200
    assert client.get("/kk/cabinet/").status_code == 302  # staff are not signed in as a person


def test_evidence_is_downloaded_by_staff_of_the_region_only(app, demo, staff, session):
    reference, _ = sent_request(app, demo, "aid_replacement")
    request = session.scalar(select(ServiceRequest))
    evidence_id = request.evidence[0].id
    own = staff_client(app, staff[request.region].username)
    response = own.get(f"/kk/staff/requests/{reference}/evidence/{evidence_id}")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.data.startswith(b"\x89PNG")
    response.close()
    other = staff_client(app, next(s for r, s in staff.items() if r != request.region).username)
    assert other.get(f"/kk/staff/requests/{reference}/evidence/{evidence_id}").status_code == 404


def test_the_back_office_needs_staff_sign_in(client, demo):
    assert client.get("/kk/staff/").headers["Location"].startswith("/kk/staff/login")


@pytest.mark.parametrize("name", ["арба.png", "invoice\u202egnp.html", "..\\..\\evil.png", "справка.pdf"])
def test_evidence_is_downloaded_under_its_id_and_recognised_type_never_the_uploaders_name(app, demo, staff, session,
                                                                                          name):
    # An HTML file named "x\u202egnp.html" shows as "xlmth.png"; a PNG named so is still evidence-<id>.png.
    import io

    from tests.requests.journey import PNG, answer

    iin = next(i for i in demo if demo[i]["decisions"]
               and KINDS["aid_replacement"].eligibility(registry().person_file(i), clock.today()).allowed)
    person = signed_in(app.test_client(), iin)
    item = person.get("/kk/requests/new/aid_replacement/item").doc.find(".//input[@name='item']").get("value")
    answer(person, "aid_replacement", "item", {"item": item})
    answer(person, "aid_replacement", "problem", {"problem": "broken"})
    answer(person, "aid_replacement", "evidence", {"evidence": (io.BytesIO(PNG), name)})
    answer(person, "aid_replacement", "note", {"note": ""})
    reference = send(person, "aid_replacement")[0].headers["Location"].split("/")[-2]
    request = session.scalar(select(ServiceRequest))
    evidence_id = request.evidence[0].id
    response = staff_client(app, staff[request.region].username).get(
        f"/kk/staff/requests/{reference}/evidence/{evidence_id}")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.headers["Content-Disposition"] == f"attachment; filename=evidence-{evidence_id}.png"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    response.close()
