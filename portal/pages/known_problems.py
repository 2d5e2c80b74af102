"""The accessibility problems we know remain, as the accessibility statement lists them (issue #23,
point 14): each in plain words, with the date by which its fix is planned, or None for "no date
yet". Update this list when a fix ships or a problem is found, and review the statement's date
(portal/pages/routes.py) with it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class KnownProblem:
    problem: object  # what a person meets, in plain words (a lazy string)
    planned: dt.date | None  # when the fix is planned; None: no date yet


KNOWN_PROBLEMS: tuple[KnownProblem, ...] = (
    KnownProblem(
        _l("There are no videos in Kazakh sign language that explain the site and its services."),
        None),
    KnownProblem(
        _l("You can sign in only with a code sent by text message to the phone number the state database "
           "holds. Signing in with eGov is not available yet."),
        dt.date(2027, 2, 28)),
    KnownProblem(
        _l("The page where you type the code does not say which phone number it went to, because the site must "
           "not tell anyone who types an IIN whether it is in the database."),
        None),
)
