"""Delivering the outbox by text message. A message stays in the person's inbox whether or not
it could be sent. A failed send is tried again after a wait that doubles with each failure (1, 2,
4 … minutes, at most 6 hours), for a little over two days; then the message is left unsent for
operators to see (`flask outbox status`).

Each message is handed to the background worker as soon as the transaction that wrote it commits
(portal/notify/after_commit.py); the outbox is the record, and the `outbox deliver` job sweeps up
whatever that missed: a worker that was down, a failure to try again."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from portal.account.contact import contact_of
from portal.models import Message
from portal.notify import texts
from portal.notify.sms import SmsFailed, SmsGateway
from portal.registry import RegistryClient

FIRST_WAIT = dt.timedelta(minutes=1)
LONGEST_WAIT = dt.timedelta(hours=6)
# The 17th try comes 50½ hours after the first (retry_waits_before): a gateway down for two whole
# days loses no message.
MAX_ATTEMPTS = 17
NO_PHONE = "no phone number in the registry"


def retry_wait(failures: int) -> dt.timedelta:
    """How long a message waits after its `failures`-th failed send: 1, 2, 4 … minutes, at most 6 hours."""
    return min(FIRST_WAIT * 2 ** min(failures - 1, 20), LONGEST_WAIT)


def retry_waits_before(attempt: int) -> dt.timedelta:
    """The time from a message's first try to its `attempt`-th, when every try before failed."""
    return sum((retry_wait(failures) for failures in range(1, attempt)), dt.timedelta())


def still_trying():
    """Not delivered, and tries left."""
    return Message.delivered_at.is_(None) & (Message.delivery_attempts < MAX_ATTEMPTS)


def wait_over(now: dt.datetime):
    """No wait after a failure running (or none ever began)."""
    return or_(Message.next_attempt_at.is_(None), Message.next_attempt_at <= now)


def due(now: dt.datetime):
    """Messages to try now."""
    return select(Message).where(still_trying(), wait_over(now))


def deliver_outbox(session: Session, registry: RegistryClient, sms: SmsGateway, now: dt.datetime,
                   batch: int = 100) -> tuple[int, int]:
    """Try up to `batch` due messages; return (sent, failed).

    Each message is locked, sent and recorded in a transaction of its own: two delivery runs never
    send the same message (SKIP LOCKED passes over the one the other run holds), and the database
    failing mid-run leaves at most the message in hand to be sent again."""
    sent = failed = 0
    for _ in range(batch):
        message = session.scalar(due(now).order_by(Message.id).limit(1).with_for_update(skip_locked=True))
        if message is None:
            break
        if deliver(session, message, registry, sms, now):
            sent += 1
        else:
            failed += 1
        session.commit()
    return sent, failed


def deliver_one(session: Session, registry: RegistryClient, sms: SmsGateway, message_id: int,
                now: dt.datetime) -> bool | None:
    """Send the message `message_id` now, as it is handed over after the commit that wrote it
    (portal/notify/after_commit.py); None when it is not due: sent already, waiting after a failure,
    or held by a delivery run at this moment, which sends it. Locked as in deliver_outbox, so the
    message handed over and the sweep never both send it."""
    message = session.scalar(due(now).where(Message.id == message_id).with_for_update(skip_locked=True))
    if message is None:
        session.rollback()
        return None
    sent = deliver(session, message, registry, sms, now)
    session.commit()
    return sent


def deliver(session: Session, message: Message, registry: RegistryClient, sms: SmsGateway, now: dt.datetime) -> bool:
    """One try at sending `message`, in the language the recipient reads now (their choice on "How to
    contact you", else the registry's), whatever it was when the message was written; records the
    outcome on it, the caller commits."""
    message.delivery_attempts += 1
    person = registry.find_person(message.recipient_iin)
    if person is None or not person.phone:
        message.delivery_attempts = MAX_ATTEMPTS  # nothing to retry: the inbox has it
        message.next_attempt_at = None
        message.last_error = NO_PHONE
        return False
    language = contact_of(session, person.iin, person.preferred_language).language
    try:
        sms.send(person.phone, texts.in_language(message, language).sms())
    except SmsFailed as error:
        message.last_error = str(error)[:200]
        gave_up = message.delivery_attempts >= MAX_ATTEMPTS
        message.next_attempt_at = None if gave_up else now + retry_wait(message.delivery_attempts)
        return False
    message.delivered_at = now
    message.next_attempt_at = None
    message.last_error = None
    return True


@dataclass(frozen=True)
class OutboxStatus:
    due: int  # to be tried on the next run
    waiting: int  # failed before, tried again when their wait is over
    failed: int  # not sent after MAX_ATTEMPTS tries: in the inbox only
    no_phone: int  # the registry has no phone number for the person: in the inbox only
    oldest_unsent: dt.datetime | None  # when the oldest message still to be tried was queued


def gave_up():
    """Messages delivery has stopped trying: every try failed, or there is no phone to send to."""
    return (Message.delivered_at.is_(None)) & (Message.delivery_attempts >= MAX_ATTEMPTS)


def outbox_status(session: Session, now: dt.datetime) -> OutboxStatus:
    """What an operator needs to see whether delivery keeps up, in one query."""
    to_try, is_due = still_trying(), wait_over(now)
    no_phone = Message.last_error == NO_PHONE
    counts = session.execute(select(
        func.count().filter(to_try, is_due),
        func.count().filter(to_try, ~is_due),
        func.count().filter(gave_up(), ~no_phone),
        func.count().filter(gave_up(), no_phone),
        func.min(Message.created_at).filter(to_try),
    )).one()
    return OutboxStatus(*counts)


def failed_messages(session: Session, limit: int = 50) -> list[Message]:
    """The messages not sent after every try, newest first (not those without a phone number)."""
    return list(session.scalars(select(Message).where(gave_up(), Message.last_error != NO_PHONE)
                                .order_by(Message.id.desc()).limit(limit)))
