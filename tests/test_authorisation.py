"""The authorisation matrix (issue #10): for every route, pages and APIs alike, and every role,
who may read or change what. The rule every row follows: nobody sees or changes what is not theirs.

MATRIX has one row for each (endpoint, method) of the app, and a test compares the two, so a new
route without a row fails the suite, and so does a row left behind by a route that is gone.

Each row is observed once for all the roles together, the GET rows on one app and each POST row
on a fresh app of its own: signing eleven roles in for each of a thousand cells would take
minutes. Each cell (test id `requests.detail-GET-other_person`) then checks its own role's
answer, so a failure names the cell.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from sqlalchemy import func, select

from portal import access, clock
from portal import create_app
from portal.account import tokens
from portal.benefits import statement as benefit_statements
from portal.auth.passwords import hash_password
from portal.bookings import services as interpreting
from portal.cabinet import services as cabinet
from portal.carers import services as carers
from portal.demo.interpreters import load_demo_interpreters
from portal.demo.staff import DEMO_STAFF, load_demo_staff
from portal.statistics.publish import publish_all
from portal.extensions import db
from portal.models import (
    ApiToken,
    Booking,
    Department,
    Interpreter,
    Mandate,
    RequestEvent,
    ServiceRequest,
    SignedInSession,
    StaffUser,
    Statement,
)
from portal.registry import registry
from portal.requests import services as requesting
from tests.conftest import csrf_token, items_of, persona, signed_in

ROLES = (
    "anonymous",              # no session, no token
    "person",                 # the owner of the request, booking, statement, mandate and token below
    "other_person",           # signed in, not the owner, no mandate
    "carer",                  # a mandate from the owner for everything, acting for them
    "carer_without_mandate",  # acting for the owner by the cookie (and ?person= in the API), with no mandate
    "staff",                  # staff of the owner's region
    "other_staff",            # staff of another region
    "interpreter",            # the interpreter of the owner's bookings
    "other_interpreter",      # an interpreter the owner's bookings are not assigned to
    "service",                # a registry API service token, no session
    "person_token",           # the owner's own API token, no session
)

# What a role gets.
PUBLIC = "PUBLIC"        # anyone: any 2xx or 3xx
OK = "OK"                # allowed: 2xx, or a redirect that is not to a sign-in page
OWN = "OWN"              # their own matters, or nothing: not refused, and nothing of the owner's in the answer
SIGN_IN = "SIGN_IN"      # a redirect to the sign-in page of the route's role; 401 from an API
FORBIDDEN = "FORBIDDEN"  # 403: acting for someone without a mandate for this
NOT_FOUND = "NOT_FOUND"  # 404: someone else's reference is as if it did not exist
CONFLICT = "CONFLICT"    # 409: a party to it, but its rules refuse this step


def expect(default: str = SIGN_IN, **outcomes: str) -> dict[str, str]:
    unknown = set(outcomes) - set(ROLES)
    assert not unknown, f"not roles: {unknown}"
    return {role: outcomes.get(role, default) for role in ROLES}


EVERYONE = expect(PUBLIC)
# A person's pages about the matters they handle now: their own, or the owner's within a mandate.
PERSONS_MATTERS = expect(person=OK, carer=OK, other_person=OWN, carer_without_mandate=OWN)
# One of the owner's things, by its reference or id.
OWNERS_THING = expect(person=OK, carer=OK, other_person=NOT_FOUND, carer_without_mandate=NOT_FOUND)
# The signed-in person's own (inbox, tokens), whoever they act for.
SIGNED_IN_PERSONS_OWN = expect(person=OK, carer=OWN, other_person=OWN, carer_without_mandate=OWN)
ANY_PERSON = expect(person=OK, carer=OK, other_person=OK, carer_without_mandate=OK)
STAFF_LIST = expect(staff=OK, other_staff=OWN)
STAFF_THING = expect(staff=OK, other_staff=NOT_FOUND)
INTERPRETER_LIST = expect(interpreter=OK, other_interpreter=OWN)
INTERPRETER_THING = expect(interpreter=OK, other_interpreter=NOT_FOUND)
# /api/v1: a session cookie or the person's token; a carer names the person with ?person=.
API_MATTERS = expect(person=OK, person_token=OK, carer=OK, other_person=OWN, carer_without_mandate=FORBIDDEN)
API_THING = expect(person=OK, person_token=OK, carer=OK, other_person=NOT_FOUND, carer_without_mandate=FORBIDDEN)
API_CALLERS_OWN = expect(person=OK, person_token=OK, carer=OWN, other_person=OWN, carer_without_mandate=OWN)
# /registry/v1: services with a token of REGISTRY_API_TOKENS only; no person, whatever they hold.
REGISTRY = expect(service=OK)


@dataclass(frozen=True)
class Row:
    """How to call the route, and what each role gets. Strings in `path`, `data` and `json` are
    filled from the things of the test: {owner}, {request}, {submission}, {evidence}, {booking},
    {past_booking}, {statement}, {benefits_statement}, {mandate}, {token}, {day}, {time}."""

    path: str
    expected: dict[str, str]
    data: dict | None = None  # a form; the role's CSRF token is added
    json: dict | None = None  # a JSON body; the role's CSRF token goes in X-CSRFToken
    prepare: str | None = None  # a method of World that sets the things up for this route
    upload: bool = False  # sent as multipart/form-data with a PDF in the field "file"


def except_for(expected: dict[str, str], **overrides: str) -> dict[str, str]:
    return {**expected, **overrides}


CONTACT_DETAILS = {"kind": "contact_details", "answers": {"phone": "+77017654321"}, "declaration": True}
BOOKING_FORM = {"mode": "in_person", "day": "{day}", "time": "{time}", "minutes": "60", "purpose": "hospital",
                "address": "Алматы, Абай даңғылы, 10", "interpreter": "0", "weeks": "1", "notes": ""}
BOOKING_JSON = {"mode": "in_person", "day": "{day}", "time": "{time}", "minutes": 60, "purpose": "hospital",
                "address": "Алматы, Абай даңғылы, 10", "interpreter": 0, "weeks": 1}

MATRIX: dict[tuple[str, str], Row] = {
    # Public pages, sign-in and sign-out, health: the same for everyone.
    ("root.index", "GET"): Row("/", EVERYONE),
    ("root.robots_txt", "GET"): Row("/robots.txt", EVERYONE),
    ("root.sitemap", "GET"): Row("/sitemap.xml", EVERYONE),
    ("pages.home", "GET"): Row("/kk/", EVERYONE),
    ("pages.accessibility", "GET"): Row("/kk/accessibility", EVERYONE),
    ("pages.contacts", "GET"): Row("/kk/contacts", EVERYONE),
    ("pages.privacy", "GET"): Row("/kk/privacy", EVERYONE),
    # Public, and personal for the person and their carer: no one else sees the owner's entitlements.
    ("rights.rights", "GET"): Row("/kk/rights", expect(OWN, person=OK, carer=OK)),
    # Whoever holds a statement's reference checks it: that is what a statement is for.
    ("verify.verify", "GET"): Row("/kk/verify?reference={statement}", EVERYONE),
    ("auth.login", "GET"): Row("/kk/login", EVERYONE),
    ("auth.login", "POST"): Row("/kk/login", EVERYONE, data={"iin": ""}),
    ("auth.code", "GET"): Row("/kk/login/code", EVERYONE),
    ("auth.code", "POST"): Row("/kk/login/code", EVERYONE, data={"code": "000000"}),
    ("auth.logout", "POST"): Row("/kk/logout", EVERYONE, data={}),
    # Whoever is signed in, in any role, ends their own sessions.
    ("auth.logout_everywhere", "POST"): Row("/kk/logout/everywhere", except_for(
        SIGNED_IN_PERSONS_OWN, staff=OWN, other_staff=OWN, interpreter=OWN, other_interpreter=OWN), data={}),
    ("auth.signed_out", "GET"): Row("/kk/signed-out", EVERYONE),
    ("auth.extend_session", "POST"): Row("/kk/session/extend", EVERYONE, data={"next": "/kk/"}),
    ("display.settings", "GET"): Row("/kk/display", EVERYONE),
    ("display.settings", "POST"): Row("/kk/display", EVERYONE, data={"reset": "1"}),
    ("health.healthz", "GET"): Row("/healthz", EVERYONE),
    ("health.readyz", "GET"): Row("/readyz", EVERYONE),
    # For operators with HEALTH_DETAILS_TOKEN, which the tests' app does not set: no one else finds it.
    ("health.details", "GET"): Row("/healthz/details", expect(NOT_FOUND)),
    # Prometheus, with METRICS_TOKEN, which the tests' app does not set either.
    ("metrics", "GET"): Row("/metrics", expect(NOT_FOUND)),
    ("staff.login", "GET"): Row("/kk/staff/login", EVERYONE),
    ("staff.login", "POST"): Row("/kk/staff/login", EVERYONE, data={"username": "", "password": ""}),
    ("staff.logout", "POST"): Row("/kk/staff/logout", EVERYONE, data={}),
    ("interpreter.login", "GET"): Row("/kk/interpreter/login", EVERYONE),
    ("interpreter.login", "POST"): Row("/kk/interpreter/login", EVERYONE, data={"username": "", "password": ""}),
    ("interpreter.logout", "POST"): Row("/kk/interpreter/logout", EVERYONE, data={}),
    # The second factor (issue #26) only after the password, which no role here has just given: each is
    # sent to its sign-in page, signed in or not.
    **{(f"{role}.{page}", method): Row(f"/kk/{role}/login/{path}", expect(SIGN_IN),
                                       data={"code": "000000"} if method == "POST" else None)
       for role in ("staff", "interpreter") for method in ("GET", "POST")
       for page, path in (("second_factor", "code"), ("recovery_code", "recovery-code"),
                          ("set_up_second_factor", "set-up"))},
    ("api.openapi", "GET"): Row("/api/v1/openapi.json", EVERYONE),
    ("api.statistics_list", "GET"): Row("/api/v1/statistics", EVERYONE),
    ("api.statistics_table", "GET"): Row("/api/v1/statistics/persons-by-age-sex", EVERYONE,
                                         prepare="publish_statistics"),
    ("statistics.index", "GET"): Row("/kk/statistics/", EVERYONE),
    ("statistics.table", "GET"): Row("/kk/statistics/persons-by-age-sex", EVERYONE, prepare="publish_statistics"),
    ("statistics.download_csv", "GET"): Row("/kk/statistics/files/persons-by-age-sex.csv", EVERYONE,
                                            prepare="publish_statistics"),
    ("statistics.download_json", "GET"): Row("/kk/statistics/files/persons-by-age-sex.json", EVERYONE,
                                             prepare="publish_statistics"),
    ("statistics.indicators", "GET"): Row("/kk/statistics/indicators", EVERYONE),
    ("statistics.open_data", "GET"): Row("/kk/statistics/open-data", EVERYONE),

    # The cabinet.
    ("cabinet.entitlements", "GET"): Row("/kk/cabinet/", PERSONS_MATTERS),
    ("cabinet.status", "GET"): Row("/kk/cabinet/status", PERSONS_MATTERS),
    ("cabinet.programme", "GET"): Row("/kk/cabinet/programme", PERSONS_MATTERS),
    # The programme extract as PDF: whoever sees the programme page, their own programme or the owner's.
    ("cabinet.programme_pdf", "GET"): Row("/kk/cabinet/programme.pdf", PERSONS_MATTERS),
    ("cabinet.create_statement", "POST"): Row("/kk/cabinet/statements", PERSONS_MATTERS, data={}),
    ("cabinet.statement", "GET"): Row("/kk/cabinet/statements/{statement}", OWNERS_THING),
    ("cabinet.statement_pdf", "GET"): Row("/kk/cabinet/statements/{statement}.pdf", OWNERS_THING),
    ("cabinet.messages", "GET"): Row("/kk/cabinet/messages", SIGNED_IN_PERSONS_OWN),
    ("cabinet.mark_messages_read", "POST"): Row("/kk/cabinet/messages/read", SIGNED_IN_PERSONS_OWN,
                                                data={"up_to": "999999"}),
    # The owner's access log: theirs, and their carer's within a mandate to view.
    ("cabinet.who_looked", "GET"): Row("/kk/cabinet/who-looked", PERSONS_MATTERS),
    # The owner's benefits and payments: theirs, and their carer's within a mandate with the payments scope.
    ("cabinet.payments", "GET"): Row("/kk/cabinet/payments", PERSONS_MATTERS),
    # The statement of benefits received, made and read as the payments page is seen (issue #25, point 4).
    ("cabinet.create_benefits_statement", "POST"): Row("/kk/cabinet/payments/statements", PERSONS_MATTERS, data={}),
    ("cabinet.benefits_statement", "GET"): Row("/kk/cabinet/payments/statements/{benefits_statement}", OWNERS_THING),
    ("cabinet.benefits_statement_pdf", "GET"): Row("/kk/cabinet/payments/statements/{benefits_statement}.pdf",
                                                   OWNERS_THING),

    # Requests.
    ("requests.index", "GET"): Row("/kk/requests/", PERSONS_MATTERS),
    ("requests.start", "GET"): Row("/kk/requests/new/contact_details", PERSONS_MATTERS),
    ("requests.restart", "POST"): Row("/kk/requests/new/contact_details/restart", PERSONS_MATTERS, data={}),
    ("requests.question", "GET"): Row("/kk/requests/new/contact_details/phone", PERSONS_MATTERS),
    ("requests.question", "POST"): Row("/kk/requests/new/contact_details/phone", PERSONS_MATTERS,
                                       data={"phone": "+77017654321"}),
    ("requests.check", "GET"): Row("/kk/requests/new/contact_details/check", PERSONS_MATTERS),
    # The owner's submission id sent again by someone else must not lead them to the owner's request.
    ("requests.check", "POST"): Row("/kk/requests/new/contact_details/check", PERSONS_MATTERS,
                                    data={"submission_id": "{submission}", "declaration": "y"}),
    ("requests.detail", "GET"): Row("/kk/requests/{request}", OWNERS_THING),
    ("requests.detail", "POST"): Row("/kk/requests/{request}", OWNERS_THING, data={"reply": "+77017654321"},
                                     prepare="ask_for_more_information"),
    ("requests.confirmation", "GET"): Row("/kk/requests/{request}/confirmation", OWNERS_THING),
    ("requests.cancel", "GET"): Row("/kk/requests/{request}/cancel", OWNERS_THING),
    ("requests.cancel", "POST"): Row("/kk/requests/{request}/cancel", OWNERS_THING, data={}),
    # A document added to the owner's open request (issue #23, point 3).
    ("requests.add_document", "POST"): Row("/kk/requests/{request}/documents", OWNERS_THING, data={}, upload=True),

    # Interpreter bookings, the person's side.
    ("bookings.index", "GET"): Row("/kk/interpreters/", PERSONS_MATTERS),
    ("bookings.availability", "GET"): Row("/kk/interpreters/free-times", PERSONS_MATTERS),
    ("bookings.book", "GET"): Row("/kk/interpreters/book", PERSONS_MATTERS),
    ("bookings.book", "POST"): Row("/kk/interpreters/book", PERSONS_MATTERS, data=BOOKING_FORM),
    ("bookings.check", "GET"): Row("/kk/interpreters/book/check", PERSONS_MATTERS),
    ("bookings.check", "POST"): Row("/kk/interpreters/book/check", PERSONS_MATTERS, data={"understood": "y"}),
    ("bookings.detail", "GET"): Row("/kk/interpreters/bookings/{booking}", OWNERS_THING),
    ("bookings.cancel", "GET"): Row("/kk/interpreters/bookings/{booking}/cancel", OWNERS_THING),
    ("bookings.cancel", "POST"): Row("/kk/interpreters/bookings/{booking}/cancel", OWNERS_THING, data={}),
    ("bookings.calendar_file", "GET"): Row("/kk/interpreters/bookings/{booking}.ics", OWNERS_THING),

    # Carers and mandates.
    ("carers.choose", "GET"): Row("/kk/acting-for", PERSONS_MATTERS),
    # Choosing the owner is accepted only from someone who may act for them.
    ("carers.choose", "POST"): Row("/kk/acting-for", PERSONS_MATTERS, data={"subject": "{owner}"}),
    ("carers.mandates", "GET"): Row("/kk/mandates", PERSONS_MATTERS),
    # Anyone may ask the owner for a mandate; nothing is allowed until the owner approves.
    ("carers.ask", "GET"): Row("/kk/mandates/ask", ANY_PERSON),
    ("carers.ask", "POST"): Row("/kk/mandates/ask", ANY_PERSON,
                                data={"iin": "{owner}", "scopes": ["view"], "ends_on": ""}),
    # The carer's own request for a mandate: only the owner approves it.
    ("carers.act", "POST"): Row("/kk/mandates/{mandate}/approve", except_for(OWNERS_THING, carer=CONFLICT), data={}),

    # API tokens: always the signed-in person's own, never those of whom they act for.
    ("account.tokens", "GET"): Row("/kk/account/tokens", SIGNED_IN_PERSONS_OWN),
    ("account.contact", "GET"): Row("/kk/account/contact", SIGNED_IN_PERSONS_OWN),
    ("account.contact", "POST"): Row("/kk/account/contact", SIGNED_IN_PERSONS_OWN,
                                     data={"language": "ru", "needs": ["no_calls"]}),
    ("account.tokens", "POST"): Row("/kk/account/tokens", SIGNED_IN_PERSONS_OWN, data={"name": "Another app"}),
    ("account.revoke", "POST"): Row("/kk/account/tokens/{token}/revoke", except_for(OWNERS_THING, carer=NOT_FOUND),
                                    data={}),

    # The back office.
    ("staff.queue", "GET"): Row("/kk/staff/", STAFF_LIST),
    # Each account's own password; what is sent here is refused, so the account keeps its own.
    ("staff.password", "GET"): Row("/kk/staff/password", STAFF_LIST),
    ("staff.password", "POST"): Row("/kk/staff/password", STAFF_LIST, data={"password": "short", "confirm": "other"}),
    ("staff.detail", "GET"): Row("/kk/staff/requests/{request}", STAFF_THING),
    ("staff.detail", "POST"): Row("/kk/staff/requests/{request}", STAFF_THING, data={"to": "in_review", "message": ""}),
    ("staff.evidence", "GET"): Row("/kk/staff/requests/{request}/evidence/{evidence}", STAFF_THING),
    # A search for a person of another region finds nothing, as for an IIN nobody has.
    ("staff.audit", "GET"): Row("/kk/staff/audit?iin={owner}", STAFF_LIST),
    ("departments.index", "GET"): Row("/kk/staff/departments/", STAFF_LIST),
    ("departments.edit", "GET"): Row("/kk/staff/departments/{department}", STAFF_THING),
    ("departments.edit", "POST"): Row("/kk/staff/departments/{department}", STAFF_THING, data={"phone": ""}),
    ("programmes.index", "GET"): Row("/kk/staff/programmes/", STAFF_LIST),
    ("staff_indicators.index", "GET"): Row("/kk/staff/indicators/", STAFF_LIST),
    ("programmes.csv", "GET"): Row("/kk/staff/programmes/export.csv", STAFF_LIST),
    ("programmes.item", "GET"): Row("/kk/staff/programmes/{programme}/{line}", STAFF_THING),
    ("programmes.item", "POST"): Row("/kk/staff/programmes/{programme}/{line}", STAFF_THING,
                                     data={"action": "", "note": "", "next_look_on": ""}),

    # The interpreters' pages.
    ("interpreter.dashboard", "GET"): Row("/kk/interpreter/", INTERPRETER_LIST),
    ("interpreter.password", "GET"): Row("/kk/interpreter/password", INTERPRETER_LIST),
    ("interpreter.password", "POST"): Row("/kk/interpreter/password", INTERPRETER_LIST,
                                          data={"password": "short", "confirm": "other"}),
    ("interpreter.accept", "POST"): Row("/kk/interpreter/bookings/{booking}/accept", INTERPRETER_THING, data={}),
    ("interpreter.decline", "GET"): Row("/kk/interpreter/bookings/{booking}/decline", INTERPRETER_THING),
    ("interpreter.decline", "POST"): Row("/kk/interpreter/bookings/{booking}/decline", INTERPRETER_THING,
                                         data={"reason": "I am ill that day."}),
    ("interpreter.outcome", "POST"): Row("/kk/interpreter/bookings/{past_booking}/outcome", INTERPRETER_THING,
                                         data={"outcome": "completed"}),

    # The portal API.
    ("api.me", "GET"): Row("/api/v1/me", API_CALLERS_OWN),
    ("api.people", "GET"): Row("/api/v1/people", except_for(API_CALLERS_OWN, carer=OK)),
    ("api.status", "GET"): Row("/api/v1/status", API_MATTERS),
    ("api.programme", "GET"): Row("/api/v1/programme", API_MATTERS),
    ("api.rights", "GET"): Row("/api/v1/rights", API_MATTERS),
    # The owner's money: theirs, and their carer's within a mandate with the payments scope (issue #25).
    ("api.benefits", "GET"): Row("/api/v1/benefits", API_MATTERS),
    ("api.payments", "GET"): Row("/api/v1/payments", API_MATTERS),
    ("api.requests_list", "GET"): Row("/api/v1/requests", API_MATTERS),
    ("api.request_create", "POST"): Row("/api/v1/requests", API_MATTERS, json=CONTACT_DETAILS),
    ("api.request_detail", "GET"): Row("/api/v1/requests/{request}", API_THING),
    # A file is the sender's own until a request of someone they act for takes it.
    ("api.evidence_upload", "POST"): Row("/api/v1/evidence", API_CALLERS_OWN, data={}, upload=True),
    ("api.request_document_add", "POST"): Row("/api/v1/requests/{request}/documents", API_THING, data={},
                                              upload=True),
    ("api.interpreter_quota", "GET"): Row("/api/v1/interpreter/quota", API_MATTERS),
    ("api.bookings_list", "GET"): Row("/api/v1/bookings", API_MATTERS),
    ("api.booking_create", "POST"): Row("/api/v1/bookings", API_MATTERS, json=BOOKING_JSON),
    ("api.booking_detail", "GET"): Row("/api/v1/bookings/{booking}", API_THING),
    ("api.booking_cancel", "POST"): Row("/api/v1/bookings/{booking}/cancel", API_THING, json={}),

    # The registry API.
    ("registry_api.ping", "GET"): Row("/registry/v1/ping", REGISTRY),
    ("registry_api.person", "GET"): Row("/registry/v1/persons/{owner}", REGISTRY),
    ("registry_api.person_file", "GET"): Row("/registry/v1/persons/{owner}/file", REGISTRY),
    ("registry_api.benefits", "GET"): Row("/registry/v1/persons/{owner}/benefits", REGISTRY),
    ("registry_api.benefits_for", "GET"): Row("/registry/v1/benefits?for_person={owner}", REGISTRY),
    ("registry_api.persons", "GET"): Row("/registry/v1/persons?represented_by={owner}", REGISTRY),
    ("registry_api.decisions", "GET"): Row("/registry/v1/decisions?term_ends_from=2000-01-01&term_ends_to=2100-01-01",
                                           REGISTRY),
    ("registry_api.changes", "GET"): Row("/registry/v1/changes?since=2000-01-01T00:00:00%2B05:00", REGISTRY),
}

SIGN_IN_PAGES = {"staff": "/kk/staff/login", "departments": "/kk/staff/login", "programmes": "/kk/staff/login",
                 "staff_indicators": "/kk/staff/login", "interpreter": "/kk/interpreter/login"}
PERSONS_SIGN_IN_PAGE = "/kk/login"
SERVICE_TOKEN = "registry-reader-token-of-the-authorisation-tests"


def routes_of(app) -> set[tuple[str, str]]:
    """(endpoint, method) of every route but the static files; HEAD and OPTIONS come with GET."""
    return {(rule.endpoint, method) for rule in app.url_map.iter_rules() if rule.endpoint != "static"
            for method in rule.methods - {"HEAD", "OPTIONS"}}


def test_every_route_has_a_row_and_every_row_a_route():
    in_app = routes_of(create_app())
    missing = sorted(in_app - MATRIX.keys())
    stale = sorted(MATRIX.keys() - in_app)
    assert not missing and not stale, (
        f"Routes with no row in MATRIX (say who may do what): {missing}. "
        f"Rows in MATRIX for routes the app does not have: {stale}.")


# The things of the test, and the role clients -------------------------------------------------

def fill(value, fields: dict):
    if isinstance(value, str):
        return value.format(**fields)
    if isinstance(value, list):
        return [fill(v, fields) for v in value]
    if isinstance(value, dict):
        return {k: fill(v, fields) for k, v in value.items()}
    return value


def free_times():
    """Hours on weekdays from three days on, when both Almaty interpreters work (10:00 to 17:00)."""
    day = interpreting.now_local().date() + dt.timedelta(days=3)
    while True:
        if day.weekday() < 5:
            for hour in range(10, 16):
                yield dt.datetime.combine(day, dt.time(hour))
        day += dt.timedelta(days=1)


@dataclass
class World:
    """The owner's request (with a file), bookings, statement, a carer's request for a mandate and
    an API token, made by the services; and a signed-in client for each role."""

    session: object
    folder: object
    owner: str
    carer: str
    other_person: str
    carer_without_mandate: str
    clients: dict = field(default_factory=dict)
    times: object = field(default_factory=free_times)

    def make_things(self) -> None:
        session, owner = self.session, self.owner
        file = registry().person_file(owner)
        evidence = requesting.store_evidence(session, self.folder, owner_iin=owner, filename="letter.pdf",
                                             stream=io.BytesIO(b"%PDF-1.4 a letter from the doctor"))
        self.submission = requesting.new_submission_id()
        request = requesting.submit(session, file=file, person_iin=owner, submitted_by_iin=owner,
                                    region=file.person.region, kind="contact_details",
                                    answers={"phone": "+77011234567"}, submission_id=self.submission,
                                    evidence_id=evidence.id)
        self.request, self.evidence = request.reference, evidence.id
        booking = self.book(file)
        self.booking, self.interpreter_id = booking.reference, booking.interpreter_id
        past = self.book(file, preferred_id=booking.interpreter_id)
        past.starts_at = interpreting.now_local().replace(minute=0, second=0, microsecond=0) - dt.timedelta(hours=2)
        past.status = "confirmed"
        self.past_booking = past.reference
        session.commit()
        self.statement = cabinet.create_statement(session, iin=owner, decision=file.latest_decision,
                                                  by_iin=owner).reference
        owners_own = access.authority(owner, owner)
        self.benefits_statement = benefit_statements.create(session, owners_own, benefit_statements.read(
            registry(), owner, *benefit_statements.months_covered(clock.today()))).reference
        self.mandate = carers.ask(session, registry(), carer_iin=self.carer, person_iin=owner, scopes=["view"],
                                  ends_on=None, today=clock.today()).id
        token, self.token_secret = tokens.create(session, iin=owner, name="Phone app")
        self.token, self.token_prefix = token.id, token.prefix
        department = Department(code=f"owners-{uuid.uuid4().hex[:12]}", region=file.person.region, name_kk="Бөлім", name_ru="Отдел",
                                address_kk="Мекенжай", address_ru="Адрес", phone="+7 7172 00 00 01", hours_kk="9:00–18:00",
                                hours_ru="9:00–18:00", step_free=True, source="Test", checked_on=clock.today())
        session.add(department)
        session.commit()
        self.department = department.id
        self.programme, self.line = file.latest_programme.number, file.latest_programme.items[0].line
        self.statistics_published = False

    def publish_statistics(self) -> None:
        """The open statistics' tables, once a world: only the statistics' rows need them."""
        if not self.statistics_published:
            publish_all(self.session, clock.today(), clock.utcnow())
            self.statistics_published = True

    def book(self, file, preferred_id=None) -> Booking:
        (booking,) = interpreting.book(self.session, file=file, booked_by_iin=self.owner, mode="in_person",
                                       purpose="hospital", address="Алматы, Абай даңғылы, 10", notes=None,
                                       starts_at=next(self.times), minutes=60, preferred_id=preferred_id)
        return booking

    def ask_for_more_information(self) -> None:
        request = self.session.scalar(select(ServiceRequest).where(ServiceRequest.reference == self.request))
        staff = self.session.scalar(select(StaffUser).where(StaffUser.region == request.region))
        requesting.staff_change(self.session, registry(), request, staff=staff, to="in_review", message=None)
        requesting.staff_change(self.session, registry(), request, staff=staff, to="more_info_needed",
                                message="Which number should we use?")

    def fields(self) -> dict:
        starts_at = next(self.times)  # a new free hour for each booking made
        return {"owner": self.owner, "request": self.request, "submission": self.submission,
                "evidence": self.evidence, "booking": self.booking, "past_booking": self.past_booking,
                "statement": self.statement, "benefits_statement": self.benefits_statement, "mandate": self.mandate,
                "token": self.token, "department": self.department,
                "programme": self.programme, "line": self.line,
                "day": starts_at.date().isoformat(), "time": starts_at.strftime("%H:%M")}

    def owners_state(self) -> dict:
        """What the owner has, to see that a refused call changed none of it; read as rows, not
        objects, as it is read twice for every cell."""
        owner = self.owner

        def rows(query) -> list[tuple]:
            return sorted(tuple(row) for row in self.session.execute(query))

        return {
            "requests": rows(select(ServiceRequest.reference, ServiceRequest.status, func.count(RequestEvent.id))
                             .outerjoin(RequestEvent, RequestEvent.request_id == ServiceRequest.id)
                             .where(ServiceRequest.person_iin == owner).group_by(ServiceRequest.id)),
            "bookings": rows(select(Booking.reference, Booking.status, Booking.interpreter_id)
                             .where(Booking.person_iin == owner)),
            "mandates": rows(select(Mandate.id, Mandate.carer_iin, Mandate.status).where(Mandate.person_iin == owner)),
            "tokens": rows(select(ApiToken.id, ApiToken.revoked_at.is_(None)).where(ApiToken.iin == owner)),
            "statements": rows(select(Statement.reference).where(Statement.iin == owner)),
            "sessions": rows(select(SignedInSession.id, SignedInSession.ended_at.is_(None))
                             .where(SignedInSession.role == "person", SignedInSession.account == owner)),
        }

    def markers(self, role: str) -> set[str]:
        """What of the owner's must not reach a role that gets its own matters instead. A carer
        knows whom they act for: the owner's name and IIN are no secret to them."""
        things = {self.request, self.booking, self.past_booking, self.statement, self.benefits_statement,
                  self.token_prefix}
        if role != "carer":
            things |= {self.owner, registry().find_person(self.owner).full_name}
        return things


