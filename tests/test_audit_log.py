"""The audit log made visible (issue #10): a person sees who has seen or changed their information,
a carer with a mandate sees it for the person, staff search the log of a person of their region,
and no one changes or deletes an event."""

import datetime as dt
import re
from pathlib import Path

import pytest
from flask_babel import force_locale
from sqlalchemy import delete, select, update

from portal import clock
from portal.audit import words as audit_words
from portal import vocabulary as v
from portal.demo.staff import load_demo_staff
from portal.models import AuditEvent, Mandate, ServiceRequest, StaffUser
from portal.models.portal import AuditLogIsAppendOnly
from portal.models.types import utcnow
from portal.registry import registry
from portal.requests.kinds import KINDS
from tests.conftest import csrf_token, password_signed_in, persona, signed_in
from tests.pagecheck import error_links, main_text, text_of, translated
from tests.requests.journey import complete_journey, send
from tests.test_easy_read import TRANSLATED_WORDS, easy_read_sentences

LANGS = ["kk", "ru"]
WHO_LOOKED = "/{lang}/cabinet/who-looked"
AUDIT = "/{lang}/staff/audit"
NOT_IN_REGION = "No person with this IIN is registered in your region"


@pytest.fixture
def staff(session, demo):
    """The demo officers, by region."""
    load_demo_staff(session)
    return {s.region: s for s in session.scalars(select(StaffUser).where(StaffUser.role == "officer"))}


@pytest.fixture
def adult_and_carer(demo):
    adult = persona(demo, lambda p: any(d["cause"] == "work_injury" for d in p["decisions"]))
    carer = persona(demo, lambda p: p["decisions"] and p["iin"] != adult and not p["legal_representative_iin"])
    return adult, carer


def sent_request(app, demo, kind="sanatorium"):
    """(reference, the person's signed-in client, their IIN) of a request the person sent."""
    iin = next(i for i in demo if demo[i]["decisions"] and KINDS[kind].eligibility(registry().person_file(i), clock.today()).allowed)
    person = signed_in(app.test_client(), iin)
    complete_journey(person, kind)
    reference = send(person, kind)[0].headers["Location"].split("/")[-2]
    return reference, person, iin


def staff_client(app, username, lang="kk"):
    return password_signed_in(app.test_client(), "staff", username, lang)


def table_rows(response) -> list[list[str]]:
    """The text of each cell of each row of the page's table."""
    return [[text_of(td) for td in tr.findall("td")] for tr in response.doc.findall(".//main//table/tbody/tr")]


def in_language(lang, mapping, code) -> str:
    with force_locale(lang):
        return str(mapping[code])


def act_for(client, iin, lang="kk"):
    url = f"/{lang}/acting-for"
    response = client.post(url, data={"subject": iin, "csrf_token": csrf_token(client, url)})
    assert response.status_code == 302


def log_of(session, iin) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.subject_iin == iin)))


# The person's page ------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_the_person_sees_the_staff_member_who_opened_their_request(app, demo, staff, session, lang):
    reference, person, iin = sent_request(app, demo)
    officer = staff[session.scalar(select(ServiceRequest.region))]
    assert staff_client(app, officer.username).get(f"/kk/staff/requests/{reference}").status_code == 200

    response = person.get(WHO_LOOKED.format(lang=lang))
    rows = table_rows(response)
    by_staff = translated(lang, "%(name)s, staff of the department of employment and social programmes (%(region)s)",
                          name=officer.full_name, region=in_language(lang, v.REGIONS, officer.region))
    when, who, what = rows[0]  # newest first: the staff member's look came last
    assert who == by_staff
    assert what == f"{translated(lang, 'Viewed a request')}{reference}"
    assert [translated(lang, "You"), translated(lang, "Request sent") + reference] in [[r[1], r[2]] for r in rows]
    assert [translated(lang, "You"), translated(lang, "Signed in")] in [[r[1], r[2]] for r in rows]
    assert response.doc.find(".//main//table/caption") is not None
    assert [text_of(th) for th in response.doc.findall(".//main//table/thead/tr/th[@scope='col']")] == [
        translated(lang, "When"), translated(lang, "Who"), translated(lang, "What they did")]
    # The client address is for staff: the person's page does not show it.
    assert "127.0.0.1" not in response.get_data(as_text=True)


