"""Passwords of staff and interpreters: Argon2id through argon2-cffi, with OWASP's parameters for
it (2 passes over 19 MiB, one lane). A hash made before (werkzeug's scrypt) is still read, and
replaced by an Argon2id one at the account's next sign-in, when the password is at hand."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from werkzeug.security import check_password_hash

HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def verify(stored: str, password: str) -> bool:
    if not stored.startswith("$argon2"):
        return check_password_hash(stored, password)
    try:
        return HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """Not Argon2id with today's parameters: hash it again while the password is at hand."""
    return not stored.startswith("$argon2") or HASHER.check_needs_rehash(stored)
