"""Bearer tokens a person makes for an app: shown once, kept only as a hash, revocable at any time.

A token acts as the person who made it: it reads what they may read (their own data and the
data of those they act for, within each mandate) and does what they may do, nothing more.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal import audit
from portal.models import ApiToken
from portal.models.types import utcnow

PREFIX = "qj_"
MAX_TOKENS = 10
# The settings page shows when a token was last used; this is as precise as that needs to be.
LAST_USED_PRECISION = dt.timedelta(minutes=1)


class TokenError(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create(session: Session, *, iin: str, name: str) -> tuple[ApiToken, str]:
    """A new token for the person; the secret is returned once and never stored.
    TokenError("too_many") when the person already has MAX_TOKENS active tokens."""
    if len(active_tokens(session, iin)) >= MAX_TOKENS:
        raise TokenError("too_many")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(iin=iin, name=name.strip(), token_hash=digest(secret), prefix=secret[:10])
    session.add(token)
    audit.record("api_token_created", actor_iin=iin, subject_iin=iin, detail=name.strip(), session=session)
    session.commit()
    return token, secret


def active_tokens(session: Session, iin: str) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).where(ApiToken.iin == iin, ApiToken.revoked_at.is_(None))
                                .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def revoke(session: Session, *, iin: str, token_id: int) -> ApiToken:
    """Stop a token of the person's at once; TokenError("not_found") for anyone else's."""
    token = session.get(ApiToken, token_id)
    if token is None or token.iin != iin or token.revoked_at is not None:
        raise TokenError("not_found")
    token.revoked_at = utcnow()
    audit.record("api_token_revoked", actor_iin=iin, subject_iin=iin, detail=token.name, session=session)
    session.commit()
    return token


def holder(session: Session, secret: str) -> str | None:
    """The IIN of the person an active token belongs to, or None; records when it was last used."""
    if not secret.startswith(PREFIX):
        return None
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(secret),
                                                  ApiToken.revoked_at.is_(None)))
    if token is None:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        token.last_used_at = now  # written once a minute at most, not on every call
    return token.iin
