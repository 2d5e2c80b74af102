"""Display settings that follow a signed-in person (issue #23, point 6): saved to their account
when they save them signed in, and put in the display cookie when they sign in on a device that
has none, so that a phone, a library computer or a cleared browser shows the pages as they chose.

Every page still reads the settings from the cookie alone, so no page costs a statement more: the
account is read at sign-in, which reads it anyway (portal/auth/session.py). A device that already
has a cookie keeps it: the person chose it there, perhaps for a smaller or a larger screen.
Signed out, the settings live in the cookie only, as before.
"""

from __future__ import annotations

from flask import after_this_request, request
from sqlalchemy.orm import Session

from portal import audit
from portal.display.cookie import remember
from portal.display.settings import COOKIE_NAME, DisplaySettings, from_cookie
from portal.models import Account


def saved_on(account: Account | None) -> DisplaySettings | None:
    """The settings the person saved to their account, or None when they never did (or chose standard)."""
    if account is None or not account.display_settings:
        return None
    settings = from_cookie(account.display_settings)
    return None if settings.is_standard else settings


def save_to_account(session: Session, iin: str, settings: DisplaySettings) -> None:
    """Keep the settings on the person's account (standard ones as none), in the caller's
    transaction, which this commits, with a record in the audit log."""
    account = session.get(Account, iin) or Account(iin=iin)
    account.display_settings = settings.cookie_value() or None
    session.add(account)
    audit.record("display_settings_saved", actor_iin=iin, subject_iin=iin, detail=settings.cookie_value() or None,
                 session=session)
    session.commit()


def follow_to_this_device(account: Account) -> None:
    """At sign-in: on a device with no display cookie, the answer sets the one the account keeps."""
    settings = saved_on(account)
    if settings is None or request.cookies.get(COOKIE_NAME):
        return
    @after_this_request
    def set_cookie(response):
        return remember(response, settings)
