"""Where a page's time goes: each measured page rendered in-process, many times, with the time of
each component of the request measured apart (issue #20, benchmarks/README.md).

    python -m benchmarks.profile --database-url postgresql://postgres@127.0.0.1:5432/qoljetimdi_bench [--requests 300]

The database must hold the demo personas (`make bench` leaves one). A component's time excludes the
components called inside it, so the columns add up to the page's time:
- sql: the database's round trips, from the statement sent to its rows received, the commits and
  the pool's check of the connection;
- session: the signed-in session's check (its SQL apart);
- file: the person's registry file, read as rows and made into records (its SQL apart);
- render: the template, its macros and translations;
- audit: the page's reads written to the audit log (its commit is in sql);
- compression: the answer compressed;
- flask and the rest: routing, the form token, the limiter, headers, the route's own work.
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import statistics
import time

import flask.templating
from sqlalchemy import Engine, event, text

import benchmarks.control
from benchmarks.run import DEMO_VISITORS, PUBLIC_PAGES, SIGNED_IN_PAGES

COMPONENTS = ("sql", "session", "file", "render", "audit", "compression", "flask and the rest")


class Clock:
    """Exclusive time per component: entering one pauses the one it was called from."""

    def __init__(self):
        self.spent = dict.fromkeys(COMPONENTS, 0.0)
        self.stack: list[tuple[str, float]] = []

    def enter(self, component: str) -> None:
        now = time.perf_counter()
        if self.stack:
            outer, since = self.stack[-1]
            self.spent[outer] += now - since
        self.stack.append((component, now))

    def leave(self) -> None:
        now = time.perf_counter()
        component, since = self.stack.pop()
        self.spent[component] += now - since
        if self.stack:
            self.stack[-1] = (self.stack[-1][0], now)

    def timed(self, component: str, function):
        @functools.wraps(function)
        def wrapped(*args, **kwargs):
            self.enter(component)
            try:
                return function(*args, **kwargs)
            finally:
                self.leave()
        return wrapped


def instrument(app, clock: Clock) -> None:
    """Wrap each component's entry point; the rest of a request is "flask and the rest"."""
    import psycopg

    from portal.auth import session as auth_session
    from portal.extensions import db
    from portal.registry.local import LocalRegistry

    auth_session.current_record = clock.timed("session", auth_session.current_record)
    for method in ("person_file", "find_person"):
        setattr(LocalRegistry, method, clock.timed("file", getattr(LocalRegistry, method)))
    flask.templating._render = clock.timed("render", flask.templating._render)
    psycopg.Connection.commit = clock.timed("sql", psycopg.Connection.commit)
    names = {"record_reads": "audit", "after_request": "compression"}
    app.after_request_funcs[None] = [
        clock.timed(names[f.__name__], f) if getattr(f, "__name__", None) in names else f
        for f in app.after_request_funcs[None]]
    with app.app_context():
        dialect = type(db.engine.dialect)
    # Every engine's statements, the control's too; and the pool's check of a connection before
    # lending it (pool_pre_ping, in both apps) is a round trip as well.
    dialect.do_ping = clock.timed("sql", dialect.do_ping)
    event.listen(Engine, "before_cursor_execute", lambda *args: clock.enter("sql"))
    event.listen(Engine, "after_cursor_execute", lambda *args: clock.leave())


def sign_in(client, iin: str) -> None:
    """As a demo persona, through the demo sign-in form."""
    page = client.get("/kk/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post("/kk/login", data={"persona": iin, "csrf_token": token})
    if response.status_code != 302:
        raise RuntimeError(f"demo sign-in as {iin} failed: {response.status_code}")


def profile(app, clock: Clock, path: str, requests: int, signed_in: bool = True) -> dict[str, float]:
    """Milliseconds a request per component, and in all."""
    client = app.test_client()
    if signed_in:
        sign_in(client, DEMO_VISITORS[0])
    headers = {"Accept-Encoding": "gzip, br"}
    for _ in range(20):
        if (status := client.get(path, headers=headers).status_code) != 200:
            raise RuntimeError(f"{path} answered {status}")
    clock.spent = dict.fromkeys(COMPONENTS, 0.0)
    clock.enter("flask and the rest")
    started = time.perf_counter()
    for _ in range(requests):
        client.get(path, headers=headers)
    total = time.perf_counter() - started
    clock.leave()
    return {**{name: spent / requests * 1000 for name, spent in clock.spent.items()}, "total": total / requests * 1000}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3, help="the median of this many runs of each page")
    args = parser.parse_args(argv)
    # The demo sign-in needs the development configuration; what a page does is the same.
    os.environ["PORTAL_ENV"] = "development"
    from portal import create_app
    from portal.config import database_url

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url(args.database_url), "PORTAL_DEMO": True})
    clock = Clock()
    instrument(app, clock)
    os.environ["DATABASE_URL"] = args.database_url
    control = benchmarks.control.create_app()
    with app.app_context():
        from portal.extensions import db

        first_visitor = db.session.scalar(text("SELECT id FROM person WHERE iin = :iin"), {"iin": DEMO_VISITORS[0]})
    pages = [(name, app, path, False) for name, path in PUBLIC_PAGES.items()]
    pages += [(name, app, path, True) for name, path in SIGNED_IN_PAGES.items()]
    pages.append(("control (one person)", control, f"/person/{first_visitor}", False))
    print(f"{'page':<24}" + "".join(f"{name.split()[0]:>12}" for name in COMPONENTS) + f"{'total':>9}")
    for name, served_by, path, signed_in in pages:
        runs = [profile(served_by, clock, path, args.requests, signed_in) for _ in range(args.rounds)]
        figures = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
        print(f"{name:<24}" + "".join(f"{figures[c]:>12.2f}" for c in COMPONENTS) + f"{figures['total']:>9.2f}")


if __name__ == "__main__":
    main()
