"""The statistics job publishes what the registry holds, small counts hidden: no figure shown is
computed from fewer than 10 persons."""

from __future__ import annotations

import datetime as dt

from portal import clock
from portal.models import PublishedTable
from portal.statistics.indicators import COUNTRY, Quarter
from portal.statistics.publish import hide_shared_totals, publish_all
from portal.statistics.suppression import PRIMARY, THRESHOLD
from portal.statistics.tables import COUNT_TABLES
from tests import factories
from tests.statistics.population import dense, last_quarter_day, load, people

ON_TIME = dict(kind="mobility", status="provided", due_date=last_quarter_day(20), completed_on=last_quarter_day(25))
LATE = dict(kind="mobility", status="provided", due_date=last_quarter_day(20), completed_on=last_quarter_day(10))


def population(session) -> None:
    load(session, people(24, region="almaty", items=[factories.item(**ON_TIME)])
         + people(8, region="almaty", items=[factories.item(**LATE)])
         + people(12, region="astana", group="I", sex="male", items=[factories.item(**LATE)])
         + people(3, region="abai"))


def table(session, code) -> PublishedTable:
    return session.get(PublishedTable, code)


def cell(published: PublishedTable, row: str, column: str):
    r, c = published.rows.index(row), published.columns.index(column)
    return published.values[r][c], published.hidden[r][c]


def test_counts_are_published_with_small_ones_hidden(session):
    counts = dense(session)
    load(session, people(3, region="abai", born=dt.date(clock.today().year - 50, 6, 1)))
    publish_all(session, clock.today(), clock.utcnow())
    by_age = table(session, "persons-by-age-sex")
    assert cell(by_age, "0_6", "female") == (counts["0_6", "female"], None)
    assert cell(by_age, "45_59", "female") == (counts["45_59", "female"] + 3, None)
    assert by_age.values[-1][-1] == sum(counts.values()) + 3
    by_group = table(session, "persons-by-region-group")
    assert cell(by_group, "abai", "II") == (None, PRIMARY)
    # No figure shown anywhere is computed from fewer than 10 persons.
    for published in session.query(PublishedTable).filter(PublishedTable.code.in_(COUNT_TABLES)):
        assert all(value is None or value >= THRESHOLD for line in published.values for value in line)


def test_the_decision_must_be_in_force(session):
    ended = people(15, region="almaty")
    for record in ended:
        record["decisions"] = [factories.decision(record["decisions"][0]["number"],
                                                  valid_until=factories.days_from_today(-1))]
        record["programmes"][0]["valid_until"] = factories.days_from_today(-1)
    load(session, ended)
    counts = dense(session)
    publish_all(session, clock.today(), clock.utcnow())
    assert table(session, "persons-by-age-sex").values[-1][-1] == sum(counts.values())


def test_indicators_by_region_and_quarter(session):
    population(session)
    publish_all(session, clock.today(), clock.utcnow())
    quarter = Quarter.of(clock.today()).previous().code
    public = table(session, f"indicators-{quarter}")
    # Almaty: 24 of 32 provided on time; Astana's 12 all late; Abai has none due.
    assert cell(public, "almaty", "on_time") == (0.75, None)
    assert cell(public, "astana", "on_time") == (0.0, None)
    assert cell(public, "abai", "on_time") == (None, "few")
    assert cell(public, COUNTRY, "on_time") == (0.5455, None)
    # Days from due to provided: 5 early for 24, 10 late for 20 -> median -5 (country: 44 items).
    assert cell(public, "almaty", "days_to_provide") == (-5.0, None)
    staff = table(session, f"staff-indicators-{quarter}")
    value, numerator, base, persons = cell(staff, "almaty", "on_time")[0]
    assert (numerator, base, persons) == (24, 32, 32)


def test_a_job_run_replaces_what_was_published(session):
    counts = dense(session)
    publish_all(session, clock.today(), clock.utcnow())
    load(session, people(10, region="abai", sex="male", born=dt.date(clock.today().year - 70, 1, 15)))
    publish_all(session, clock.today() + dt.timedelta(days=1), clock.utcnow() + dt.timedelta(days=1))
    by_age = table(session, "persons-by-age-sex")
    assert cell(by_age, "60_plus", "male") == (counts["60_plus", "male"] + 10, None)
    assert by_age.as_of == clock.today() + dt.timedelta(days=1)


def test_a_total_two_tables_share_is_hidden_in_both_when_one_hides_it():
    """Persons by cause and sex and by age and sex have the same totals by sex: each table is checked
    on its own, so one showing a total the other hides would give that total away."""
    def grid(code, columns, women, women_hidden=None):
        return PublishedTable(code=code, rows=["a"], columns=columns, values=[[50, women, 50 + (women or 40)],
                                                                             [50, women, 50 + (women or 40)]],
                              hidden=[[None, women_hidden, None], [None, women_hidden, None]])

    tables = {"persons-by-region-group": grid("persons-by-region-group", ["I", "II"], 40),
              "persons-by-cause-sex": grid("persons-by-cause-sex", ["male", "female"], None, "secondary"),
              "persons-by-age-sex": grid("persons-by-age-sex", ["male", "female"], 40)}
    hide_shared_totals(tables)
    assert tables["persons-by-age-sex"].values[-1][1] is None
    assert tables["persons-by-age-sex"].hidden[-1][1] == "secondary"
    assert tables["persons-by-region-group"].values[-1][1] == 40  # a group is not a sex
    assert [t.values[-1][-1] for t in tables.values()] == [90, 90, 90]  # the grand totals, all shown
