"""Who read what through the registry API, and how much one service may read (issue #18, points
13 and 19): every person an answer carries is in the audit log with the service's name; each
service token has its own limit; a token too short to be safe is never accepted."""

import datetime as dt
from urllib.parse import urlencode

import pytest
from sqlalchemy import select

from portal import clock, create_app
from portal.iin import parse_iin
from portal.models import AuditEvent
from portal.registry import service_tokens
from tests.conftest import persona, signed_in
from tests.pagecheck import translated
from tests.registry.test_api import TOKEN, only_error
from tests.test_audit_log import WHO_LOOKED, table_rows

OTHER_TOKEN = "the-mobile-app-token-of-the-registry-api-tests"


@pytest.fixture(autouse=True)
def two_services(app):
    app.config["REGISTRY_API_TOKENS"] = f"benefits:{TOKEN},mobile-app:{OTHER_TOKEN}"


def read(client, url, token=TOKEN, **query):
    return client.get(url, query_string=query or None, headers={"Authorization": f"Bearer {token}"})


def registry_reads(session) -> list[tuple[str, str, str]]:
    """(service, person, what) of each registry read recorded, in order."""
    session.expire_all()
    return [(e.actor_service, e.subject_iin, e.detail) for e in session.scalars(
        select(AuditEvent).where(AuditEvent.action == "registry_read").order_by(AuditEvent.id))]


# The audit of reads -------------------------------------------------------------------------------

def test_reading_a_person_and_a_file_records_the_service_and_the_person(client, session, demo):
    iin = next(iter(demo))
    assert read(client, f"/registry/v1/persons/{iin}").status_code == 200
    assert read(client, f"/registry/v1/persons/{iin}/file", token=OTHER_TOKEN).status_code == 200
    assert registry_reads(session) == [("benefits", iin, "person"), ("mobile-app", iin, "file")]
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "registry_read"))
    assert (event.actor_iin, event.actor_staff_id, event.actor_interpreter_id) == (None, None, None)


def test_an_answer_with_no_person_records_no_one(client, session, demo):
    child = persona(demo, lambda p: p["legal_representative_iin"])
    unknown = "061211600012"
    assert read(client, f"/registry/v1/persons/{unknown}").status_code == 404
    assert read(client, "/registry/v1/persons", represented_by=child).json["items"] == []
    assert registry_reads(session) == []


def test_each_person_of_a_list_is_recorded(client, session, demo):
    child = persona(demo, lambda p: p["legal_representative_iin"])
    parent = demo[child]["legal_representative_iin"]
    children = [p["iin"] for p in read(client, "/registry/v1/persons", represented_by=parent).json["items"]]
    born = parse_iin(child).birth_date
    turning = [p["iin"] for p in read(client, "/registry/v1/persons",
                                      turning_18_on=born.replace(year=born.year + 18).isoformat()).json["items"]]
    assert child in children and child in turning
    assert registry_reads(session) == ([("benefits", iin, "persons represented") for iin in children]
                                       + [("benefits", iin, "persons turning 18") for iin in turning])


def test_decisions_and_changes_record_each_person_they_carry(client, session, demo):
    today = clock.today()
    decisions = read(client, "/registry/v1/decisions", term_ends_from=today.isoformat(),
                     term_ends_to=(today + dt.timedelta(days=3660)).isoformat()).json["items"]
    changes = read(client, "/registry/v1/changes?" + urlencode({"since": "2000-01-01T00:00:00+05:00"})).json["items"]
    assert decisions and changes
    by_decisions = list(dict.fromkeys(row["person"]["iin"] for row in decisions))
    assert registry_reads(session) == ([("benefits", iin, "decisions") for iin in by_decisions]
                                       + [("benefits", row["iin"], "changes") for row in changes])


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_person_sees_which_service_read_them(app, client, demo, lang):
    iin = next(iter(demo))
    read(client, f"/registry/v1/persons/{iin}/file")
    pairs = [r[1:] for r in table_rows(signed_in(app.test_client(), iin).get(WHO_LOOKED.format(lang=lang)))]
    assert [translated(lang, "Information system “%(name)s”", name="benefits"),
            translated(lang, "Read the information in the registry")] in pairs


# The limit of each service ------------------------------------------------------------------------

def test_each_service_has_its_own_limit(app, client, demo):
    app.config["REGISTRY_API_LIMIT"] = "3 per minute"
    iin = next(iter(demo))
    # The limit counts every route of the API together.
    for url in ("/registry/v1/ping", f"/registry/v1/persons/{iin}", f"/registry/v1/persons/{iin}/file"):
        assert read(client, url).status_code == 200
    refused = read(client, f"/registry/v1/persons/{iin}")
    assert only_error(refused, 429)["code"] == "rate_limited"
    assert int(refused.headers["Retry-After"]) > 0
    # Another service, from the same address, reads on.
    assert read(client, f"/registry/v1/persons/{iin}", token=OTHER_TOKEN).status_code == 200


# Tokens long enough to be safe --------------------------------------------------------------------

SHORT = "x" * (service_tokens.MIN_LENGTH - 1)


def test_a_short_service_token_stops_the_portal_from_starting(database_url):
    with pytest.raises(RuntimeError, match=r"REGISTRY_API_TOKENS: the token of benefits is shorter than 32 "):
        create_app({"SQLALCHEMY_DATABASE_URI": database_url, "REGISTRY_API_TOKENS": f"benefits:{SHORT}"})


def test_a_short_service_token_set_afterwards_is_never_accepted(app, client, demo):
    app.config["REGISTRY_API_TOKENS"] = f"benefits:{SHORT},mobile-app:{OTHER_TOKEN}"
    assert only_error(read(client, "/registry/v1/ping", token=SHORT), 401)["code"] == "unauthorised"
    assert read(client, "/registry/v1/ping", token=OTHER_TOKEN).status_code == 200


def test_the_cli_makes_a_long_token_and_refuses_a_short_one(app, runner, client):
    made = runner.invoke(args=["registry", "new-token", "benefits"])
    assert made.exit_code == 0, made.output
    pair = made.output.strip().splitlines()[-1]
    name, token = pair.split(":", 1)
    assert name == "benefits" and len(token) >= service_tokens.MIN_LENGTH
    app.config["REGISTRY_API_TOKENS"] = pair
    assert read(client, "/registry/v1/ping", token=token).status_code == 200

    refused = runner.invoke(args=["registry", "new-token", "benefits", "--token", SHORT])
    assert refused.exit_code != 0
    assert "this token has 31 characters; a service token needs at least 32" in refused.output
    assert SHORT not in refused.output.replace("--token", "")
