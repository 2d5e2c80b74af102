"""Statements of disability status and their check at /verify (issue #18, points 14 and 15): a
statement out of date says so and since when, checks are limited per address and recorded once a
day, and the address printed for checking comes from PUBLIC_BASE_URL, never from the request."""

import datetime as dt
import json

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from portal import clock, create_app, moments
from portal.cabinet import services
from portal.models import AuditEvent
from portal.registry import registry
from portal.registry.importer import import_people
from tests import factories as f
from tests.conftest import csrf_token, persona, signed_in
from tests.pagecheck import main_text, translated
from tests.production import PRODUCTION

LANGS = ["kk", "ru"]
GENUINE = "This statement is genuine"
OUT_OF_DATE = "This statement is out of date"
SUPERSEDED = ("The statement was genuine when it was made, on %(made)s. It no longer shows the person's current "
              "disability status: since %(since)s, a newer decision has replaced the one it shows.")
EXPIRED = ("The statement was genuine when it was made, on %(made)s. It no longer shows the person's current "
           "disability status: since %(since)s, the term of the decision it shows has ended.")


def days(n: int) -> str:
    return (clock.today() + dt.timedelta(days=n)).isoformat()


def load(session, record: dict) -> None:
    assert import_people(session, [json.dumps(record, ensure_ascii=False)]).errors == []


def statement_made(session, time_machine, record: dict, days_ago: int) -> str:
    """The reference of a statement of the person's current decision, made `days_ago` days ago."""
    now = clock.utcnow()
    time_machine.move_to(now - dt.timedelta(days=days_ago), tick=False)
    file = registry().person_file(record["iin"])
    reference = services.create_statement(session, iin=record["iin"], decision=file.latest_decision,
                                          by_iin=record["iin"]).reference
    time_machine.move_to(now, tick=False)
    return reference


def in_words(lang: str, day) -> str:
    """A date as the page writes it (the `date` filter) in the language, spaces as main_text has them."""
    with force_locale(lang):
        return " ".join(moments.date(day).split())


def made_on(session, reference: str):
    return session.scalar(select(services.Statement.generated_at).where(services.Statement.reference == reference))


# Out of date --------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_a_statement_of_a_replaced_decision_says_since_when_it_is_out_of_date(app, client, session, time_machine,
                                                                              lang):
    first = f.decision("MSE-OLD-1", decision_date=days(-400), valid_from=days(-400), valid_until=days(300),
                       reexamination_date=days(300))
    record = f.person(decisions=[first], programmes=[f.programme("IRP-OLD-1", "MSE-OLD-1")])
    load(session, record)
    reference = statement_made(session, time_machine, record, days_ago=30)
    assert translated(lang, GENUINE) in main_text(client.get(f"/{lang}/verify?reference={reference}"))

    # Re-examined ten days ago: a newer decision (group III now) replaces the one on the statement.
    newer = f.decision("MSE-NEW-1", decision_date=days(-10), valid_from=days(-10), valid_until=days(700),
                       reexamination_date=days(700), disability_group="III")
    load(session, {**record, "decisions": [first, newer]})

    text = main_text(client.get(f"/{lang}/verify?reference={reference}"))
    assert translated(lang, OUT_OF_DATE) in text
    assert translated(lang, GENUINE) not in text
    assert translated(lang, SUPERSEDED, made=in_words(lang, made_on(session, reference)),
                      since=in_words(lang, dt.date.fromisoformat(days(-10)))) in text


@pytest.mark.parametrize("lang", LANGS)
def test_a_statement_of_a_decision_whose_term_ended_says_since_when(app, client, session, time_machine, lang):
    ended = f.decision("MSE-END-1", decision_date=days(-400), valid_from=days(-400), valid_until=days(-5),
                       reexamination_date=days(-5))
    record = f.person(decisions=[ended], programmes=[f.programme("IRP-END-1", "MSE-END-1", valid_until=days(-5))])
    load(session, record)
    reference = statement_made(session, time_machine, record, days_ago=30)

    text = main_text(client.get(f"/{lang}/verify?reference={reference}"))
    assert translated(lang, OUT_OF_DATE) in text and translated(lang, GENUINE) not in text
    assert translated(lang, EXPIRED, made=in_words(lang, made_on(session, reference)),
                      since=in_words(lang, dt.date.fromisoformat(days(-4)))) in text


def test_a_statement_of_the_current_decision_in_its_term_is_genuine_and_current(app, client, session, time_machine):
    record = f.person()
    load(session, record)
    reference = statement_made(session, time_machine, record, days_ago=30)
    checked = services.verify_statement(session, registry(), reference)
    assert (checked.out_of_date_since, checked.why) == (None, None)
    assert translated("kk", OUT_OF_DATE) not in main_text(client.get(f"/kk/verify?reference={reference}"))


