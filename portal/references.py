"""The references of the statements the portal issues, of status and of benefits alike: one
alphabet and one shape, as /verify reads any of them."""

from __future__ import annotations

import secrets

# No 0/O or 1/I: a reference is read aloud over the phone and typed from paper.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def new_reference() -> str:
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"QJ-{code[:4]}-{code[4:]}"


def normalise_reference(text: str) -> str:
    letters = "".join(c for c in (text or "").upper() if c.isalnum())
    if letters.startswith("QJ"):
        letters = letters[2:]
    return f"QJ-{letters[:4]}-{letters[4:]}" if len(letters) == 8 else ""
