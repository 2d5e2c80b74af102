"""How a moment is shown, everywhere: pages, messages, text messages, the API and calendar
files. Every moment is shown as Kazakhstan time (UTC+5), whether it is kept as an aware UTC
timestamp or, like a booking, as Kazakhstan wall-clock time (`clock.in_kazakhstan`). Babel's
own time-zone conversion is not used: it would treat a booking's naive time as UTC and show it
five hours late, which is how issue #18 began."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date, format_datetime
from flask_babel import get_locale

from portal.clock import in_kazakhstan

WHEN = "d MMMM y, HH:mm"


def when(moment: dt.datetime | None) -> str:
    """Date and time in Kazakhstan, in the current language ("30 қараша 2026, 10:00")."""
    if moment is None:
        return ""
    return format_datetime(in_kazakhstan(moment).replace(tzinfo=None), WHEN, locale=get_locale())


def day_of(value: dt.date | dt.datetime) -> dt.date:
    """The Kazakhstan date of a moment (a date is its own day)."""
    return in_kazakhstan(value).date() if isinstance(value, dt.datetime) else value


def date(value: dt.date | dt.datetime | None, format: str = "long") -> str:
    """A date, or the Kazakhstan date of a moment, in the current language."""
    return format_date(day_of(value), format, locale=get_locale()) if value else ""


def iso(moment: dt.datetime | None, timespec: str = "minutes") -> str | None:
    """ISO 8601 with Kazakhstan's offset ("2026-11-30T10:00+05:00"), for the API and `<time>`."""
    return in_kazakhstan(moment).isoformat(timespec=timespec) if moment else None


def ics_utc(moment: dt.datetime) -> str:
    """A moment as an iCalendar UTC time (RFC 5545 §3.3.5, form 2): "20261130T050000Z"."""
    return in_kazakhstan(moment).astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
