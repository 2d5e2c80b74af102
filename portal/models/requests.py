"""Service requests: what a person asks for, its history and its evidence; the staff who handle it
are portal.models.staff."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal import vocabulary as v
from portal.extensions import db
from portal.models.staff import StaffUser
from portal.models.types import UtcDateTime, coded, utcnow

EVIDENCE_SENT_WITH = ("request", "answer", "added")


class ServiceRequest(db.Model):
    __tablename__ = "service_request"
    __table_args__ = (Index("ix_service_request_queue", "region", "status", "submitted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Read aloud over the phone: KZ-2026-000123 (year of submission and a number).
    reference: Mapped[str | None] = mapped_column(String(20), unique=True)
    # The journey's own id: a form sent twice (double click, refresh, back) carries the same one.
    submission_id: Mapped[str] = mapped_column(String(36), unique=True)
    person_iin: Mapped[str] = mapped_column(String(12), index=True)
    submitted_by_iin: Mapped[str] = mapped_column(String(12))
    region: Mapped[str] = mapped_column(coded("request_region", v.REGIONS))
    kind: Mapped[str] = mapped_column(coded("request_kind", v.REQUEST_KINDS))
    answers: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(coded("request_status", v.REQUEST_STATUSES), default="submitted")
    submitted_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)

    events: Mapped[list[RequestEvent]] = relationship(
        back_populates="request", order_by="RequestEvent.id", cascade="all, delete-orphan")
    evidence: Mapped[list[Evidence]] = relationship(back_populates="request", order_by="Evidence.id")


class RequestEvent(db.Model):
    """One step in a request's life: a status it entered, or a reply from the person."""

    __tablename__ = "request_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("service_request.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)
    status: Mapped[str] = mapped_column(coded("event_status", v.REQUEST_STATUSES))
    # Written for the person: why it was rejected, what information is needed, or their reply.
    message: Mapped[str | None] = mapped_column(Text)
    actor_iin: Mapped[str | None] = mapped_column(String(12))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))

    request: Mapped[ServiceRequest] = relationship(back_populates="events")
    staff: Mapped[StaffUser | None] = relationship()


class Evidence(db.Model):
    """A file sent with a request, kept outside the web root under a random name."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_iin: Mapped[str] = mapped_column(String(12), index=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("service_request.id"), index=True)
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    original_name: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int]
    uploaded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)
    # How it joined its request: with the request itself (empty on files from before migration
    # 0027), with an answer to the department's question, or added later on its own (issue #23,
    # point 3). The files sent after the request are in its timeline, with when they came.
    sent_with: Mapped[str | None] = mapped_column(coded("evidence_sent_with", EVIDENCE_SENT_WITH))

    request: Mapped[ServiceRequest | None] = relationship(back_populates="evidence")

    @property
    def came_later(self) -> bool:
        return self.sent_with in ("answer", "added")
