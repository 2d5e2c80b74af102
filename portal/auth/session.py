"""The signed-in session: a signed cookie, rotated at sign-in, ended after 30 minutes idle,
and ended everywhere at once when the person asks."""

from __future__ import annotations

import datetime as dt
import functools
import time

from flask import Flask, current_app, g, redirect, request, session, url_for

from portal import audit
from portal.extensions import db
from portal.models import Account
from portal.models.types import utcnow


def idle_limit() -> int:
    """Seconds without a request after which the person is signed out."""
    return int(current_app.config["SESSION_IDLE_MINUTES"]) * 60


def sign_in(iin: str, method: str) -> None:
    account = db.session.get(Account, iin) or Account(iin=iin)
    account.last_signed_in_at = utcnow()
    db.session.add(account)
    audit.record("sign_in", actor_iin=iin, subject_iin=iin, detail=method)
    db.session.commit()
    # A fresh cookie with a fresh form token: nothing from before sign-in carries over.
    session.clear()
    session.permanent = True
    session.update(iin=iin, generation=account.session_generation, seen=int(time.time()))
    g.pop("signed_in_iin", None)


def sign_out() -> None:
    iin = current_iin()
    if iin:
        audit.record("sign_out", actor_iin=iin, subject_iin=iin)
        db.session.commit()
    session.clear()


def sign_out_everywhere() -> None:
    """End this and every other session of the person (another browser, a lost phone)."""
    iin = current_iin()
    if iin:
        account = db.session.get(Account, iin)
        account.session_generation += 1
        audit.record("sign_out_everywhere", actor_iin=iin, subject_iin=iin)
        db.session.commit()
    session.clear()


def current_iin() -> str | None:
    """The IIN of the signed-in person, or None; one query a request at most."""
    if "signed_in_iin" not in g:
        iin = session.get("iin")
        if iin:
            account = db.session.get(Account, iin)
            if account is None or account.session_generation != session.get("generation"):
                session.clear()
                iin = None
        g.signed_in_iin = iin
    return g.signed_in_iin


def login_required(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if current_iin() is None:
            timed_out = {"timed_out": 1} if g.get("session_timed_out") else {}
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?"), **timed_out))
        return view(*args, **kwargs)

    return wrapped


def safe_next(target: str | None, default: str) -> str:
    """Only a path on this site: an open redirect would let a fake page borrow our address.
    A control character is refused too: a line break cannot go into the Location header, and
    browsers drop a tab or newline, so "/\\t/evil.example" would lead off the site."""
    if (target and target.startswith("/") and not target.startswith("//") and "\\" not in target
            and not any(ord(character) < 0x20 or ord(character) == 0x7F for character in target)):
        return target
    return default


def init_app(app: Flask) -> None:
    @app.before_request
    def end_idle_sessions():
        if "seen" not in session:  # not signed in, in any role
            return
        now = int(time.time())
        if now - session.get("seen", 0) > idle_limit():
            session.clear()
            g.session_timed_out = True
        else:
            session["seen"] = now

    @app.context_processor
    def session_context():
        seconds = idle_limit()
        from portal.interpreters.session import interpreter_session
        from portal.staff.session import staff_session

        if g.get("database_unavailable"):
            # The page saying the database cannot be reached reads no account: the header goes
            # by the signed cookie alone, and the account pages it links to check it again.
            signed_in = {"signed_in_iin": session.get("iin"), "signed_in_staff": session.get(staff_session.key),
                         "signed_in_interpreter": session.get(interpreter_session.key)}
        else:
            signed_in = {"signed_in_iin": current_iin(), "signed_in_staff": staff_session.current(),
                         "signed_in_interpreter": interpreter_session.current()}
        return {
            **signed_in,
            "session_timeout_seconds": seconds,
            "session_ends_at": dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds),
        }
