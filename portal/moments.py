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

# How a date is written in each language (issue #22, language review §5). Kazakh puts
# the year first, «2026 жылғы 6 желтоқсан»; Russian ends it with «г.», «6 декабря 2026 г.». CLDR's
# long date gives the abbreviated «2026 ж. 6 желтоқсан», and one pattern for both languages gave
# Kazakh the Russian order («6 желтоқсан 2026, 09:00»).
DAY = {"kk": "y 'жылғы' d MMMM", "ru": "d MMMM y 'г.'"}
DAY_OF_WEEK = {"kk": "y 'жылғы' d MMMM, EEEE", "ru": "EEEE, d MMMM y 'г.'"}
# A month of a payment: «2026 жылғы қаңтар», «январь 2026 г.». Russian takes the name standing
# alone (LLLL, nominative); CLDR's standalone Kazakh names are capitalised, its format ones not.
MONTH = {"kk": "y 'жылғы' MMMM", "ru": "LLLL y 'г.'"}
WHEN = {"kk": "y 'жылғы' d MMMM, HH:mm", "ru": "d MMMM y 'г.', HH:mm"}


def _pattern(patterns: dict[str, str]) -> str:
    locale = get_locale()
    return patterns.get(locale.language if locale else "kk", patterns["kk"])


def when(moment: dt.datetime | None) -> str:
    """Date and time in Kazakhstan, in the current language: «2026 жылғы 30 қараша, 10:00»,
    «30 ноября 2026 г., 10:00»."""
    if moment is None:
        return ""
    return format_datetime(in_kazakhstan(moment).replace(tzinfo=None), _pattern(WHEN), locale=get_locale())


def day_of(value: dt.date | dt.datetime) -> dt.date:
    """The Kazakhstan date of a moment (a date is its own day)."""
    return in_kazakhstan(value).date() if isinstance(value, dt.datetime) else value


def date(value: dt.date | dt.datetime | None, format: str = "long") -> str:
    """A date, or the Kazakhstan date of a moment, in the current language: «2026 жылғы 30 қараша»,
    «30 ноября 2026 г.»; "full" adds the day of the week, "month" gives the month alone."""
    if not value:
        return ""
    pattern = {"long": DAY, "full": DAY_OF_WEEK, "month": MONTH}.get(format)
    return format_date(day_of(value), _pattern(pattern) if pattern else format, locale=get_locale())


def iso(moment: dt.datetime | None, timespec: str = "minutes") -> str | None:
    """ISO 8601 with Kazakhstan's offset ("2026-11-30T10:00+05:00"), for the API and `<time>`."""
    return in_kazakhstan(moment).isoformat(timespec=timespec) if moment else None


def ics_utc(moment: dt.datetime) -> str:
    """A moment as an iCalendar UTC time (RFC 5545 §3.3.5, form 2): "20261130T050000Z"."""
    return in_kazakhstan(moment).astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
