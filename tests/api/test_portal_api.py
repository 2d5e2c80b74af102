"""The portal API, /api/v1, through real requests: who may call it, whose data each caller reaches,
and requests and interpreter bookings made by the same rules as the pages, in both languages."""

import datetime as dt
import io

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from portal import clock
from portal.account import tokens
from portal.bookings import services as interpreting
from portal.bookings.forms import horizon_message
from portal.carers import services as carers
from portal.models import AuditEvent, Booking, Mandate, ServiceRequest
from portal.registry import registry
from tests.conftest import csrf_token, persona, signed_in
from tests.pagecheck import text_of, translated

API = "/api/v1"
TODAY = clock.today()


def bearer(session, iin: str) -> dict:
    """The Authorization header of a new token the person made for an app."""
    _, secret = tokens.create(session, iin=iin, name="Test app")
    return {"Authorization": f"Bearer {secret}"}


def codes(response) -> list[tuple[str, str | None]]:
    return [(e["code"], e["field"]) for e in response.get_json()["errors"]]


def next_weekday(days_ahead=3) -> dt.date:
    day = interpreting.now_local().date() + dt.timedelta(days=days_ahead)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def next_weekend_day() -> dt.date:
    day = interpreting.now_local().date() + dt.timedelta(days=1)
    while day.weekday() < 5:
        day += dt.timedelta(days=1)
    return day


def give_mandate(session, carer: str, person: str, scopes: list[str]) -> Mandate:
    """The carer asks and the person approves, as on the pages "Who acts for you"."""
    mandate = carers.ask(session, registry(), carer_iin=carer, person_iin=person, scopes=scopes, ends_on=None,
                         today=TODAY)
    carers.decide(session, registry(), mandate, person_iin=person, approve=True, today=TODAY)
    return mandate


CONTACT_DETAILS = {"kind": "contact_details", "answers": {"phone": "+77011234567"}, "declaration": True}
BOOKING = {"mode": "in_person", "time": "10:00", "minutes": 60, "purpose": "hospital",
           "address": "Алматы, Абай даңғылы, 10", "interpreter": 0, "weeks": 1}


def booking(**overrides) -> dict:
    return {**BOOKING, "day": next_weekday().isoformat(), **overrides}


@pytest.fixture
def worker(demo):
    """An adult with two decisions, an employer who pays, and no interpreter in their programme."""
    return persona(demo, lambda p: len(p["decisions"]) == 2 and p["decisions"][0]["cause"] == "work_injury")


@pytest.fixture
def family(demo):
    child = persona(demo, lambda p: p["decisions"] and p["decisions"][0]["child_category"] == "under_7")
    return demo[child]["legal_representative_iin"], child


# Who is calling ---------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/me", "/people", "/status", "/requests", "/bookings", "/interpreter/quota"])
def test_without_a_token_or_session_every_call_is_401(client, demo, path):
    response = client.get(API + path)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert response.get_json() == {"errors": [{
        "code": "unauthorised", "field": None,
        "message": translated("kk", "Sign in, or send a valid token in the Authorization header.")}]}


@pytest.mark.parametrize("header", ["Bearer qj_not-a-token", "Bearer ", "Basic dXNlcjpwYXNz"])
def test_an_unknown_token_is_401(client, demo, header):
    response = client.get(f"{API}/me", headers={"Authorization": header})
    assert response.status_code == 401 and codes(response) == [("unauthorised", None)]


def test_the_openapi_document_needs_no_token(client):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200 and response.get_json()["openapi"] == "3.1.0"


def test_me_with_a_token_then_the_token_revoked(client, session, demo, worker):
    token, secret = tokens.create(session, iin=worker, name="Phone app")
    headers = {"Authorization": f"Bearer {secret}"}
    me = client.get(f"{API}/me", headers=headers)
    assert me.status_code == 200
    record = demo[worker]
    assert me.get_json()["iin"] == worker and me.get_json()["signed_in_with"] == "token"
    assert me.get_json()["full_name"] == f"{record['surname']} {record['given_name']} {record['patronymic']}"
    assert me.get_json()["region"] == record["region"] and me.get_json()["phone"] == record["phone"]
    session.expire_all()
    assert token.last_used_at is not None

    tokens.revoke(session, iin=worker, token_id=token.id)
    refused = client.get(f"{API}/me", headers=headers)
    assert refused.status_code == 401 and codes(refused) == [("unauthorised", None)]


