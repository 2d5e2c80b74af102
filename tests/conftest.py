"""Fixtures: an app on a fresh database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set),
a client that checks every page it renders, and a CLI runner."""

from __future__ import annotations

from contextlib import contextmanager, nullcontext
import copy
import datetime as dt
import gzip
import os
from pathlib import Path

import pyotp
import pytest
import time_machine
from flask import g, has_app_context
from flask.testing import FlaskClient
from sqlalchemy import create_engine, select, text, update

os.environ["PORTAL_ENV"] = "testing"

from portal import create_app  # noqa: E402
from portal.demo.staff import DEMO_STAFF_PASSWORD, DEMO_TOTP_SECRET  # noqa: E402
from portal.extensions import db  # noqa: E402
from tests import summary  # noqa: E402
from tests.databases import DEMO_DAY, PostgresDatabases, SqliteDatabases, demo_records  # noqa: E402
from tests.pagecheck import check_page  # noqa: E402
from tests.registry_server import REGISTRY_MODE, RegistryServer  # noqa: E402

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])
# TEST_CLOCK_SHIFT_DAYS=365 runs the whole suite with the clock a year ahead (README, Tests): no
# test may depend on the day it runs.
CLOCK_SHIFT = dt.timedelta(days=int(os.environ.get("TEST_CLOCK_SHIFT_DAYS") or 0))


def pytest_configure(config):
    if CLOCK_SHIFT:
        config.shifted_clock = time_machine.travel(dt.datetime.now(dt.UTC) + CLOCK_SHIFT, tick=True)
        config.shifted_clock.start()


def pytest_unconfigure(config):
    if CLOCK_SHIFT:
        config.shifted_clock.stop()


# The run's figures (tests/summary.py): each test's report carries what it counted; the main
# process (the only one under pytest-xdist that sees every report) adds them up and writes them.
FIGURES = summary.Figures()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    if call.when == "teardown":
        item.user_properties.append((summary.REPORTED, summary.take()))
    yield


def pytest_runtest_logreport(report):
    FIGURES.add(report)


def pytest_sessionfinish(session):
    directory = os.environ.get("TEST_SUMMARY_DIR")
    if directory and not hasattr(session.config, "workerinput"):
        FIGURES.write(Path(directory), REGISTRY_MODE)


def postgresql_url() -> str:
    from portal.config import database_url

    return database_url(os.environ["TEST_DATABASE_URL"])


class PageCheckingClient(FlaskClient):
    """Every HTML response passes the page checks before a test sees it."""

    def open(self, *args, **kwargs):
        # The `app` fixture keeps an app context open for the test, and Flask reuses it for the
        # client's requests, so `g` would carry over from one request (and client) to the next;
        # a real request always starts with an empty `g`.
        if has_app_context():
            g.__dict__.clear()
        response = super().open(*args, **kwargs)
        if response.mimetype == "text/html" and not 300 <= response.status_code < 400:
            response.doc = check_page(html_of(response), response.request.path)
        return response


def html_of(response) -> str:
    """The page's text, unpacked when a test asked for it gzipped (Accept-Encoding: gzip)."""
    body = response.get_data()
    if response.content_encoding == "gzip":
        body = gzip.decompress(body)
    return body.decode(response.mimetype_params.get("charset", "utf-8"))


@pytest.fixture(scope="session")
def sqlite_databases(tmp_path_factory):
    return SqliteDatabases(tmp_path_factory.mktemp("prepared"))


@pytest.fixture(scope="session")
def postgres_databases():
    databases = PostgresDatabases(os.environ["TEST_DATABASE_URL"])
    yield databases
    databases.close()


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    """The database a test runs on: "sqlite", or "postgresql" with TEST_DATABASE_URL."""
    return request.param


@pytest.fixture
def database_url(request, backend):
    """A fresh database with the schema, and the demo personas when the test asks for them."""
    with_demo = "demo" in request.fixturenames
    if backend == "sqlite":
        return request.getfixturevalue("sqlite_databases").fresh(with_demo)
    return request.getfixturevalue("postgres_databases").fresh(with_demo)


def reset_database(app) -> None:
    with app.app_context():
        db.drop_all()
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.create_all()


@pytest.fixture(scope="session")
def registry_servers():
    """{database url: its registry server}: the test databases of a process keep their addresses
    (tests/databases.py), so each server is made once and serves test after test."""
    servers: dict[str, RegistryServer] = {}
    yield servers
    for server in servers.values():
        server.close()


@pytest.fixture
def registry_server(database_url, registry_servers):
    """The registry API on 127.0.0.1 over the test database (started; a test may stop it)."""
    if database_url not in registry_servers:
        registry_servers[database_url] = RegistryServer(database_url)
    return registry_servers[database_url].reset()


def registry_config(request) -> dict:
    """With TEST_REGISTRY=http every app reads the registry through HttpRegistry, over real HTTP."""
    if REGISTRY_MODE == "http":
        return request.getfixturevalue("registry_server").portal_config()
    return {}


