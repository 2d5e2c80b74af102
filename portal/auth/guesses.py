"""Wrong sign-in codes, counted for every IIN alike, per client address and IIN.

Not on the code's row: a row exists only for a registered IIN with a phone, so counting there made
the 5th wrong code answer differently for a registered IIN. Not per IIN alone: a stranger's wrong
guesses would then lock the owner out. Asking for a code again starts the count afresh; the sign-in
limits (per address, and per address and IIN, /login and /login/code together) bound the guesses.

The count is kept where Flask-Limiter keeps its counts (Redis when REDIS_URL is set, so every
process counts together), under a digest of the IIN, never the IIN itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from limits.storage import Storage

MAX_WRONG = 5
# Longer than a code lives (5 minutes), so the count outlasts any code it is about.
KEPT = dt.timedelta(minutes=15)


def iin_digest(secret_key: str, iin: str) -> str:
    """The IIN as limit keys and log lines carry it: keyed, so a log or a Redis dump reveals no IIN."""
    return hmac.new(secret_key.encode(), f"iin:{iin}".encode(), hashlib.sha256).hexdigest()[:16]


def address_digest(secret_key: str, address: str | None) -> str:
    """A client address as the sign-in code table keeps it: keyed, so the table holds no address."""
    return hmac.new(secret_key.encode(), f"address:{address}".encode(), hashlib.sha256).hexdigest()[:16]


class WrongCodes:
    """The wrong codes typed from one address for one IIN."""

    def __init__(self, storage: Storage, address: str, digest: str):
        self.storage, self.key = storage, f"sign-in-wrong-codes/{address}/{digest}"

    def count(self) -> int:
        return self.storage.get(self.key)

    def add(self) -> int:
        """Count one more; returns the count so far."""
        return self.storage.incr(self.key, int(KEPT.total_seconds()))

    def forget(self) -> None:
        self.storage.clear(self.key)
