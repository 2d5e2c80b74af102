"""The bearer tokens of the operators' endpoints (/metrics, /healthz/details): each is off until its
token is set, and answers only a request that carries it."""

from __future__ import annotations

import hmac

from flask import abort, current_app, request


def refused(setting: str):
    """None when the request carries `Authorization: Bearer <the token setting names>`; otherwise
    the answer to give: 404 while the setting is unset (the endpoint is off), 401 without it."""
    token = current_app.config.get(setting)
    if not token:
        abort(404)
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme != "Bearer" or not hmac.compare_digest(given.encode(), token.encode()):
        return {"status": "unauthorised"}, 401, {"WWW-Authenticate": "Bearer"}
    return None
