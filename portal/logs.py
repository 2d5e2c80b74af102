"""Logs as JSON lines, each with the request it belongs to, and nothing in them that names a person.

Every answer carries `X-Request-ID`: the one the proxy sent (when it is a sane token), or a new
one. Each line the portal logs during a request carries it as `request_id`, so an operator can find
a person's complaint ("the page said error, reference …") in the log, and the proxy's line too.

What is logged must not name anyone (issue #21): IINs, phone numbers and six-digit sign-in codes
are masked in every line, whatever the code that logged them wrote. The one exception is the
development stand-in for the text-message gateway (portal/notify/sms.py, `ConsoleSms`), whose lines
are the messages a developer reads to sign in; production refuses to start without a real gateway.

LOG_FORMAT is "json" (production's default) or "text" (elsewhere).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import sys
import uuid

from flask import Flask, g, has_request_context, request
from pythonjsonlogger.json import JsonFormatter

from portal import moments

REQUEST_ID_HEADER = "X-Request-ID"
# A proxy's request id is kept when it looks like one: letters, digits and -._, up to 128.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")
# The development gateway's lines are its messages (ConsoleSms); nothing else is left unmasked.
UNMASKED_LOGGERS = {"portal.notify.sms.console"}
MASKS = [
    (re.compile(r"(?<!\d)\d{12}(?!\d)"), "[IIN]"),
    (re.compile(r"\+?\b[78][\s-]?\(?\d{3}\)?[\s-]?\d{3}[\s-]?\d{2}[\s-]?\d{2}\b"), "[phone]"),
    # Six digits on their own; not the end of a reference such as SL-2026-000042.
    (re.compile(r"(?<![\w-])\d{6}(?![\w-])"), "[code]"),
]


def masked(text: str) -> str:
    for pattern, replacement in MASKS:
        text = pattern.sub(replacement, text)
    return text


class Masking(logging.Filter):
    """Masks the message (its arguments filled in) and any exception text of every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name in UNMASKED_LOGGERS:
            return True
        record.msg, record.args = masked(record.getMessage()), None
        if record.exc_info:
            record.exc_text = masked(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


class RequestId(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id") if has_request_context() else None
        return True


def kazakhstan_time(record: logging.LogRecord) -> str:
    """When the line was logged, in Kazakhstan time with its offset, as everywhere the portal
    writes a time: 2026-12-07T13:00:00.123+05:00."""
    return moments.iso(dt.datetime.fromtimestamp(record.created, dt.UTC), "milliseconds")


class TextLines(logging.Formatter):
    def formatTime(self, record, datefmt=None):
        return kazakhstan_time(record)


class JsonLines(JsonFormatter):
    def formatTime(self, record, datefmt=None):
        return kazakhstan_time(record)


def handler(log_format: str, stream=None) -> logging.Handler:
    """A handler writing `log_format` lines to `stream` (stderr), each with its request id, masked."""
    made = logging.StreamHandler(stream or sys.stderr)
    if log_format == "json":
        made.setFormatter(JsonLines("{asctime}{levelname}{name}{message}{request_id}", style="{",
                                    rename_fields={"asctime": "time", "levelname": "level", "name": "logger"}))
    else:
        made.setFormatter(TextLines("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"))
    made.addFilter(RequestId())
    made.addFilter(Masking())
    return made


def configure(log_format: str, name: str = "portal", level: int | str = logging.INFO) -> None:
    """The loggers under `name` (the portal's; Celery's in the worker and beat) write through one
    handler, added once a process (the tests make an app for each test)."""
    logger = logging.getLogger(name)
    if any(getattr(existing, "qoljetimdi", False) for existing in logger.handlers):
        return
    added = handler(log_format)
    added.qoljetimdi = True
    logger.addHandler(added)
    logger.setLevel(level)


def init_app(app: Flask) -> None:
    configure(app.config["LOG_FORMAT"])

    @app.before_request
    def name_the_request():
        given = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = given if SANE_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex

    @app.after_request
    def say_the_request_id(response):
        if "request_id" in g:
            response.headers[REQUEST_ID_HEADER] = g.request_id
        return response
