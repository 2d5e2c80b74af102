"""The database going away: a 503 page in the page's language (or the API's 503), saying nothing
was saved, and indeed nothing half-written, because every change is one transaction with its
audit record and its messages; what the person was sending is kept to send again."""

from __future__ import annotations

import datetime as dt
import re
import socket

import pytest
from sqlalchemy import event, exc, func, select

from portal import clock, create_app
from portal.account import tokens
from portal.bookings import services as interpreting
from portal.demo.staff import load_demo_staff
from portal.extensions import db
from portal.models import (AuditEvent, Booking, InterpreterQuota, InterpreterSlot, Mandate, MandateEvent, Message,
                           RequestEvent, ServiceRequest, StaffUser)
from portal.notify.texts import in_language
from portal.registry import registry
from tests.conftest import PageCheckingClient, csrf_token, may_ask_for, password_signed_in, persona, signed_in
from tests.pagecheck import main_text, text_of, translated
from tests.requests.journey import complete_journey, send

LANGS = ["kk", "ru"]
HEADING = "Sorry, the service is not available right now"
NOTHING_SAVED = "Nothing you sent was saved."
API_MESSAGE = "The service cannot reach its database right now. Nothing was saved. Try again in a few minutes."
WRITES = re.compile(r'^\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)', re.IGNORECASE)


class Outage:
    """The test database failing as a server that goes away does: the driver's own
    OperationalError, which SQLAlchemy wraps and handles as it would a real one.

    `down`: every statement fails. `fail_commits_writing(*tables)`: the statements of a change
    succeed, and its COMMIT fails when it wrote to one of the tables (the server went away
    between the change's last statement and its commit)."""

    def __init__(self, engine, monkeypatch):
        self.engine = engine
        self.driver_error = engine.dialect.loaded_dbapi.OperationalError
        self.down = False
        self.tables: set[str] = set()
        event.listen(engine, "begin", self.begin)
        event.listen(engine, "before_cursor_execute", self.statement)
        commit = engine.dialect.do_commit

        def do_commit(connection):
            if connection.info.pop("outage_written", set()) & self.tables:
                raise self.driver_error("server closed the connection unexpectedly")
            commit(connection)

        monkeypatch.setattr(engine.dialect, "do_commit", do_commit)

    def begin(self, connection):
        connection.connection.info["outage_written"] = set()

    def statement(self, connection, cursor, statement, parameters, context, executemany):
        if self.down:
            raise self.driver_error("server closed the connection unexpectedly")
        written = WRITES.match(statement)
        if written:
            connection.connection.info.setdefault("outage_written", set()).add(written.group(1).lower())

    def fail_commits_writing(self, *tables: str) -> None:
        self.tables = set(tables)

    def over(self) -> None:
        self.down, self.tables = False, set()

    def remove(self) -> None:
        event.remove(self.engine, "begin", self.begin)
        event.remove(self.engine, "before_cursor_execute", self.statement)


@pytest.fixture
def outage(app, monkeypatch):
    found = Outage(db.engine, monkeypatch)
    yield found
    found.remove()


def heading(response) -> str:
    return text_of(response.doc.find(".//h1"))


def count(session, model, *where) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model).where(*where))


def actions(session) -> set[str]:
    return set(session.scalars(select(AuditEvent.action)))


def assert_database_unavailable_page(response, lang):
    assert response.status_code == 503
    # 30 seconds; on a rate-limited page (a request, a booking) Flask-Limiter puts the end of its
    # window there when that is later.
    assert int(response.headers["Retry-After"]) >= 30
    assert heading(response) == translated(lang, HEADING)
    assert translated(lang, NOTHING_SAVED) in main_text(response)


# Reading while the database is down --------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_a_page_while_the_database_is_down_is_a_503_in_the_pages_language(client, demo, outage, lang):
    signed_in(client, next(iter(demo)))
    outage.down = True
    response = client.get(f"/{lang}/cabinet/")
    assert_database_unavailable_page(response, lang)
    assert response.headers["Retry-After"] == "30"
    # The header still says who is signed in, read from the signed cookie alone.
    assert response.doc.find(f".//form[@action='/{lang}/logout']") is not None
    outage.over()
    assert client.get(f"/{lang}/cabinet/").status_code == 200


