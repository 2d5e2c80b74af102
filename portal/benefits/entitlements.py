"""Benefits a person may be entitled to and does not receive (issue #25, point 3).

Plain functions over registry records, one per benefit, so that each rule is tested on its own
(tests/benefits/test_entitlements.py). The source is ../shared/BENEFITS.md, a summary of the Social
Code of 20.04.2023 No. 224-VII and of ministry texts; its sections are cited as §n. Where it marks a
rule or an amount as inferred (~) or unverified (?), the result says so (`confirmed` is False, and the
page says "may") and a comment names the open question of BENEFITS.md §10 that would settle it.

The portal never computes the amount a person receives: that is the payer's figure, as the registry
gives it (§2.4). An amount here is an estimate for a benefit not received, the subsistence minimum
of the budget law times the benefit's multiple, and is only ever shown labelled as one.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from portal.iin import age_on
from portal.registry.records import DecisionRecord, PersonRecord

# The subsistence minimum of the law on the republican budget, in tenge, by year (§0). Benefits are
# multiples of it. Never the monthly statistical subsistence minimum of the Bureau of National
# Statistics, which is another figure (§0, the warning). A year missing here gives no estimate.
SUBSISTENCE_MINIMUM = {2025: 46_228, 2026: 50_851}

# State social disability benefit (Social Code Art. 177, §2.2): multiples of the subsistence minimum.
# The tenge amounts the ministry published match these multiples exactly (§2.2, "very likely right").
ADULT_MULTIPLES = {"I": Decimal("2.2"), "II": Decimal("1.76"), "III": Decimal("1.2")}
CHILD_UNDER_7_MULTIPLE = Decimal("1.61")
# Children of 7 to 18 by group, and adults disabled since childhood (§2.2).
SINCE_CHILDHOOD_MULTIPLES = {"I": Decimal("2.2"), "II": Decimal("1.83"), "III": Decimal("1.61")}
# Causes whose multiples are those of a general illness (§1, rows 1 and 3). Work injury, occupational
# disease, military service and radiation causes have multiples BENEFITS.md did not find (§1 row 4;
# open question §10.1): for them the benefit is named without an estimate.
GENERAL_CAUSES = frozenset({"general_illness"})
# A child under 16 under the rules before July 2023 has no group, and no multiple in BENEFITS.md.
CHILDHOOD_CAUSES = frozenset({"from_childhood", "child_7_to_18", "child_16_to_18"})
UNDER_7_CAUSES = frozenset({"child_under_7"})

# The benefit to a parent or guardian raising a child with disability: 1.61 (§4, confirmed).
PARENT_MULTIPLE = Decimal("1.61")
# The carer's benefit for a person with group I disability (Art. 187): 1.61 is inferred, 1.4 raised
# by 14.5% in July 2023 (§3; open question §10.1).
CARER_MULTIPLE = Decimal("1.61")

# The social payment for loss of working capacity (§5): from 30% loss of general working capacity
# set by MSE, up to the general retirement age (2025: men 63, women 61). It is paid only to
# participants of compulsory social insurance, which the registry does not know: always "may".
WORKING_CAPACITY_LOSS_FROM = 30
RETIREMENT_AGE = {"male": 63, "female": 61}

# egov.kz services that assign each benefit (§7).
SERVICES = {
    "disability_benefit": "https://egov.kz/cms/en/government-services/for_citizen/pass153_mtszn",
    "carer_benefit": "https://egov.kz/cms/en/services/pass62-3_mtszn",
    "parent_benefit": "https://egov.kz/cms/en/services/pass158_mtszn",
    "working_capacity_loss": "https://egov.kz/cms/en/services/pass155_mtszn",
}

# A benefit a person has in these states is theirs: received, or suspended and to be restored (the
# page of their payments says how). Stopped, it is theirs no more, but for one replaced at their
# choice by a pension (Art. 175 p.7, §2.1): that is a choice made, not a right missed.
HELD = frozenset({"assigned", "suspended"})
CHOSEN_INSTEAD = frozenset({"replaced_by_pension"})


@dataclass(frozen=True)
class Held:
    """A benefit of the registry, as these rules need it: its kind, its status and the reason for
    it, and the person it is about when not the recipient (the child, the person cared for)."""

    kind: str
    status: str
    status_reason: str | None = None
    for_iin: str | None = None


@dataclass(frozen=True)
class Possible:
    """A benefit the person may be entitled to and does not receive."""

    kind: str
    article: str | None  # of the Social Code; None where BENEFITS.md has not confirmed its number
    service: str
    multiple: Decimal | None = None  # of the subsistence minimum; None when unknown or individual
    confirmed: bool = True  # False: BENEFITS.md marks the rule or the amount as inferred or unverified
    for_iin: str | None = None  # the child, for the parent's benefit
    excludes_assistant: bool = False  # Art. 163 p.2: not with an individual assistant

    def estimate(self, today: dt.date) -> int | None:
        """The estimated monthly amount in tenge for today's year, or None when it cannot be estimated.
        Rounded up to a whole tenge, as the ministry's 2025 figures are; the rule of Order No. 257 was
        not read (§2.4; open question §10.2), so an estimate may differ from the payer's by 1 tenge."""
        minimum = SUBSISTENCE_MINIMUM.get(today.year)
        if self.multiple is None or minimum is None:
            return None
        return math.ceil(self.multiple * minimum)


