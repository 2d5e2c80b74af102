"""Access for other programs: a person's API tokens, and the portal's copies of registry answers."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.models.types import UtcDateTime, utcnow


class ApiToken(db.Model):
    """A bearer token a person made for an app; it acts as that person. Only its hash is kept."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    iin: Mapped[str] = mapped_column(String(12), index=True)
    name: Mapped[str] = mapped_column(String(60))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The first characters of the token, shown on the settings page so a person can tell tokens apart.
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())


class RegistryCopy(db.Model):
    """The last answer a remote registry gave for one address, kept to show when it cannot be reached."""

    __tablename__ = "registry_copy"

    path: Mapped[str] = mapped_column(String(200), primary_key=True)
    body: Mapped[dict] = mapped_column(JSON)
    etag: Mapped[str | None] = mapped_column(String(80))
    # When the registry last confirmed this answer: the "as of" time shown with a copy.
    checked_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
