"""Booking rules without HTTP: the quota, cancelling, accepting, declining, reminders, and the
database guards under concurrency."""

import datetime as dt
import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal import clock
from portal.bookings import services
from portal.bookings.calendar import ics_for
from portal.clock import KAZAKHSTAN
from portal.demo.interpreters import load_demo_interpreters
from portal.extensions import db
from portal.interpreters.services import accept, decline
from portal.models import Booking, BookingDecline, Interpreter, InterpreterQuota, InterpreterSlot, Message
from portal.notify.texts import in_language
from portal.registry import registry
from tests.conftest import items_of, persona
from tests.pagecheck import translated

NOW = dt.datetime(2026, 11, 23, 9, 0)  # a Monday morning, Kazakhstan time
MONDAY = dt.datetime(2026, 11, 30, 10, 0)


@pytest.fixture
def deaf(demo, session):
    load_demo_interpreters(session)
    return registry().person_file(persona(demo, lambda p: "sign_language" in items_of(p)))


@pytest.fixture
def aizhan(session, deaf):
    return session.scalar(select(Interpreter).where(Interpreter.username == "aizhan.seitkali"))


# Both Almaty interpreters know Russian sign language and Russian, so a meeting in Russian may go to
# either; only Айжан knows Kazakh sign language (tests/bookings/test_languages.py).
RUSSIAN = dict(sign_language="russian_sign", spoken_language="russian")


def book(session, file, starts_at=MONDAY, minutes=60, **kwargs):
    values = dict(booked_by_iin=file.person.iin, mode="in_person", purpose="hospital", address="Алматы, Абай 10",
                  notes=None, starts_at=starts_at, minutes=minutes, now=NOW, **RUSSIAN)
    return services.book(session, file=file, **{**values, **kwargs})


def quota(session, file, year=2026):
    return services.quota(session, file.person.iin, year, services.granted_minutes(file, clock.today()))


def test_the_programme_grants_60_hours_and_a_booking_takes_from_them(session, deaf):
    assert services.granted_minutes(deaf, clock.today()) == 60 * 60
    book(session, deaf, minutes=120)
    assert quota(session, deaf) == services.Quota(granted=3600, booked=120, used=0, left=3480)


def test_a_booking_past_the_quota_is_refused(session, deaf):
    row = services.quota_row(session, deaf.person.iin, 2026, 3600)
    row.charged_minutes = 3600 - 60
    session.commit()
    with pytest.raises(services.BookingError) as error:
        book(session, deaf, minutes=90)
    assert error.value.code == "quota"
    assert session.scalar(select(func.count()).select_from(Booking)) == 0


def test_weekly_bookings_are_all_or_nothing(session, deaf, aizhan):
    first_week = MONDAY + dt.timedelta(weeks=1)
    made = book(session, deaf, starts_at=first_week, weeks=4, preferred_id=aizhan.id)
    assert [b.starts_at for b in made] == [first_week + dt.timedelta(weeks=n) for n in range(4)]
    assert len({b.series for b in made}) == 1
    # A series a week earlier meets those in its second week: none of it is kept.
    with pytest.raises(services.BookingError) as error:
        book(session, deaf, starts_at=MONDAY, weeks=4, preferred_id=aizhan.id)
    assert error.value.code == "no_one_free"
    assert session.scalar(select(func.count()).select_from(Booking)) == 4
    assert quota(session, deaf).booked == 240


def test_an_interpreter_is_never_held_twice(session, deaf, aizhan):
    book(session, deaf, preferred_id=aizhan.id)
    with pytest.raises(services.BookingError):
        book(session, deaf, starts_at=MONDAY + dt.timedelta(minutes=30), preferred_id=aizhan.id)


def test_anyone_free_finds_the_other_interpreter(session, deaf, aizhan):
    first = book(session, deaf, minutes=60)[0]
    second = book(session, deaf, minutes=60)[0]
    assert first.interpreter_id != second.interpreter_id


@pytest.mark.parametrize("starts_at, code", [
    (NOW + dt.timedelta(hours=1), "too_soon"),
    (MONDAY.replace(minute=15), "half_hours"),
    (dt.datetime(2026, 11, 28, 10, 0), "no_one_free"),  # a Saturday
    (MONDAY.replace(hour=17, minute=30), "no_one_free"),  # would end after working hours
])
def test_impossible_times_are_refused(session, deaf, starts_at, code):
    with pytest.raises(services.BookingError) as error:
        book(session, deaf, starts_at=starts_at)
    assert error.value.code == code