def test_reading_the_page_is_recorded_but_not_listed(client, demo, session):
    iin = next(iter(demo))
    signed_in(client, iin)
    for _ in range(3):
        response = client.get(WHO_LOOKED.format(lang="kk"))
    reads = [e for e in log_of(session, iin) if e.action == "access_log_read"]
    assert [(e.actor_iin, e.subject_iin) for e in reads] == [(iin, iin)] * 3
    assert translated("kk", "Viewed who has seen the information") not in main_text(response)


def test_a_person_sees_only_events_about_themselves(app, demo, session):
    first, second = list(demo)[:2]
    other = signed_in(app.test_client(), first)
    other.get("/kk/cabinet/status")
    me = signed_in(app.test_client(), second)
    response = me.get(WHO_LOOKED.format(lang="kk"))
    mine = [e for e in log_of(session, second) if e.action != "access_log_read"]
    assert len(table_rows(response)) == len(mine)
    assert {r[1] for r in table_rows(response)} == {translated("kk", "You")}
    assert registry().find_person(first).full_name not in response.get_data(as_text=True)


def test_the_page_needs_sign_in_and_is_linked_from_the_cabinet(client, demo):
    assert client.get(WHO_LOOKED.format(lang="kk")).status_code == 302
    signed_in(client, next(iter(demo)))
    links = [a.get("href") for a in client.get("/kk/cabinet/").doc.findall(".//main//a")]
    assert "/kk/cabinet/who-looked" in links


@pytest.mark.parametrize("lang", LANGS)
def test_the_page_starts_with_an_easy_read_summary(client, demo, lang):
    signed_in(client, next(iter(demo)))
    easy_read_sentences(client.get(WHO_LOOKED.format(lang=lang)), TRANSLATED_WORDS)


@pytest.mark.parametrize("lang", LANGS)
def test_a_carer_with_a_mandate_sees_the_persons_log_and_the_person_sees_the_carer(app, demo, session,
                                                                                 adult_and_carer, lang):
    adult, carer = adult_and_carer
    signed_in(app.test_client(), adult)  # the person's own sign-in
    session.add(Mandate(carer_iin=carer, person_iin=adult, scopes=["view"], starts_on=clock.today(),
                        ends_on=None, status="active"))
    session.commit()
    carer_client = signed_in(app.test_client(), carer)
    act_for(carer_client, adult, lang)
    carer_client.get(f"/{lang}/cabinet/status")

    seen_by_carer = carer_client.get(WHO_LOOKED.format(lang=lang))
    adult_name, carer_name = registry().find_person(adult).full_name, registry().find_person(carer).full_name
    assert translated(lang, "You are acting for %(name)s. This page shows their information.",
                      name=adult_name) in main_text(seen_by_carer)
    pairs = [[r[1], r[2]] for r in table_rows(seen_by_carer)]
    assert [translated(lang, "You"), translated(lang, "Viewed the disability status")] in pairs
    assert [adult_name, translated(lang, "Signed in")] in pairs
    assert translated(lang, "Viewed who has seen the information") not in main_text(seen_by_carer)

    seen_by_person = signed_in(app.test_client(), adult).get(WHO_LOOKED.format(lang=lang))
    pairs = [[r[1], r[2]] for r in table_rows(seen_by_person)]
    representative = translated(lang, "Your representative %(name)s", name=carer_name)
    assert [representative, translated(lang, "Viewed the disability status")] in pairs
    # The carer's look at this very page is the person's to know.
    assert [representative, translated(lang, "Viewed who has seen the information")] in pairs


