"""Logs (portal/logs.py): every answer says its request id, every line carries it, and no line
names a person: IINs, phones and sign-in codes are masked, whatever the code logging them wrote."""

import io
import json
import logging

import pytest

from portal import logs

IIN = "960229460341"


def test_an_answer_carries_a_new_request_id_or_the_proxys(client):
    made = client.get("/kk/").headers["X-Request-ID"]
    assert len(made) == 32 and int(made, 16) >= 0
    assert client.get("/kk/").headers["X-Request-ID"] != made
    assert client.get("/kk/", headers={"X-Request-ID": "nginx-4f2a.1"}).headers["X-Request-ID"] == "nginx-4f2a.1"


@pytest.mark.parametrize("given", ["a b", "x" * 129, "id;drop", "<script>"])
def test_a_request_id_that_is_not_a_plain_token_is_replaced(client, given):
    answered = client.get("/kk/", headers={"X-Request-ID": given}).headers["X-Request-ID"]
    assert answered != given and len(answered) == 32


@pytest.mark.parametrize("line, shown", [
    (f"refused {IIN} at the desk", "refused [IIN] at the desk"),
    ("code sent to +77012345678", "code sent to [phone]"),
    ("code sent to 8 701 234 56 78", "code sent to [phone]"),
    ("your code is 482913", "your code is [code]"),
    ("booking SL-2026-000042 at 10:30", "booking SL-2026-000042 at 10:30"),
])
def test_what_names_a_person_is_masked(line, shown):
    assert logs.masked(line) == shown


def test_a_json_line_carries_the_request_id_and_masks_arguments_and_tracebacks(app):
    stream = io.StringIO()
    logger = logging.getLogger("portal.tests.logs")
    logger.addHandler(logs.handler("json", stream))
    try:
        with app.test_request_context("/kk/", headers={"X-Request-ID": "req-1"}):
            app.preprocess_request()
            logger.warning("person %s asked, code %s", IIN, "123456")
            try:
                raise ValueError(f"no person {IIN}")
            except ValueError:
                logger.exception("failed for +77012345678")
    finally:
        logger.handlers.clear()
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert (first["message"], first["request_id"], first["level"], first["logger"]) == (
        "person [IIN] asked, code [code]", "req-1", "WARNING", "portal.tests.logs")
    assert IIN not in stream.getvalue() and "+77012345678" not in stream.getvalue()
    assert second["message"] == "failed for [phone]" and "ValueError: no person [IIN]" in second["exc_info"]


def test_the_development_gateways_messages_are_the_one_thing_left_as_it_is():
    record = logging.LogRecord("portal.notify.sms.console", logging.WARNING, __file__, 1,
                               "SMS to %s: %s", ("+77012345678", "Your code: 482913"), None)
    assert logs.Masking().filter(record) and record.getMessage() == "SMS to +77012345678: Your code: 482913"


@pytest.mark.parametrize("log_format", ["json", "text"])
def test_a_line_says_when_in_kazakhstan_time(log_format, time_machine):
    time_machine.move_to("2026-12-06T19:30:00.250+00:00", tick=False)  # already the 7th in Kazakhstan
    stream = io.StringIO()
    logger = logging.getLogger("portal.tests.logs.time")
    logger.addHandler(logs.handler(log_format, stream))
    try:
        logger.warning("a line")
    finally:
        logger.handlers.clear()
    line = stream.getvalue()
    when = json.loads(line)["time"] if log_format == "json" else line.split(" ")[0]
    assert when == "2026-12-07T00:30:00.250+05:00"