def test_me_with_the_website_session(client, demo, worker):
    signed_in(client, worker)
    me = client.get(f"{API}/me")
    assert me.status_code == 200
    assert (me.get_json()["iin"], me.get_json()["signed_in_with"]) == (worker, "session")


# The registry file ------------------------------------------------------------------------------

def test_status_programme_and_rights_match_the_registry(client, session, demo, worker):
    headers = bearer(session, worker)
    record = demo[worker]
    newest, older = sorted(record["decisions"], key=lambda d: d["decision_date"], reverse=True)

    status = client.get(f"{API}/status", headers=headers).get_json()
    assert status["person"]["iin"] == worker
    assert status["current"]["number"] == newest["number"]
    assert status["current"]["disability_group"] == newest["disability_group"]
    assert status["current"]["valid_until"] == newest["valid_until"]
    assert [d["number"] for d in status["history"]] == [older["number"]]

    programme = client.get(f"{API}/programme", headers=headers).get_json()["programme"]
    expected = max(record["programmes"], key=lambda p: p["drawn_up_on"])
    assert programme["number"] == expected["number"] and programme["decision_number"] == newest["number"]
    assert [(i["line"], i["kind"], i["status"]) for i in programme["items"]] == [
        (i["line"], i["kind"], i["status"]) for i in expected["items"]]

    # A work injury with the employer still trading: the employer pays for the sanatorium and aids.
    rights = client.get(f"{API}/rights", headers=headers).get_json()["entitlements"]
    assert {r["code"]: (r["payer"], r["employer_name"]) for r in rights} == {
        "sanatorium": ("employer", newest["employer_name"]), "technical_aids": ("employer", newest["employer_name"])}


def test_the_deaf_persons_rights_include_60_interpreter_hours(client, session, deaf):
    rights = client.get(f"{API}/rights", headers=bearer(session, deaf)).get_json()["entitlements"]
    sign_language = next(r for r in rights if r["code"] == "sign_language")
    assert sign_language["granted"] and sign_language["hours_per_year"] == 60


def test_a_person_with_no_decision_has_an_empty_status(client, session, family):
    parent, _ = family
    status = client.get(f"{API}/status", headers=bearer(session, parent)).get_json()
    assert (status["current"], status["history"]) == (None, [])


# Whose data a caller reaches ----------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/status", "/programme", "/rights", "/requests", "/bookings",
                                  "/interpreter/quota"])
def test_a_token_never_reads_someone_it_does_not_act_for(client, session, deaf, worker, path):
    response = client.get(f"{API}{path}?person={deaf}", headers=bearer(session, worker))
    assert response.status_code == 403 and codes(response) == [("forbidden", None)]
    assert registry().find_person(deaf).full_name not in response.get_data(as_text=True)


def test_a_person_parameter_that_is_not_an_iin_is_400(client, session, worker):
    response = client.get(f"{API}/status?person=123", headers=bearer(session, worker))
    assert response.status_code == 400 and codes(response) == [("invalid", "person")]


