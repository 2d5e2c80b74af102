"""Factories for registry records in the importer's format; every IIN passes the check digit.
Dates count from today (the decision 21 months ago, its term ending in about 3 months), so a
record means the same whatever day the suite runs."""

from __future__ import annotations

import datetime as dt
import itertools

from portal import clock
from portal.iin import make_iin
from portal.registry.rules import months_after

_serials = itertools.count(100)


def days_from_today(days: int) -> str:
    return (clock.today() + dt.timedelta(days=days)).isoformat()


def iin(birth_date: dt.date = dt.date(1980, 5, 17), sex: str = "female") -> str:
    """A new IIN. A serial with no check digit of its own is skipped: make_iin gives it the next
    serial's IIN, which the next call would make again, and two persons would share one IIN
    (tests/statistics/test_indicators.py counted 11 persons for 12 requests when the run's order
    put such a serial among them)."""
    while True:
        serial = next(_serials)
        made = make_iin(birth_date, sex, serial)
        if made[7:11] == f"{serial % 10000:04d}":
            return made


def decision(number: str = "MSE-T-1", **overrides) -> dict:
    """A decision of group II for two years, ending in 85 days; a test that sets another end
    (valid_until) gets a two-year term ending then, as the importer allows (DOMAIN.md §2.3)."""
    ends = overrides.get("valid_until", days_from_today(85))
    if ends is not None and "valid_from" not in overrides:
        start = months_after(dt.date.fromisoformat(ends), -24).isoformat()
        overrides = {"decision_date": start, "valid_from": start, "reexamination_date": ends, **overrides}
    values = {
        "number": number,
        "decision_date": days_from_today(-645),
        "disability_group": "II",
        "child_category": None,
        "cause": "general_illness",
        "onset_date": days_from_today(-746),
        "valid_from": days_from_today(-645),
        "valid_until": days_from_today(85),
        "reexamination_date": days_from_today(85),
        "general_capacity_loss": 60,
        "professional_capacity_loss": None,
        "needs_outside_care": False,
    }
    return {**values, **overrides}


def item(line: int = 1, **overrides) -> dict:
    values = {
        "line": line,
        "kind": "typhlo_technical",
        "quantity": 1,
        "hours_per_year": None,
        "status": "planned",
        "due_date": days_from_today(-461),
        "started_on": None,
        "completed_on": None,
        "provider": "Қазақ соқырлар қоғамы",
        "payer": "state",
    }
    return {**values, **overrides}


def programme(number: str = "IRP-T-1", decision_number: str = "MSE-T-1", items=None, **overrides) -> dict:
    values = {
        "number": number,
        "decision": decision_number,
        "drawn_up_on": days_from_today(-645),
        "valid_until": days_from_today(85),
        "items": [item()] if items is None else items,
    }
    return {**values, **overrides}


def person(**overrides) -> dict:
    """A person with one decision and one programme of one item; document numbers are unique."""
    n = next(_serials)
    values = {
        "iin": iin(),
        "surname": "Жұмабаева",
        "given_name": "Әлия",
        "patronymic": "Серікқызы",
        "region": "almaty",
        "district": "Алмалы ауданы",
        "phone": "+77011234567",
        "preferred_language": "kk",
        "legal_representative_iin": None,
        "decisions": [decision(f"MSE-T-{n}")],
        "programmes": [programme(f"IRP-T-{n}", f"MSE-T-{n}")],
    }
    return {**values, **overrides}


def young_person(birth_date: dt.date, term_ends: dt.date) -> tuple[dict, dict]:
    """(parent, child): a young person born on `birth_date`, due for re-examination on `term_ends`
    (their newest decision, MSE-Y-<IIN>), and the parent the registry names as their legal
    representative. A child's term ends on the 18th birthday at the latest: due after it, the
    newest decision is an adult one, made on that birthday, after the child decision."""
    parent = person(iin=iin(dt.date(1975, 3, 3)), surname="Ахметова", given_name="Сәуле")
    child_iin = iin(birth_date)
    at_16, at_18 = months_after(birth_date, 16 * 12), months_after(birth_date, 18 * 12)
    as_child = decision(
        f"MSE-Y-{child_iin}", decision_date=at_16.isoformat(), valid_from=at_16.isoformat(), child_category="7_to_18",
        cause="child_7_to_18", general_capacity_loss=None, onset_date=(at_16 - dt.timedelta(days=365)).isoformat(),
        valid_until=at_18.isoformat(), reexamination_date=min(term_ends, at_18).isoformat())
    decisions = [as_child]
    if term_ends > at_18:
        as_child["number"] = f"MSE-Y-{child_iin}-CHILD"
        as_child["reexamination_date"] = at_18.isoformat()
        term = next(months for months in (6, 12, 24, 60) if months_after(at_18, months) >= term_ends)
        decisions.insert(0, decision(
            f"MSE-Y-{child_iin}", decision_date=at_18.isoformat(), valid_from=at_18.isoformat(),
            cause="from_childhood", onset_date=as_child["onset_date"], valid_until=months_after(at_18, term).isoformat(),
            reexamination_date=term_ends.isoformat()))
    child = person(iin=child_iin, legal_representative_iin=parent["iin"], programmes=[], decisions=decisions)
    return parent, child
