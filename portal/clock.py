"""The portal's clock. Every "now" and "today" the portal acts on is read here and nowhere else,
so a test sets the time for all of it at once (time-machine, `tests/conftest.py`).

Kazakhstan has had one time zone, UTC+5, since 1 March 2024. Bookings are kept as Kazakhstan
wall-clock time without a zone; every other moment is an aware UTC timestamp.
"""

from __future__ import annotations

import datetime as dt

KAZAKHSTAN = dt.timezone(dt.timedelta(hours=5))


def utcnow() -> dt.datetime:
    """This moment, as an aware UTC timestamp."""
    return dt.datetime.now(dt.UTC)


def now_local() -> dt.datetime:
    """This moment as Kazakhstan wall-clock time, without a zone (as bookings are kept)."""
    return utcnow().astimezone(KAZAKHSTAN).replace(tzinfo=None)


def today() -> dt.date:
    """The date the portal counts days from (mandates, birthdays, reminders, the demo's dates)."""
    return dt.date.today()
