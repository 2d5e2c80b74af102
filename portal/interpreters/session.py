"""Interpreters' sessions, apart from citizens' and staff's."""

from __future__ import annotations

from portal import audit
from portal.auth.roles import RoleSession
from portal.extensions import db
from portal.models import Interpreter

interpreter_session = RoleSession("interpreter", Interpreter, "interpreter.login", "interpreter.password",
                                  actor="actor_interpreter_id")
current_interpreter = interpreter_session.current
interpreter_required = interpreter_session.required


def sign_in_interpreter(interpreter: Interpreter, method: str) -> None:
    audit.record("interpreter_sign_in", actor_iin=None, actor_interpreter_id=interpreter.id, subject_iin=None,
                 detail=f"interpreter {interpreter.id} {method}")
    db.session.commit()
    interpreter_session.sign_in(interpreter)


def password_changed(interpreter: Interpreter) -> None:
    audit.record("interpreter_password_changed", actor_iin=None, actor_interpreter_id=interpreter.id, subject_iin=None,
                 detail=f"interpreter {interpreter.id}")
