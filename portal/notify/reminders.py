"""Re-examination reminders: queued into the outbox 30 and 7 days before a term ends, never
twice for the same decision, point and recipient; put into words when shown (portal/notify/texts.py)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.carers.services import told_about
from portal.models import Message
from portal.registry import RegistryClient
from portal.registry.records import DecisionRecord, PersonRecord

REMINDER_POINTS = (30, 7)  # days before the term ends


def reminder_point(days_left: int) -> int | None:
    """Which reminder is due with this many days left: the 7-day one inside a week, else the 30-day one."""
    due = [point for point in REMINDER_POINTS if 0 <= days_left <= point]
    return min(due) if due else None


def queue_reexamination_reminders(session: Session, registry: RegistryClient, today: dt.date) -> int:
    """Queue the reminders due today; return how many were added. Safe to run any number of times a day:
    a missed day is caught up, and a reminder already queued is never queued again."""
    added = 0
    for person, decision in registry.terms_ending(today, today + dt.timedelta(days=max(REMINDER_POINTS))):
        days_left = (decision.reexamination_due - today).days
        point = reminder_point(days_left)
        # The person, or a child's representative, and carers with a mandate to see the status:
        # one rule for every message about a person (carers.told_about), on the reminder's day.
        for recipient, _about in told_about(session, registry, person.iin, "view", today):
            exists = session.scalar(select(Message.id).where(
                Message.kind == "reexamination_reminder", Message.about == decision.number,
                Message.days_before == point, Message.recipient_iin == recipient.iin))
            if exists:
                continue
            message = reminder_message(recipient, person, decision, days_left)
            message.days_before = point
            try:
                with session.begin_nested():
                    session.add(message)
            except IntegrityError:
                continue  # another process queued it a moment ago
            added += 1
    session.commit()
    return added


def reminder_message(recipient: PersonRecord, person: PersonRecord, decision: DecisionRecord,
                     days_left: int) -> Message:
    """The reminder, addressed to the person, or about them to their representative (portal/notify/texts.py)."""
    params = {"days_left": days_left, "ends_on": decision.reexamination_due.isoformat()}
    if recipient.iin != person.iin:
        params["name"] = person.full_name
    return Message(recipient_iin=recipient.iin, kind="reexamination_reminder", about=decision.number,
                   language=recipient.preferred_language, params=params)
