"""The portal's Celery app on Redis, made with the Flask app (as Flask's own guide does): each task
runs inside the Flask app's context, with its configuration and its database session.

Made only when REDIS_URL is set; without it the background work runs in a thread of the portal
(portal/background.py) and there is no worker or beat to run.
"""

from __future__ import annotations

from celery import Celery, Task, signals
from flask import Flask

from portal import jobs, logs
from portal.tasks import TASKS


def make_celery(app: Flask) -> Celery:
    class AppTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    celery = Celery(app.import_name, task_cls=AppTask, set_as_current=False)
    celery.conf.update(
        broker_url=app.config["REDIS_URL"],
        broker_connection_retry_on_startup=True,
        # Nothing reads a task's result: none is kept.
        task_ignore_result=True,
        # A task is taken off the queue when it is done, not when it starts: a worker that dies
        # mid-task leaves it to another (every task may run again: a message locked and marked
        # sent is not sent twice, a job is locked and catches up). One task at a time per process.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        # Beat keeps UTC; the jobs' schedules are written in Kazakhstan time (portal/jobs.py).
        enable_utc=True,
        timezone="UTC",
        beat_schedule=jobs.beat_schedule(),
        # The portal's logging (portal/logs.py: JSON lines, IINs and codes masked) stays in place.
        worker_hijack_root_logger=False,
    )
    signals.setup_logging.connect(log_as_the_portal(app.config["LOG_FORMAT"]), weak=False,
                                  dispatch_uid="qoljetimdi")
    for name, function in TASKS.items():
        celery.task(name=name)(function)
    return celery


def log_as_the_portal(log_format: str):
    """Celery sets up no logging of its own when this signal has a receiver: the worker's and
    beat's lines go through portal/logs.py (JSON in production, masked), as the web's do."""
    def set_up(loglevel=None, **kwargs) -> None:
        logs.configure(log_format, "celery", loglevel or "INFO")
    return set_up
