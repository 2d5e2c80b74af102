"""Booking interpreter time. Two rules hold however many bookings arrive at once, because the
database keeps them: an interpreter's half hour goes to one booking (unique key on
interpreter_slot), and a person's yearly minutes are never exceeded (one conditional UPDATE of
interpreter_quota, with a CHECK behind it)."""

from __future__ import annotations

import datetime as dt
import uuid
from calendar import monthrange
from dataclasses import dataclass

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal import access, audit, moments
from portal.carers import services as carers
from portal.clock import wall_clock
from portal.clock import now_local  # the bookings' clock, read through this module by its callers
from portal.models import Booking, Interpreter, InterpreterQuota, InterpreterSlot, Message
from portal.registry import RegistryClient
from portal.registry.records import PersonFile, PersonRecord
from portal.registry.rules import current_rules
from portal.rights.services import sign_language

HALF_HOUR = dt.timedelta(minutes=30)
ACTIVE = ("requested", "confirmed")
CHARGED = ("requested", "confirmed", "late_cancelled", "completed", "no_show")
MAX_WEEKS = 8
MIN_NOTICE = dt.timedelta(hours=2)
HORIZON_MONTHS = 6  # the default of BOOKING_HORIZON_MONTHS


class BookingError(Exception):
    def __init__(self, code: str, **details):
        super().__init__(code)
        self.code, self.details = code, details


@dataclass(frozen=True)
class Quota:
    granted: int  # minutes a year
    booked: int  # minutes of bookings still to come
    used: int  # minutes that took place, or were cancelled late, or missed
    left: int


# The quota -------------------------------------------------------------------------------------

def granted_minutes(file: PersonFile | None, today: dt.date) -> int | None:
    """Minutes a year the programme in force grants; None when it grants no sign-language
    specialist, or its term has ended."""
    entitlement = sign_language(file.programme_in_force(today), current_rules().sign_language_hours_default) if file else None
    return entitlement.hours_per_year * 60 if entitlement else None


def quota_row(session: Session, iin: str, year: int, granted: int) -> InterpreterQuota:
    row = session.get(InterpreterQuota, (iin, year))
    if row is None:
        try:
            with session.begin_nested():
                row = InterpreterQuota(person_iin=iin, year=year, granted_minutes=granted, charged_minutes=0)
                session.add(row)
        except IntegrityError:  # created a moment ago by a parallel booking
            row = session.get(InterpreterQuota, (iin, year))
    elif row.granted_minutes != granted and granted >= row.charged_minutes:
        row.granted_minutes = granted  # the programme changed
    return row


def quota(session: Session, iin: str, year: int, granted: int) -> Quota:
    """The year's minutes, charged and still to come, read in one query: the cabinet's first page
    and every booking page show them."""
    charged = select(InterpreterQuota.charged_minutes).where(
        InterpreterQuota.person_iin == iin, InterpreterQuota.year == year).scalar_subquery()
    booked = select(func.coalesce(func.sum(Booking.minutes), 0)).where(
        Booking.person_iin == iin, Booking.status.in_(ACTIVE),
        Booking.starts_at >= dt.datetime(year, 1, 1), Booking.starts_at < dt.datetime(year + 1, 1, 1)).scalar_subquery()
    charged, booked = session.execute(select(func.coalesce(charged, 0), booked)).one()
    return Quota(granted=granted, booked=booked, used=charged - booked, left=max(granted - charged, 0))


def charge(session: Session, iin: str, year: int, granted: int, minutes: int) -> None:
    """Take minutes from the year's quota in one statement, or refuse; the row lock and the
    condition make two parallel bookings see each other."""
    quota_row(session, iin, year, granted)
    session.flush()
    taken = session.execute(
        update(InterpreterQuota)
        .where(InterpreterQuota.person_iin == iin, InterpreterQuota.year == year,
               InterpreterQuota.charged_minutes + minutes <= InterpreterQuota.granted_minutes)
        .values(charged_minutes=InterpreterQuota.charged_minutes + minutes)
        .execution_options(synchronize_session=False)
    ).rowcount
    if taken != 1:
        raise BookingError("quota")


