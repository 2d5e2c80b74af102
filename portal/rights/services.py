"""What the law gives one person, from their MSE decision and programme in force.

Plain functions over registry records, so each rule and each exception is tested on its own
(tests/rights/test_services.py). Sources: the Social Code of 20.04.2023 No. 224-VII and the
rules under it, as summarised in DOMAIN.md §1.13–§1.19 and §5.2.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from portal.registry.records import DecisionRecord, PersonFile, PersonRecord, ProgrammeRecord
from portal.registry.rules import current_rules
from portal.vocabulary import EMPLOYER_LIABLE_CAUSES

# Art. 163 p.2: an individual assistant serves up to 8 hours a day.
ASSISTANT_HOURS_PER_DAY = 8
# Programme items that are technical aids or special means of mobility (DOMAIN.md §3.3).
AID_KINDS = frozenset({"prosthetic_orthopaedic", "surdo_technical", "typhlo_technical", "hygiene", "mobility"})


@dataclass(frozen=True)
class Entitlement:
    """Something the person can have. `granted` is False when an exception stops it; `reason`
    then names the exception (e.g. "carer_allowance")."""

    code: str
    payer: str = "state"
    granted: bool = True
    reason: str | None = None
    hours_per_day: int | None = None
    hours_per_year: int | None = None
    employer_name: str | None = None


def payer(decision: DecisionRecord) -> str:
    """Who pays for aids and treatment under this decision.

    The employer pays for a work injury or an occupational disease only when the investigation
    found it at fault (employer_at_fault), and while it exists. When that employer has been
    liquidated (or the entrepreneur has stopped trading), or was not at fault, the person gets
    them the general way, from the state budget (law of 2005 Art. 22 p.3; the seed's wording for
    sanatorium treatment, "at the employer's expense", cannot apply to an employer that no
    longer exists: DOMAIN.md §0, §1.13).
    """
    if (decision.cause in EMPLOYER_LIABLE_CAUSES and decision.employer_name and decision.employer_at_fault
            and not decision.employer_liquidated):
        return "employer"
    return "state"


def state_pays_because(decision: DecisionRecord) -> str | None:
    """Why the state pays under a work injury or an occupational disease, when it does: the employer
    at fault was liquidated, or the employer was found not at fault; None otherwise."""
    if decision.cause not in EMPLOYER_LIABLE_CAUSES or not decision.employer_name:
        return None
    if not decision.employer_at_fault:
        return "employer_not_at_fault"
    return "employer_liquidated" if decision.employer_liquidated else None


def has_item(programme: ProgrammeRecord | None, kinds) -> bool:
    """Whether the programme has an item of these kinds that still counts: not one found not provided."""
    return programme is not None and any(item.kind in kinds and item.status != "not_provided"
                                         for item in programme.items)


def personal_assistant(person: PersonRecord, programme: ProgrammeRecord | None) -> Entitlement | None:
    """An individual assistant, up to 8 hours a day, as the programme in force gives one (issue #22,
    rule 3). The law's condition, group I with difficulty moving (Art. 163 p.2), is what the
    examination weighs when it writes the item, and what the pages show; not while a carer's
    benefit (Art. 187) is paid for the same person."""
    if not has_item(programme, {"personal_assistant"}):
        return None
    if person.carer_allowance_paid:
        return Entitlement("personal_assistant", granted=False, reason="carer_allowance",
                           hours_per_day=ASSISTANT_HOURS_PER_DAY)
    return Entitlement("personal_assistant", hours_per_day=ASSISTANT_HOURS_PER_DAY)


def sign_language(programme: ProgrammeRecord | None, default_hours: int) -> Entitlement | None:
    """Hours of a sign-language specialist a year, as the programme's item says, for a person whose
    programme provides them; an item found not provided gives none. `default_hours`, for an item
    kept without its hours, is a setting with its source (portal/registry/rules.py), not law."""
    items = [i for i in programme.items if i.kind == "sign_language" and i.status != "not_provided"] if programme else []
    if not items:
        return None
    return Entitlement("sign_language", hours_per_year=max(i.hours_per_year or default_hours for i in items))


def sanatorium(decision: DecisionRecord, programme: ProgrammeRecord | None) -> Entitlement | None:
    """Sanatorium treatment by the programme, paid by the employer at fault or by the state."""
    if not has_item(programme, {"sanatorium"}):
        return None
    return paid_by(decision, "sanatorium")


def may_take_companion(decision: DecisionRecord | None) -> bool:
    """Whether a sanatorium voucher may name an accompanying person: for a child with disability and
    for a person with group I disability (issue #22, rule 10; the order of sanatorium treatment,
    DOMAIN.md §1.13). Others go alone."""
    return decision is not None and (bool(decision.child_category) or decision.disability_group == "I")


def technical_aids(decision: DecisionRecord, programme: ProgrammeRecord | None) -> Entitlement | None:
    """Technical aids and special means of mobility by the programme, with the same payer rule."""
    if not has_item(programme, AID_KINDS):
        return None
    return paid_by(decision, "technical_aids")


def home_social_services(person: PersonRecord, decision: DecisionRecord,
                         programme: ProgrammeRecord | None) -> Entitlement | None:
    """Social services at home (DOMAIN.md §1.19; issue #22, rule 5): by the programme; for a child
    who needs care from another person, of any age or group; for an adult of group I or II who
    needs that care and lives alone (law of 2005 Art. 23 as reworded in 2015). Another adult who
    needs care may be eligible under the Social Code's assessment of needs, which the department
    makes: reason "needs_assessment"."""
    if has_item(programme, {"home_social_services"}):
        return Entitlement("home_social_services")
    if not decision.needs_outside_care:
        return None
    if decision.child_category or (decision.disability_group in {"I", "II"} and person.lives_alone):
        return Entitlement("home_social_services")
    return Entitlement("home_social_services", reason="needs_assessment")


def paid_by(decision: DecisionRecord, code: str) -> Entitlement:
    who = payer(decision)
    if who == "employer":
        return Entitlement(code, payer=who, employer_name=decision.employer_name)
    return Entitlement(code, payer=who, reason=state_pays_because(decision), employer_name=decision.employer_name)


def personal_entitlements(file: PersonFile, today: dt.date) -> list[Entitlement]:
    """Every entitlement that follows from the person's decision and programme in force, in a
    fixed order; empty when the person has no decision, or its term has ended."""
    decision, programme = file.decision_in_force(today), file.programme_in_force(today)
    if decision is None:
        return []
    found = [
        personal_assistant(file.person, programme),
        sign_language(programme, current_rules().sign_language_hours_default),
        sanatorium(decision, programme),
        technical_aids(decision, programme),
        home_social_services(file.person, decision, programme),
    ]
    return [entitlement for entitlement in found if entitlement]


def days_to_reexamination(decision: DecisionRecord, today: dt.date) -> int | None:
    """Days left until the re-examination date; None when the term is indefinite."""
    due = decision.reexamination_due
    return None if due is None else (due - today).days
