"""`make loadtest`: many personas sign in and run the main journeys for a few minutes against the
portal under gunicorn on PostgreSQL; then every request and booking a visitor saw confirmed must be
in the database exactly once, and nothing else may have been created (loadtest/README.md).
Loopback only.

    python -m loadtest.run [--minutes 3] [--users 40] [--spawn-rate 4] [--persons 1000]
                           [--double-click 0.15] [--double-book 0.15] [--database qoljetimdi_loadtest] [--out DIR]

Exits 0 when no request failed and no record was lost or duplicated, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from benchmarks.run import flask, recreate_database
from benchmarks.seed import ID_BASE, seed
from benchmarks.servers import ROOT, WORKERS, CeleryWorker, Gunicorn, SmsSink, portal_env
from portal.demo.staff import DEMO_STAFF, DEMO_STAFF_PASSWORD, DEMO_TOTP_SECRET

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
# Every visitor comes from 127.0.0.1, so the limits per client address, and the limits per person
# on submissions and bookings, would stop the load within seconds: they are raised for this run.
# (The caps on sign-in codes are lifted for the bench too, in portal_env.)
RAISED = "100000 per hour"
APP = "portal:create_app()"
# The load test's own Redis database, emptied at the start (benchmarks.servers.portal_env).
LOADTEST_REDIS_URL = "redis://127.0.0.1:6379/14"
# A dozen staff accounts shared by the visitors meet codes used already (each is taken once per
# account): they wait for the next, and that refusal is not what is measured.
LIMITS_ENV = {"SIGN_IN_LIMIT_PER_ADDRESS": RAISED, "SUBMISSION_LIMIT": RAISED, "BOOKING_LIMIT": RAISED,
              "SECOND_FACTOR_LIMIT_PER_ACCOUNT": RAISED}


def personas(database_url: str) -> list[dict]:
    """Everyone who can sign in (has a phone no one else has: the gateway keeps codes by phone),
    demo personas first; `deaf` when a programme grants them a sign-language interpreter, and
    `synthetic` for the persons of benchmarks/seed.py."""
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT p.iin, p.phone, EXISTS (SELECT FROM rehabilitation_programme r JOIN programme_item i"
            "  ON i.programme_id = r.id WHERE r.person_id = p.id AND i.kind = 'sign_language'), p.id >= %s"
            " FROM person p WHERE p.phone IS NOT NULL"
            " AND p.phone IN (SELECT phone FROM person GROUP BY phone HAVING count(*) = 1)"
            " ORDER BY p.id", [ID_BASE]).fetchall()
    return [{"iin": iin, "phone": phone, "deaf": deaf, "synthetic": synthetic} for iin, phone, deaf, synthetic in rows]


def high_water(database_url: str) -> dict[str, int]:
    with psycopg.connect(database_url) as conn:
        return {table: conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]
                for table in ("service_request", "booking")}


# What Locust measured -----------------------------------------------------------------------------

@dataclass
class Step:
    name: str
    count: int
    failures: int
    p50: float
    p95: float


@dataclass
class Traffic:
    served: int  # HTTP requests answered or failed
    failures: int  # HTTP failures and journeys stopped for another reason
    per_second: float
    p50: float
    p95: float
    steps: list[Step]
    failure_lines: list[str]

    @property
    def error_rate(self) -> float:
        return self.failures / self.served if self.served else 0.0


def read_figures(path: Path) -> Traffic:
    figures = json.loads(path.read_text())
    journeys = [step for step in figures["steps"] if step["type"] == "JOURNEY"]
    total = figures["total"]
    return Traffic(
        served=total["requests"] - sum(step["requests"] for step in journeys), failures=total["failures"],
        per_second=total["per_second"], p50=total["p50"], p95=total["p95"],
        steps=[Step(f"{s['type']:<5}{s['name']}", s["requests"], s["failures"], s["p50"], s["p95"])
               for s in figures["steps"] if s["type"] != "JOURNEY"],
        failure_lines=[f"{f['occurrences']:>5} x {f['type']} {f['name']}: {f['error']}" for f in figures["failures"]])


# What the database holds ------------------------------------------------------------------------

@dataclass
class Audit:
    """The journal of confirmations against the rows created during the run."""

    requests_confirmed: int = 0
    requests_created: int = 0
    bookings_confirmed: int = 0
    bookings_created: int = 0
    problems: list[str] = field(default_factory=list)


def check_database(database_url: str, before: dict[str, int], journal: list[dict]) -> Audit:
    audit = Audit()
    with psycopg.connect(database_url) as conn:
        made = {ref: (sid, by, kind) for ref, sid, by, kind in conn.execute(
            "SELECT reference, submission_id, submitted_by_iin, kind FROM service_request WHERE id > %s",
            [before["service_request"]])}
        booked = {ref: (iin, series, str(starts)[:16], minutes) for ref, iin, series, starts, minutes in conn.execute(
            "SELECT reference, person_iin, series, starts_at, minutes FROM booking WHERE id > %s", [before["booking"]])}
        shared_ids = conn.execute("SELECT submission_id, count(*) FROM service_request GROUP BY submission_id"
                                  " HAVING count(*) > 1").fetchall()
        shared_refs = conn.execute(
            "SELECT reference, count(*) FROM (SELECT reference FROM service_request UNION ALL"
            " SELECT reference FROM booking) r WHERE reference IS NOT NULL GROUP BY reference HAVING count(*) > 1"
        ).fetchall()
        unnamed = conn.execute("SELECT (SELECT count(*) FROM service_request WHERE id > %s AND reference IS NULL)"
                               " + (SELECT count(*) FROM booking WHERE id > %s AND reference IS NULL)",
                               [before["service_request"], before["booking"]]).fetchone()[0]
    problems = audit.problems
    problems += [f"submission id {sid} is on {n} requests" for sid, n in shared_ids]
    problems += [f"reference {ref} is on {n} rows" for ref, n in shared_refs]
    if unnamed:
        problems.append(f"{unnamed} requests or bookings created during the run have no reference")

    # Requests: each journey's confirmation names the request its own submission created, and no
    # other journey's.
    confirmed = [entry for entry in journal if entry["what"] == "request"]
    audit.requests_confirmed, audit.requests_created = len({e["reference"] for e in confirmed}), len(made)
    first_journey = {}
    for entry in confirmed:
        ref = entry["reference"]
        if len(set(entry["references"])) > 1:
            problems.append(f"duplicate: a double click made two requests, {' and '.join(entry['references'])}")
        row = made.get(ref)
        if row is None:
            problems.append(f"lost: request {ref} was confirmed but is not in the database")
        elif ref in first_journey or row != (entry["submission_id"], entry["iin"], entry["kind"]):
            problems.append(f"lost: a {entry['kind']} request of {entry['iin']} was answered with the confirmation of"
                            f" {ref}, made by an earlier journey" + (
                                " (its check page carried that journey's submission id)" if entry["stale"] else ""))
        first_journey.setdefault(ref, entry)
    named = {ref for entry in confirmed for ref in entry["references"]}
    problems += [f"extra: request {ref} ({made[ref][2]} of {made[ref][1]}) was created but never confirmed"
                 for ref in sorted(set(made) - named)]

    # Bookings: each confirmation names its booking, and a weekly one the whole series.
    confirmed = [entry for entry in journal if entry["what"] == "booking"]
    audit.bookings_confirmed, audit.bookings_created = sum(entry["weeks"] for entry in confirmed), len(booked)
    series: dict[str, set[str]] = {}
    for ref, row in booked.items():
        series.setdefault(row[1] or ref, set()).add(ref)
    accounted: set[str] = set()
    for entry in confirmed:
        if len(set(entry["references"])) > 1:
            problems.append(f"duplicate: a double click made two bookings, {' and '.join(entry['references'])}")
        for ref in dict.fromkeys(entry["references"]):
            row = booked.get(ref)
            if row is None:
                problems.append(f"lost: booking {ref} was confirmed but is not in the database")
                continue
            if (row[0], row[2], row[3]) != (entry["iin"], entry["starts_at"], entry["minutes"]):
                problems.append(f"booking {ref} is {row} in the database, not what was confirmed: {entry}")
            members = series[row[1] or ref]
            if len(members) != entry["weeks"]:
                problems.append(f"booking {ref} was confirmed for {entry['weeks']} weeks;"
                                f" the database has {len(members)}")
            if members & accounted:
                problems.append(f"booking {ref} was confirmed to two journeys")
            accounted |= members
    problems += [f"extra: booking {ref} of {booked[ref][0]} at {booked[ref][2]} was created but never confirmed"
                 for ref in sorted(set(booked) - accounted)]
    return audit


# The run -------------------------------------------------------------------------------------------

def run_locust(url: str, config: Path, out: Path, users: int, spawn_rate: float, seconds: int) -> int:
    """Locust, headless, in a process of its own (gevent patches everything it imports). When the
    time is up, each visitor finishes the journey it is on (--stop-timeout), so that no request is
    left sent but unanswered."""
    command = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--host", url,
               "-u", str(users), "-r", str(spawn_rate), "--run-time", f"{seconds}s", "--stop-timeout", "90",
               "--only-summary", "--loglevel", "WARNING", "--logfile", str(out / "locust.log")]
    env = {**os.environ, "LOADTEST_CONFIG": str(config), "PYTHONPATH": str(ROOT)}
    with (out / "locust.out").open("w") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
        try:
            return process.wait(timeout=seconds + 240)
        finally:
            stop(process)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def print_report(args, people: list[dict], traffic: Traffic, journal: list[dict], audit: Audit) -> None:
    kinds = Counter(entry["what"] for entry in journal)
    clicks = [entry for entry in journal if entry["what"] == "request" and entry["clicks"] > 1]
    signed = {e["iin"] for e in journal if e["what"] == "sign-in"}
    demo = sum(1 for p in people if p["iin"] in signed and not p["synthetic"])
    journeys = kinds["booking"]
    print(f"\nLoad: {args.users} users for {args.minutes:g} min against gunicorn ({WORKERS} workers) on PostgreSQL")
    print(f"\n{'step':<44}{'requests':>9}{'failed':>8}{'p50 ms':>8}{'p95 ms':>8}")
    for step in sorted(traffic.steps, key=lambda s: s.name):
        print(f"{step.name[:43]:<44}{step.count:>9}{step.failures:>8}{step.p50:>8.0f}{step.p95:>8.0f}")
    print(f"\nRequests served: {traffic.served:,} ({traffic.per_second:.1f}/s)")
    print(f"Errors: {traffic.failures} ({traffic.error_rate:.2%})")
    print(f"Latency: p50 {traffic.p50:.0f} ms, p95 {traffic.p95:.0f} ms")
    for line in traffic.failure_lines[:15]:
        print(f"  {line}")
    print(f"\nSign-ins: {kinds['sign-in']} by {len(signed)} personas ({demo} of them demo personas), "
          f"besides the staff's")
    print(f"Requests confirmed: {audit.requests_confirmed} ({len(clicks)} sent with a double click, "
          f"{sum(e['at_once'] for e in clicks)} of them both at once); "
          f"created in the database: {audit.requests_created}")
    print(f"Bookings confirmed: {journeys}, for {audit.bookings_confirmed} sessions (a weekly booking is one a week); "
          f"refused with a reason: {kinds['booking refused']}; "
          f"sessions created in the database: {audit.bookings_created}")
    if audit.problems:
        print(f"\nDatabase check: {len(audit.problems)} problems")
        for problem in audit.problems[:30]:
            print(f"  {problem}")
    else:
        print("\nDatabase check: every confirmed request and booking is there exactly once; nothing lost, "
              "nothing extra, no submission id twice")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=3, help="how long the load lasts (default 3)")
    parser.add_argument("--users", type=int, default=40, help="simultaneous visitors (default 40)")
    parser.add_argument("--spawn-rate", type=float, default=4, help="visitors started a second (default 4)")
    parser.add_argument("--persons", type=int, default=1000, help="synthetic persons besides the demo (default 1000)")
    parser.add_argument("--double-click", type=float, default=0.15,
                        help="share of request submissions sent twice (default 0.15)")
    parser.add_argument("--double-book", type=float, default=0.15,
                        help="share of booking confirmations sent twice (default 0.15)")
    parser.add_argument("--database", default="qoljetimdi_loadtest")
    parser.add_argument("--out", type=Path, help="where Locust's figures and the journal go (default: a new temp dir)")
    args = parser.parse_args(argv)

    started = time.monotonic()

    def step(what: str) -> None:
        elapsed = int(time.monotonic() - started)
        print(f"[{elapsed // 60} min {elapsed % 60:02d} s] {what}", flush=True)

    out = args.out or Path(tempfile.mkdtemp(prefix="qoljetimdi-loadtest-"))
    out.mkdir(parents=True, exist_ok=True)
    database_url = recreate_database(args.database)
    flask(database_url, "db", "upgrade")
    flask(database_url, "demo", "load")
    step(f"database {args.database} migrated, demo loaded; {seed(database_url, args.persons)}")
    people = personas(database_url)
    journal_path = out / "journal.jsonl"
    sms = SmsSink()
    portal = worker = None
    try:
        env = {**portal_env(database_url, sms, LOADTEST_REDIS_URL), **LIMITS_ENV, "UPLOAD_FOLDER": str(out / "uploads")}
        worker = CeleryWorker(env, logfile=out / "worker.log")
        portal = Gunicorn(APP, env, "/healthz", options=("--error-logfile", str(out / "gunicorn.log")))
        config = out / "config.json"
        config.write_text(json.dumps({
            "personas": people, "staff": [username for username, *_ in DEMO_STAFF],
            "staff_password": DEMO_STAFF_PASSWORD, "staff_totp_secret": DEMO_TOTP_SECRET,
            "sms": sms.url, "journal": str(journal_path),
            "figures": str(out / "figures.json"),
            "double_click": args.double_click, "double_book": args.double_book}))
        before = high_water(database_url)
        step(f"portal up at {portal.url}; {len(people)} personas can sign in "
             f"({sum(not p['synthetic'] for p in people)} demo, "
             f"{sum(p['deaf'] for p in people)} with interpreter hours)"
             f"; Locust starts {args.users} users for {args.minutes:g} min")
        code = run_locust(portal.url, config, out, args.users, args.spawn_rate, round(args.minutes * 60))
        step(f"load over (Locust exit code {code}); checking the database")
    finally:
        for server in (portal, worker):
            if server:
                stop(server.process)
        sms.close()
    if not (out / "figures.json").exists():
        output = (out / "locust.out").read_text()[-3000:]
        print(f"Locust wrote no figures; the end of its output ({out / 'locust.out'}):\n{output}")
        return 1
    traffic = read_figures(out / "figures.json")
    journal = [json.loads(line) for line in journal_path.read_text().splitlines()] if journal_path.exists() else []
    audit = check_database(database_url, before, journal)
    print_report(args, people, traffic, journal, audit)
    errors = (out / "gunicorn.log").read_text().strip() if (out / "gunicorn.log").exists() else ""
    if errors:
        last = "\n".join(errors.splitlines()[-20:])
        print(f"\nThe portal's error log is not empty ({out / 'gunicorn.log'}); its end:\n{last}")
    failed = traffic.failures > 0 or bool(audit.problems) or traffic.served == 0
    print(f"\nFigures, journal and logs: {out}")
    print(f"RESULT: {'FAIL' if failed else 'PASS'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