def test_another_persons_request_and_booking_are_never_shown(client, session, deaf, worker):
    theirs = bearer(session, deaf)
    request_ref = client.post(f"{API}/requests", json=CONTACT_DETAILS, headers=theirs).get_json()["reference"]
    booking_ref = client.post(f"{API}/bookings", json=booking(), headers=theirs).get_json()["items"][0]["reference"]
    mine = bearer(session, worker)
    for path in (f"/requests/{request_ref}", f"/bookings/{booking_ref}"):
        assert client.get(API + path, headers=mine).status_code == 404
        assert client.get(f"{API}{path}?person={deaf}", headers=mine).status_code == 403
    for path in (f"/bookings/{booking_ref}/cancel", f"/bookings/{booking_ref}/cancel?person={deaf}"):
        assert client.post(API + path, headers=mine).status_code in (403, 404)
    assert client.get(f"{API}/requests", headers=mine).get_json() == {"items": []}
    assert client.get(f"{API}/bookings", headers=mine).get_json() == {"items": []}
    session.expire_all()
    assert session.scalar(select(Booking.status).where(Booking.reference == booking_ref)) == "requested"


def test_a_parent_reads_their_childs_status(client, session, demo, family):
    parent, child = family
    headers = bearer(session, parent)
    people = client.get(f"{API}/people", headers=headers).get_json()["items"]
    assert [(p["person"]["iin"], p["basis"]) for p in people] == [(child, "legal_representative")]
    status = client.get(f"{API}/status?person={child}", headers=headers)
    assert status.status_code == 200
    assert status.get_json()["person"]["iin"] == child
    assert status.get_json()["current"]["number"] == demo[child]["decisions"][0]["number"]


def test_the_audit_log_names_the_parent_who_read_their_childs_requests(client, session, family):
    parent, child = family
    assert client.get(f"{API}/requests?person={child}", headers=bearer(session, parent)).status_code == 200
    read = session.scalars(select(AuditEvent).where(AuditEvent.detail == "api: requests")).all()
    assert [(e.actor_iin, e.subject_iin) for e in read] == [(parent, child)]


def test_a_view_mandate_reads_the_status_and_nothing_more_until_it_ends(client, session, deaf, worker):
    mandate = give_mandate(session, carer=worker, person=deaf, scopes=["view"])
    headers = bearer(session, worker)
    people = client.get(f"{API}/people", headers=headers).get_json()["items"]
    assert [(p["person"]["iin"], p["basis"], p["scopes"]) for p in people] == [(deaf, "mandate", ["view"])]
    assert client.get(f"{API}/status?person={deaf}", headers=headers).status_code == 200
    assert client.get(f"{API}/requests?person={deaf}", headers=headers).status_code == 403
    for path, body in (("/requests", CONTACT_DETAILS), ("/bookings", booking())):
        refused = client.post(f"{API}{path}?person={deaf}", json=body, headers=headers)
        assert refused.status_code == 403 and codes(refused) == [("forbidden", None)]
    assert session.scalar(select(func.count()).select_from(ServiceRequest)) == 0
    assert session.scalar(select(func.count()).select_from(Booking)) == 0

    carers.end(session, registry(), mandate, by_iin=deaf)
    assert client.get(f"{API}/status?person={deaf}", headers=headers).status_code == 403
    assert client.get(f"{API}/people", headers=headers).get_json() == {"items": []}


@pytest.mark.parametrize("case", [
    dict(status="active", starts_on=TODAY - dt.timedelta(days=60), ends_on=TODAY - dt.timedelta(days=1)),
    dict(status="ended", starts_on=TODAY, ends_on=None),
    dict(status="requested", starts_on=TODAY, ends_on=None),
    dict(status="refused", starts_on=TODAY, ends_on=None),
], ids=["expired", "ended", "not yet approved", "refused"])
def test_a_mandate_not_in_force_gives_nothing(client, session, deaf, worker, case):
    session.add(Mandate(carer_iin=worker, person_iin=deaf, scopes=["view", "requests", "bookings"], **case))
    session.commit()
    headers = bearer(session, worker)
    for path in ("/status", "/requests", "/bookings"):
        assert client.get(f"{API}{path}?person={deaf}", headers=headers).status_code == 403


