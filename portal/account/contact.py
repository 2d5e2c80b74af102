"""How the department should reach a person: the language to write and speak in, and what to
keep in mind (issue #23, point 12). The person sets it; staff read it beside their requests."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from portal import audit
from portal.models import Account


@dataclass(frozen=True)
class Contact:
    language: str  # a code of vocabulary.LANGUAGES
    needs: tuple[str, ...]  # codes of vocabulary.COMMUNICATION_NEEDS
    set_by_the_person: bool


def contact_of(session: Session, iin: str, registry_language: str) -> Contact:
    """How to reach the person: as they set it, or the registry's language and no needs said."""
    account = session.get(Account, iin)
    if account is None or (account.contact_language is None and not account.communication_needs):
        return Contact(registry_language, (), False)
    return Contact(account.contact_language or registry_language, tuple(account.communication_needs), True)


def save(session: Session, iin: str, *, language: str, needs: list[str]) -> None:
    """Keep what the person chose, and record that they changed it."""
    account = session.get(Account, iin) or Account(iin=iin)
    account.contact_language, account.communication_needs = language, list(needs)
    session.add(account)
    audit.record("contact_preferences_changed", actor_iin=iin, subject_iin=iin, session=session)
    session.commit()
