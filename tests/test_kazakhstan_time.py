"""Every moment is shown as Kazakhstan time (UTC+5), and the portal counts days by Kazakhstan's
date (issue #18, point 1). A booking's messages said 14:00 for a 09:00 booking; and from 19:00
to 24:00 UTC the server's date is still yesterday in Kazakhstan."""

import datetime as dt
import json

import pytest
from babel.dates import format_date, format_datetime
from sqlalchemy import select

from portal import access, clock, moments
from portal.bookings import services as bookings
from portal.carers import services as carers
from portal.interpreters.services import accept, decline
from portal.models import Interpreter, Mandate, Message, Statement
from portal.notify.outbox import deliver_outbox
from portal.notify.texts import in_language
from portal.notify.sms import ConsoleSms
from portal.references import new_reference
from portal.registry import registry
from portal.registry.importer import import_people
from tests import factories as f
from tests.conftest import persona, signed_in
from tests.pagecheck import text_of


def next_monday(at: dt.time) -> dt.datetime:
    day = clock.today() + dt.timedelta(days=7 - clock.today().weekday() + 7)
    return dt.datetime.combine(day, at)


def shown(moment: dt.datetime, lang: str) -> str:
    """A Kazakhstan wall-clock time as a person reads it («2026 жылғы 30 қараша, 09:00»)."""
    return format_datetime(moment, moments.WHEN[lang], locale=lang)


def normal(text: str) -> str:
    return " ".join(text.split())


def test_every_message_about_a_booking_shows_the_time_of_the_booking_page(app, client, session, demo, deaf):
    carer = persona(demo, lambda p: p["iin"] != deaf and not p["legal_representative_iin"] and p["decisions"])
    session.add(Mandate(carer_iin=carer, person_iin=deaf, scopes=["bookings"], starts_on=clock.today(), status="active"))
    session.commit()
    file = registry().person_file(deaf)
    values = dict(file=file, mode="in_person", purpose="hospital", address="Алматы, Абай 10", notes=None, minutes=60,
                  now=clock.now_local(), registry=registry())
    # Booked by the carer (the person is told), confirmed, then reminded the day before.
    kept = bookings.book(session, booked_by_iin=carer, starts_at=next_monday(dt.time(9, 0)), **values)[0]
    accept(session, registry(), kept, session.get(Interpreter, kept.interpreter_id), room_url="{room}")
    bookings.queue_reminders(session, registry(), kept.starts_at - dt.timedelta(hours=23))
    # Booked by the person; the interpreter declines and no one else is free.
    declined = bookings.book(session, booked_by_iin=deaf, starts_at=next_monday(dt.time(9, 30)) + dt.timedelta(days=1),
                             **values)[0]
    interpreter = session.get(Interpreter, declined.interpreter_id)
    for other in session.scalars(select(Interpreter).where(Interpreter.id != interpreter.id)):
        other.active = False
    decline(session, registry(), declined, interpreter, reason="Ауырып қалдым.")

    messages = session.scalars(select(Message).where(Message.recipient_iin == deaf).order_by(Message.id)).all()
    assert [m.kind for m in messages] == ["mandate_booking", "booking_confirmed", "booking_reminder",
                                          "booking_sent", "booking_no_interpreter"]
    signed_in(client, deaf)
    sms = ConsoleSms()
    deliver_outbox(session, registry(), sms, clock.utcnow())
    sent = [text for _phone, text in sms.sent]
    for message in messages:
        booking = declined if message.about == declined.reference else kept
        time = shown(booking.starts_at, message.language)
        assert time.endswith(booking.starts_at.strftime("%H:%M"))  # 09:00 or 09:30, not five hours later
        page = client.get(f"/{message.language}/interpreters/bookings/{booking.reference}")
        assert time in normal(text_of(page.doc.find(".//main")))
        body = in_language(message, message.language).body
        assert time in normal(body)
        assert any(time in normal(text) and body in text for text in sent)


