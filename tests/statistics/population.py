"""A registry population for the statistics' tests: enough persons in some cells to be shown, and
some cells small enough to be hidden."""

from __future__ import annotations

import datetime as dt
import json

from portal import clock
from portal.registry.importer import import_people
from tests import factories


def people(count: int, *, region: str, group: str | None = "II", sex: str = "female",
           born: dt.date = dt.date(1980, 5, 17), items=None, cause: str = "general_illness") -> list[dict]:
    made = []
    for _ in range(count):
        record = factories.person(iin=factories.iin(born, sex), region=region)
        decision = record["decisions"][0]
        decision.update(disability_group=group, cause=cause)
        if items is not None:
            record["programmes"][0]["items"] = [dict(item) for item in items]
        made.append(record)
    return made


def child(record: dict, born: dt.date) -> dict:
    """The record made a child's: a category instead of a group under 7, and its cause."""
    decision = record["decisions"][0]
    age = (clock.today() - born).days // 365
    category = "under_7" if age < 7 else "7_to_18"
    decision.update(child_category=category, cause=f"child_{'under_7' if age < 7 else '7_to_18'}",
                    disability_group=None if age < 7 else "III", general_capacity_loss=None,
                    onset_date=(born + dt.timedelta(days=30)).isoformat())
    return record


# Birth dates of each age band of the statistics, as of today: (band, born on).
def band_birthdays() -> list[tuple[str, dt.date]]:
    today = clock.today()
    return [(band, dt.date(today.year - years, 1, 15)) for band, years in
            (("0_6", 4), ("7_17", 12), ("18_29", 25), ("30_44", 40), ("45_59", 50), ("60_plus", 70))]


def dense(session, region: str = "almaty", smallest: int = 10) -> dict[tuple[str, str], int]:
    """Persons in every age band of both sexes, at least `smallest` in each; returns the counts."""
    counts, records = {}, []
    for n, (band, born) in enumerate(band_birthdays()):
        for sex in ("female", "male"):
            counts[band, sex] = smallest + n + (sex == "male")
            for record in people(counts[band, sex], region=region, sex=sex, born=born):
                records.append(child(record, born) if band in ("0_6", "7_17") else record)
    load(session, records)
    return counts


def load(session, records: list[dict]) -> None:
    report = import_people(session, [json.dumps(record, ensure_ascii=False) for record in records])
    assert report.errors == [], report.errors


def last_quarter_day(days_before_end: int = 0) -> str:
    """A day in the quarter before today's, `days_before_end` days before its end."""
    today = clock.today()
    first_of_this = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    return (first_of_this - dt.timedelta(days=1 + days_before_end)).isoformat()
