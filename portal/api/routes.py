"""The portal API, /api/v1: the signed-in person's data and actions as JSON.

Each route calls the same service functions as the pages, so the rules, the mandate checks and
the audit log are the same; `?person=IIN` handles the matters of someone the caller acts for.
The OpenAPI document (portal/api/openapi.py) describes every route; a test keeps them in step.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from portal import access, clock, limits, moments
from portal.api import auth, shapes
from portal.api.openapi import document
from portal.auth.session import current_iin
from portal.benefits.payments import payments_page
from portal.bookings import services as interpreting
from portal.bookings.forms import BookingForm, booking_error, quota_message
from portal.converters import LARGEST_ID
from portal.extensions import csrf, db
from portal.i18n import select_locale
from portal.jsonapi import ApiError
from portal.models import Booking
from portal.registry import freshness, registry
from portal.requests import services as requesting
from portal.requests.forms import EVIDENCE_ERRORS, question_form
from portal.requests.kinds import KINDS
from portal.rights.services import personal_entitlements
from portal.statistics import services as statistics

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # a token call needs none; a cookie call is checked in auth.authenticate


# Open to anyone, without a token: the document itself and the open statistics.
OPEN_ENDPOINTS = frozenset({"api.openapi", "api.statistics_list", "api.statistics_table"})


@bp.before_request
def who_is_calling():
    if request.endpoint not in OPEN_ENDPOINTS:
        auth.authenticate()


@bp.after_request
def say_when_data_is_a_copy(response):
    """When the registry could not be reached and a kept copy answered, say as of when."""
    as_of = freshness.copy_as_of()
    if as_of is not None:
        response.headers["Registry-Data-As-Of"] = moments.iso(as_of, "seconds")
    return response


@bp.get("/openapi.json")
def openapi():
    return document()


def the_file(scope: str, what: str):
    """(the caller's authority, the subject's registry file), through the same gate as the pages;
    the authority says what of the person the answer may carry (shapes.person_for)."""
    authority = auth.authorise(scope, what)
    file = access.person_file(authority, what, scope)
    if file is None:
        raise ApiError(404)
    return authority, file


def iso_date(day) -> str | None:
    return day.isoformat() if day else None


def term_ended_message(file) -> str:
    return _("The term of the disability decision ended on %(date)s. Until the person is re-examined, it gives no "
             "rights or services; the polyclinic gives a referral to the medical and social expert examination.",
             date=moments.date(file.term_ended_on(clock.today())))


def json_body() -> dict:
    if not request.is_json:
        raise ApiError(415)
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # nested deeper than Python reads: no object a client means to send
        body = None
    if not isinstance(body, dict):
        raise ApiError(400, "invalid", _l("Send a JSON object."))
    return body


def form_errors(form) -> ApiError:
    """A form's errors (the same messages as the pages) in the one error shape."""
    errors = [{"code": "invalid", "message": str(message), "field": name}
              for name, messages in form.errors.items() for message in messages]
    return ApiError(422, errors=errors)


# The person and whom they act for -----------------------------------------------------------------

@bp.get("/me")
def me():
    authority = access.authority(current_iin(), current_iin())
    if authority is None:
        raise ApiError(404)
    access.note_read(authority, "me")  # an app reads the person's phone, which the log should say
    return {**shapes.person(authority.person, with_phone=True),
            "signed_in_with": "token" if auth.by_token() else "session"}


@bp.get("/people")
def people():
    """The people the caller acts for: children they represent in law, and active mandates."""
    found = access.people_acted_for(current_iin())
    return {"items": [shapes.acting_for(authority) for authority in found]}


# The registry file ------------------------------------------------------------------------------

@bp.get("/status")
def status():
    authority, file = the_file("view", "status")
    current, today = file.latest_decision, clock.today()
    return {"person": shapes.person_for(authority), "current": shapes.decision(current) if current else None,
            "in_force": file.decision_in_force(today) is not None, "term_ended_on": iso_date(file.term_ended_on(today)),
            "history": [shapes.decision(d) for d in file.decisions[1:]]}


@bp.get("/programme")
def programme():
    authority, file = the_file("view", "programme")
    current, today = file.latest_programme, clock.today()
    return {"person": shapes.person_for(authority), "programme": shapes.programme(current) if current else None,
            "in_force": file.programme_in_force(today) is not None, "term_ended_on": iso_date(file.term_ended_on(today))}


