"""What the page of a person's benefits and payments shows (issue #25, point 2 and point 3).

Amounts are the payer's, as the registry gives them (BENEFITS.md §2.4): nothing here computes what
a person receives. The only computed amount is the estimate of a benefit the person may be
entitled to and does not receive (portal/benefits/entitlements.py), and the page labels it so.
The registry gives no day of the next payment, and BENEFITS.md found none (§2.5, open question
§10.3): the page shows the payments made, never a date it would have to invent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from portal import access
from portal.benefits.entitlements import Held, Possible, possible_benefits
from portal.iin import age_on
from portal.registry import registry
from portal.registry.records import BenefitRecord, DecisionRecord, PaymentRecord, PersonRecord
from portal.registry.rules import months_after

# The payments table covers the 12 newest months paid, none older than a year before this month:
# a benefit stopped long ago does not fill the table with its old months.
MONTHS_SHOWN = 12
# A benefit in these states is paid; suspended or stopped, the page says why and what to do.
PAID = frozenset({"assigned"})

# What to do to restore a benefit suspended or stopped for each reason (BENEFIT_STATUS_REASONS);
# the template says it in a whole sentence for each. A death or a pension chosen instead has no
# step to take on this page.
RESTORED_BY = {
    "missed_reexamination": "reexamination",
    "term_ended": "new_examination",
    "no_account_activity": "state_corporation",
    "moved_abroad": "state_corporation",
    "recipient_request": "apply_again",
    "replaced_by_pension": "state_corporation",
}


def held(benefit: BenefitRecord) -> Held:
    """A registry benefit as the rules of entitlement read it."""
    return Held(benefit.kind, benefit.status, benefit.status_reason, benefit.for_person_iin)


@dataclass(frozen=True)
class Row:
    """A line of the payments table: a payment and the benefit it paid."""

    payment: PaymentRecord
    benefit: BenefitRecord


@dataclass(frozen=True)
class Shown:
    """A benefit with the changes of its amount in the months the table shows, oldest first."""

    benefit: BenefitRecord
    changes: list[PaymentRecord]

    @property
    def restored_by(self) -> str | None:
        return RESTORED_BY.get(self.benefit.status_reason or "")


@dataclass(frozen=True)
class Payments:
    paid: list[Shown]  # received now
    not_paid: list[Shown]  # suspended or stopped: the page says why and what to do
    rows: list[Row]  # the payments of the last 12 months, newest first
    months: int  # how many months the table covers
    possible: list[Possible]
    names: dict[str, PersonRecord]  # the people a benefit is for (the child, the person cared for)
    today: dt.date

    @property
    def empty(self) -> bool:
        return not self.paid and not self.not_paid


def months_shown(benefits: list[BenefitRecord], today: dt.date) -> list[dt.date]:
    earliest = months_after(today.replace(day=1), -MONTHS_SHOWN)
    paid = sorted({p.month for b in benefits for p in b.payments if p.month >= earliest}, reverse=True)
    return paid[:MONTHS_SHOWN]


def children_of(authority: access.Authority, today: dt.date) -> list[tuple[PersonRecord, DecisionRecord | None]]:
    """(child, decision in force) for each person the registry says the page's person represents
    in law, read through the gate: only where the one looking may see that child too (the parent
    themselves; not a carer acting for the parent, whose mandate is not the child's)."""
    found = []
    for child in registry().represented_by(authority.person_iin):
        if age_on(child.birth_date, today) >= 18:  # the parent's benefit is for a child under 18 (§4)
            continue
        child_authority = access.authority(authority.actor_iin, child.iin)
        if child_authority is None or not child_authority.allows("view"):
            continue
        file = access.person_file(child_authority, "payments")
        found.append((child, file.decision_in_force(today) if file else None))
    return found


def payments_page(authority: access.Authority, file, today: dt.date) -> Payments:
    """The person's benefits and payments, within the payments scope, and the benefits they may be
    entitled to; the read noted as "payments"."""
    access.check(authority, "payments", "payments")
    access.note_read(authority, "payments")
    benefits = registry().benefits(authority.person_iin) or []
    months = months_shown(benefits, today)
    window = set(months)
    rows = sorted((Row(p, b) for b in benefits for p in b.payments if p.month in window),
                  key=lambda row: row.payment.month, reverse=True)
    shown = [Shown(b, sorted((p for p in b.payments if p.month in window and p.change_note), key=lambda p: p.month))
             for b in benefits]
    possible: list[Possible] = []
    names: dict[str, PersonRecord] = {}
    if file is not None:
        children = children_of(authority, today)
        names = {child.iin: child for child, _ in children}
        possible = possible_benefits(file.person, file.decision_in_force(today), [held(b) for b in benefits],
                                     children, today)
    for benefit in benefits:
        if benefit.for_person_iin and benefit.for_person_iin not in names:
            person = registry().find_person(benefit.for_person_iin)
            if person is not None:
                names[person.iin] = person
    return Payments(paid=[s for s in shown if s.benefit.status in PAID],
                    not_paid=[s for s in shown if s.benefit.status not in PAID],
                    rows=rows, months=len(months), possible=possible, names=names, today=today)
