"""SQL statements per page: every page runs at most MAX_QUERIES statements, and the same number for
a person with 3 programme items, requests, bookings and messages as for one with 300 of each.

A page that loads its rows one by one (an N+1: a lazy load per request in a template, a query per
day in a loop) passes with a few rows and times out with a real person's history; counting the
statements finds it on a laptop with an empty database.

What a page always runs, whatever the person has (the cabinet's first page, 7 statements on
SQLite, 8 for a carer acting for the person):
- on SQLite, a `BEGIN IMMEDIATE` at the start of each transaction (portal/extensions.py): one
  when the request first reads, and one more after each commit; PostgreSQL sends no BEGIN;
- the session's row (portal.auth.records.find), or the staff member or interpreter;
- the subject's registry file, in one statement of flat rows (LocalRegistry.person_file), read
  when the gate resolves the authority and shown by the page (portal.access.read_file); for a
  carer acting for them, the mandate too;
- the audit INSERT of the page's reads (portal.access), committed with the answer;
- then the page's own queries, one for each list or figure it shows: on the first cabinet page
  the unread messages, the open requests and the year's interpreter hours.

MAX_QUERIES = 9, the busiest pages' count since issue #20 read the file in one statement with the
authority. The registry over HTTP also reads and writes the copies it keeps of what it read
("as of", portal/registry/http.py), two statements more at most. A page that needs more should
read what it needs together, not raise the limit.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from sqlalchemy import event, select

from portal import clock, create_app
from portal import vocabulary as v
from portal.auth import records as session_records
from portal.benefits import statement as benefit_statements
from portal.bookings import services as bookings
from portal.demo.interpreters import load_demo_interpreters
from portal.demo.staff import load_demo_staff
from portal.extensions import db
from portal.models import (
    Booking,
    Interpreter,
    InterpreterQuota,
    InterpreterSlot,
    Mandate,
    Message,
    RequestEvent,
    ServiceRequest,
    Statement,
)
from portal.models.types import utcnow
from portal.references import new_reference
from portal.registry import registry
from portal.registry.importer import import_people
from portal.registry.rules import months_after
from portal.requests.services import PERSON_MAY_CANCEL
from portal.statistics.publish import publish_all
from tests import factories
from tests.conftest import (BACKENDS, PageCheckingClient, csrf_token, password_signed_in,
                            reset_database)
from tests.registry_server import REGISTRY_MODE, RegistryServer

# The measurement (`measured`) is made once for the module, so its tests share one test process.
pytestmark = pytest.mark.xdist_group("queries-per-page")

MAX_QUERIES = 9
MAX_QUERIES_OVER_HTTP = MAX_QUERIES + 2
FEW, MANY = 3, 300
SIZES = {"few": FEW, "many": MANY}
# Each person lives in a region of their own, so the staff queue there holds only their requests,
# and is served by a demo officer and a demo interpreter of that region.
REGIONS = {"few": "astana", "many": "almaty"}
OFFICERS = {"astana": "astana.officer", "almaty": "almaty.officer"}
INTERPRETERS = {"astana": "gulnara.omarova", "almaty": "aizhan.seitkali"}
SIGN_LANGUAGE_HOURS = 240  # a year: room for 300 half-hour bookings in one year's quota
WORKING_HALF_HOURS = 18  # 9:00 to 18:00, the demo interpreters' day

# (name, address) of each GET page, by who visits it; {request}, {booking}, {offered} and
# {statement} become the person's own (History.references).
PERSON_PAGES = [
    ("home", "/kk/"),
    ("cabinet entitlements", "/kk/cabinet/"),
    ("cabinet status", "/kk/cabinet/status"),
    ("cabinet programme", "/kk/cabinet/programme"),
    ("cabinet programme filtered", "/kk/cabinet/programme?status=provided"),
    ("cabinet messages", "/kk/cabinet/messages"),
    ("cabinet statement", "/kk/cabinet/statements/{statement}"),
    # The documents as PDF read what their pages read, however long the programme.
    ("cabinet statement pdf", "/kk/cabinet/statements/{statement}.pdf"),
    ("cabinet programme extract", "/kk/cabinet/programme.pdf"),
    # Benefits and payments: the registry reads every payment in one statement (LocalRegistry.benefits_file).
    ("cabinet payments", "/kk/cabinet/payments"),
    # The statement of benefits shows what it kept: no registry read, however many payments.
    ("cabinet benefits statement", "/kk/cabinet/payments/statements/{benefits_statement}"),
    ("cabinet benefits statement pdf", "/kk/cabinet/payments/statements/{benefits_statement}.pdf"),
    ("rights", "/kk/rights"),
    ("requests", "/kk/requests/"),
    ("request detail", "/kk/requests/{request}"),
    ("request confirmation", "/kk/requests/{request}/confirmation"),
    ("request cancel", "/kk/requests/{request}/cancel"),
    ("new request start", "/kk/requests/new/sanatorium"),
    ("new request question", "/kk/requests/new/aid_replacement/item"),
    ("interpreters", "/kk/interpreters/"),
    ("interpreters free times", "/kk/interpreters/free-times"),
    ("interpreters book", "/kk/interpreters/book"),
    ("booking detail", "/kk/interpreters/bookings/{booking}"),
    ("booking cancel", "/kk/interpreters/bookings/{booking}/cancel"),
    ("account tokens", "/kk/account/tokens"),
    ("mandates", "/kk/mandates"),
    ("acting for", "/kk/acting-for"),
    ("display settings", "/kk/display"),
]
PUBLIC_PAGES = [
    ("public home", "/kk/"),
    ("public rights", "/kk/rights"),
    ("public accessibility", "/kk/accessibility"),
    ("public contacts", "/kk/contacts"),
    ("public privacy", "/kk/privacy"),
    ("public verify", "/kk/verify"),
    ("public verify a statement", "/kk/verify?reference={statement}"),
    # Its benefits read again, in one statement for all their payments, to compare.
    ("public verify a statement of benefits", "/kk/verify?reference={benefits_statement}"),
    ("public login", "/kk/login"),
    ("public display settings", "/kk/display"),
    # The open statistics read what the job published: one statement, however large the registry.
    ("public statistics", "/kk/statistics/"),
    ("public statistics table", "/kk/statistics/persons-by-region-group"),
    ("public statistics csv", "/kk/statistics/files/items-by-kind-status.csv"),
    ("public statistics indicators", "/kk/statistics/indicators"),
    ("public open data", "/kk/statistics/open-data"),
]
STAFF_PAGES = [
    ("staff queue", "/kk/staff/"),
    ("staff queue all", "/kk/staff/?status=all"),
    ("staff request", "/kk/staff/requests/{request}"),
    # A request for an individual assistant shows the person's benefits and those paid for them
    # (issue #25, point 6): two statements more, however many payments.
    ("staff assistant request", "/kk/staff/requests/{assistant}"),
    # A paged list (50 to a page): many items cost the same statements as few.
    ("staff programmes", "/kk/staff/programmes/"),
    ("staff programmes filtered", "/kk/staff/programmes/?overdue=30&sort=due_latest"),
    ("staff programme item", "/kk/staff/programmes/{programme}/{line}"),
    ("staff indicators", "/kk/staff/indicators/"),
]
INTERPRETER_PAGES = [
    ("interpreter dashboard", "/kk/interpreter/"),
    ("interpreter decline", "/kk/interpreter/bookings/{offered}/decline"),
]
# A carer acting for the person with a mandate for everything: the same pages, within the same limit.
CARER_PAGES = [(f"carer {name}", address) for name, address in PERSON_PAGES]
VISITORS = {"person": PERSON_PAGES, "carer": CARER_PAGES, "public": PUBLIC_PAGES, "staff": STAFF_PAGES,
            "interpreter": INTERPRETER_PAGES}
PAGES = [(name, address, visitor) for visitor, pages in VISITORS.items() for name, address in pages]


@contextmanager
def counting_statements():
    """The SQL statements sent to the database inside the block, as a list of their texts."""
    statements: list[str] = []

    def count(connection, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


# The people and their history ------------------------------------------------------------------

ITEM_KINDS = list(v.IRP_ITEM_KINDS)


def programme_item(line: int) -> dict:
    """Line `line` of a programme: every kind and status in turn, with the dates each status needs."""
    kind = ITEM_KINDS[line % len(ITEM_KINDS)]
    status = ["planned", "in_progress", "provided", "not_provided"][line % 4]
    dates = {"planned": {}, "in_progress": {"started_on": "2025-04-01"},
             "provided": {"started_on": "2025-04-01", "completed_on": "2025-06-01"},
             "not_provided": {"completed_on": "2025-06-01"}}[status]
    hours = {"sign_language": SIGN_LANGUAGE_HOURS, "personal_assistant": 1000}.get(kind)
    return factories.item(line, kind=kind, status=status, hours_per_year=hours, **dates)


def registry_record(size: str) -> dict:
    """A person whose current programme has SIZES[size] items, the first a sign-language specialist,
    and who was paid SIZES[size] payments in the last 12 months."""
    items = [factories.item(1, kind="sign_language", hours_per_year=SIGN_LANGUAGE_HOURS)]
    items += [programme_item(line) for line in range(2, SIZES[size] + 1)]
    record = factories.person(region=REGIONS[size])
    record["programmes"][0]["items"] = items
    record["benefits"] = benefits(SIZES[size])
    return record


def benefits(payments: int) -> list[dict]:
    """Benefits of the last 12 months paid `payments` payments in all: 12 to a benefit, the last
    benefit the rest (3 payments of one benefit; 300 of 25)."""
    this_month = clock.today().replace(day=1)
    start = months_after(this_month, -24).isoformat()
    made = []
    for first in range(0, payments, 12):
        months = [months_after(this_month, -n) for n in range(1, min(12, payments - first) + 1)]
        made.append({"kind": "disability_benefit", "legal_basis": "Social Code Art. 177",
                     "assigned_on": start, "valid_from": start, "valid_until": None, "monthly_amount": 89_498,
                     "status": "assigned", "assigned_by": "Алматы қаласы бойынша департамент",
                     "payer": "state_corporation",
                     "payments": [{"month": month.isoformat(), "amount": 89_498,
                                   "paid_on": month.replace(day=10).isoformat(), "account_last4": "4821"}
                                  for month in months]})
    return made


def service_requests(iin: str, region: str, count: int) -> list[ServiceRequest]:
    """`count` sent requests for a sanatorium, each with its first event, in every status in turn."""
    statuses = list(v.REQUEST_STATUSES)
    made = []
    for n in range(count):
        request = ServiceRequest(submission_id=str(uuid.uuid4()), person_iin=iin, submitted_by_iin=iin,
                                 region=region, kind="sanatorium", answers={"season": "summer", "note": ""},
                                 status=statuses[n % len(statuses)],
                                 submitted_at=utcnow() - dt.timedelta(days=count - n))
        request.events.append(RequestEvent(status="submitted", actor_iin=iin, at=request.submitted_at))
        made.append(request)
    return made


def working_half_hours(count: int, today: dt.date) -> list[dt.datetime]:
    """`count` half hours of the working day on weekdays, half of them before `today`, half after."""
    def weekdays(step: int):
        day = today
        while True:
            day += dt.timedelta(days=step)
            if day.weekday() < 5:
                yield day

    past, future = weekdays(-1), weekdays(1)
    times = []
    for days, wanted in ((past, count // 2), (future, count - count // 2)):
        for n in range(wanted):
            if n % WORKING_HALF_HOURS == 0:
                day = next(days)
            times.append(dt.datetime.combine(day, dt.time(9, 0)) + bookings.HALF_HOUR * (n % WORKING_HALF_HOURS))
    return times


def interpreter_bookings(iin: str, region: str, interpreter: Interpreter, count: int) -> list[Booking]:
    """Half-hour bookings with the interpreter: done or missed before today, asked for or
    confirmed after it; each holds its half hour, so none overlaps another."""
    now = bookings.now_local()
    made = []
    for n, starts_at in enumerate(working_half_hours(count, now.date())):
        status = ("completed", "no_show", "confirmed")[n % 3] if starts_at < now else ("requested", "confirmed")[n % 2]
        made.append(Booking(person_iin=iin, booked_by_iin=iin, region=region, interpreter_id=interpreter.id,
                            mode="in_person", purpose="hospital", address="Абай даңғылы, 10", starts_at=starts_at,
                            minutes=30, status=status))
    return made


def charge_quotas(session, iin: str, made: list[Booking]) -> None:
    """The yearly quota rows the bookings charge, as services.book leaves them."""
    years: dict[int, int] = {}
    for booking in made:
        years[booking.starts_at.year] = years.get(booking.starts_at.year, 0) + booking.minutes
    session.add_all(InterpreterQuota(person_iin=iin, year=year, granted_minutes=SIGN_LANGUAGE_HOURS * 60,
                                     charged_minutes=minutes) for year, minutes in years.items())


def messages(iin: str, count: int) -> list[Message]:
    return [Message(recipient_iin=iin, kind="request_status", language="kk", subject=f"Хабар {n}",
                    body="Өтінішіңіз қаралып жатыр.", delivered_at=utcnow()) for n in range(count)]


@dataclass
class History:
    """One person's history, the carer acting for them, and the references the pages are opened with."""

    iin: str
    region: str
    carer_iin: str
    references: dict[str, str] = field(default_factory=dict)


