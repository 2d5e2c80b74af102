"""A sign-language specialist's item says its hours (issue #22, rule 2): the importer requires
them, up to SIGN_LANGUAGE_HOURS_MAX, a setting like the default and its source."""

import json

from portal.registry.importer import import_people
from tests import factories as f


def errors(session, hours) -> list[str]:
    record = f.person(programmes=[f.programme(items=[f.item(kind="sign_language", hours_per_year=hours)])])
    record["programmes"][0]["decision"] = record["decisions"][0]["number"]
    return [message for _, message in import_people(session, [json.dumps(record, ensure_ascii=False)]).errors]


def test_the_item_must_say_its_hours(session):
    [message] = errors(session, None)
    assert "items[0].hours_per_year: is required for a sign-language specialist" in message
    assert errors(session, 60) == []


def test_the_hours_stay_within_the_configured_most(app, session):
    [message] = errors(session, 241)
    assert "hours_per_year: 241 is more than 240 (SIGN_LANGUAGE_HOURS_MAX)" in message
    app.config["SIGN_LANGUAGE_HOURS_MAX"] = 300
    assert errors(session, 241) == []