# Limited and recorded -----------------------------------------------------------------------------

def check(client, reference, address="192.0.2.10", lang="kk"):
    return client.get(f"/{lang}/verify?reference={reference}", environ_base={"REMOTE_ADDR": address})


@pytest.mark.parametrize("lang", LANGS)
def test_checks_are_limited_per_address(app, client, session, time_machine, lang):
    app.config["VERIFY_LIMIT"] = "3 per hour"
    record = f.person()
    load(session, record)
    reference = statement_made(session, time_machine, record, days_ago=1)
    for typed in (reference, "QJ-2222-3333", reference):  # found or not, each check counts
        assert check(client, typed, lang=lang).status_code == 200
    refused = check(client, reference, lang=lang)
    assert refused.status_code == 429
    assert refused.headers["Retry-After"]
    assert main_text(refused).startswith(translated(lang, "Too many checks in a short time"))
    # The empty form is not a check, and another address checks on.
    assert client.get(f"/{lang}/verify", environ_base={"REMOTE_ADDR": "192.0.2.10"}).status_code == 200
    assert check(client, reference, address="192.0.2.99", lang=lang).status_code == 200


def test_one_reference_checked_many_times_is_recorded_once_a_day(app, client, session, time_machine):
    record = f.person()
    load(session, record)
    reference = statement_made(session, time_machine, record, days_ago=1)

    def recorded():
        session.expire_all()
        return session.scalars(select(AuditEvent.at).where(AuditEvent.action == "statement_verified",
                                                           AuditEvent.detail == reference)).all()

    for address in ("192.0.2.1", "192.0.2.2", "192.0.2.1", "192.0.2.3"):
        assert check(client, reference, address=address).status_code == 200
    assert len(recorded()) == 1
    time_machine.move_to(clock.utcnow() + dt.timedelta(days=1), tick=False)
    check(client, reference)
    check(client, reference)
    assert len(recorded()) == 2


# The address printed on a statement ---------------------------------------------------------------

def statement_page(client, iin, host: str):
    """The page of a new statement of the person, asked for with `host` in the Host header (the
    session cookie sent along, as a browser sends it to the host it thinks it is on)."""
    signed_in(client, iin)
    made = client.post("/kk/cabinet/statements", data={"csrf_token": csrf_token(client, "/kk/cabinet/status")})
    client.set_cookie("session", client.get_cookie("session").value, domain=host)
    return client.get(made.headers["Location"], headers={"Host": host})


def test_a_forged_host_does_not_change_the_address_on_a_statement(app, client, demo):
    iin = persona(demo, lambda p: p["decisions"])
    page = statement_page(client, iin, "qoljetimdi.evil.example")
    assert page.status_code == 200
    assert "http://127.0.0.1:5000/kk/verify" in main_text(page)
    assert "evil" not in page.get_data(as_text=True)


def test_the_address_on_a_statement_is_the_configured_one(app, client, demo):
    app.config["PUBLIC_BASE_URL"] = "https://qoljetimdi.kz/"
    iin = persona(demo, lambda p: p["decisions"])
    page = statement_page(client, iin, "10.0.0.7:8000")
    assert translated("kk", "To check that this statement is genuine, open %(address)s and type the reference.",
                      address="https://qoljetimdi.kz/kk/verify") in main_text(page)




@pytest.mark.parametrize("address", [None, "", "http://qoljetimdi.kz", "https://", "qoljetimdi.kz"])
def test_production_refuses_to_start_without_an_https_public_address(monkeypatch, address):
    monkeypatch.setenv("PORTAL_ENV", "production")
    with pytest.raises(RuntimeError, match="PUBLIC_BASE_URL: set the portal's public https address"):
        create_app({**PRODUCTION, "PUBLIC_BASE_URL": address})


def test_production_starts_with_an_https_public_address(monkeypatch):
    monkeypatch.setenv("PORTAL_ENV", "production")
    app = create_app({**PRODUCTION, "PUBLIC_BASE_URL": "https://qoljetimdi.kz"})
    assert app.config["PUBLIC_BASE_URL"] == "https://qoljetimdi.kz"


def test_development_and_tests_default_to_the_local_address(app):
    from portal.config import DevelopmentConfig, TestingConfig

    assert app.config["PUBLIC_BASE_URL"] == "http://127.0.0.1:5000"
    assert DevelopmentConfig.PUBLIC_BASE_URL == TestingConfig.PUBLIC_BASE_URL == "http://127.0.0.1:5000"
