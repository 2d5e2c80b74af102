"""Journeys in progress, kept on the server: the session cookie carries no answers."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.models.types import UtcDateTime, utcnow


class Draft(db.Model):
    """The answers given so far to one kind of request (or an interpreter booking), by one person
    for one person (themselves, or someone they act for). It outlives signing out, and is removed
    30 days after its last change (`flask uploads sweep`)."""

    __tablename__ = "draft"
    __table_args__ = (UniqueConstraint("author_iin", "subject_iin", "kind", name="uq_draft_one_per_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    author_iin: Mapped[str] = mapped_column(String(12))
    subject_iin: Mapped[str] = mapped_column(String(12))
    kind: Mapped[str] = mapped_column(String(40))
    data: Mapped[dict] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow, index=True)