def make_history(session, size: str) -> History:
    record, carer = registry_record(size), factories.person(region=REGIONS[size])
    # The carer receives the carer's benefit for the person, which the staff page of a request for
    # an individual assistant shows.
    carer["benefits"] = [{**benefits(1)[0], "kind": "carer_benefit", "for_person_iin": record["iin"]}]
    report = import_people(session, [json.dumps(person, ensure_ascii=False) for person in (record, carer)])
    assert report.errors == []
    session.add(Mandate(carer_iin=carer["iin"], person_iin=record["iin"], scopes=sorted(v.MANDATE_SCOPES),
                        starts_on=clock.today(), status="active"))
    iin, region, count = record["iin"], record["region"], SIZES[size]
    interpreter = session.scalar(select(Interpreter).where(Interpreter.username == INTERPRETERS[region]))
    requests, made = service_requests(iin, region, count), interpreter_bookings(iin, region, interpreter, count)
    requests[0].kind, requests[0].answers = "personal_assistant", {"hours": "8", "note": ""}
    statement = Statement(reference=new_reference(), iin=iin, decision_number=record["decisions"][0]["number"])
    kept = benefit_statements.read(registry(), iin, *benefit_statements.months_covered(clock.today()))
    benefits_statement = Statement(reference=new_reference(), iin=iin, kind="benefits", content=kept.to_json())
    session.add_all([*requests, *made, *messages(iin, count), statement, benefits_statement])
    session.flush()
    number_rows(requests, made)
    session.add_all(InterpreterSlot(interpreter_id=b.interpreter_id, starts_at=b.starts_at, booking_id=b.id)
                    for b in made)
    charge_quotas(session, iin, made)
    session.commit()
    # The newest request the person may still cancel, and a booking still to come.
    request = next(r for r in reversed(requests) if r.status in PERSON_MAY_CANCEL)
    offered = next(b for b in made if b.status == "requested")
    return History(iin, region, carer["iin"], {"request": request.reference, "assistant": requests[0].reference,
                                 "booking": offered.reference,
                                 "offered": offered.reference, "statement": statement.reference,
                                 "benefits_statement": benefits_statement.reference,
                                 "programme": record["programmes"][0]["number"], "line": 1})


