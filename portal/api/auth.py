"""Who is calling the portal API: a person's bearer token, or the session cookie of the website.

A token call needs no CSRF token (a browser never sends the header by itself); a cookie call that
changes something must send the page's CSRF token in X-CSRFToken, as the website's forms do.
"""

from __future__ import annotations

from flask import g, request

from portal import access
from portal.account import tokens
from portal.auth.session import current_iin
from portal.extensions import csrf, db
from portal.iin import InvalidIIN, parse_iin
from portal.jsonapi import ApiError

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def authenticate() -> None:
    """Before every API call but the OpenAPI document: set the caller, or 401."""
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer":
        iin = tokens.holder(db.session, secret.strip())
        if iin is None:
            raise ApiError(401)
        if db.session.dirty:
            db.session.commit()  # the token's "last used"
        g.signed_in_iin = iin  # current_iin() is now the token's holder, for every service
        g.api_by_token = True
        return
    if current_iin() is None:
        raise ApiError(401)
    if request.method not in SAFE_METHODS:
        csrf.protect()


def by_token() -> bool:
    return g.get("api_by_token", False)


def subject() -> str:
    """Whose data the call is about: `?person=IIN` (someone the caller acts for), or the caller."""
    raw = request.args.get("person")
    if raw is None or raw == current_iin():
        return current_iin()
    try:
        return parse_iin(raw).value
    except InvalidIIN:
        raise ApiError(400, "invalid", field="person") from None


def authorise(scope: str, what: str) -> access.Authority:
    """The caller's authority to do `scope` for the subject; access.NotAllowed otherwise, which
    the API answers with 403 (portal/errors.py)."""
    return access.require(current_iin(), subject(), scope, what)
