"""Staff sessions: separate from citizens' (a staff member is never signed in as a person)."""

from __future__ import annotations

from portal import audit
from portal.auth.roles import RoleSession
from portal.extensions import db
from portal.models import StaffUser

staff_session = RoleSession("staff", StaffUser, "staff.login", "staff.password", actor="actor_staff_id")
current_staff = staff_session.current
staff_required = staff_session.required


def sign_in_staff(staff: StaffUser, method: str) -> None:
    audit.record("staff_sign_in", actor_iin=None, actor_staff_id=staff.id, subject_iin=None, detail=method)
    db.session.commit()
    staff_session.sign_in(staff)


def password_changed(staff: StaffUser) -> None:
    audit.record("staff_password_changed", actor_iin=None, actor_staff_id=staff.id, subject_iin=None)
