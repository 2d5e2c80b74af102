"""The processes a benchmark run needs: the portal and the control under gunicorn, and a stand-in
for the text-message gateway that keeps the sign-in codes it is asked to send."""

from __future__ import annotations

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import redis
import requests

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
CELERY = str(Path(sys.executable).with_name("celery"))
# The production command of the README, with the same number of workers for both apps.
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
# How long a sign-in waits for its code: the portal's worker sends it within milliseconds, but two
# busy cores can hold it back.
CODE_WAIT_SECONDS = 15


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmsSink:
    """Answers the portal's POST {"phone", "text"} with 200 and keeps the last code per phone.
    GET ?phone=+7… answers that code (404 before any), and DELETE ?phone=+7… forgets it, for a load
    generator in another process.

    The portal's Celery worker (CeleryWorker) sends a code after the page's answer (portal/background.py),
    so whoever signs in forgets the phone's code before asking for one, then waits for it: a code
    of an earlier sign-in is never taken for this one's."""

    def __init__(self):
        self.codes: dict[str, str] = {}
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                message = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                code = re.search(r"\b(\d{6})\b", message["text"])
                if code:  # a sign-in code; the other messages (confirmations, news) are taken and dropped
                    sink.codes[message["phone"]] = code.group(1)
                self.send_response(200)
                self.end_headers()

            def do_GET(self):
                code = sink.codes.get(self.phone())
                self.send_response(200 if code else 404)
                self.end_headers()
                self.wfile.write((code or "").encode())

            def do_DELETE(self):
                sink.forget(self.phone())
                self.send_response(204)
                self.end_headers()

            def phone(self) -> str:
                return parse_qs(urlsplit(self.path).query).get("phone", [""])[0]

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/sms"

    def forget(self, phone: str) -> None:
        self.codes.pop(phone, None)

    def code_for(self, phone: str, timeout: float = CODE_WAIT_SECONDS) -> str:
        """The phone's code, once the portal has sent it (after `forget`, a new one)."""
        deadline = time.monotonic() + timeout
        while (code := self.codes.get(phone)) is None:
            if time.monotonic() > deadline:
                raise RuntimeError(f"no sign-in code reached {phone} within {timeout:g} s")
            time.sleep(0.02)
        return code

    def close(self):
        self.server.shutdown()


class Gunicorn:
    """`gunicorn -w WORKERS -b 127.0.0.1:PORT APP`, started and waited for until `ready_path` answers;
    `options` go to gunicorn before APP (a load test sends the error log to a file)."""

    def __init__(self, app: str, env: dict, ready_path: str, options: tuple[str, ...] = ()):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [GUNICORN, "-w", str(WORKERS), "-b", f"127.0.0.1:{self.port}", "--log-level", "warning", *options, app],
            cwd=ROOT, env={**os.environ, **env})
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(self.url + ready_path, timeout=5).status_code == 200:
                    return
            except requests.RequestException:  # refused, or accepted before a worker is up
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise RuntimeError(f"gunicorn {app} did not start")
            time.sleep(0.2)

    def worker_peaks_mb(self) -> list[float]:
        """The peak resident memory (VmHWM) of each worker, in MB."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        peaks = []
        for pid in children:
            status = Path(f"/proc/{pid}/status").read_text()
            peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024)
        return peaks

    def close(self):
        self.process.terminate()
        self.process.wait(timeout=30)


class CeleryWorker:
    """`celery --app portal.worker worker`, one process, as production runs it beside gunicorn: it
    sends the sign-in codes and messages."""

    def __init__(self, env: dict, logfile: Path | None = None):
        self.process = subprocess.Popen(
            [CELERY, "--app", "portal.worker", "worker", "--concurrency", "1", "--loglevel", "warning",
             *(("--logfile", str(logfile)) if logfile else ())],
            cwd=ROOT, env={**os.environ, **env})

    def close(self):
        self.process.terminate()
        self.process.wait(timeout=30)


# Each run counts its limits in a Redis database of its own, emptied first: the sign-ins of an
# earlier run within the hour must not count against this one's.
BENCH_REDIS_URL = "redis://127.0.0.1:6379/15"


def portal_env(database_url: str, sms: SmsSink, redis_url: str = BENCH_REDIS_URL) -> dict:
    """The portal as production runs it (README), on the benchmark's database, with every setting
    production refuses to start without (portal.config.production_problems)."""
    redis.Redis.from_url(redis_url).flushdb()
    return {
        "PORTAL_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        # wrk and the visitors reach gunicorn directly, with no proxy in front.
        "PROXY_COUNT": "0",
        "VIDEO_ROOM_URL": "https://video.example.kz/{room}",
        # Plain http to the stand-in gateway on this machine, which production allows for loopback.
        "SMS_GATEWAY_URL": sms.url,
        "SMS_GATEWAY_TOKEN": "benchmark",
        "SUPPORT_EMAIL": "support@qoljetimdi.example",
        "SUPPORT_PHONE": "8 800 000 00 00",
        "SUPPORT_SMS": "+7 700 000 00 00",
        "PORTAL_DEMO": "0",
        "PUBLIC_BASE_URL": "https://qoljetimdi.example",
        # Two submitters send a request's check page as fast as wrk can: far past a person's limit
        # (portal/limits.py). The measure is of the page, not of the limit's refusal.
        "SUBMISSION_LIMIT": "1000000 per hour",
        # Every sign-in comes from 127.0.0.1, and the load test signs a persona in again within
        # minutes: the caps on codes per IIN (a cooldown, so many an hour, fewer from one address)
        # would send it no code, and the sign-in would wait in vain. They are not what is measured.
        "SIGN_IN_CODE_COOLDOWN_SECONDS": "0",
        "SIGN_IN_CODES_PER_HOUR": "1000000",
        "SIGN_IN_CODES_PER_ADDRESS_PER_HOUR": "1000000",
    }
