"""Mandates: who may act for whom, in what, and until when. A legal representative of a child
needs no row here: the registry says who represents the child, until the child turns 18."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal import vocabulary as v
from portal.extensions import db
from portal.models.types import UtcDateTime, coded, utcnow


# A carer has at most one ask waiting for each person: asking again sends no second message
# (issue #18). Partial, so that the pair's ended, refused and active mandates do not count.
PENDING = text("status = 'requested'")


class Mandate(db.Model):
    __tablename__ = "mandate"
    __table_args__ = (Index("uq_mandate_one_pending_ask", "carer_iin", "person_iin", unique=True,
                            sqlite_where=PENDING, postgresql_where=PENDING),)

    id: Mapped[int] = mapped_column(primary_key=True)
    carer_iin: Mapped[str] = mapped_column(String(12), index=True)
    person_iin: Mapped[str] = mapped_column(String(12), index=True)
    scopes: Mapped[list] = mapped_column(JSON)  # codes of vocabulary.MANDATE_SCOPES
    starts_on: Mapped[dt.date]
    ends_on: Mapped[dt.date | None]
    status: Mapped[str] = mapped_column(coded("mandate_status", v.MANDATE_STATUSES), default="requested")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)
    # The carer's ask never reads the registry, so that it takes the same time and gives the same
    # answer for any IIN; a job looks the person up afterwards (checked_at) and, when they may
    # approve it, tells them (told_at). See carers.services.tell_about_asks.
    checked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    told_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())

    events: Mapped[list[MandateEvent]] = relationship(back_populates="mandate", order_by="MandateEvent.id",
                                                      cascade="all, delete-orphan")


class MandateEvent(db.Model):
    """The mandate's history, which both sides see."""

    __tablename__ = "mandate_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    mandate_id: Mapped[int] = mapped_column(ForeignKey("mandate.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)
    action: Mapped[str] = mapped_column(String(20))  # requested, approved, refused, ended
    actor_iin: Mapped[str] = mapped_column(String(12))

    mandate: Mapped[Mandate] = relationship(back_populates="events")