def refund(session: Session, booking: Booking) -> None:
    session.execute(
        update(InterpreterQuota)
        .where(InterpreterQuota.person_iin == booking.person_iin, InterpreterQuota.year == booking.starts_at.year)
        .values(charged_minutes=InterpreterQuota.charged_minutes - booking.minutes)
        .execution_options(synchronize_session=False))


# Free times ------------------------------------------------------------------------------------

def interpreters_for(session: Session, region: str, mode: str) -> list[Interpreter]:
    """In person: interpreters of the person's region. By video: any interpreter who works by video."""
    query = select(Interpreter).where(Interpreter.active.is_(True))
    query = query.where(Interpreter.video.is_(True)) if mode == "video" else query.where(
        Interpreter.in_person.is_(True), Interpreter.region == region)
    return list(session.scalars(query.order_by(Interpreter.full_name)))


def interpreters_offered(session: Session, region: str) -> list[Interpreter]:
    """Everyone `interpreters_for` gives in either mode, in one query (the booking form offers both)."""
    return list(session.scalars(select(Interpreter).where(
        Interpreter.active.is_(True),
        or_(Interpreter.video.is_(True), and_(Interpreter.in_person.is_(True), Interpreter.region == region)))
        .order_by(Interpreter.full_name)))


def usual_languages(person) -> dict[str, str]:
    """The sign language and the spoken language a booking asks for until the person chooses
    others: those that go with the language the person reads the portal in."""
    if person.preferred_language == "ru":
        return {"sign_language": "russian_sign", "spoken_language": "russian"}
    return {"sign_language": "kazakh_sign", "spoken_language": "kazakh"}


def knows(interpreter: Interpreter, sign_language: str | None, spoken_language: str | None) -> bool:
    """Whether the interpreter knows the booking's languages (a booking made before they were
    asked names none, and anyone will do)."""
    return {sign_language, spoken_language} - {None} <= set(interpreter.languages)


