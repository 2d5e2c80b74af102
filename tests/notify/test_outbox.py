"""The outbox when the text-message gateway fails: messages wait longer after each failure, are
tried again when the wait is over, are never lost nor sent twice, and operators can see them."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from types import SimpleNamespace

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import Message
from portal.notify.outbox import (LONGEST_WAIT, MAX_ATTEMPTS, NO_PHONE, deliver_outbox, outbox_status, retry_wait,
                                  retry_waits_before)
from portal.notify.sms import ConsoleSms, HttpSms, SmsFailed

NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)


class PhoneBook:
    """The registry as the outbox uses it: a phone number for each recipient, or none."""

    def __init__(self, without_phone: tuple[str, ...] = ()):
        self.without_phone = without_phone

    def find_person(self, iin):
        return SimpleNamespace(iin=iin, preferred_language="kk",
                               phone=None if iin in self.without_phone else f"+7701{iin[-7:]}")


class DownSms(ConsoleSms):
    """A gateway that refuses everything while `down`, and records what it accepted."""

    def __init__(self):
        super().__init__()
        self.down = True
        self.tries = 0

    def send(self, phone, text):
        self.tries += 1
        if self.down:
            raise SmsFailed("gateway answered 503")
        super().send(phone, text)


def queue(session, count: int) -> list[str]:
    iins = [f"9001010{n:05d}" for n in range(count)]
    session.add_all([Message(recipient_iin=iin, kind="test", language="kk", subject=f"Хабар {n}",
                             body="Мәтін.") for n, iin in enumerate(iins)])
    session.commit()
    return iins


def outbox(session) -> list[Message]:
    session.expire_all()
    return session.scalars(select(Message).order_by(Message.id)).all()


def test_the_wait_doubles_up_to_six_hours_and_tries_last_more_than_two_days():
    assert [retry_wait(n) / MINUTE for n in range(1, 11)] == [1, 2, 4, 8, 16, 32, 64, 128, 256, 360]
    assert retry_wait(MAX_ATTEMPTS) == retry_wait(1000) == LONGEST_WAIT
    # A gateway down for two days: the last try still comes after it is back.
    assert retry_waits_before(MAX_ATTEMPTS) >= dt.timedelta(hours=48)


def test_a_failed_send_waits_and_is_tried_again_when_the_wait_is_over(session):
    queue(session, 3)
    sms = DownSms()
    assert deliver_outbox(session, PhoneBook(), sms, NOW) == (0, 3)
    for message in outbox(session):
        assert (message.delivered_at, message.delivery_attempts) == (None, 1)
        assert message.next_attempt_at == NOW + MINUTE and message.last_error == "gateway answered 503"

    # A run before the wait is over does not try them: the gateway is not asked at all.
    assert deliver_outbox(session, PhoneBook(), sms, NOW + 30 * dt.timedelta(seconds=1)) == (0, 0)
    assert sms.tries == 3

    # After it, they are tried again; failing a second time, they wait twice as long.
    assert deliver_outbox(session, PhoneBook(), sms, NOW + MINUTE) == (0, 3)
    assert {m.next_attempt_at for m in outbox(session)} == {NOW + 3 * MINUTE}
    assert [m.delivery_attempts for m in outbox(session)] == [2, 2, 2]

    sms.down = False
    assert deliver_outbox(session, PhoneBook(), sms, NOW + 2 * MINUTE) == (0, 0)
    assert deliver_outbox(session, PhoneBook(), sms, NOW + 3 * MINUTE) == (3, 0)
    assert len(sms.sent) == 3
    for message in outbox(session):
        assert message.delivered_at == NOW + 3 * MINUTE
        assert (message.next_attempt_at, message.last_error, message.delivery_attempts) == (None, None, 3)
    assert deliver_outbox(session, PhoneBook(), sms, NOW + dt.timedelta(days=3)) == (0, 0)
    assert len(sms.sent) == 3


def test_a_gateway_down_for_two_days_loses_nothing(session):
    """Delivery runs every 5 minutes; the gateway refuses everything for 48 hours, then is back."""
    iins = queue(session, 4)
    sms = DownSms()
    run = dt.timedelta(minutes=5)
    now = NOW
    while now < NOW + dt.timedelta(hours=48):
        assert deliver_outbox(session, PhoneBook(), sms, now)[0] == 0
        now += run
    waiting = outbox(session)
    assert all(m.delivered_at is None and m.next_attempt_at is not None for m in waiting)
    assert all(m.delivery_attempts < MAX_ATTEMPTS for m in waiting)
    assert outbox_status(session, now).failed == 0
    sms.down = False
    while now < NOW + dt.timedelta(hours=60):
        deliver_outbox(session, PhoneBook(), sms, now)
        now += run
    assert sorted(phone for phone, _ in sms.sent) == sorted(PhoneBook().find_person(iin).phone for iin in iins)
    assert all(m.delivered_at is not None for m in outbox(session))


def test_after_every_try_failed_the_message_stays_in_the_inbox_and_operators_see_it(session, runner):
    queue(session, 3)
    session.add(Message(recipient_iin="900101099999", kind="test", language="ru", subject="Тема", body="Текст."))
    session.commit()
    sms = DownSms()
    now = NOW
    for _ in range(MAX_ATTEMPTS):
        deliver_outbox(session, PhoneBook(without_phone=("900101099999",)), sms, now)
        now += LONGEST_WAIT
    messages = outbox(session)
    assert [m.delivery_attempts for m in messages] == [MAX_ATTEMPTS] * 4
    assert all(m.delivered_at is None and m.next_attempt_at is None for m in messages)
    assert [m.last_error for m in messages] == ["gateway answered 503"] * 3 + [NO_PHONE]
    sms.down = False
    assert deliver_outbox(session, PhoneBook(), sms, now + dt.timedelta(days=30)) == (0, 0)

    status = outbox_status(session, now)
    assert (status.due, status.waiting, status.failed, status.no_phone) == (0, 0, 3, 1)
    output = runner.invoke(args=["outbox", "status", "--failed"]).output.splitlines()
    assert output[0] == f"0 due now, 0 waiting to be tried again, 3 not sent after {MAX_ATTEMPTS} tries, " \
                        "1 without a phone number"
    assert [line.split(",")[0] for line in output[1:]] == [f"message {m.id}" for m in reversed(messages[:3])]
    assert all(line.endswith("gateway answered 503") for line in output[1:])


def test_the_status_counts_what_is_due_and_what_waits(session, runner, time_machine):
    time_machine.move_to(NOW, tick=False)  # the command reads the portal's clock (portal/clock.py)
    queue(session, 3)
    first = outbox(session)[0]
    first.delivery_attempts, first.next_attempt_at = 2, NOW + dt.timedelta(hours=1)
    session.commit()
    status = outbox_status(session, NOW)
    assert (status.due, status.waiting, status.failed, status.no_phone) == (2, 1, 0, 0)
    assert status.oldest_unsent == first.created_at
    output = runner.invoke(args=["outbox", "status"]).output.splitlines()
    assert output[0].startswith("2 due now, 1 waiting to be tried again, 0 not sent")
    assert output[1].startswith("oldest message still to be sent: queued ")


@pytest.mark.parametrize("runs", [2, 4])
def test_delivery_runs_at_the_same_time_never_send_a_message_twice(session, runs):
    """On PostgreSQL the runs really overlap (SKIP LOCKED); SQLite queues them on its write lock."""
    queue(session, 20)
    sent: list[str] = []

    class SlowSms:
        def send(self, phone, text):
            time.sleep(0.01)  # long enough for the other runs to reach the same messages
            sent.append(text)

    totals = []
    errors = []
    engine = db.engine  # read here: the threads have no app context

    def delivery_run():
        with Session(engine) as own_session:
            try:
                totals.append(deliver_outbox(own_session, PhoneBook(), SlowSms(), NOW))
            except Exception as error:  # reported below: a thread's failure must fail the test
                errors.append(error)

    threads = [threading.Thread(target=delivery_run) for _ in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(sent) == sorted(f"Хабар {n}. Мәтін." for n in range(20))
    assert sum(s for s, _ in totals) == 20 and sum(f for _, f in totals) == 0
    assert all(m.delivered_at == NOW and m.delivery_attempts == 1 for m in outbox(session))


# The HTTP gateway: every way of not accepting a message is SmsFailed ------------------------------

@pytest.fixture
def gateway():
    """A gateway on 127.0.0.1 whose answer the test chooses: a status, silence, or garbage."""

    class Handler(BaseHTTPRequestHandler):
        answer = 202
        received = []

        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            if Handler.answer == "silence":
                time.sleep(0.5)
                return
            if Handler.answer == "garbage":
                self.wfile.write(b"this is not HTTP\r\n\r\n")
                return
            Handler.received.append(self.path)
            self.send_response(Handler.answer)
            if Handler.answer == 302:
                self.send_header("Location", "/elsewhere")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self):
            Handler.received.append(self.path)
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/send", Handler
    server.shutdown()
    server.server_close()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("answer", [500, 502, 503, 400, 302, "silence", "garbage"])
def test_every_answer_but_acceptance_is_a_failure(gateway, answer):
    url, handler = gateway
    handler.answer = answer
    with pytest.raises(SmsFailed) as failure:
        HttpSms(url, "token", timeout=0.2).send("+77011234567", "text")
    assert str(failure.value)
    if answer == 302:
        assert handler.received == ["/send"]  # the redirect was not followed with a GET


def test_a_refused_connection_is_a_failure():
    with pytest.raises(SmsFailed):
        HttpSms(f"http://127.0.0.1:{closed_port()}/send", "token", timeout=1).send("+77011234567", "text")


def test_the_outbox_through_a_failing_then_working_gateway(session, gateway):
    url, handler = gateway
    queue(session, 2)
    handler.answer = 503
    assert deliver_outbox(session, PhoneBook(), HttpSms(url, "token", timeout=1), NOW) == (0, 2)
    assert [m.last_error for m in outbox(session)] == ["gateway answered 503"] * 2
    handler.answer = 202
    assert deliver_outbox(session, PhoneBook(), HttpSms(url, "token", timeout=1), NOW + MINUTE) == (2, 0)
    assert len(handler.received) == 4
