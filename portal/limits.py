"""Abuse limits beyond sign-in: how many requests, interpreter bookings and uploads one person may
send in a while. The page and the API share each limit, so a script cannot go round the page by the API.

Limits are counted in Redis when REDIS_URL is set, so every process of the portal counts together;
in memory otherwise (one process: development and tests).
"""

from __future__ import annotations

import json
import logging
import math
import re
import time

from flask import Flask, current_app, request
from flask_limiter import RequestLimit

from portal import metrics
from portal.auth.session import current_iin
from portal.extensions import limiter

log = logging.getLogger(__name__)

# The endpoints of the sign-in pages, whose pause page speaks of signing in.
SIGN_IN_ENDPOINTS = {"auth.login", "auth.code", "staff.login", "interpreter.login",
                     # The second factor of staff and interpreters (issue #26).
                     "staff.second_factor", "staff.recovery_code", "staff.set_up_second_factor",
                     "interpreter.second_factor", "interpreter.recovery_code", "interpreter.set_up_second_factor"}
# The statement check, whose pause page speaks of checking statements.
VERIFY_ENDPOINT = "verify.verify"
# The page asking for a mandate, whose pause page speaks of asks.
MANDATE_ASK_ENDPOINTS = {"carers.ask"}
# The PDFs, whose pause page speaks of documents.
DOCUMENT_ENDPOINTS = {"cabinet.statement_pdf", "cabinet.programme_pdf"}


def caller_key() -> str:
    """Who is counted: the signed-in person (or the holder of the API token), by IIN. The view
    runs after sign-in is checked, so there is always one; the address is only a fallback."""
    iin = current_iin()
    return f"person:{iin}" if iin else f"address:{request.remote_addr}"


def submission_limit() -> str:
    return current_app.config["SUBMISSION_LIMIT"]


def booking_limit() -> str:
    return current_app.config["BOOKING_LIMIT"]


def mandate_ask_limit() -> str:
    return current_app.config["MANDATE_ASK_LIMIT"]


def ask_went_through(response) -> bool:
    """Only an ask the page accepted counts: a mistyped IIN corrected and sent again costs nothing."""
    return response.status_code == 302


def document_limit() -> str:
    return current_app.config["DOCUMENT_LIMIT"]


def upload_limit() -> str:
    return current_app.config["UPLOAD_LIMIT"]


def not_an_upload() -> bool:
    """The request journey's pages share one view; only the evidence question uploads there. An
    answer to the department, or a document added to a request, counts when it carries a file."""
    if (request.view_args or {}).get("question") == "evidence":
        return False
    return not any(upload.filename for _, upload in request.files.items(multi=True))


# Decorators for the views that create: a request (page and API), a booking (page and API).
submissions = limiter.shared_limit(submission_limit, scope="submission", key_func=caller_key, methods=["POST"])
bookings = limiter.shared_limit(booking_limit, scope="booking", key_func=caller_key, methods=["POST"])
# Each ask for a mandate may text a stranger (issue #18): a carer asks for a few people, not many.
mandate_asks = limiter.shared_limit(mandate_ask_limit, scope="mandate_ask", key_func=caller_key, methods=["POST"],
                                    deduct_when=ask_went_through)


def verify_limit() -> str:
    return current_app.config["VERIFY_LIMIT"]


def no_reference_given() -> bool:
    """The /verify form itself, before anything is checked, is not counted."""
    return "reference" not in request.args


# Statement checks per client address: references cannot be tried in bulk, nor a statement's
# status watched by a script.
verifications = limiter.limit(verify_limit, key_func=lambda: f"address:{request.remote_addr}",
                              exempt_when=no_reference_given)

# Evidence uploads per person: each may be up to 10 MB, so a script cannot fill the disk.
uploads = limiter.shared_limit(upload_limit, scope="upload", key_func=caller_key, methods=["POST"],
                               exempt_when=not_an_upload)


# PDFs per person: making one costs the portal seconds for a long programme, so a script cannot
# keep its workers busy.
documents = limiter.shared_limit(document_limit, scope="document", key_func=caller_key)


def minutes_to_wait() -> int:
    """Whole minutes until the limit that stopped this request lets the person try again: the
    Retry-After header's seconds, counted as Flask-Limiter counts them, rounded up."""
    current = limiter.current_limit
    seconds = int(current.reset_at - time.time()) if current else 60
    return max(1, math.ceil(seconds / 60))


def log_limit_reached(limit: str, **fields) -> None:
    """One JSON line for each limit reached, for operators to count and alert on. No IIN in clear:
    callers pass a digest (portal.auth.guesses.iin_digest)."""
    log.warning(json.dumps({"event": "limit_reached", "limit": limit, **fields}, sort_keys=True))
    metrics.limit_reached(limit)


def log_breach(breach: RequestLimit) -> None:
    """Flask-Limiter's on_breach: a request stopped by a limit. Its key is logged with any IIN in it
    (a person's own limits are keyed by IIN) replaced by its digest."""
    from portal.auth.guesses import iin_digest

    key = re.sub(r"\b\d{12}\b", lambda iin: "iin:" + iin_digest(current_app.secret_key, iin.group()), breach.key)
    log_limit_reached("request_limit", endpoint=request.endpoint, rule=str(breach.limit), key=key)


def init_app(app: Flask) -> None:
    """Bind the limiter: counts in Redis when REDIS_URL is set, in memory otherwise; each limit
    reached is logged (log_breach)."""
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    app.config.setdefault("RATELIMIT_ON_BREACH_CALLBACK", log_breach)
    limiter.init_app(app)