def test_cancelling_in_time_gives_the_hours_back(session, deaf):
    booking = book(session, deaf)[0]
    assert services.cancel(session, booking, by_iin=deaf.person.iin, now=NOW, late_hours=24) == "cancelled"
    assert quota(session, deaf).left == 3600
    assert session.scalar(select(func.count()).select_from(InterpreterSlot)) == 0


def test_cancelling_late_uses_the_hours(session, deaf):
    booking = book(session, deaf)[0]
    accept(session, registry(), booking, booking.interpreter, room_url="https://video.example/{room}")
    late = MONDAY - dt.timedelta(hours=23)
    assert services.is_late(booking, late, 24)
    assert services.cancel(session, booking, by_iin=deaf.person.iin, now=late, late_hours=24) == "late_cancelled"
    assert quota(session, deaf) == services.Quota(granted=3600, booked=0, used=60, left=3540)


def test_cancelling_before_any_interpreter_accepted_never_uses_the_hours(session, deaf):
    """Issue #23, point 7: nobody's time was held, so nothing is charged, however late."""
    booking = book(session, deaf)[0]
    late = MONDAY - dt.timedelta(hours=1)
    assert not services.is_late(booking, late, 24)
    assert services.cancel(session, booking, by_iin=deaf.person.iin, now=late, late_hours=24) == "cancelled"
    assert quota(session, deaf).left == 3600


# Charging a late cancellation or a missed booking is the portal's policy, not the law's (issue
# #22, rule 2): a deployment may turn it off.

def test_with_the_policy_off_no_cancellation_is_late(app, session, deaf):
    app.config["INTERPRETER_CHARGE_LATE_CANCELLATIONS"] = False
    assert services.late_cancellation_hours(app.config) == 0
    booking = book(session, deaf)[0]
    late = MONDAY - dt.timedelta(hours=1)
    assert services.cancel(session, booking, by_iin=deaf.person.iin, now=late,
                           late_hours=services.late_cancellation_hours(app.config)) == "cancelled"
    assert quota(session, deaf).left == 3600


@pytest.mark.parametrize(("charged", "left"), [(True, 3540), (False, 3600)])
def test_a_missed_booking_uses_its_hours_only_under_the_policy(session, deaf, charged, left):
    from portal.interpreters.services import record_outcome

    booking = book(session, deaf, mode="video")[0]
    interpreter = session.get(Interpreter, booking.interpreter_id)
    accept(session, registry(), booking, interpreter, room_url="https://video.example/{room}")
    record_outcome(session, booking, interpreter, "no_show", MONDAY + dt.timedelta(hours=2), charge_no_show=charged)
    assert booking.status == "no_show" and quota(session, deaf).left == left


def test_accepting_confirms_and_tells_the_person(session, deaf):
    booking = book(session, deaf, mode="video")[0]
    interpreter = session.get(Interpreter, booking.interpreter_id)
    accept(session, registry(), booking, interpreter, room_url="https://video.example/{room}")
    assert booking.status == "confirmed" and booking.video_link.startswith("https://video.example/")
    message = session.scalar(select(Message).where(Message.kind == "booking_confirmed"))
    assert message.recipient_iin == deaf.person.iin and booking.reference in in_language(message, "kk").body


def test_declining_passes_it_to_another_free_interpreter(session, deaf, aizhan):
    booking = book(session, deaf, preferred_id=aizhan.id)[0]
    decline(session, registry(), booking, aizhan, reason="Ауырып қалдым.")
    assert booking.status == "requested" and booking.interpreter_id not in (None, aizhan.id)


def test_when_no_one_else_is_free_the_person_learns_at_once_and_gets_the_hours_back(session, deaf, aizhan):
    booking = book(session, deaf, preferred_id=aizhan.id)[0]
    for other in session.scalars(select(Interpreter).where(Interpreter.id != aizhan.id)):
        other.active = False
    decline(session, registry(), booking, aizhan, reason="Ауырып қалдым.")
    assert (booking.status, booking.reason, booking.interpreter_id) == ("no_interpreter", "Ауырып қалдым.", None)
    assert quota(session, deaf).left == 3600
    assert set(session.scalars(select(Message.kind))) == {"booking_sent", "booking_no_interpreter"}


