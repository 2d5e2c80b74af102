"""Signed-in sessions, kept on the server: the cookie names one by a random key, and signing out
ends it here, so a copy of the cookie taken before is worth nothing afterwards."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.models.types import UtcDateTime, coded, utcnow

SESSION_ROLES = ("person", "staff", "interpreter")


class SignedInSession(db.Model):
    __tablename__ = "signed_in_session"
    # "Sign out on every device" ends the open sessions of one account.
    __table_args__ = (Index("ix_signed_in_session_role_account", "role", "account"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # SHA-256 of the cookie's key: a copy of the table names no session a cookie could carry.
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(coded("session_role", SESSION_ROLES))
    # The person's IIN, or the id of the staff member or interpreter.
    account: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
