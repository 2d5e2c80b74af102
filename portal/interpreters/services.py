"""What an interpreter does with the bookings offered to them: see them, accept or decline one, and
record afterwards whether the person came. The booking rules they rely on (holding and releasing an
interpreter's half hours, giving hours back, telling the person) are portal.bookings.services."""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal import audit
from portal.bookings.services import (
    ACTIVE,
    BookingError,
    give_back,
    interpreters_for,
    knows,
    locked,
    offer,
    refund,
    release,
    tell,
)
from portal.models import Booking, BookingDecline, Interpreter
from portal.registry import RegistryClient


def accept(session: Session, registry: RegistryClient, booking: Booking, interpreter: Interpreter, *,
           room_url: str) -> None:
    locked(session, booking)
    if booking.interpreter_id != interpreter.id or booking.status != "requested":
        raise BookingError("not_yours")
    booking.status = "confirmed"
    if booking.mode == "video":
        booking.video_link = room_url.format(room=secrets.token_urlsafe(12))
    audit.record("booking_confirmed", actor_iin=None, actor_interpreter_id=interpreter.id,
                 subject_iin=booking.person_iin, detail=booking.reference, session=session)
    tell(session, registry, booking, "confirmed")
    session.commit()


def decline(session: Session, registry: RegistryClient, booking: Booking, interpreter: Interpreter, *,
            reason: str) -> None:
    """The interpreter cannot come: another free interpreter who has not declined it takes it, or,
    when none is left, the person learns at once and gets the hours back. Whoever declined is
    recorded, so the booking never comes back to them (it went back and forth between two)."""
    locked(session, booking)
    if booking.interpreter_id != interpreter.id or booking.status != "requested":
        raise BookingError("not_yours")
    session.add(BookingDecline(booking_id=booking.id, interpreter_id=interpreter.id, reason=reason.strip()))
    release(session, booking)
    session.flush()
    declined = set(session.scalars(select(BookingDecline.interpreter_id).where(BookingDecline.booking_id == booking.id)))
    others = [i for i in interpreters_for(session, booking.region, booking.mode)
              if i.id not in declined and knows(i, booking.sign_language, booking.spoken_language)]
    if offer(session, booking, others):
        audit.record("booking_reassigned", actor_iin=None, actor_interpreter_id=interpreter.id,
                     subject_iin=booking.person_iin, detail=booking.reference, session=session)
        session.commit()
        return
    booking.reason = reason.strip()
    give_back(session, registry, booking, "no_interpreter", actor_interpreter_id=interpreter.id)
    session.commit()


def work_of(session: Session, interpreter: Interpreter) -> list[Booking]:
    """The bookings an interpreter's dashboard shows (offered to them, or accepted), by start.

    Each one shows a person's purpose, address and notes, so each person whose bookings the
    interpreter sees gets one event in the audit log naming the interpreter. The events are
    committed before the bookings are read: a commit expires the rows read before it, and the
    page would read each booking again, one query apiece."""
    shown = (Booking.interpreter_id == interpreter.id, Booking.status.in_(ACTIVE))
    for person_iin in session.scalars(select(Booking.person_iin).where(*shown).distinct().order_by(Booking.person_iin)):
        audit.record("view", actor_iin=None, actor_interpreter_id=interpreter.id, subject_iin=person_iin,
                     detail="interpreter bookings", session=session)
    session.commit()
    return list(session.scalars(select(Booking).where(*shown).order_by(Booking.starts_at, Booking.id)))


def record_outcome(session: Session, booking: Booking, interpreter: Interpreter, outcome: str, now: dt.datetime,
                   charge_no_show: bool = True) -> None:
    """The interpreter says how it went. A missed booking uses its hours only under the portal's
    policy (INTERPRETER_CHARGE_LATE_CANCELLATIONS), which is not the law's."""
    if booking.interpreter_id != interpreter.id or booking.status != "confirmed" or booking.starts_at > now:
        raise BookingError("not_yours")
    if outcome not in ("completed", "no_show"):
        raise BookingError("outcome")
    booking.status = outcome
    if outcome == "no_show" and not charge_no_show:
        refund(session, booking)
    audit.record(f"booking_{outcome}", actor_iin=None, actor_interpreter_id=interpreter.id,
                 subject_iin=booking.person_iin, detail=booking.reference, session=session)
    session.commit()
