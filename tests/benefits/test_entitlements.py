"""One test per rule of portal/benefits/entitlements.py, each citing ../shared/BENEFITS.md."""

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from portal.benefits import entitlements as rules
from portal.benefits.entitlements import Held
from tests.rights import test_services as rights

# The adult of the rights' tests, with a decision of group II for a general illness, 20% loss of
# general working capacity.
ADULT = rights.PERSON
DECISION = replace(rights.DECISION, general_capacity_loss=20)
GROUP_I = replace(DECISION, disability_group="I", general_capacity_loss=None)
# A day in 2026, within DECISION's term (the subsistence minimum of 2026 is 50,851 tenge, §0).
TODAY = dt.date(2026, 6, 15)
CHILD = replace(ADULT, iin="200315600182", given_name="Айару", birth_date=dt.date(2020, 3, 15), sex="female",
                legal_representative_iin=ADULT.iin)
UNDER_7 = replace(DECISION, disability_group=None, child_category="under_7", cause="child_under_7",
                  general_capacity_loss=None)


def kinds(found) -> list[str]:
    return [p.kind for p in found]


# State social disability benefit (§1 rows 1-4, §2) -------------------------------------------

@pytest.mark.parametrize(("decision", "amount"), [
    (DECISION, 89_498),  # adult, general illness, group II: 1.76 x 50,851 (§2.2, ministry figure)
    (replace(DECISION, disability_group="III"), 61_022),  # 1.2, rounded up: [B41] (the ministry: 61,021, §2.4)
    (replace(DECISION, cause="from_childhood"), 93_058),  # since childhood, group II: 1.83 (§2.2)
    (UNDER_7, 81_871),  # a child under 7: 1.61 (§2.2)
])
def test_the_disability_benefit_is_estimated_from_the_multiple_of_its_category(decision, amount):
    possible = rules.disability_benefit(decision, [])
    assert (possible.kind, possible.article, possible.confirmed) == ("disability_benefit", "175", True)
    assert possible.estimate(TODAY) == amount


def test_an_estimate_rounds_up_to_a_whole_tenge():
    # 2.2 x 50,851 = 111,872.2: the Astana department's 111,873 (§2.4).
    assert rules.disability_benefit(GROUP_I, []).estimate(TODAY) == 111_873


def test_a_year_whose_subsistence_minimum_is_not_known_has_no_estimate():
    assert rules.disability_benefit(DECISION, []).estimate(dt.date(2027, 1, 1)) is None
    assert rules.disability_benefit(DECISION, []).estimate(dt.date(2025, 6, 1)) == 81_362  # §2.2, 2025


@pytest.mark.parametrize("cause", ["work_injury", "occupational_disease", "nuclear_accident", "service_duty"])
def test_causes_whose_multiples_are_unknown_name_the_benefit_without_an_amount(cause):
    # §1 row 4: the multiples per cause were not found (open question §10.1).
    possible = rules.disability_benefit(replace(DECISION, cause=cause), [])
    assert (possible.multiple, possible.confirmed, possible.estimate(TODAY)) == (None, False, None)


@pytest.mark.parametrize("held", [Held("disability_benefit", "assigned"),
                                  Held("disability_benefit", "suspended", "missed_reexamination"),
                                  Held("disability_benefit", "stopped", "replaced_by_pension")])
def test_a_benefit_received_suspended_or_replaced_by_a_pension_is_not_offered_again(held):
    # Suspended: the payments page says how to restore it. Replaced by a pension at the person's
    # choice (Art. 175 p.7, §2.1): a choice made.
    assert rules.disability_benefit(DECISION, [held]) is None


def test_a_benefit_stopped_when_its_term_ended_is_offered_under_a_new_decision():
    assert rules.disability_benefit(DECISION, [Held("disability_benefit", "stopped", "term_ended")]) is not None


def test_without_a_decision_in_force_there_is_no_disability_benefit():
    assert rules.disability_benefit(None, []) is None


