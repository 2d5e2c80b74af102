"""What staff did about a programme item that is late or not provided (issue #24, point 1).

The portal's own data: the registry is never written. An item is named by the registry's stable
keys, the programme's number and the item's line, never by its row ids, so a follow-up stays on its
item when the registry is reloaded or lives on another host (REGISTRY_URL)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal import vocabulary as v
from portal.extensions import db
from portal.models.types import UtcDateTime, coded, utcnow


class ProgrammeFollowUp(db.Model):
    """One follow-up recorded by an officer: what was done, a note for staff, when to look again."""

    __tablename__ = "programme_follow_up"
    # An item's history, newest first; the list reads the latest of each item on its page.
    __table_args__ = (Index("ix_programme_follow_up_item", "programme_number", "line", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_number: Mapped[str] = mapped_column(String(40))
    line: Mapped[int]
    # Whose item, and which region's staff may see it: kept so that the follow-up reads on its own.
    person_iin: Mapped[str] = mapped_column(String(12), index=True)
    region: Mapped[str] = mapped_column(coded("follow_up_region", v.REGIONS))
    action: Mapped[str] = mapped_column(coded("follow_up_action", v.FOLLOW_UP_ACTIONS))
    note: Mapped[str | None] = mapped_column(Text)  # for staff only: never shown to the person
    next_look_on: Mapped[dt.date] = mapped_column(Date)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)