def test_a_carer_without_a_mandate_to_view_is_refused(app, demo, session, adult_and_carer):
    adult, carer = adult_and_carer
    session.add(Mandate(carer_iin=carer, person_iin=adult, scopes=["requests"], starts_on=clock.today(),
                        ends_on=None, status="active"))
    session.commit()
    carer_client = signed_in(app.test_client(), carer)
    act_for(carer_client, adult)
    response = carer_client.get(WHO_LOOKED.format(lang="kk"))
    assert response.status_code == 403
    assert not [e for e in log_of(session, adult) if e.action == "access_log_read"]
    refused = [e for e in log_of(session, adult) if e.action == "refused"]
    assert [(e.actor_iin, e.detail) for e in refused] == [(carer, "view: access log")]


def many_events(session, iin, count, staff_member):
    """`count` views of the person's request by a staff member, a minute apart, oldest first."""
    now = utcnow()
    session.add_all(AuditEvent(at=now - dt.timedelta(minutes=count - n), actor_iin=None, actor_staff_id=staff_member.id,
                               subject_iin=iin, action="view", detail=f"request KZ-2026-{n:06d}")
                    for n in range(count))
    session.commit()


def test_the_log_comes_in_pages_of_50_with_previous_and_next_links(client, demo, staff, session):
    iin = next(iter(demo))
    signed_in(client, iin)
    many_events(session, iin, 120, next(iter(staff.values())))
    total = len([e for e in log_of(session, iin) if e.action != "access_log_read"])
    pages = -(-total // 50)

    first = client.get(WHO_LOOKED.format(lang="kk"))
    assert len(table_rows(first)) == 50
    nav = first.doc.find(".//main//nav[@class='pagination']")
    assert nav.get("aria-label") == translated("kk", "Pages of the list")
    assert translated("kk", "Page %(number)s of %(pages)s", number=1, pages=pages) in text_of(nav)
    assert [(a.get("rel"), a.get("href")) for a in nav.findall(".//a")] == [("next", "/kk/cabinet/who-looked?page=2")]
    references = [r[2] for r in table_rows(first) if "KZ-2026-" in r[2]]
    assert references[0].endswith("KZ-2026-000119")  # newest first

    second = client.get("/kk/cabinet/who-looked?page=2")
    # The page is in the title and under the heading (issue #23, point 13); ?page=1 is the first page.
    heading = text_of(second.doc.find(".//main//h1"))
    assert text_of(second.doc.find(".//title")).startswith(translated(
        "kk", "%(page)s (page %(number)s of %(pages)s)", page=heading, number=2, pages=pages))
    assert translated("kk", "Page %(number)s of %(pages)s", number=2, pages=pages) in text_of(second.doc.find(".//main"))
    page_one, first_again = client.get("/kk/cabinet/who-looked?page=1"), client.get(WHO_LOOKED.format(lang="kk"))
    assert (text_of(page_one.doc.find(".//title")), text_of(page_one.doc.find(".//main"))) == \
        (text_of(first_again.doc.find(".//title")), text_of(first_again.doc.find(".//main")))
    assert {a.get("rel") for a in second.doc.findall(".//main//nav[@class='pagination']//a")} == {"prev", "next"}
    last = client.get(f"/kk/cabinet/who-looked?page={pages}")
    assert len(table_rows(last)) == total - 50 * (pages - 1)
    assert [a.get("rel") for a in last.doc.findall(".//main//nav[@class='pagination']//a")] == ["prev"]
    # An address from a typo or an old link still shows a page.
    assert table_rows(client.get("/kk/cabinet/who-looked?page=999")) == table_rows(last)
    assert len(table_rows(client.get("/kk/cabinet/who-looked?page=abc"))) == 50


def test_the_page_runs_as_many_statements_for_many_events_as_for_few(client, demo, staff, session):
    from tests.test_queries_per_page import MAX_QUERIES, counting_statements

    iin = next(iter(demo))
    signed_in(client, iin)
    officers = list(staff.values())[:3]
    counts = []
    for officer in officers:
        many_events(session, iin, 40, officer)
        with counting_statements() as statements:
            assert client.get(WHO_LOOKED.format(lang="kk")).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[-1] and counts[0] <= MAX_QUERIES, counts


# Staff search ----------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_staff_search_a_person_of_their_region(app, demo, staff, session, lang):
    reference, person, iin = sent_request(app, demo)
    officer = staff[session.scalar(select(ServiceRequest.region))]
    client = staff_client(app, officer.username, lang)
    client.get(f"/{lang}/staff/requests/{reference}")
    assert AUDIT.format(lang=lang) in [a.get("href") for a in client.get(f"/{lang}/staff/").doc.findall(".//main//a")]

    response = client.get(AUDIT.format(lang=lang) + f"?iin={iin}")
    assert response.status_code == 200
    name = registry().find_person(iin).full_name
    assert text_of(response.doc.find(".//main//h2[@class='heading-l']")) == translated(
        lang, "%(name)s, IIN %(iin)s", name=name, iin=iin)
    rows = table_rows(response)
    by_officer = translated(lang, "%(name)s, staff member (%(region)s), username %(username)s", name=officer.full_name,
                            region=in_language(lang, v.REGIONS, officer.region), username=officer.username)
    person_words = translated(lang, "%(name)s, IIN %(iin)s", name=name, iin=iin)
    assert rows[0][1:5] == [by_officer, person_words, translated(lang, "Searched the audit log"), "page 1"]
    assert [by_officer, person_words, translated(lang, "Viewed a request"), f"request {reference}",
            "127.0.0.1"] in [r[1:] for r in rows]
    assert [person_words, translated(lang, "Their own"), translated(lang, "Request sent"), reference,
            "127.0.0.1"] in [r[1:] for r in rows]
    search = session.scalar(select(AuditEvent).where(AuditEvent.action == "audit_search"))
    assert (search.actor_iin, search.actor_staff_id, search.subject_iin) == (None, officer.id, iin)

    # The person learns of the search on their own page.
    pairs = [r[1:] for r in table_rows(person.get(WHO_LOOKED.format(lang=lang)))]
    assert [translated(lang, "%(name)s, staff of the department of employment and social programmes (%(region)s)",
                       name=officer.full_name, region=in_language(lang, v.REGIONS, officer.region)),
            translated(lang, "Searched the audit log")] in pairs


@pytest.mark.parametrize("lang", LANGS)
def test_staff_of_another_region_or_an_unknown_iin_get_the_same_message(app, demo, staff, session, lang):
    iin = next(i for i in demo if registry().find_person(i).region in staff)
    other = next(s for region, s in staff.items() if region != registry().find_person(iin).region)
    client = staff_client(app, other.username, lang)
    unknown = "061211600012"  # a valid IIN no one in the registry has
    for searched in (iin, unknown):
        response = client.get(AUDIT.format(lang=lang) + f"?iin={searched}")
        assert error_links(response) == {"#iin": translated(lang, NOT_IN_REGION)}
        assert response.doc.find(".//main//table") is None
        assert registry().find_person(iin).full_name not in response.get_data(as_text=True)
    refused = session.scalars(select(AuditEvent).where(AuditEvent.action.like("audit_search%"))
                              .order_by(AuditEvent.id)).all()
    assert [(e.action, e.actor_staff_id, e.subject_iin) for e in refused] == [
        ("audit_search_refused", other.id, iin), ("audit_search_refused", other.id, unknown)]


def test_a_search_in_another_region_runs_the_same_statements_as_one_for_an_unknown_iin(app, demo, staff, session):
    """Not only the same message: the same work, so the time it takes does not tell either."""
    from tests.test_queries_per_page import counting_statements

    iin = next(i for i in demo if registry().find_person(i).region in staff)
    other = next(s for region, s in staff.items() if region != registry().find_person(iin).region)
    client = staff_client(app, other.username)
    ran = {}
    for searched in (iin, "061211600012"):
        session.commit()  # each search starts afresh, as a request of its own does
        with counting_statements() as statements:
            assert client.get(AUDIT.format(lang="kk") + f"?iin={searched}").status_code == 200
        ran[searched] = statements
    assert ran[iin] == ran["061211600012"]
    assert any(s.startswith("INSERT INTO audit_event") for s in ran[iin])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("typed, message", [
    ("", "Enter the IIN of the person"),
    ("12345", "Check the IIN: it must be 12 digits with the right check digit"),
    ("061211600013", "Check the IIN: it must be 12 digits with the right check digit"),
])
def test_a_wrong_iin_gets_a_clear_message_in_the_page_language(app, demo, staff, lang, typed, message):
    client = staff_client(app, "astana.officer", lang)
    response = client.get(AUDIT.format(lang=lang) + f"?iin={typed}")
    assert error_links(response) == {"#iin": translated(lang, message)}
    assert response.doc.find(".//input[@id='iin']").get("value") == typed


def test_the_search_form_alone_records_nothing_and_needs_a_staff_sign_in(app, demo, staff, session, client):
    assert client.get(AUDIT.format(lang="kk")).status_code == 302
    officer = staff_client(app, "astana.officer")
    recorded = len(session.scalars(select(AuditEvent)).all())
    response = officer.get(AUDIT.format(lang="kk"))
    assert response.status_code == 200 and not error_links(response)
    assert response.doc.find(".//main//table") is None
    assert len(session.scalars(select(AuditEvent)).all()) == recorded


# Labels ----------------------------------------------------------------------------------------

def recorded_codes() -> set[str]:
    """Every action code written in the portal's source: literal ones, and those ending in a status."""
    source = "\n".join(p.read_text() for p in Path("portal").rglob("*.py"))
    literal = set(re.findall(r'record\(\s*"([a-z_]+)"', source))
    by_status = {f"request_{s}" for s in v.REQUEST_STATUSES} | {f"booking_{s}" for s in v.BOOKING_STATUSES} | {
        f"mandate_{s}" for s in v.MANDATE_STATUSES}
    assert re.findall(r'record\(\s*f"([a-z_]+)\{', source), "the codes ending in a status are found too"
    return literal | by_status


def test_every_action_the_portal_records_has_a_label():
    assert recorded_codes() - set(audit_words.ACTION_LABELS) == set()


@pytest.mark.parametrize("lang", LANGS)
def test_an_unknown_action_reads_as_other_action(app, lang):
    with force_locale(lang):
        assert audit_words.action_label("something_new") == translated(lang, "Other action")
        event = AuditEvent(action="view", detail="api: booking QB-1")
        assert (audit_words.what_happened(event), audit_words.reference_of(event)) == (
            translated(lang, "Viewed an interpreter booking"), "QB-1")


# Append-only -----------------------------------------------------------------------------------

def test_the_orm_refuses_to_change_or_delete_an_event(session):
    session.add(AuditEvent(action="view", actor_iin="900101300011", subject_iin="900101300011", detail="status"))
    session.commit()
    event = session.scalar(select(AuditEvent))
    event.detail = "nothing"
    with pytest.raises(AuditLogIsAppendOnly):
        session.commit()
    session.rollback()
    session.delete(event)
    with pytest.raises(AuditLogIsAppendOnly):
        session.commit()
    session.rollback()
    for statement in (update(AuditEvent).values(detail="nothing"), delete(AuditEvent)):
        with pytest.raises(AuditLogIsAppendOnly):
            session.execute(statement)
        session.rollback()
    assert session.scalars(select(AuditEvent.detail)).all() == ["status"]