@bp.get("/rights")
def rights():
    authority, file = the_file("view", "entitlements")
    today = clock.today()
    return {"person": shapes.person_for(authority), "term_ended_on": iso_date(file.term_ended_on(today)),
            "entitlements": [shapes.entitlement(e) for e in personal_entitlements(file, today)]}


# Benefits and payments (issue #25, point 5) ------------------------------------------------------

def money_shown():
    """What the page of benefits and payments shows, through the same gate: the payments scope, the
    read noted as "payments" (with the API's prefix, as every read here is)."""
    authority, file = the_file("payments", "payments")
    return authority, payments_page(authority, file, clock.today())


@bp.get("/benefits")
def benefits():
    """The benefits the registry holds for the person, amounts as the payer gives them, and those
    they may be entitled to, each estimate marked as one."""
    authority, shown = money_shown()
    return {"person": shapes.person_for(authority),
            "benefits": [shapes.benefit(s.benefit) for s in shown.paid + shown.not_paid],
            "possible": [shapes.possible_benefit(p, shown.today) for p in shown.possible]}


@bp.get("/payments")
def payments():
    """The payments of the last 12 months, newest first, as the page's table lists them."""
    authority, shown = money_shown()
    return {"person": shapes.person_for(authority), "months": shown.months,
            "items": [shapes.payment(row.payment, row.benefit) for row in shown.rows]}


# Requests ---------------------------------------------------------------------------------------

@bp.get("/requests")
def requests_list():
    found = requesting.requests_of(db.session, auth.authorise("requests", "requests"))
    return {"items": [shapes.service_request(r) for r in found]}


@bp.get("/requests/<reference>")
def request_detail(reference: str):
    found = requesting.request_for(db.session, auth.authorise("requests", f"request {reference}"), reference)
    if found is None:
        raise ApiError(404)
    return shapes.service_request(found, full=True)


@bp.post("/requests")
@limits.submissions
def request_create():
    """A request with all its answers at once, checked by the same forms as the pages' questions."""
    body = json_body()
    kind = body.get("kind")
    if not isinstance(kind, str) or kind not in KINDS:  # a list or an object cannot even be looked up
        raise ApiError(422, "invalid", _l("Choose one of the kinds of request."), field="kind")
    if body.get("declaration") is not True:
        raise ApiError(422, "invalid", _l("Confirm that the information you have given is true"),
                       field="declaration")
    file = the_file("requests", "request")[1]
    eligibility = KINDS[kind].eligibility(file, clock.today())
    if eligibility.reason == "term_ended":
        raise ApiError(409, "term_ended", term_ended_message(file), field="kind")
    if not eligibility.allowed:
        # The code says why (no_decision, no_item, not_entitled…); the website's request page explains it.
        raise ApiError(409, eligibility.reason, _l(
            "You cannot make this request now. Open it on the website to see why and what to do instead."),
            field="kind")
    given = body.get("answers") if isinstance(body.get("answers"), dict) else {}
    answers, errors = {}, []
    for question in KINDS[kind].questions_for(file, clock.today()):
        if question == "evidence":
            continue  # a file is sent first (POST /evidence), and named by evidence_id
        if question == "proof" and not KINDS[kind].proof_asked(answers):
            continue  # asked only for a broken aid
        value = given.get(question)
        if question == "proof" and value is None:
            value = "photo"  # as before the choice was asked: a broken aid's photo, named by evidence_id
        values = value if isinstance(value, list) else [] if value is None else [value]
        form = question_form(kind, question, file, formdata=MultiDict([(question, str(v)) for v in values]),
                             meta={"csrf": False})
        if form.validate():
            answers[question] = (form.note.data or "").strip() if question == "note" else form.data[question]
        else:
            errors += [{"code": "invalid", "message": str(m), "field": f"answers.{question}"}
                       for m in form.errors.get(question, [])]
    if errors:
        raise ApiError(422, errors=errors)
    submission_id = body.get("submission_id") or requesting.new_submission_id()
    if not valid_submission_id(submission_id):
        raise ApiError(422, "invalid", field="submission_id")
    evidence_id = body.get("evidence_id")
    if evidence_id is not None and (type(evidence_id) is not int or not 0 < evidence_id <= LARGEST_ID):
        raise ApiError(422, "invalid", field="evidence_id")
    try:
        created = requesting.submit(db.session, file=file, person_iin=file.person.iin, submitted_by_iin=current_iin(),
                                    region=file.person.region, kind=kind, answers=answers,
                                    submission_id=submission_id, evidence_id=evidence_id, registry=registry())
    except requesting.RequestError as refused:
        if refused.code == "evidence_missing":  # a broken aid needs its photo, as on the website
            raise ApiError(422, refused.code, EVIDENCE_ERRORS[refused.code], field="evidence_id") from None
        raise ApiError(409, refused.code) from None
    if created.person_iin != file.person.iin or created.submitted_by_iin != current_iin():
        raise ApiError(409, "conflict", field="submission_id")  # someone else's submission id
    response = shapes.service_request(created, full=True)
    return response, 201, {"Location": url_for("api.request_detail", reference=created.reference,
                                               **person_arg(created.person_iin))}


