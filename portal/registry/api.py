"""The registry API, /registry/v1: the registry read by other services (a portal's HttpRegistry).

Read-only: every route is a GET, and each service token in REGISTRY_API_TOKENS may read and
nothing else. Lists come in pages (`limit`, and the `next` link of each page); every answer
carries an ETag, so a client that sends it back in If-None-Match gets 304 and no body.

Each service is limited to REGISTRY_API_LIMIT requests (all routes together), and every person
an answer carries is recorded in the audit log with the name of the service that read them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from flask import Blueprint, current_app, g, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, tuple_
from sqlalchemy.orm import aliased

from portal import audit
from portal.audit.views import REGISTRY_READ
from portal.extensions import db, limiter
from portal.iin import InvalidIIN, parse_iin
from portal.jsonapi import ApiError, bad_cursor, conditional, decode_cursor, page, page_limit
from portal.models import MseDecision, Person
from portal.registry import local, service_tokens, wire
from portal.registry.local import LocalRegistry, decision_record, person_record

bp = Blueprint("registry_api", __name__, url_prefix="/registry/v1")


def calling_service() -> str | None:
    """The name of the service whose bearer token the request carries, or None; found once a request."""
    if "registry_client" not in g:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        g.registry_client = None
        if scheme.lower() == "bearer" and token:
            g.registry_client = service_tokens.service_named_by(
                token, current_app.config.get(service_tokens.VARIABLE))
    return g.registry_client


def per_service() -> str:
    """The key of the limit: the service, whichever route it calls; a caller without a valid
    token is counted by address (its answers are 401s, and guessing is slowed down too)."""
    name = calling_service()
    return f"service:{name}" if name else f"address:{request.remote_addr}"


def service_limit() -> str:
    return current_app.config["REGISTRY_API_LIMIT"]


# Limits are checked before the blueprint's own before_request, so the key finds the token itself.
limiter.shared_limit(service_limit, scope="registry_api", key_func=per_service)(bp)


@bp.before_request
def authenticate():
    name = calling_service()
    if name is None:
        raise ApiError(401)
    current_app.logger.info("registry api: %s read %s", name, request.full_path)


def record_reads(what: str, iins: Iterable[str]) -> None:
    """One audit event for each person an answer carries, naming the service that read them, and
    committed before the answer goes. A registry served from a read-only copy of the database
    keeps the record elsewhere, through app.extensions["registry_read_recorder"] (the project's
    test registry server, tests/registry_server.py, does)."""
    people = list(dict.fromkeys(iins))
    recorder = current_app.extensions.get("registry_read_recorder")
    if recorder is not None:
        recorder(g.registry_client, what, people)
        return
    for iin in people:
        audit.record(REGISTRY_READ, actor_iin=None, actor_service=g.registry_client[:60], subject_iin=iin,
                     detail=what)
    db.session.commit()


def the_local_registry() -> LocalRegistry:
    return LocalRegistry(lambda: db.session)


def valid_iin(iin: str) -> str:
    try:
        return parse_iin(iin).value
    except InvalidIIN:
        raise ApiError(404) from None


def date_arg(name: str, *, required: bool = True) -> dt.date | None:
    raw = request.args.get(name)
    if raw is None and not required:
        return None
    try:
        return dt.date.fromisoformat(raw or "")
    except ValueError:
        raise ApiError(400, "invalid", _l("Give a date as YYYY-MM-DD."), field=name) from None


@bp.get("/ping")
def ping():
    the_local_registry().ping()
    return {"status": "ok"}


@bp.get("/persons/<iin>")
def person(iin: str):
    found = the_local_registry().find_person(valid_iin(iin))
    if found is None:
        raise ApiError(404)
    record_reads("person", [found.iin])
    return conditional(wire.dump(found))


@bp.get("/persons/<iin>/file")
def person_file(iin: str):
    """The person with all their decisions and programmes (with items), newest first."""
    file = the_local_registry().person_file(valid_iin(iin))
    if file is None:
        raise ApiError(404)
    record_reads("file", [file.person.iin])
    return conditional(wire.dump_file(file))


@bp.get("/persons/<iin>/benefits")
def benefits(iin: str):
    """The person's benefits, newest first, each with its payments of the last 24 months, newest
    first (issue #25). Apart from the file: only the pages about money read them."""
    file = the_local_registry().benefits_file(valid_iin(iin))
    if file is None:
        raise ApiError(404)
    record_reads("benefits", [file.iin])
    return conditional(wire.dump(file))


@bp.get("/benefits")
def benefits_for():
    """Benefits paid to others for a person (?for_person=): a carer's benefit or a parent's, each
    with its holder (IIN and name) and without payments. Paged. An IIN nobody has answers the
    same empty list as a person without such benefits, so the list never tells who is registered."""
    try:
        iin = parse_iin(request.args.get("for_person", "")).value
    except InvalidIIN:
        raise ApiError(400, "invalid", _l("Check the IIN: it must be 12 digits with the right check digit"),
                       field="for_person") from None
    query = local.benefits_for(iin)
    limit = page_limit()
    after = decode_cursor(int)
    if after:
        query = query.where(local.BENEFIT.c.id > after[0])
    rows = list(db.session.execute(query.order_by(local.BENEFIT.c.id).limit(limit + 1)))
    body = page(rows, limit, lambda row: [row[0]], lambda row: wire.dump_benefit_for(local.benefit_for_record(row)))
    if body["items"]:  # the answer carries the person cared for and each holder
        record_reads("benefits for a person", [iin, *(item["holder"]["iin"] for item in body["items"])])
    return conditional(body)


@bp.get("/persons")
def persons():
    """Persons represented by an IIN (?represented_by=), or turning 18 on a day (?turning_18_on=)."""
    if "represented_by" in request.args:
        query = local.represented_by(valid_iin(request.args["represented_by"]))
        what = "persons represented"
    elif "turning_18_on" in request.args:
        query = local.turning_18_on(date_arg("turning_18_on"))
        what = "persons turning 18"
    else:
        raise ApiError(400, "invalid", _l("Say which persons: represented_by or turning_18_on."),
                       field="represented_by")
    limit = page_limit()
    after = decode_cursor(int)
    if after:
        query = query.where(Person.id > after[0])
    rows = list(db.session.scalars(query.order_by(Person.id).limit(limit + 1)))
    body = page(rows, limit, lambda p: [p.id], lambda p: wire.dump(person_record(p)))
    record_reads(what, [item["iin"] for item in body["items"]])
    return conditional(body)


@bp.get("/decisions")
def decisions():
    """Newest decisions falling due for re-examination between two dates (the earlier of the
    re-examination date and the end of the term), each with its person."""
    query = local.terms_ending(date_arg("term_ends_from"), date_arg("term_ends_to"))
    limit = page_limit()
    after = decode_cursor(int)
    if after:
        query = query.where(MseDecision.id > after[0])
    rows = list(db.session.execute(query.order_by(MseDecision.id).limit(limit + 1)))
    body = page(rows, limit, lambda row: [row[1].id], lambda row: {
        "person": wire.dump(person_record(row[0])), "decision": wire.dump(decision_record(row[1]))})
    record_reads("decisions", [item["person"]["iin"] for item in body["items"]])
    return conditional(body)


@bp.get("/changes")
def changes():
    """Persons whose file changed at or after `since` (ISO 8601 with a zone), oldest change first,
    with their legal representative (whose list of represented persons changed with them)."""
    raw = request.args.get("since", "")
    try:
        since = dt.datetime.fromisoformat(raw)
        if since.tzinfo is None:
            raise ValueError(raw)
    except ValueError:
        raise ApiError(400, "invalid", _l("Give the time as ISO 8601 with a time zone, for example "
                                          "2026-11-24T09:00:00+05:00."), field="since") from None
    limit = page_limit()
    after = decode_cursor((str, int))
    representative = aliased(Person)
    query = (select(Person.id, Person.iin, Person.updated_at, representative.iin.label("representative_iin"))
             .outerjoin(representative, Person.legal_representative_id == representative.id)
             .where(Person.updated_at >= since))
    if after:
        query = query.where(tuple_(Person.updated_at, Person.id) > change_key(after))
    rows = list(db.session.execute(query.order_by(Person.updated_at, Person.id).limit(limit + 1)))
    body = page(rows, limit, lambda row: [row.updated_at.isoformat(), row.id],
                lambda row: {"iin": row.iin, "changed_at": row.updated_at.isoformat(),
                             "legal_representative_iin": row.representative_iin})
    record_reads("changes", [item["iin"] for item in body["items"]])
    return conditional(body)


def change_key(cursor: list) -> tuple[dt.datetime, int]:
    """The (time of change, person id) a `next` link of /changes carries; 400 when tampered with."""
    try:
        changed_at, person_id = cursor
        changed_at = dt.datetime.fromisoformat(changed_at)
        if changed_at.tzinfo is None or isinstance(person_id, bool) or not isinstance(person_id, int):
            raise ValueError(cursor)
    except (TypeError, ValueError):
        raise bad_cursor() from None
    return changed_at, person_id
