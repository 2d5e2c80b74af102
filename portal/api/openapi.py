"""The OpenAPI 3.1 document of /api/v1, served at /api/v1/openapi.json.

Written here by hand, next to the routes, and kept true by tests: every route is in it (and
nothing else), and schemathesis calls every operation with generated input and checks each
answer against it. Objects forbid properties they do not list, so a change to an answer that
is not written here fails the suite.
"""

from __future__ import annotations

from functools import cache

from portal import vocabulary as v
from portal.bookings.forms import DURATIONS
from portal.requests.forms import HELP_WITH, PROBLEMS, PROOFS, SEASONS
from portal.models.requests import EVIDENCE_SENT_WITH
from portal.requests.kinds import KINDS

VERSION = "1.0.0"

STRING = {"type": "string"}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}
DATE = {"type": "string", "format": "date"}
TIMESTAMP = {"type": "string", "format": "date-time"}
# Every moment is given as Kazakhstan time with its offset (portal/moments.py).
LOCAL_TIME = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}\+05:00$",
              "description": "Kazakhstan time (UTC+5), with its offset."}
IIN = {"type": "string", "pattern": r"^\d{12}$", "description": "Individual identification number (ЖСН / ИИН)."}


def maybe(schema: dict) -> dict:
    """The schema, or null."""
    return {"anyOf": [schema, {"type": "null"}]}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def strict(properties: dict, optional: tuple[str, ...] = ()) -> dict:
    return {"type": "object", "properties": properties, "additionalProperties": False,
            "required": [name for name in properties if name not in optional]}


def listing(item: str) -> dict:
    return strict({"items": {"type": "array", "items": ref(item)}})


def enum(codes) -> dict:
    return {"type": "string", "enum": list(codes)}


PERSON = {"iin": IIN, "full_name": STRING, "birth_date": DATE, "region": enum(v.REGIONS),
          "region_label": maybe(STRING), "phone": maybe(STRING), "preferred_language": enum(v.LANGUAGES)}

STATISTICS_RECORD = {
    "table": STRING, "as_of": DATE, "computed_at": TIMESTAMP, "row": STRING, "row_label": STRING, "column": STRING,
    "column_label": STRING, "value": maybe({"type": "number"}), "hidden": maybe(enum(["primary", "secondary", "few"])),
    "note": maybe(STRING)}

