"""A person's interpreter pages: quota, free times, booking, their bookings, cancelling, .ics."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, url_for
from sqlalchemy import select

from portal import access, clock, drafts, limits
from portal.auth.session import current_iin, login_required
from portal.bookings import services
from portal.bookings.calendar import CANCELLED, ics_for
from portal.bookings.forms import (
    AvailabilityForm,
    BookingForm,
    CancelBookingForm,
    ConfirmBookingForm,
    booking_error,
    quota_message,
)
from portal.carers import acting
from portal.extensions import db
from portal.models import Booking, Interpreter
from portal.registry import registry

bp = Blueprint("bookings", __name__, url_prefix="/<lang>/interpreters")


def my_file():
    """(the authority, the file) of the person whose bookings are handled now: the "bookings" scope."""
    authority = acting.authorise("bookings", "interpreter bookings")
    return authority, access.person_file(authority, "interpreter bookings", scope="bookings")


def them(authority: access.Authority) -> str | None:
    """The person's name for sentences about them when someone else acts, as the pages' `them`."""
    return authority.name_in_text if authority.person_iin != current_iin() else None


def own_booking(reference: str) -> Booking:
    """A booking of the person whose matters are handled now, within the "bookings" scope."""
    booking = services.booking_of(db.session, acting.authorise("bookings", f"booking {reference}"), reference)
    if booking is None:
        abort(404)
    return booking


@bp.get("/")
@login_required
def index():
    authority, file = my_file()
    bookings = services.bookings_of(db.session, authority)
    return render_template("interpreters/index.html", quota=services.year_quota(db.session, authority, file),
                           bookings=bookings, now=services.now_local(),
                           term_ended_on=file.term_ended_on(clock.today()) if file else None)


@bp.get("/free-times")
@login_required
def availability():
    authority, file = my_file()
    form = AvailabilityForm(request.args)
    if not form.validate():
        form = AvailabilityForm()
    now = services.now_local()
    interpreters = services.interpreters_for(db.session, file.person.region, form.mode.data)
    days = [now.date() + dt.timedelta(days=n) for n in range(15)]
    earliest = now + services.MIN_NOTICE
    schedule = services.free_schedule(db.session, interpreters, [day for day in days if day.weekday() < 5], earliest)
    return render_template("interpreters/availability.html", form=form, schedule=schedule, interpreters=interpreters,
                           quota=services.year_quota(db.session, authority, file))


@bp.route("/book", methods=["GET", "POST"])
@login_required
def book():
    authority, file = my_file()
    if services.granted_minutes(file, clock.today()) is None:
        return render_template("interpreters/not_entitled.html", term_ended_on=file.term_ended_on(clock.today()))
    candidates = {i.id: i for i in services.interpreters_offered(db.session, file.person.region)}
    saved = drafted() if request.method == "GET" else None
    form = BookingForm(data={**services.usual_languages(file.person), **(saved or {})},
                       interpreters=candidates.values(), them=them(authority))
    if form.validate_on_submit():
        draft = {key: value for key, value in form.data.items() if key != "csrf_token"}
        drafts.save(db.session, current_iin(), file.person.iin, drafts.BOOKING,
                    {**draft, "starts_at": form.starts_at().isoformat(), "for": file.person.iin,
                     "submission_id": uuid.uuid4().hex})
        return redirect(url_for("bookings.check"))
    return render_template("interpreters/book.html", form=form, quota=services.year_quota(db.session, authority, file))


def drafted() -> dict | None:
    """The booking being prepared, if it is for the person whose matters are handled now."""
    return drafts.load(db.session, current_iin(), acting.subject_iin(), drafts.BOOKING)


def forget_draft() -> None:
    drafts.discard(db.session, current_iin(), acting.subject_iin(), drafts.BOOKING)


@bp.route("/book/check", methods=["GET", "POST"])
@login_required
@limits.bookings
def check():
    authority, file = my_file()
    draft = drafted()
    form = ConfirmBookingForm(them=them(authority))
    late_hours = services.late_cancellation_hours(current_app.config)
    if request.method == "POST":
        # Sent again after it went through (double click, refresh, back): show what it booked.
        made = services.submitted(db.session, form.submission_id.data, current_iin())
        if made:
            if draft and draft.get("submission_id") == form.submission_id.data:
                forget_draft()
            return redirect(url_for("bookings.detail", reference=made[0].reference, done="booked"))
    if not draft or "starts_at" not in draft or services.granted_minutes(file, clock.today()) is None:
        return redirect(url_for("bookings.book"))  # the booking page shows what was drafted
    starts_at = dt.datetime.fromisoformat(draft["starts_at"])  # as the booking form made it
    if request.method == "GET":
        form.submission_id.data = draft.get("submission_id")
    quota = services.year_quota(db.session, authority, file, starts_at.year)
    needed = draft["minutes"] * draft["weeks"]
    if needed > quota.left:
        form.form_errors.append(quota_message(quota.left, them(authority)))
    elif form.validate_on_submit():
        try:
            made = services.book(db.session, file=file, booked_by_iin=current_iin(), mode=draft["mode"],
                                 purpose=draft["purpose"], address=draft.get("address"), notes=draft.get("notes"),
                                 starts_at=starts_at, minutes=draft["minutes"], weeks=draft["weeks"],
                                 preferred_id=draft["interpreter"] or None, registry=registry(),
                                 submission_id=draft.get("submission_id"),
                                 horizon=services.horizon_months(current_app.config),
                                 sign_language=draft.get("sign_language"), spoken_language=draft.get("spoken_language"))
        except services.BookingError as failure:
            left = services.year_quota(db.session, authority, file, starts_at.year).left
            form.form_errors.append(quota_message(left, them(authority)) if failure.code == "quota"
                                    else booking_error(failure))
        else:
            # Only now: when the database failed above, the draft stays for booking again.
            forget_draft()
            return redirect(url_for("bookings.detail", reference=made[0].reference, done="booked"))
    preferred = db.session.get(Interpreter, draft["interpreter"]) if draft["interpreter"] else None
    return render_template("interpreters/check.html", form=form, draft=draft, starts_at=starts_at, quota=quota,
                           needed=needed, preferred=preferred,
                           late_hours=late_hours, charged_from=services.charged_from(starts_at, late_hours),
                           now=services.now_local())


@bp.get("/bookings/<reference>")
@login_required
def detail(reference: str):
    booking = own_booking(reference)
    series = db.session.scalars(select(Booking).where(Booking.series == booking.series).order_by(Booking.starts_at)
                                ).all() if booking.series else [booking]
    now = services.now_local()
    deadline = services.release_deadline(booking, services.release_hours_before(current_app.config))
    live = booking.status in services.ACTIVE
    # A room of its own to try the camera and microphone before the day.
    test_room = current_app.config["VIDEO_ROOM_URL"].format(room=f"test-{secrets.token_urlsafe(9)}") if (
        live and booking.mode == "video") else None
    return render_template("interpreters/detail.html", booking=booking, series=series, done=request.args.get("done"),
                           cancellable=live and booking.starts_at > now, live=live, test_room=test_room,
                           called_off=booking.status in CANCELLED,
                           release_deadline=deadline)


@bp.route("/bookings/<reference>/cancel", methods=["GET", "POST"])
@login_required
def cancel(reference: str):
    booking = own_booking(reference)
    now = services.now_local()
    late_hours = services.late_cancellation_hours(current_app.config)
    if booking.status not in services.ACTIVE or booking.starts_at <= now:
        return redirect(url_for("bookings.detail", reference=reference))
    if request.method == "POST" and CancelBookingForm().validate_on_submit():
        outcome = services.cancel(db.session, booking, by_iin=current_iin(), now=now, late_hours=late_hours)
        return redirect(url_for("bookings.detail", reference=reference, done=outcome))
    return render_template("interpreters/cancel.html", booking=booking, late=services.is_late(booking, now, late_hours),
                           late_hours=late_hours)


@bp.get("/bookings/<reference>.ics")
@login_required
def calendar_file(reference: str):
    booking = own_booking(reference)
    return Response(ics_for(booking), mimetype="text/calendar",
                    headers={"Content-Disposition": f'attachment; filename="{booking.reference}.ics"'})