@functools.cache
def demo_password_hash(password: str) -> str:
    return hash_password(password)


def build_world(app, demo, folder, monkeypatch) -> World:
    session = db.session
    # The demo loaders hash the one demo password for each app; once is enough for the whole run.
    monkeypatch.setattr("portal.demo.staff.hash_password", demo_password_hash)
    monkeypatch.setattr("portal.demo.interpreters.hash_password", demo_password_hash)
    # Eleven roles sign in and post to the sign-in pages of one app: the limits on sign-in
    # attempts are not what is tested here, as the CSRF token is not.
    app.config.update(REGISTRY_API_TOKENS=f"tests:{SERVICE_TOKEN}", UPLOAD_FOLDER=str(folder),
                      SIGN_IN_LIMIT_PER_ADDRESS="1000 per hour",
                      SIGN_IN_LIMIT_PER_ADDRESS_AND_IIN="1000 per hour", SIGN_IN_LIMIT_PER_USERNAME="1000 per hour")
    load_demo_staff(session)
    load_demo_interpreters(session)
    owner = persona(demo, lambda p: "sign_language" in items_of(p))
    carer, other_person, carer_without_mandate = [
        iin for iin, p in demo.items() if p["decisions"] and not p["legal_representative_iin"] and iin != owner][:3]
    world = World(session, folder, owner=owner, carer=carer, other_person=other_person,
                  carer_without_mandate=carer_without_mandate)
    carers.decide(session, registry(), carers.ask(session, registry(), carer_iin=world.carer, person_iin=owner,
                                                  scopes=sorted(carers.ALL_SCOPES), ends_on=None,
                                                  today=clock.today()),
                  person_iin=owner, approve=True, today=clock.today())
    world.make_things()

    region = demo[owner]["region"]
    own_staff = next(username for username, _, r, role in DEMO_STAFF if r == region and role == "officer")
    other_staff = next(username for username, _, r, role in DEMO_STAFF if r != region and role == "officer")
    interpreter = session.get(Interpreter, world.interpreter_id)
    other_interpreter = session.scalar(select(Interpreter).where(Interpreter.id != interpreter.id))
    clients = {role: app.test_client() for role in ROLES}
    for role in ("person", "other_person", "carer", "carer_without_mandate"):
        signed_in(clients[role], world.owner if role == "person" else getattr(world, role))
    acting_for = clients["carer"].post("/kk/acting-for", data={
        "subject": owner, "csrf_token": csrf_token(clients["carer"], "/kk/acting-for")})
    assert acting_for.headers["Location"] == "/kk/cabinet/"
    # The demo sign-in buttons "role:username": the password pages check a scrypt hash, a fifth of
    # a second each time (tests/staff and tests/interpreters sign in with passwords).
    for role, button in (("staff", f"staff:{own_staff}"), ("other_staff", f"staff:{other_staff}"),
                         ("interpreter", f"interpreter:{interpreter.username}"),
                         ("other_interpreter", f"interpreter:{other_interpreter.username}")):
        signed_in(clients[role], button)
    world.clients = clients
    return world


