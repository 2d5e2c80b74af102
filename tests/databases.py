"""Test databases made in advance. The schema, and the schema with the demo personas loaded, are
each built once per test process; a test gets a fresh copy of one of them instead of building
its own (about 0.2 s a test).

- SQLite: a copy of the prepared file, at the same path for every test of a process.
- PostgreSQL: the worker's test database emptied, and the demo personas' rows copied back in,
  on the server of TEST_DATABASE_URL. Each pytest-xdist worker has databases of its own, named
  after that database and the worker, so workers never share one. They are dropped when the
  worker ends.
"""

from __future__ import annotations

import json
import os
import shutil
from functools import cache
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from portal import clock, create_app
from portal.config import database_url
from portal.demo.personas import demo_people
from portal.extensions import db
from portal.registry.importer import import_people

# "gw0", "gw1", … under pytest-xdist; "main" when the suite runs in one process.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")

# {database url: the day of the demo personas copied into it, or None}, for the `demo` fixture.
DEMO_DAY: dict[str, object] = {}


@cache
def demo_records(today) -> dict[str, dict]:
    """The demo personas as of `today`, {iin: record}: what a prepared database holds."""
    return {person["iin"]: person for person in demo_people(today)}


def build(url: str, with_demo: bool, today) -> None:
    """The schema at `url`, and the demo personas as of `today` when asked."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.create_all()
        if with_demo:
            lines = [json.dumps(p, ensure_ascii=False) for p in demo_records(today).values()]
            assert import_people(db.session, lines).errors == []
        db.session.remove()
        db.engine.dispose()


class SqliteDatabases:
    def __init__(self, directory: Path):
        self.directory = directory
        self.templates: dict[tuple, Path] = {}

    def template(self, with_demo: bool, today) -> Path:
        key = (with_demo, today)
        if key not in self.templates:
            path = self.directory / f"{'demo' if with_demo else 'schema'}-{today}.sqlite3"
            build(f"sqlite:///{path}", with_demo, today)
            self.templates[key] = path
        return self.templates[key]

    def fresh(self, with_demo: bool = False) -> str:
        """The process's test database, a copy of the prepared one; its URL, the same for every test."""
        today = clock.today()  # the demo's dates move with the day
        path = self.directory / "test.sqlite3"
        shutil.copyfile(self.template(with_demo, today), path)
        url = f"sqlite:///{path}"
        DEMO_DAY[url] = today if with_demo else None
        return url


# Kept in the test database beside the portal's tables: a copy of the demo personas' rows, the
# sequences' values with them, and a note of every change to the schema a test makes.
PREPARE = """
CREATE SCHEMA prepared;
{copies}
CREATE TABLE prepared.sequences AS
  SELECT (quote_ident(schemaname) || '.' || quote_ident(sequencename))::regclass AS name, last_value
  FROM pg_sequences WHERE schemaname = 'public';
CREATE TABLE prepared.schema_changes (command text);
CREATE FUNCTION prepared.note_schema_change() RETURNS event_trigger LANGUAGE plpgsql AS $$
  BEGIN INSERT INTO prepared.schema_changes SELECT command_tag FROM pg_event_trigger_ddl_commands(); END $$;
CREATE FUNCTION prepared.note_drop() RETURNS event_trigger LANGUAGE plpgsql AS $$
  BEGIN INSERT INTO prepared.schema_changes VALUES ('DROP'); END $$;
CREATE EVENT TRIGGER note_schema_change ON ddl_command_end EXECUTE FUNCTION prepared.note_schema_change();
CREATE EVENT TRIGGER note_drop ON sql_drop EXECUTE FUNCTION prepared.note_drop();
DELETE FROM prepared.schema_changes;
"""


class PostgresDatabases:
    """One test database per worker, emptied (and given the demo personas' rows again) before each
    test: about 0.03 s, where copying a template database takes 0.1 to 0.15 s. A test that changes
    the schema (the migrations' tests, `reset_database`) is noticed, and the database is built anew."""

    def __init__(self, url: str):
        self.url = make_url(database_url(url))
        self.prefix = f"{self.url.database}_{WORKER}"
        self.admin = create_engine(self.url.set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=NullPool)
        self.made: set[str] = set()
        self.test_url = self.url_of(f"{self.prefix}_test")
        self.engine = create_engine(self.test_url)  # one connection, kept from test to test
        self.day = None  # of the demo personas kept in the test database
        self.tables: list[str] = []

    def url_of(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def create(self, name: str) -> str:
        """A new empty database `name`, dropping one left by an earlier run."""
        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        self.made.add(name)
        return self.url_of(name)

    def prepare(self, today) -> None:
        """The test database built anew: the schema, the demo personas, and their copy."""
        self.engine.dispose()
        build(self.create(f"{self.prefix}_test"), True, today)
        self.tables = [table.name for table in db.metadata.sorted_tables]
        copies = "\n".join(f'CREATE TABLE prepared."{t}" AS SELECT * FROM public."{t}";' for t in self.tables)
        with self.engine.begin() as connection:
            connection.exec_driver_sql(PREPARE.format(copies=copies))
        self.day = today

    def schema_changed(self) -> bool:
        with self.engine.connect() as connection:
            return connection.execute(text("SELECT EXISTS (SELECT FROM prepared.schema_changes)")).scalar()

    def fresh(self, with_demo: bool = False) -> str:
        """The worker's test database, as new: the schema, and the demo personas when asked; its URL."""
        today = clock.today()  # the demo's dates move with the day
        if self.day != today or self.schema_changed():
            self.prepare(today)
        with self.engine.begin() as connection:
            # What an earlier test left connected goes, as it would with the database.
            connection.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
            connection.execute(text("SET LOCAL session_replication_role = replica"))  # no foreign key checks
            for table in self.tables:
                connection.execute(text(f'DELETE FROM public."{table}"'))
                if with_demo:
                    connection.execute(text(f'INSERT INTO public."{table}" SELECT * FROM prepared."{table}"'))
            value = "last_value" if with_demo else "NULL"
            connection.execute(text(f"SELECT setval(name, coalesce({value}, 1), {value} IS NOT NULL) "
                                    "FROM prepared.sequences"))
        DEMO_DAY[self.test_url] = today if with_demo else None
        return self.test_url

    def own(self, purpose: str) -> str:
        """An empty database of the worker's for a fixture that outlives one test (the live server)."""
        return self.create(f"{self.prefix}_{purpose}")

    def close(self) -> None:
        self.engine.dispose()
        with self.admin.connect() as connection:
            for name in self.made:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.admin.dispose()
