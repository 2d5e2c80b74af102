"""One test per rule and per exception of portal/rights/services.py."""

import datetime as dt
from dataclasses import replace

import pytest

from portal import clock
from portal.registry.records import DecisionRecord, ItemRecord, PersonFile, PersonRecord, ProgrammeRecord
from portal.rights import services as rules

PERSON = PersonRecord(iin="880123382194", surname="Оспанов", given_name="Дәулет", patronymic=None,
                      birth_date=dt.date(1988, 1, 23), sex="male", region="astana", phone=None,
                      preferred_language="kk", legal_representative_iin=None, carer_allowance_paid=False)
DECISION = DecisionRecord(number="MSE-1", decision_date=dt.date(2025, 1, 10), disability_group="II",
                          child_category=None, cause="general_illness", onset_date=dt.date(2024, 9, 1),
                          valid_from=dt.date(2025, 1, 10), valid_until=dt.date(2027, 1, 10),
                          reexamination_date=dt.date(2027, 1, 10), general_capacity_loss=60,
                          professional_capacity_loss=None, needs_outside_care=False, difficulty_moving=False,
                          employer_name=None, employer_liquidated=False)
# A day within DECISION's term, which ends on 10 January 2027.
TODAY = dt.date(2026, 6, 15)
WORK_INJURY = replace(DECISION, cause="work_injury", employer_name="«Жезқазған мыс кені» ЖШС", employer_at_fault=True)


def item(kind, hours=None):
    return ItemRecord(line=1, kind=kind, quantity=1, hours_per_year=hours, status="planned", due_date=None,
                      started_on=None, completed_on=None, provider=None, payer="state")


def programme(*items):
    return ProgrammeRecord(number="IRP-1", decision_number="MSE-1", drawn_up_on=dt.date(2025, 1, 10),
                           valid_until=None, items=tuple(items))


# Individual assistant -------------------------------------------------------------------

# Issue #22, rule 3: the assistant follows the programme; group I with difficulty moving (Social
# Code Art. 163 p.2) is the condition the examination weighs and the pages show.

def test_an_assistant_in_the_programme_gives_up_to_8_hours_a_day():
    result = rules.personal_assistant(PERSON, programme(item("personal_assistant")))
    assert result == rules.Entitlement("personal_assistant", hours_per_day=8)


def test_no_assistant_while_a_carers_benefit_is_paid():
    result = rules.personal_assistant(replace(PERSON, carer_allowance_paid=True), programme(item("personal_assistant")))
    assert (result.granted, result.reason) == (False, "carer_allowance")


def test_no_assistant_without_the_item_in_force():
    assert rules.personal_assistant(PERSON, programme(item("mobility"))) is None
    not_given = replace(item("personal_assistant"), status="not_provided")
    assert rules.personal_assistant(PERSON, programme(not_given)) is None
    assert rules.personal_assistant(PERSON, None) is None


# Sign-language specialist ---------------------------------------------------------------

# Issue #22, rule 2: the hours come from the programme item; the seed's 30 is the 2005 norm and 60
# the last confirmed figure (DOMAIN.md §1.14), so a default is a setting with its source.

def test_sign_language_hours_come_from_the_programme():
    assert rules.sign_language(programme(item("sign_language", hours=90)), 60).hours_per_year == 90


def test_an_item_kept_without_its_hours_gets_the_configured_default():
    assert rules.sign_language(programme(item("sign_language")), 45).hours_per_year == 45


def test_an_item_found_not_provided_gives_no_hours():
    not_given = replace(item("sign_language", hours=60), status="not_provided")
    assert rules.sign_language(programme(not_given), 60) is None


def test_no_sign_language_hours_without_the_item():
    assert rules.sign_language(programme(item("surdo_technical")), 60) is None
    assert rules.sign_language(None, 60) is None


# Who pays: sanatorium and technical aids --------------------------------------------------

@pytest.mark.parametrize("rule, kind", [(rules.sanatorium, "sanatorium"), (rules.technical_aids, "mobility")])
def test_the_state_pays_by_default(rule, kind):
    assert rule(DECISION, programme(item(kind))).payer == "state"


@pytest.mark.parametrize("cause", ["work_injury", "occupational_disease"])
@pytest.mark.parametrize("rule, kind", [(rules.sanatorium, "sanatorium"), (rules.technical_aids, "prosthetic_orthopaedic")])
def test_the_employer_at_fault_pays_for_a_work_injury_or_occupational_disease(rule, kind, cause):
    result = rule(replace(WORK_INJURY, cause=cause), programme(item(kind)))
    assert (result.payer, result.employer_name) == ("employer", "«Жезқазған мыс кені» ЖШС")


@pytest.mark.parametrize("rule, kind", [(rules.sanatorium, "sanatorium"), (rules.technical_aids, "hygiene")])
def test_the_state_pays_when_that_employer_no_longer_exists(rule, kind):
    result = rule(replace(WORK_INJURY, employer_liquidated=True), programme(item(kind)))
    assert (result.payer, result.reason) == ("state", "employer_liquidated")