@pytest.mark.parametrize("error", [
    exc.OperationalError("SELECT 1", {}, Exception("connection refused")),
    exc.InterfaceError("SELECT 1", {}, Exception("connection already closed")),
    exc.TimeoutError("QueuePool limit of size 5 overflow 10 reached, connection timed out, timeout 30.00"),
], ids=["refused", "closed", "pool timeout"])
def test_each_way_of_losing_the_database_is_the_same_503(app, client, error):
    def lose_the_database():
        raise error

    app.add_url_rule("/<lang>/test-lose-the-database", "lose_the_database", lose_the_database)
    assert_database_unavailable_page(client.get("/ru/test-lose-the-database"), "ru")


def test_a_fault_in_the_data_is_not_taken_for_an_outage(app, client):
    def break_a_rule():
        raise exc.IntegrityError("INSERT INTO message", {}, Exception("UNIQUE constraint failed"))

    app.add_url_rule("/<lang>/test-break-a-rule", "break_a_rule", break_a_rule)
    with pytest.raises(exc.IntegrityError):  # a 500 in production: a fault to fix, not to wait out
        client.get("/ru/test-break-a-rule")


def test_another_error_page_that_cannot_be_rendered_becomes_the_database_page(client, demo, outage):
    signed_in(client, next(iter(demo)))
    outage.down = True
    assert_database_unavailable_page(client.get("/ru/no-such-page"), "ru")


@pytest.mark.parametrize("lang", LANGS)
def test_the_api_answers_503_service_unavailable_even_from_its_token_check(client, session, demo, outage, lang):
    _, secret = tokens.create(session, iin=next(iter(demo)), name="Test app")
    outage.down = True
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}", "Accept-Language": lang})
    assert response.status_code == 503 and response.headers["Retry-After"] == "30"
    assert response.get_json() == {"errors": [{"code": "service_unavailable", "field": None,
                                               "message": translated(lang, API_MESSAGE)}]}
    outage.over()
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 200


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("lang", LANGS)
def test_a_database_that_refuses_connections_is_a_503_not_a_500(lang):
    """A real outage: PostgreSQL on a port where nothing listens, the app as deployed."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"postgresql+psycopg://portal@127.0.0.1:{closed_port()}/portal",
                      "PROPAGATE_EXCEPTIONS": False})
    app.test_client_class = PageCheckingClient
    client = app.test_client()
    with client.session_transaction() as cookie:
        cookie.update(sid="the-key-of-a-session", iin="920809410432")
    with app.app_context():
        page = client.get(f"/{lang}/cabinet/")
        assert_database_unavailable_page(page, lang)
        api = client.get("/api/v1/me", headers={"Authorization": "Bearer qj_anything", "Accept-Language": lang})
        assert (api.status_code, api.get_json()["errors"][0]["code"]) == (503, "service_unavailable")
        db.engine.dispose()


# A change whose commit fails: nothing of it is written ------------------------------------------

def eligible_for_sanatorium(demo) -> str:
    return persona(demo, lambda p: not p["legal_representative_iin"] and may_ask_for(p["iin"], "sanatorium"))


@pytest.mark.parametrize("lang", LANGS)
def test_a_request_whose_commit_fails_is_not_saved_and_can_be_sent_again(client, session, demo, outage, lang):
    signed_in(client, eligible_for_sanatorium(demo))
    complete_journey(client, "sanatorium", lang)
    outage.fail_commits_writing("service_request")
    response, submission_id, _ = send(client, "sanatorium", lang)
    assert_database_unavailable_page(response, lang)
    outage.over()
    assert count(session, ServiceRequest) == count(session, RequestEvent) == count(session, Message) == 0
    assert "request_submitted" not in actions(session)

    # The answers were kept: the check page shows them, with the same submission id.
    check = client.get(f"/{lang}/requests/new/sanatorium/check")
    assert check.status_code == 200
    assert check.doc.find(".//input[@name='submission_id']").get("value") == submission_id
    response, _, _ = send(client, "sanatorium", lang)
    assert response.headers["Location"].endswith("/confirmation")
    assert count(session, ServiceRequest, ServiceRequest.submission_id == submission_id) == 1


def test_the_api_request_whose_commit_fails_can_be_sent_again_with_its_submission_id(client, session, demo, outage):
    _, secret = tokens.create(session, iin=eligible_for_sanatorium(demo), name="Test app")
    body = {"kind": "sanatorium", "answers": {"season": "summer"}, "declaration": True,
            "submission_id": "2f0c8f2e-9d7e-4b6a-8f43-0c1d2e3f4a5b"}
    headers = {"Authorization": f"Bearer {secret}"}
    outage.fail_commits_writing("service_request")
    response = client.post("/api/v1/requests", json=body, headers=headers)
    assert (response.status_code, response.get_json()["errors"][0]["code"]) == (503, "service_unavailable")
    outage.over()
    assert count(session, ServiceRequest) == 0
    assert client.post("/api/v1/requests", json=body, headers=headers).status_code == 201
    assert count(session, ServiceRequest) == 1


@pytest.fixture
def carer_and_adult(demo, session):
    """(carer, adult): a carer with a mandate to send the adult's requests (the person is told of
    them; a child's news would go to the representative who sent it)."""
    adult = persona(demo, lambda p: not p["legal_representative_iin"] and may_ask_for(p["iin"], "sanatorium"))
    carer = persona(demo, lambda p: p["iin"] != adult and not p["legal_representative_iin"] and p["decisions"])
    session.add(Mandate(carer_iin=carer, person_iin=adult, scopes=["view", "requests"], starts_on=clock.today(),
                        status="active"))
    session.commit()
    return carer, adult


