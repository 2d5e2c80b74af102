"""Asking for a mandate tells a stranger nothing about the registry (issue #18, point 3): one answer
and one page for every IIN, no registry read inside the ask, no name before the person agrees, one
ask waiting per carer and person, and a limit on asks per carer."""

import pytest
from sqlalchemy import func, select

from portal import clock
from portal.carers import services
from portal.models import Mandate, Message
from portal.notify.texts import in_language
from portal.registry import registry
from tests import factories
from tests.conftest import csrf_token, persona, signed_in
from tests.pagecheck import main_text, text_of, translated

LANGS = ["kk", "ru"]


@pytest.fixture
def people(demo):
    """(carer, registered adult, child, an IIN with a valid check digit that nobody has)."""
    adult = persona(demo, lambda p: any(d["cause"] == "work_injury" for d in p["decisions"]))
    carer = persona(demo, lambda p: p["decisions"] and p["iin"] != adult and not p["legal_representative_iin"]
                    and p["preferred_language"] == "kk")
    child = persona(demo, lambda p: p["decisions"] and p["decisions"][0]["child_category"] == "under_7")
    return carer, adult, child, factories.iin()


def ask(client, iin, lang="kk", scopes=("view",)):
    return client.post(f"/{lang}/mandates/ask", data={"iin": iin, "scopes": list(scopes), "ends_on": "",
                                                      "csrf_token": csrf_token(client, f"/{lang}/mandates/ask")})


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


class RegistrySpy:
    """The app's registry client, noting every IIN it is asked about."""

    def __init__(self, inner):
        self.inner, self.asked = inner, []

    def __getattr__(self, name):
        found = getattr(self.inner, name)
        if not callable(found):
            return found

        def call(*args, **kwargs):
            self.asked += [a for a in (*args, *kwargs.values()) if isinstance(a, str)]
            return found(*args, **kwargs)
        return call


@pytest.mark.parametrize("lang", LANGS)
def test_every_iin_gets_the_same_answer_and_the_same_page(app, session, people, lang):
    carer, adult, child, nobody = people
    pages = []
    for iin in (adult, child, nobody):
        client = signed_in(app.test_client(), carer)
        answer = ask(client, iin, lang)
        assert (answer.status_code, answer.headers["Location"]) == (302, f"/{lang}/mandates?done=asked")
        page = client.get(answer.headers["Location"])
        text = main_text(page)
        assert translated(lang, "If a person with this IIN is registered, we have asked them. They decide when "
                                "they next sign in.") in text
        assert translated(lang, "IIN %(iin)s", iin=iin) in text
        pages.append(text.replace(iin, "<IIN>"))
        for mandate in session.scalars(select(Mandate)):  # the next IIN is the carer's only ask too
            session.delete(mandate)
        session.commit()
    assert pages[0] == pages[1] == pages[2]
    for iin in (adult, child):
        assert registry().find_person(iin).full_name not in " ".join(pages)


def test_the_ask_reads_nothing_of_the_registry_about_the_person(app, session, people):
    carer, adult, child, nobody = people
    client = signed_in(app.test_client(), carer)
    spy = app.extensions["registry"] = RegistrySpy(app.extensions["registry"])
    for iin in (adult, child, nobody):
        assert ask(client, iin).status_code == 302
    assert not {adult, child, nobody} & set(spy.asked)
    client.get("/kk/mandates")  # nor does the page listing the asks
    assert not {adult, child, nobody} & set(spy.asked)
    assert count(session, Message) == 0  # the person is told later, outside the carer's request


def test_only_a_registered_adult_is_told_once_and_may_approve(app, session, people, runner):
    carer, adult, child, nobody = people
    client = signed_in(app.test_client(), carer)
    for iin in (adult, child, nobody):
        ask(client, iin)
    output = runner.invoke(args=["outbox", "deliver"]).output
    assert "1 people told of an ask for a mandate" in output
    assert runner.invoke(args=["outbox", "deliver"]).output.strip() == "0 sent, 0 not sent"
    told = session.scalars(select(Message)).all()
    assert [(m.recipient_iin, m.kind) for m in told] == [(adult, "mandate_asked")]
    assert [phone for phone, _ in app.extensions["sms"].sent] == [registry().find_person(adult).phone]
    waiting = session.scalar(select(Mandate).where(Mandate.person_iin == child))
    with pytest.raises(services.MandateError):
        services.decide(session, registry(), waiting, person_iin=child, approve=True, today=waiting.starts_on)