SCHEMAS = {
    "Error": strict({"errors": {"type": "array", "minItems": 1, "items": strict({
        "code": STRING, "message": STRING, "field": maybe(STRING)})}}),
    # The phone is left out for a carer whose mandate does not need it (a mandate to view).
    "Person": strict(PERSON, optional=("phone",)),
    "StatisticsTables": listing("StatisticsTableLink"),
    "StatisticsTableLink": strict({"code": STRING, "title": STRING, "as_of": DATE, "computed_at": TIMESTAMP,
                                   "csv": STRING, "json": STRING}),
    # The same document as the page's JSON download (docs/api.md, the open-data page).
    "StatisticsTable": strict({
        "table": STRING, "title": STRING, "language": enum(v.LANGUAGES), "as_of": DATE, "computed_at": TIMESTAMP,
        "counted": maybe(STRING), "suppression": strict({"threshold": INTEGER, "rule": STRING}), "licence": STRING,
        "columns": strict({name: STRING for name in STATISTICS_RECORD}),
        "records": {"type": "array", "items": strict(STATISTICS_RECORD)}}),
    "Me": strict({**PERSON, "signed_in_with": enum(["token", "session"])}),
    "Decision": strict({
        "number": STRING, "decision_date": DATE, "disability_group": maybe(enum(v.GROUPS)),
        "child_category": maybe(STRING), "cause": STRING, "onset_date": DATE, "valid_from": DATE,
        "valid_until": maybe(DATE), "reexamination_date": maybe(DATE), "general_capacity_loss": maybe(INTEGER),
        "professional_capacity_loss": maybe(INTEGER), "needs_outside_care": BOOLEAN, "difficulty_moving": BOOLEAN,
        "employer_name": maybe(STRING), "employer_liquidated": BOOLEAN, "employer_at_fault": BOOLEAN,
        "group_label": maybe(STRING),
        "child_category_label": maybe(STRING), "cause_label": maybe(STRING)}),
    "Item": strict({
        "line": INTEGER, "kind": STRING, "part": STRING, "kind_label": STRING, "quantity": maybe(INTEGER),
        "hours_per_year": maybe(INTEGER), "status": STRING, "status_label": maybe(STRING), "due_date": maybe(DATE),
        "started_on": maybe(DATE), "completed_on": maybe(DATE), "provider": maybe(STRING), "payer": STRING,
        "payer_label": maybe(STRING)}),
    "Programme": strict({
        "number": STRING, "decision_number": STRING, "drawn_up_on": DATE, "valid_until": maybe(DATE),
        "items": {"type": "array", "items": ref("Item")}}),
    # `current` is the newest decision, shown whatever its term; `in_force` says whether it grants
    # anything today, and `term_ended_on` the last day of a term that has ended.
    "Status": strict({"person": ref("Person"), "current": maybe(ref("Decision")), "in_force": BOOLEAN,
                      "term_ended_on": maybe(DATE), "history": {"type": "array", "items": ref("Decision")}}),
    "ProgrammeAnswer": strict({"person": ref("Person"), "programme": maybe(ref("Programme")), "in_force": BOOLEAN,
                               "term_ended_on": maybe(DATE)}),
    "Entitlement": strict({
        "code": STRING, "title": maybe(STRING), "payer": STRING, "granted": BOOLEAN, "reason": maybe(STRING),
        "hours_per_day": maybe(INTEGER), "hours_per_year": maybe(INTEGER), "employer_name": maybe(STRING)}),
    "Rights": strict({"person": ref("Person"), "term_ended_on": maybe(DATE),
                      "entitlements": {"type": "array", "items": ref("Entitlement")}}),
    # Amounts are the payer's, in whole tenge, as the registry gives them (issue #25).
    "Benefit": strict({
        "kind": enum(v.BENEFIT_KINDS), "kind_label": maybe(STRING), "legal_basis": STRING, "assigned_on": DATE,
        "valid_from": DATE, "valid_until": maybe(DATE),
        "monthly_amount": {"type": "integer", "description": "Whole tenge a month, as the payer assigned it."},
        "status": enum(v.BENEFIT_STATUSES), "status_label": maybe(STRING),
        "status_reason": maybe(enum(v.BENEFIT_STATUS_REASONS)), "status_reason_label": maybe(STRING),
        "status_since": maybe(DATE), "assigned_by": STRING, "payer": enum(v.BENEFIT_PAYERS),
        "payer_label": maybe(STRING),
        "for_person_iin": {**maybe(IIN), "description": "The person cared for, or the child, when the benefit is "
                           "paid for someone else."}}),
    "Estimate": strict({
        "monthly_amount": {"type": "integer", "description": "Tenge a month, computed from the multiple of the "
                           "subsistence minimum of `year`: not an amount anyone assigned."},
        "year": INTEGER, "estimate": {"type": "boolean", "const": True}}),
    "PossibleBenefit": strict({
        "kind": enum(v.BENEFIT_KINDS), "kind_label": maybe(STRING),
        "article": {**maybe(STRING), "description": "Of the Social Code of 2023; null where it is not confirmed."},
        "service": {"type": "string", "description": "The egov.kz service to apply for it."},
        "confirmed": {"type": "boolean", "description": "false: the rule or the amount is not confirmed, so the "
                      "person may be entitled to it."},
        "for_iin": {**maybe(IIN), "description": "The child, for a parent's benefit."},
        "excludes_assistant": {"type": "boolean", "description": "Social Code Art. 163 p.2: not paid together with "
                               "an individual assistant."},
        "estimate": {**maybe(ref("Estimate")), "description": "null when it cannot be estimated."}}),
    "Benefits": strict({"person": ref("Person"),
                        "benefits": {"type": "array", "description": "Paid now first, then suspended or stopped.",
                                     "items": ref("Benefit")},
                        "possible": {"type": "array", "items": ref("PossibleBenefit")}}),
    "Payment": strict({
        "month": {"type": "string", "pattern": r"^\d{4}-\d{2}$", "description": "The month paid for, YYYY-MM."},
        "amount": {"type": "integer", "description": "Whole tenge, as paid."}, "paid_on": DATE,
        "account_last4": {"type": "string", "pattern": r"^\d{4}$",
                          "description": "The last 4 digits of the account: all the registry holds of it."},
        "benefit_kind": enum(v.BENEFIT_KINDS), "benefit_kind_label": maybe(STRING),
        "change_note": maybe(enum(v.PAYMENT_CHANGE_NOTES)), "change_note_label": maybe(STRING),
        "previous_amount": {**maybe(INTEGER), "description": "The month before's amount, when it changed."}}),
    "Payments": strict({"person": ref("Person"),
                        "months": {"type": "integer", "description": "How many months the items cover (12 at most)."},
                        "items": {"type": "array", "description": "Newest month first.", "items": ref("Payment")}}),
    "ActingFor": strict({"person": ref("Person"), "basis": enum(["legal_representative", "guardian", "mandate"]),
                         "scopes": {"type": "array", "items": enum(v.MANDATE_SCOPES)}, "until": maybe(DATE)}),
    "People": listing("ActingFor"),
    "RequestSummary": strict({
        "reference": STRING, "kind": enum(v.REQUEST_KINDS), "kind_label": maybe(STRING),
        "status": enum(v.REQUEST_STATUSES), "status_label": maybe(STRING), "person_iin": IIN,
        "submitted_by_iin": IIN, "submitted_at": TIMESTAMP, "updated_at": TIMESTAMP}),
    "Request": {"type": "object", "additionalProperties": False, "required": [
        "reference", "kind", "kind_label", "status", "status_label", "person_iin", "submitted_by_iin", "submitted_at",
        "updated_at", "answers", "events", "documents"], "properties": {
        "reference": STRING, "kind": enum(v.REQUEST_KINDS), "kind_label": maybe(STRING),
        "status": enum(v.REQUEST_STATUSES), "status_label": maybe(STRING), "person_iin": IIN,
        "submitted_by_iin": IIN, "submitted_at": TIMESTAMP, "updated_at": TIMESTAMP,
        "answers": {"type": "object"},
        "events": {"type": "array", "items": strict({
            "status": enum(v.REQUEST_STATUSES), "status_label": maybe(STRING), "at": TIMESTAMP,
            "message": maybe(STRING)})},
        "documents": {"type": "array", "description": "The request's files, oldest first.", "items": strict({
            "id": INTEGER, "name": STRING, "content_type": STRING, "size": INTEGER,
            "sent_with": enum(EVIDENCE_SENT_WITH), "uploaded_at": TIMESTAMP})}}},
    "Requests": listing("RequestSummary"),
    "NewRequest": {"type": "object", "required": ["kind", "declaration"], "properties": {
        "kind": enum(KINDS),
        "answers": {"type": "object", "description": "The answer to each question of the kind.", "properties": {
            "item": {"type": "string", "description": "The line of the programme item."},
            "season": enum(SEASONS), "hours": {"type": "string", "description": "1 to 8."},
            "help_with": {"type": "array", "items": enum(HELP_WITH)}, "problem": enum(PROBLEMS),
            "proof": {**enum(PROOFS), "description": "For `aid_replacement` with the problem `broken`: how the "
                      "department sees it. `photo` (the default) needs `evidence_id`; `inspection` asks a specialist "
                      "to look at the aid; `later` promises a document, added on the request's page."},
            "note": {"type": "string", "maxLength": 1000}, "phone": STRING}},
        "declaration": {"type": "boolean", "const": True},
        "evidence_id": {"type": "integer", "description": "The id of a file sent to /evidence: needed for "
                        "`aid_replacement` when the problem is `broken` and the proof is `photo` (a photo of "
                        "the aid)."},
        "submission_id": {"type": "string", "maxLength": 36,
                          "description": "Send the same value again to get the same request, never a second one."}}},
    "Evidence": strict({"id": INTEGER, "name": STRING, "content_type": STRING, "size": INTEGER}),
    "NewEvidence": {"type": "object", "required": ["file"], "properties": {
        "file": {"type": "string", "format": "binary", "description": "A PDF, JPEG or PNG of up to 10 MB."}}},
    "Quota": strict({"year": INTEGER, "entitled": BOOLEAN, "granted_minutes": INTEGER, "booked_minutes": INTEGER,
                     "used_minutes": INTEGER, "left_minutes": INTEGER}),
    "Booking": strict({
        "reference": STRING, "person_iin": IIN, "booked_by_iin": IIN, "mode": enum(v.BOOKING_MODES),
        "mode_label": maybe(STRING), "purpose": enum(v.BOOKING_PURPOSES), "purpose_label": maybe(STRING),
        # Empty on bookings made before the languages were asked.
        "sign_language": maybe(enum(v.SIGN_LANGUAGES)), "sign_language_label": maybe(STRING),
        "spoken_language": maybe(enum(v.SPOKEN_LANGUAGES)), "spoken_language_label": maybe(STRING),
        "starts_at": LOCAL_TIME, "minutes": INTEGER, "status": enum(v.BOOKING_STATUSES),
        "status_label": maybe(STRING), "address": maybe(STRING), "notes": maybe(STRING),
        "video_link": maybe(STRING), "series": maybe(STRING)}),
    "Bookings": listing("Booking"),
    "NewBooking": {"type": "object", "required": ["mode", "day", "purpose"], "properties": {
        "mode": enum(v.BOOKING_MODES), "day": {"type": "string", "description": "A weekday, as YYYY-MM-DD."},
        "sign_language": {**enum(v.SIGN_LANGUAGES), "description": "Left out: that of the person's own language."},
        "spoken_language": {**enum(v.SPOKEN_LANGUAGES), "description": "Left out: that of the person's own language."},
        "time": {"type": "string", "description": "HH:MM from 08:00 to 19:30, on the hour or half hour.",
                 "default": "10:00"},
        "minutes": {"type": "integer", "enum": DURATIONS, "default": 60}, "purpose": enum(v.BOOKING_PURPOSES),
        "address": {"type": "string", "maxLength": 300, "description": "Needed for an interpreter in person."},
        "interpreter": {"type": "integer", "description": "An interpreter's id, or 0 for anyone free.",
                        "default": 0},
        "weeks": {"type": "integer", "minimum": 1, "maximum": 8, "default": 1},
        "notes": {"type": "string", "maxLength": 1000},
        "submission_id": {"type": "string", "maxLength": 36,
                          "description": "Send the same value again to get the same bookings, never a second set."}}},
}