def test_a_mandate_for_requests_only_lets_the_carer_send_one(client, session, deaf, worker):
    # As on the request pages: sending requests does not need the scope to see the status.
    give_mandate(session, carer=worker, person=deaf, scopes=["requests"])
    headers = bearer(session, worker)
    assert client.get(f"{API}/status?person={deaf}", headers=headers).status_code == 403
    created = client.post(f"{API}/requests?person={deaf}", json=CONTACT_DETAILS, headers=headers)
    assert created.status_code == 201, created.get_json()
    assert (created.get_json()["person_iin"], created.get_json()["submitted_by_iin"]) == (deaf, worker)
    assert created.headers["Location"].endswith(f"/requests/{created.get_json()['reference']}?person={deaf}")
    assert client.get(created.headers["Location"], headers=headers).status_code == 200


def test_a_mandate_for_bookings_only_lets_the_carer_book(client, session, deaf, worker):
    give_mandate(session, carer=worker, person=deaf, scopes=["bookings"])
    headers = bearer(session, worker)
    assert client.get(f"{API}/interpreter/quota?person={deaf}", headers=headers).get_json()["entitled"] is True
    created = client.post(f"{API}/bookings?person={deaf}", json=booking(), headers=headers)
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["items"][0]["booked_by_iin"] == worker


# Requests ---------------------------------------------------------------------------------------

def test_a_request_is_made_once_and_listed_here_and_on_the_website(client, session, deaf):
    headers = bearer(session, deaf)
    body = {**CONTACT_DETAILS, "submission_id": "app-7f3c2a"}
    created = client.post(f"{API}/requests", json=body, headers=headers)
    assert created.status_code == 201, created.get_json()
    reference = created.get_json()["reference"]
    assert created.headers["Location"].endswith(f"{API}/requests/{reference}")
    assert created.get_json()["answers"] == {"phone": "+77011234567"}
    assert [e["status"] for e in created.get_json()["events"]] == ["submitted"]

    again = client.post(f"{API}/requests", json=body, headers=headers)
    assert again.status_code == 201 and again.get_json()["reference"] == reference
    assert session.scalar(select(func.count()).select_from(ServiceRequest)) == 1

    listed = client.get(f"{API}/requests", headers=headers).get_json()["items"]
    assert [(r["reference"], r["kind"], r["status"]) for r in listed] == [(reference, "contact_details", "submitted")]
    detail = client.get(f"{API}/requests/{reference}", headers=headers)
    assert detail.status_code == 200 and detail.get_json()["person_iin"] == deaf

    signed_in(client, deaf)
    page = client.get("/kk/requests/")
    assert reference in text_of(page.doc.find(".//main"))


def test_a_phone_number_is_written_as_on_the_page(client, session, deaf):
    body = {**CONTACT_DETAILS, "answers": {"phone": "8 701 123 45 67"}}
    created = client.post(f"{API}/requests", json=body, headers=bearer(session, deaf))
    assert created.status_code == 201 and created.get_json()["answers"] == {"phone": "+77011234567"}


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_wrong_answer_is_422_with_the_pages_message(client, session, deaf, lang):
    body = {**CONTACT_DETAILS, "answers": {"phone": "12345"}}
    response = client.post(f"{API}/requests", json=body, headers={**bearer(session, deaf), "Accept-Language": lang})
    assert response.status_code == 422
    assert response.get_json()["errors"] == [{"code": "invalid", "field": "answers.phone", "message": translated(
        lang, "Enter a Kazakhstan mobile number: +7 and 10 digits, for example +7 701 123 45 67")}]
    assert session.scalar(select(func.count()).select_from(ServiceRequest)) == 0


def test_the_same_error_is_in_kazakh_or_russian_as_asked(client, session, deaf):
    headers = bearer(session, deaf)
    body = {**CONTACT_DETAILS, "answers": {}}
    messages = {lang: client.post(f"{API}/requests", json=body, headers={**headers, "Accept-Language": lang})
                .get_json()["errors"][0]["message"] for lang in ("kk", "ru")}
    assert messages == {lang: translated(lang, "Enter your new mobile phone number") for lang in ("kk", "ru")}
    assert messages["kk"] != messages["ru"]
    unlabelled = client.post(f"{API}/requests", json=body, headers=headers).get_json()["errors"][0]["message"]
    assert unlabelled == messages["kk"]  # Kazakh, the state language, by default


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_apis_own_messages_follow_accept_language(client, session, deaf, worker, lang):
    asked = {"Accept-Language": lang}
    unauthorised = client.get(f"{API}/me", headers=asked)
    assert unauthorised.get_json()["errors"][0]["message"] == translated(
        lang, "Sign in, or send a valid token in the Authorization header.")
    forbidden = client.get(f"{API}/status?person={deaf}", headers={**bearer(session, worker), **asked})
    assert forbidden.get_json()["errors"][0]["message"] == translated(lang, "You may not see or change this.")


