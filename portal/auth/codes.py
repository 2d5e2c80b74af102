"""One-time sign-in codes: six digits, valid 5 minutes, stored as a keyed hash.

Every rule here gives the same answer for any IIN: whether a code exists, was sent, or could not be
sent, a stranger never sees. The codes are made and sent outside the request (portal/background.py);
wrong codes are counted per address and IIN (portal/auth/guesses.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from enum import Enum

from flask_babel import force_locale, gettext
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from portal.auth.guesses import MAX_WRONG, WrongCodes, iin_digest
from portal.limits import log_limit_reached
from portal.models import SignInCode
from portal.notify.sms import SmsFailed, SmsGateway
from portal.registry import RegistryClient

log = logging.getLogger(__name__)

CODE_LIFETIME = dt.timedelta(minutes=5)


class Check(Enum):
    OK = "ok"
    WRONG = "wrong"
    EXPIRED = "expired"
    LOCKED = "locked"


def code_hash(secret_key: str, iin: str, code: str) -> str:
    """Keyed with the app secret, so a copy of the table does not reveal the codes."""
    return hmac.new(secret_key.encode(), f"{iin}:{code}".encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class CodeLimits:
    """How many codes one IIN's phone may get (SIGN_IN_CODE_COOLDOWN_SECONDS, SIGN_IN_CODES_PER_HOUR,
    SIGN_IN_CODES_PER_ADDRESS_PER_HOUR)."""

    cooldown: dt.timedelta
    per_hour: int
    per_address_per_hour: int

    @classmethod
    def from_config(cls, config) -> CodeLimits:
        return cls(dt.timedelta(seconds=int(config["SIGN_IN_CODE_COOLDOWN_SECONDS"])),
                   int(config["SIGN_IN_CODES_PER_HOUR"]), int(config["SIGN_IN_CODES_PER_ADDRESS_PER_HOUR"]))


def issue_code(session: Session, registry: RegistryClient, sms: SmsGateway, *, iin: str, asked_from: str,
               secret_key: str, now: dt.datetime, limits: CodeLimits) -> None:
    """Send a new code to the phone the registry holds for this IIN, outside any request;
    `asked_from` is the digest of the address that asked.

    Nothing for an IIN that is not registered or has no phone. A code is never cancelled by a later
    one: asking again (or a stranger asking) leaves the code on the person's phone working. Within
    the cooldown of the last code no new one goes, and an hour sees at most so many codes for the
    IIN, and fewer asked from one address: nobody can flood a person's phone, and a stranger alone
    cannot use up the codes the owner will ask for.
    """
    person = registry.find_person(iin)
    if person is None or not person.phone:
        return
    reached = code_limit_reached(session, iin=iin, asked_from=asked_from, now=now, limits=limits)
    if reached:
        log_limit_reached(reached, iin=iin_digest(secret_key, iin), address=asked_from)
        return
    code = f"{secrets.randbelow(10**6):06d}"
    session.add(SignInCode(iin=iin, code_hash=code_hash(secret_key, iin, code), created_at=now,
                           expires_at=now + CODE_LIFETIME, asked_from=asked_from))
    session.commit()
    with force_locale(person.preferred_language):
        text = gettext("Qoljetimdi sign-in code: %(code)s. It works for 5 minutes. Never tell it to anyone, "
                       "including staff.", code=code)
    try:
        sms.send(person.phone, text)
    except SmsFailed as failure:
        # The person sees the same page as anyone, which says how to ask for a code again.
        log.warning("sign-in code not sent: %s", failure)


def code_limit_reached(session: Session, *, iin: str, asked_from: str, now: dt.datetime,
                       limits: CodeLimits) -> str | None:
    """The name of the limit that stops a new code for this IIN now, or None."""
    last, in_hour, from_address = session.execute(
        select(func.max(SignInCode.created_at), func.count(), func.count().filter(SignInCode.asked_from == asked_from))
        .where(SignInCode.iin == iin, SignInCode.created_at > now - dt.timedelta(hours=1))).one()
    if last is not None and now - last < limits.cooldown:
        return "sign_in_code_cooldown"
    if in_hour >= limits.per_hour:
        return "sign_in_codes_per_hour"
    if from_address >= limits.per_address_per_hour:
        return "sign_in_codes_per_address_per_hour"
    return None


def use_code(session: Session, *, iin: str, code: str, secret_key: str, now: dt.datetime) -> bool:
    """Whether `code` is one of the IIN's codes still valid; a right one ends all of them."""
    typed = code_hash(secret_key, iin, code)
    valid = session.scalars(select(SignInCode).where(
        SignInCode.iin == iin, SignInCode.used_at.is_(None), SignInCode.expires_at > now).with_for_update()).all()
    if not any(hmac.compare_digest(row.code_hash, typed) for row in valid):
        return False
    session.execute(update(SignInCode).where(SignInCode.iin == iin, SignInCode.used_at.is_(None)).values(used_at=now))
    session.commit()
    return True


def check_code(session: Session, wrong: WrongCodes, *, iin: str, code: str, asked_at: dt.datetime | None,
               secret_key: str, now: dt.datetime) -> Check:
    """Check a code typed for this IIN, `asked_at` being when this browser asked for it.

    Whether the code expired is judged from that time, and wrong codes from the count of this
    address and IIN, so every IIN goes through the same steps; only the right code differs, and
    only its owner has it."""
    if wrong.count() >= MAX_WRONG:
        return Check.LOCKED
    if asked_at is None or now - asked_at >= CODE_LIFETIME:
        return Check.EXPIRED
    if use_code(session, iin=iin, code=code, secret_key=secret_key, now=now):
        wrong.forget()
        return Check.OK
    if wrong.add() >= MAX_WRONG:
        log_limit_reached("sign_in_wrong_codes", iin=iin_digest(secret_key, iin))
        return Check.LOCKED
    return Check.WRONG
