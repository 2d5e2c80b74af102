"""The published tables of counts: what each counts, its rows and columns, and the query behind it.

Every count is of persons with a decision in force on the day (their newest decision, while its term
runs), each in exactly one cell, so that a table's totals are sums of its cells and the disclosure
check (suppression.py) can reason about them. The codes of tables, rows and columns are the open
data's stable schema: never rename one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, String, and_, case, cast, func, literal, or_, select
from sqlalchemy.orm import Session

from portal import vocabulary as v
from portal.models import MseDecision, Person, ProgrammeItem, RehabilitationProgramme

# Age bands of the statistics: (code, label, youngest age in years).
AGE_BANDS = (
    ("0_6", _l("Under 7"), 0),
    ("7_17", _l("7 to 17"), 7),
    ("18_29", _l("18 to 29"), 18),
    ("30_44", _l("30 to 44"), 30),
    ("45_59", _l("45 to 59"), 45),
    ("60_plus", _l("60 and older"), 60),
)
# The group column: children under 7 (under 16 before July 2023) have no group (Order No. 260).
GROUP_COLUMNS = {**v.GROUPS, "no_group": _l("Child without a group (under 7)")}
YEARS_BACK = 5  # new decisions: this year and the years before it
QUARTERS_AHEAD = 4  # re-examinations due: this quarter and the ones after it


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int  # 1 to 4

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, code: str) -> Quarter | None:
        year, _, number = code.partition("q")
        if not (year.isdigit() and number in {"1", "2", "3", "4"}):
            return None
        return cls(int(year), int(number))

    @property
    def code(self) -> str:
        return f"{self.year}q{self.number}"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> dt.date:
        return self.next().first_day - dt.timedelta(days=1)

    def next(self) -> Quarter:
        return Quarter(self.year + self.number // 4, self.number % 4 + 1)

    def previous(self) -> Quarter:
        return Quarter(self.year - (self.number == 1), (self.number - 2) % 4 + 1)


def quarter_label(code: str) -> str:
    quarter = Quarter.parse(code)
    return _("Quarter %(number)s of %(year)s", number=quarter.number, year=quarter.year) if quarter else code


def labelled(words: dict) -> Callable[[str], str]:
    return lambda code: str(words[code])


# What rows and columns can be: their heading, and the label of each code in the page's language.
DIMENSIONS = {
    "region": (_l("Region"), labelled(v.REGIONS)),
    "group": (_l("Group"), labelled(GROUP_COLUMNS)),
    "cause": (_l("Cause of disability"), labelled(v.CAUSES)),
    "sex": (_l("Sex"), labelled(v.SEXES)),
    "age": (_l("Age"), labelled({code: label for code, label, _ in AGE_BANDS})),
    "year": (_l("Year"), str),
    "quarter": (_l("Quarter"), quarter_label),
    "kind": (_l("Measure"), lambda code: str(v.irp_kind_label(code))),
    "status": (_l("Status"), labelled(v.ITEM_STATUSES)),
}


@dataclass(frozen=True)
class CountTable:
    code: str
    title: str  # lazy: the page's heading and the download's name
    counted: str  # lazy: what one is counted, for the open-data description
    row_dimension: str  # a key of DIMENSIONS
    column_dimension: str
    # A sentence naming the row with the largest total, with %(row)s and %(number)s (lazy).
    summary: str
    # The codes of the rows and the columns on the day (years and quarters move with it).
    rows: Callable[[dt.date], list[str]]
    columns: Callable[[dt.date], list[str]]
    # {(row code, column code): count} on the day; a pair absent is 0.
    count: Callable[[Session, dt.date], dict[tuple[str, str], int]]


def years_before(day: dt.date, years: int) -> dt.date:
    """The day `years` years before: a person born after it is younger than `years` on `day`
    (from 29 February, 28 February of that year)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def current_decisions(today: dt.date):
    """Each person's newest decision, while its term runs: (person id, decision id) as a subquery."""
    newest = (select(MseDecision.person_id, func.max(MseDecision.decision_date).label("decision_date"))
              .group_by(MseDecision.person_id).subquery())
    return (select(MseDecision.person_id, func.max(MseDecision.id).label("decision_id"))
            .join(newest, and_(newest.c.person_id == MseDecision.person_id,
                               newest.c.decision_date == MseDecision.decision_date))
            .where(or_(MseDecision.valid_until.is_(None), MseDecision.valid_until >= today))
            .group_by(MseDecision.person_id).subquery())


def counted(session: Session, query: Select) -> dict[tuple[str, str], int]:
    return {(row, column): number for row, column, number in session.execute(query)}


def by_current_decision(row, column, today: dt.date) -> Select:
    """Persons with a decision in force, counted by two expressions of the person and that decision."""
    current = current_decisions(today)
    return (select(row, column, func.count())
            .select_from(current)
            .join(Person, Person.id == current.c.person_id)
            .join(MseDecision, MseDecision.id == current.c.decision_id)
            .group_by(row, column))


def group_of() -> case:
    """The group, or "no_group" for a young child (a plain string: the group column's type knows no such code)."""
    return case((MseDecision.disability_group.is_(None), literal("no_group")),
                else_=cast(MseDecision.disability_group, String))


