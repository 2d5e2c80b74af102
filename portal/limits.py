"""Abuse limits beyond sign-in: how many requests, interpreter bookings and uploads one person may
send in a while. The page and the API share each limit, so a script cannot go round the page by the API.

Limits are counted in Redis when REDIS_URL is set, so every process of the portal counts together;
in memory otherwise (one process: development and tests).
"""

from __future__ import annotations

import math
import time

from flask import current_app, request

from portal.auth.session import current_iin
from portal.extensions import limiter

# The endpoints of the sign-in pages, whose pause page speaks of signing in.
SIGN_IN_ENDPOINTS = {"auth.login", "auth.code", "staff.login", "interpreter.login"}


def caller_key() -> str:
    """Who is counted: the signed-in person (or the holder of the API token), by IIN. The view
    runs after sign-in is checked, so there is always one; the address is only a fallback."""
    iin = current_iin()
    return f"person:{iin}" if iin else f"address:{request.remote_addr}"


def submission_limit() -> str:
    return current_app.config["SUBMISSION_LIMIT"]


def booking_limit() -> str:
    return current_app.config["BOOKING_LIMIT"]


def upload_limit() -> str:
    return current_app.config["UPLOAD_LIMIT"]


def not_an_upload() -> bool:
    """The request journey's pages share one view; only the evidence question uploads."""
    return (request.view_args or {}).get("question") != "evidence"


# Decorators for the views that create: a request (page and API), a booking (page and API).
submissions = limiter.shared_limit(submission_limit, scope="submission", key_func=caller_key, methods=["POST"])
bookings = limiter.shared_limit(booking_limit, scope="booking", key_func=caller_key, methods=["POST"])
uploads = limiter.shared_limit(upload_limit, scope="upload", key_func=caller_key, methods=["POST"],
                               exempt_when=not_an_upload)


def minutes_to_wait() -> int:
    """Whole minutes until the limit that stopped this request lets the person try again: the
    Retry-After header's seconds, counted as Flask-Limiter counts them, rounded up."""
    current = limiter.current_limit
    seconds = int(current.reset_at - time.time()) if current else 60
    return max(1, math.ceil(seconds / 60))
