"""The visitors of `make loadtest`: persons who sign in with their IIN and the code the stand-in
gateway received, read their cabinet and rights, send requests and book interpreters through the
real forms, and staff who read their region's queue. `loadtest/run.py` starts Locust on this file
with LOADTEST_CONFIG naming a JSON file of the personas, the staff, the gateway and the journal.

Every confirmation a visitor reaches is written to the journal (one JSON line each), and run.py
checks the database against it afterwards. Any answer other than the one the portal should give on
that step of the journey is a Locust failure: a 5xx, a 4xx, a redirect to the wrong place, a refused
connection. A refused booking (no one free, hours used up) is the portal's proper answer, not a
failure; it is counted apart.

Production cookies are `Secure`, which an HTTP client does not send back over plain HTTP on
127.0.0.1, so each visitor keeps its cookies itself, as benchmarks/visitors.py does.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import os
import random
import re
import time
from collections import deque
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path
from urllib.parse import urlsplit

import gevent
import pyotp
import requests
from locust import HttpUser, between, events, task
from locust.exception import InterruptTaskSet, RescheduleTask, StopUser

from benchmarks.servers import CODE_WAIT_SECONDS
from benchmarks.visitors import CSRF, SUBMISSION_ID, field

if "LOADTEST_CONFIG" not in os.environ:
    raise SystemExit("Run the load test with `make loadtest` (loadtest/run.py), which writes LOADTEST_CONFIG")
CONFIG = json.loads(Path(os.environ["LOADTEST_CONFIG"]).read_text())
TIMEOUT = 60  # seconds; a slower answer is an error
DOUBLE_CLICK = CONFIG.get("double_click", 0.15)  # share of request submissions sent twice
DOUBLE_BOOK = CONFIG.get("double_book", 0.15)  # share of booking confirmations sent twice
KAZAKHSTAN = dt.timezone(dt.timedelta(hours=5))

# Persons in two queues: one visitor uses a persona at a time, and gives it back when it signs
# out. Persons whose programme grants interpreter hours go to the visitors who book interpreters.
HEARING = deque(p["iin"] for p in CONFIG["personas"] if not p["deaf"])
DEAF = deque(p["iin"] for p in CONFIG["personas"] if p["deaf"])
PHONES = {p["iin"]: p["phone"] for p in CONFIG["personas"]}
STAFF = itertools.cycle(CONFIG["staff"])
# Every submission id a confirmation was seen for: a journey whose check page carries one of these
# again would be answered with the earlier request's confirmation, and its own request lost.
SUBMITTED: set[str] = set()

JOURNAL = open(CONFIG["journal"], "a", encoding="utf-8")  # noqa: SIM115 (open for the whole run)


def record(what: str, **entry) -> None:
    JOURNAL.write(json.dumps({"what": what, **entry}, ensure_ascii=False) + "\n")
    JOURNAL.flush()


# Answers to each question of a request (portal/requests/forms.py), drawn at random.
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)
NOTES = ["", "", "Хабарласу үшін кешке қоңырау шалыңыз.", "Позвоните, пожалуйста, после обеда."]
KINDS = ["contact_details", "technical_aid", "prosthetic", "sanatorium", "personal_assistant",
         "home_social_services", "aid_replacement"]
FIRST_QUESTION = {"contact_details": "phone", "technical_aid": "item", "prosthetic": "item", "sanatorium": "season",
                  "personal_assistant": "hours", "home_social_services": "help_with", "aid_replacement": "item"}
REFERENCE = re.compile(r"/requests/(KZ-\d{4}-\d+)/confirmation")
BOOKING_REFERENCE = re.compile(r"/interpreters/bookings/(SL-\d{4}-\d+)")
PERIOD = re.compile(r"(\d\d):(\d\d)–(\d\d):(\d\d)")


@events.init.add_listener
def keep_environment(environment, **_):
    global ENVIRONMENT
    ENVIRONMENT = environment


@events.quit.add_listener
def write_figures(**_):
    """Locust's figures for run.py, once every visitor has finished its journey: the CSV files
    are written before the last journeys end (--stop-timeout)."""
    stats = ENVIRONMENT.runner.stats

    def figures(entry):
        return {"type": entry.method, "name": entry.name, "requests": entry.num_requests,
                "failures": entry.num_failures, "per_second": entry.total_rps,
                "p50": entry.get_response_time_percentile(0.5), "p95": entry.get_response_time_percentile(0.95)}

    Path(CONFIG["figures"]).write_text(json.dumps({
        "total": figures(stats.total), "steps": [figures(entry) for entry in stats.entries.values()],
        "failures": [{"type": e.method, "name": e.name, "error": str(e.error), "occurrences": e.occurrences}
                     for e in stats.errors.values()]}, ensure_ascii=False))


class StepFailed(Exception):
    """The portal answered a step otherwise than it should; the failure is already recorded."""


class NoCookies(DefaultCookiePolicy):
    def set_ok(self, cookie, request):
        return False

    def return_ok(self, cookie, request):
        return False


def input_values(page: str, name: str) -> list[str]:
    """The values of the radio buttons or checkboxes called `name`."""
    tags = re.findall(rf'<input[^>]*\bname="{re.escape(name)}"[^>]*>', page)
    return [match.group(1) for tag in tags if (match := re.search(r'\bvalue="([^"]*)"', tag))]


def token(page: str) -> str:
    return field(CSRF, page)


class Visitor(HttpUser):
    """A browser: keeps its own cookies, never follows redirects, and checks every answer."""

    abstract = True
    wait_time = between(1, 3)

    def on_start(self):
        self.client.cookies.set_policy(NoCookies())
        self.cookies: dict[str, str] = {}
        self.page = ""  # the last page read, whose forms carry the CSRF token
        self.account = None

    def go(self, method: str, path: str, name: str, expect: dict[int, str | None], *, data=None, files=None,
           cookies: dict | None = None) -> requests.Response:
        """Send one request; `expect` maps each right status to what its Location must contain."""
        sent = cookies if cookies is not None else self.cookies
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in sent.items())} if sent else {}
        with self.client.request(method, path, name=name, data=data, files=files, headers=headers,
                                 allow_redirects=False, catch_response=True, timeout=TIMEOUT) as response:
            location = response.headers.get("Location", "")
            right = response.status_code in expect and (expect[response.status_code] or "") in location
            if right:
                response.success()
            else:
                wanted = ", ".join(f"{status} {to or ''}".strip() for status, to in expect.items())
                response.failure(f"{response.status_code} {location}".strip() + f" (expected {wanted})")
        if not right:
            raise StepFailed(path)
        self.cookies.update(response.cookies.get_dict())
        if response.status_code == 200 and "text/html" in response.headers.get("Content-Type", ""):
            self.page = response.text
        return response

    def get(self, path: str, name: str | None = None) -> str:
        return self.go("GET", path, name or path, {200: None}).text

    def post(self, path: str, name: str, data: dict, to: str, **kwargs) -> requests.Response:
        return self.go("POST", path, name, {302: to}, data={**data, "csrf_token": token(self.page)}, **kwargs)

    def forget(self) -> None:
        """Close the browser: a new visitor signs in next time."""
        self.cookies, self.page = {}, ""
        if self.account is not None:
            self.give_back(self.account)
        self.account = None

    def give_back(self, account) -> None:
        pass


def journey(method):
    """A task: signed in first; a failed step closes the browser and the next task starts afresh.

    A journey that stops for another reason (a page without the form it should have) is a
    failure too, of the request type JOURNEY, which the report counts among the errors but not
    among the requests served."""

    @functools.wraps(method)
    def run(self):
        try:
            if self.account is None:
                self.sign_in()
            method(self)
        except StepFailed:
            self.forget()
        except (StopUser, RescheduleTask, InterruptTaskSet):
            raise
        except Exception as error:  # noqa: BLE001 (every other stop is counted, then the visitor starts afresh)
            self.environment.events.request.fire(
                request_type="JOURNEY", name=f"{type(self).__name__}.{method.__name__}", response_time=0,
                response_length=0, exception=error, context={}, response=None)
            self.forget()

    return run


class Person(Visitor):
    weight = 7
    pool = HEARING

    def give_back(self, account) -> None:
        self.pool.append(account)

    def sign_in(self) -> None:
        for _ in range(60):
            if self.pool:
                break
            gevent.sleep(0.5)  # every persona is in use: wait for one
        else:
            raise RuntimeError("no persona free for 30 s: run with more persons or fewer users")
        iin = self.account = self.pool.popleft()
        self.cookies = {}
        self.get("/kk/login", "sign-in: IIN page")
        requests.delete(CONFIG["sms"], params={"phone": PHONES[iin]}, timeout=10)  # not an earlier sign-in's
        self.post("/kk/login", "sign-in: IIN", {"iin": iin}, "/kk/login/code")
        code = self.code_sent_to(PHONES[iin])
        self.get("/kk/login/code", "sign-in: code page")
        landed = self.go("POST", "/kk/login/code", "sign-in: code",
                         {302: "/kk/"}, data={"code": code, "csrf_token": token(self.page)})
        if landed.headers["Location"].startswith("/kk/acting-for"):
            # A carer first chooses whose matters to handle: their own, here.
            self.get("/kk/acting-for", "sign-in: whose matters")
            self.post("/kk/acting-for", "sign-in: whose matters", {"subject": iin}, "/kk/cabinet/")
        elif not landed.headers["Location"].startswith("/kk/cabinet/"):
            raise RuntimeError(f"signed in, then sent to {landed.headers['Location']}")
        record("sign-in", iin=iin)

    @staticmethod
    def code_sent_to(phone: str) -> str:
        """The code the gateway received: the portal's Celery worker sends it after the page's answer
        (portal/background.py), so it is waited for."""
        for _ in range(int(CODE_WAIT_SECONDS / 0.1)):
            answer = requests.get(CONFIG["sms"], params={"phone": phone}, timeout=10)
            if answer.status_code == 200:
                return answer.text
            gevent.sleep(0.1)
        raise RuntimeError(f"no sign-in code reached {phone} within {CODE_WAIT_SECONDS} s")

    @task(1)
    @journey
    def switch(self):
        """Sign out, and the next task signs in as the next persona."""
        self.get("/kk/cabinet/", "/kk/cabinet/")
        self.post("/kk/logout", "sign-out", {}, "/kk/signed-out")
        self.forget()

    @task(8)
    @journey
    def cabinet(self):
        self.get(random.choice(["/kk/cabinet/", "/kk/cabinet/status", "/kk/cabinet/programme", "/kk/cabinet/messages"]))

    @task(2)
    @journey
    def rights_and_requests(self):
        self.get(random.choice(["/kk/rights", "/kk/requests/"]))

    @task(3)
    @journey
    def request(self):
        kind = random.choice(KINDS)
        start = f"/kk/requests/new/{kind}"
        self.get(start, "request: start page")
        first = f"{start}/{FIRST_QUESTION[kind]}"
        asked = self.go("GET", first, "request: question", {200: None, 302: start})
        if asked.status_code == 302:  # not eligible: the start page says why; ask for what anyone may
            kind, start = "contact_details", "/kk/requests/new/contact_details"
            first = f"{start}/phone"
            self.get(start, "request: start page")
            self.get(first, "request: question")
        path = first
        for _ in range(len(FIRST_QUESTION) + 3):
            data, files = self.answer(path.rsplit("/", 1)[1])
            if files:
                sent = self.go("POST", path, "request: answer", {302: start},
                               data={**data, "csrf_token": token(self.page)}, files=files)
            else:
                sent = self.post(path, "request: answer", data, start)
            path = urlsplit(sent.headers["Location"]).path
            if path.endswith("/check"):
                break
            self.get(path, "request: question")
        else:
            raise RuntimeError(f"{kind}: the questions never reached the check page")
        page = self.get(path, "request: check page")
        submission_id, body = field(SUBMISSION_ID, page), {"csrf_token": token(page), "declaration": "y"}
        body["submission_id"] = submission_id
        stale = submission_id in SUBMITTED
        clicks, at_once = 1, False
        if random.random() < DOUBLE_CLICK:
            clicks, at_once = 2, random.random() < 0.5
        name = "request: submit" if clicks == 1 else "request: submit (double click)"
        answers = self.click(path, name, body, {302: "/confirmation"}, clicks, at_once)
        references = [REFERENCE.search(a.headers["Location"]).group(1) for a in answers]
        SUBMITTED.add(submission_id)
        record("request", reference=references[-1], references=references, submission_id=submission_id,
               iin=self.account, kind=kind, clicks=clicks, at_once=at_once, stale=stale)
        confirmation = self.get(urlsplit(answers[-1].headers["Location"]).path, "request: confirmation")
        if references[-1] not in confirmation:
            raise RuntimeError(f"the confirmation page does not show {references[-1]}")

    def click(self, path: str, name: str, body: dict, expect: dict, clicks: int, at_once: bool
              ) -> list[requests.Response]:
        """Send a check page; a double click sends it twice with the cookies the page came with,
        one after the other or both at once, and keeps the cookies of the answer that came last."""
        cookies = dict(self.cookies)

        def click():
            return self.go("POST", path, name, expect, data=body, cookies=cookies)

        if not at_once:
            return [click() for _ in range(clicks)]
        both = [gevent.spawn(click) for _ in range(clicks)]
        gevent.joinall(both)
        for greenlet in both:
            if not greenlet.successful():
                raise greenlet.exception
        return [greenlet.value for greenlet in both]

    def answer(self, question: str) -> tuple[dict, dict | None]:
        """A right answer to the question on the page just read, and the file to upload if any."""
        if question == "item":
            return {"item": random.choice(input_values(self.page, "item"))}, None
        if question == "season":
            return {"season": random.choice(input_values(self.page, "season"))}, None
        if question == "hours":
            return {"hours": str(random.randint(1, 8))}, None
        if question == "help_with":
            offered = input_values(self.page, "help_with")
            return {"help_with": random.sample(offered, random.randint(1, len(offered)))}, None
        if question == "problem":
            return {"problem": random.choice(input_values(self.page, "problem"))}, None
        if question == "evidence":
            return {}, {"evidence": ("photo.png", PNG, "image/png")}
        if question == "note":
            return {"note": random.choice(NOTES)}, None
        if question == "phone":
            return {"phone": f"+7701{random.randint(0, 9_999_999):07d}"}, None
        raise RuntimeError(f"no answer for the question {question!r}")


class DeafPerson(Person):
    """A person whose programme grants a sign-language interpreter's hours: also books them."""

    weight = 2
    pool = DEAF

    @task(4)
    @journey
    def book(self):
        mode = random.choice(["in_person", "in_person", "video"])
        free = self.free_times(self.get(f"/kk/interpreters/free-times?mode={mode}", "booking: free times"))
        if not free:
            record("booking not tried", iin=self.account, why="no free time")
            return
        day, starts, minutes = random.choice(free)
        form = self.get("/kk/interpreters/book", "booking: form")
        if 'name="mode"' not in form:
            raise RuntimeError(f"{self.account}: the portal says this person is not entitled to interpreters")
        weeks = random.choice([1, 1, 1, 1, 2])
        self.post("/kk/interpreters/book", "booking: answers", {
            "mode": mode, "day": day.strftime("%d.%m.%Y"), "time": starts, "minutes": str(minutes),
            "purpose": random.choice(input_values(form, "purpose")),
            "address": "Астана, Мәңгілік Ел даңғылы, 8" if mode == "in_person" else "", "interpreter": "0",
            "weeks": str(weeks), "notes": random.choice(NOTES)}, "/kk/interpreters/book/check")
        page = self.get("/kk/interpreters/book/check", "booking: check page")
        clicks = 2 if random.random() < DOUBLE_BOOK else 1
        at_once = clicks == 2 and random.random() < 0.5
        name = "booking: confirm" + (" (double click)" if clicks > 1 else "")
        body = {"csrf_token": token(page), "understood": "y", "submission_id": field(SUBMISSION_ID, page)}
        answers = self.click("/kk/interpreters/book/check", name, body,
                             {302: "/kk/interpreters/bookings/", 200: None}, clicks, at_once)
        made = [a for a in answers if a.status_code == 302]
        for refused in (a for a in answers if a.status_code == 200):
            # Refused: the page says why (someone took the time, the hours are used up).
            if "data-error-summary" not in refused.text:
                raise RuntimeError("a booking neither made nor refused with a reason")
        if not made:
            record("booking refused", iin=self.account, day=str(day), time=starts, minutes=minutes, weeks=weeks)
            return
        references = [BOOKING_REFERENCE.search(a.headers["Location"]).group(1) for a in made]
        record("booking", reference=references[-1], references=references, iin=self.account,
               starts_at=f"{day} {starts}", minutes=minutes, weeks=weeks, mode=mode, clicks=clicks, at_once=at_once)
        if references[-1] not in self.get(urlsplit(made[-1].headers["Location"]).path, "booking: confirmation"):
            raise RuntimeError(f"the booking page does not show {references[-1]}")

    @staticmethod
    def free_times(page: str) -> list[tuple[dt.date, str, int]]:
        """(day, start, minutes) that fit a free stretch on the free-times page. Its days are the
        weekdays of the next 15 days, in order, one heading each."""
        today = dt.datetime.now(KAZAKHSTAN).date()
        days = [d for d in (today + dt.timedelta(days=n) for n in range(15)) if d.weekday() < 5]
        sections = page.split('<h2 class="heading-m">')[1:]
        free = []
        for day, section in zip(days, sections):
            for h1, m1, h2, m2 in PERIOD.findall(section):
                begin, end = int(h1) * 60 + int(m1), int(h2) * 60 + int(m2)
                minutes = min(random.choice([30, 60, 60, 90, 120]), end - begin)
                start = begin + 30 * random.randint(0, (end - begin - minutes) // 30)
                free.append((day, f"{start // 60:02d}:{start % 60:02d}", minutes))
        return free


class Staff(Visitor):
    """An officer of a region (or the supervisor): reads the queue and opens a request."""

    weight = 1

    def sign_in(self) -> None:
        self.account = next(STAFF)
        self.cookies = {}
        self.get("/kk/staff/login", "staff: sign-in page")
        self.post("/kk/staff/login", "staff: sign-in", {"username": self.account, "password": CONFIG["staff_password"]},
                  "/kk/staff/login/code")
        # The demo authenticator app's code (issue #26). Each code is taken once per account, and the
        # visitors share a dozen accounts: one used within these 30 seconds waits for the next.
        page = self.get("/kk/staff/login/code", "staff: code page")
        for _ in range(3):
            answer = self.go("POST", "/kk/staff/login/code", "staff: code", {302: "/kk/staff/", 200: None},
                             data={"code": pyotp.TOTP(CONFIG["staff_totp_secret"]).now(), "csrf_token": token(page)})
            if answer.status_code == 302:
                break
            gevent.sleep(30 - time.time() % 30 + random.random())
        else:
            raise StepFailed("/kk/staff/login/code")
        self.references: list[str] = []

    @task(6)
    @journey
    def queue(self):
        query = random.choice(["", "", "?status=all", "?status=submitted", "?age=7"])
        page = self.get(f"/kk/staff/{query}", "staff: queue")
        self.references = re.findall(r'href="/kk/staff/requests/([^"/?]+)"', page) or self.references

    @task(6)
    @journey
    def open_request(self):
        if self.references:
            self.get(f"/kk/staff/requests/{random.choice(self.references)}", "staff: request")

    @task(1)
    @journey
    def switch(self):
        self.get("/kk/staff/", "staff: queue")
        self.post("/kk/staff/logout", "staff: sign-out", {}, "/kk/staff/login")
        self.forget()

