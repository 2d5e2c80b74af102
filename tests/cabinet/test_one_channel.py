"""One channel per item (issue #22, rule 11): for a planned sign-language item /cabinet/ points to
the portal's own booking, not to another portal; items ordered on the Social Services Portal link
to it, with its address as the link's text, which the person can copy too."""

import json

import pytest

from portal.registry.importer import import_people
from tests import factories as f
from tests.auth.test_sign_in import last_code, send_code, send_iin


@pytest.fixture
def person_with_planned_items(session) -> str:
    record = f.person(programmes=[f.programme(items=[
        f.item(1, kind="sign_language", hours_per_year=60, due_date=f.days_from_today(20)),
        f.item(2, kind="mobility", due_date=f.days_from_today(30))])])
    record["programmes"][0]["decision"] = record["decisions"][0]["number"]
    assert import_people(session, [json.dumps(record, ensure_ascii=False)]).errors == []
    return record["iin"]


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_planned_sign_language_item_is_booked_here_and_an_aid_ordered_on_the_social_services_portal(
        app, client, person_with_planned_items, lang):
    send_iin(client, person_with_planned_items, lang)
    send_code(client, last_code(app), lang)
    page = client.get(f"/{lang}/cabinet/")
    links = {a.get("href"): "".join(a.itertext()) for a in page.doc.iterfind(".//main//li//a")}
    assert f"/{lang}/interpreters/" in links
    assert links["https://aleumet.egov.kz"] == "aleumet.egov.kz"