CODE = {"name": "code", "in": "path", "required": True, "schema": STRING,
        "description": "A table's code, as /statistics lists them."}
PERSON = {"name": "person", "in": "query", "required": False, "schema": IIN,
          "description": "Someone the caller acts for (see /people); the caller by default."}
REFERENCE = {"name": "reference", "in": "path", "required": True, "schema": STRING}


def answer(schema: str, description: str, status: str = "200") -> dict:
    return {status: {"description": description, "content": {"application/json": {"schema": ref(schema)}}}}


def errors(*statuses: int) -> dict:
    described = {400: "Bad input (a query parameter, or a cookie call without its CSRF token).",
                 401: "No valid token or session.", 403: "The caller does not act for this person in this scope.",
                 404: "Nothing here for this person.", 409: "The rules do not allow it now; `code` says which.",
                 415: "The body is not JSON (or, for /evidence, not multipart/form-data).", 422: "An answer is not valid; `field` names it.",
                 429: "The person has sent too many requests or bookings for now; Retry-After says how many "
                      "seconds to wait.",
                 503: "The registry cannot be reached and the portal holds no copy, or the portal's database "
                      "cannot be reached (nothing was saved; see Retry-After)."}
    return {str(s): {"description": described[s], "content": {"application/json": {"schema": ref("Error")}}}
            for s in statuses}


