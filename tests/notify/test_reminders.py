"""Re-examination reminders 30 and 7 days before the term ends, and their delivery."""

import datetime as dt
import json

import pytest
from flask_babel import force_locale, ngettext
from sqlalchemy import func, select

from portal import clock, moments
from portal.models import Message
from portal.models.types import utcnow
from portal.notify.outbox import MAX_ATTEMPTS, deliver_outbox
from portal.notify.reminders import queue_reexamination_reminders, reminder_point
from portal.notify.texts import in_language
from portal.notify.sms import ConsoleSms, SmsFailed
from portal.registry import registry
from portal.registry.importer import import_people
from tests import factories as f
from tests.conftest import signed_in

TODAY = dt.date(2026, 11, 24)


def load(session, *people):
    assert import_people(session, [json.dumps(p, ensure_ascii=False) for p in people]).errors == []


def ending_in(days: int, **person) -> dict:
    end = (TODAY + dt.timedelta(days=days)).isoformat()
    n = f.iin()
    return f.person(iin=n, decisions=[f.decision(f"MSE-{n}", valid_until=end, reexamination_date=end)], programmes=[],
                    **person)


def messages(session):
    return session.scalars(select(Message).order_by(Message.id)).all()


@pytest.mark.parametrize("days_left, point", [(31, None), (30, 30), (8, 30), (7, 7), (0, 7), (-1, None)])
def test_the_reminder_due_for_the_days_left(days_left, point):
    assert reminder_point(days_left) == point


def test_reminders_at_30_and_7_days_never_twice(session):
    person = ending_in(30)
    load(session, person)
    assert queue_reexamination_reminders(session, registry(), TODAY) == 1
    assert queue_reexamination_reminders(session, registry(), TODAY) == 0
    assert queue_reexamination_reminders(session, registry(), TODAY + dt.timedelta(days=10)) == 0
    assert queue_reexamination_reminders(session, registry(), TODAY + dt.timedelta(days=23)) == 1
    assert queue_reexamination_reminders(session, registry(), TODAY + dt.timedelta(days=25)) == 0
    assert [(m.days_before, m.recipient_iin) for m in messages(session)] == [(30, person["iin"]), (7, person["iin"])]


def test_a_missed_day_is_caught_up(session):
    load(session, ending_in(20))
    assert queue_reexamination_reminders(session, registry(), TODAY) == 1
    assert messages(session)[0].days_before == 30


def test_no_reminder_for_an_indefinite_term_or_an_old_decision(session):
    n = f.iin()
    replaced = f.person(iin=n, programmes=[], decisions=[
        # Two years to end in 10 days; made before the one that replaced it.
        f.decision(f"MSE-OLD-{n}", valid_until=(TODAY + dt.timedelta(days=10)).isoformat()),
        f.decision(f"MSE-NEW-{n}", valid_until=None, reexamination_date=None)])
    load(session, replaced)
    assert queue_reexamination_reminders(session, registry(), TODAY) == 0


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_message_is_in_the_recipients_language(session, language):
    load(session, ending_in(7, preferred_language=language))
    queue_reexamination_reminders(session, registry(), TODAY)
    end = TODAY + dt.timedelta(days=7)
    message = messages(session)[0]
    with force_locale(language):
        expected = ngettext(
            "Your disability term ends in %(num)d day, on %(date)s. Ask your polyclinic for a referral to the "
            "medical and social expert examination now, so that your support does not stop.",
            "Your disability term ends in %(num)d days, on %(date)s. Ask your polyclinic for a referral to the "
            "medical and social expert examination now, so that your support does not stop.",
            7, date=moments.date(end))
    assert (message.language, in_language(message, language).body) == (language, expected)


def test_a_childs_reminder_goes_to_the_representative(session):
    parent = f.person(decisions=[], programmes=[], preferred_language="ru")
    end = (TODAY + dt.timedelta(days=30)).isoformat()
    n = f.iin(dt.date(2014, 3, 27), "male")
    child = f.person(iin=n, legal_representative_iin=parent["iin"], programmes=[], given_name="Артём",
                     decisions=[f.decision(f"MSE-{n}", child_category="7_to_18", cause="child_7_to_18",
                                           onset_date="2020-01-01", valid_until=end, reexamination_date=end)])
    load(session, parent, child)
    queue_reexamination_reminders(session, registry(), TODAY)
    message = messages(session)[0]
    assert (message.recipient_iin, message.language) == (parent["iin"], "ru")
    assert "Артём" in in_language(message, "ru").body


class FlakySms(ConsoleSms):
    def __init__(self, fail_times):
        super().__init__()
        self.fail_times = fail_times

    def send(self, phone, text):
        if self.fail_times:
            self.fail_times -= 1
            raise SmsFailed("gateway timeout")
        super().send(phone, text)


def test_the_outbox_sends_each_message_once_and_retries_failures(session):
    person = ending_in(30)
    load(session, person)
    queue_reexamination_reminders(session, registry(), TODAY)
    sms = FlakySms(fail_times=1)
    assert deliver_outbox(session, registry(), sms, utcnow()) == (0, 1)
    assert messages(session)[0].last_error == "gateway timeout"
    later = utcnow() + dt.timedelta(minutes=1)  # the wait after a first failure (tests/notify/test_outbox.py)
    assert deliver_outbox(session, registry(), sms, later) == (1, 0)
    assert deliver_outbox(session, registry(), sms, later) == (0, 0)
    assert [phone for phone, _ in sms.sent] == [person["phone"]]


def test_without_a_phone_the_message_stays_in_the_inbox_only(session):
    load(session, ending_in(30, phone=None))
    queue_reexamination_reminders(session, registry(), TODAY)
    assert deliver_outbox(session, registry(), ConsoleSms(), utcnow()) == (0, 1)
    message = messages(session)[0]
    assert (message.delivered_at, message.delivery_attempts) == (None, MAX_ATTEMPTS)


def test_the_inbox_shows_the_message_and_the_button_marks_it_read(app, client, session, demo):
    queue_reexamination_reminders(session, registry(), clock.today())
    recipient = messages(session)[0].recipient_iin
    signed_in(client, recipient)
    assert "1" in client.get("/kk/cabinet/").doc.find(".//main//a[@href='/kk/cabinet/messages']").text
    inbox = client.get("/kk/cabinet/messages")
    assert in_language(messages(session)[0], "kk").body in inbox.get_data(as_text=True)
    # Opening the inbox marks nothing (tests/cabinet/test_inbox.py); the button does.
    assert "1" in client.get("/kk/cabinet/").doc.find(".//main//a[@href='/kk/cabinet/messages']").text
    form = inbox.doc.find(".//form[@action='/kk/cabinet/messages/read']")
    client.post("/kk/cabinet/messages/read", data={i.get("name"): i.get("value") for i in form.iter("input")})
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Message).where(Message.read_at.is_(None))) == 0


def test_the_commands_queue_and_deliver(runner, demo, app):
    assert runner.invoke(args=["reminders", "queue"]).output.strip() == "1 reminders queued"
    assert runner.invoke(args=["outbox", "deliver"]).output.strip() == "1 sent, 0 not sent"
    assert len(app.extensions["sms"].sent) == 1
