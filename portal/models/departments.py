"""The territorial departments people are sent to, with the details a contact card shows."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from portal import vocabulary as v
from portal.extensions import db
from portal.models.types import UtcDateTime, coded


class Department(db.Model):
    """A department of employment and social programmes of a district or city (issue #23, point 4).
    Loaded from the operators' file (`flask departments load`), each row with where its details
    come from and when they were checked; staff of its region keep them up to date."""

    __tablename__ = "department"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)  # the file's key for the row
    region: Mapped[str] = mapped_column(coded("department_region", v.REGIONS), index=True)
    name_kk: Mapped[str] = mapped_column(String(300))
    name_ru: Mapped[str] = mapped_column(String(300))
    address_kk: Mapped[str] = mapped_column(String(300))
    address_ru: Mapped[str] = mapped_column(String(300))
    phone: Mapped[str] = mapped_column(String(30))
    hours_kk: Mapped[str] = mapped_column(String(200))
    hours_ru: Mapped[str] = mapped_column(String(200))
    step_free: Mapped[bool]  # a wheelchair user gets in and to the reception without steps
    source: Mapped[str] = mapped_column(String(300))
    checked_on: Mapped[dt.date] = mapped_column(Date)
    updated_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    updated_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))

    @property
    def tel(self) -> str:
        """The phone as a link's address: the digits, without the spaces and dashes people read."""
        return "tel:" + re.sub(r"[^\d+]", "", self.phone)

    def said(self, field: str, lang: str) -> str:
        """A field in the page's language: name, address or hours."""
        return getattr(self, f"{field}_{lang}")
