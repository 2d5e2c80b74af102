"""Sign-language interpreters, bookings of their time, and the two guards the database keeps:
an interpreter's half hour is held by one booking at most, and a person's yearly hours are
never exceeded, however many bookings arrive at once."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal import vocabulary as v
from portal.extensions import db
from portal.models.second_factor import SecondFactor
from portal.models.types import UtcDateTime, coded, utcnow


class Interpreter(SecondFactor, db.Model):
    __tablename__ = "interpreter"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    full_name: Mapped[str] = mapped_column(String(200))
    region: Mapped[str] = mapped_column(coded("interpreter_region", v.REGIONS))
    languages: Mapped[list] = mapped_column(JSON)  # codes of vocabulary.INTERPRETER_LANGUAGES
    in_person: Mapped[bool] = mapped_column(default=True)
    video: Mapped[bool] = mapped_column(default=False)
    # Working hours, Kazakhstan time, Monday to Friday.
    work_starts: Mapped[dt.time] = mapped_column(default=dt.time(9, 0))
    work_ends: Mapped[dt.time] = mapped_column(default=dt.time(18, 0))
    active: Mapped[bool] = mapped_column(default=True)
    # Made or reset at the command line: the account chooses its own password before anything else.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())
    session_generation: Mapped[int] = mapped_column(default=0)


class Booking(db.Model):
    """Interpreter time a person booked. Times are Kazakhstan wall-clock time (one time zone,
    UTC+5, since 1 March 2024), stored without a zone."""

    __tablename__ = "booking"
    __table_args__ = (
        CheckConstraint("minutes > 0 AND minutes % 30 = 0", name="half_hours"),
        Index("ix_booking_interpreter_starts", "interpreter_id", "starts_at"),
        # One booking form sent twice (a double click) makes its bookings once; each sender's ids are
        # their own (an API client chooses its ids).
        UniqueConstraint("booked_by_iin", "submission_id", "starts_at", name="uq_booking_submission_once"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str | None] = mapped_column(String(20), unique=True)
    person_iin: Mapped[str] = mapped_column(String(12), index=True)
    booked_by_iin: Mapped[str] = mapped_column(String(12))
    region: Mapped[str] = mapped_column(coded("booking_region", v.REGIONS))
    interpreter_id: Mapped[int | None] = mapped_column(ForeignKey("interpreter.id"))
    mode: Mapped[str] = mapped_column(coded("booking_mode", v.BOOKING_MODES))
    purpose: Mapped[str] = mapped_column(coded("booking_purpose", v.BOOKING_PURPOSES))
    address: Mapped[str | None] = mapped_column(String(300))
    notes: Mapped[str | None] = mapped_column(Text)
    # The languages the interpreter must know; empty on bookings made before they were asked.
    sign_language: Mapped[str | None] = mapped_column(coded("booking_sign_language", v.SIGN_LANGUAGES))
    spoken_language: Mapped[str | None] = mapped_column(coded("booking_spoken_language", v.SPOKEN_LANGUAGES))
    starts_at: Mapped[dt.datetime]
    minutes: Mapped[int]
    status: Mapped[str] = mapped_column(coded("booking_status", v.BOOKING_STATUSES), default="requested")
    reason: Mapped[str | None] = mapped_column(Text)  # why no interpreter is available, for the person
    video_link: Mapped[str | None] = mapped_column(String(300))
    series: Mapped[str | None] = mapped_column(String(36), index=True)  # weekly bookings made together
    # The booking form's own id, as a request's: the same form sent again finds what it made.
    submission_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)

    interpreter: Mapped[Interpreter | None] = relationship()

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.minutes)


class BookingDecline(db.Model):
    """An interpreter who declined a booking: the booking is never offered to them again, so a
    booking cannot go back and forth between the same two interpreters."""

    __tablename__ = "booking_decline"
    __table_args__ = (UniqueConstraint("booking_id", "interpreter_id", name="uq_booking_decline_once"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("booking.id"), index=True)
    interpreter_id: Mapped[int] = mapped_column(ForeignKey("interpreter.id"))
    reason: Mapped[str] = mapped_column(Text)
    declined_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)


class InterpreterSlot(db.Model):
    """One half hour of an interpreter held by a booking: the unique key is the guard against
    double-booking, in the database, whatever the application does."""

    __tablename__ = "interpreter_slot"
    __table_args__ = (UniqueConstraint("interpreter_id", "starts_at", name="uq_interpreter_slot_once"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    interpreter_id: Mapped[int] = mapped_column(ForeignKey("interpreter.id"))
    starts_at: Mapped[dt.datetime]
    booking_id: Mapped[int] = mapped_column(ForeignKey("booking.id"), index=True)


class InterpreterQuota(db.Model):
    """A person's interpreter minutes for a calendar year: the CHECK is the guard against
    exceeding them, in the database; bookings charge it with one conditional UPDATE."""

    __tablename__ = "interpreter_quota"
    __table_args__ = (
        CheckConstraint("charged_minutes >= 0 AND charged_minutes <= granted_minutes", name="within_quota"),
    )

    person_iin: Mapped[str] = mapped_column(String(12), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    granted_minutes: Mapped[int]
    charged_minutes: Mapped[int] = mapped_column(default=0)
