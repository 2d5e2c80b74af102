"""What the JSON APIs (/api/v1 and /registry/v1) share: one error shape, ETags, and pages of lists.

Every error is `{"errors": [{"code": …, "message": …, "field": …}]}`: `code` is stable for
programs, `message` is in the language asked for by Accept-Language (Kazakh by default), and
`field` names the input at fault, or is null.
"""

from __future__ import annotations

import base64
import json

from flask import Response, jsonify, request, url_for
from flask_babel import lazy_gettext as _l

from portal.converters import LARGEST_ID
from portal.numbers import whole_number

JSON_PREFIXES = ("/api/", "/registry/")

MESSAGES = {
    400: ("bad_request", _l("The request could not be understood. Check the address and the data sent.")),
    401: ("unauthorised", _l("Sign in, or send a valid token in the Authorization header.")),
    403: ("forbidden", _l("You may not see or change this.")),
    404: ("not_found", _l("There is nothing at this address.")),
    405: ("method_not_allowed", _l("This address does not accept this method.")),
    406: ("not_acceptable", _l("This address answers in JSON only.")),
    409: ("conflict", _l("This cannot be done now because of its current state.")),
    413: ("too_large", _l("What was sent is too large.")),
    415: ("unsupported_media_type", _l("Send the data as JSON with the Content-Type application/json.")),
    429: ("rate_limited", _l("Too many requests. Wait a little and try again.")),
    500: ("server_error", _l("Sorry, there is a problem with the service. Try again later.")),
    503: ("unavailable", _l("The service is not available right now. Try again later.")),
}

MAX_PAGE = 500
DEFAULT_PAGE = 100


class ApiError(Exception):
    """Raised anywhere in an API view; answered in the one error shape."""

    def __init__(self, status: int, code: str | None = None, message=None, field: str | None = None,
                 errors: list[dict] | None = None):
        super().__init__(code)
        default_code, default_message = MESSAGES.get(status, MESSAGES[400 if status < 500 else 500])
        self.status = status
        self.errors = errors or [{"code": code or default_code, "message": str(message or default_message),
                                  "field": field}]


def is_json_path(path: str) -> bool:
    return path.startswith(JSON_PREFIXES)


def error_response(error: ApiError) -> Response:
    response = jsonify({"errors": error.errors})
    response.status_code = error.status
    if error.status == 401:
        response.headers["WWW-Authenticate"] = "Bearer"
    return response


def for_status(status: int) -> Response:
    return error_response(ApiError(status))


def conditional(body) -> Response:
    """A JSON answer with an ETag; a client sending the same tag in If-None-Match gets 304, no body."""
    response = jsonify(body)
    response.add_etag()
    return response.make_conditional(request)


# Pages of lists ---------------------------------------------------------------------------------

def page_limit() -> int:
    limit = whole_number(request.args.get("limit", str(DEFAULT_PAGE)), 1, MAX_PAGE)
    if limit is None:
        raise ApiError(400, "invalid", _l("The limit must be a whole number from 1 to %(max)s.", max=MAX_PAGE),
                       field="limit")
    return limit


def encode_cursor(key) -> str:
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


def decode_cursor(shape: type):
    """The key a `next` link carries, or None on the first page; 400 when it was tampered with."""
    raw = request.args.get("cursor")
    if raw is None:
        return None
    try:
        key = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
        if not isinstance(key, list) or not all(isinstance(part, shape) and within_a_column(part) for part in key):
            raise ValueError(raw)
    except ValueError:
        raise bad_cursor() from None
    return key


def within_a_column(part) -> bool:
    """A number a database column can hold: SQLite refuses to compare with a larger one (OverflowError)."""
    return not isinstance(part, int) or isinstance(part, bool) or 0 <= part <= LARGEST_ID


def bad_cursor() -> ApiError:
    return ApiError(400, "invalid", _l("This cursor is not one this API gave. Start again from the first page."),
                    field="cursor")


def page(rows: list, limit: int, key_of, render) -> dict:
    """`rows` holds up to limit + 1 rows in key order; the extra one only says a next page exists."""
    shown = rows[:limit]
    next_url = None
    if len(rows) > limit:
        args = {**request.args.to_dict(), **(request.view_args or {}), "cursor": encode_cursor(key_of(shown[-1]))}
        next_url = url_for(request.endpoint, **args)
    return {"items": [render(row) for row in shown], "next": next_url}
