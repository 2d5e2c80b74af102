"""Re-examination reminders: queued into the outbox 30 and 7 days before a term ends, never
twice for the same decision, point and recipient, written in the recipient's language."""

from __future__ import annotations

import datetime as dt

from flask_babel import force_locale, gettext, ngettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal import moments
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
    """The reminder in the recipient's language; addressed to the person, or about them to their representative."""
    with force_locale(recipient.preferred_language):
        end = moments.date(decision.reexamination_due)
        if recipient.iin == person.iin:
            body = ngettext(
                "Your disability term ends in %(num)d day, on %(date)s. Ask your polyclinic for a referral to the "
                "medical and social expert examination now, so that your support does not stop.",
                "Your disability term ends in %(num)d days, on %(date)s. Ask your polyclinic for a referral to the "
                "medical and social expert examination now, so that your support does not stop.",
                days_left, date=end)
        else:
            body = ngettext(
                "The disability term of %(name)s ends in %(num)d day, on %(date)s. Ask the polyclinic for a "
                "referral to the medical and social expert examination now, so that the support does not stop.",
                "The disability term of %(name)s ends in %(num)d days, on %(date)s. Ask the polyclinic for a "
                "referral to the medical and social expert examination now, so that the support does not stop.",
                days_left, name=person.full_name, date=end)
        subject = gettext("Re-examination is coming up")
    return Message(recipient_iin=recipient.iin, kind="reexamination_reminder", about=decision.number,
                   language=recipient.preferred_language, subject=subject, body=body)
