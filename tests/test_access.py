"""The one gate for every read of a person's data (issue #19): each page or API answer that shows a
person's data writes one audit event naming who acted and for whom, the authority is resolved
once a request, and no route writes a read to the audit log itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from portal import access, clock
from portal.models import AuditEvent, Mandate
from tests.conftest import csrf_token, may_ask_for, persona, signed_in
from tests.requests.journey import complete_journey, send

PORTAL = Path(__file__).resolve().parents[1] / "portal"


@pytest.fixture
def adult_and_carer(demo, session):
    """(the adult, their carer, signed in and acting for them with a mandate for everything)."""
    adult = persona(demo, lambda p: not p["legal_representative_iin"] and may_ask_for(p["iin"], "sanatorium"))
    carer = persona(demo, lambda p: p["decisions"] and p["iin"] != adult and not p["legal_representative_iin"])
    session.add(Mandate(carer_iin=carer, person_iin=adult, scopes=sorted(access.ALL_SCOPES), starts_on=clock.today(),
                        status="active"))
    session.commit()
    return adult, carer


def acting_for(client, iin: str) -> None:
    client.post("/kk/acting-for", data={"subject": iin, "csrf_token": csrf_token(client, "/kk/acting-for")})


def reads(session, after: int = 0) -> list[tuple[str, str, str, str]]:
    """(action, actor, subject, detail) of the reads recorded after event `after`."""
    return [tuple(row) for row in session.execute(
        select(AuditEvent.action, AuditEvent.actor_iin, AuditEvent.subject_iin, AuditEvent.detail)
        .where(AuditEvent.id > after, AuditEvent.action.in_(["view", "access_log_read"]))
        .order_by(AuditEvent.id))]


def last_event(session) -> int:
    return session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1)) or 0


def test_a_carers_request_page_and_api_answer_each_audit_one_read_naming_the_carer(app, session, adult_and_carer):
    adult, carer = adult_and_carer
    client = signed_in(app.test_client(), carer)
    acting_for(client, adult)
    complete_journey(client, "sanatorium")
    reference = send(client, "sanatorium")[0].headers["Location"].split("/")[-2]

    before = last_event(session)
    assert client.get(f"/kk/requests/{reference}").status_code == 200
    assert reads(session, before) == [("view", carer, adult, f"request {reference}")]

    before = last_event(session)
    assert client.get(f"/api/v1/requests/{reference}?person={adult}").status_code == 200
    assert reads(session, before) == [("view", carer, adult, f"api: request {reference}")]


def test_each_page_of_the_booking_journey_records_one_read_and_a_redirect_none(app, session, deaf):
    client = signed_in(app.test_client(), deaf)
    before = last_event(session)
    for page in ("/kk/interpreters/", "/kk/interpreters/free-times", "/kk/interpreters/book"):
        assert client.get(page).status_code == 200
    assert [detail for *_, detail in reads(session, before)] == ["interpreter bookings"] * 3

    token = csrf_token(client, "/kk/interpreters/book")
    before = last_event(session)
    book = client.post("/kk/interpreters/book", data={"csrf_token": token, "mode": "video", "day": "not a day",
                                                      "purpose": "hospital"})
    assert book.status_code == 200  # the form again, with its errors: the person's quota on it
    assert len(reads(session, before)) == 1
    before = last_event(session)
    assert client.get("/kk/interpreters/book/check").status_code == 302  # nothing drafted: back to the form
    assert reads(session, before) == []


def test_a_request_question_that_shows_programme_items_records_its_read(app, session, demo):
    from portal.requests.kinds import KINDS
    from portal.registry import registry

    iin = next(i for i in demo if demo[i]["decisions"] and KINDS["technical_aid"].eligibility(
        registry().person_file(i), clock.today()).allowed)
    client = signed_in(app.test_client(), iin)
    before = last_event(session)
    assert client.get("/kk/requests/new/technical_aid/item").status_code == 200
    assert reads(session, before) == [("view", iin, iin, "requests")]


def test_a_carers_page_resolves_the_authority_once(app, adult_and_carer, monkeypatch):
    adult, carer = adult_and_carer
    client = signed_in(app.test_client(), carer)
    acting_for(client, adult)
    resolved = []
    real = access.resolve
    monkeypatch.setattr(access, "resolve",
                        lambda session, actor, subject, today: resolved.append((actor, subject.iin))
                        or real(session, actor, subject, today))
    for page in ("/kk/cabinet/", "/kk/requests/", "/kk/interpreters/", "/kk/rights"):
        resolved.clear()
        assert client.get(page).status_code == 200
        assert resolved == [(carer, adult)], page


def test_a_read_that_cannot_be_recorded_shows_no_data(app, session, demo, monkeypatch):
    """Fail closed: when the audit log cannot be written, the answer is an error, not the data."""
    iin = persona(demo, lambda p: p["decisions"])
    client = signed_in(app.test_client(), iin)
    number = client.get("/api/v1/status").get_json()["current"]["number"]

    def broken(*args, **kwargs):
        raise RuntimeError("the audit log cannot be written")

    monkeypatch.setattr(access.audit, "write", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    for address in ("/api/v1/status", "/kk/cabinet/status"):
        response = client.get(address)
        assert response.status_code == 500, address
        assert number not in response.get_data(as_text=True)
    assert "server_error" in client.get("/api/v1/status").get_data(as_text=True)


def test_no_route_writes_the_audit_log_itself():
    """The gate records reads, the services record actions: a route file calls neither."""
    routes = [*PORTAL.glob("*/routes.py"), *PORTAL.glob("*/*_routes.py"), *(PORTAL / "api").glob("*.py")]
    assert len(routes) > 10
    calling = [path.relative_to(PORTAL) for path in routes if re.search(r"\baudit\.record\(", path.read_text())]
    assert calling == []


def test_an_app_reading_who_the_person_is_is_in_their_log(app, session, demo):
    from portal.account import tokens

    iin = persona(demo, lambda p: p["decisions"])
    _, secret = tokens.create(session, iin=iin, name="An app")
    before = last_event(session)
    assert app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    assert reads(session, before) == [("view", iin, iin, "api: me")]