@pytest.mark.parametrize("body, field", [
    ({**CONTACT_DETAILS, "declaration": None}, "declaration"),
    ({key: value for key, value in CONTACT_DETAILS.items() if key != "declaration"}, "declaration"),
    ({**CONTACT_DETAILS, "declaration": "yes"}, "declaration"),
    ({**CONTACT_DETAILS, "kind": "holiday"}, "kind"),
    ({**CONTACT_DETAILS, "submission_id": "x" * 37}, "submission_id"),
])
def test_a_request_without_what_it_needs_is_422(client, session, deaf, body, field):
    response = client.post(f"{API}/requests", json=body, headers=bearer(session, deaf))
    assert response.status_code == 422 and [f for _, f in codes(response)] == [field]
    assert response.get_json()["errors"][0]["message"]
    assert session.scalar(select(func.count()).select_from(ServiceRequest)) == 0


def test_a_body_that_is_not_json_is_415(client, session, deaf):
    response = client.post(f"{API}/requests", data="kind=contact_details", headers=bearer(session, deaf),
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415 and codes(response) == [("unsupported_media_type", None)]


def test_a_request_the_person_may_not_make_is_409_with_the_reason(client, session, family):
    parent, _ = family  # no decision of their own
    body = {"kind": "sanatorium", "answers": {"season": "summer"}, "declaration": True}
    response = client.post(f"{API}/requests", json=body, headers=bearer(session, parent))
    assert response.status_code == 409 and codes(response) == [("no_decision", "kind")]


def test_someone_elses_submission_id_is_not_theirs_to_reuse(client, session, deaf, worker):
    body = {**CONTACT_DETAILS, "submission_id": "shared-id"}
    assert client.post(f"{API}/requests", json=body, headers=bearer(session, deaf)).status_code == 201
    response = client.post(f"{API}/requests", json=body, headers=bearer(session, worker))
    assert response.status_code == 409 and codes(response) == [("conflict", "submission_id")]
    assert "+77011234567" not in response.get_data(as_text=True)


# The session cookie -------------------------------------------------------------------------------

def test_a_cookie_call_that_changes_something_needs_the_csrf_token(client, demo, deaf):
    signed_in(client, deaf)
    refused = client.post(f"{API}/requests", json=CONTACT_DETAILS)
    assert refused.status_code == 400 and codes(refused) == [("csrf", None)]
    assert refused.get_json()["errors"][0]["message"] == translated(
        "kk", "With the session cookie, send the X-CSRFToken header, or use a bearer token.")
    created = client.post(f"{API}/requests", json=CONTACT_DETAILS,
                          headers={"X-CSRFToken": csrf_token(client, "/kk/account/tokens")})
    assert created.status_code == 201 and created.get_json()["submitted_by_iin"] == deaf


# Interpreter bookings ----------------------------------------------------------------------------

def quota(client, headers) -> dict:
    return client.get(f"{API}/interpreter/quota", headers=headers).get_json()


def test_book_see_the_hours_fall_cancel_and_see_them_return(client, session, deaf):
    headers = bearer(session, deaf)
    assert quota(client, headers) == {"year": interpreting.now_local().year, "entitled": True,
                                      "granted_minutes": 3600, "booked_minutes": 0, "used_minutes": 0,
                                      "left_minutes": 3600}
    created = client.post(f"{API}/bookings", json=booking(minutes=120), headers=headers)
    assert created.status_code == 201, created.get_json()
    [made] = created.get_json()["items"]
    assert (made["status"], made["minutes"], made["person_iin"]) == ("requested", 120, deaf)
    assert made["starts_at"] == f"{next_weekday().isoformat()}T10:00+05:00"  # Kazakhstan time, with its offset
    assert created.headers["Location"].endswith(f"{API}/bookings/{made['reference']}")
    assert [b["reference"] for b in client.get(f"{API}/bookings", headers=headers).get_json()["items"]] == [
        made["reference"]]
    assert quota(client, headers)["booked_minutes"] == 120 and quota(client, headers)["left_minutes"] == 3480

    cancelled = client.post(f"{API}/bookings/{made['reference']}/cancel", headers=headers)
    assert cancelled.status_code == 200 and cancelled.get_json()["status"] == "cancelled"
    assert quota(client, headers)["left_minutes"] == 3600
    again = client.post(f"{API}/bookings/{made['reference']}/cancel", headers=headers)
    assert again.status_code == 409 and codes(again) == [("not_cancellable", None)]


def test_weekly_bookings_come_as_one_item_a_week(client, session, deaf):
    created = client.post(f"{API}/bookings", json=booking(weeks=3), headers=bearer(session, deaf))
    assert created.status_code == 201, created.get_json()
    items = created.get_json()["items"]
    assert len(items) == 3 and len({b["series"] for b in items}) == 1


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_weekend_day_is_422_on_the_day(client, session, deaf, lang):
    response = client.post(f"{API}/bookings", json=booking(day=next_weekend_day().isoformat()),
                           headers={**bearer(session, deaf), "Accept-Language": lang})
    assert response.status_code == 422
    assert response.get_json()["errors"] == [{"code": "invalid", "field": "day", "message": translated(
        lang, "Interpreters work Monday to Friday: choose a weekday")}]
    assert session.scalar(select(func.count()).select_from(Booking)) == 0


@pytest.mark.parametrize("overrides, field", [
    ({"mode": "by_pigeon"}, "mode"),
    ({"address": ""}, "address"),
    ({"time": "07:00"}, "time"),
    ({"minutes": 45}, "minutes"),
    ({"weeks": 9}, "weeks"),
    ({"day": "tomorrow"}, "day"),
])
def test_a_booking_with_a_wrong_answer_is_422_on_that_field(client, session, deaf, overrides, field):
    response = client.post(f"{API}/bookings", json=booking(**overrides), headers=bearer(session, deaf))
    assert response.status_code == 422 and [f for _, f in codes(response)] == [field]


@pytest.mark.parametrize("lang", ["kk", "ru"])
@pytest.mark.parametrize("first, weeks, field", [
    (dt.date(9998, 12, 28), 8, "day"),  # the attack: a weekly series into the year 9999
    (None, 3, "weeks"),  # its first week within the horizon, its last past it
])
def test_a_booking_past_the_horizon_is_422_by_the_pages_rule(client, session, deaf, lang, first, weeks, field):
    last_day = interpreting.horizon_end(interpreting.now_local().date(), 6)
    if first is None:
        first = last_day - dt.timedelta(weeks=1)
        while first.weekday() >= 5:
            first -= dt.timedelta(days=1)
    response = client.post(f"{API}/bookings", json=booking(day=first.isoformat(), weeks=weeks),
                           headers={**bearer(session, deaf), "Accept-Language": lang})
    assert response.status_code == 422
    with force_locale(lang):
        message = horizon_message(last_day, 6, series=field == "weeks")
    assert response.get_json()["errors"] == [{"code": "invalid", "field": field, "message": message}]
    assert session.scalar(select(func.count()).select_from(Booking)) == 0


def test_a_time_with_no_one_free_is_409(client, session, deaf):
    # 17:30 for two hours ends after every interpreter's working day.
    response = client.post(f"{API}/bookings", json=booking(time="17:30", minutes=120), headers=bearer(session, deaf))
    assert response.status_code == 409 and codes(response) == [("no_one_free", "day")]


def test_a_person_without_interpreter_hours_is_409_not_entitled(client, session, deaf, worker):
    headers = bearer(session, worker)
    assert quota(client, headers)["entitled"] is False
    response = client.post(f"{API}/bookings", json=booking(), headers=headers)
    assert response.status_code == 409 and codes(response) == [("not_entitled", None)]
    assert response.get_json()["errors"][0]["message"] == translated(
        "kk", "Your programme does not include a sign-language specialist.")


# A photo of a broken aid ------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def aid_user(demo):
    """A person with a provided aid, who may ask to replace it; (their IIN, the aid's line)."""
    from portal.requests.kinds import KINDS

    iin = next(i for i in demo if demo[i]["decisions"]
               and KINDS["aid_replacement"].eligibility(registry().person_file(i), clock.today()).allowed)
    return iin, str(KINDS["aid_replacement"].items(registry().person_file(iin), clock.today())[0].line)


def broken_aid(line: str, **more) -> dict:
    return {"kind": "aid_replacement", "answers": {"item": line, "problem": "broken"}, "declaration": True, **more}


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_broken_aid_needs_its_photo_through_the_api_as_on_the_website(client, session, aid_user, lang):
    iin, line = aid_user
    headers = {**bearer(session, iin), "Accept-Language": lang}
    refused = client.post(f"{API}/requests", json=broken_aid(line), headers=headers)
    assert refused.status_code == 422 and codes(refused) == [("evidence_missing", "evidence_id")]
    assert refused.get_json()["errors"][0]["message"] == translated(lang, "Choose a file to upload")
    assert session.scalar(select(func.count()).select_from(ServiceRequest)) == 0

    sent = client.post(f"{API}/evidence", data={"file": (io.BytesIO(PNG), "wheelchair.png")}, headers=headers)
    assert sent.status_code == 201
    evidence = sent.get_json()
    assert (evidence["name"], evidence["content_type"], evidence["size"]) == ("wheelchair.png", "image/png", len(PNG))

    made = client.post(f"{API}/requests", json=broken_aid(line, evidence_id=evidence["id"]), headers=headers)
    assert made.status_code == 201
    request = session.scalar(select(ServiceRequest))
    assert [e.id for e in request.evidence] == [evidence["id"]]
    # A worn-out aid needs no photo, as the website asks for none.
    worn = broken_aid(line)
    worn["answers"]["problem"] = "worn_out"
    assert client.post(f"{API}/requests", json=worn, headers=headers).status_code == 201


def test_a_file_is_named_only_by_the_one_who_sent_it(client, session, aid_user, worker):
    iin, line = aid_user
    theirs = client.post(f"{API}/evidence", data={"file": (io.BytesIO(PNG), "a.png")},
                         headers=bearer(session, worker)).get_json()["id"]
    refused = client.post(f"{API}/requests", json=broken_aid(line, evidence_id=theirs), headers=bearer(session, iin))
    assert refused.status_code == 422 and codes(refused) == [("evidence_missing", "evidence_id")]


@pytest.mark.parametrize("upload, expected", [
    (None, [("evidence_missing", "file")]),
    ((b"<html>not a photo</html>", "photo.png"), [("evidence_type", "file")]),
])
def test_a_file_the_portal_cannot_take_is_refused_with_the_websites_message(client, session, aid_user, upload,
                                                                            expected):
    data = {"file": (io.BytesIO(upload[0]), upload[1])} if upload else {"note": "no file"}
    refused = client.post(f"{API}/evidence", data=data, content_type="multipart/form-data",
                          headers=bearer(session, aid_user[0]))
    assert refused.status_code == 422 and codes(refused) == expected


def test_a_file_must_be_sent_as_a_form(client, session, aid_user):
    refused = client.post(f"{API}/evidence", json={"file": "aGVsbG8="}, headers=bearer(session, aid_user[0]))
    assert refused.status_code == 415 and codes(refused) == [("unsupported_media_type", None)]
