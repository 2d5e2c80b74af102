"""The scheduled jobs remember their last good run (job_run), so that:
- a job that looks at days catches up the days it missed (`mandates coming-of-age` tells every
  young person whose 18th birthday fell since, not only today's);
- a job that asks for changes asks for those since its last good run began (`registry refresh`),
  not since the oldest copy it keeps, which would ask for more every time;
- operators see when each last worked: `flask jobs status`, and
  `portal_job_last_success_timestamp_seconds{job}` in /metrics.

A run that fails writes nothing: the next one starts from the same place.
"""

from __future__ import annotations

import datetime as dt
import functools

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal import clock
from portal.extensions import db
from portal.models import JobRun

# How many missed days a daily job catches up at most, when it has not run for longer.
CATCH_UP_DAYS = 366


def last_good_run(session: Session, name: str) -> JobRun | None:
    return session.get(JobRun, name)


def last_successes(session: Session) -> dict[str, dt.datetime]:
    return {run.name: run.ended_at for run in session.scalars(select(JobRun).order_by(JobRun.name))}


def days_to_cover(session: Session, name: str, today: dt.date) -> list[dt.date]:
    """The Kazakhstan days a daily job has not covered yet, up to today: today alone the first time."""
    last = last_good_run(session, name)
    if last is None:
        return [today]
    first = max(clock.in_kazakhstan(last.started_at).date() + dt.timedelta(days=1),
                today - dt.timedelta(days=CATCH_UP_DAYS - 1))
    first = min(first, today)  # run twice a day: today again (the jobs send each message once)
    return [first + dt.timedelta(days=n) for n in range((today - first).days + 1)]


def recorded(name: str):
    """Wrap a job's command: when it ends without an error, write down when it started and ended."""
    def decorate(command):
        @functools.wraps(command)
        def run(*args, **kwargs):
            started = clock.utcnow()
            result = command(*args, **kwargs)
            found = db.session.get(JobRun, name) or JobRun(name=name)
            found.started_at, found.ended_at = started, clock.utcnow()
            db.session.add(found)
            db.session.commit()
            return result
        return run
    return decorate
