"""Regional indicators of how the law is carried out, per region and quarter (issue #24, point 2).

- on time: the share of programme measures due in the quarter that were provided by their due date;
- days to provide: the median days from a measure's due date to the day it was provided (negative
  when early), for measures provided in the quarter;
- request days: the median days from a request's sending to its decision (approved or refused), and
- refused: the share refused, of the requests decided in the quarter;
- nobody free: the share of interpreter bookings of the quarter that no interpreter could take, the
  evidence for training more sign-language specialists;
- training to job: of the persons whose vocational training was completed in the quarter, the share
  who were then helped into a job (a job-placement measure provided on or after it), the question the
  seed's own employment figures asked.

Each figure keeps what it was computed from: its numerator (for a share), its base and the number of
different persons behind it. Staff see all of it; the public sees a figure only when at least
THRESHOLD persons are behind it (publish.py). Counts are grouped in the database; a median is read off
a histogram of days, so no query returns a row per person.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, Integer, Select, and_, case, cast, func, literal, select
from sqlalchemy.orm import Session, aliased

from portal import vocabulary as v
from portal.clock import KAZAKHSTAN
from portal.models import Booking, Person, ProgrammeItem, RehabilitationProgramme, RequestEvent, ServiceRequest
from portal.statistics.tables import Quarter

QUARTERS_BACK = 4  # the quarters shown: the last ones that have ended
COUNTRY = "kz"  # the row of the whole country
ALL_KINDS = "all"

INDICATORS = {
    "on_time": _l("Measures provided on time"),
    "days_to_provide": _l("Median days from due date to provided"),
    "request_days": _l("Median days from sending a request to its decision"),
    "refused": _l("Requests refused"),
    "nobody_free": _l("Interpreter bookings with nobody free"),
    "training_to_job": _l("Helped into a job after vocational training"),
}
# Indicators that are shares (shown as per cent); the others are medians in days.
SHARES = frozenset({"on_time", "refused", "nobody_free", "training_to_job"})
BY_KIND = ("on_time", "days_to_provide")
REFUSED, DECIDED = "rejected", ("approved", "rejected")
NOBODY_FREE = ("no_interpreter", "released")
NOT_COUNTED_BOOKINGS = ("cancelled", "late_cancelled")


@dataclass(frozen=True)
class Figure:
    value: float | None  # a share from 0 to 1, or a median in days; None with no base
    numerator: int | None  # for a share: how many of the base
    base: int  # measures, requests or bookings counted
    persons: int  # different persons behind the base

    def as_list(self) -> list:
        return [self.value, self.numerator, self.base, self.persons]


def quarters_ended(today: dt.date) -> list[Quarter]:
    """The last QUARTERS_BACK quarters that ended before today, newest first."""
    quarters = [Quarter.of(today).previous()]
    while len(quarters) < QUARTERS_BACK:
        quarters.append(quarters[-1].previous())
    return quarters


def quarter_of(column, quarters: Iterable[Quarter]):
    return case(*[(column.between(q.first_day, q.last_day), q.code) for q in quarters], else_=None)


def quarter_of_moment(column, quarters: Iterable[Quarter]):
    """The quarter of a UTC timestamp, by Kazakhstan's days (Kazakhstan is UTC+5: a day starts at
    19:00 UTC the evening before)."""
    def start(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(), tzinfo=KAZAKHSTAN).astimezone(dt.UTC)

    return case(*[(and_(column >= start(q.first_day), column < start(q.next().first_day)), q.code)
                  for q in quarters], else_=None)


def grouped(query_for, region, kind=None) -> list[tuple[tuple, tuple]]:
    """query_for(group columns) run for each grouping, by region and kind, by region, by kind and for
    the whole country (without `kind`, by region and for the country). Each query's rows start with
    the quarter and the group columns; returns [((quarter, region or COUNTRY, kind or ALL_KINDS),
    the rest of the row)] for rows of a quarter shown."""
    groupings = [(True, True), (True, False), (False, True), (False, False)] if kind is not None else \
        [(True, False), (False, False)]
    found = []
    for by_region, by_kind in groupings:
        columns = [region] * by_region + [kind] * by_kind
        for quarter, *rest in query_for(columns):
            if quarter is not None:
                key = (quarter, rest[0] if by_region else COUNTRY, rest[by_region] if by_kind else ALL_KINDS)
                found.append((key, tuple(rest[by_region + by_kind:])))
    return found


def histograms_of(rows: list[tuple[tuple, tuple]]) -> dict[tuple, dict[int, int]]:
    """{key: {value: how many}} of grouped rows ending in a value and its count."""
    found: dict = defaultdict(lambda: defaultdict(int))
    for key, (value, number) in rows:
        found[key][int(value)] += number
    return found


def share(numerator: int, base: int, persons: int) -> Figure:
    return Figure(numerator / base if base else None, numerator, base, persons)


def median_from(histogram: dict[int, int]) -> float | None:
    """The median of values given as {value: how many}: the middle one, or the mean of the two."""
    total = sum(histogram.values())
    if not total:
        return None
    wanted, found, seen = ((total - 1) // 2, total // 2), [], 0
    for value, number in sorted(histogram.items()):
        found += [value for position in wanted if seen <= position < seen + number]
        seen += number
    return sum(found) / 2


class Computation:
    """The indicators of the quarters that ended before `today`."""

    def __init__(self, session: Session, today: dt.date):
        self.session, self.today = session, today
        self.quarters = quarters_ended(today)
        self.first, self.last = self.quarters[-1].first_day, self.quarters[0].last_day
        self.postgres = session.get_bind().dialect.name == "postgresql"

    def run(self, query: Select):
        return self.session.execute(query)

    def days(self, later, earlier):
        """Whole days from one date to another."""
        return later - earlier if self.postgres else cast(func.julianday(later) - func.julianday(earlier), Integer)

    def days_between_moments(self, later, earlier):
        """Whole days from one timestamp to another (a part of a day does not count)."""
        if self.postgres:
            return cast(func.floor(func.extract("epoch", later - earlier) / 86400), Integer)
        return cast(func.julianday(later) - func.julianday(earlier), Integer)

    def day_of(self, wall_clock):
        """The day of a Kazakhstan wall-clock time kept without a zone (a booking's start)."""
        return cast(wall_clock, Date) if self.postgres else func.date(wall_clock)

    def items(self) -> Select:
        return (select().select_from(ProgrammeItem)
                .join(RehabilitationProgramme, RehabilitationProgramme.id == ProgrammeItem.programme_id)
                .join(Person, Person.id == RehabilitationProgramme.person_id))

    def on_time(self) -> dict:
        quarter = quarter_of(ProgrammeItem.due_date, self.quarters)
        in_time = case((and_(ProgrammeItem.status == "provided", ProgrammeItem.completed_on <= ProgrammeItem.due_date),
                        1), else_=0)
        rows = grouped(lambda columns: self.run(
            self.items().add_columns(quarter, *columns, func.sum(in_time), func.count(),
                                     func.count(func.distinct(Person.id)))
            .where(ProgrammeItem.due_date.between(self.first, self.last)).group_by(quarter, *columns)),
            Person.region, ProgrammeItem.kind)
        return {key: share(int(on), base, persons) for key, (on, base, persons) in rows}

    def days_to_provide(self) -> dict:
        quarter = quarter_of(ProgrammeItem.completed_on, self.quarters)
        days = self.days(ProgrammeItem.completed_on, ProgrammeItem.due_date)
        provided = self.items().where(ProgrammeItem.status == "provided", ProgrammeItem.due_date.is_not(None),
                                      ProgrammeItem.completed_on.between(self.first, self.last))
        histograms = histograms_of(grouped(lambda columns: self.run(
            provided.add_columns(quarter, *columns, days, func.count()).group_by(quarter, *columns, days)),
            Person.region, ProgrammeItem.kind))
        persons = dict(grouped(lambda columns: self.run(
            provided.add_columns(quarter, *columns, func.count(func.distinct(Person.id))).group_by(quarter, *columns)),
            Person.region, ProgrammeItem.kind))
        return {key: Figure(median_from(h), None, sum(h.values()), persons[key][0]) for key, h in histograms.items()}

    def requests(self) -> tuple[dict, dict]:
        """The median days to a decision, and the share refused, of requests decided in the quarter
        (decided when first approved or refused)."""
        decided = (select(RequestEvent.request_id, func.min(RequestEvent.at).label("at"))
                   .where(RequestEvent.status.in_(DECIDED)).group_by(RequestEvent.request_id).subquery())
        quarter = quarter_of_moment(decided.c.at, self.quarters)
        days = self.days_between_moments(decided.c.at, ServiceRequest.submitted_at)
        requests = select().select_from(ServiceRequest).join(decided, decided.c.request_id == ServiceRequest.id)
        refused = case((ServiceRequest.status == REFUSED, 1), else_=0)
        shares = {key: share(int(no), base, persons) for key, (no, base, persons) in grouped(
            lambda columns: self.run(requests.add_columns(quarter, *columns, func.sum(refused), func.count(),
                                                          func.count(func.distinct(ServiceRequest.person_iin)))
                                     .group_by(quarter, *columns)), ServiceRequest.region)}
        histograms = histograms_of(grouped(lambda columns: self.run(
            requests.add_columns(quarter, *columns, days, func.count()).group_by(quarter, *columns, days)),
            ServiceRequest.region))
        medians = {key: Figure(median_from(h), None, sum(h.values()), shares[key].persons)
                   for key, h in histograms.items()}
        return medians, shares

    def nobody_free(self) -> dict:
        quarter = quarter_of(self.day_of(Booking.starts_at), self.quarters)
        unfilled = case((Booking.status.in_(NOBODY_FREE), 1), else_=0)
        bookings = select().select_from(Booking).where(Booking.status.not_in(NOT_COUNTED_BOOKINGS),
                                                       Booking.reference.is_not(None))
        return {key: share(int(no), base, persons) for key, (no, base, persons) in grouped(
            lambda columns: self.run(bookings.add_columns(quarter, *columns, func.sum(unfilled), func.count(),
                                                          func.count(func.distinct(Booking.person_iin)))
                                     .group_by(quarter, *columns)), Booking.region)}

    def training_to_job(self) -> dict:
        """Persons whose vocational training was provided in the quarter, and of them those with a
        job-placement measure provided on or after that day (in any programme of theirs)."""
        training, job, job_programme = aliased(ProgrammeItem), aliased(ProgrammeItem), aliased(RehabilitationProgramme)
        quarter = quarter_of(training.completed_on, self.quarters)
        later_job = (select(literal(1)).select_from(job).join(job_programme, job_programme.id == job.programme_id)
                     .where(job_programme.person_id == Person.id, job.kind == "job_placement",
                            job.status == "provided", job.completed_on >= training.completed_on)
                     .exists())
        trained = (select(quarter.label("quarter"), Person.region.label("region"), Person.id.label("person_id"),
                          case((later_job, Person.id), else_=None).label("placed"))
                   .select_from(training)
                   .join(RehabilitationProgramme, RehabilitationProgramme.id == training.programme_id)
                   .join(Person, Person.id == RehabilitationProgramme.person_id)
                   .where(training.kind == "vocational_training", training.status == "provided",
                          training.completed_on.between(self.first, self.last))
                   .subquery())
        return {key: share(placed, persons, persons) for key, (placed, persons) in grouped(
            lambda columns: self.run(select(trained.c.quarter, *columns, func.count(func.distinct(trained.c.placed)),
                                            func.count(func.distinct(trained.c.person_id)))
                                     .group_by(trained.c.quarter, *columns)), trained.c.region)}

    def all(self) -> dict[str, dict]:
        """{indicator: {(quarter, region or COUNTRY, kind or ALL_KINDS): Figure}}."""
        request_days, refused = self.requests()
        return {"on_time": self.on_time(), "days_to_provide": self.days_to_provide(), "request_days": request_days,
                "refused": refused, "nobody_free": self.nobody_free(), "training_to_job": self.training_to_job()}


def regions_and_country() -> list[str]:
    return [*v.REGIONS, COUNTRY]
