"""Children's categories by the decision's date (issue #22, rule 6). Order No. 260, in force from
1 July 2023 (DOMAIN.md §2.2, §5.2): a child under 7 has no group, from 7 to 18 a group. Before it,
a child under 16 had no group, and from 16 to 18 a group. The switch date is configuration
(CHILD_CATEGORIES_CHANGED_ON). A child's decision gives the cause of its category; "disability
since childhood" began before the 18th birthday."""

import datetime as dt
import itertools
import json

import pytest

from portal.demo.personas import ARTYOM
from portal.registry.importer import import_people
from tests import factories as f
from tests.api.test_portal_api import API, bearer

NUMBERS = itertools.count(1)
BORN = dt.date(2014, 3, 27)


def decided(on: dt.date, category: str | None, group: str | None, cause: str, birth_date: dt.date = BORN,
            onset: dt.date = dt.date(2015, 1, 10), until: dt.date | None = None) -> dict:
    until = until or on.replace(year=on.year + 2)
    return f.person(iin=f.iin(birth_date), programmes=[], decisions=[f.decision(
        f"MSE-CAT-{next(NUMBERS)}", decision_date=on.isoformat(), valid_from=on.isoformat(),
        valid_until=until.isoformat(), reexamination_date=until.isoformat(), child_category=category,
        disability_group=group, cause=cause, onset_date=onset.isoformat(), general_capacity_loss=None)])


def errors(session, record) -> list[str]:
    return [message for _, message in import_people(session, [json.dumps(record, ensure_ascii=False)]).errors]


BEFORE, AFTER = dt.date(2022, 1, 20), dt.date(2024, 1, 20)  # the child was 7 and 9


def test_before_july_2023_a_child_under_16_had_no_group(session):
    assert errors(session, decided(BEFORE, "under_16", None, "child_under_16")) == []
    [message] = errors(session, decided(BEFORE, "7_to_18", "II", "child_7_to_18"))
    assert "child_category: the person was 7 on the decision date, so it must be under_16" in message
    [message] = errors(session, decided(BEFORE, "under_16", "II", "child_under_16"))
    assert "disability_group: a child under 16 is not given a group" in message


def test_before_july_2023_a_child_of_16_had_a_group(session):
    born, at_18 = dt.date(2005, 6, 1), dt.date(2023, 6, 1)
    assert errors(session, decided(BEFORE, "16_to_18", "III", "child_16_to_18", born, dt.date(2019, 3, 1), at_18)) == []
    [message] = errors(session, decided(BEFORE, "16_to_18", None, "child_16_to_18", born, dt.date(2019, 3, 1), at_18))
    assert "disability_group: is required from the age of 16" in message


def test_from_july_2023_the_categories_are_under_7_and_7_to_18(session):
    assert errors(session, decided(AFTER, "7_to_18", "II", "child_7_to_18")) == []
    [message] = errors(session, decided(AFTER, "under_16", None, "child_under_16"))
    assert "so it must be 7_to_18" in message


def test_the_switch_date_is_configuration(app, session):
    app.config["CHILD_CATEGORIES_CHANGED_ON"] = "2021-01-01"  # as if the Order had come earlier
    assert errors(session, decided(BEFORE, "7_to_18", "II", "child_7_to_18")) == []


def test_a_childs_cause_goes_with_its_category(session):
    [message] = errors(session, decided(AFTER, "7_to_18", "II", "general_illness"))
    assert "cause: must be 'child_7_to_18' for a child of category 7_to_18" in message
    [message] = errors(session, decided(AFTER, "7_to_18", "II", "child_under_7"))
    assert "cause: must be 'child_7_to_18'" in message
    adult = f.person(decisions=[f.decision("MSE-ADULT-CHILD-CAUSE", cause="child_7_to_18")], programmes=[])
    [message] = errors(session, adult)
    assert "cause: 'child_7_to_18' is a child's cause" in message


def test_disability_since_childhood_began_before_the_18th_birthday(session):
    born = dt.date(1990, 4, 2)
    on_time = f.person(iin=f.iin(born), programmes=[], decisions=[f.decision(
        "MSE-CHILDHOOD-1", cause="from_childhood", onset_date="2008-04-01")])
    assert errors(session, on_time) == []
    too_late = f.person(iin=f.iin(born), programmes=[], decisions=[f.decision(
        "MSE-CHILDHOOD-2", cause="from_childhood", onset_date="2008-04-02")])
    [message] = errors(session, too_late)
    assert "onset_date: disability since childhood began before the 18th birthday" in message


def test_a_decision_before_2023_reads_with_its_own_category(client, demo, session):
    # The demo schoolboy's first decision, of January 2022: a child under 16, with no group.
    status = client.get(f"{API}/status", headers=bearer(session, ARTYOM)).json
    [first] = [d for d in status["history"] if d["decision_date"] == "2022-01-20"]
    assert (first["child_category"], first["disability_group"], first["cause"]) == (
        "under_16", None, "child_under_16")
    assert first["child_category_label"] == "16 жасқа дейінгі мүгедектігі бар бала (2023 жылғы шілдеге дейінгі қағидалар бойынша)"


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_earlier_category_is_named_on_the_status_page(app, demo, lang):
    from tests.conftest import signed_in
    from tests.pagecheck import main_text, translated

    client = signed_in(app.test_client(), ARTYOM)
    page = main_text(client.get(f"/{lang}/cabinet/status"))
    assert translated(lang, "Child with a disability under 16 (rules before July 2023)") in page