# Calling a route as a role --------------------------------------------------------------------

@dataclass(frozen=True)
class Seen:
    outcome: str
    status: int
    location: str | None = None
    leaked: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()

    def __str__(self) -> str:
        said = f"{self.outcome} ({self.status}{' to ' + self.location if self.location else ''})"
        if self.leaked:
            said += f", showing the owner's {', '.join(self.leaked)}"
        if self.changed:
            said += f", changing the owner's {', '.join(self.changed)}"
        return said


def outcome_of(response, sign_in_page: str) -> str:
    status = response.status_code
    if status == 401:
        return SIGN_IN
    if 300 <= status < 400:
        target = urlsplit(response.headers["Location"]).path
        if target == sign_in_page:
            return SIGN_IN
        if target in {PERSONS_SIGN_IN_PAGE, *SIGN_IN_PAGES.values()}:
            return f"a redirect to {target}"
        return OK
    return {403: FORBIDDEN, 404: NOT_FOUND, 409: CONFLICT}.get(status, OK if status < 300 else str(status))


def call(world: World, key: tuple[str, str], role: str):
    """Call the row's route as the role: (the path called, the response)."""
    method = key[1]
    row = MATRIX[key]
    client = world.clients[role]
    fields = world.fields()
    path = fill(row.path, fields)
    if path.startswith("/api/") and role in ("carer", "carer_without_mandate"):
        path += ("&" if "?" in path else "?") + f"person={world.owner}"
    headers = {}
    if role == "service":
        headers["Authorization"] = f"Bearer {SERVICE_TOKEN}"
    if role == "person_token":
        headers["Authorization"] = f"Bearer {world.token_secret}"
    body = {}
    if method == "POST":
        # A valid form token, so that what is tested is who may, not CSRF.
        token = csrf_token(client, "/kk/display")
        if row.json is not None:
            body["json"] = fill(row.json, fields)
            headers["X-CSRFToken"] = token
        else:
            body["data"] = {**fill(row.data or {}, fields), "csrf_token": token}
        if row.upload:
            headers["X-CSRFToken"] = token
            body["data"]["file"] = (io.BytesIO(b"%PDF-1.4 a letter"), "letter.pdf")
    if role == "carer_without_mandate":
        # As if chosen while a mandate held; any page they open drops it again.
        with client.session_transaction() as cookie:
            cookie["acting_for"] = world.owner
    return path, client.open(path, method=method, headers=headers, **body)