def test_the_api_and_the_calendar_give_the_booking_as_kazakhstan_time(app, session, demo, deaf):
    from portal import moments
    from portal.bookings.calendar import ics_for

    booking = bookings.book(session, file=registry().person_file(deaf), booked_by_iin=deaf, mode="video",
                            purpose="hospital", address=None, notes=None, starts_at=next_monday(dt.time(9, 0)),
                            minutes=60, now=clock.now_local())[0]
    assert moments.iso(booking.starts_at) == f"{booking.starts_at:%Y-%m-%d}T09:00+05:00"
    with app.test_request_context("/kk/"):
        assert f"DTSTART:{booking.starts_at:%Y%m%d}T040000Z" in ics_for(booking).split("\r\n")


# From 19:00 to 24:00 UTC -------------------------------------------------------------------------

@pytest.fixture
def evening(time_machine):
    """20:00 UTC: already tomorrow in Kazakhstan. Returns (UTC's date, Kazakhstan's date)."""
    utc_day = clock.utcnow().date()
    time_machine.move_to(dt.datetime.combine(utc_day, dt.time(20, 0), tzinfo=dt.UTC), tick=False)
    return utc_day, utc_day + dt.timedelta(days=1)


def load(session, *people):
    assert import_people(session, [json.dumps(p, ensure_ascii=False) for p in people]).errors == []


def test_kazakhstans_date_is_the_portals_today(evening):
    utc_day, kazakhstan_day = evening
    assert clock.today() == kazakhstan_day != utc_day


def test_a_mandate_ending_on_utcs_date_has_ended_in_kazakhstan(app, session, demo, evening):
    utc_day, _ = evening
    adult = persona(demo, lambda p: p["decisions"] and not p["legal_representative_iin"])
    carer = persona(demo, lambda p: p["iin"] != adult and p["decisions"] and not p["legal_representative_iin"])
    session.add(Mandate(carer_iin=carer, person_iin=adult, scopes=["view"], starts_on=utc_day - dt.timedelta(days=10),
                        ends_on=utc_day, status="active"))
    session.commit()
    page = signed_in(app.test_client(), carer).get("/kk/acting-for")
    assert registry().find_person(adult).full_name not in text_of(page.doc.find(".//main"))
    assert carers.told_about(session, registry(), adult, "view") == [(registry().find_person(adult), None)]


def test_coming_of_age_and_reminders_count_kazakhstans_date(app, runner, session, demo, evening):
    _, kazakhstan_day = evening
    born = kazakhstan_day.replace(year=kazakhstan_day.year - 18) if (kazakhstan_day.month, kazakhstan_day.day) != (
        2, 29) else dt.date(kazakhstan_day.year - 18, 3, 1)
    parent, young = f.young_person(born, kazakhstan_day + dt.timedelta(days=30))
    load(session, parent, young)

    assert runner.invoke(args=["mandates", "coming-of-age"]).exit_code == 0
    told = session.scalars(select(Message.recipient_iin).where(Message.kind == "mandate_came_of_age")).all()
    assert young["iin"] in told
    assert access.resolve(session, parent["iin"], registry().find_person(young["iin"]), clock.today()) is None

    assert runner.invoke(args=["reminders", "queue"]).exit_code == 0
    reminder = session.scalar(select(Message).where(Message.about == f"MSE-Y-{young['iin']}"))
    # 30 days before the end in Kazakhstan (31 by UTC's date, when none is due), to the young adult.
    assert (reminder.days_before, reminder.recipient_iin) == (30, young["iin"])
    assert "30" in in_language(reminder, reminder.language).body


def test_a_statement_made_in_the_evening_is_dated_by_kazakhstans_date(client, session, demo, evening):
    _, kazakhstan_day = evening
    person = persona(demo, lambda p: p["decisions"])
    reference = new_reference()
    session.add(Statement(reference=reference, iin=person, decision_number=demo[person]["decisions"][0]["number"]))
    session.commit()
    page = client.get(f"/ru/verify?reference={reference}")
    assert normal(format_date(kazakhstan_day, "long", locale="ru")) in normal(text_of(page.doc.find(".//main")))