def half_hours(starts_at: dt.datetime, minutes: int) -> list[dt.datetime]:
    return [starts_at + HALF_HOUR * i for i in range(minutes // 30)]


def works_then(interpreter: Interpreter, starts_at: dt.datetime, minutes: int) -> bool:
    ends_at = starts_at + dt.timedelta(minutes=minutes)
    return (starts_at.weekday() < 5 and starts_at.date() == (ends_at - dt.timedelta(seconds=1)).date()
            and interpreter.work_starts <= starts_at.time() and ends_at.time() <= interpreter.work_ends
            and ends_at.time() != dt.time(0, 0))


def held(session: Session, interpreter_ids: list[int], first: dt.datetime, last: dt.datetime) -> set[tuple[int, dt.datetime]]:
    rows = session.execute(select(InterpreterSlot.interpreter_id, InterpreterSlot.starts_at).where(
        InterpreterSlot.interpreter_id.in_(interpreter_ids), InterpreterSlot.starts_at >= first,
        InterpreterSlot.starts_at < last))
    return {(i, s) for i, s in rows}


def free_schedule(session: Session, interpreters: list[Interpreter], days: list[dt.date], after: dt.datetime
                  ) -> list[tuple[dt.date, list[tuple[Interpreter, list[tuple[dt.time, dt.time]]]]]]:
    """(day, free stretches of each interpreter) for each day, from one query of the half hours
    held on all the days together rather than one query a day."""
    if not days:
        return []
    first = dt.datetime.combine(min(days), dt.time(0, 0))
    last = dt.datetime.combine(max(days), dt.time(0, 0)) + dt.timedelta(days=1)
    taken = held(session, [i.id for i in interpreters], first, last)
    return [(day, free_periods(interpreters, day, after, taken)) for day in days]


def free_periods(interpreters: list[Interpreter], day: dt.date, after: dt.datetime,
                 taken: set[tuple[int, dt.datetime]]) -> list[tuple[Interpreter, list[tuple[dt.time, dt.time]]]]:
    """For each interpreter, the free stretches of a day, as (from, to) times; `taken` holds the
    (interpreter id, half hour) pairs already booked. A page shows two weeks of a region's
    interpreters, thousands of half hours: each is looked at once, and a stretch becomes times
    only when it ends."""
    result = []
    for interpreter in interpreters:
        periods: list[tuple[dt.time, dt.time]] = []
        own = interpreter.id  # read once: a mapped attribute costs more than a local in this loop
        if day.weekday() < 5:
            slot = dt.datetime.combine(day, interpreter.work_starts)
            end = dt.datetime.combine(day, interpreter.work_ends)
            free_since = None
            while slot < end:
                if slot >= after and (own, slot) not in taken:
                    free_since = free_since or slot
                elif free_since:
                    periods.append((free_since.time(), slot.time()))
                    free_since = None
                slot += HALF_HOUR
            if free_since:
                periods.append((free_since.time(), slot.time()))
        result.append((interpreter, periods))
    return result


# Booking ---------------------------------------------------------------------------------------

def new_reference(booking: Booking) -> str:
    return f"SL-{booking.starts_at.year}-{booking.id:06d}"


def hold(session: Session, booking: Booking, interpreter: Interpreter) -> None:
    """Hold the interpreter's half hours for the booking; BookingError("taken") when another
    booking holds any of them (the database refuses the second one)."""
    booking.interpreter_id = interpreter.id
    try:
        with session.begin_nested():
            session.add_all([InterpreterSlot(interpreter_id=interpreter.id, starts_at=slot, booking_id=booking.id)
                             for slot in half_hours(booking.starts_at, booking.minutes)])
    except IntegrityError:
        raise BookingError("taken") from None


def release(session: Session, booking: Booking) -> None:
    session.execute(delete(InterpreterSlot).where(InterpreterSlot.booking_id == booking.id))


def offer(session: Session, booking: Booking, candidates: list[Interpreter]) -> bool:
    """Hold the first of the candidates who works then and is free; False when none is."""
    for interpreter in candidates:
        if not works_then(interpreter, booking.starts_at, booking.minutes):
            continue
        try:
            hold(session, booking, interpreter)
        except BookingError:
            continue
        return True
    return False


def locked(session: Session, booking: Booking) -> Booking:
    """The booking read again under a row lock, so that of two changes at once (the interpreter
    accepts while the release job releases it, the person cancels while it is declined) the
    second sees the first and its hours are given back once."""
    session.refresh(booking, with_for_update=True)
    return booking


# The booking horizon ---------------------------------------------------------------------------

def horizon_months(config) -> int:
    return int(config["BOOKING_HORIZON_MONTHS"])


def horizon_end(today: dt.date, months: int) -> dt.date:
    """The last day that can be booked: the same day `months` months on (the month's last day when
    it is shorter), so a weekly series cannot run on for years."""
    index = today.month - 1 + months
    year, month = today.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(today.day, monthrange(year, month)[1]))


def within_horizon(first_day: dt.date, weeks: int, last_day: dt.date) -> bool:
    """Whether every week of a booking falls on or before `last_day` (counted back from it, as a
    date near the year 9999 plus the weeks does not exist)."""
    return first_day <= last_day - dt.timedelta(weeks=weeks - 1)


def book(session: Session, *, file: PersonFile, booked_by_iin: str, mode: str, purpose: str, address: str | None,
         notes: str | None, starts_at: dt.datetime, minutes: int, weeks: int = 1,
         preferred_id: int | None = None, now: dt.datetime | None = None,
         registry: RegistryClient | None = None, submission_id: str | None = None,
         horizon: int = HORIZON_MONTHS, sign_language: str | None = None,
         spoken_language: str | None = None) -> list[Booking]:
    """Book one time, or the same time for several weeks: all of them, or none, and only up to
    `horizon` months ahead, with an interpreter who knows the sign language and the spoken language
    (by default, those of the person's own language). The same `submission_id` sent again (a
    double click) returns the bookings it made the first time.

    Booked by a carer, the bookings and the message telling the person of them are committed
    together (the `registry` names the carer), so neither is kept without the other."""
    if booked_by_iin != file.person.iin and registry is None:
        raise ValueError("a booking made on someone's behalf needs the registry, to tell the person")
    made = submitted(session, submission_id, booked_by_iin)
    if made:
        return made
    now = now or now_local()
    granted = granted_minutes(file, now.date())
    if granted is None:
        raise BookingError("term_ended" if file.term_ended_on(now.date()) else "not_entitled")
    if minutes <= 0 or minutes % 30 or starts_at.minute % 30 or starts_at.second:
        raise BookingError("half_hours")
    if starts_at < now + MIN_NOTICE:
        raise BookingError("too_soon")
    if not 1 <= weeks <= MAX_WEEKS:
        raise BookingError("weeks")
    last_day = horizon_end(now.date(), horizon)
    if not within_horizon(starts_at.date(), weeks, last_day):
        raise BookingError("horizon", last_day=last_day, months=horizon)
    person = file.person
    usual = usual_languages(person)
    sign_language = sign_language or usual["sign_language"]
    spoken_language = spoken_language or usual["spoken_language"]
    offered = interpreters_for(session, person.region, mode)
    if preferred_id is not None:
        offered = [i for i in offered if i.id == preferred_id]
        if offered and not knows(offered[0], sign_language, spoken_language):
            raise BookingError("languages")
    candidates = [i for i in offered if knows(i, sign_language, spoken_language)]
    series = str(uuid.uuid4()) if weeks > 1 else None
    bookings = []
    try:
        per_year: dict[int, int] = {}
        for week in range(weeks):
            when = starts_at + dt.timedelta(weeks=week)
            per_year[when.year] = per_year.get(when.year, 0) + minutes
        for year, total in sorted(per_year.items()):
            charge(session, person.iin, year, granted, total)
        for week in range(weeks):
            when = starts_at + dt.timedelta(weeks=week)
            booking = Booking(person_iin=person.iin, booked_by_iin=booked_by_iin, region=person.region, mode=mode,
                              purpose=purpose, address=address if mode == "in_person" else None,
                              notes=notes or None, sign_language=sign_language, spoken_language=spoken_language,
                              starts_at=when, minutes=minutes, series=series,
                              submission_id=submission_id)
            session.add(booking)
            session.flush()
            booking.reference = new_reference(booking)
            if not offer(session, booking, candidates):
                raise BookingError("no_one_free", when=when)
            audit.record("booking_requested", actor_iin=booked_by_iin, subject_iin=person.iin, detail=booking.reference,
                         session=session)
            bookings.append(booking)
        if booked_by_iin != person.iin:
            carers.tell_done_on_behalf(session, registry, person.iin, "booking", booked_by_iin, bookings[0].reference,
                                       starts_at=bookings[0].starts_at)
        confirm(session, bookings, person if booked_by_iin == person.iin else registry.find_person(booked_by_iin),
                None if booked_by_iin == person.iin else person)
        session.commit()
    except BookingError:
        session.rollback()
        raise
    except IntegrityError:
        # The same form, sent at the same moment, made its bookings first (PostgreSQL waits for it).
        session.rollback()
        made = submitted(session, submission_id, booked_by_iin)
        if not made:
            raise
        return made
    return bookings


def confirm(session: Session, bookings: list[Booking], sender: PersonRecord | None, about: PersonRecord | None) -> None:
    """A confirmation the one who booked keeps, in the inbox and by text message, with the
    reference and what happens next (issue #23, point 9); a weekly series is one booking form."""
    if sender is None:
        return
    first = bookings[0]
    params = {"reference": first.reference, "starts_at": moments.iso(first.starts_at), "weeks": len(bookings)}
    if about is not None:
        params["name"] = about.full_name
    session.add(Message(recipient_iin=sender.iin, kind="booking_sent", about=first.reference,
                        language=sender.preferred_language, params=params))


def submitted(session: Session, submission_id: str | None, booked_by_iin: str) -> list[Booking]:
    """The bookings one booking form made, by whoever sent it, earliest first; none without an id."""
    if not submission_id:
        return []
    return list(session.scalars(select(Booking).where(Booking.submission_id == submission_id,
                                                      Booking.booked_by_iin == booked_by_iin)
                                .order_by(Booking.starts_at)))


# Reading -------------------------------------------------------------------------------------------

def year_quota(session: Session, authority: access.Authority, file: PersonFile | None,
               year: int | None = None) -> Quota | None:
    """The person's interpreter hours of `year` (this year by default), within the authority; None
    when their programme grants no sign-language specialist."""
    access.check(authority, "bookings", "interpreter quota")
    today = now_local().date()
    granted = granted_minutes(file, today)
    if granted is None:
        return None
    return quota(session, authority.person_iin, year or today.year, granted)


def bookings_of(session: Session, authority: access.Authority) -> list[Booking]:
    """The person's bookings, latest first, within the authority."""
    access.check(authority, "bookings", "interpreter bookings")
    access.note_read(authority, "interpreter bookings")
    return list(session.scalars(select(Booking).where(Booking.person_iin == authority.person_iin)
                                .order_by(Booking.starts_at.desc(), Booking.id.desc())))


def to_book_again(session: Session, authority: access.Authority, now: dt.datetime) -> list[Booking]:
    """The person's bookings still ahead that no interpreter can take (none free, or none accepted
    in time): a task on the home page, to book another time or by video (issue #23, point 2)."""
    access.check(authority, "bookings", "interpreter bookings")
    return list(session.scalars(select(Booking).where(
        Booking.person_iin == authority.person_iin, Booking.status.in_(("no_interpreter", "released")),
        Booking.starts_at > now).order_by(Booking.starts_at)))


def booking_of(session: Session, authority: access.Authority, reference: str) -> Booking | None:
    """The person's booking with this reference, within the authority; None for anyone else's."""
    access.check(authority, "bookings", f"booking {reference}")
    booking = session.scalar(select(Booking).where(Booking.reference == reference,
                                                   Booking.person_iin == authority.person_iin))
    if booking is not None:
        access.note_read(authority, f"booking {reference}")
    return booking


# After booking -----------------------------------------------------------------------------------

def late_cancellation_hours(config) -> int:
    """How close to the start a cancellation uses the hours; 0 (never) when the portal's policy of
    charging late cancellations and missed bookings is off (INTERPRETER_CHARGE_LATE_CANCELLATIONS)."""
    return int(config["INTERPRETER_LATE_CANCELLATION_HOURS"]) if config["INTERPRETER_CHARGE_LATE_CANCELLATIONS"] else 0


def is_late(booking: Booking, now: dt.datetime, late_hours: int) -> bool:
    """Whether cancelling now uses the hours: only once an interpreter has accepted the booking
    (their time is held), and only within `late_hours` of the start. A booking nobody has
    accepted yet is always cancelled for free (issue #23, point 7)."""
    return booking.status == "confirmed" and booking.starts_at - now < dt.timedelta(hours=late_hours)


def charged_from(starts_at: dt.datetime, late_hours: int) -> dt.datetime | None:
    """From when cancelling an accepted booking uses its hours; None when it never does."""
    if not late_hours:
        return None
    notice = dt.timedelta(hours=late_hours)
    return starts_at - notice if starts_at - dt.datetime.min > notice else dt.datetime.min


def cancel(session: Session, booking: Booking, *, by_iin: str, now: dt.datetime, late_hours: int) -> str:
    """Cancel; in time, or before an interpreter accepted, the hours come back; late they are used
    (the page said so first)."""
    locked(session, booking)
    if booking.status not in ACTIVE or booking.starts_at <= now:
        raise BookingError("not_cancellable")
    release(session, booking)
    if is_late(booking, now, late_hours):
        booking.status = "late_cancelled"
    else:
        booking.status = "cancelled"
        refund(session, booking)
    audit.record(f"booking_{booking.status}", actor_iin=by_iin, subject_iin=booking.person_iin, detail=booking.reference,
                 session=session)
    session.commit()
    return booking.status


def give_back(session: Session, registry: RegistryClient, booking: Booking, status: str, *,
              actor_interpreter_id: int | None = None) -> None:
    """No interpreter will come: the booking ends, the hours return to the year's quota, and the
    person is told in the same transaction. The audit names the interpreter whose decline ended it."""
    release(session, booking)
    booking.interpreter_id = None
    booking.status = status
    refund(session, booking)
    audit.record(f"booking_{status}", actor_iin=None, actor_interpreter_id=actor_interpreter_id,
                 subject_iin=booking.person_iin, detail=booking.reference, session=session)
    tell(session, registry, booking, status)


# Releasing bookings nobody accepted --------------------------------------------------------------

def release_hours_before(config) -> int:
    return int(config["BOOKING_RELEASE_HOURS_BEFORE"])


def release_deadline(booking: Booking, hours_before: int) -> dt.datetime:
    """When a booking no interpreter has accepted is released: `hours_before` its start, so the
    person still has time to arrange another; a booking made with less notice than that gets
    half of the time it had, so it is not released the moment it is made."""
    made = wall_clock(booking.created_at)
    return max(booking.starts_at - dt.timedelta(hours=hours_before), made + (booking.starts_at - made) / 2)


def release_unaccepted(session: Session, registry: RegistryClient, now: dt.datetime, hours_before: int) -> int:
    """Release each booking still waiting for an interpreter once its deadline has come: its hours
    come back and the person is told, once (a released booking is no longer waiting)."""
    waiting = session.scalars(select(Booking).where(
        Booking.status == "requested", Booking.starts_at <= now + dt.timedelta(hours=hours_before))
        .order_by(Booking.starts_at, Booking.id)).all()
    released = 0
    for booking in waiting:
        if release_deadline(booking, hours_before) > now:
            continue
        locked(session, booking)
        if booking.status != "requested":  # accepted, cancelled or released a moment ago
            continue
        give_back(session, registry, booking, "released")
        session.commit()
        released += 1
    return released


def tell(session: Session, registry: RegistryClient, booking: Booking, what: str) -> int:
    """Tell the person (or whoever `carers.told_about` names) through the outbox and inbox; not
    whoever happened to book. Returns how many messages were written."""
    written = 0
    params = {"reference": booking.reference, "what": what, "starts_at": moments.iso(booking.starts_at)}
    if what == "no_interpreter" and booking.reason:
        # The interpreter's words, as written; the language they wrote in is not known.
        params["reason"] = booking.reason
    for recipient, about in carers.told_about(session, registry, booking.person_iin, "bookings"):
        if what == "reminder" and reminded(session, booking, recipient.iin):
            continue
        session.add(Message(recipient_iin=recipient.iin, kind=f"booking_{what}", about=booking.reference,
                            days_before=1 if what == "reminder" else None, language=recipient.preferred_language,
                            params=params | ({"name": about.full_name} if about else {})))
        written += 1
    return written


def reminded(session: Session, booking: Booking, recipient_iin: str) -> bool:
    return session.scalar(select(Message.id).where(Message.kind == "booking_reminder", Message.about == booking.reference,
                                                   Message.recipient_iin == recipient_iin)) is not None


def queue_reminders(session: Session, registry: RegistryClient, now: dt.datetime) -> int:
    """A reminder for each confirmed booking starting within 24 hours, once."""
    soon = session.scalars(select(Booking).where(
        Booking.status == "confirmed", Booking.starts_at > now, Booking.starts_at <= now + dt.timedelta(hours=24))).all()
    added = sum(tell(session, registry, booking, "reminder") for booking in soon)  # once to each (`reminded`)
    session.commit()
    return added