def number_rows(requests: list[ServiceRequest], made: list[Booking]) -> None:
    """The references the services give once a row has its id."""
    for request in requests:
        request.reference = f"KZ-{request.submitted_at.year}-{request.id:06d}"
    for booking in made:
        booking.reference = bookings.new_reference(booking)


# Signing in -------------------------------------------------------------------------------------

def person_client(app, iin: str, home: str = "/kk/cabinet/"):
    """A client signed in as a registry person through the real IIN and text-message code pages;
    `home` is where the sign-in leads (a carer first chooses whose matters to handle)."""
    client = app.test_client()
    client.post("/kk/login", data={"iin": iin, "csrf_token": csrf_token(client)})
    app.extensions["background"].run_waiting()  # sent after the answer (portal/background.py)
    text = app.extensions["sms"].sent[-1][1]
    code = re.search(r"\b\d{6}\b", text).group()
    response = client.post("/kk/login/code", data={"code": code, "csrf_token": csrf_token(client, "/kk/login/code")})
    assert response.headers["Location"] == home
    return client


def carer_client(app, history: History):
    """The carer, signed in as the person is, who then chooses to act for the person."""
    client = person_client(app, history.carer_iin, home="/kk/acting-for")
    response = client.post("/kk/acting-for", data={"subject": history.iin,
                                                   "csrf_token": csrf_token(client, "/kk/acting-for")})
    assert response.headers["Location"] == "/kk/cabinet/"
    return client


