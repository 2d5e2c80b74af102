"""The signed-in pages for the demo personas, in both languages, with the audit of each view."""

import datetime as dt
import json

import pytest
from babel.dates import format_date
from flask_babel import force_locale
from sqlalchemy import select

from portal import clock, moments
from portal import vocabulary as v
from portal.models import AuditEvent
from portal.registry.importer import import_people
from tests import factories
from tests.conftest import csrf_token, items_of, may_ask_for, persona, signed_in
from tests.pagecheck import text_of, translated
from tests.test_queries_per_page import person_client

LANGS = ["kk", "ru"]
CABINET_PAGES = ["/{lang}/cabinet/", "/{lang}/cabinet/status", "/{lang}/cabinet/programme", "/{lang}/cabinet/messages",
                 "/{lang}/rights"]


def page_text(response) -> str:
    return text_of(response.doc.find(".//main"))


@pytest.fixture
def wheelchair_user(demo):
    return persona(demo, lambda p: "personal_assistant" in items_of(p))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", CABINET_PAGES)
def test_every_persona_sees_every_page(app, client, demo, page, lang):
    for iin in demo:
        response = signed_in(app.test_client(), iin).get(page.format(lang=lang))
        assert response.status_code == 200, (iin, page)


@pytest.mark.parametrize("page", CABINET_PAGES[:-1])
def test_cabinet_pages_need_sign_in(client, page):
    assert client.get(page.format(lang="kk")).status_code == 302


@pytest.mark.parametrize("lang", LANGS)
def test_status_says_the_group_and_term_in_a_sentence(client, demo, wheelchair_user, lang):
    text = page_text(signed_in(client, wheelchair_user).get(f"/{lang}/cabinet/status"))
    assert translated(lang, "You have disability group %(group)s with no end date.", group="I") in text
    assert translated(lang, "The status has no end date. A re-examination is needed only if health changes.") in text


@pytest.mark.parametrize("lang", LANGS)
def test_a_term_ending_soon_shows_the_days_left_and_a_warning(client, demo, lang):
    ending = persona(demo, lambda p: p["decisions"] and p["decisions"][-1]["valid_until"]
                     and dt.date.fromisoformat(p["decisions"][-1]["valid_until"]) <= clock.today() + dt.timedelta(days=30))
    end = dt.date.fromisoformat(demo[ending]["decisions"][-1]["valid_until"])
    days = (end - clock.today()).days
    response = signed_in(client, ending).get(f"/{lang}/cabinet/")
    text = page_text(response)
    assert translated(lang, "Your re-examination is coming up") in text
    assert " ".join(format_date(end, moments.DAY[lang], locale=lang).split()) in text and str(days) in text


@pytest.mark.parametrize("lang", LANGS)
def test_entitlements_name_the_assistant_and_the_aids(client, demo, wheelchair_user, lang):
    text = page_text(signed_in(client, wheelchair_user).get(f"/{lang}/cabinet/"))
    assert translated(lang, "Individual assistant") in text
    assert translated(lang, "Technical aids and means of mobility") in text
    assert translated(lang, "Social services at home") in text


def test_the_employer_at_fault_is_named_as_the_payer(client, demo):
    injured = persona(demo, lambda p: any(d["cause"] == "work_injury" for d in p["decisions"]))
    text = page_text(signed_in(client, injured).get("/ru/rights"))
    employer = demo[injured]["decisions"][-1]["employer_name"]
    assert translated("ru", "The employer at fault, %(employer)s, pays for the sanatorium treatment because of the "
                            "work injury or occupational disease.", employer=employer) in text


def test_when_the_employer_no_longer_exists_the_state_pays(client, demo):
    liquidated = persona(demo, lambda p: any(d.get("employer_liquidated") for d in p["decisions"]))
    text = page_text(signed_in(client, liquidated).get("/kk/cabinet/"))
    assert translated("kk", "The employer at fault no longer exists, so the state pays instead.") in text


def test_a_person_without_a_decision_is_told_so(app, session, demo):
    record = factories.person(decisions=[], programmes=[])
    assert import_people(session, [json.dumps(record, ensure_ascii=False)]).errors == []
    text = page_text(person_client(app, record["iin"]).get("/kk/cabinet/"))
    assert translated("kk", "There is no decision of the medical and social expert examination on your name in the "
                            "central database of persons with disabilities.") in text


