"""Work done apart from the request that asked for it: a sign-in code made and sent after the
answer, a message sent after the commit that wrote it, a scheduled job.

With REDIS_URL (production) each piece of work is a Celery task on that Redis, done by
`celery --app portal.worker worker` (portal/worker.py). Without it (`make run`, the tests) a thread
of this process does the same work, so the portal runs with nothing else installed. With
BACKGROUND_THREAD off (the tests) the work waits until `run_waiting()` is called.

Handing work over costs the same whatever it is about: the sign-in page hands over every IIN it is
given, registered or not, and its answer never waits for the work.
"""

from __future__ import annotations

import logging
import queue
import threading
from contextlib import contextmanager

from flask import Flask, current_app, has_app_context
from kombu.exceptions import OperationalError

log = logging.getLogger(__name__)

THREAD_NAME = "background"


class Background:
    def __init__(self, app: Flask, in_thread: bool):
        self.app, self.in_thread = app, in_thread
        self.celery = app.extensions.get("celery")
        self.waiting: queue.Queue[tuple[str, tuple]] = queue.Queue()
        self.thread: threading.Thread | None = None
        self.starting = threading.Lock()

    def later(self, task: str, *args) -> None:
        """Have the task of that name (portal/tasks.py) done with `args`, without waiting for it.

        When Redis cannot take it, the work is not done now, and the page that asked still
        answers as usual: a message stays in the outbox for the `outbox deliver` sweep, and a
        person whose code does not come asks again (the same for every IIN)."""
        if self.celery is not None:
            try:
                self.celery.send_task(task, args=args)
            except (OperationalError, OSError):
                log.warning("%s not handed to the worker: Redis did not take it", task, exc_info=True)
            return
        self.waiting.put((task, args))
        if self.in_thread:
            self.start_thread()

    def start_thread(self) -> None:
        # Started on first use, so that each process (a gunicorn worker after the fork) has its own.
        with self.starting:
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self.run_forever, name=THREAD_NAME, daemon=True)
                self.thread.start()

    def run_forever(self) -> None:
        while True:
            task, args = self.waiting.get()
            try:
                self.run(task, args)
            finally:
                self.waiting.task_done()

    def run_waiting(self) -> None:
        """Do all the waiting work now, in this thread (tests)."""
        while True:
            try:
                task, args = self.waiting.get_nowait()
            except queue.Empty:
                return
            self.run(task, args)
            self.waiting.task_done()

    def run(self, task: str, args: tuple) -> None:
        from portal.extensions import db
        from portal.tasks import TASKS

        with self.app_context():
            try:
                TASKS[task](*args)
            except Exception:  # noqa: BLE001 (the thread lives on; the outbox sweep or the person tries again)
                log.exception("%s failed", task)
                db.session.rollback()

    @contextmanager
    def app_context(self):
        """The caller's app context when it is this app's (a test's, whose database session holds
        SQLite's lock), a new one otherwise (the thread's own, with its own database session)."""
        if has_app_context() and current_app._get_current_object() is self.app:
            yield
            return
        with self.app.app_context():
            yield


def later(task: str, *args) -> None:
    current_app.extensions["background"].later(task, *args)
