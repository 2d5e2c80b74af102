"""What the cabinet pages show beyond the registry file: actions needed, the inbox, statements."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from portal import access, audit, clock, handoffs
from portal.benefits import statement as benefit_statements
from portal.benefits.statement import BenefitsStated
from portal.models import AuditEvent, Message, Statement
from portal.models.types import utcnow
from portal.references import new_reference, normalise_reference
from portal.registry import RegistryClient
from portal.registry.records import DecisionRecord, ItemRecord, PersonFile, PersonRecord
from portal.requests.kinds import KINDS
from portal.requests.services import OpenRequest, open_requests
from portal.rights.services import AID_KINDS

# Items a person orders themselves on the Social Services Portal once the programme lists them
# (aids and services ordered there since 1 January 2020, DOMAIN.md §3.2).
ORDERED_BY_THE_PERSON = AID_KINDS | {"sanatorium", "sign_language", "personal_assistant"}
# One channel per item (issue #22, rule 11): what this portal itself does, the person does here.
DONE_HERE = {"sign_language": "book", "personal_assistant": "ask"}
SOCIAL_SERVICES_PORTAL = handoffs.SOCIAL_SERVICES_PORTAL
REMINDER_DAYS = 30


@dataclass(frozen=True)
class ActionNeeded:
    item: ItemRecord
    # "book" (an interpreter's hours, here), "ask" (a request, here), "order" (on the Social Services
    # Portal) or "overdue" (the due date has passed)
    reason: str


def actions_needed(file: PersonFile, today: dt.date) -> list[ActionNeeded]:
    """Programme items waiting for the person: ones to order, and planned ones past their date,
    while the programme is in force."""
    programme = file.programme_in_force(today)
    if programme is None:
        return []
    needed = []
    for item in programme.items:
        if item.status != "planned":
            continue
        if item.due_date and item.due_date < today:
            needed.append(ActionNeeded(item, "overdue"))
        elif item.kind in ORDERED_BY_THE_PERSON:
            needed.append(ActionNeeded(item, DONE_HERE.get(item.kind, "order")))
    return needed


# Aids that break or wear out and are replaced on request; hygiene aids are delivered, not replaced.
REPLACEABLE = AID_KINDS - {"hygiene"}


def next_step(item: ItemRecord) -> str:
    """What happens next with a programme item, by its status and kind (issue #23, point 4): the
    programme page says it in words, and `request_kind` links to it where this portal takes it."""
    if item.status != "planned":
        if item.status == "provided":
            return "replaceable" if item.kind in REPLACEABLE else "provided"
        return item.status  # "in_progress" or "not_provided"
    if item.payer == "employer":
        return "employer"
    if item.kind in DONE_HERE:
        return {"book": "book", "ask": "ask_here"}[DONE_HERE[item.kind]]
    return "order" if item.kind in ORDERED_BY_THE_PERSON else "contacted"


def request_kind(item: ItemRecord) -> str | None:
    """The journey of this portal that asks for the item ("booking" for interpreter hours), or None
    where the item is ordered elsewhere or needs nothing from the person: an aid not provided is
    asked of the department, a provided one replaced, a planned one ordered on the Social Services
    Portal (one channel for each, issue #22, rule 11)."""
    step = next_step(item)
    if step == "book":
        return "booking"
    if step == "ask_here":
        return item.kind
    if step == "replaceable":
        return "aid_replacement"
    if step == "not_provided" and item.payer != "employer":
        if item.kind in KINDS:  # sanatorium, personal assistant: the kind is the item's
            return item.kind
        return next((k.code for k in KINDS.values() if item.kind in k.item_kinds and item.status in k.item_statuses),
                    None)
    return None


def reexamination_soon(decision: DecisionRecord | None, today: dt.date) -> bool:
    due = decision and decision.reexamination_due
    return bool(due) and (due - today).days <= REMINDER_DAYS


@dataclass(frozen=True)
class TasksOf:
    """What waits for one person whose matters the signed-in person handles."""
    authority: access.Authority
    referral_due_on: dt.date | None  # the term ends soon: ask the polyclinic for a referral
    actions: list[ActionNeeded]
    to_answer: list[OpenRequest]  # their requests waiting for an answer or a promised document

    @property
    def any(self) -> bool:
        return bool(self.referral_due_on or self.actions or self.to_answer)


def tasks_of(session: Session, people: list[access.Authority], today: dt.date) -> list[TasksOf]:
    """The tasks of each person one acts for, for the home page of someone whose own file holds no
    decision: a parent lands on what waits for their children (issue #23, point 1). Each file read
    is recorded as any other."""
    found = []
    for authority in people:
        if not authority.allows("view"):
            continue
        file = access.person_file(authority, "entitlements")
        decision = file.latest_decision if file else None
        due = decision.reexamination_due if decision and reexamination_soon(decision, today) else None
        waiting = [r for r in open_requests(session, authority) if r.status == "more_info_needed"
                   or r.document_promised] if authority.allows("requests") else []
        found.append(TasksOf(authority, due, actions_needed(file, today) if file else [], waiting))
    return found


def unread_messages(session: Session, iin: str) -> int:
    return session.scalar(
        select(func.count()).select_from(Message).where(Message.recipient_iin == iin, Message.read_at.is_(None))
    )


def messages_for(session: Session, iin: str) -> list[Message]:
    """The person's inbox, newest first: theirs, whomever they act for. Opening it changes nothing
    but the audit log: a GET may be repeated, prefetched or opened by someone else's link, so
    messages are marked read by a POST (`mark_read`), and the unread count stays right until the
    person says they have read them."""
    access.note_own_read(iin, "messages")
    return list(session.scalars(
        select(Message).where(Message.recipient_iin == iin).order_by(Message.created_at.desc(), Message.id.desc())
    ))


def mark_read(session: Session, iin: str, up_to: int) -> None:
    """Mark the person's messages read, up to the newest one the page showed (`up_to`, a message
    id): one that arrived after the page was drawn stays unread."""
    session.execute(update(Message).where(Message.recipient_iin == iin, Message.read_at.is_(None), Message.id <= up_to)
                    .values(read_at=utcnow()).execution_options(synchronize_session=False))
    session.commit()


# Statements ---------------------------------------------------------------------------------

def create_statement(session: Session, *, iin: str, decision: DecisionRecord, by_iin: str) -> Statement:
    """A statement of the person `iin`, made by `by_iin`: themselves, or a carer acting for them,
    whom the audit names as the one who made it."""
    statement = Statement(reference=new_reference(), iin=iin, decision_number=decision.number)
    session.add(statement)
    audit.record("statement_created", actor_iin=by_iin, subject_iin=iin, detail=statement.reference, session=session)
    session.commit()
    return statement


# A statement is made and read to deal with an office for the person: not with a mandate to view.
STATEMENT_SCOPE = access.SCOPE_TO_SEE["statements"]


def statement_for(session: Session, authority: access.Authority, reference: str) -> Statement | None:
    """The person's statement with this reference, within the authority (a carer with a mandate to
    view learns of no reference: the scope is checked before the statement is looked for)."""
    access.check(authority, STATEMENT_SCOPE, "statement")
    found = session.scalar(select(Statement).where(Statement.reference == reference,
                                                   Statement.iin == authority.person_iin))
    if found is not None:
        access.note_read(authority, "statement")
    return found


@dataclass(frozen=True)
class CheckedStatement:
    """A genuine statement as /verify shows it. A statement of status shows its `decision`;
    `out_of_date_since` is the day from which it no longer shows the person's current status: a
    newer decision was made (`why` "superseded"), or the term of its decision ended ("expired");
    None while it still does. A statement of benefits shows what it says, `benefits`; `why` is
    "changed" when the registry no longer says the same of its months."""

    statement: Statement
    decision: DecisionRecord | None
    person: PersonRecord
    out_of_date_since: dt.date | None = None
    why: str | None = None
    benefits: BenefitsStated | None = None


def out_of_date(file: PersonFile, decision: DecisionRecord, today: dt.date) -> tuple[dt.date, str] | None:
    """(since when, why) a statement of `decision` no longer shows the current status, or None.
    A statement is a copy of a decision on the day it was made: a paper still "genuine" after the
    decision was replaced or ran out would prove a status the person no longer has."""
    reasons = []
    newer = file.decisions[:file.decisions.index(decision)]
    if newer:
        reasons.append((newer[-1].decision_date, "superseded"))  # the decision that came next
    if decision.valid_until is not None and decision.valid_until < today:
        reasons.append((decision.valid_until + dt.timedelta(days=1), "expired"))
    return min(reasons) if reasons else None


# What the audit log records when someone checks a statement, by its kind.
VERIFIED = {"status": "statement_verified", "benefits": "benefits_statement_verified"}


def checked_today(session: Session, statement: Statement) -> bool:
    """Whether the statement was checked already today (Kazakhstan's day): one reference checked
    many times a day (a page reloaded, a script) is recorded once a day, not once a check."""
    return session.scalar(select(AuditEvent.id).where(
        AuditEvent.subject_iin == statement.iin, AuditEvent.at >= clock.start_of_today(),
        AuditEvent.action == VERIFIED[statement.kind], AuditEvent.detail == statement.reference).limit(1)) is not None


def verify_statement(session: Session, registry: RegistryClient, reference: str,
                     today: dt.date | None = None) -> CheckedStatement | None:
    """The statement of a reference anyone may check, with whether it still shows the current
    status, or the benefits as the registry has them now; None when there is no such statement (or
    its decision, or its person, is no longer in the registry)."""
    statement = session.scalar(select(Statement).where(Statement.reference == normalise_reference(reference)))
    if statement is None:
        return None
    if statement.kind == benefit_statements.KIND:
        checked = checked_benefits(registry, statement)
    else:
        checked = checked_status(registry, statement, today or clock.today())
    if checked is not None and not checked_today(session, statement):
        audit.record(VERIFIED[statement.kind], actor_iin=None, subject_iin=statement.iin, detail=statement.reference,
                     session=session)
        session.commit()
    return checked


def checked_status(registry: RegistryClient, statement: Statement, today: dt.date) -> CheckedStatement | None:
    file = registry.person_file(statement.iin)
    decision = next((d for d in file.decisions if d.number == statement.decision_number), None) if file else None
    if decision is None:
        return None
    since, why = out_of_date(file, decision, today) or (None, None)
    return CheckedStatement(statement, decision, file.person, since, why)


def checked_benefits(registry: RegistryClient, statement: Statement) -> CheckedStatement | None:
    person = registry.find_person(statement.iin)
    if person is None:
        return None
    said = BenefitsStated.from_json(statement.content)
    why = None if benefit_statements.still_says(registry, statement.iin, said) else "changed"
    return CheckedStatement(statement, None, person, why=why, benefits=said)
