"""Delivering the outbox by text message. A message stays in the person's inbox whether or not
it could be sent; a failed send is tried again on the next run, up to MAX_ATTEMPTS times."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import Message
from portal.notify.sms import SmsFailed, SmsGateway
from portal.registry import RegistryClient

MAX_ATTEMPTS = 5


def deliver_outbox(session: Session, registry: RegistryClient, sms: SmsGateway, now: dt.datetime,
                   batch: int = 100) -> tuple[int, int]:
    """Send what is waiting; return (sent, failed)."""
    waiting = session.scalars(
        select(Message)
        .where(Message.delivered_at.is_(None), Message.delivery_attempts < MAX_ATTEMPTS)
        .order_by(Message.id)
        .limit(batch)
        .with_for_update(skip_locked=True)  # two delivery runs never send the same message
    ).all()
    sent = failed = 0
    for message in waiting:
        person = registry.find_person(message.recipient_iin)
        message.delivery_attempts += 1
        if person is None or not person.phone:
            message.delivery_attempts = MAX_ATTEMPTS  # nothing to retry: the inbox has it
            message.last_error = "no phone number in the registry"
            failed += 1
            continue
        try:
            sms.send(person.phone, f"{message.subject}. {message.body}")
        except SmsFailed as error:
            message.last_error = str(error)[:200]
            failed += 1
        else:
            message.delivered_at = now
            message.last_error = None
            sent += 1
    session.commit()
    return sent, failed
