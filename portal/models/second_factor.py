"""The columns of a second factor (portal/auth/second_factor.py), the same on staff and interpreters."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.models.types import UtcDateTime


class SecondFactor:
    # The shared secret of RFC 6238, base32, kept as it is: the portal computes each code from it, so
    # a hash would not do. Encrypting it with SECRET_KEY would tie it to a key that is rotated
    # (SECRET_KEY_FALLBACKS) and kept on the same machines as the database's address; the secret
    # alone signs nobody in, as the password (Argon2id) comes first. Set while the app is being set
    # up; the second factor is on once totp_confirmed_at is.
    totp_secret: Mapped[str | None] = mapped_column(String(32))
    totp_confirmed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    # The 30-second step of the last code accepted: that code, and any earlier, is refused after.
    totp_last_step: Mapped[int | None]
    # Argon2id hashes (portal/auth/passwords.py) of the recovery codes not used yet.
    recovery_codes: Mapped[list | None] = mapped_column(JSON)

    @property
    def has_second_factor(self) -> bool:
        return self.totp_secret is not None and self.totp_confirmed_at is not None
