"""The audit log: every read of personal data and every action, with who acted and for whom."""

from __future__ import annotations

from flask import has_request_context, request
from sqlalchemy import insert

from portal.extensions import db
from portal.models import AuditEvent

INSERT = insert(AuditEvent.__table__)


def record(action: str, *, actor_iin: str | None, subject_iin: str | None, detail: str | None = None,
           actor_staff_id: int | None = None, actor_interpreter_id: int | None = None,
           actor_service: str | None = None, session=None) -> None:
    """Add an event to the caller's transaction (`session`, the request's by default); the caller
    commits it with its own work, so an action and its record stand or fall together.

    The actor is the one who acted: a person (`actor_iin`, a carer too when acting for someone, who
    is then the `subject_iin`), a member of staff, an interpreter, or a service reading the
    registry API; never the person acted for in their place."""
    (session or db.session).add(AuditEvent(**event(
        action, actor_iin=actor_iin, subject_iin=subject_iin, detail=detail, actor_staff_id=actor_staff_id,
        actor_interpreter_id=actor_interpreter_id, actor_service=actor_service)))


def event(action: str, *, actor_iin: str | None, subject_iin: str | None, detail: str | None = None,
          actor_staff_id: int | None = None, actor_interpreter_id: int | None = None,
          actor_service: str | None = None) -> dict:
    """An event's columns; its time is the column's default, the moment it is written."""
    return {
        "action": action,
        "actor_iin": actor_iin,
        "actor_staff_id": actor_staff_id,
        "actor_interpreter_id": actor_interpreter_id,
        "actor_service": actor_service,
        "subject_iin": subject_iin,
        "detail": detail[:200] if detail else None,
        "client_address": request.remote_addr if has_request_context() else None,
    }


def write(events: list[dict]) -> None:
    """Add events (`event`) to the request's transaction in one statement, without the ORM's
    bookkeeping: a page's reads are written on every page (portal/access.py)."""
    db.session.execute(INSERT, events)
