"""Causes as DOMAIN.md §2.2 lists them (issue #22, rule 8): Order No. 260's cause 7 is three causes,
kept apart: received in service duty, in work on the consequences of nuclear accidents, and not
connected with service duty. Decisions kept with the old joint code move by a migration."""

import json

import pytest
from flask_babel import force_locale
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from portal import vocabulary as v
from portal.extensions import db
from portal.registry import registry
from portal.registry.importer import import_people
from tests import factories as f

SERVICE_CAUSES = ("service_duty", "nuclear_accident", "not_service_related")


@pytest.mark.parametrize("cause", SERVICE_CAUSES)
def test_each_service_cause_is_its_own_code(session, cause):
    record = f.person(decisions=[f.decision(f"MSE-{cause}", cause=cause)], programmes=[])
    assert import_people(session, [json.dumps(record, ensure_ascii=False)]).errors == []
    assert registry().person_file(record["iin"]).latest_decision.cause == cause


def test_the_joint_code_is_no_longer_taken(session):
    record = f.person(decisions=[f.decision("MSE-OLD", cause="military_service")], programmes=[])
    [(_, message)] = import_people(session, [json.dumps(record, ensure_ascii=False)]).errors
    assert "cause: unknown code 'military_service'" in message


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_three_causes_read_differently_in_each_language(app, lang):
    with app.test_request_context(), force_locale(lang):
        labels = {str(v.CAUSES[cause]) for cause in SERVICE_CAUSES}
    assert len(labels) == 3


def test_the_migration_moves_the_joint_code_to_service_duty_and_back(app):
    db.drop_all()
    upgrade(revision="0018")
    with db.engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO person (id, iin, surname, given_name, birth_date, sex, region, preferred_language, "
            "carer_allowance_paid, updated_at) VALUES (1, '620211304178', 'Павленко', 'Сергей', '1962-02-11', "
            "'male', 'kostanay', 'ru', false, '2026-01-01 00:00:00+00')"))
        connection.execute(text(
            "INSERT INTO mse_decision (person_id, number, decision_date, disability_group, cause, onset_date, "
            "valid_from, needs_outside_care, difficulty_moving, employer_liquidated) VALUES (1, 'MSE-1', "
            "'2020-01-10', 'II', 'military_service', '1994-03-15', '2020-01-10', false, false, false)"))
    upgrade(revision="0019")
    with db.engine.connect() as connection:
        assert connection.scalar(text("SELECT cause FROM mse_decision")) == "service_duty"
    downgrade(revision="0018")
    with db.engine.begin() as connection:
        assert connection.scalar(text("SELECT cause FROM mse_decision")) == "military_service"
        connection.execute(text("DELETE FROM mse_decision"))
        connection.execute(text("DELETE FROM person"))
    downgrade(revision="base")