def operation(summary: str, schema: str, *, status: str = "200", params=(PERSON,), body: str | None = None,
              fails=(400, 401, 403, 404, 503)) -> dict:
    found = {"summary": summary, "parameters": list(params),
             "responses": {**answer(schema, summary, status), **errors(*fails)}}
    if body:
        found["requestBody"] = {"required": True, "content": {"application/json": {"schema": ref(body)}}}
    return found


def evidence_upload() -> dict:
    """Sent as a form with a file, not as JSON (as is a document added to a request)."""
    found = operation("Send a file for a request (the photo of a broken aid); name it by `evidence_id`.", "Evidence",
                      status="201", params=(), fails=(400, 401, 415, 422, 429, 503))
    found["requestBody"] = {"required": True, "content": {"multipart/form-data": {"schema": ref("NewEvidence")}}}
    return found


def document_added() -> dict:
    found = operation("Add a document to an open request, at any time (a document promised, or one more "
                      "photo); the request comes back.", "Request", status="201", params=(REFERENCE, PERSON),
                      fails=(400, 401, 403, 404, 409, 415, 422, 429, 503))
    found["requestBody"] = {"required": True, "content": {"multipart/form-data": {"schema": ref("NewEvidence")}}}
    return found


READ = (400, 401, 403, 404, 503)
WRITE = (400, 401, 403, 404, 409, 415, 422, 503)
CREATE = WRITE + (429,)  # making a request or a booking is limited per person (portal/limits.py)


