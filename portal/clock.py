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
    return wall_clock(utcnow())


def wall_clock(moment: dt.datetime) -> dt.datetime:
    """An aware timestamp as Kazakhstan wall-clock time without a zone, as bookings are kept."""
    return moment.astimezone(KAZAKHSTAN).replace(tzinfo=None)


def utc_hour(kazakhstan_hour: int) -> int:
    """The UTC hour when Kazakhstan's clocks show `kazakhstan_hour` (for schedules kept in UTC)."""
    return (kazakhstan_hour - 5) % 24


def start_of_today() -> dt.datetime:
    """Midnight at the start of Kazakhstan's day, as an aware timestamp."""
    return dt.datetime.combine(today(), dt.time(), tzinfo=KAZAKHSTAN)


def today() -> dt.date:
    """Kazakhstan's date, which the portal counts days from (mandate ends, the 18th birthday,
    reminders, statements, the demo's dates): the server's own date is UTC's in most
    deployments, a day behind Kazakhstan's from 19:00 to 24:00 UTC."""
    return now_local().date()


def in_kazakhstan(moment: dt.datetime) -> dt.datetime:
    """Any moment the portal keeps, as an aware Kazakhstan time: an aware timestamp is converted,
    a naive one is a booking's Kazakhstan wall-clock time already and only gets its zone."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=KAZAKHSTAN)
    return moment.astimezone(KAZAKHSTAN)
