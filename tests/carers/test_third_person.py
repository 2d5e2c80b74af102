"""Acting for a child or an adult, every page of the person's matters speaks about them in the
third person, by name; their own pages still say "you" (issue #23, point 1)."""

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import select

from portal import moments
from portal.carers import services
from portal.models import Statement
from portal.registry import registry
from tests.conftest import csrf_token, persona, signed_in
from tests.pagecheck import main_text, text_of, translated
from tests.third_person import a_child, act_for, addressed_to_them, mandate_for, name_in_text, second_person

# The pages of the person's matters a carer reads, and the part of each that is about the person:
# the rights page's list of rights speaks to every reader. The statement page reads one made on the
# spot. The inbox is not among them: it is the carer's own.
PAGES = {"/{lang}/cabinet/": None, "/{lang}/cabinet/status": None, "/{lang}/cabinet/programme": None,
         "/{lang}/cabinet/who-looked": None, "/{lang}/rights": "personal", "/{lang}/cabinet/statements/{statement}": None}


def statement_of(client, session, lang):
    client.post(f"/{lang}/cabinet/statements", data={"csrf_token": csrf_token(client, f"/{lang}/cabinet/status")})
    return session.scalars(select(Statement.reference).order_by(Statement.id.desc())).first()


@pytest.fixture
def child(demo):
    return a_child(demo)


@pytest.fixture
def adult(demo, session):
    """A carer with a mandate in force for every scope, and the adult who gave it."""
    person = persona(demo, lambda p: p["decisions"] and p["programmes"] and not p["legal_representative_iin"]
                     and not p["decisions"][0]["child_category"])
    return mandate_for(session, demo, person), person


@pytest.mark.parametrize("lang", ["kk", "ru"])
@pytest.mark.parametrize("whom", ["child", "adult"])
def test_acting_for_someone_every_page_speaks_of_them_by_name(client, session, request, whom, lang):
    carer, person = request.getfixturevalue(whom)
    signed_in(client, carer)
    act_for(client, person, lang)
    statement = statement_of(client, session, lang)
    name = name_in_text(whom, person)
    for path, region in PAGES.items():
        page = client.get(path.format(lang=lang, statement=statement))
        assert page.status_code == 200, path
        assert second_person(page, lang, region) == [], path
        assert name in addressed_to_them(page, region), path
        places = {}
        for link in page.doc.iter("a"):
            places.setdefault(text_of(link), set()).add(link.get("href"))
        assert {text: hrefs for text, hrefs in places.items() if len(hrefs) > 1} == {}, path  # one name, one place
    menu = [text_of(a) for a in page.doc.findall(".//header//nav[@class='account-links']//a")]
    assert translated(lang, "Entitlements: %(name)s", name=name) in menu
    assert translated(lang, "Requests: %(name)s", name=name) in menu


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_persons_own_pages_still_speak_to_them(client, session, demo, lang):
    person = persona(demo, lambda p: p["decisions"] and p["programmes"] and not p["decisions"][0]["child_category"])
    signed_in(client, person)
    page = client.get(f"/{lang}/cabinet/status")
    assert second_person(page, lang)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_parent_with_no_decision_of_their_own_lands_on_what_waits_for_their_children(client, demo, child, lang):
    parent, kid = child
    signed_in(client, parent)
    client.post(f"/{lang}/acting-for", data={"subject": parent, "csrf_token": csrf_token(client, f"/{lang}/acting-for")})
    home = client.get(f"/{lang}/cabinet/")
    name = registry().find_person(kid).full_name
    assert translated(lang, "There is no disability decision on your own name. Here is what waits for the people "
                            "whose matters you handle.") in main_text(home)
    assert name in [text_of(h) for h in home.doc.findall(".//main//h2")]
    button = translated(lang, "Handle the matters of %(name)s", name=name)
    form = next(f for f in home.doc.findall(".//main//form") if text_of(f.find(".//button")) == button)
    chosen = client.post(form.get("action"), data={"subject": form.find(".//input[@name='subject']").get("value"),
                                                   "csrf_token": csrf_token(client, f"/{lang}/cabinet/")})
    assert chosen.headers["Location"] == f"/{lang}/cabinet/"
    assert translated(lang, "Entitlements: %(name)s", name=registry().find_person(kid).given_name) in main_text(
        client.get(f"/{lang}/cabinet/"))


def test_the_last_day_of_a_parents_authority_is_the_same_on_every_page(client, demo, child):
    parent, kid = child
    signed_in(client, parent)
    last_day = services.represented_until(registry().find_person(kid))
    with force_locale("kk"):
        said = gettext("%(name)s: you are the legal representative until %(date)s.",
                       name=registry().find_person(kid).full_name, date=moments.date(last_day))
    for path in ("/kk/acting-for", "/kk/mandates"):
        assert said in main_text(client.get(path)), path
