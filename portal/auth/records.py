"""The server's record of each signed-in session (portal/models/sessions.py): started at sign-in,
checked once a request, ended at sign-out. A session ends after a while without a request (idle)
and, however active, a fixed time after sign-in (absolute): a cookie copied from a shared computer
or a stolen laptop stops working by itself."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from enum import Enum

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from portal.models import Message, SignedInSession

# last_seen_at is written at most once a minute, not on every request: the idle end comes up to a
# minute early, which the warning two minutes before it allows for.
TOUCH_EVERY = dt.timedelta(minutes=1)


class Over(Enum):
    """Why a session no longer works."""

    ENDED = "ended"  # signed out, here or on every device
    IDLE = "idle"
    ABSOLUTE = "absolute"


@dataclass(frozen=True)
class SignedIn:
    """Who a working session is for, read from its record once a request (the record itself is
    expired by each commit, and reading it again would cost a query)."""

    role: str
    account: str
    started_at: dt.datetime  # the absolute end counts from here
    unread_messages: int = 0  # a person's own inbox, for the header (always 0 for staff and interpreters)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def start(session: Session, role: str, account: str, now: dt.datetime) -> str:
    """A new session; returns the key for the cookie (only its hash is kept)."""
    key = secrets.token_urlsafe(32)
    session.add(SignedInSession(key_hash=key_hash(key), role=role, account=account, created_at=now, last_seen_at=now))
    return key


SESSIONS = SignedInSession.__table__
MESSAGES = Message.__table__
# The header of every page a person sees signed in says how many of their messages are unread
# (issue #23, point 2). Counted inside the session's own statement, through the index on
# message.recipient_iin, so a page costs no statement more for it (tests/test_queries_per_page.py).
UNREAD = (select(func.count()).select_from(MESSAGES)
          .where(SESSIONS.c.role == "person", MESSAGES.c.recipient_iin == SESSIONS.c.account,
                 MESSAGES.c.read_at.is_(None))
          .scalar_subquery())
# Read on every signed-in request: one statement built once, its rows not made into ORM objects.
BY_KEY_HASH = select(SESSIONS.c.id, SESSIONS.c.role, SESSIONS.c.account, SESSIONS.c.created_at,
                     SESSIONS.c.last_seen_at, SESSIONS.c.ended_at, UNREAD.label("unread_messages")
                     ).where(SESSIONS.c.key_hash == bindparam("key_hash"))
TOUCH = update(SESSIONS).where(SESSIONS.c.id == bindparam("session_id")).values(last_seen_at=bindparam("now"))


def find(session: Session, key: str):
    """The session's row (id, role, account, created_at, last_seen_at, ended_at, unread_messages),
    or None."""
    return session.execute(BY_KEY_HASH, {"key_hash": key_hash(key)}).first()


def over(record, now: dt.datetime, idle: dt.timedelta, absolute: dt.timedelta) -> Over | None:
    """Why `record` no longer works at `now`, or None while it does."""
    if record.ended_at is not None:
        return Over.ENDED
    if now >= record.created_at + absolute:
        return Over.ABSOLUTE
    if now >= record.last_seen_at + idle:
        return Over.IDLE
    return None


def touch(session: Session, record, now: dt.datetime) -> bool:
    """Note the request; True when the row changed and needs committing."""
    if now - record.last_seen_at < TOUCH_EVERY:
        return False
    session.execute(TOUCH, {"session_id": record.id, "now": now})
    return True


def end(session: Session, key: str, now: dt.datetime) -> None:
    session.execute(update(SignedInSession).where(SignedInSession.key_hash == key_hash(key),
                                                  SignedInSession.ended_at.is_(None)).values(ended_at=now))


def end_all(session: Session, role: str, account: str, now: dt.datetime) -> None:
    """End every open session of the account: other browsers, a lost phone."""
    session.execute(update(SignedInSession).where(SignedInSession.role == role, SignedInSession.account == account,
                                                  SignedInSession.ended_at.is_(None)).values(ended_at=now))
