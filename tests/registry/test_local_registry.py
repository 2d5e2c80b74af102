import datetime as dt
import json

from sqlalchemy import event

from portal.extensions import db
from portal.registry import registry
from portal.registry.importer import import_people
from tests import factories as f


def load(session, *people):
    report = import_people(session, [json.dumps(p, ensure_ascii=False) for p in people])
    assert report.errors == []


def test_person_file_holds_decisions_newest_first_and_programme_items(session):
    record = f.person(
        decisions=[f.decision("MSE-OLD", decision_date="2023-01-10", disability_group="III", valid_from="2023-01-10",
                              valid_until="2024-01-10", reexamination_date="2024-01-10", onset_date="2022-12-01"),
                   f.decision("MSE-NEW", valid_until=None, reexamination_date=None)],
        programmes=[f.programme("IRP-NEW", "MSE-NEW", items=[f.item(2, kind="sanatorium"), f.item(1)])],
    )
    load(session, record)
    file = registry().person_file(record["iin"])
    assert [d.number for d in file.decisions] == ["MSE-NEW", "MSE-OLD"]
    assert file.latest_decision.is_indefinite
    assert [(i.line, i.part) for i in file.latest_programme.items] == [(1, "social"), (2, "medical")]
    assert file.latest_programme.decision_number == "MSE-NEW"
    assert file.person.birth_date == dt.date(1980, 5, 17)


def test_unknown_iin_is_none(session):
    assert registry().person_file("920809410432") is None
    assert registry().find_person("920809410432") is None


def test_person_file_costs_the_same_queries_however_much_the_person_has(session):
    small = f.person()
    big = f.person(
        decisions=[f.decision(f"MSE-B{n}", decision_date=f"202{n}-01-10", valid_from=f"202{n}-01-10",
                              valid_until=f"202{n + 2}-01-10", reexamination_date=f"202{n + 2}-01-10",
                              onset_date="2019-06-01") for n in range(5)],
        programmes=[f.programme(f"IRP-B{n}", f"MSE-B{n}", items=[f.item(k) for k in range(1, 8)]) for n in range(5)],
    )
    load(session, small, big)

    def queries_for(iin):
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            session.expire_all()
            registry().person_file(iin)
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len([s for s in statements if not s.startswith("BEGIN")])  # SQLite's BEGIN is no query

    assert queries_for(big["iin"]) == queries_for(small["iin"])