def test_a_declined_booking_never_comes_back_to_an_interpreter_who_declined_it(session, deaf, aizhan):
    """The attack: Aizhan declines, the booking goes to Dmitry, Dmitry declines, and it went back
    to Aizhan. Now no one is left, so the person learns at once, in their language, and has the
    hours back."""
    booking = book(session, deaf, preferred_id=aizhan.id)[0]
    decline(session, registry(), booking, aizhan, reason="Ауырып қалдым.")
    dmitry = booking.interpreter
    assert booking.status == "requested" and dmitry.username == "dmitry.pak"
    assert quota(session, deaf).left == 3600 - 60
    decline(session, registry(), booking, dmitry, reason="Басқа кездесуім бар.")
    assert (booking.status, booking.interpreter_id, booking.reason) == ("no_interpreter", None, "Басқа кездесуім бар.")
    assert session.scalar(select(func.count()).select_from(InterpreterSlot)) == 0
    assert set(session.scalars(select(BookingDecline.interpreter_id))) == {aizhan.id, dmitry.id}
    assert quota(session, deaf).left == 3600
    [message] = session.scalars(select(Message).where(Message.kind != "booking_sent")).all()
    assert (message.kind, message.recipient_iin, message.about) == ("booking_no_interpreter", deaf.person.iin,
                                                                      booking.reference)
    language = deaf.person.preferred_language
    assert message.language == language
    # The interpreter's words come last, in a paragraph of their own (never mid-sentence).
    first, reason = in_language(message, language).body.split("\n\n")
    assert_says(first, language, "We could not find a free interpreter for %(when)s (booking %(reference)s). Your "
                "hours have been given back. You can book another time or by video.", reference=booking.reference)
    assert reason == translated(language, "The interpreter's reason: %(reason)s", reason="Басқа кездесуім бар.")


def test_a_booking_declined_by_everyone_cannot_be_declined_again(session, deaf, aizhan):
    booking = book(session, deaf, preferred_id=aizhan.id)[0]
    decline(session, registry(), booking, aizhan, reason="Ауырып қалдым.")
    dmitry = booking.interpreter
    decline(session, registry(), booking, dmitry, reason="Басқа кездесуім бар.")
    with pytest.raises(services.BookingError):
        decline(session, registry(), booking, aizhan, reason="Тағы да.")
    assert quota(session, deaf).left == 3600  # the hours came back once


# Releasing a booking nobody accepted --------------------------------------------------------------

def at_local(time_machine, moment: dt.datetime) -> None:
    """Set the portal's clock to a Kazakhstan wall-clock time (bookings are made "now" then)."""
    time_machine.move_to(moment.replace(tzinfo=KAZAKHSTAN), tick=False)


RELEASED = ("No interpreter accepted your booking %(reference)s for %(when)s in time, so we have cancelled it. "
            "Your hours have been given back. You can book another time or by video.")


def assert_says(body: str, language: str, message: str, **values) -> None:
    """The body is this sentence of the catalogue in the language, whatever the time looks like."""
    parts = translated(language, message, when="\0", **values).split("\0")
    assert len(parts) == 2 and body.startswith(parts[0]) and body.endswith(parts[1]), body


def released_messages(session) -> list[Message]:
    return session.scalars(select(Message).where(Message.kind == "booking_released")).all()


def test_a_booking_nobody_accepted_is_released_24_hours_before_and_the_person_told_once(session, deaf, time_machine):
    at_local(time_machine, NOW)
    booking = book(session, deaf)[0]
    assert services.release_unaccepted(session, registry(), MONDAY - dt.timedelta(hours=25), 24) == 0
    assert booking.status == "requested"
    assert services.release_unaccepted(session, registry(), MONDAY - dt.timedelta(hours=24), 24) == 1
    assert (booking.status, booking.interpreter_id) == ("released", None)
    assert quota(session, deaf).left == 3600
    assert session.scalar(select(func.count()).select_from(InterpreterSlot)) == 0
    assert services.release_unaccepted(session, registry(), MONDAY - dt.timedelta(hours=2), 24) == 0
    [message] = released_messages(session)
    language = deaf.person.preferred_language
    assert (message.recipient_iin, message.about, message.language) == (deaf.person.iin, booking.reference, language)
    assert_says(in_language(message, language).body, language, RELEASED, reference=booking.reference)