@bp.post("/requests/<reference>/documents")
@limits.uploads
def request_document_add(reference: str):
    """A document added to an open request at any time (issue #23, point 3), as the website's
    "Add a document": multipart/form-data, the file in the field `file`; the request comes back."""
    found = requesting.request_for(db.session, auth.authorise("requests", f"request {reference}"), reference)
    if found is None:
        raise ApiError(404)
    if request.mimetype != "multipart/form-data":
        raise ApiError(415, "unsupported_media_type", _l("Send the file as multipart/form-data, in the field "
                                                         "\u201cfile\u201d."))
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise ApiError(422, "evidence_missing", EVIDENCE_ERRORS["evidence_missing"], field="file")
    try:
        if not requesting.may_add_documents(found):
            raise ApiError(409, "closed")
        document = requesting.store_evidence(db.session, Path(current_app.config["UPLOAD_FOLDER"]),
                                             owner_iin=current_iin(), stream=upload.stream, filename=upload.filename,
                                             quota=requesting.UploadQuota.of(current_app.config))
    except requesting.RequestError as refused:
        raise ApiError(422, refused.code, EVIDENCE_ERRORS[refused.code], field="file") from None
    finally:
        upload.close()
    requesting.add_document(db.session, found, document, by_iin=current_iin())
    return shapes.service_request(found, full=True), 201


@bp.post("/evidence")
@limits.uploads
def evidence_upload():
    """A file for a request (the photo of a broken aid), sent as multipart/form-data in the field
    `file`; the request then names it by `evidence_id`. A file no request takes is removed after a
    day (`flask uploads sweep`), and the caller's daily allowance is the website's."""
    if request.mimetype != "multipart/form-data":
        raise ApiError(415, "unsupported_media_type", _l("Send the file as multipart/form-data, in the field "
                                                         "\u201cfile\u201d."))
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise ApiError(422, "evidence_missing", EVIDENCE_ERRORS["evidence_missing"], field="file")
    try:
        evidence = requesting.store_evidence(db.session, Path(current_app.config["UPLOAD_FOLDER"]),
                                             owner_iin=current_iin(), stream=upload.stream, filename=upload.filename,
                                             quota=requesting.UploadQuota.of(current_app.config))
    except requesting.RequestError as refused:
        raise ApiError(422, refused.code, EVIDENCE_ERRORS[refused.code], field="file") from None
    finally:
        upload.close()
    return shapes.evidence(evidence), 201


def valid_submission_id(value) -> bool:
    """A caller's own id for what it creates; printable only, as PostgreSQL refuses a NUL in text."""
    return isinstance(value, str) and 0 < len(value) <= 36 and value.isprintable()


def person_arg(person_iin: str) -> dict:
    return {} if person_iin == current_iin() else {"person": person_iin}


# Interpreter bookings --------------------------------------------------------------------------

@bp.get("/interpreter/quota")
def interpreter_quota():
    authority, file = the_file("bookings", "interpreter quota")
    year = interpreting.now_local().year
    quota = interpreting.year_quota(db.session, authority, file, year)
    if quota is None:
        return {"year": year, "entitled": False, "granted_minutes": 0, "booked_minutes": 0, "used_minutes": 0,
                "left_minutes": 0}
    return {"year": year, "entitled": True, "granted_minutes": quota.granted, "booked_minutes": quota.booked,
            "used_minutes": quota.used, "left_minutes": quota.left}


