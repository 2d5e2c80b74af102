"""The background work on a real Celery worker, through the Redis of this machine (portal/worker.py):
a message goes out once, however often it is handed over; a sign-in code is made and sent by the
worker; beat's schedule runs a job; a job never runs twice at once; a missed day is caught up."""

import datetime as dt
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import redis
from celery.beat import Scheduler
from celery.contrib.testing.worker import start_worker

from portal import clock, jobs
from portal.extensions import db
from portal.models import JobRun, Message
from tests.auth.test_sign_in import send_iin
from tests.conftest import app_for_test, persona
from tests.test_job_runs import told_of_coming_of_age, young_adult_turning_18_on

# A Redis database of the tests' own, emptied before each test; one test at a time uses it.
REDIS = "redis://127.0.0.1:6379/13"
pytestmark = pytest.mark.xdist_group("redis-worker")
WAIT_SECONDS = 15


@pytest.fixture
def app(database_url, request):
    """The test's app with REDIS_URL: its background work goes to Redis, for the worker."""
    redis.Redis.from_url(REDIS).flushdb()
    with app_for_test(database_url, request, REDIS_URL=REDIS) as app:
        yield app


@pytest.fixture
def worker(app):
    """A Celery worker in a thread of the test, taking tasks from Redis for this app."""
    with start_worker(app.extensions["celery"], pool="solo", perform_ping_check=False, shutdown_timeout=30):
        yield
        # The test's last look may hold SQLite's write lock while the worker still has work the test
        # set off (the messages a job queued): let go, or the worker waits for it as it is stopped.
        db.session.rollback()


def wait_for(found, what: str):
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        result = found()
        # Let go of the transaction: the next look reads what the worker committed since, and
        # SQLite's write lock is free for the worker meanwhile.
        db.session.rollback()
        if result:
            return result
        assert time.monotonic() < deadline, f"{what}: not within {WAIT_SECONDS} s"
        time.sleep(0.05)


def texts_to(app, phone: str) -> list[str]:
    return [text for to, text in app.extensions["sms"].sent if to == phone]


def phone_owner(demo) -> str:
    return persona(demo, lambda p: p["phone"] and p["decisions"])


def new_message(session, iin: str, subject: str) -> int:
    message = Message(recipient_iin=iin, kind="request_status", about="R-1", language="kk", subject=subject, body="…")
    session.add(message)
    session.commit()  # handed to the worker now (portal/notify/after_commit.py)
    return message.id


def test_a_message_goes_out_from_the_worker_once_however_often_it_is_handed_over(app, demo, worker, session):
    iin = phone_owner(demo)
    phone = demo[iin]["phone"]
    first = new_message(session, iin, "Өтінішіңіз қаралды")
    wait_for(lambda: session.get(Message, first).delivered_at, "the message handed over after its commit")
    app.extensions["background"].later("portal.deliver_message", first)  # again, as a retry would
    assert jobs.run("outbox deliver") == "0 sent, 0 not sent"  # and the sweep finds nothing to send
    # The worker takes tasks in order: once the next message is out, the second hand-over is done.
    second = new_message(session, iin, "Екінші хабар")
    wait_for(lambda: session.get(Message, second).delivered_at, "the next message")
    assert [text.split(".")[0] for text in texts_to(app, phone)] == ["Өтінішіңіз қаралды", "Екінші хабар"]


def test_a_sign_in_code_is_made_and_sent_by_the_worker(app, demo, worker):
    iin = phone_owner(demo)
    response = send_iin(app.test_client(), iin)
    assert response.headers["Location"] == "/kk/login/code"
    [text] = wait_for(lambda: texts_to(app, demo[iin]["phone"]), "the sign-in code")
    assert "кіру коды" in text and re.search(r"\b\d{6}\b", text)


