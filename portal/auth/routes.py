"""Sign-in, one question per page: the IIN, then the code; or a demo persona in demo mode.
Every POST here carries the CSRF token (CSRFProtect checks it before the view runs)."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal import access, background, clock
from portal.auth import codes
from portal.auth.guesses import WrongCodes, address_digest, iin_digest
from portal.auth.forms import CodeForm, IINForm
from portal.auth.session import (current_iin, current_record, safe_next, sign_in, sign_out, sign_out_everywhere,
                                 signed_in_required)
from portal.extensions import db, limiter
from portal.interpreters.session import current_interpreter, sign_in_interpreter
from portal.models import Interpreter, StaffUser
from portal.staff.session import current_staff, sign_in_staff

bp = Blueprint("auth", __name__, url_prefix="/<lang>")

CODE_CHECK_ERRORS = {
    codes.Check.WRONG: _l("The code is not right. Check the text message and type the code again"),
    codes.Check.EXPIRED: _l("This code has expired. Ask for a new code"),
    codes.Check.LOCKED: _l("You have typed a wrong code 5 times. Ask for a new code"),
}


def address_limit() -> str:
    return current_app.config["SIGN_IN_LIMIT_PER_ADDRESS"]


def address_and_iin_limit() -> str:
    return current_app.config["SIGN_IN_LIMIT_PER_ADDRESS_AND_IIN"]


def iin_asked_for() -> str:
    """The IIN a sign-in attempt is about: the one typed on /login, and on /login/code the one the
    session holds, never a form field (an extra `iin` field would give each guess a fresh count)."""
    if request.endpoint == "auth.login":
        return "".join(c for c in request.form.get("iin", "") if c.isdigit())
    return session.get("pending_iin", "")


def address_and_iin() -> str:
    """The key of the limit per address and IIN: a stranger elsewhere cannot use up the owner's."""
    return f"{request.remote_addr}/{iin_digest(current_app.secret_key, iin_asked_for())}"


def is_demo_button() -> bool:
    """A demo persona's button guesses nothing (and works only in demo mode): no limit counts it."""
    return request.endpoint == "auth.login" and "persona" in request.form and current_app.config["PORTAL_DEMO"]


def wrong_codes(iin: str) -> WrongCodes:
    return WrongCodes(limiter.storage, request.remote_addr, iin_digest(current_app.secret_key, iin))


def code_asked_at() -> dt.datetime | None:
    asked = session.get("code_asked_at")
    return dt.datetime.fromtimestamp(asked, dt.UTC) if isinstance(asked, int) else None


# /login and /login/code count together, per address and per address and IIN.
sign_in_attempts = [
    limiter.shared_limit(address_limit, scope="sign-in-address", methods=["POST"], exempt_when=is_demo_button),
    limiter.shared_limit(address_and_iin_limit, scope="sign-in-address-iin", key_func=address_and_iin,
                         methods=["POST"], exempt_when=is_demo_button),
]


def counted_as_sign_in_attempt(view):
    for limit in sign_in_attempts:
        view = limit(view)
    return view


def timed_out_reason(given: str | None) -> str | None:
    """Why the last session ended, from the sign-in link: "1" idle, "absolute" at its longest."""
    return given if given in ("1", "absolute") else None


def demo_personas() -> list[dict]:
    from portal.demo.personas import demo_people

    return demo_people(clock.today()) if current_app.config["PORTAL_DEMO"] else []


def demo_accounts(model, demo_list) -> list:
    """The demo accounts of a role (staff or interpreters) that exist, in the demo's order."""
    if not current_app.config["PORTAL_DEMO"]:
        return []
    usernames = [username for username, *_ in demo_list]
    found = db.session.scalars(select(model).where(model.username.in_(usernames))).all()
    return sorted(found, key=lambda account: usernames.index(account.username))


def demo_staff() -> list:
    from portal.demo.staff import DEMO_STAFF

    return demo_accounts(StaffUser, DEMO_STAFF)


def demo_interpreters() -> list:
    from portal.demo.interpreters import DEMO_INTERPRETERS

    return demo_accounts(Interpreter, DEMO_INTERPRETERS)


# A demo button "role:username" signs in as that account and goes to the role's home page.
DEMO_ROLES = {
    "staff": (demo_staff, sign_in_staff, "staff.queue"),
    "interpreter": (demo_interpreters, sign_in_interpreter, "interpreter.dashboard"),
}