def age_band_on(today: dt.date) -> case:
    """The age band of the person's birth date on the day."""
    return case(*[(Person.birth_date > years_before(today, older_from), code)
                  for (code, _, _), (_, _, older_from) in zip(AGE_BANDS, AGE_BANDS[1:])],
                else_=AGE_BANDS[-1][0])


def persons_by_region_group(session: Session, today: dt.date):
    return counted(session, by_current_decision(Person.region, group_of(), today))


def persons_by_cause_sex(session: Session, today: dt.date):
    return counted(session, by_current_decision(MseDecision.cause, Person.sex, today))


def persons_by_age_sex(session: Session, today: dt.date):
    return counted(session, by_current_decision(age_band_on(today), Person.sex, today))


def first_decision_years(today: dt.date) -> list[str]:
    return [str(year) for year in range(today.year - YEARS_BACK + 1, today.year + 1)]


def new_persons_by_region_year(session: Session, today: dt.date):
    """Persons whose first decision (disability first established) was made in each year."""
    first = (select(MseDecision.person_id, func.min(MseDecision.decision_date).label("first_on"))
             .group_by(MseDecision.person_id).subquery())
    year = case(*[(first.c.first_on.between(dt.date(int(y), 1, 1), dt.date(int(y), 12, 31)), y)
                  for y in first_decision_years(today)], else_=None)
    return counted(session, select(Person.region, year, func.count())
                   .select_from(first).join(Person, Person.id == first.c.person_id)
                   .where(first.c.first_on.between(dt.date(today.year - YEARS_BACK + 1, 1, 1), today))
                   .group_by(Person.region, year))


def quarters_ahead(today: dt.date) -> list[Quarter]:
    quarters = [Quarter.of(today)]
    while len(quarters) < QUARTERS_AHEAD:
        quarters.append(quarters[-1].next())
    return quarters


def reexaminations_by_region_quarter(session: Session, today: dt.date):
    """Persons whose decision in force falls due for re-examination in each quarter from today on:
    the earlier of the re-examination date and the end of the term (DecisionRecord.reexamination_due)."""
    from portal.registry.local import REEXAMINATION_DUE

    quarters = quarters_ahead(today)
    quarter = case(*[(REEXAMINATION_DUE.between(max(q.first_day, today), q.last_day), q.code) for q in quarters],
                   else_=None)
    query = by_current_decision(Person.region, quarter, today).where(
        REEXAMINATION_DUE.between(today, quarters[-1].last_day))
    return counted(session, query)


def items_by_kind_status(session: Session, today: dt.date):
    """Persons with an item of each kind in each status, in the programme of their decision in force
    (a person with two items of one kind in one status counts once there)."""
    current = current_decisions(today)
    query = (select(ProgrammeItem.kind, ProgrammeItem.status, func.count(func.distinct(current.c.person_id)))
             .select_from(current)
             .join(RehabilitationProgramme, RehabilitationProgramme.decision_id == current.c.decision_id)
             .join(ProgrammeItem, ProgrammeItem.programme_id == RehabilitationProgramme.id)
             .where(or_(RehabilitationProgramme.valid_until.is_(None), RehabilitationProgramme.valid_until >= today))
             .group_by(ProgrammeItem.kind, ProgrammeItem.status))
    return counted(session, query)


def fixed(codes) -> Callable[[dt.date], list[str]]:
    codes = list(codes)
    return lambda today: codes


COUNT_TABLES = {table.code: table for table in (
    CountTable("persons-by-region-group", _l("Persons with disabilities by region and group"),
               _l("persons with a decision of disability in force"), "region", "group",
               _l("Region where the most persons with disabilities live: %(row)s (%(number)s)."),
               fixed(v.REGIONS), fixed(GROUP_COLUMNS), persons_by_region_group),
    CountTable("persons-by-cause-sex", _l("Persons with disabilities by cause and sex"),
               _l("persons with a decision of disability in force"), "cause", "sex",
               _l("The most common cause of disability: %(row)s (%(number)s)."),
               fixed(v.CAUSES), fixed(v.SEXES), persons_by_cause_sex),
    CountTable("persons-by-age-sex", _l("Persons with disabilities by age and sex"),
               _l("persons with a decision of disability in force"), "age", "sex",
               _l("The largest age group: %(row)s (%(number)s)."),
               fixed(code for code, _, _ in AGE_BANDS), fixed(v.SEXES), persons_by_age_sex),
    CountTable("new-persons-by-region-year", _l("Disability established for the first time, by year"),
               _l("persons whose first decision of disability was made in the year"), "region", "year",
               _l("Region where disability was most often established for the first time in these years: "
                  "%(row)s (%(number)s)."),
               fixed(v.REGIONS), first_decision_years, new_persons_by_region_year),
    CountTable("reexaminations-by-region-quarter", _l("Re-examinations due, by quarter"),
               _l("persons whose decision in force falls due for re-examination in the quarter"), "region", "quarter",
               _l("Region with the most re-examinations due: %(row)s (%(number)s)."),
               fixed(v.REGIONS), lambda today: [q.code for q in quarters_ahead(today)],
               reexaminations_by_region_quarter),
    CountTable("items-by-kind-status", _l("Programme measures by kind and status"),
               _l("persons with a measure of the kind in the status, in the programme of their decision in force"),
               "kind", "status", _l("The measure the most persons have in their programmes: %(row)s (%(number)s)."),
               fixed(v.IRP_ITEM_KINDS), fixed(v.ITEM_STATUSES), items_by_kind_status),
)}