# Issue #22, rule 4: fault is recorded apart from the employer's name; only an employer found at
# fault pays, while it exists (DOMAIN.md §1.13), and the page says why the state pays otherwise.
@pytest.mark.parametrize("rule, kind", [(rules.sanatorium, "sanatorium"), (rules.technical_aids, "mobility")])
def test_the_state_pays_when_the_employer_was_not_at_fault(rule, kind):
    result = rule(replace(WORK_INJURY, employer_at_fault=False), programme(item(kind)))
    assert (result.payer, result.reason) == ("state", "employer_not_at_fault")


@pytest.mark.parametrize("rule", [rules.sanatorium, rules.technical_aids])
def test_no_sanatorium_or_aids_without_the_item(rule):
    assert rule(DECISION, programme(item("legal_help"))) is None
    assert rule(DECISION, None) is None


# Home social services ---------------------------------------------------------------------

# Issue #22, rule 5 (DOMAIN.md §1.19): children who need care, an adult of group I or II who
# needs care and lives alone; another adult who needs care is for the department to assess.

def test_home_services_by_the_programme():
    assert rules.home_social_services(PERSON, DECISION, programme(item("home_social_services"))) is not None


@pytest.mark.parametrize("category, group", [("under_7", None), ("7_to_18", "III")])
def test_a_child_who_needs_care_is_eligible_whatever_the_group(category, group):
    child = replace(DECISION, child_category=category, disability_group=group, needs_outside_care=True)
    assert rules.home_social_services(PERSON, child, None) == rules.Entitlement("home_social_services")


@pytest.mark.parametrize("group", ["I", "II"])
def test_an_adult_of_group_one_or_two_who_needs_care_and_lives_alone_is_eligible(group):
    decision = replace(DECISION, disability_group=group, needs_outside_care=True)
    alone = replace(PERSON, lives_alone=True)
    assert rules.home_social_services(alone, decision, None) == rules.Entitlement("home_social_services")


@pytest.mark.parametrize("group, alone", [("I", False), ("III", True)])
def test_another_adult_who_needs_care_may_be_eligible_on_the_departments_assessment(group, alone):
    decision = replace(DECISION, disability_group=group, needs_outside_care=True)
    result = rules.home_social_services(replace(PERSON, lives_alone=alone), decision, None)
    assert (result.granted, result.reason) == (True, "needs_assessment")


def test_no_home_services_without_the_need_or_the_item():
    assert rules.home_social_services(replace(PERSON, lives_alone=True), DECISION, None) is None


# Putting them together ----------------------------------------------------------------------

def test_personal_entitlements_follow_the_current_decision_and_programme():
    decision = replace(DECISION, disability_group="I", difficulty_moving=True, needs_outside_care=True)
    file = PersonFile(person=PERSON, decisions=(decision,),
                      programmes=(programme(item("personal_assistant"), item("mobility")),))
    assert [e.code for e in rules.personal_entitlements(file, TODAY)] == [
        "personal_assistant", "technical_aids", "home_social_services"]


def test_no_entitlements_without_a_decision():
    assert rules.personal_entitlements(PersonFile(person=PERSON, decisions=(), programmes=()), TODAY) == []


def test_days_to_reexamination_and_none_for_an_indefinite_term():
    assert rules.days_to_reexamination(DECISION, dt.date(2026, 12, 11)) == 30
    assert rules.days_to_reexamination(replace(DECISION, valid_until=None, reexamination_date=None), clock.today()) is None


# An ended term grants nothing (DOMAIN.md §2.3: disability is set for a term, and the person is
# examined again when it ends) ----------------------------------------------------------------

def test_a_decision_grants_up_to_and_including_the_last_day_of_its_term():
    file = PersonFile(person=PERSON, decisions=(DECISION,), programmes=(programme(item("sanatorium")),))
    last_day = DECISION.valid_until
    assert file.decision_in_force(last_day) == DECISION and file.term_ended_on(last_day) is None
    assert [e.code for e in rules.personal_entitlements(file, last_day)] == ["sanatorium"]
    day_after = last_day + dt.timedelta(days=1)
    assert file.decision_in_force(day_after) is None and file.programme_in_force(day_after) is None
    assert file.term_ended_on(day_after) == last_day
    assert rules.personal_entitlements(file, day_after) == []
    assert file.latest_decision == DECISION  # still shown, as the decision that ended


def test_an_indefinite_decision_never_ends():
    file = PersonFile(person=PERSON, decisions=(replace(DECISION, valid_until=None),), programmes=())
    assert file.term_ended_on(dt.date(2090, 1, 1)) is None


def test_a_programme_whose_own_term_ended_grants_nothing_while_the_decision_runs():
    ended = replace(programme(item("sign_language", hours=60)), valid_until=dt.date(2026, 1, 31))
    file = PersonFile(person=PERSON, decisions=(DECISION,), programmes=(ended,))
    assert file.decision_in_force(TODAY) == DECISION and file.programme_in_force(TODAY) is None
    assert rules.personal_entitlements(file, TODAY) == []
