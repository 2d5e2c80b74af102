"""The scheduled jobs: what each does, when beat runs it, and the run itself.

A run is never made twice at once: it holds a lock for its job while it works, in Redis when
REDIS_URL is set (every machine sees it), in a file lock otherwise (one machine). A run that finds
the lock held leaves the work to the run holding it. A run that ends well is written down
(portal/job_runs.py), so the next one starts where it ended and catches up what was missed.

Beat (portal/worker.py) asks for each job on its schedule, in Kazakhstan time; an operator may
run one by hand with its command (portal/cli.py): both go through `run`.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import redis
from celery.schedules import crontab, schedule
from flask import current_app

from portal import clock, job_runs
from portal.extensions import db

log = logging.getLogger(__name__)


def registry_refresh() -> str:
    from portal.registry import registry
    from portal.registry.http import HttpRegistry

    client = registry()
    if not isinstance(client, HttpRegistry):
        return "The registry is in this database (REGISTRY_URL is not set): there are no copies to refresh."
    last = job_runs.last_good_run(db.session, "registry refresh")
    refreshed = client.refresh_copies(since=last.started_at if last else None)
    db.session.commit()
    return f"{refreshed} copies refreshed"


def reminders_queue(today: dt.date | None = None) -> str:
    from portal.notify.reminders import queue_reexamination_reminders
    from portal.registry import registry

    added = queue_reexamination_reminders(db.session, registry(), today or clock.today())
    return f"{added} reminders queued"


def outbox_deliver() -> str:
    from portal.carers.services import tell_about_asks
    from portal.notify.outbox import deliver_outbox
    from portal.notify.sms import sms_gateway
    from portal.registry import registry

    told = tell_about_asks(db.session, registry(), clock.today())
    sent, failed = deliver_outbox(db.session, registry(), sms_gateway(), clock.utcnow())
    return (f"{told} people told of an ask for a mandate\n" if told else "") + f"{sent} sent, {failed} not sent"


def bookings_remind() -> str:
    from portal.bookings.services import queue_reminders
    from portal.registry import registry

    return f"{queue_reminders(db.session, registry(), clock.now_local())} booking reminders queued"


def bookings_release() -> str:
    from portal.bookings.services import release_hours_before, release_unaccepted
    from portal.registry import registry

    released = release_unaccepted(db.session, registry(), clock.now_local(), release_hours_before(current_app.config))
    return f"{released} bookings released"


def mandates_coming_of_age() -> str:
    from portal.carers.services import tell_young_adults
    from portal.registry import registry

    days = job_runs.days_to_cover(db.session, "mandates coming-of-age", clock.today())
    told = sum(tell_young_adults(db.session, registry(), day) for day in days)
    return f"{told} young adults told ({days[0].isoformat()} to {days[-1].isoformat()})"


def uploads_sweep() -> str:
    from portal.drafts import remove_expired
    from portal.requests.services import remove_orphan_evidence

    now = clock.utcnow()
    files = remove_orphan_evidence(db.session, Path(current_app.config["UPLOAD_FOLDER"]), now)
    return f"{files} files that never joined a request removed, {remove_expired(db.session, now)} old drafts removed"


def statistics_publish() -> str:
    from portal.statistics.publish import publish_all

    published = publish_all(db.session, clock.today(), clock.utcnow())
    return f"{len(published)} statistics tables published"


def at_kazakhstan_hour(hour: int, minute: int = 0) -> crontab:
    """Every day at this Kazakhstan wall-clock time (beat keeps UTC)."""
    return crontab(hour=clock.utc_hour(hour), minute=minute)


@dataclass(frozen=True)
class Job:
    name: str
    work: Callable[..., str]  # does the job; says what it did
    when: schedule  # when beat asks for it
    lock_for: dt.timedelta  # how long a run may hold its lock: a run that dies frees it after this


EVERY_MINUTE = schedule(dt.timedelta(minutes=1))
HOURLY = dt.timedelta(minutes=30)
DAILY = dt.timedelta(hours=2)

JOBS = {job.name: job for job in (
    Job("outbox deliver", outbox_deliver, EVERY_MINUTE, dt.timedelta(minutes=10)),
    Job("registry refresh", registry_refresh, schedule(dt.timedelta(minutes=5)), HOURLY),
    Job("bookings remind", bookings_remind, crontab(minute=0), HOURLY),
    Job("bookings release", bookings_release, crontab(minute=30), HOURLY),
    Job("reminders queue", reminders_queue, at_kazakhstan_hour(9), DAILY),
    Job("mandates coming-of-age", mandates_coming_of_age, at_kazakhstan_hour(9, 5), DAILY),
    Job("uploads sweep", uploads_sweep, at_kazakhstan_hour(3), DAILY),
    Job("statistics publish", statistics_publish, at_kazakhstan_hour(2), DAILY),
)}


def run(name: str, **options) -> str | None:
    """Run the job now and say what it did; None when a run of it is going on elsewhere."""
    job = JOBS[name]
    with lock(name, job.lock_for) as held:
        if not held:
            return None
        return job_runs.recorded(name)(job.work)(**options)


@contextmanager
def lock(name: str, lasting: dt.timedelta) -> Iterator[bool]:
    """Hold the job's lock for the block, if no one else holds it; says whether it is held."""
    url = current_app.config.get("REDIS_URL")
    with (redis_lock(url, name, lasting) if url else file_lock(name)) as held:
        yield held


@contextmanager
def redis_lock(url: str, name: str, lasting: dt.timedelta) -> Iterator[bool]:
    client = redis.Redis.from_url(url)
    try:
        found = client.lock(f"qoljetimdi:job:{name}", timeout=lasting.total_seconds(), blocking=False)
        if not found.acquire():
            yield False
            return
        try:
            yield True
        finally:
            try:
                found.release()
            except redis.exceptions.LockError:
                log.warning("%s ran longer than its lock (%s): another run may have started", name, lasting)
    finally:
        client.close()


@contextmanager
def file_lock(name: str) -> Iterator[bool]:
    """A lock file per job and database, in the instance folder: freed by the system when its
    process ends, however it ends."""
    database = hashlib.sha256(current_app.config["SQLALCHEMY_DATABASE_URI"].encode()).hexdigest()[:16]
    folder = Path(current_app.instance_path) / "job-locks"
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"{database}-{name.replace(' ', '-')}.lock").open("w") as file:
        try:
            fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True


def beat_schedule() -> dict:
    """Celery beat's schedule: each job on its own time."""
    return {name: {"task": "portal.run_job", "schedule": job.when, "args": (name,)} for name, job in JOBS.items()}
