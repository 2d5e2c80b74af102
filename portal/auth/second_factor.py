"""The second factor of staff and interpreters (issue #26, point 3): a time-based one-time code
(RFC 6238, 6 digits every 30 seconds) from an authenticator app, or one of 10 recovery codes.

The account sets the app up at its first sign-in, from a QR code or from the secret typed in by
hand (a screen reader reads the QR code as nothing). An operator starts it again with
`flask staff reset-2fa` (portal/auth/accounts.py). Plain functions over the account, no request:
the pages are in portal/auth/roles.py.
"""

from __future__ import annotations

import datetime as dt
import enum
import hmac
import secrets

import pyotp
from sqlalchemy import or_, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from portal.auth.passwords import hash_password, verify

ISSUER = "Qoljetimdi"
# RFC 6238's 30-second step, and one step either side of now: an app's clock a little off, or a
# code typed just as it changed, still works.
STEP = 30
WINDOW = 1
# How far back a code is recognised as one that has expired rather than a wrong one.
EXPIRED_WITHIN = 20
RECOVERY_CODES = 10
# Recovery codes from an alphabet with no letters to mistake for others (no 0/O, 1/I/L) or to spell
# words with: 10 characters of 32, 50 bits, beyond guessing under the sign-in limits.
RECOVERY_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
RECOVERY_LENGTH = 10


class Check(enum.Enum):
    OK = "ok"
    WRONG = "wrong"
    EXPIRED = "expired"
    USED = "used"


def new_secret() -> str:
    """160 random bits in base32, the length RFC 4226 recommends and authenticator apps expect."""
    return pyotp.random_base32(32)


def provisioning_uri(secret: str, username: str) -> str:
    """The otpauth:// address the QR code holds: the app names the account "Qoljetimdi (username)"."""
    return pyotp.TOTP(secret, interval=STEP).provisioning_uri(name=username, issuer_name=ISSUER)


def grouped(secret: str) -> str:
    """The secret in groups of 4, as people read it out and type it: "ABCD EFGH …"."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def step_of(moment: dt.datetime) -> int:
    return int(moment.timestamp()) // STEP


def code_at_step(secret: str, step: int) -> str:
    return pyotp.TOTP(secret, interval=STEP).at(step * STEP)


def check_code(session: Session, account, code: str, now: dt.datetime) -> Check:
    """Check the app's code for `account`; an accepted code's step is kept, so that neither it nor an
    earlier one is accepted again (RFC 6238, section 5.2): a code seen over a shoulder or in a
    proxy's log is worth nothing once used. The step is claimed by one conditional UPDATE, so that
    of two requests sending the same code at once only one gets in."""
    secret, current = account.totp_secret, step_of(now)
    for step in range(current - WINDOW, current + WINDOW + 1):
        if hmac.compare_digest(code_at_step(secret, step), code):
            model = type(account)
            claimed = session.execute(
                update(model).where(model.id == account.id,
                                    or_(model.totp_last_step.is_(None), model.totp_last_step < step))
                .values(totp_last_step=step).execution_options(synchronize_session=False))
            if claimed.rowcount != 1:
                return Check.USED
            set_committed_value(account, "totp_last_step", step)
            return Check.OK
    for step in range(current - EXPIRED_WITHIN, current - WINDOW):
        if hmac.compare_digest(code_at_step(secret, step), code):
            return Check.EXPIRED
    return Check.WRONG


def start_set_up(account) -> None:
    """A new secret for an account without a second factor; kept until the app's first code confirms
    it, so that the page shows the same QR code when it is opened again."""
    if account.totp_secret is None or account.totp_confirmed_at is not None:
        account.totp_secret, account.totp_confirmed_at, account.totp_last_step = new_secret(), None, None


def confirm_set_up(account, now: dt.datetime) -> list[str]:
    """The app's first code was right: the second factor is on, with 10 new recovery codes, returned
    to be shown once and kept only as hashes."""
    account.totp_confirmed_at = now
    codes = [new_recovery_code() for _ in range(RECOVERY_CODES)]
    account.recovery_codes = [hash_password(code) for code in codes]
    return [readable(code) for code in codes]


def new_recovery_code() -> str:
    return "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))


def readable(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def normalised_recovery_code(typed: str) -> str:
    """As it is kept: people copy the dash or not, in either case, with spaces."""
    return "".join(c for c in typed.lower() if c.isalnum())


def use_recovery_code(account, typed: str) -> bool:
    """A recovery code not used yet: it is struck off, as each works once."""
    code = normalised_recovery_code(typed)
    for stored in account.recovery_codes or []:
        if verify(stored, code):
            account.recovery_codes = [other for other in account.recovery_codes if other != stored]
            return True
    return False


def reset(account) -> None:
    """Forget the app and the recovery codes: the account sets them up again at its next sign-in."""
    account.totp_secret = account.totp_confirmed_at = account.totp_last_step = None
    account.recovery_codes = None