@contextmanager
def app_for_test(database_url: str, request, **config):
    """A test's app on its database, in its app context; its connections closed at the end."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, **registry_config(request), **config})
    app.test_client_class = PageCheckingClient
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app(database_url, request):
    with app_for_test(database_url, request) as app:
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def session(app):
    return db.session


@pytest.fixture(scope="session", autouse=True)
def postgresql_reachable():
    """With TEST_DATABASE_URL set, fail at once and clearly when the server is not there."""
    if "postgresql" in BACKENDS:
        engine = create_engine(postgresql_url())
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()


def support_app(database_url: str, **config):
    """An app with the test-only support pages registered."""
    from tests.support.pages import bp

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, **config})
    app.register_blueprint(bp)
    return app


@pytest.fixture
def support_client(database_url, request):
    """A client of an app that renders errors as a deployed one does (no exception propagation)."""
    app = support_app(database_url, PROPAGATE_EXCEPTIONS=False, **registry_config(request))
    app.test_client_class = PageCheckingClient
    with app.app_context():
        yield app.test_client()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def demo(app, database_url):
    """The demo personas loaded into the registry; {iin: record}. A test that names this fixture
    gets a database prepared with them (`database_url`); one that asks for it later loads them."""
    import json

    from portal import clock
    from portal.registry.importer import import_people

    day = DEMO_DAY.get(database_url)
    if day is None:
        day = clock.today()
        lines = [json.dumps(p, ensure_ascii=False) for p in demo_records(day).values()]
        assert import_people(db.session, lines).errors == []
    return copy.deepcopy(demo_records(day))


def persona(demo, predicate) -> str:
    """The IIN of the first demo persona matching `predicate(record)`."""
    return next(iin for iin, record in demo.items() if predicate(record))


def may_ask_for(iin: str, kind: str) -> bool:
    """Whether the registry's file lets the person send a request of this kind today."""
    from portal import clock
    from portal.registry import registry
    from portal.requests.kinds import KINDS

    return KINDS[kind].eligibility(registry().person_file(iin), clock.today()).allowed


def items_of(record) -> set[str]:
    return {item["kind"] for programme in record["programmes"] for item in programme["items"]}


@pytest.fixture
def deaf(demo, session):
    """The IIN of a demo person whose programme grants interpreter hours, with the demo interpreters."""
    from portal.demo.interpreters import load_demo_interpreters

    load_demo_interpreters(session)
    return persona(demo, lambda p: "sign_language" in items_of(p))


def csrf_token(client, path: str = "/kk/login") -> str:
    """The form token a page gives the client's session, read as the browser would."""
    return client.get(path).doc.find(".//input[@name='csrf_token']").get("value")


def signed_in(client, iin: str):
    """Sign a test client in as a demo persona through the real demo sign-in form."""
    response = client.post("/kk/login", data={"persona": iin, "csrf_token": csrf_token(client)})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def demo_app_code(app, role: str, username: str) -> str:
    """The code the demo authenticator key (DEMO_TOTP_SECRET) gives now, for a demo account whose last
    code is forgotten first: a test signs one account in many times within a 30-second step, and
    the portal accepts each code once (tests/auth/test_second_factor.py tests that)."""
    from portal.models import Interpreter, StaffUser

    model = StaffUser if role == "staff" else Interpreter
    # The test's own app context when there is one: its requests share its database session.
    with nullcontext() if has_app_context() else app.app_context():
        db.session.execute(update(model).where(model.username == username).values(totp_last_step=None))
        db.session.commit()
    return pyotp.TOTP(DEMO_TOTP_SECRET).now()


def password_signed_in(client, role: str, username: str, lang: str = "kk"):
    """Sign a test client in as demo staff or a demo interpreter on the role's own sign-in page,
    then with the demo authenticator app's code."""
    url = f"/{lang}/{role}/login"
    token = csrf_token(client, url)
    response = client.post(url, data={"username": username, "password": DEMO_STAFF_PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == f"/{lang}/{role}/login/code"
    response = client.post(f"/{lang}/{role}/login/code", data={
        "code": demo_app_code(client.application, role, username), "csrf_token": token})
    assert response.headers["Location"] == f"/{lang}/{role}/"
    return client


def app_code_for(app, role: str, username: str) -> str:
    """The code an account's authenticator app shows now, whatever its key, its last code forgotten
    (demo_app_code): for accounts a test makes at the command line."""
    from portal.auth import second_factor
    from portal.models import Interpreter, StaffUser

    model = StaffUser if role == "staff" else Interpreter
    with nullcontext() if has_app_context() else app.app_context():
        db.session.execute(update(model).where(model.username == username).values(totp_last_step=None))
        db.session.commit()
        secret = db.session.scalar(select(model.totp_secret).where(model.username == username))
    return second_factor.code_at_step(secret, second_factor.step_of(dt.datetime.now(dt.UTC)))


def second_factor_given(client, role: str, username: str, lang: str = "kk"):
    """After a right password: set the app up (the first time) or type its code; the final answer."""
    token = csrf_token(client, f"/{lang}/{role}/login")
    set_up = f"/{lang}/{role}/login/set-up"
    if client.get(f"/{lang}/{role}/login/code").headers.get("Location") == set_up:
        client.get(set_up)  # makes the key
        return client.post(set_up, data={"code": app_code_for(client.application, role, username), "csrf_token": token})
    return client.post(f"/{lang}/{role}/login/code",
                       data={"code": app_code_for(client.application, role, username), "csrf_token": token})


def interpreter_client(app, username):
    """A new test client signed in as a demo interpreter."""
    return password_signed_in(app.test_client(), "interpreter", username)
