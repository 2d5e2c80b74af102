"""With REDIS_URL set, every process of the portal counts the same limits: a person cannot go round
a limit by landing on another worker. Two real processes, one Redis."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import uuid
from contextlib import contextmanager

import requests

from portal.config import ROOT

REDIS_URL = "redis://127.0.0.1:6379/0"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def portal_process(config: dict):
    """The portal in a process of its own; yields its base URL."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "tests.support.serve", str(port), json.dumps(config)],
                               cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "ready"
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()


def sign_in_attempt(base: str) -> int:
    return requests.post(f"{base}/kk/login", data={"iin": "000000000000"}, allow_redirects=False,
                         timeout=10).status_code


def test_two_processes_sharing_redis_hold_one_limit(app, database_url):
    config = {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "REDIS_URL": REDIS_URL,
        "RATELIMIT_STORAGE_URI": REDIS_URL,
        "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}",  # this test's own counts
        "SIGN_IN_LIMIT_PER_ADDRESS": "3 per hour",
        "WTF_CSRF_ENABLED": False,  # the test is about the limit, not the form token
    }
    with portal_process(config) as first, portal_process(config) as second:
        assert [sign_in_attempt(first), sign_in_attempt(first)] == [200, 200]  # "not a valid IIN" page
        assert sign_in_attempt(second) == 200
        # The second process has seen one attempt only, yet it stops the fourth: the count is shared.
        stopped = requests.post(f"{second}/kk/login", data={"iin": "000000000000"}, timeout=10)
        assert stopped.status_code == 429 and int(stopped.headers["Retry-After"]) > 3500
        assert sign_in_attempt(first) == 429