@pytest.mark.parametrize("lang", LANGS)
def test_programme_groups_items_by_part_and_filters_by_status(client, demo, wheelchair_user, lang):
    signed_in(client, wheelchair_user)
    everything = client.get(f"/{lang}/cabinet/programme")
    headings = [text_of(h) for h in everything.doc.findall(".//*[@id='programme-items']/h2")]
    assert headings == [str(label) for part, label in _labels(lang, v.IRP_PARTS).items() if part in ("medical", "social")]
    provided = client.get(f"/{lang}/cabinet/programme?status=provided")
    tags = {text_of(t) for t in provided.doc.findall(".//*[@id='programme-items']//strong[@class]")}
    assert tags == {_labels(lang, v.ITEM_STATUSES)["provided"]}
    assert provided.doc.find(".//select[@id='status']/option[@selected]").get("value") == "provided"


def _labels(lang, mapping):
    with force_locale(lang):
        return {code: str(label) for code, label in mapping.items()}


def test_an_unknown_status_filter_shows_everything(client, demo, wheelchair_user):
    signed_in(client, wheelchair_user)
    assert client.get("/kk/cabinet/programme?status=lost").doc.find(".//select[@id='status']/option[@selected]").get("value") == "all"


@pytest.mark.parametrize("lang", LANGS)
def test_a_statement_can_be_printed_and_checked_by_anyone(app, client, demo, wheelchair_user, lang):
    signed_in(client, wheelchair_user)
    response = client.post(f"/{lang}/cabinet/statements", data={"csrf_token": csrf_token(client, f"/{lang}/cabinet/status")})
    statement_page = client.get(response.headers["Location"])
    reference = text_of(statement_page.doc.find(".//*[@class='reference']"))
    assert reference.startswith("QJ-") and wheelchair_user in page_text(statement_page)
    check = app.test_client().get(f"/{lang}/verify?reference={reference.lower().replace('-', ' ')}")
    assert translated(lang, "This statement is genuine") in page_text(check)
    assert text_of(check.doc.find(".//title")).startswith(translated(lang, "Check a statement"))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("typed, message", [
    ("", "Enter the reference printed on the statement"),
    ("QJ-2222-3333", "We found no statement with this reference. Check it and type it again"),
])
def test_a_wrong_reference_gets_a_clear_error(client, demo, lang, typed, message):
    response = client.get(f"/{lang}/verify?reference={typed}")
    assert [text_of(a) for a in response.doc.findall(".//*[@data-error-summary]//a")] == [translated(lang, message)]


def test_a_statement_of_someone_else_is_not_shown(app, client, demo, wheelchair_user):
    other = persona(demo, lambda p: p["decisions"] and p["iin"] != wheelchair_user)
    owner = signed_in(app.test_client(), wheelchair_user)
    location = owner.post("/kk/cabinet/statements", data={"csrf_token": csrf_token(owner, "/kk/cabinet/status")}).headers["Location"]
    assert signed_in(client, other).get(location).status_code == 404


def test_every_view_of_personal_data_is_in_the_audit_log(client, demo, wheelchair_user, session):
    signed_in(client, wheelchair_user)
    for page in ("/kk/cabinet/", "/kk/cabinet/status", "/kk/cabinet/programme", "/kk/rights"):
        client.get(page)
    events = session.execute(select(AuditEvent.action, AuditEvent.actor_iin, AuditEvent.subject_iin, AuditEvent.detail)
                             .order_by(AuditEvent.id)).all()
    views = [(a, actor, subject, d) for a, actor, subject, d in events if a == "view"]
    assert views == [("view", wheelchair_user, wheelchair_user, what) for what in ("entitlements", "status", "programme", "rights")]
    assert events[0][0] == "sign_in"


def test_a_person_may_view_only_their_own_data(session, demo, wheelchair_user):
    from portal import access

    other = persona(demo, lambda p: p["iin"] != wheelchair_user)
    with pytest.raises(access.NotAllowed):
        access.require(other, wheelchair_user, "view", "status")
    refused = session.scalar(select(AuditEvent).where(AuditEvent.action == "refused"))
    assert (refused.actor_iin, refused.subject_iin) == (other, wheelchair_user)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_decision_on_the_status_page_has_a_heading(client, demo, lang):
    """Issue #23, point 8: heading navigation reaches the decision itself, not only "In short" and
    the statement."""
    iin = persona(demo, lambda p: p["decisions"])
    signed_in(client, iin)
    page = client.get(f"/{lang}/cabinet/status")
    latest = max(dt.date.fromisoformat(d["decision_date"]) for d in demo[iin]["decisions"])
    with force_locale(lang):
        heading = translated(lang, "Decision of %(date)s", date=moments.date(latest))
    assert heading in [text_of(h) for h in page.doc.findall(".//main//h2")]