def clients(app, history: History) -> dict:
    return {"person": person_client(app, history.iin), "carer": carer_client(app, history),
            "public": app.test_client(),
            "staff": password_signed_in(app.test_client(), "staff", OFFICERS[history.region]),
            "interpreter": password_signed_in(app.test_client(), "interpreter", INTERPRETERS[history.region])}


@dataclass(frozen=True)
class Visit:
    status: int
    statements: list[str]
    listed: int  # entries in the page's list of items, requests, bookings or messages


def visit(client, address: str) -> Visit:
    """One GET, counted alone, in a fresh database session as a real request has."""
    db.session.remove()
    with counting_statements() as statements:
        response = client.get(address)
    doc = getattr(response, "doc", None)  # set on HTML pages by PageCheckingClient
    listed = 0 if doc is None else len(doc.findall(".//main//li[@class='item']")
                                       + doc.findall(".//main//li[@class='message']")
                                       + doc.findall(".//main//tr[@class='payment']"))
    return Visit(response.status_code, statements, listed)


# The measurement --------------------------------------------------------------------------------

@pytest.fixture(scope="module", params=BACKENDS)
def measured(request, tmp_path_factory):
    """{(page, size): Visit} for every page, on one database backend: built once for the module,
    as making 300 of everything again for each page would take minutes."""
    url = (f"sqlite:///{tmp_path_factory.mktemp('queries') / 'test.sqlite3'}" if request.param == "sqlite"
           else request.getfixturevalue("postgres_databases").own("queries"))
    server = RegistryServer(url).start() if REGISTRY_MODE == "http" else None
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, **(server.portal_config() if server else {})})
    app.test_client_class = PageCheckingClient
    reset_database(app)
    with app.app_context():
        load_demo_staff(db.session)
        load_demo_interpreters(db.session)
        histories = {size: make_history(db.session, size) for size in SIZES}
        publish_all(db.session, clock.today(), clock.utcnow())
        results = {}
        # A session's last_seen_at is written once a minute (portal/auth/records.py): with the clock
        # running, whichever visit came a minute after its sign-in counted that write as its own,
        # and a slow run failed. Here no session is touched: a page's own statements are counted.
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(session_records, "TOUCH_EVERY", dt.timedelta(days=1))
            for size, history in histories.items():
                visitors = clients(app, history)
                for name, address, visitor in PAGES:
                    results[name, size] = visit(visitors[visitor], address.format(**history.references))
        yield results
        db.session.remove()
        db.engine.dispose()
    if server:
        server.close()


