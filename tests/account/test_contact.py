"""How the department should contact a person: the person chooses the language and what to keep
in mind on their account page; staff see it beside the person's requests (issue #23, point 12)."""

import pytest
from sqlalchemy import select

from portal.models import AuditEvent, ServiceRequest
from tests.conftest import csrf_token, signed_in
from tests.pagecheck import main_text, text_of, translated
from tests.requests.journey import complete_journey, send
from tests.requests.test_journey import eligible_persona
from tests.staff.test_back_office import staff, staff_client  # noqa: F401 (a fixture)

LANGS = ["kk", "ru"]


def choose(client, lang, **data):
    url = f"/{lang}/account/contact"
    return client.post(url, data={**data, "csrf_token": csrf_token(client, url)})


@pytest.mark.parametrize("lang", LANGS)
def test_the_person_says_how_to_reach_them_and_staff_read_it(app, demo, session, staff, lang):  # noqa: F811
    iin = eligible_persona(demo, "sanatorium")
    client = signed_in(app.test_client(), iin)
    page = client.get(f"/{lang}/account/contact")
    registry_language = demo[iin]["preferred_language"]
    chosen = [i.get("value") for i in page.doc.findall(".//input[@name='language']") if i.get("checked") is not None]
    assert chosen == [registry_language]  # until the person says otherwise, the registry's
    saved = choose(client, lang, language="ru", needs=["no_calls", "plain_words"])
    assert saved.headers["Location"] == f"/{lang}/account/contact?done=saved"
    again = client.get(saved.headers["Location"])
    assert translated(lang, "The department's staff see this beside your requests from now on.") in main_text(again)
    assert {i.get("value") for i in again.doc.findall(".//input[@name='needs']") if i.get("checked") is not None} \
        == {"no_calls", "plain_words"}
    assert session.scalar(select(AuditEvent.action).where(AuditEvent.action == "contact_preferences_changed"))

    complete_journey(client, "sanatorium", lang)
    reference = send(client, "sanatorium", lang)[0].headers["Location"].split("/")[-2]
    region = session.scalar(select(ServiceRequest.region).where(ServiceRequest.reference == reference))
    officer = staff_client(app, staff[region].username, lang)
    shown = main_text(officer.get(f"/{lang}/staff/requests/{reference}"))
    assert translated(lang, "How to contact the person") in shown
    assert translated(lang, "Russian") in shown
    assert translated(lang, "I am deaf or hard of hearing: write to me, do not call") in shown


@pytest.mark.parametrize("lang", LANGS)
def test_a_choice_not_on_the_page_is_explained_and_nothing_is_saved(app, demo, session, lang):
    client = signed_in(app.test_client(), next(iter(demo)))
    response = choose(client, lang, language="en", needs=["call_at_night"])
    assert response.status_code == 200
    errors = [text_of(a) for a in response.doc.findall(".//*[@data-error-summary]//a")]
    assert translated(lang, "Choose from the list") in errors and len(errors) == 2
    assert session.scalar(select(AuditEvent.action).where(AuditEvent.action == "contact_preferences_changed")) is None
