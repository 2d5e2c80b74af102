"""The interpreters' own pages: sign-in, bookings offered to them, their calendar."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, session, url_for
from sqlalchemy import select

from portal.auth.routes import address_limit
from portal.bookings import services as bookings
from portal.bookings.forms import CancelBookingForm
from portal.extensions import db, limiter
from portal.interpreters import services
from portal.interpreters.forms import DeclineForm
from portal.interpreters.session import (
    current_interpreter,
    interpreter_required,
    interpreter_session,
    password_changed,
    sign_in_interpreter,
)
from portal.models import Booking
from portal.registry import registry

bp = Blueprint("interpreter", __name__, url_prefix="/<lang>/interpreter")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(address_limit, methods=["POST"])
@limiter.limit(interpreter_session.username_limit, key_func=interpreter_session.username_limit_key, methods=["POST"])
def login():
    return interpreter_session.sign_in_page(sign_in_interpreter, "interpreter.dashboard")


@bp.route("/password", methods=["GET", "POST"])
@interpreter_required
def password():
    return interpreter_session.password_page(password_changed, "interpreter.dashboard")


# The second factor after the password (portal/auth/roles.py, issue #26).
@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(address_limit, methods=["POST"])
@interpreter_session.second_factor_limited
def second_factor():
    return interpreter_session.second_factor_page(sign_in_interpreter)


@bp.route("/login/recovery-code", methods=["GET", "POST"])
@limiter.limit(address_limit, methods=["POST"])
@interpreter_session.second_factor_limited
def recovery_code():
    return interpreter_session.recovery_code_page(sign_in_interpreter)


@bp.route("/login/set-up", methods=["GET", "POST"])
@limiter.limit(address_limit, methods=["POST"])
@interpreter_session.second_factor_limited
def set_up_second_factor():
    return interpreter_session.set_up_page(sign_in_interpreter)


def my_booking(reference: str) -> Booking:
    booking = db.session.scalar(select(Booking).where(Booking.reference == reference))
    if booking is None or booking.interpreter_id != current_interpreter().id:
        abort(404)
    return booking


@bp.get("/")
@interpreter_required
def dashboard():
    me = current_interpreter()
    now = bookings.now_local()
    mine = services.work_of(db.session, me)
    return render_template(
        "interpreter/dashboard.html", me=me, done=request.args.get("done"),
        offered=[b for b in mine if b.status == "requested"],
        upcoming=[b for b in mine if b.status == "confirmed" and b.starts_at > now],
        to_record=[b for b in mine if b.status == "confirmed" and b.starts_at <= now],
        form=CancelBookingForm())


@bp.post("/bookings/<reference>/accept")
@interpreter_required
def accept(reference: str):
    booking = my_booking(reference)
    try:
        services.accept(db.session, registry(), booking, current_interpreter(),
                        room_url=current_app.config["VIDEO_ROOM_URL"])
    except bookings.BookingError:
        abort(409)
    return redirect(url_for("interpreter.dashboard", done="accepted"))


@bp.route("/bookings/<reference>/decline", methods=["GET", "POST"])
@interpreter_required
def decline(reference: str):
    booking = my_booking(reference)
    if booking.status != "requested":
        return redirect(url_for("interpreter.dashboard"))
    form = DeclineForm()
    if form.validate_on_submit():
        try:
            services.decline(db.session, registry(), booking, current_interpreter(), reason=form.reason.data)
        except bookings.BookingError:  # declined a moment ago (a double click), or released
            return redirect(url_for("interpreter.dashboard"))
        return redirect(url_for("interpreter.dashboard", done="declined"))
    return render_template("interpreter/decline.html", booking=booking, form=form)


@bp.post("/bookings/<reference>/outcome")
@interpreter_required
def outcome(reference: str):
    booking = my_booking(reference)
    try:
        services.record_outcome(db.session, booking, current_interpreter(), request.form.get("outcome", ""),
                                bookings.now_local(),
                                charge_no_show=current_app.config["INTERPRETER_CHARGE_LATE_CANCELLATIONS"])
    except bookings.BookingError:
        abort(409)
    return redirect(url_for("interpreter.dashboard", done="recorded"))


@bp.post("/logout")
def logout():
    session.clear()
    return redirect(url_for("interpreter.login"))