def readable(response) -> str:
    """The answer as text to look for the owner's things in. A PDF the portal makes has its
    streams compressed, so its text and its links are read out of it too (an uploaded file the
    tests made up is no real PDF, and is read as it is)."""
    raw = response.get_data()
    said = [raw.decode("utf-8", "replace")]
    if response.mimetype == "application/pdf":
        try:
            reader = PdfReader(io.BytesIO(raw))
            said += [page.extract_text() for page in reader.pages]
            said += [annotation.get_object().get("/A", {}).get("/URI", "") for page in reader.pages
                     for annotation in page.get("/Annots", [])]
        except PyPdfError:
            pass
    return "\n".join(said)


def observe(world: World, key: tuple[str, str], role: str) -> Seen:
    before = world.owners_state()
    try:
        path, response = call(world, key, role)
    except Exception as error:  # noqa: BLE001 (a 500 in a deployed portal; the other roles are still observed)
        db.session.rollback()
        return Seen(f"an error ({error!r})", 500)
    sign_in_page = SIGN_IN_PAGES.get(key[0].split(".")[0], PERSONS_SIGN_IN_PAGE)
    outcome = outcome_of(response, sign_in_page)
    location = response.headers.get("Location")
    answer = readable(response)
    response.close()
    if outcome == OK and location:
        answer += location  # where a redirect leads tells as much as a page
    # What the caller typed in the address is no secret to them.
    leaked = tuple(sorted(m for m in world.markers(role) if m in answer and m not in path))
    after = world.owners_state()
    changed = tuple(name for name in before if before[name] != after[name])
    if changed:
        world.make_things()  # the next role finds the things as they were
        if MATRIX[key].prepare:
            getattr(world, MATRIX[key].prepare)()
    return Seen(outcome, response.status_code, location if 300 <= response.status_code < 400 else None,
                leaked, changed)