@bp.get("/bookings")
def bookings_list():
    found = interpreting.bookings_of(db.session, auth.authorise("bookings", "interpreter bookings"))
    return {"items": [shapes.booking(b) for b in found]}


def own_booking(reference: str) -> Booking:
    found = interpreting.booking_of(db.session, auth.authorise("bookings", f"booking {reference}"), reference)
    if found is None:
        raise ApiError(404)
    return found


@bp.get("/bookings/<reference>")
def booking_detail(reference: str):
    return shapes.booking(own_booking(reference))


@bp.post("/bookings")
@limits.bookings
def booking_create():
    """Book an interpreter, checked by the same form and rules as the booking page."""
    body = json_body()
    authority, file = the_file("bookings", "interpreter booking")
    if interpreting.granted_minutes(file, clock.today()) is None:
        if file.term_ended_on(clock.today()):
            raise ApiError(409, "term_ended", term_ended_message(file))
        raise ApiError(409, "not_entitled", _l("Your programme does not include a sign-language specialist."))
    candidates = {i.id: i for i in interpreting.interpreters_offered(db.session, file.person.region)}
    fields = ("mode", "sign_language", "spoken_language", "day", "time", "minutes", "purpose", "address",
              "interpreter", "weeks", "notes")
    formdata = MultiDict([(name, str(body[name])) for name in fields if body.get(name) is not None])
    form = BookingForm(formdata=formdata, data=interpreting.usual_languages(file.person),
                       interpreters=candidates.values(), meta={"csrf": False})
    if not form.validate():
        raise form_errors(form)
    submission_id = body.get("submission_id")
    if submission_id is not None and not valid_submission_id(submission_id):
        raise ApiError(422, "invalid", field="submission_id")
    starts_at = form.starts_at()
    try:
        made = interpreting.book(db.session, file=file, booked_by_iin=current_iin(), mode=form.mode.data,
                                 purpose=form.purpose.data, address=form.address.data or None,
                                 notes=form.notes.data or None, starts_at=starts_at, minutes=form.minutes.data,
                                 weeks=form.weeks.data, preferred_id=form.interpreter.data or None,
                                 registry=registry(), submission_id=submission_id,
                                 horizon=interpreting.horizon_months(current_app.config),
                                 sign_language=form.sign_language.data, spoken_language=form.spoken_language.data)
    except interpreting.BookingError as failure:
        if failure.code == "quota":
            left = interpreting.year_quota(db.session, authority, file, starts_at.year).left
            raise ApiError(409, "quota", quota_message(left), field="minutes") from None
        raise ApiError(409, failure.code, booking_error(failure),
                       field="interpreter" if failure.code == "languages" else "day") from None
    return ({"items": [shapes.booking(b) for b in made]}, 201,
            {"Location": url_for("api.booking_detail", reference=made[0].reference, **person_arg(file.person.iin))})


@bp.post("/bookings/<reference>/cancel")
def booking_cancel(reference: str):
    """Cancel; in time the hours come back, later than the notice period they are used."""
    found = own_booking(reference)
    try:
        interpreting.cancel(db.session, found, by_iin=current_iin(), now=interpreting.now_local(),
                            late_hours=interpreting.late_cancellation_hours(current_app.config))
    except interpreting.BookingError:
        raise ApiError(409, "not_cancellable", _l("This booking can no longer be cancelled.")) from None
    return shapes.booking(found)


@bp.get("/statistics")
def statistics_list():
    """The open statistics' tables, as the periodic job last published them (issue #24)."""
    tables = [statistics.shown(row, None) for row in statistics.public_tables(db.session).values()]
    return {"items": [{"code": table.code, "title": table.title, "as_of": table.as_of.isoformat(),
                       "computed_at": moments.iso(table.computed_at, "seconds"),
                       "csv": url_for("statistics.download_csv", code=table.code),
                       "json": url_for("api.statistics_table", code=table.code)} for table in tables]}


@bp.get("/statistics/<code>")
def statistics_table(code: str):
    """One table with its figures, the same as its JSON download, words in the caller's language."""
    row = statistics.public_table(db.session, code)
    if row is None:
        raise ApiError(404)
    return statistics.as_json(statistics.shown(row, None), select_locale())