def test_a_confirmed_booking_is_never_released(session, deaf, time_machine):
    at_local(time_machine, NOW)
    booking = book(session, deaf)[0]
    accept(session, registry(), booking, booking.interpreter, room_url="{room}")
    assert services.release_unaccepted(session, registry(), MONDAY - dt.timedelta(hours=1), 24) == 0
    assert booking.status == "confirmed" and released_messages(session) == []


def test_a_booking_made_at_short_notice_has_half_its_time_to_be_accepted(session, deaf, time_machine):
    at_local(time_machine, NOW)
    booking = book(session, deaf, starts_at=NOW + dt.timedelta(hours=4))[0]
    assert services.release_deadline(booking, 24) == NOW + dt.timedelta(hours=2)
    assert services.release_unaccepted(session, registry(), NOW + dt.timedelta(hours=1), 24) == 0
    assert services.release_unaccepted(session, registry(), NOW + dt.timedelta(hours=2), 24) == 1


def test_a_released_booking_can_no_longer_be_accepted_or_cancelled(session, deaf, time_machine):
    at_local(time_machine, NOW)
    booking = book(session, deaf)[0]
    interpreter = booking.interpreter
    services.release_unaccepted(session, registry(), MONDAY - dt.timedelta(hours=3), 24)
    with pytest.raises(services.BookingError):
        accept(session, registry(), booking, interpreter, room_url="{room}")
    with pytest.raises(services.BookingError):
        services.cancel(session, booking, by_iin=deaf.person.iin, now=MONDAY - dt.timedelta(hours=3), late_hours=24)
    assert booking.status == "released" and quota(session, deaf).left == 3600


def test_the_release_job_releases_by_the_portal_clock_and_setting(app, session, deaf, runner, time_machine):
    at_local(time_machine, NOW)
    booking = book(session, deaf)[0]
    app.config["BOOKING_RELEASE_HOURS_BEFORE"] = 48
    at_local(time_machine, MONDAY - dt.timedelta(hours=49))
    assert runner.invoke(args=["bookings", "release"]).output.strip() == "0 bookings released"
    at_local(time_machine, MONDAY - dt.timedelta(hours=47))
    assert runner.invoke(args=["bookings", "release"]).output.strip() == "1 bookings released"
    assert runner.invoke(args=["bookings", "release"]).output.strip() == "0 bookings released"
    session.expire_all()
    assert booking.status == "released" and len(released_messages(session)) == 1


# The booking horizon --------------------------------------------------------------------------------

@pytest.mark.parametrize("today, months, last", [
    (dt.date(2026, 11, 23), 6, dt.date(2027, 5, 23)),
    (dt.date(2026, 8, 31), 6, dt.date(2027, 2, 28)),  # no 31 February: the month's last day
    (dt.date(2027, 8, 31), 6, dt.date(2028, 2, 29)),
    (dt.date(2026, 12, 15), 1, dt.date(2027, 1, 15)),
    (dt.date(2026, 12, 15), 12, dt.date(2027, 12, 15)),
])
def test_the_horizon_is_the_same_day_months_on(today, months, last):
    assert services.horizon_end(today, months) == last


def test_a_weekly_series_into_the_year_9999_is_refused_and_nothing_written(session, deaf):
    with pytest.raises(services.BookingError) as error:
        book(session, deaf, starts_at=dt.datetime(9998, 12, 28, 10, 0), weeks=8)  # a Monday
    assert (error.value.code, error.value.details["last_day"]) == ("horizon", dt.date(2027, 5, 23))
    assert session.scalar(select(func.count()).select_from(Booking)) == 0
    assert session.scalar(select(func.count()).select_from(InterpreterQuota)) == 0


def test_a_series_may_end_on_the_last_day_of_the_horizon_and_not_a_week_after(session, deaf):
    last_day = dt.datetime(2027, 6, 23, 10, 0)  # a Wednesday, 7 months after NOW
    with pytest.raises(services.BookingError) as error:
        book(session, deaf, starts_at=last_day - dt.timedelta(weeks=6), weeks=8, horizon=7)
    assert error.value.code == "horizon"
    made = book(session, deaf, starts_at=last_day - dt.timedelta(weeks=7), weeks=8, horizon=7)
    assert made[-1].starts_at == last_day


