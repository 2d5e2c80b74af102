"""The database itself refuses what the registry can never hold, whatever writes to it."""

import datetime as dt

import pytest
from sqlalchemy.exc import IntegrityError

from portal.models import MseDecision, Person, ProgrammeItem, RehabilitationProgramme
from tests import factories as f


@pytest.fixture
def person(session):
    person = Person(iin=f.iin(), surname="Оспанов", given_name="Дәулет", birth_date=dt.date(1980, 5, 17),
                    sex="female", region="astana")
    session.add(person)
    session.flush()
    return person


def decision(person, **values):
    defaults = dict(number="MSE-M-1", person_id=person.id, decision_date=dt.date(2025, 1, 10), disability_group="I",
                    cause="general_illness", onset_date=dt.date(2024, 10, 1), valid_from=dt.date(2025, 1, 10))
    return MseDecision(**{**defaults, **values})


@pytest.mark.parametrize("values", [
    {"disability_group": None},  # only a child under 7 has no group
    {"child_category": "under_7"},  # … and such a child has none
    {"general_capacity_loss": 25},
    {"professional_capacity_loss": 101},
    {"cause": "bad_luck"},
])
def test_impossible_decisions_are_refused(session, person, values):
    session.add(decision(person, **values))
    with pytest.raises(IntegrityError):
        session.flush()


def test_a_valid_decision_is_kept_and_indefinite_without_an_end(session, person):
    session.add(decision(person))
    session.flush()
    assert person.decisions[0].is_indefinite


def test_items_know_their_part_and_refuse_a_zero_quantity(session, person):
    d = decision(person)
    session.add(d)
    session.flush()
    programme = RehabilitationProgramme(number="IRP-M-1", person_id=person.id, decision_id=d.id,
                                        drawn_up_on=dt.date(2025, 1, 10))
    programme.items.append(ProgrammeItem(line=1, kind="vocational_training", quantity=1))
    session.add(programme)
    session.flush()
    assert programme.items[0].part == "vocational"
    assert programme.items[0].status == "planned" and programme.items[0].payer == "state"
    programme.items.append(ProgrammeItem(line=2, kind="hygiene", quantity=0))
    with pytest.raises(IntegrityError):
        session.flush()


def test_full_name_leaves_out_a_missing_patronymic(person):
    assert person.full_name == "Оспанов Дәулет"
