"""The statement of benefits received (issue #25, point 4): the benefits the person was paid in the
12 whole months before the month it is made, month by month, and what each pays now, as the
registry says on that day. It is the paper other offices ask for.

A statement of status shows a decision, which never changes, so it is drawn again from the registry
each time. Benefits and payments do change (a late payment, a recalculation, a benefit suspended),
so this statement keeps what it says in `Statement.content`: its page and PDF show that, and
/verify compares it with what the registry says now of the same months."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal import access, audit
from portal.models import Statement
from portal.references import new_reference
from portal.registry import RegistryClient
from portal.registry.records import BenefitRecord, PersonRecord
from portal.registry.rules import months_after

KIND = "benefits"
SCOPE = "payments"  # it shows what the payments page shows, no more
MONTHS = 12


@dataclass(frozen=True)
class StatedBenefit:
    kind: str
    status: str
    monthly_amount: int
    valid_from: dt.date
    valid_until: dt.date | None
    payer: str
    for_person: str | None  # the full name of the child or of the person cared for
    paid: int  # in the months the statement covers


@dataclass(frozen=True)
class StatedPayment:
    month: dt.date
    benefit: int  # its benefit's place in BenefitsStated.benefits
    amount: int
    paid_on: dt.date


@dataclass(frozen=True)
class BenefitsStated:
    """What a statement of benefits says: the months it covers, first and last (first days), the
    benefits paid in them or assigned now, and their payments, newest first."""

    first_month: dt.date
    last_month: dt.date
    benefits: tuple[StatedBenefit, ...]
    payments: tuple[StatedPayment, ...]

    @property
    def total(self) -> int:
        return sum(payment.amount for payment in self.payments)

    def same_money(self, other: BenefitsStated) -> bool:
        """Whether `other` says the same of every benefit and payment: the names of the people
        a benefit is for are left out, as a name corrected changes nothing the statement proves."""
        def unnamed(stated):
            return [replace(benefit, for_person=None) for benefit in stated.benefits], stated.payments
        return unnamed(self) == unnamed(other)

    def to_json(self) -> dict:
        return to_json(asdict(self))

    @classmethod
    def from_json(cls, content: dict) -> BenefitsStated:
        return cls(first_month=day(content["first_month"]), last_month=day(content["last_month"]),
                   benefits=tuple(StatedBenefit(**{**b, "valid_from": day(b["valid_from"]),
                                                   "valid_until": day(b["valid_until"])})
                                  for b in content["benefits"]),
                   payments=tuple(StatedPayment(**{**p, "month": day(p["month"]), "paid_on": day(p["paid_on"])})
                                  for p in content["payments"]))


def to_json(value):
    if isinstance(value, dict):
        return {key: to_json(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(item) for item in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def months_covered(today: dt.date) -> tuple[dt.date, dt.date]:
    """The 12 whole months before this one: this month's payment may still be on its way, and a
    statement that it would make out of date the day it arrives proves nothing."""
    this_month = today.replace(day=1)
    return months_after(this_month, -MONTHS), months_after(this_month, -1)


def stated(benefits: list[BenefitRecord], names: dict[str, PersonRecord], first: dt.date,
           last: dt.date) -> BenefitsStated:
    """What a statement of the months `first` to `last` says of these benefits: each one paid in
    them or assigned now, in the registry's order (newest first), with its payments in them. A
    benefit suspended is still assigned (its payments wait); one stopped is left out unless it
    paid in those months."""
    shown, payments = [], []
    for benefit in benefits:
        paid = [p for p in benefit.payments if first <= p.month <= last]
        if not paid and benefit.status == "stopped":
            continue
        for_person = names.get(benefit.for_person_iin) if benefit.for_person_iin else None
        payments += [StatedPayment(p.month, len(shown), p.amount, p.paid_on) for p in paid]
        shown.append(StatedBenefit(benefit.kind, benefit.status, benefit.monthly_amount, benefit.valid_from,
                                   benefit.valid_until, benefit.payer, for_person.full_name if for_person else None,
                                   sum(p.amount for p in paid)))
    payments.sort(key=lambda p: (p.month, -p.benefit), reverse=True)
    return BenefitsStated(first, last, tuple(shown), tuple(payments))


def read(registry: RegistryClient, iin: str, first: dt.date, last: dt.date) -> BenefitsStated:
    """What the registry says now of the person's benefits in the months `first` to `last`."""
    benefits = registry.benefits(iin) or []
    names = {}
    for iin_named in {b.for_person_iin for b in benefits if b.for_person_iin}:
        person = registry.find_person(iin_named)
        if person is not None:
            names[iin_named] = person
    return stated(benefits, names, first, last)


def create(session: Session, authority: access.Authority, content: BenefitsStated) -> Statement:
    """A statement saying `content` of the authority's person, made by its actor: themselves, or a
    carer with a mandate that covers payments, whom the audit names as the one who made it."""
    access.check(authority, SCOPE, "benefits statement")
    statement = Statement(reference=new_reference(), iin=authority.person_iin, kind=KIND, content=content.to_json())
    session.add(statement)
    audit.record("benefits_statement_created", actor_iin=authority.actor_iin, subject_iin=authority.person_iin,
                 detail=statement.reference, session=session)
    session.commit()
    return statement


def statement_for(session: Session, authority: access.Authority, reference: str) -> Statement | None:
    """The person's statement of benefits with this reference, within the authority: the scope is
    checked before the statement is looked for, so a carer without it learns of no reference."""
    access.check(authority, SCOPE, "benefits statement")
    found = session.scalar(select(Statement).where(Statement.reference == reference, Statement.kind == KIND,
                                                   Statement.iin == authority.person_iin))
    if found is not None:
        access.note_read(authority, "benefits statement")
    return found


def still_says(registry: RegistryClient, iin: str, said: BenefitsStated) -> bool:
    """Whether the registry still says of the person `iin` what a statement `said` of its months."""
    return said.same_money(read(registry, iin, said.first_month, said.last_month))