@cache
def paths() -> dict:
    return {
        "/openapi.json": {"get": {"summary": "This document.", "security": [], "responses": {
            "200": {"description": "The OpenAPI document.", "content": {"application/json": {
                "schema": {"type": "object"}}}}}}},
        "/me": {"get": operation("The signed-in person.", "Me", params=(), fails=(401, 404, 503))},
        "/people": {"get": operation("The people the caller acts for.", "People", params=(), fails=(401, 503))},
        "/status": {"get": operation("Disability status: the current decision and earlier ones.", "Status")},
        "/programme": {"get": operation("The current rehabilitation programme and its items.", "ProgrammeAnswer")},
        "/rights": {"get": operation("What the person is entitled to, by their decision and programme.", "Rights")},
        "/benefits": {"get": operation("The person's benefits, amounts as the payer assigned them, and those they "
                                       "may be entitled to, with estimates marked as such; the payments scope.",
                                       "Benefits")},
        "/payments": {"get": operation("The person's payments of the last 12 months, newest first; the payments "
                                       "scope.", "Payments")},
        "/requests": {
            "get": operation("The person's requests, newest first.", "Requests"),
            "post": operation("Make a request with all its answers at once.", "Request", status="201",
                              body="NewRequest", fails=CREATE),
        },
        "/requests/{reference}": {"get": operation("One request with its answers and history.", "Request",
                                                   params=(REFERENCE, PERSON))},
        "/requests/{reference}/documents": {"post": document_added()},
        "/evidence": {"post": evidence_upload()},
        "/interpreter/quota": {"get": operation("This year's sign-language interpreter hours.", "Quota")},
        "/bookings": {
            "get": operation("The person's interpreter bookings, latest first.", "Bookings"),
            "post": operation("Book an interpreter (weekly bookings give one item a week).", "Bookings",
                              status="201", body="NewBooking", fails=CREATE),
        },
        "/bookings/{reference}": {"get": operation("One booking.", "Booking", params=(REFERENCE, PERSON))},
        "/bookings/{reference}/cancel": {"post": operation(
            "Cancel a booking: in time the hours come back, late they are used.", "Booking",
            params=(REFERENCE, PERSON), fails=(400, 401, 403, 404, 409, 503))},
        "/statistics": {"get": {**operation("The open statistics' tables, as last published; no token needed.",
                                            "StatisticsTables", params=(), fails=(400,)), "security": []}},
        "/statistics/{code}": {"get": {**operation(
            "One table of the open statistics with its figures, small counts hidden; no token needed.",
            "StatisticsTable", params=(CODE,), fails=(400, 404)), "security": []}},
    }


@cache
def document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Qoljetimdi portal API", "version": VERSION,
                 "description": "The signed-in person's data and actions. Errors are "
                                "`{\"errors\": [{\"code\", \"message\", \"field\"}]}`, messages in the language "
                                "of Accept-Language (kk or ru). See docs/api.md."},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}, {"session": []}],
        "paths": paths(),
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer",
                           "description": "A token the person made on the website (Apps and tokens)."},
                "session": {"type": "apiKey", "in": "cookie", "name": "session",
                            "description": "The website's session; changes also need the X-CSRFToken header."},
            },
        },
    }
