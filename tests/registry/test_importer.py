import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from portal.models import MseDecision, Person, ProgrammeItem, RehabilitationProgramme
from portal.registry.importer import import_people
from tests import factories as f


def lines(*records) -> list[str]:
    return [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def snapshot(session) -> list:
    """Every registry row as plain values, to compare the registry before and after."""
    rows = []
    for model in (Person, MseDecision, RehabilitationProgramme, ProgrammeItem):
        for row in session.scalars(select(model).order_by(model.id)):
            rows.append({c.name: getattr(row, c.key) for c in model.__table__.columns})
    return rows


def test_good_rows_load_with_birth_date_and_sex_from_the_iin(session):
    man = f.person(iin=f.iin(dt.date(1979, 6, 14), "male"), surname="Сейітов", given_name="Ерлан",
                   decisions=[f.decision("MSE-7")], programmes=[f.programme("IRP-7", "MSE-7")])
    report = import_people(session, lines(f.person(), man))
    assert (report.created, report.errors) == (2, [])
    person = session.scalar(select(Person).where(Person.surname == "Сейітов"))
    assert (person.birth_date, person.sex) == (dt.date(1979, 6, 14), "male")
    assert [d.number for d in person.decisions] == ["MSE-7"]
    assert count(session, ProgrammeItem) == 2


def test_child_is_linked_to_a_representative_listed_before(session):
    parent = f.person(decisions=[], programmes=[])
    child = f.person(
        iin=f.iin(dt.date(2023, 4, 18), "male"),
        legal_representative_iin=parent["iin"],
        decisions=[f.decision(disability_group=None, child_category="under_7", cause="child_under_7",
                              onset_date="2023-04-18", general_capacity_loss=None)],
        programmes=[],
    )
    report = import_people(session, lines(parent, child))
    assert report.errors == []
    stored = session.scalar(select(Person).where(Person.iin == child["iin"]))
    assert stored.legal_representative.iin == parent["iin"]


# The factories' decision date, which counts from today; a person born on 1 January 44 years
# before it was 44 on that day, whatever the day.
DECIDED = dt.date.fromisoformat(f.decision()["decision_date"])
BAD_ROWS = [
    ("{not json", "not valid JSON"),
    ('["a list"]', "line: expected an object"),
    (f.person(nickname="Әлі"), "nickname: unknown field"),
    (f.person(iin="780322300455"), "iin: '780322300455' is not a valid IIN (wrong check digit)"),
    (f.person(iin="921309410432"), "is not a valid IIN (its first six digits are not a birth date)"),
    (f.person(surname="  "), "surname: is required"),
    (f.person(region="baikonur"), "region: unknown code 'baikonur'"),
    (f.person(phone="8 701 123 45 67"), "phone: '8 701 123 45 67' is not a Kazakhstan number"),
    (f.person(decisions=[f.decision(decision_date="2025-02-30")]), "decisions[0].decision_date: '2025-02-30' is not a real date"),
    (f.person(decisions=[f.decision(decision_date="01.03.2025")]), "is not a date written as YYYY-MM-DD"),
    (f.person(decisions=[f.decision(cause="bad_luck")]), "decisions[0].cause: unknown code 'bad_luck'"),
    (f.person(decisions=[f.decision(disability_group=None)]), "decisions[0].disability_group: is required from the age of 7"),
    (f.person(iin=f.iin(dt.date(DECIDED.year - 44, 1, 1)), decisions=[f.decision(child_category="7_to_18")]),
     "the person was 44 on the decision date, so it must be empty"),
    (f.person(decisions=[f.decision(general_capacity_loss=20)]), "general_capacity_loss: 20 is outside 30–100"),
    (f.person(decisions=[f.decision(professional_capacity_loss=40)]), "is set only for a work injury or an occupational disease"),
    (f.person(decisions=[f.decision(employer_name="«Құрылыс» ЖШС")]), "employer_name: is set only for a work injury"),
    (f.person(decisions=[f.decision(cause="work_injury", employer_liquidated=True)]), "employer_liquidated: needs employer_name"),
    (f.person(carer_allowance_paid="yes"), "carer_allowance_paid: must be true or false"),
    (f.person(decisions=[f.decision(valid_until=None)]), "reexamination_date: must be empty when the term is indefinite"),
    (f.person(decisions=[f.decision(), f.decision()], programmes=[]), "decisions: decision number 'MSE-T-1' appears twice"),
    (f.person(programmes=[f.programme(decision_number="MSE-OTHER")]), "programmes[0].decision: 'MSE-OTHER' is not one of this person's decisions"),
    (f.person(decisions=[f.decision()], programmes=[f.programme(items=[f.item(payer="employer")])]), "programmes[0].items[0].payer: the employer pays only under a work injury"),
    (f.person(decisions=[f.decision()], programmes=[f.programme(items=[f.item(status="provided")])]), "completed_on: is required when the status is provided"),
    (f.person(decisions=[f.decision()], programmes=[f.programme(items=[f.item(quantity=0)])]), "items[0].quantity: must be at least 1"),
    (f.person(decisions=[f.decision()], programmes=[f.programme(items=[f.item(kind="jetpack")])]), "items[0].kind: unknown code 'jetpack'"),
    (f.person(decisions=[f.decision()], programmes=[f.programme(items=[f.item(), f.item()])]), "items: line 1 appears twice"),
    (f.person(legal_representative_iin=f.iin()), "no person with IIN"),
]


@pytest.mark.parametrize(("row", "reason"), BAD_ROWS, ids=[reason for _, reason in BAD_ROWS])
def test_each_bad_row_is_reported_with_its_line_and_the_good_rows_still_load(session, row, reason):
    report = import_people(session, lines(f.person(), row, f.person()))
    assert report.created == 2
    assert len(report.errors) == 1
    line_no, message = report.errors[0]
    assert line_no == 2
    assert reason in message
    assert count(session, Person) == 2


def test_a_document_number_of_another_person_is_refused(session):
    first = f.person(decisions=[f.decision("MSE-1")], programmes=[])
    thief = f.person(decisions=[f.decision("MSE-1")], programmes=[])
    report = import_people(session, lines(first, thief))
    assert report.errors == [(2, "decision number 'MSE-1' belongs to another person in the registry")]
    assert count(session, Person) == 1  # the whole line is rolled back, the person too


def test_importing_the_same_file_twice_changes_nothing(session):
    parent = f.person(decisions=[], programmes=[])
    child = f.person(
        iin=f.iin(dt.date(2014, 3, 27), "male"),
        legal_representative_iin=parent["iin"],
        decisions=[f.decision("MSE-C", child_category="7_to_18", cause="child_7_to_18", onset_date="2020-01-01")],
        programmes=[f.programme("IRP-C", "MSE-C", items=[f.item(1), f.item(2, kind="social_skills")])],
    )
    data = lines(parent, child, f.person(), "{broken")
    first = import_people(session, data)
    before = snapshot(session)
    second = import_people(session, data)
    assert (first.created, second.created, second.updated, second.unchanged) == (3, 0, 0, 3)
    assert snapshot(session) == before


def test_a_changed_row_updates_in_place(session):
    record = f.person()
    import_people(session, lines(record))
    changed = {**record, "phone": "+77770001122",
               "programmes": [{**record["programmes"][0],
                               "items": [f.item(status="in_progress", started_on="2025-04-01")]}]}
    report = import_people(session, lines(changed))
    assert (report.updated, report.created) == (1, 0)
    assert count(session, ProgrammeItem) == 1
    assert session.scalar(select(ProgrammeItem.status)) == "in_progress"
    assert session.scalar(select(Person.phone)) == "+77770001122"


def test_each_batch_is_committed_and_a_bad_row_spoils_no_batch(session):
    data = lines(f.person(), f.person(region="nowhere"), f.person(), f.person(), f.person())
    progress = []
    report = import_people(session, data, batch_size=2, on_line=progress.append)
    assert progress == [1, 2, 3, 4, 5]
    assert (report.created, [n for n, _ in report.errors]) == (4, [2])
    session.rollback()  # nothing left uncommitted: the rows are there after a rollback
    assert count(session, Person) == 4


def test_blank_lines_are_skipped(session):
    report = import_people(session, ["", json.dumps(f.person()), "   \n"])
    assert (report.created, report.errors) == (1, [])


def test_cli_reports_bad_lines_and_loads_the_rest(runner, session, tmp_path):
    path = tmp_path / "registry.jsonl"
    path.write_text("\n".join(lines(f.person(), f.person(iin="123"), f.person())) + "\n", encoding="utf-8")
    result = runner.invoke(args=["registry", "import", str(path)])
    assert result.exit_code == 1
    assert "line 2: iin: '123' is not a valid IIN (it must be 12 digits)" in result.output
    assert "2 created, 0 updated, 0 unchanged, 1 rejected" in result.output
    assert count(session, Person) == 2

    again = runner.invoke(args=["registry", "import", str(path)])
    assert "0 created, 0 updated, 2 unchanged, 1 rejected" in again.output