@pytest.mark.parametrize("lang", LANGS)
def test_what_you_need_to_do_lists_every_task_that_waits(app, client, demo, session, lang):
    """Issue #23, point 2: the referral when the term ends within 30 days, and a request waiting
    for the person's answer, are on the list; it never says "nothing" while one waits."""
    from portal.models import ServiceRequest
    from tests.requests.journey import complete_journey, send

    ending = persona(demo, lambda p: p["decisions"] and p["decisions"][-1]["valid_until"]
                     and dt.date.fromisoformat(p["decisions"][-1]["valid_until"]) <= clock.today() + dt.timedelta(days=30))
    signed_in(client, ending)
    complete_journey(client, "contact_details", lang)
    reference = send(client, "contact_details", lang)[0].headers["Location"].split("/")[-2]
    request = session.scalar(select(ServiceRequest).where(ServiceRequest.reference == reference))
    request.status = "more_info_needed"
    session.commit()
    page = client.get(f"/{lang}/cabinet/")
    heading = next(h for h in page.doc.findall(".//main//h2") if text_of(h) == translated(lang, "What you need to do"))
    tasks = page.doc.find(".//main//ul[@class='list list--bullet']")
    assert tasks is not None and heading is not None
    items = [text_of(li) for li in tasks.findall("li")]
    end = dt.date.fromisoformat(demo[ending]["decisions"][-1]["valid_until"])
    with force_locale(lang):
        referral = translated(lang, "Ask the polyclinic for a referral to the medical and social expert examination: "
                                    "the term ends on %(date)s.", date=moments.date(end))
    assert referral in items
    answer = [a for li in tasks.findall("li") for a in li.findall("a")
              if a.get("href") == f"/{lang}/requests/{reference}"]
    assert answer, items
    assert translated(lang, "Nothing at the moment. We will tell you when something needs your action.") \
        not in page_text(page)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", ["cabinet/", "rights"])
def test_what_the_portal_takes_a_request_for_is_asked_for_here(app, demo, lang, page):
    """Issue #23, point 4: the individual assistant and social services at home are asked for on
    this portal, from where the person reads of them, never 'apply on egov.kz or at the department'."""
    for kind in ("personal_assistant", "home_social_services"):
        iin = persona(demo, lambda p: p["decisions"] and may_ask_for(p["iin"], kind))
        response = signed_in(app.test_client(), iin).get(f"/{lang}/{page}")
        assert response.status_code == 200, (response.status_code, response.headers.get("Location"))
        links = {a.get("href") for a in response.doc.findall(".//main//a")}
        assert f"/{lang}/requests/new/{kind}" in links, (kind, iin)


@pytest.mark.parametrize("lang", LANGS)
def test_a_booking_no_interpreter_can_take_is_a_task_to_book_again(client, demo, session, lang):
    """Issue #23, point 2: a booking still ahead that nobody can take waits for the person."""
    from portal.bookings.services import now_local
    from portal.models import Booking

    deaf = persona(demo, lambda p: p["decisions"] and "sign_language" in items_of(p))
    ahead = now_local().replace(minute=0, second=0, microsecond=0) + dt.timedelta(days=3)
    session.add(Booking(reference="IB-TEST-1", person_iin=deaf, booked_by_iin=deaf, region=demo[deaf]["region"],
                        mode="video", purpose="hospital", starts_at=ahead, minutes=60, status="no_interpreter"))
    session.commit()
    page = signed_in(client, deaf).get(f"/{lang}/cabinet/")
    tasks = page.doc.find(".//main//ul[@class='list list--bullet']")
    with force_locale(lang):
        day = moments.date(ahead)
    link = f"/{lang}/interpreters/free-times"
    task = next(li for li in tasks.findall("li") if "IB-TEST-1" in text_of(li))
    assert day in text_of(task) and [a.get("href") for a in task.findall("a")] == [link]


@pytest.mark.parametrize("lang", LANGS)
def test_the_programme_says_what_happens_next_by_kind_and_asks_for_an_item_here(client, demo, lang):
    """Issue #23, point 4: an aid not provided is asked for on this portal, hygiene aids provided
    are not "replaced", and a planned aid is ordered on the Social Services Portal."""
    child = persona(demo, lambda p: any(i["status"] == "not_provided" and i["kind"] == "mobility"
                                        for pr in p["programmes"] for i in pr["items"]))
    parent = demo[child]["legal_representative_iin"]
    signed_in(client, parent)
    client.post(f"/{lang}/acting-for", data={"subject": child, "csrf_token": csrf_token(client, f"/{lang}/acting-for")})
    page = client.get(f"/{lang}/cabinet/programme")
    asks = {text_of(a): a.get("href") for a in page.doc.findall(".//main//a") if a.get("href", "").startswith(
        f"/{lang}/requests/new/")}
    wheelchair = translated(lang, "Ask for this: %(item)s", item=str(v.irp_kind_label("mobility")))
    assert asks.get(wheelchair) == f"/{lang}/requests/new/technical_aid"
    assert translated(lang, "It was not provided. Ask the department why, and what can be done.") in page_text(page)
