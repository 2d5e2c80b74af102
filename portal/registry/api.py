"""The registry API, /registry/v1: the registry read by other services (a portal's HttpRegistry).

Read-only: every route is a GET, and each service token in REGISTRY_API_TOKENS may read and
nothing else. Lists come in pages (`limit`, and the `next` link of each page); every answer
carries an ETag, so a client that sends it back in If-None-Match gets 304 and no body.
"""

from __future__ import annotations

import datetime as dt
import hmac

from flask import Blueprint, current_app, g, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, tuple_
from sqlalchemy.orm import aliased

from portal.extensions import db, limiter
from portal.iin import InvalidIIN, parse_iin
from portal.jsonapi import ApiError, bad_cursor, conditional, decode_cursor, page, page_limit
from portal.models import MseDecision, Person
from portal.registry import local, wire
from portal.registry.local import LocalRegistry, decision_record, person_record

bp = Blueprint("registry_api", __name__, url_prefix="/registry/v1")
limiter.exempt(bp)  # callers are a few trusted services, each behind its own token


def service_tokens() -> dict[str, str]:
    """REGISTRY_API_TOKENS: "name:token" pairs separated by commas; the name goes to the log."""
    pairs = [pair.split(":", 1) for pair in (current_app.config.get("REGISTRY_API_TOKENS") or "").split(",")
             if ":" in pair]
    return {name.strip(): token.strip() for name, token in pairs if token.strip()}


@bp.before_request
def authenticate():
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token:
        for name, expected in service_tokens().items():
            if hmac.compare_digest(token.encode(), expected.encode()):
                g.registry_client = name
                current_app.logger.info("registry api: %s read %s", name, request.full_path)
                return None
    raise ApiError(401)


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
    return conditional(wire.dump(found))


@bp.get("/persons/<iin>/file")
def person_file(iin: str):
    """The person with all their decisions and programmes (with items), newest first."""
    file = the_local_registry().person_file(valid_iin(iin))
    if file is None:
        raise ApiError(404)
    return conditional(wire.dump_file(file))


@bp.get("/persons")
def persons():
    """Persons represented by an IIN (?represented_by=), or turning 18 on a day (?turning_18_on=)."""
    if "represented_by" in request.args:
        query = local.represented_by(valid_iin(request.args["represented_by"]))
    elif "turning_18_on" in request.args:
        query = local.turning_18_on(date_arg("turning_18_on"))
    else:
        raise ApiError(400, "invalid", _l("Say which persons: represented_by or turning_18_on."),
                       field="represented_by")
    limit = page_limit()
    after = decode_cursor(int)
    if after:
        query = query.where(Person.id > after[0])
    rows = list(db.session.scalars(query.order_by(Person.id).limit(limit + 1)))
    return conditional(page(rows, limit, lambda p: [p.id], lambda p: wire.dump(person_record(p))))


@bp.get("/decisions")
def decisions():
    """Current decisions whose term ends between two dates, each with its person."""
    query = local.terms_ending(date_arg("term_ends_from"), date_arg("term_ends_to"))
    limit = page_limit()
    after = decode_cursor(int)
    if after:
        query = query.where(MseDecision.id > after[0])
    rows = list(db.session.execute(query.order_by(MseDecision.id).limit(limit + 1)))
    return conditional(page(rows, limit, lambda row: [row[1].id], lambda row: {
        "person": wire.dump(person_record(row[0])), "decision": wire.dump(decision_record(row[1]))}))


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
    return conditional(page(rows, limit, lambda row: [row.updated_at.isoformat(), row.id],
                            lambda row: {"iin": row.iin, "changed_at": row.updated_at.isoformat(),
                                         "legal_representative_iin": row.representative_iin}))


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