def test_a_reminder_24_hours_before_once(session, deaf):
    booking = book(session, deaf)[0]
    accept(session, registry(), booking, session.get(Interpreter, booking.interpreter_id), room_url="{room}")
    assert services.queue_reminders(session, registry(), MONDAY - dt.timedelta(hours=25)) == 0
    assert services.queue_reminders(session, registry(), MONDAY - dt.timedelta(hours=23)) == 1
    assert services.queue_reminders(session, registry(), MONDAY - dt.timedelta(hours=2)) == 0


def test_the_calendar_file_follows_rfc_5545(app, session, deaf):
    booking = book(session, deaf)[0]
    with app.test_request_context("/kk/"):
        text = ics_for(booking)
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and "DTSTART:20261130T050000Z" in lines and "DTEND:20261130T060000Z" in lines
    assert all(len(line.encode()) <= 75 for line in lines)
    assert "LOCATION:Алматы\\, Абай 10" in text


def test_the_calendar_file_escapes_a_bare_cr_and_drops_other_control_characters(app, session, deaf):
    """A bare CR in the address ended the line for some calendars: what followed it became a
    property of its own (here an attendee)."""
    booking = book(session, deaf)[0]
    booking.address = "Алматы, Абай 10\rATTENDEE:mailto:someone@example.com\nқабат 2\x01\x07\x1b\x7f\x85\u2028;\t"
    with app.test_request_context("/kk/"):
        text = ics_for(booking)
    lines = text.replace("\r\n ", "").split("\r\n")  # unfolded (RFC 5545 §3.1)
    assert not any(ch in line for line in lines for ch in "\r\n\x01\x07\x1b\x7f\x85\u2028")
    assert not any(line.startswith("ATTENDEE") for line in lines)
    assert ("LOCATION:Алматы\\, Абай 10\\nATTENDEE:mailto:someone@example.com\\nқабат 2\\n\\n\\;\t"
            in lines)


def test_twenty_bookings_at_once_never_double_book_or_pass_the_quota(app, deaf, aizhan):
    """20 concurrent bookings of the same person and the same interpreter, 60 minutes each, for
    overlapping times, against a quota with room for 5 of them.

    How we checked that the guards matter, on PostgreSQL: with the UNIQUE (interpreter_id,
    starts_at) key dropped, this test found the interpreter held twice for the same half hours
    (10 slots, 6 distinct); with the conditional UPDATE replaced by a read-then-write in Python and
    the CHECK dropped, it found 300 minutes booked but only 60 charged (lost updates), so the
    quota would have been passed.
    """
    row = services.quota_row(db.session, deaf.person.iin, 2026, 3600)
    row.charged_minutes = 3600 - 300  # five hours left
    db.session.commit()
    starts = [MONDAY + dt.timedelta(minutes=30 * (n % 10)) for n in range(20)]
    interpreter_id = aizhan.id
    barrier, outcomes = threading.Barrier(20), []
    db.session.rollback()  # this thread holds no lock while the twenty run

    def attempt(starts_at):
        with app.app_context(), Session(db.engine) as own:
            barrier.wait()
            try:
                book(own, deaf, starts_at=starts_at, preferred_id=interpreter_id)
                outcomes.append("booked")
            except services.BookingError as error:
                outcomes.append(error.code)
            except Exception as error:  # noqa: BLE001 - any other failure fails the assertions below
                outcomes.append(repr(error))

    threads = [threading.Thread(target=attempt, args=(s,)) for s in starts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db.session.expire_all()
    assert len(outcomes) == 20 and set(outcomes) <= {"booked", "quota", "no_one_free"}, outcomes
    assert outcomes.count("booked") >= 1
    slots = db.session.execute(select(InterpreterSlot.starts_at).where(InterpreterSlot.interpreter_id == interpreter_id)).all()
    assert len(slots) == len(set(slots))
    charged = db.session.scalar(select(InterpreterQuota.charged_minutes))
    booked = db.session.scalar(select(func.sum(Booking.minutes)))
    assert charged == 3300 + booked <= 3600
    assert outcomes.count("booked") * 60 == booked