def verdict(expected: str, seen: Seen) -> str | None:
    """None when the role got what the matrix says, else what went wrong."""
    if expected == PUBLIC:
        return None if seen.status < 400 else f"expected {PUBLIC}, got {seen}"
    if expected == OK:
        return None if seen.outcome == OK else f"expected {OK}, got {seen}"
    allowed = {OK, CONFLICT} if expected == OWN else {expected}
    if seen.outcome not in allowed or seen.leaked or seen.changed:
        return f"expected {expected}, got {seen}"
    return None


# The cells ------------------------------------------------------------------------------------

# Reading changes nothing (and for every role that may not read, the state check proves it), so the
# GET rows are observed together on one app; each POST row changes things, on a fresh app of its own.
OBSERVED: dict[tuple, dict[tuple[str, str], dict[str, Seen]]] = {}


def group_of(key: tuple[str, str]):
    return "GET" if key[1] == "GET" else key


def observed_row(request, key: tuple[str, str]) -> dict[str, Seen] | None:
    """{role: what it got} for the row, or None when the app has no such route."""
    group = (request.node.callspec.params["backend"], group_of(key))
    if group not in OBSERVED:
        app = request.getfixturevalue("app")
        in_app = routes_of(app)
        keys = [k for k in MATRIX if group_of(k) == group[1] and k in in_app]
        OBSERVED[group] = {}
        if keys:
            world = build_world(app, request.getfixturevalue("demo"), request.getfixturevalue("tmp_path") / "uploads",
                                request.getfixturevalue("monkeypatch"))
        for row_key in keys:
            if MATRIX[row_key].prepare:
                getattr(world, MATRIX[row_key].prepare)()
            OBSERVED[group][row_key] = {role: observe(world, row_key, role) for role in ROLES}
    return OBSERVED[group].get(key)


# The cells of a row observed together run in one test process (pytest-xdist), so the row is
# observed once there rather than once in each process.
def xdist_group(endpoint: str, method: str):
    return pytest.mark.xdist_group("authorisation-" + ("GET" if method == "GET" else f"{endpoint}-{method}"))


CELLS = [pytest.param(endpoint, method, role, id=f"{endpoint}-{method}-{role}", marks=xdist_group(endpoint, method))
         for (endpoint, method) in MATRIX for role in ROLES]


@pytest.mark.parametrize("endpoint, method, role", CELLS)
def test_who_may_do_what(request, backend, endpoint, method, role):
    # `backend` names the database (SQLite, and PostgreSQL with TEST_DATABASE_URL); the app, and
    # with it a database, is asked for only by the cell that observes its row.
    seen = observed_row(request, (endpoint, method))
    if seen is None:
        pytest.skip(f"the app has no {endpoint} {method} yet (the inventory test says so too)")
    problem = verdict(MATRIX[(endpoint, method)].expected[role], seen[role])
    assert problem is None, f"{endpoint} {method} as {role}: {problem}"