def test_a_carers_request_and_the_message_to_the_person_are_saved_together(client, session, carer_and_adult, outage):
    """They were two commits: the database going away between them kept the request untold."""
    carer, adult = carer_and_adult
    signed_in(client, carer)
    chosen = client.post("/kk/acting-for", data={"subject": adult, "csrf_token": csrf_token(client, "/kk/acting-for")})
    assert chosen.headers["Location"] == "/kk/cabinet/"
    complete_journey(client, "sanatorium")
    outage.fail_commits_writing("message")
    response, _, _ = send(client, "sanatorium")
    assert_database_unavailable_page(response, "kk")
    outage.over()
    assert count(session, ServiceRequest) == count(session, Message) == 0
    send(client, "sanatorium")
    request = session.scalar(select(ServiceRequest))
    told = session.scalar(select(Message))
    assert (request.person_iin, request.submitted_by_iin) == (adult, carer)
    assert (told.recipient_iin, told.kind) == (adult, "mandate_request") and request.reference in in_language(told, "kk").body


def next_weekday() -> dt.date:
    day = interpreting.now_local().date() + dt.timedelta(days=3)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


@pytest.mark.parametrize("lang", LANGS)
def test_a_booking_whose_commit_fails_holds_no_time_and_no_hours(client, session, deaf, outage, lang):
    signed_in(client, deaf)
    url = f"/{lang}/interpreters/book"
    chosen = client.post(url, data={
        "mode": "in_person", "day": next_weekday().strftime("%d.%m.%Y"), "time": "10:00", "minutes": "60",
        "purpose": "hospital", "address": "Алматы, Абай даңғылы, 10", "interpreter": "0", "weeks": "2", "notes": "",
        "csrf_token": csrf_token(client, url)})
    assert chosen.headers["Location"] == f"/{lang}/interpreters/book/check"
    check = f"/{lang}/interpreters/book/check"
    outage.fail_commits_writing("booking")
    response = client.post(check, data={"csrf_token": csrf_token(client, check), "understood": "y"})
    assert_database_unavailable_page(response, lang)
    outage.over()
    assert count(session, Booking) == count(session, InterpreterSlot) == 0
    assert session.scalar(select(func.coalesce(func.sum(InterpreterQuota.charged_minutes), 0))) == 0
    assert "booking_requested" not in actions(session)

    # The booking being made was kept: the check page shows it again, and it goes through.
    response = client.post(check, data={"csrf_token": csrf_token(client, check), "understood": "y"})
    assert "done=booked" in response.headers["Location"]
    assert count(session, Booking) == 2
    assert session.scalar(select(InterpreterQuota.charged_minutes)) == 120