def holds(benefits: Iterable[Held], kind: str, for_iin: str | None = None) -> bool:
    return any(b.kind == kind and (for_iin is None or b.for_iin == for_iin)
               and (b.status in HELD or b.status_reason in CHOSEN_INSTEAD) for b in benefits)


def disability_multiple(decision: DecisionRecord) -> Decimal | None:
    """The multiple of the state social disability benefit under this decision (§2.2); None when
    BENEFITS.md does not know it (causes other than illness and childhood, §10.1)."""
    if decision.cause in UNDER_7_CAUSES:
        return CHILD_UNDER_7_MULTIPLE
    if decision.cause in CHILDHOOD_CAUSES:
        return SINCE_CHILDHOOD_MULTIPLES.get(decision.disability_group)
    if decision.cause in GENERAL_CAUSES:
        return ADULT_MULTIPLES.get(decision.disability_group)
    return None


def disability_benefit(decision: DecisionRecord | None, benefits: Iterable[Held]) -> Possible | None:
    """The state social disability benefit: assigned once disability is established, whether or not
    the person works (Art. 175 p.1, p.3). Its amounts are confirmed for illness and childhood."""
    if decision is None or holds(benefits, "disability_benefit"):
        return None
    multiple = disability_multiple(decision)
    return Possible("disability_benefit", article="175", service=SERVICES["disability_benefit"],
                    multiple=multiple, confirmed=multiple is not None)


def carer_benefit(person: PersonRecord, decision: DecisionRecord | None, today: dt.date) -> Possible | None:
    """A benefit to whoever directly cares for an adult with group I disability, whatever the cause
    and the kinship (Art. 187, §3). While it is paid, the person is not given an individual
    assistant (Art. 163 p.2): the page says so, for the person to choose knowingly.

    Only for adults: a child's parent has the parent's benefit (§4), and whether both may be paid
    for one child is not known (open question §10.5). The amount is inferred (§10.1)."""
    if (decision is None or decision.disability_group != "I" or person.carer_allowance_paid
            or age_on(person.birth_date, today) < 18):
        return None
    return Possible("carer_benefit", article="187", service=SERVICES["carer_benefit"], multiple=CARER_MULTIPLE,
                    confirmed=False, excludes_assistant=True)


def parent_benefits(children: Iterable[tuple[PersonRecord, DecisionRecord | None]], benefits: Iterable[Held],
                    today: dt.date) -> list[Possible]:
    """A benefit to the mother or father, adoptive parent or guardian raising a child with disability,
    for each child under 18 with a decision in force, on top of the child's own benefit (§4). The
    article's number is not confirmed (Art. 186?, open question §10.1): the page names the Social
    Code without it."""
    benefits = list(benefits)
    return [Possible("parent_benefit", article=None, service=SERVICES["parent_benefit"], multiple=PARENT_MULTIPLE,
                     for_iin=child.iin)
            for child, decision in children
            if decision is not None and age_on(child.birth_date, today) < 18
            and not holds(benefits, "parent_benefit", child.iin)]


def working_capacity_loss(person: PersonRecord, decision: DecisionRecord | None, benefits: Iterable[Held],
                          today: dt.date) -> Possible | None:
    """The social payment of the State Social Insurance Fund, from 30% loss of general working capacity,
    up to the retirement age, even while working (Social Code Art. 171 p.7, §5). Its amount depends on
    the person's insured income: no estimate. Whether social contributions were paid for the person
    the registry does not know, so it is always "may"."""
    if (decision is None or (decision.general_capacity_loss or 0) < WORKING_CAPACITY_LOSS_FROM
            or age_on(person.birth_date, today) >= RETIREMENT_AGE.get(person.sex, 61)
            or holds(benefits, "working_capacity_loss")):
        return None
    return Possible("working_capacity_loss", article="171", service=SERVICES["working_capacity_loss"],
                    confirmed=False)


def possible_benefits(person: PersonRecord, decision: DecisionRecord | None, benefits: Iterable[Held],
                      children: Iterable[tuple[PersonRecord, DecisionRecord | None]], today: dt.date) -> list[Possible]:
    """Every benefit the person may be entitled to and does not receive: their own, from their decision
    in force, and a parent's, for each child with disability they represent."""
    benefits = list(benefits)
    found = [disability_benefit(decision, benefits), carer_benefit(person, decision, today),
             working_capacity_loss(person, decision, benefits, today)]
    return [p for p in found if p is not None] + parent_benefits(children, benefits, today)
