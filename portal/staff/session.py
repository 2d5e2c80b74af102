"""Staff sessions: separate from citizens' (a staff member is never signed in as a person)."""

from __future__ import annotations

import functools
import time

from flask import g, redirect, request, session, url_for

from portal import audit
from portal.extensions import db
from portal.models import StaffUser


def sign_in_staff(staff: StaffUser, method: str) -> None:
    audit.record("staff_sign_in", actor_iin=None, actor_staff_id=staff.id, subject_iin=None, detail=method)
    db.session.commit()
    session.clear()
    session.permanent = True
    session.update(staff_id=staff.id, staff_generation=staff.session_generation, seen=int(time.time()))
    g.pop("staff", None)


def current_staff() -> StaffUser | None:
    if "staff" not in g:
        staff = None
        if session.get("staff_id"):
            staff = db.session.get(StaffUser, session["staff_id"])
            if staff is None or not staff.active or staff.session_generation != session.get("staff_generation"):
                session.clear()
                staff = None
        g.staff = staff
    return g.staff


def staff_required(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if current_staff() is None:
            timed_out = {"timed_out": 1} if g.get("session_timed_out") else {}
            return redirect(url_for("staff.login", next=request.full_path.rstrip("?"), **timed_out))
        return view(*args, **kwargs)

    return wrapped
