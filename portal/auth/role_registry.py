"""The roles one can be signed in as: a person, staff, an interpreter. Each role's session registers
itself here (the person's in portal/auth/session.py, the others through RoleSession in
portal/auth/roles.py), so what holds for every role (the page header, no stored copy of a personal
page) goes through this list, and auth imports none of the areas built on it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Role:
    # The role of the session's record (portal/auth/records.py).
    name: str
    # Kept in the cookie while signed in: it marks a personal page, and the header shows it while
    # the database cannot be reached.
    cookie_key: str
    # The name templates know the signed-in account (or IIN) by; None when no one is signed in in this role.
    template_variable: str
    # The signed-in account of this role, or None.
    current: Callable[[], object]


# By name, in the order registered.
ROLES: dict[str, Role] = {}


def register_role(role: Role) -> None:
    """Refuses a name taken already: two sessions would each take the other's sign-ins for their own."""
    if role.name in ROLES:
        raise ValueError(f"A role named {role.name!r} is registered already")
    ROLES[role.name] = role


def registered_roles() -> list[Role]:
    return list(ROLES.values())
