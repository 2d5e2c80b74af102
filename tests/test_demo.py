"""The demo personas cover what the foundation issue asks for, and load through the importer."""

import datetime as dt
import json
from pathlib import Path

import pytest

from portal import clock
from portal import vocabulary as v
from portal.demo.personas import demo_people
from portal.iin import parse_iin
from portal.registry import registry
from portal.registry.importer import import_people

TODAY = dt.date(2026, 11, 24)


@pytest.fixture(scope="module")
def people():
    return demo_people(TODAY)


def decisions(people):
    return [(p, d) for p in people for d in p["decisions"]]


def items(people):
    return [(p, prog, i) for p in people for prog in p["programmes"] for i in prog["items"]]


def current(person):
    return max(person["decisions"], key=lambda d: d["decision_date"]) if person["decisions"] else None


def test_at_least_ten_personas_with_valid_unique_iins(people):
    assert len(people) >= 10
    iins = [parse_iin(p["iin"]).value for p in people]
    assert len(set(iins)) == len(iins)


def test_every_group_cause_kind_status_and_payer_is_shown(people):
    assert {d["disability_group"] for _, d in decisions(people)} >= set(v.GROUPS)
    assert {d["cause"] for _, d in decisions(people)} == set(v.CAUSES)
    assert {i["kind"] for *_, i in items(people)} == set(v.IRP_ITEM_KINDS)
    assert {i["status"] for *_, i in items(people)} == set(v.ITEM_STATUSES)
    assert {i["payer"] for *_, i in items(people)} == set(v.PAYERS)


def test_children_are_represented_by_a_parent(people):
    by_iin = {p["iin"]: p for p in people}
    children = {current(p)["child_category"]: p for p in people if current(p) and current(p)["child_category"]}
    assert set(children) == {"under_7", "7_to_18"}
    assert current(children["7_to_18"])["disability_group"]
    for child in children.values():
        parent = by_iin[child["legal_representative_iin"]]
        assert parent["decisions"] == []


def test_terms_indefinite_and_ending_within_30_days(people):
    ends = [current(p)["valid_until"] for p in people if current(p)]
    assert None in ends
    assert any(e and 0 <= (dt.date.fromisoformat(e) - TODAY).days <= 30 for e in ends)


def test_the_personas_the_issue_names(people):
    kinds = {p["iin"]: {i["kind"] for prog in p["programmes"] for i in prog["items"]} for p in people}
    deaf = [p for p in people if "sign_language" in kinds[p["iin"]]]
    assert any(i["hours_per_year"] for prog in deaf[0]["programmes"] for i in prog["items"] if i["kind"] == "sign_language")
    assert any("typhlo_technical" in k for k in kinds.values())
    assert any(current(p) and current(p)["disability_group"] == "I" and {"mobility", "personal_assistant"} <= kinds[p["iin"]]
               for p in people)
    assert any(i["payer"] == "employer" for p, d in decisions(people) if d["cause"] == "work_injury"
               for prog in p["programmes"] for i in prog["items"])
    assert any(len(p["decisions"]) >= 2 for p in people)
    assert {p["preferred_language"] for p in people} == {"kk", "ru"}


def test_demo_loads_through_the_importer_and_twice_changes_nothing(session):
    lines = [json.dumps(p, ensure_ascii=False) for p in demo_people(clock.today())]
    first = import_people(session, lines)
    assert first.errors == [] and first.created == len(lines)
    second = import_people(session, lines)
    assert (second.created, second.updated, second.unchanged) == (0, 0, len(lines))


def test_demo_load_command_fills_the_registry(runner, app):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    wheelchair_user = next(p for p in demo_people(clock.today())
                           if any(i["kind"] == "personal_assistant" for prog in p["programmes"] for i in prog["items"]))
    file = registry().person_file(wheelchair_user["iin"])
    assert file.latest_decision.disability_group == "I"
    assert {"mobility", "personal_assistant"} <= {i.kind for i in file.latest_programme.items}


def test_the_readme_lists_every_demo_persona(people):
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert [p["iin"] for p in people if p["iin"] not in readme] == []
