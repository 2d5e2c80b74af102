"""Fixtures: an app on a fresh database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set),
a client that checks every page it renders, and a CLI runner."""

from __future__ import annotations

import os

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

os.environ["PORTAL_ENV"] = "testing"

from portal import create_app  # noqa: E402
from portal.extensions import db  # noqa: E402
from tests.pagecheck import check_page  # noqa: E402

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


def postgresql_url() -> str:
    from portal.config import database_url

    return database_url(os.environ["TEST_DATABASE_URL"])


class PageCheckingClient(FlaskClient):
    """Every HTML response passes the page checks before a test sees it."""

    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        if response.mimetype == "text/html" and not 300 <= response.status_code < 400:
            response.doc = check_page(response.get_data(as_text=True), response.request.path)
        return response


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite3'}"
    return postgresql_url()


def reset_database(app) -> None:
    with app.app_context():
        db.drop_all()
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.create_all()


@pytest.fixture
def app(database_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    app.test_client_class = PageCheckingClient
    reset_database(app)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


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
def support_client(database_url):
    """A client of an app that renders errors as a deployed one does (no exception propagation)."""
    app = support_app(database_url, PROPAGATE_EXCEPTIONS=False)
    app.test_client_class = PageCheckingClient
    with app.app_context():
        yield app.test_client()
        db.session.remove()
        db.engine.dispose()