def test_asking_again_while_an_ask_waits_sends_no_second_message(app, session, people, runner):
    carer, adult, _, _ = people
    app.config["MANDATE_ASK_LIMIT"] = "100 per hour"
    client = signed_in(app.test_client(), carer)
    for scopes in [("view",)] * 30 + [("view", "requests", "bookings")]:
        assert ask(client, adult, scopes=scopes).headers["Location"] == "/kk/mandates?done=asked"
    runner.invoke(args=["outbox", "deliver"])
    assert len(app.extensions["sms"].sent) == 1
    # The one ask is the first: the person approves what they were shown, whatever is asked since.
    assert session.scalars(select(Mandate.scopes)).all() == [["view"]]


@pytest.mark.parametrize("lang", LANGS)
def test_asks_are_limited_per_carer_and_only_accepted_asks_count(app, session, people, demo, lang):
    carer, adult, child, nobody = people
    app.config["MANDATE_ASK_LIMIT"] = "2 per hour"
    client = signed_in(app.test_client(), carer)
    mistyped = ask(client, "123")  # a form error costs nothing
    assert mistyped.status_code == 200
    assert [ask(client, iin, lang).status_code for iin in (adult, child)] == [302, 302]
    stopped = ask(client, nobody, lang)
    assert stopped.status_code == 429 and int(stopped.headers["Retry-After"]) > 3000
    assert text_of(stopped.doc.find(".//h1")) == translated(lang, "Too much sent in a short time")
    assert translated(lang, "To protect people from unwanted messages, one person can ask to act for only a few "
                            "people in an hour and in a day.") in main_text(stopped)
    assert count(session, Mandate) == 2

    other_carer = persona(demo, lambda p: p["decisions"] and p["iin"] not in (carer, adult, child)
                          and not p["legal_representative_iin"])
    assert ask(signed_in(app.test_client(), other_carer), nobody, lang).status_code == 302  # each carer's own


def test_the_carer_sees_the_name_only_once_the_person_agrees(app, session, people, runner):
    carer, adult, _, _ = people
    name = registry().find_person(adult).full_name
    carer_client = signed_in(app.test_client(), carer)
    ask(carer_client, adult)
    runner.invoke(args=["outbox", "deliver"])

    person_client = signed_in(app.test_client(), adult)
    first = session.scalar(select(Mandate))
    person_client.post(f"/kk/mandates/{first.id}/refuse", data={"csrf_token": csrf_token(person_client, "/kk/mandates")})
    page = carer_client.get("/kk/mandates").get_data(as_text=True)
    assert name not in page and adult in page
    refusal = session.scalar(select(Message).where(Message.recipient_iin == carer))
    said = in_language(refusal, "kk").body
    assert name not in said and adult in said

    ask(carer_client, adult)
    second = session.scalar(select(Mandate).where(Mandate.status == "requested"))
    person_client.post(f"/kk/mandates/{second.id}/approve",
                       data={"csrf_token": csrf_token(person_client, "/kk/mandates")})
    assert name in carer_client.get("/kk/mandates").get_data(as_text=True)


def test_withdrawing_an_ask_nobody_was_told_of_tells_nobody(app, session, people):
    carer, _, _, nobody = people
    client = signed_in(app.test_client(), carer)
    ask(client, nobody)
    mandate = session.scalar(select(Mandate))
    client.post(f"/kk/mandates/{mandate.id}/end", data={"csrf_token": csrf_token(client, "/kk/mandates")})
    session.expire_all()
    assert mandate.status == "ended"
    assert count(session, Message) == 0


def test_asking_for_oneself_is_explained(app, people):
    carer = people[0]
    client = signed_in(app.test_client(), carer)
    response = ask(client, carer)
    assert [text_of(a) for a in response.doc.findall(".//*[@data-error-summary]//a")] == [
        translated("kk", "This is your own IIN. Enter the IIN of the person you want to act for")]


def test_the_same_ask_sent_twice_at_once_is_kept_once(session, people, monkeypatch):
    carer, adult, _, _ = people
    first = services.ask(session, registry(), carer_iin=carer, person_iin=adult, scopes=["view"], ends_on=None,
                         today=clock.today())
    real = services.pending_ask

    def not_committed_yet(*args):
        """The second request looked before the first was committed, and found no ask waiting."""
        monkeypatch.setattr(services, "pending_ask", real)
        return None

    monkeypatch.setattr(services, "pending_ask", not_committed_yet)
    second = services.ask(session, registry(), carer_iin=carer, person_iin=adult, scopes=["requests"], ends_on=None,
                          today=clock.today())
    assert second.id == first.id and count(session, Mandate) == 1