def test_a_carers_booking_and_the_message_to_the_person_are_saved_together(session, demo, deaf, outage):
    carer = persona(demo, lambda p: p["iin"] != deaf and not p["legal_representative_iin"])
    when = dt.datetime.combine(next_weekday(), dt.time(10, 0))

    def book():
        return interpreting.book(session, file=registry().person_file(deaf), booked_by_iin=carer, mode="in_person",
                                 purpose="hospital", address="Алматы, Абай даңғылы, 10", notes=None, starts_at=when,
                                 minutes=60, registry=registry())

    outage.fail_commits_writing("message")
    with pytest.raises(exc.OperationalError):
        book()
    session.rollback()
    outage.over()
    assert count(session, Booking) == count(session, Message) == count(session, InterpreterSlot) == 0
    made = book()
    told = session.scalar(select(Message))
    assert (told.recipient_iin, told.kind, told.about) == (deaf, "mandate_booking", made[0].reference)


@pytest.mark.parametrize("lang", LANGS)
def test_a_staff_action_whose_commit_fails_leaves_the_request_as_it_was(app, session, demo, outage, lang):
    load_demo_staff(session)
    person = signed_in(app.test_client(), eligible_for_sanatorium(demo))
    complete_journey(person, "sanatorium")
    reference = send(person, "sanatorium")[0].headers["Location"].split("/")[-2]
    region = session.scalar(select(ServiceRequest.region))
    officer = session.scalar(select(StaffUser).where(StaffUser.role == "officer", StaffUser.region == region))
    staff = password_signed_in(app.test_client(), "staff", officer.username, lang)
    url = f"/{lang}/staff/requests/{reference}"

    outage.fail_commits_writing("service_request")
    response = staff.post(url, data={"to": "in_review", "message": "", "csrf_token": csrf_token(staff, url)})
    assert_database_unavailable_page(response, lang)
    # A staff member's header: the way back to the back office, from the cookie.
    assert response.doc.find(f".//a[@href='/{lang}/staff/']") is not None
    outage.over()
    assert session.scalar(select(ServiceRequest.status)) == "submitted"
    news = select(func.count()).select_from(Message).where(Message.kind == "request_status")
    assert count(session, RequestEvent) == 1 and session.scalar(news) == 0
    assert "request_in_review" not in actions(session)

    response = staff.post(url, data={"to": "in_review", "message": "", "csrf_token": csrf_token(staff, url)})
    assert response.status_code == 302
    assert session.scalar(select(ServiceRequest.status)) == "in_review"
    assert count(session, RequestEvent) == 2 and session.scalar(news) == 1


@pytest.mark.parametrize("lang", LANGS)
def test_approving_a_mandate_whose_commit_fails_leaves_it_asked_only(app, session, demo, outage, lang):
    adult = eligible_for_sanatorium(demo)
    carer = persona(demo, lambda p: p["decisions"] and p["iin"] != adult and not p["legal_representative_iin"])
    carer_client = signed_in(app.test_client(), carer)
    carer_client.post("/kk/mandates/ask", data={"iin": adult, "scopes": ["view", "requests"], "ends_on": "",
                                                "csrf_token": csrf_token(carer_client, "/kk/mandates/ask")})
    mandate_id = session.scalar(select(Mandate.id))
    person = signed_in(app.test_client(), adult)
    approve = f"/{lang}/mandates/{mandate_id}/approve"

    outage.fail_commits_writing("mandate")
    response = person.post(approve, data={"csrf_token": csrf_token(person, f"/{lang}/mandates")})
    assert_database_unavailable_page(response, lang)
    outage.over()
    assert session.scalar(select(Mandate.status)) == "requested"
    assert count(session, MandateEvent) == 1
    assert count(session, Message, Message.kind == "mandate_approved") == 0
    assert "mandate_active" not in actions(session)

    response = person.post(approve, data={"csrf_token": csrf_token(person, f"/{lang}/mandates")})
    assert response.headers["Location"] == f"/{lang}/mandates?done=approve"
    assert session.scalar(select(Mandate.status)) == "active"
    assert count(session, Message, Message.kind == "mandate_approved") == 1