# Carer's benefit (§3, Art. 187) and the individual assistant (Art. 163 p.2) -------------------

def test_group_i_with_no_carers_benefit_may_have_one_which_excludes_an_assistant():
    possible = rules.carer_benefit(ADULT, GROUP_I, TODAY)
    assert (possible.article, possible.confirmed, possible.excludes_assistant) == ("187", False, True)
    assert possible.estimate(TODAY) == 81_871  # 1.61 is inferred (§3): "may"


@pytest.mark.parametrize(("person", "decision"), [
    (replace(ADULT, carer_allowance_paid=True), GROUP_I),  # already paid to a carer
    (ADULT, DECISION),  # group II
    (replace(CHILD, birth_date=dt.date(2012, 1, 1)), replace(GROUP_I, child_category="7_to_18")),  # a child: §10.5
])
def test_no_carers_benefit_offered(person, decision):
    assert rules.carer_benefit(person, decision, TODAY) is None


# Parent's benefit (§4) ------------------------------------------------------------------------

def test_a_parent_of_a_child_with_disability_without_the_parents_benefit_may_have_it():
    [possible] = rules.parent_benefits([(CHILD, UNDER_7)], [], TODAY)
    assert (possible.for_iin, possible.article, possible.multiple) == (CHILD.iin, None, Decimal("1.61"))
    assert possible.estimate(TODAY) == 81_871  # §4: 2026, confirmed


def test_the_parents_benefit_is_counted_child_by_child():
    second = replace(CHILD, iin="180610500064", birth_date=dt.date(2018, 6, 10))
    held = [Held("parent_benefit", "assigned", for_iin=CHILD.iin)]
    found = rules.parent_benefits([(CHILD, UNDER_7), (second, UNDER_7)], held, TODAY)
    assert [p.for_iin for p in found] == [second.iin]


def test_no_parents_benefit_for_a_child_of_18_or_without_a_decision_in_force():
    grown = replace(CHILD, birth_date=dt.date(2008, 6, 14))
    assert rules.parent_benefits([(grown, UNDER_7), (CHILD, None)], [], TODAY) == []


# Social payment for loss of working capacity (§5) ---------------------------------------------

def test_a_loss_of_30_percent_or_more_may_give_the_funds_payment_without_an_estimate():
    possible = rules.working_capacity_loss(ADULT, replace(DECISION, general_capacity_loss=30), [], TODAY)
    assert (possible.article, possible.confirmed, possible.estimate(TODAY)) == ("171", False, None)


@pytest.mark.parametrize(("person", "loss", "held"), [
    (ADULT, 29, []),  # under 30%
    (replace(ADULT, birth_date=dt.date(1963, 6, 15)), 60, []),  # a man of 63: the retirement age (§5)
    (replace(ADULT, sex="female", birth_date=dt.date(1965, 6, 1)), 60, []),  # a woman of 61
    (ADULT, 60, [Held("working_capacity_loss", "assigned")]),
])
def test_no_funds_payment_offered(person, loss, held):
    assert rules.working_capacity_loss(person, replace(DECISION, general_capacity_loss=loss), held, TODAY) is None


# Together -------------------------------------------------------------------------------------

def test_a_mother_and_her_child_under_7_each_see_what_is_theirs():
    # The mother of §4's Astana example: the child's benefit is the child's (seen acting for them),
    # the parent's benefit hers.
    assert kinds(rules.possible_benefits(CHILD, UNDER_7, [], [], TODAY)) == ["disability_benefit"]
    mother = replace(ADULT, sex="female", iin="900412400232")
    assert kinds(rules.possible_benefits(mother, None, [], [(CHILD, UNDER_7)], TODAY)) == ["parent_benefit"]


def test_a_group_i_adult_receiving_nothing_may_have_three():
    found = rules.possible_benefits(ADULT, replace(GROUP_I, general_capacity_loss=100), [], [], TODAY)
    assert kinds(found) == ["disability_benefit", "carer_benefit", "working_capacity_loss"]
