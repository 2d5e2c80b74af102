"""Terms are validated (issue #22, rule 7). DOMAIN.md §2.3: an examination sets a term of 6 months,
1, 2 or 5 years; a child's ends on the 7th or the 18th birthday at the latest and is never
indefinite; an adult's may be indefinite. The re-examination date is not after the end of the term,
and reminders and /cabinet/ count from the same date: the earlier of the two."""

import datetime as dt
import itertools
import json

import pytest
from flask_babel import force_locale

from portal import clock, moments
from portal.models import Message
from portal.notify.reminders import queue_reexamination_reminders
from portal.notify.texts import in_language
from portal.registry import registry
from portal.registry.importer import import_people
from portal.registry.rules import months_after
from portal.rights.services import days_to_reexamination
from tests import factories as f

TODAY = clock.today()
NUMBERS = itertools.count(1)


def errors(session, record) -> list[str]:
    return [message for _, message in import_people(session, [json.dumps(record, ensure_ascii=False)]).errors]


def adult(valid_from: dt.date, valid_until: dt.date | None, **decision) -> dict:
    return f.person(decisions=[f.decision(
        f"MSE-TERM-{next(NUMBERS)}", decision_date=valid_from.isoformat(), valid_from=valid_from.isoformat(),
        valid_until=valid_until and valid_until.isoformat(),
        reexamination_date=valid_until and valid_until.isoformat(), **decision)], programmes=[])


def child(birth_date: dt.date, category: str, valid_from: dt.date, valid_until: dt.date | None) -> dict:
    cause = {"under_7": "child_under_7", "7_to_18": "child_7_to_18"}[category]
    return f.person(iin=f.iin(birth_date), decisions=[f.decision(
        f"MSE-CHILD-{next(NUMBERS)}", decision_date=valid_from.isoformat(), valid_from=valid_from.isoformat(),
        valid_until=valid_until and valid_until.isoformat(), reexamination_date=valid_until and valid_until.isoformat(),
        child_category=category, cause=cause, onset_date=birth_date.isoformat(), general_capacity_loss=None,
        disability_group=None if category == "under_7" else "II")], programmes=[])


START = dt.date(2025, 3, 31)


@pytest.mark.parametrize("months", [6, 12, 24, 60])
def test_an_adults_term_of_the_grid_is_accepted(session, months):
    assert errors(session, adult(START, months_after(START, months))) == []


def test_an_adults_term_may_be_indefinite(session):
    assert errors(session, adult(START, None)) == []


@pytest.mark.parametrize("months", [3, 18, 36, 120])
def test_a_term_off_the_grid_is_refused(session, months):
    [message] = errors(session, adult(START, months_after(START, months)))
    assert "valid_until: a term is 6 months, 1, 2 or 5 years from valid_from, or indefinite" in message


def test_a_childs_term_is_never_indefinite(session):
    born = dt.date(2021, 5, 10)
    [message] = errors(session, child(born, "under_7", dt.date(2024, 6, 1), None))
    assert "a child's term is never indefinite: it ends on the 7th birthday (2028-05-10) at the latest" in message


def test_a_childs_term_ends_on_the_7th_or_18th_birthday_at_the_latest(session):
    small = dt.date(2021, 5, 10)
    assert errors(session, child(small, "under_7", dt.date(2024, 6, 1), dt.date(2028, 5, 10))) == []
    [message] = errors(session, child(small, "under_7", dt.date(2024, 6, 1), dt.date(2029, 6, 1)))
    assert "ends on the 7th birthday (2028-05-10) at the latest" in message
    older = dt.date(2012, 2, 29)  # the 18th birthday falls on 28 February 2030
    assert errors(session, child(older, "7_to_18", dt.date(2025, 3, 1), dt.date(2030, 2, 28))) == []
    [message] = errors(session, child(older, "7_to_18", dt.date(2025, 3, 1), dt.date(2030, 3, 1)))
    assert "ends on the 18th birthday (2030-02-28) at the latest" in message


def test_the_reexamination_date_is_not_after_the_end_of_the_term(session):
    record = adult(START, months_after(START, 12))
    record["decisions"][0]["reexamination_date"] = months_after(START, 13).isoformat()
    [message] = errors(session, record)
    assert "reexamination_date: is after the end of the term (valid_until)" in message


def test_reminders_and_the_cabinet_count_from_the_earlier_of_reexamination_and_the_end(app, session):
    # The term ends in 85 days, but the examination asked to see the person again in 25.
    record = f.person(decisions=[f.decision("MSE-EARLY", reexamination_date=f.days_from_today(25))], programmes=[])
    assert errors(session, record) == []
    decision = registry().person_file(record["iin"]).latest_decision
    assert decision.reexamination_due == TODAY + dt.timedelta(days=25)
    assert days_to_reexamination(decision, TODAY) == 25
    assert queue_reexamination_reminders(session, registry(), TODAY) == 1
    reminder = session.query(Message).filter_by(recipient_iin=record["iin"]).one()
    assert reminder.days_before == 30
    with app.test_request_context(), force_locale("kk"):  # the person's language
        assert moments.date(TODAY + dt.timedelta(days=25)) in in_language(reminder, "kk").body
