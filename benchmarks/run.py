"""`make bench`: the portal under gunicorn against a bare Flask control, on PostgreSQL with 1,000
and then 1,000,000 synthetic persons; prints a table of throughput and latency as ratios to the
control, and pass or fail for each budget (benchmarks/README.md). Loopback only.

    python -m benchmarks.run [--persons 1000000] [--small 1000] [--seconds 2] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

import psycopg

from benchmarks import budgets
from benchmarks.budgets import PageFigures, Round
from benchmarks.load import Target, measure
from benchmarks.seed import ID_BASE, seed
from benchmarks.servers import ROOT, CeleryWorker, Gunicorn, SmsSink, portal_env
from benchmarks.visitors import sign_in, staff_sign_in, submissions

SERVER = "postgresql://postgres@127.0.0.1:5432"
# Demo personas with rich files: a deaf woman, a wheelchair user, a blind woman, a man with two decisions.
DEMO_VISITORS = ("960229460341", "880123382194", "581005471024", "790614355216")
SYNTHETIC_VISITORS = 2
# Submissions come from persons of their own: the requests they create would otherwise lengthen
# the page visitors' requests lists between the two registry sizes. One submitter answers the
# questions through the pages; each submission is then a journey of another person, with the same
# answers (visitors.submissions): the portal keeps one draft per person and kind.
SUBMITTERS = 1
# Journeys made ready for each measurement of the submission, per second measured: far more than
# the portal answers (60 a second on two cores), since a journey sent twice creates nothing.
JOURNEYS_PER_SECOND = 500
# The open statistics read what the nightly job published, which is run after each seeding (issue #24).
PUBLIC_PAGES = {"home": "/kk/", "rights": "/kk/rights", "statistics": "/kk/statistics/",
                "statistics table": "/kk/statistics/persons-by-region-group"}
SIGNED_IN_PAGES = {
    "my entitlements": "/kk/cabinet/",
    "status": "/kk/cabinet/status",
    "programme (IRP)": "/kk/cabinet/programme",
    # Benefits with 12 payments: the demo visitors' and the seed's (benchmarks/seed.py, add_benefit).
    "benefits and payments": "/kk/cabinet/payments",
    "requests": "/kk/requests/",
    "interpreter free times": "/kk/interpreters/free-times",
}
SUBMISSION = "request submission"
# Back-office pages, as the officer of the region with the most persons (Almaty, about one in eight):
# the programme list reads that region's late items (issue #24).
STAFF_PAGES = {"programmes (staff)": "/kk/staff/programmes/"}
OFFICER = "almaty.officer"


def publish_statistics(database_url: str) -> str:
    """The nightly statistics job, timed: at national scale it must end within minutes."""
    started = time.monotonic()
    flask(database_url, "statistics", "publish")
    return f"statistics published in {time.monotonic() - started:.0f} s"


def recreate_database(name: str) -> str:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{SERVER}/{name}"


def flask(database_url: str, *args: str) -> None:
    env = {**os.environ, "PORTAL_ENV": "development", "PORTAL_DEMO": "1", "DATABASE_URL": database_url}
    subprocess.run([sys.executable, "-m", "flask", "--app", "portal", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)


def visitors_in(database_url: str) -> tuple[list[tuple[int, str, str]], list[tuple[int, str, str]]]:
    """(id, IIN, phone) of the page visitors (the demo visitors and the first synthetic persons),
    and of the submitters (the next synthetic persons)."""
    with psycopg.connect(database_url) as conn:
        demo = conn.execute("SELECT id, iin, phone FROM person WHERE iin = ANY(%s) ORDER BY id",
                            [list(DEMO_VISITORS)]).fetchall()
        synthetic = conn.execute(
            "SELECT id, iin, phone FROM person WHERE iin <> ALL(%s) AND phone IS NOT NULL "
            "AND birth_date < now() - interval '18 years' "
            "AND NOT EXISTS (SELECT FROM person child WHERE child.legal_representative_id = person.id) "
            "ORDER BY id LIMIT %s",
            [list(DEMO_VISITORS), SYNTHETIC_VISITORS + SUBMITTERS]).fetchall()
    return demo + synthetic[:SYNTHETIC_VISITORS], synthetic[SYNTHETIC_VISITORS:]


def journey_persons(database_url: str, excluded: list[str], count: int) -> list[str]:
    """The IINs of up to `count` adult synthetic persons other than `excluded`, who send one
    submission each in a measurement."""
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT iin FROM person WHERE id >= %s AND iin <> ALL(%s)"
            " AND birth_date < now() - interval '18 years' ORDER BY id LIMIT %s",
            [ID_BASE, excluded, count]).fetchall()
    return [iin for iin, in rows]


def requests_created(database_url: str) -> int:
    with psycopg.connect(database_url) as conn:
        return conn.execute("SELECT count(*) FROM service_request").fetchone()[0]


class Bench:
    def __init__(self, database_url: str, seconds: float, rounds: int):
        self.database_url, self.seconds, self.rounds = database_url, seconds, rounds
        self.sms = SmsSink()
        self.env = portal_env(database_url, self.sms)
        self.portal = self.control = self.worker = None

    def start(self):
        self.worker = CeleryWorker(self.env)
        self.portal = Gunicorn("portal:create_app()", self.env, "/healthz")

    def targets(self) -> tuple[list[Target], Target]:
        """(the portal's pages for the signed-in visitors, the control's page for the same persons)."""
        people, submitters = visitors_in(self.database_url)
        if self.control is None:
            self.control = Gunicorn("benchmarks.control:create_app()", {"DATABASE_URL": self.database_url},
                                    f"/person/{people[0][0]}")
            # Signed in once for both sizes: a run well within the 30 idle minutes, and within
            # the sign-in limit per address (30 attempts an hour).
            self.visitors = [sign_in(self.portal.url, self.sms, iin, phone) for _, iin, phone in people]
            self.submitters = [sign_in(self.portal.url, self.sms, iin, phone) for _, iin, phone in submitters]
            self.officer = staff_sign_in(self.portal.url, OFFICER)
        # Every size again: at 1,000 persons there are fewer than a measurement may use.
        self.journey_persons = journey_persons(self.database_url, [iin for _, iin, _ in people + submitters],
                                               int(self.seconds * JOURNEYS_PER_SECOND))
        pages = [Target(name, (("GET", path, "", ""),), signed_in=False) for name, path in PUBLIC_PAGES.items()]
        pages += [Target(name, tuple(("GET", path, v.cookie_header, "") for v in self.visitors))
                  for name, path in SIGNED_IN_PAGES.items()]
        pages += [Target(name, (("GET", path, self.officer.cookie_header, ""),)) for name, path in STAFF_PAGES.items()]
        control = Target("control", tuple(("GET", f"/person/{person_id}", "", "") for person_id, _, _ in people))
        return pages, control

    def submission(self) -> Target:
        """A fresh journey for each person of journey_persons: none is sent twice in one measurement."""
        pairs = submissions(self.submitters[0], self.env["SECRET_KEY"], self.database_url, self.journey_persons)
        lines = tuple(("POST", "/kk/requests/new/contact_details/check", cookie, body) for cookie, body in pairs)
        return Target(SUBMISSION, lines, status=302)

    def measure_round(self, page: Target, control: Target) -> Round:
        """The control, then the page: busy (16 connections), then alone (one)."""
        def fresh(target):
            return self.submission() if target.name == SUBMISSION else target

        control_busy = measure(self.control.url, control, 16, self.seconds)
        before = requests_created(self.database_url)
        portal_busy = measure(self.portal.url, fresh(page), 16, self.seconds)
        control_alone = measure(self.control.url, control, 1, self.seconds)
        portal_alone = measure(self.portal.url, fresh(page), 1, self.seconds)
        if page.name == SUBMISSION:
            created = requests_created(self.database_url) - before
            sent = portal_busy.requests + portal_alone.requests
            if created < sent:
                used_up = (f"; a measurement had {len(self.journey_persons)} journeys ready, too few"
                           if max(portal_busy.requests, portal_alone.requests) > len(self.journey_persons) else "")
                raise RuntimeError(f"{sent} submissions answered but only {created} requests created{used_up}")
        return Round(control_busy, portal_busy, control_alone, portal_alone)

    def run(self, persons: int) -> list[PageFigures]:
        pages, control = self.targets()
        # The submission's drafts are used up as they are sent: measure_round makes fresh ones
        # for each measurement, so here it is only named.
        pages.append(Target(SUBMISSION, ()))
        for page in pages[:-1] + [control]:  # warm the caches and compile the templates
            measure(self.portal.url if page is not control else self.control.url, page, 4, 1)
        figures = []
        for page in pages:
            rounds = tuple(self.measure_round(page, control) for _ in range(self.rounds))
            figures.append(PageFigures(page.name, page.signed_in, rounds))
        print_table(persons, figures)
        return figures

    def close(self):
        for server in (self.portal, self.control, self.worker):
            if server:
                server.close()
        self.sms.close()


def print_table(persons: int, figures: list[PageFigures]) -> None:
    print(f"\n{persons:,} persons in the registry: medians of {len(figures[0].rounds)} rounds")
    print(f"{'page':<24}{'req/s':>8}{'control':>9}{'ratio':>7}{'p50 ms':>8}{'x ctl':>7}{'p99 ms':>8}"
          f"{'x ctl':>7}{'errors':>8}")
    for page in figures:
        last = page.rounds[len(page.rounds) // 2]
        print(f"{page.name:<24}{last.portal_busy.per_second:>8.0f}{last.control_busy.per_second:>9.0f}"
              f"{page.throughput:>7.2f}{last.portal_alone.p50_ms:>8.1f}{page.p50:>7.2f}"
              f"{last.portal_busy.p99_ms:>8.1f}{page.p99:>7.2f}{page.errors:>8}")


def verdict_lines(small: list[PageFigures], large: list[PageFigures], peaks: list[float]) -> list[tuple[str, bool]]:
    lines = [(f"{page.name}: {text}", ok) for page in large for text, ok in page.verdicts()]
    lines += [(f"{s.name}: {text}", ok) for s, l in zip(small, large) for text, ok in [budgets.scale_verdict(s, l)]]
    lines.append(budgets.memory_verdict(peaks))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--seconds", type=int, default=2, help="each measurement's length")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database", default="qoljetimdi_bench")
    args = parser.parse_args(argv)

    started = time.monotonic()

    def step(what: str) -> None:
        elapsed = int(time.monotonic() - started)
        print(f"[{elapsed // 60} min {elapsed % 60:02d} s] {what}")

    database_url = recreate_database(args.database)
    flask(database_url, "db", "upgrade")
    flask(database_url, "demo", "load")
    step("database migrated, demo loaded")
    bench = Bench(database_url, args.seconds, args.rounds)
    try:
        bench.start()
        step(seed(database_url, args.small))
        step(publish_statistics(database_url))
        small = bench.run(args.small)
        step(f"measured at {args.small:,} persons")
        step(seed(database_url, args.persons - args.small, start=args.small))
        step(publish_statistics(database_url))
        large = bench.run(args.persons)
        step(f"measured at {args.persons:,} persons")
        peaks = bench.portal.worker_peaks_mb()
    finally:
        bench.close()
    lines = verdict_lines(small, large, peaks)
    print(f"\nBudgets (at {args.persons:,} persons; scale compares with {args.small:,}):")
    for text, ok in lines:
        print(f"  {'PASS' if ok else 'FAIL'}  {text}")
    failed = sum(not ok for _, ok in lines)
    print(f"\n{len(lines) - failed} of {len(lines)} budgets pass")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
