"""The tokens of the services allowed to read the registry API (REGISTRY_API_TOKENS).

A token is the only thing between a caller and every person in the registry, so it must be too
long to guess: MIN_LENGTH characters at least. A shorter one is refused when the app starts
(portal.check_config) and never accepted at a request, should it be set afterwards.
"""

from __future__ import annotations

import hmac
import secrets

VARIABLE = "REGISTRY_API_TOKENS"
MIN_LENGTH = 32


def parse(text: str | None) -> dict[str, str]:
    """"name:token" pairs separated by commas, as {name: token}; the name goes to the audit log."""
    pairs = [pair.split(":", 1) for pair in (text or "").split(",") if ":" in pair]
    return {name.strip(): token.strip() for name, token in pairs if token.strip()}


def too_short(text: str | None) -> list[str]:
    """The names of the services whose token is shorter than MIN_LENGTH."""
    return [name for name, token in parse(text).items() if len(token) < MIN_LENGTH]


def problem(text: str | None) -> str | None:
    """What is wrong with REGISTRY_API_TOKENS, said for the operator, or None."""
    short = too_short(text)
    if not short:
        return None
    return (f"{VARIABLE}: the token of {', '.join(short)} is shorter than {MIN_LENGTH} characters. "
            f"Make a new one with `flask registry new-token NAME` and give it to the service.")


def accepted(text: str | None) -> dict[str, str]:
    """The tokens a request may present: the configured ones long enough to be safe."""
    return {name: token for name, token in parse(text).items() if len(token) >= MIN_LENGTH}


def service_named_by(presented: str, text: str | None) -> str | None:
    """The name of the service whose token was presented, or None. Every configured token is
    compared in constant time, so the answer takes as long whichever one matches."""
    found = None
    if len(presented) < MIN_LENGTH:
        return None
    for name, expected in accepted(text).items():
        if hmac.compare_digest(presented.encode(), expected.encode()):
            found = name
    return found


def new_token() -> str:
    """A new service token: 43 characters of a URL-safe alphabet (256 random bits)."""
    return secrets.token_urlsafe(32)
