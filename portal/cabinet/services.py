"""Reading a person's file for the cabinet pages: who may see it, and the audit of every view."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from portal import audit, clock
from portal.models import Message, Statement
from portal.models.types import utcnow
from portal.carers.services import Authority, NotAllowed, require  # noqa: F401 (NotAllowed is part of this API)
from portal.registry import RegistryClient
from portal.registry.records import DecisionRecord, ItemRecord, PersonFile
from portal.rights.services import AID_KINDS

# Items a person orders themselves on the Social Services Portal once the programme lists them
# (aids and services ordered there since 1 January 2020, DOMAIN.md §3.2).
ORDERED_BY_THE_PERSON = AID_KINDS | {"sanatorium", "sign_language", "personal_assistant"}
REMINDER_DAYS = 30


def authorised_file(session: Session, registry: RegistryClient, *, viewer_iin: str, subject_iin: str,
                    what: str, today: dt.date | None = None,
                    scope: str = "view") -> tuple[Authority, PersonFile | None]:
    """The viewer's authority and the subject's registry file (themselves, or within a mandate with
    `scope`: a mandate for requests alone reads the file to send them), recorded in the audit log
    as `what`; NotAllowed otherwise. The authority says what else of the file the page may show."""
    authority = require(session, registry, viewer_iin, subject_iin, scope, today or clock.today(), what)
    file = registry.person_file(subject_iin)
    audit.record("view", actor_iin=viewer_iin, subject_iin=subject_iin, detail=what, session=session)
    session.commit()
    return authority, file


def person_file(session: Session, registry: RegistryClient, *, viewer_iin: str, subject_iin: str,
                what: str, today: dt.date | None = None, scope: str = "view") -> PersonFile | None:
    """The subject's registry file, as authorised_file reads it."""
    return authorised_file(session, registry, viewer_iin=viewer_iin, subject_iin=subject_iin, what=what,
                           today=today, scope=scope)[1]


@dataclass(frozen=True)
class ActionNeeded:
    item: ItemRecord
    reason: str  # "order" (order it yourself) or "overdue" (the due date has passed)


def actions_needed(file: PersonFile, today: dt.date) -> list[ActionNeeded]:
    """Programme items waiting for the person: ones to order, and planned ones past their date."""
    programme = file.current_programme
    if programme is None:
        return []
    needed = []
    for item in programme.items:
        if item.status != "planned":
            continue
        if item.due_date and item.due_date < today:
            needed.append(ActionNeeded(item, "overdue"))
        elif item.kind in ORDERED_BY_THE_PERSON:
            needed.append(ActionNeeded(item, "order"))
    return needed


def reexamination_soon(decision: DecisionRecord | None, today: dt.date) -> bool:
    due = decision and (decision.reexamination_date or decision.valid_until)
    return bool(due) and (due - today).days <= REMINDER_DAYS


def unread_messages(session: Session, iin: str) -> int:
    return session.scalar(
        select(func.count()).select_from(Message).where(Message.recipient_iin == iin, Message.read_at.is_(None))
    )


def messages_for(session: Session, iin: str) -> list[Message]:
    """The person's inbox, newest first; opening it marks every message read.

    One UPDATE marks them, and they are read after the commit: rows read before a commit are
    expired by it, and the page would read each message again, one query apiece."""
    session.execute(update(Message).where(Message.recipient_iin == iin, Message.read_at.is_(None))
                    .values(read_at=utcnow()).execution_options(synchronize_session=False))
    audit.record("view", actor_iin=iin, subject_iin=iin, detail="messages", session=session)
    session.commit()
    return list(session.scalars(
        select(Message).where(Message.recipient_iin == iin).order_by(Message.created_at.desc(), Message.id.desc())
    ))


# Statements ---------------------------------------------------------------------------------

# No 0/O or 1/I: a reference is read aloud over the phone and typed from paper.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def new_reference() -> str:
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"QJ-{code[:4]}-{code[4:]}"


def normalise_reference(text: str) -> str:
    letters = "".join(c for c in (text or "").upper() if c.isalnum())
    if letters.startswith("QJ"):
        letters = letters[2:]
    return f"QJ-{letters[:4]}-{letters[4:]}" if len(letters) == 8 else ""


def create_statement(session: Session, *, iin: str, decision: DecisionRecord) -> Statement:
    statement = Statement(reference=new_reference(), iin=iin, decision_number=decision.number)
    session.add(statement)
    audit.record("statement_created", actor_iin=iin, subject_iin=iin, detail=statement.reference, session=session)
    session.commit()
    return statement


def statement_for(session: Session, *, iin: str, reference: str) -> Statement | None:
    return session.scalar(select(Statement).where(Statement.reference == reference, Statement.iin == iin))


def verify_statement(session: Session, registry: RegistryClient, reference: str):
    """(statement, decision, person) for a reference anyone may check, or None."""
    statement = session.scalar(select(Statement).where(Statement.reference == normalise_reference(reference)))
    if statement is None:
        return None
    file = registry.person_file(statement.iin)
    decision = next((d for d in file.decisions if d.number == statement.decision_number), None) if file else None
    if decision is None:
        return None
    audit.record("statement_verified", actor_iin=None, subject_iin=statement.iin, detail=statement.reference,
                 session=session)
    session.commit()
    return statement, decision, file.person
