"""The scheduled jobs remember their last good run (portal/job_runs.py): a missed day is caught up,
a failed run leaves no mark, and operators read the last runs with `flask jobs status`."""

import datetime as dt
import json

import time_machine
from sqlalchemy import select

from portal import clock, job_runs
from portal.jobs import JOBS
from portal.models import JobRun, Message
from portal.registry.importer import import_people
from tests import factories as f

# 10:00 in Kazakhstan, 05:00 UTC.
NOW = dt.datetime(2026, 6, 15, 5, 0, tzinfo=dt.UTC)


def young_adult_turning_18_on(session, day: dt.date) -> str:
    parent, young = f.young_person(day.replace(year=day.year - 18), day + dt.timedelta(days=30))
    assert import_people(session, [json.dumps(p, ensure_ascii=False) for p in (parent, young)]).errors == []
    return young["iin"]


def told_of_coming_of_age(session) -> set[str]:
    return set(session.scalars(select(Message.recipient_iin).where(Message.kind == "mandate_came_of_age")))


def test_a_missed_day_of_coming_of_age_is_caught_up(runner, session):
    with time_machine.travel(NOW, tick=False):
        three_days_ago = NOW - dt.timedelta(days=3)
        session.add(JobRun(name="mandates coming-of-age", started_at=three_days_ago, ended_at=three_days_ago))
        session.commit()
        missed = young_adult_turning_18_on(session, clock.today() - dt.timedelta(days=2))
        today = young_adult_turning_18_on(session, clock.today())
        result = runner.invoke(args=["mandates", "coming-of-age"])
        assert result.exit_code == 0, result.output
        assert {missed, today} <= told_of_coming_of_age(session)
        assert "(2026-06-13 to 2026-06-15)" in result.output
        session.expire_all()
        assert session.get(JobRun, "mandates coming-of-age").started_at == NOW


def test_the_first_run_covers_today_and_a_long_pause_a_year_at_most(session):
    with time_machine.travel(NOW, tick=False):
        assert job_runs.days_to_cover(session, "mandates coming-of-age", clock.today()) == [clock.today()]
        long_ago = NOW - dt.timedelta(days=900)
        session.add(JobRun(name="mandates coming-of-age", started_at=long_ago, ended_at=long_ago))
        session.commit()
        days = job_runs.days_to_cover(session, "mandates coming-of-age", clock.today())
        assert (len(days), days[-1]) == (job_runs.CATCH_UP_DAYS, clock.today())


def test_a_run_that_fails_leaves_no_mark(app, session):
    @job_runs.recorded("outbox deliver")
    def broken():
        raise RuntimeError("the gateway is down")

    with app.app_context():
        try:
            broken()
        except RuntimeError:
            pass
    assert session.get(JobRun, "outbox deliver") is None


def test_jobs_status_says_when_each_job_last_ended_well_in_kazakhstan_time(runner):
    with time_machine.travel(NOW, tick=False):
        assert runner.invoke(args=["outbox", "deliver"]).exit_code == 0
        lines = runner.invoke(args=["jobs", "status"]).output.splitlines()
    assert "outbox deliver: 2026-06-15T10:00+05:00" in lines
    assert "registry refresh: never" in lines and "statistics publish: never" in lines and len(lines) == len(JOBS)