def demo_role_sign_in(role: str, username: str):
    accounts, sign_in_as, home = DEMO_ROLES[role]
    account = next((a for a in accounts() if a.username == username), None)
    if account is None:
        abort(400)
    sign_in_as(account, "demo")
    return redirect(url_for(home))


def finish_sign_in(iin: str, method: str):
    """Sign in and go where the person was heading; a carer first chooses whose matters to handle."""
    heading = session.pop("next", None)
    sign_in(iin, method)
    if access.people_acted_for(iin):
        return redirect(url_for("carers.choose"))
    return redirect(safe_next(heading, url_for("cabinet.entitlements")))


@bp.route("/login", methods=["GET", "POST"])
@counted_as_sign_in_attempt
def login():
    if current_iin():
        return redirect(url_for("cabinet.entitlements"))
    if request.method == "GET" and "next" in request.args:
        session["next"] = safe_next(request.args["next"], "")
    personas = demo_personas()
    if request.method == "POST" and "persona" in request.form:
        # Demo mode only: one button a persona (DESIGN.md, fixed interfaces), staff included.
        chosen = request.form["persona"]
        role, _, username = chosen.partition(":")
        if username and role in DEMO_ROLES and current_app.config["PORTAL_DEMO"]:
            return demo_role_sign_in(role, username)
        if chosen not in {p["iin"] for p in personas}:
            abort(400)
        return finish_sign_in(chosen, "demo")
    form = IINForm(data={"iin": session.get("pending_iin")} if request.method == "GET" else None)
    if form.validate_on_submit():
        ask_for_code(form.iin.data)
        return redirect(url_for("auth.code"))
    return render_template("auth/login.html", form=form, personas=personas, staff_personas=demo_staff(),
                           interpreter_personas=demo_interpreters(),
                           timed_out=g.get("session_timed_out") or timed_out_reason(request.args.get("timed_out")))


def ask_for_code(iin: str) -> None:
    """The same steps for every IIN, registered or not: the code is made and sent, if at all,
    after the response (portal/background.py), and the count of wrong codes starts again."""
    session["pending_iin"] = iin
    session["code_asked_at"] = int(clock.utcnow().timestamp())
    wrong_codes(iin).forget()
    background.later("portal.send_sign_in_code", iin, address_digest(current_app.secret_key, request.remote_addr))


@bp.route("/login/code", methods=["GET", "POST"])
@counted_as_sign_in_attempt
def code():
    iin = session.get("pending_iin")
    if not iin:
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        result = codes.check_code(db.session, wrong_codes(iin), iin=iin, code=form.code.data,
                                  asked_at=code_asked_at(), secret_key=current_app.secret_key, now=clock.utcnow())
        if result is codes.Check.OK:
            return finish_sign_in(iin, "sms_code")
        form.code.errors.append(CODE_CHECK_ERRORS[result])
    return render_template("auth/code.html", form=form, iin=iin)


@bp.post("/logout")
def logout():
    sign_out()
    return redirect(url_for("auth.signed_out"))


@bp.post("/logout/everywhere")
@signed_in_required
def logout_everywhere():
    role = current_record().role
    sign_out_everywhere()
    return redirect(url_for("auth.signed_out", everywhere=1, **({} if role == "person" else {"role": role})))


# Where each role signs in again.
LOGIN_ENDPOINTS = {"person": "auth.login", "staff": "staff.login", "interpreter": "interpreter.login"}


@bp.get("/signed-out")
def signed_out():
    role = request.args.get("role", "person")
    return render_template("auth/signed_out.html", everywhere=request.args.get("everywhere") == "1",
                           with_password=role != "person", login_url=url_for(LOGIN_ENDPOINTS.get(role, "auth.login")))


@bp.post("/session/extend")
def extend_session():
    # The request itself renews the session (portal.auth.session.end_idle_sessions).
    if current_staff():
        return redirect(safe_next(request.form.get("next"), url_for("staff.queue")))
    if current_interpreter():
        return redirect(safe_next(request.form.get("next"), url_for("interpreter.dashboard")))
    if not current_iin():
        return redirect(url_for("auth.login", timed_out=1))
    return redirect(safe_next(request.form.get("next"), url_for("cabinet.entitlements")))
