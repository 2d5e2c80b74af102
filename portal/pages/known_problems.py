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
        _l("On a phone with large text, the menu at the top of each page can fill most of the first screen, so "
           "you have to scroll before you reach the page itself."),
        dt.date(2027, 1, 31)),
    KnownProblem(
        _l("When you act for someone else, some pages still say \"you\" about that person instead of using "
           "their name, which can be confusing when the pages are read aloud."),
        dt.date(2027, 1, 31)),
    KnownProblem(
        _l("There are no videos in Kazakh sign language that explain the site and its services."),
        None),
    KnownProblem(
        _l("You can sign in only with a code sent by text message to the phone number the state database "
           "holds. Signing in with eGov is not available yet."),
        None),
)
