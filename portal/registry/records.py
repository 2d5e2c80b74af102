"""What RegistryClient returns: plain, immutable records, the same whichever registry answers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from portal import vocabulary as v


@dataclass(frozen=True)
class PersonRecord:
    iin: str
    surname: str
    given_name: str
    patronymic: str | None
    birth_date: dt.date
    sex: str
    region: str
    phone: str | None
    preferred_language: str
    legal_representative_iin: str | None
    carer_allowance_paid: bool
    # Last, with defaults: a remote registry's answer kept from before they were recorded still reads.
    lives_alone: bool = False
    # An adult declared incapable by a court: the court decision that appointed the guardian (the
    # legal representative), its number and date (issue #22, rule 9).
    guardianship_court_decision: str | None = None
    guardianship_decided_on: dt.date | None = None
    # The district or city of regional significance, as the registry writes it (issue #24).
    district: str | None = None

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.surname, self.given_name, self.patronymic) if part)


@dataclass(frozen=True)
class DecisionRecord:
    number: str
    decision_date: dt.date
    disability_group: str | None
    child_category: str | None
    cause: str
    onset_date: dt.date
    valid_from: dt.date
    valid_until: dt.date | None
    reexamination_date: dt.date | None
    general_capacity_loss: int | None
    professional_capacity_loss: int | None
    needs_outside_care: bool
    difficulty_moving: bool
    employer_name: str | None
    employer_liquidated: bool
    # Last, with a default: a remote registry's answer kept from before it was recorded still reads.
    employer_at_fault: bool = False

    @property
    def is_indefinite(self) -> bool:
        return self.valid_until is None

    @property
    def reexamination_due(self) -> dt.date | None:
        """When the person is to be examined again: the earlier of the re-examination date and the
        end of the term (the importer keeps the first from falling after the second); None when
        indefinite. Reminders, /cabinet/ and the registry API count from this one date."""
        dates = [day for day in (self.reexamination_date, self.valid_until) if day is not None]
        return min(dates) if dates else None


@dataclass(frozen=True)
class ItemRecord:
    line: int
    kind: str
    quantity: int | None
    hours_per_year: int | None
    status: str
    due_date: dt.date | None
    started_on: dt.date | None
    completed_on: dt.date | None
    provider: str | None
    payer: str

    @property
    def part(self) -> str:
        return v.irp_part(self.kind)


@dataclass(frozen=True)
class ProgrammeRecord:
    number: str
    decision_number: str
    drawn_up_on: dt.date
    valid_until: dt.date | None
    items: tuple[ItemRecord, ...]


def in_force(valid_until: dt.date | None, today: dt.date) -> bool:
    """A term is in force up to and including its last day; an indefinite one always."""
    return valid_until is None or today <= valid_until


@dataclass(frozen=True)
class PersonFile:
    """Everything the registry holds on one person: decisions newest first, programmes newest first.

    The newest decision and programme are shown whatever their term; only those in force grant
    anything: disability is set for a term, and once it has ended the person is examined again
    (DOMAIN.md §2.3). Until then the ended decision gives no rights, requests or interpreter hours."""

    person: PersonRecord
    decisions: tuple[DecisionRecord, ...]
    programmes: tuple[ProgrammeRecord, ...]

    @property
    def latest_decision(self) -> DecisionRecord | None:
        return self.decisions[0] if self.decisions else None

    @property
    def latest_programme(self) -> ProgrammeRecord | None:
        return self.programmes[0] if self.programmes else None

    def decision_in_force(self, today: dt.date) -> DecisionRecord | None:
        latest = self.latest_decision
        return latest if latest is not None and in_force(latest.valid_until, today) else None

    def programme_in_force(self, today: dt.date) -> ProgrammeRecord | None:
        """The newest programme, while its own term and the decision's run."""
        latest = self.latest_programme
        if latest is None or self.decision_in_force(today) is None or not in_force(latest.valid_until, today):
            return None
        return latest

    def term_ended_on(self, today: dt.date) -> dt.date | None:
        """The last day of the newest decision's term, once it has passed; None while in force."""
        latest = self.latest_decision
        return latest.valid_until if latest is not None and not in_force(latest.valid_until, today) else None


@dataclass(frozen=True)
class PaymentRecord:
    month: dt.date  # the first day of the month it pays for
    amount: int  # whole tenge, as paid
    paid_on: dt.date
    account_last4: str  # the registry holds no more of the account than this
    change_note: str | None  # why the amount differs from the month before (PAYMENT_CHANGE_NOTES)
    previous_amount: int | None


@dataclass(frozen=True)
class BenefitRecord:
    """A benefit as assigned and paid (BENEFITS.md §1); amounts as the payer gives them."""

    kind: str
    legal_basis: str
    assigned_on: dt.date
    valid_from: dt.date
    valid_until: dt.date | None
    monthly_amount: int
    status: str
    status_reason: str | None
    status_since: dt.date | None
    assigned_by: str
    payer: str
    # For the carer benefit and the parent benefit: the person cared for, or the child.
    for_person_iin: str | None
    payments: tuple[PaymentRecord, ...]  # newest first

    @property
    def last_payment(self) -> PaymentRecord | None:
        return self.payments[0] if self.payments else None


# How far back a person's payments are read: the payments page shows 12 months, and a change
# (indexation on 1 January) is explained against the months before it. Older payments stay in
# the registry; no page reads them.
PAYMENT_MONTHS_READ = 24


@dataclass(frozen=True)
class BenefitsFile:
    """A person's benefits, newest first, each with its payments since `payments_since`, newest
    first: what the registry API answers at /persons/<iin>/benefits. Kept apart from PersonFile,
    which every page reads; only the pages about money read this."""

    iin: str
    payments_since: dt.date
    benefits: tuple[BenefitRecord, ...]


@dataclass(frozen=True)
class BenefitHolder:
    """Whom a benefit is paid to, as far as a page about someone else needs them: a carer or a parent."""

    iin: str
    surname: str
    given_name: str
    patronymic: str | None

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.surname, self.given_name, self.patronymic) if part)


@dataclass(frozen=True)
class BenefitForPerson:
    """A benefit paid to someone else for a person: a carer's benefit (SC Art. 187) or a parent's
    benefit, whose `for_person_iin` is that person. What RegistryClient.benefits_for answers: the
    benefit without its payments (`benefit.payments` is empty, not read), and its holder."""

    holder: BenefitHolder
    benefit: BenefitRecord
