"""The signed-in session: a signed cookie naming a record kept on the server (portal/auth/records.py).
The cookie is rotated at sign-in; the record ends at sign-out (here or on every device), after
SESSION_IDLE_MINUTES without a request, and SESSION_ABSOLUTE_HOURS after sign-in whatever happens.
Persons, staff and interpreters share this one mechanism, each with a role of their own."""

from __future__ import annotations

import datetime as dt
import functools

from flask import Flask, current_app, g, redirect, request, session, url_for

from portal import audit, clock
from portal.auth import records
from portal.auth.role_registry import Role, register_role, registered_roles
from portal.display.account import follow_to_this_device
from portal.extensions import db
from portal.models import Account

# The cookie's only proof of sign-in: the key of the session's record.
SESSION_KEY = "sid"


def idle_limit() -> int:
    """Seconds without a request after which the person is signed out."""
    return int(current_app.config["SESSION_IDLE_MINUTES"]) * 60


def absolute_limit() -> dt.timedelta:
    """How long a session lasts after sign-in, however active."""
    return dt.timedelta(hours=float(current_app.config["SESSION_ABSOLUTE_HOURS"]))


def start_session(role: str, account: str, shown: dict) -> None:
    """Start a session of `role` for `account`, in the caller's transaction, which this commits.

    A fresh cookie with a fresh form token: nothing from before sign-in carries over, and the
    session the cookie named before ends (end_replaced_session). `shown` is what the header may
    show while the database cannot be reached; it proves nothing."""
    key = records.start(db.session, role, account, clock.utcnow())
    db.session.commit()
    session.clear()
    session.permanent = True
    session.update({SESSION_KEY: key, **shown})
    for cached in ("session_record", "signed_in_iin"):
        g.pop(cached, None)


def current_record() -> records.SignedIn | None:
    """The session's record while it works, or None; read once a request. A session that is over
    is taken out of the cookie, and one that ran out of time says so on the sign-in page."""
    if "session_record" not in g:
        g.session_record = None
        key = session.get(SESSION_KEY)
        if key:
            now = clock.utcnow()
            record = records.find(db.session, key)
            why = records.over(record, now, dt.timedelta(seconds=idle_limit()), absolute_limit()) if record else (
                records.Over.ENDED)
            if why is None:
                g.session_record = records.SignedIn(record.role, record.account, record.created_at,
                                                    record.unread_messages)
                if records.touch(db.session, record, now):
                    db.session.commit()
            else:
                session.clear()
                # The sign-in page says why: after a while idle, or at the longest a session lasts.
                g.session_timed_out = {records.Over.IDLE: "1", records.Over.ABSOLUTE: "absolute"}.get(why)
    return g.session_record


def sign_in(iin: str, method: str) -> None:
    account = db.session.get(Account, iin) or Account(iin=iin)
    account.last_signed_in_at = clock.utcnow()
    db.session.add(account)
    follow_to_this_device(account)  # the display settings saved to the account, on a new device
    audit.record("sign_in", actor_iin=iin, subject_iin=iin, detail=method)
    start_session(PERSON.name, iin, {PERSON.cookie_key: iin})


def sign_out() -> None:
    """End this session, in whichever role."""
    record = current_record()
    if record is not None:
        if record.role == "person":
            audit.record("sign_out", actor_iin=record.account, subject_iin=record.account)
        records.end(db.session, session[SESSION_KEY], clock.utcnow())
        db.session.commit()
    session.clear()


def sign_out_everywhere() -> None:
    """End this and every other session of the account (another browser, a lost phone), in
    whichever role it is signed in."""
    record = current_record()
    if record is not None:
        records.end_all(db.session, record.role, record.account, clock.utcnow())
        audit_sign_out_everywhere(record)
        db.session.commit()
    session.clear()


def audit_sign_out_everywhere(record: records.SignedIn) -> None:
    """Recorded as the role's sign-in is: a person by IIN, staff by id, an interpreter in the detail."""
    if record.role == "person":
        audit.record("sign_out_everywhere", actor_iin=record.account, subject_iin=record.account)
    elif record.role == "staff":
        audit.record("sign_out_everywhere", actor_iin=None, actor_staff_id=int(record.account), subject_iin=None)
    else:
        audit.record("sign_out_everywhere", actor_iin=None, subject_iin=None, detail=f"interpreter {record.account}")


def current_iin() -> str | None:
    """The IIN of the signed-in person, or None; one query a request at most."""
    if "signed_in_iin" not in g:
        record = current_record()
        g.signed_in_iin = record.account if record is not None and record.role == "person" else None
    return g.signed_in_iin


# Staff and interpreters register theirs through RoleSession (portal/auth/roles.py).
PERSON = Role("person", cookie_key="iin", template_variable="signed_in_iin", current=current_iin)
register_role(PERSON)


def ends_in_seconds() -> int | None:
    """Seconds until the signed-in session reaches its absolute end, for the warning before it
    (WCAG 2.2.1: an end that cannot be put off is announced too); None when no one is signed in."""
    record = g.get("session_record")
    if record is None:
        return None
    left = record.started_at + absolute_limit() - clock.utcnow()
    return max(0, int(left.total_seconds()))


def unread_messages() -> int | None:
    """How many of the signed-in person's own messages are unread, read with the session's row;
    None when no person is signed in (or the database could not be reached)."""
    record = g.get("session_record")
    return record.unread_messages if record is not None and record.role == PERSON.name else None


def timed_out_args() -> dict:
    """For the sign-in page's link: say that the session ran out of time, when it did."""
    return {"timed_out": g.session_timed_out} if g.get("session_timed_out") else {}


def login_required(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if current_iin() is None:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?"), **timed_out_args()))
        return view(*args, **kwargs)

    return wrapped


def signed_in_required(view):
    """Signed in in any role (a person, staff or an interpreter)."""
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if current_record() is None:
            return redirect(url_for("auth.login", **timed_out_args()))
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
    def note_incoming_session():
        g.incoming_session_key = session.get(SESSION_KEY)

    @app.after_request
    def end_replaced_session(response):
        """A record lives only while its cookie names it: whatever cleared or replaced the cookie's
        session in this request (any role's sign-out, a new sign-in, a session found over) ends
        the record on the server too, so the copy of the old cookie is worth nothing."""
        incoming = g.get("incoming_session_key")
        if incoming and session.get(SESSION_KEY) != incoming and not g.get("database_unavailable"):
            records.end(db.session, incoming, clock.utcnow())
            db.session.commit()
        return response

    @app.context_processor
    def session_context():
        """signed_in_iin, signed_in_staff, signed_in_interpreter: who is signed in, in each role."""
        if g.get("database_unavailable"):
            # The page saying the database cannot be reached reads no account: the header goes
            # by the signed cookie alone, and the account pages it links to check it again.
            signed_in = {role.template_variable: session.get(role.cookie_key) for role in registered_roles()}
        else:
            signed_in = {role.template_variable: role.current() for role in registered_roles()}
        return {**signed_in, "session_timeout_seconds": idle_limit(), "session_ends_in_seconds": ends_in_seconds(),
                "unread_messages": unread_messages()}