def test_beat_asks_for_each_job_on_its_schedule_and_the_worker_runs_it(app, worker, session):
    scheduler = Scheduler(app=app.extensions["celery"], lazy=True)
    scheduler.setup_schedule()
    assert set(scheduler.schedule) == set(jobs.JOBS)
    entry = scheduler.schedule["outbox deliver"]
    entry.last_run_at = entry.default_now() - dt.timedelta(minutes=2)  # a minute has gone by
    scheduler.tick()  # what beat does every few seconds: sends the jobs that are due
    run = wait_for(lambda: session.get(JobRun, "outbox deliver"), "the job beat asked for")
    assert run.ended_at >= run.started_at
    scheduler.close()


def test_daily_jobs_run_at_kazakhstan_hours():
    reminders = jobs.JOBS["reminders queue"].when
    assert (reminders.hour, reminders.minute) == ({4}, {0})  # 09:00 in Kazakhstan is 04:00 UTC
    assert jobs.JOBS["uploads sweep"].when.hour == {22}  # 03:00 in Kazakhstan, the evening before in UTC


def test_a_job_never_runs_twice_at_once(app, session, monkeypatch):
    started, release = threading.Event(), threading.Event()

    def slow_sweep() -> str:
        started.set()
        assert release.wait(WAIT_SECONDS)
        return "swept"

    sweep = jobs.JOBS["uploads sweep"]
    monkeypatch.setitem(jobs.JOBS, "uploads sweep", jobs.Job(sweep.name, slow_sweep, sweep.when, sweep.lock_for))
    results = []

    def first_run():
        with app.app_context():
            results.append(jobs.run("uploads sweep"))

    running = threading.Thread(target=first_run)
    running.start()
    assert started.wait(WAIT_SECONDS)
    # Meanwhile, on this process or any other sharing the Redis: the second run leaves the work.
    assert jobs.run("uploads sweep") is None
    by_hand = app.test_cli_runner().invoke(args=["uploads", "sweep"])
    assert by_hand.exit_code == 75 and "running elsewhere" in by_hand.output
    release.set()
    running.join(WAIT_SECONDS)
    assert results == ["swept"]
    assert jobs.run("uploads sweep") == "swept"  # the lock is free again once the run ended


def test_a_missed_day_is_caught_up_when_beat_asks_again(app, worker, session):
    three_days_ago = clock.utcnow() - dt.timedelta(days=3)
    session.add(JobRun(name="mandates coming-of-age", started_at=three_days_ago, ended_at=three_days_ago))
    session.commit()
    # A missed day: two days ago (or the day before, when that is a 29 February with no 18 years before).
    day = clock.today() - dt.timedelta(days=2)
    missed = young_adult_turning_18_on(session, day if (day.month, day.day) != (2, 29) else day + dt.timedelta(days=1))
    app.extensions["celery"].send_task("portal.run_job", args=("mandates coming-of-age",))
    wait_for(lambda: session.get(JobRun, "mandates coming-of-age").started_at > three_days_ago, "the job's run")
    assert missed in told_of_coming_of_age(session)


def celery_command(*args: str, **env: str) -> subprocess.CompletedProcess:
    celery = Path(sys.executable).with_name("celery")
    return subprocess.run([str(celery), "--app", "portal.worker", *args], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PORTAL_ENV": "testing", **env})


def test_the_worker_and_beat_find_the_portals_celery_app():
    # `celery --app portal.worker` takes the module's `app` before its `celery`: not the Flask app.
    found = celery_command("report", REDIS_URL=REDIS)
    assert found.returncode == 0, found.stderr
    assert f"broker_url: '{REDIS}'" in found.stdout and "beat_schedule" in found.stdout


def test_when_redis_cannot_take_the_work_the_page_still_answers_and_the_outbox_keeps_the_message(
        database_url, request, demo, caplog):
    # Nothing listens on port 1: the hand-over fails, as with Redis down.
    with app_for_test(database_url, request, REDIS_URL="redis://127.0.0.1:1/0") as down:
        down.extensions["celery"].conf.broker_transport_options = {"max_retries": 0}
        iin = phone_owner(demo)
        response = send_iin(down.test_client(), iin)
        assert response.headers["Location"] == "/kk/login/code"
        message = new_message(db.session, iin, "Өтінішіңіз қаралды")
        assert db.session.get(Message, message).delivered_at is None  # for the outbox sweep
        assert "not handed to the worker" in caplog.text
