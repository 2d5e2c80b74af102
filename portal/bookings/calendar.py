"""A booking as an iCalendar file (RFC 5545) that any calendar opens."""

from __future__ import annotations

import datetime as dt
import re

from flask_babel import gettext as _

from portal import vocabulary as v
from portal.models import Booking
from portal.models.types import utcnow
from portal.moments import ics_utc

# Every way text can break a line: CR LF, a bare CR or LF, NEL, and the Unicode line and paragraph
# separators. A bare CR left in a value ends the line for some calendars, and what follows it
# would be read as a property of its own.
LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
# The other control characters, which a TEXT value may not carry (RFC 5545 §3.3.11: TSAFE-CHAR
# excludes CONTROL but keeps HTAB), C1 included.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def escape(text: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, each line break
    written as \\n, and any other control character left out."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return CONTROL.sub("", LINE_BREAK.sub(r"\\n", text))


def utc(moment: dt.datetime) -> str:
    return ics_utc(moment)


def fold(line: str) -> str:
    """Lines longer than 75 octets are folded (RFC 5545 §3.1)."""
    data, parts = line.encode(), []
    while len(data) > 75:
        cut = 75 if not parts else 74
        while (data[cut] & 0xC0) == 0x80:  # never split a UTF-8 character
            cut -= 1
        parts.append(data[:cut].decode())
        data = data[cut:]
    parts.append(data.decode())
    return "\r\n ".join(parts)


# A booking that will not take place: its file cancels the event (a completed or missed one is
# neither offered to add nor to remove).
CANCELLED = ("cancelled", "late_cancelled", "no_interpreter", "released")


def ics_for(booking: Booking) -> str:
    """The booking as an event; a booking that will not take place cancels the event the person
    may have added (METHOD:CANCEL with the same UID and a later SEQUENCE, RFC 5546 §3.2.5)."""
    cancelled = booking.status in CANCELLED
    summary = _("Sign-language interpreter: %(purpose)s", purpose=v.BOOKING_PURPOSES[booking.purpose])
    link = None if cancelled else booking.video_link
    location = booking.address if booking.mode == "in_person" else (link or str(v.BOOKING_MODES["video"]))
    description = _("Booking %(reference)s. Status: %(status)s.", reference=booking.reference,
                    status=v.BOOKING_STATUSES[booking.status])
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Qoljetimdi//Interpreter bookings//KK", "CALSCALE:GREGORIAN",
        "METHOD:CANCEL" if cancelled else "METHOD:PUBLISH", "BEGIN:VEVENT",
        f"UID:{booking.reference}@qoljetimdi",
        f"SEQUENCE:{1 if cancelled else 0}",
        f"DTSTAMP:{ics_utc(utcnow())}",
        f"DTSTART:{utc(booking.starts_at)}",
        f"DTEND:{utc(booking.ends_at)}",
        f"SUMMARY:{escape(summary)}",
        f"LOCATION:{escape(location or '')}",
        f"DESCRIPTION:{escape(description)}",
        "STATUS:" + ("CANCELLED" if cancelled else "CONFIRMED" if booking.status == "confirmed" else "TENTATIVE"),
        "END:VEVENT", "END:VCALENDAR",
    ]
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
