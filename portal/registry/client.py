"""RegistryClient: the one way the portal reads the registry (DESIGN.md, Architecture)."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from flask import current_app

from portal.registry.records import BenefitForPerson, BenefitRecord, DecisionRecord, PersonFile, PersonRecord


class RegistryUnavailable(Exception):
    """The registry did not answer; the caller shows a clear message, never a 500."""


class CurrentDataNeeded(RegistryUnavailable):
    """An action needs the registry as it is now (a statement, say), and only a kept copy could be read."""


class RegistryClient(Protocol):
    def ping(self) -> None:
        """Return when the registry answers; raise RegistryUnavailable otherwise."""

    def find_person(self, iin: str) -> PersonRecord | None:
        """The person with this IIN, or None."""

    def person_file(self, iin: str) -> PersonFile | None:
        """The person with their decisions and programmes, in a constant number of queries."""

    def benefits(self, iin: str, *, with_payments: bool = True) -> list[BenefitRecord] | None:
        """The person's benefits newest first, each with its recent payments newest first; None
        for nobody. Not part of person_file: only the pages about money read them. Without
        payments (`with_payments=False`), each benefit's `payments` is empty: not read."""

    def benefits_for(self, iin: str) -> list[BenefitForPerson]:
        """The benefits paid to others for this person (a carer's benefit, a parent's benefit),
        newest first, each with its holder and without payments. Nobody and a person without
        such benefits both have an empty list."""

    def represented_by(self, iin: str) -> list[PersonRecord]:
        """The persons (children) whose legal representative has this IIN."""

    def turning_18_on(self, day: dt.date) -> list[PersonRecord]:
        """Persons with a legal representative whose 18th birthday is this day."""

    def terms_ending(self, first: dt.date, last: dt.date) -> list[tuple[PersonRecord, DecisionRecord]]:
        """Persons whose current decision's term ends between the two dates, inclusive."""


def registry() -> RegistryClient:
    """The registry client bound to the current app."""
    return current_app.extensions["registry"]
