"""`flask registry refresh`: the portal asks the registry what changed and fetches those copies again."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from portal import clock
from portal import create_app
from portal.demo.personas import demo_people
from portal.extensions import db
from portal.models import JobRun, RegistryCopy
from portal.registry import registry
from portal.registry.importer import import_people


@pytest.fixture
def http_app(database_url, registry_server):
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, **registry_server.portal_config()})
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def test_refresh_fetches_again_the_copies_of_changed_persons(http_app):
    people = demo_people(clock.today())
    assert import_people(db.session, [json.dumps(p, ensure_ascii=False) for p in people]).errors == []
    demo = {p["iin"]: p for p in people}
    iin, record = next(iter(demo.items()))
    other = next(i for i in demo if i != iin)
    registry().person_file(iin)
    registry().person_file(other)
    db.session.commit()
    assert db.session.get(RegistryCopy, f"/persons/{iin}/file").body["person"]["phone"] == record["phone"]

    changed = {**record, "phone": "+77011112233"}
    assert import_people(db.session, [json.dumps(changed, ensure_ascii=False)]).updated == 1
    result = http_app.test_cli_runner().invoke(args=["registry", "refresh"])

    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert db.session.get(RegistryCopy, f"/persons/{iin}/file").body["person"]["phone"] == "+77011112233"
    assert db.session.get(RegistryCopy, f"/persons/{other}/file").body["person"]["phone"] == demo[other]["phone"]


def test_refresh_says_there_is_nothing_to_do_with_a_local_registry(database_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    result = app.test_cli_runner().invoke(args=["registry", "refresh"])
    with app.app_context():
        db.engine.dispose()  # the run was recorded (job_run): its connection is closed, not left to the collector
    assert result.exit_code == 0
    assert "there are no copies to refresh" in result.output


def test_refresh_asks_for_the_changes_since_its_last_good_run_began(http_app, monkeypatch):
    people = demo_people(clock.today())
    assert import_people(db.session, [json.dumps(p, ensure_ascii=False) for p in people]).errors == []
    registry().person_file(people[0]["iin"])
    db.session.commit()
    asked = []
    real = type(registry()).fetch_all
    monkeypatch.setattr(type(registry()), "fetch_all",
                        lambda self, path, params: asked.append(params["since"]) or real(self, path, params))
    runner = http_app.test_cli_runner()
    oldest = db.session.scalar(select(func.min(RegistryCopy.checked_at)))
    assert runner.invoke(args=["registry", "refresh"]).exit_code == 0
    first_run = db.session.get(JobRun, "registry refresh").started_at
    assert runner.invoke(args=["registry", "refresh"]).exit_code == 0
    # The first time, since the oldest copy; then since the last good run began, not ever earlier.
    assert asked == [oldest.isoformat(), first_run.isoformat()]
