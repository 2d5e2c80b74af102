"""Journeys in progress (a request's answers, a booking being prepared), kept in the database.

A session cookie is sent with every request and browsers drop one over 4 KB: three long drafts
made a 5,199-byte cookie, and the person's answers vanished. Kept here, a draft survives signing
out, carries health notes nowhere but the database, and is gone 30 days after its last change.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from portal import clock
from portal.models import Draft

DRAFT_DAYS = 30
BOOKING = "interpreter_booking"  # the kind of an interpreter booking's draft; request kinds are the others


def oldest_kept(now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(days=DRAFT_DAYS)


def find(session: Session, author_iin: str, subject_iin: str, kind: str) -> Draft | None:
    """The draft's row, unless it is older than 30 days (the sweep may not have run yet)."""
    return session.scalar(select(Draft).where(Draft.author_iin == author_iin, Draft.subject_iin == subject_iin,
                                              Draft.kind == kind, Draft.updated_at >= oldest_kept(clock.utcnow())))


def load(session: Session, author_iin: str, subject_iin: str, kind: str) -> dict | None:
    row = find(session, author_iin, subject_iin, kind)
    return dict(row.data) if row else None


def save(session: Session, author_iin: str, subject_iin: str, kind: str, data: dict) -> None:
    """Keep the answers given so far, committed: leaving and coming back carries on."""
    row = session.scalar(select(Draft).where(Draft.author_iin == author_iin, Draft.subject_iin == subject_iin,
                                             Draft.kind == kind))
    if row is None:
        row = Draft(author_iin=author_iin, subject_iin=subject_iin, kind=kind)
        session.add(row)
    row.data = dict(data)  # a new object, so that the JSON column is written
    row.updated_at = clock.utcnow()
    session.commit()


def discard(session: Session, author_iin: str, subject_iin: str, kind: str) -> None:
    session.execute(delete(Draft).where(Draft.author_iin == author_iin, Draft.subject_iin == subject_iin,
                                        Draft.kind == kind))
    session.commit()


def remove_expired(session: Session, now: dt.datetime) -> int:
    """Drafts not changed for 30 days; run daily (`flask uploads sweep`)."""
    removed = session.execute(delete(Draft).where(Draft.updated_at < oldest_kept(now))).rowcount
    session.commit()
    return removed