def described(statements: list[str]) -> str:
    return "\n".join(f"{n:3} {' '.join(s.split())[:160]}" for n, s in enumerate(statements, start=1))


@pytest.mark.parametrize("page", [name for name, *_ in PAGES])
def test_a_page_runs_a_small_fixed_number_of_statements(measured, page):
    for size, count in SIZES.items():
        visited = measured[page, size]
        assert visited.status == 200, (page, count)
        limit = MAX_QUERIES_OVER_HTTP if REGISTRY_MODE == "http" else MAX_QUERIES
        assert len(visited.statements) <= limit, f"{page} with {count} of each:\n{described(visited.statements)}"


@pytest.mark.parametrize("page", [name for name, *_ in PAGES])
def test_a_page_runs_as_many_statements_for_300_of_each_as_for_3(measured, page):
    few, many = measured[page, "few"].statements, measured[page, "many"].statements
    assert len(many) == len(few), f"{page}\nwith {FEW} of each:\n{described(few)}\nwith {MANY}:\n{described(many)}"


LONG_PAGES = ["cabinet programme", "cabinet messages", "cabinet payments", "requests", "interpreters",
              "staff queue all"]


@pytest.mark.parametrize("page", LONG_PAGES)
def test_the_lists_really_hold_300(measured, page):
    """The counts above are worth something only if the long pages really list everything (the
    payments page: every payment of the last 12 months)."""
    assert (measured[page, "few"].listed, measured[page, "many"].listed) == (FEW, MANY)
