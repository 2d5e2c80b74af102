"""What can be asked for, who may ask, and the questions each kind asks, one a page.

Eligibility follows the person's decision and programme in force (portal/rights/services.py);
when someone may not ask, `Eligibility.reason` names why, and the start page says what to do
instead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from portal.registry.records import ItemRecord, PersonFile
from portal.rights import services as rules

# Aids a person asks the department for (prosthetic items have their own kind).
AIDS = rules.AID_KINDS - {"prosthetic_orthopaedic"}
OPEN_ITEM_STATUSES = {"planned", "not_provided"}
# How a person shows that an aid is broken (issue #23, point 3): a photo is one way, not the only one.
PROOFS = ("photo", "inspection", "later")


@dataclass(frozen=True)
class Eligibility:
    allowed: bool
    # "no_decision", "term_ended", "no_item", "no_provided_aid", "employer_pays", "voucher_given",
    # "carer_allowance", "not_entitled"
    reason: str | None = None


ALLOWED = Eligibility(True)


@dataclass(frozen=True)
class Kind:
    code: str
    questions: tuple[str, ...]
    item_kinds: frozenset[str] = frozenset()  # the programme items the "item" question offers
    item_statuses: frozenset[str] = frozenset(OPEN_ITEM_STATUSES)

    def items(self, file: PersonFile | None, today: dt.date, *, with_employer_paid: bool = False) -> list[ItemRecord]:
        """The programme's items this kind asks for; not those the employer at fault pays for,
        which the person asks the employer for, not the department."""
        programme = file.programme_in_force(today) if file else None
        if programme is None:
            return []
        return [i for i in programme.items if i.kind in self.item_kinds and i.status in self.item_statuses
                and (with_employer_paid or i.payer != "employer")]

    def questions_for(self, file: PersonFile | None, today: dt.date) -> tuple[str, ...]:
        """The questions this person is asked: whom they take along only where the law lets them."""
        decision = file.decision_in_force(today) if file else None
        if "companion" in self.questions and not rules.may_take_companion(decision):
            return tuple(q for q in self.questions if q != "companion")
        return self.questions

    def proof_asked(self, answers: dict) -> bool:
        """Whether the person is asked how they show the aid is broken: a photo, an inspection or
        a document later (issue #23, point 3), so that nobody who cannot take a photo is shut out.
        Until the problem is answered, the journey takes it that the aid may be broken."""
        return "proof" in self.questions and answers.get("problem", "broken") == "broken"

    def photo_needed(self, answers: dict) -> bool:
        """Whether the request needs a photo of the aid: a broken one whose photo the person chose
        to send (a request from before the choice was asked sent one). The page asks for it and
        the API refuses a request without it, as `submit` does."""
        return self.proof_asked(answers) and answers.get("proof", "photo") == "photo"

    def asks(self, question: str, answers: dict) -> bool:
        """Whether the journey asks `question`, given the answers so far: the choice of proof and
        the photo only for a broken aid, the photo only when the person chose to send one."""
        if question == "proof":
            return self.proof_asked(answers)
        if question == "evidence":
            return self.photo_needed(answers)
        return True

    def eligibility(self, file: PersonFile | None, today: dt.date) -> Eligibility:
        if self.code == "contact_details":
            return ALLOWED
        if file is None or file.latest_decision is None:
            return Eligibility(False, "no_decision")
        if file.term_ended_on(today):
            return Eligibility(False, "term_ended")
        decision, programme = file.decision_in_force(today), file.programme_in_force(today)
        if self.code in EMPLOYER_MAY_PAY and self.employer_pays(file, today):
            return Eligibility(False, "employer_pays")
        if "item" in self.questions and not self.items(file, today):
            return Eligibility(False, "no_provided_aid" if self.code == "aid_replacement" else "no_item")
        if self.code == "sanatorium" and not rules.sanatorium(decision, programme):
            return Eligibility(False, "no_item")
        # One voucher a programme (issue #22, rule 10): once given, it is not asked for again.
        if self.code == "sanatorium" and not any(i.kind == "sanatorium" and i.status in OPEN_ITEM_STATUSES
                                                 for i in programme.items):
            return Eligibility(False, "voucher_given")
        if self.code == "personal_assistant":
            assistant = rules.personal_assistant(file.person, programme)
            if assistant is None:
                return Eligibility(False, "not_entitled")
            if not assistant.granted:
                return Eligibility(False, assistant.reason)
        if self.code == "home_social_services" and not rules.home_social_services(file.person, decision, programme):
            return Eligibility(False, "not_entitled")
        return ALLOWED


    def employer_pays(self, file: PersonFile, today: dt.date) -> bool:
        """Whether every item of the programme this kind would ask for is the employer's to pay."""
        programme = file.programme_in_force(today)
        kinds = {"sanatorium"} if self.code == "sanatorium" else self.item_kinds
        wanted = [i for i in programme.items if i.kind in kinds and i.status in OPEN_ITEM_STATUSES] if programme else []
        return bool(wanted) and all(i.payer == "employer" for i in wanted)


# What the employer at fault may pay for (DOMAIN.md §1.13): the person asks the employer.
EMPLOYER_MAY_PAY = frozenset({"sanatorium", "technical_aid", "prosthetic"})

KINDS = {
    kind.code: kind
    for kind in (
        Kind("technical_aid", ("item", "note"), item_kinds=frozenset(AIDS)),
        Kind("prosthetic", ("item", "note"), item_kinds=frozenset({"prosthetic_orthopaedic"})),
        Kind("sanatorium", ("season", "companion", "note")),
        Kind("personal_assistant", ("hours", "note")),
        Kind("home_social_services", ("help_with", "note")),
        Kind("aid_replacement", ("item", "problem", "proof", "evidence", "note"),
             item_kinds=frozenset(rules.AID_KINDS), item_statuses=frozenset({"provided"})),
        Kind("contact_details", ("phone",)),
    )
}


def item_key(item: ItemRecord) -> str:
    return str(item.line)
