"""One-time sign-in codes: six digits, valid 5 minutes, stored as a keyed hash, 5 attempts."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from enum import Enum

from flask_babel import force_locale, gettext
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from portal.models import SignInCode
from portal.notify.sms import SmsGateway
from portal.registry import RegistryClient

CODE_LIFETIME = dt.timedelta(minutes=5)
MAX_ATTEMPTS = 5


class Check(Enum):
    OK = "ok"
    WRONG = "wrong"
    EXPIRED = "expired"
    LOCKED = "locked"


def code_hash(secret_key: str, iin: str, code: str) -> str:
    """Keyed with the app secret, so a copy of the table does not reveal the codes."""
    return hmac.new(secret_key.encode(), f"{iin}:{code}".encode(), hashlib.sha256).hexdigest()


def issue_code(session: Session, registry: RegistryClient, sms: SmsGateway, *, iin: str, secret_key: str,
               now: dt.datetime) -> None:
    """Send a new code to the phone the registry holds for this IIN.

    Says nothing back: the caller shows the same message whether or not the IIN is known,
    so the form cannot be used to find out who is in the registry.
    """
    person = registry.find_person(iin)
    if person is None or not person.phone:
        return
    code = f"{secrets.randbelow(10**6):06d}"
    # A new code replaces the earlier ones.
    session.execute(update(SignInCode).where(SignInCode.iin == iin, SignInCode.used_at.is_(None)).values(used_at=now))
    session.add(SignInCode(iin=iin, code_hash=code_hash(secret_key, iin, code), created_at=now,
                           expires_at=now + CODE_LIFETIME))
    session.commit()
    with force_locale(person.preferred_language):
        text = gettext("Qoljetimdi sign-in code: %(code)s. It works for 5 minutes. Never tell it to anyone, "
                       "including staff.", code=code)
    sms.send(person.phone, text)


def check_code(session: Session, *, iin: str, code: str, secret_key: str, now: dt.datetime) -> Check:
    """Check a code typed for this IIN; a right one can be used once."""
    row = session.scalar(
        select(SignInCode)
        .where(SignInCode.iin == iin, SignInCode.used_at.is_(None))
        .order_by(SignInCode.created_at.desc())
        .limit(1)
        .with_for_update()
    )
    if row is None:
        return Check.WRONG
    if row.attempts >= MAX_ATTEMPTS:
        return Check.LOCKED
    if row.expires_at <= now:
        return Check.EXPIRED
    if not hmac.compare_digest(row.code_hash, code_hash(secret_key, iin, code)):
        row.attempts += 1
        session.commit()
        return Check.LOCKED if row.attempts >= MAX_ATTEMPTS else Check.WRONG
    row.used_at = now
    session.commit()
    return Check.OK
