"""A child, or a person with group I disability, may name the person who goes with them to the
sanatorium (issue #22, rule 10; the order of sanatorium treatment, DOMAIN.md §1.13). Others are
not asked. The demo's Нұрислам (under 7) has a voucher planned, and his mother asks for it;
Жақыпов (group III) goes alone."""

from dataclasses import replace

import pytest
from sqlalchemy import select

from portal.demo.personas import ALIYA, NURISLAM, NURLAN
from portal.models import ServiceRequest
from portal.rights import services as rules
from tests.conftest import csrf_token, signed_in
from tests.pagecheck import main_text, translated
from tests.requests.journey import answer, send
from tests.rights.test_services import DECISION
from tests.staff.test_back_office import staff, staff_client  # noqa: F401 (a fixture)


@pytest.mark.parametrize("group, child_category, may", [
    ("I", None, True), ("II", None, False), ("III", None, False),
    (None, "under_7", True), ("II", "7_to_18", True),
])
def test_who_may_take_someone_along(group, child_category, may):
    decision = replace(DECISION, disability_group=group, child_category=child_category)
    assert rules.may_take_companion(decision) is may


def acting_for_the_child(app):
    client = signed_in(app.test_client(), ALIYA)
    client.post("/kk/acting-for", data={"subject": NURISLAM, "csrf_token": csrf_token(client, "/kk/acting-for")})
    return client


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_mother_names_who_goes_with_her_child_and_staff_read_it(app, demo, session, staff, lang):  # noqa: F811
    client = acting_for_the_child(app)
    season = answer(client, "sanatorium", "season", {"season": "summer"}, lang)
    assert season.headers["Location"] == f"/{lang}/requests/new/sanatorium/companion"
    answer(client, "sanatorium", "companion", {"companion": "  Жұмабаева Әлия  "}, lang)
    answer(client, "sanatorium", "note", {"note": ""}, lang)
    check = main_text(client.get(f"/{lang}/requests/new/sanatorium/check"))
    # Asked of the child, by his name: his mother answers it (issue #23, point 1).
    assert translated(lang, "Who will go with %(name)s? (optional)", name="Нұрислам") in check
    assert "Жұмабаева Әлия" in check
    reference = send(client, "sanatorium", lang)[0].headers["Location"].split("/")[-2]
    stored = session.scalar(select(ServiceRequest).where(ServiceRequest.reference == reference))
    assert stored.answers["companion"] == "Жұмабаева Әлия"
    officer = staff_client(app, staff[stored.region].username, lang)
    assert "Жұмабаева Әлия" in main_text(officer.get(f"/{lang}/staff/requests/{reference}"))


def test_going_alone_reads_back_as_nobody(app, demo):
    client = acting_for_the_child(app)
    answer(client, "sanatorium", "season", {"season": "winter"})
    answer(client, "sanatorium", "companion", {"companion": ""})
    answer(client, "sanatorium", "note", {"note": ""})
    assert translated("kk", "Nobody: going alone") in main_text(client.get("/kk/requests/new/sanatorium/check"))


def test_a_name_too_long_is_explained_and_kept(app, demo):
    client = acting_for_the_child(app)
    response = answer(client, "sanatorium", "companion", {"companion": "А" * 151})
    assert response.status_code == 200
    assert translated("kk", "Write no more than 150 characters") in main_text(response)
    assert response.doc.find(".//input[@name='companion']").get("value") == "А" * 151


def test_an_adult_of_group_iii_is_not_asked(app, demo):
    client = signed_in(app.test_client(), NURLAN)
    season = answer(client, "sanatorium", "season", {"season": "summer"})
    assert season.headers["Location"] == "/kk/requests/new/sanatorium/note"
    assert client.get("/kk/requests/new/sanatorium/companion").status_code == 404
