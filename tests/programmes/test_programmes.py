"""Staff follow the programmes of their region through (issue #24, point 1): which items are on the
list, its filters, order and pages, region isolation, follow-ups, the person's sentence and the CSV."""

import csv
import datetime as dt
import io
import json

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from portal import clock, moments
from portal.demo.staff import load_demo_staff
from portal.models import AuditEvent, ProgrammeFollowUp, StaffUser
from portal.programmes import services
from portal.programmes.services import Filters
from portal.registry import registry
from portal.registry.importer import import_people
from tests import factories as f
from tests.conftest import csrf_token, persona, signed_in
from tests.pagecheck import error_links, main_text, text_of, translated
from tests.staff.test_back_office import staff_client
from tests.third_person import act_for, mandate_for, name_in_text, second_person

LANGS = ["kk", "ru"]


def day(n: int) -> str:
    return f.days_from_today(n)


def load(session, *people):
    assert import_people(session, [json.dumps(p, ensure_ascii=False) for p in people]).errors == []


def late(line, due, **overrides):
    return f.item(line, status="planned", due_date=day(due), **overrides)


@pytest.fixture
def officers(session):
    load_demo_staff(session)
    return {s.region: s for s in session.scalars(select(StaffUser).where(StaffUser.role == "officer"))}


@pytest.fixture
def people(session):
    """Almaty: Asel with items late, due soon, due later, provided and not provided; Marat in another
    district, whose older programme's late item is no longer on the list; Astana: Dana, late too."""
    asel = f.person(surname="Ахметова", given_name="Әсел", district="Алмалы ауданы", programmes=None)
    asel["programmes"] = [f.programme("IRP-ASEL", asel["decisions"][0]["number"], items=[
        late(1, -100, kind="mobility", provider="«Мобилити» ЖШС"),
        late(2, 10, kind="hygiene", provider="«Гигиена-Сервис» ЖШС"),
        late(3, 60, kind="sanatorium"),
        f.item(4, kind="legal_help", status="provided", due_date=day(-200), started_on=day(-220),
               completed_on=day(-210)),
        f.item(5, kind="restorative_therapy", status="not_provided", due_date=day(-400), completed_on=day(-390)),
    ])]
    marat = f.person(surname="Бекетов", given_name="Марат", district="Бостандық ауданы", programmes=None)
    number = marat["decisions"][0]["number"]
    marat["programmes"] = [
        f.programme("IRP-MARAT-2", number, drawn_up_on=day(-100), items=[late(1, -5, kind="hygiene")]),
        f.programme("IRP-MARAT-1", number, drawn_up_on=day(-600), items=[late(1, -500, kind="mobility")]),
    ]
    dana = f.person(surname="Сейітова", given_name="Дана", region="astana", district="Есіл ауданы", programmes=None)
    dana["programmes"] = [f.programme("IRP-DANA", dana["decisions"][0]["number"], items=[late(1, -50)])]
    load(session, asel, marat, dana)
    return {"asel": asel, "marat": marat, "dana": dana}


def listed(session, staff, filters=Filters(), number=1):
    return [(row.programme_number, row.line) for row in services.item_page(session, staff, filters, number).rows]


def test_the_list_holds_the_regions_items_due_soon_overdue_or_not_provided(session, officers, people):
    assert listed(session, officers["almaty"]) == [("IRP-ASEL", 5), ("IRP-ASEL", 1), ("IRP-MARAT-2", 1),
                                                   ("IRP-ASEL", 2)]
    assert listed(session, officers["astana"]) == [("IRP-DANA", 1)]
    assert listed(session, officers["pavlodar"]) == []


def test_days_overdue_count_from_the_due_date(session, officers, people):
    rows = services.item_page(session, officers["almaty"], Filters(), 1).rows
    assert [row.days_overdue for row in rows] == [400, 100, 5, 0]


@pytest.mark.parametrize("filters, expected", [
    (Filters(kind="hygiene"), [("IRP-MARAT-2", 1), ("IRP-ASEL", 2)]),
    (Filters(district="Бостандық ауданы"), [("IRP-MARAT-2", 1)]),
    (Filters(provider="Мобилити"), [("IRP-ASEL", 1)]),
    (Filters(provider="100%"), []),
    (Filters(payer="employer"), []),
    (Filters(overdue_at_least=1), [("IRP-ASEL", 5), ("IRP-ASEL", 1), ("IRP-MARAT-2", 1)]),
    (Filters(overdue_at_least=30), [("IRP-ASEL", 5), ("IRP-ASEL", 1)]),
    (Filters(overdue_at_least=365), [("IRP-ASEL", 5)]),
    (Filters(sort="due_latest"), [("IRP-ASEL", 2), ("IRP-MARAT-2", 1), ("IRP-ASEL", 1), ("IRP-ASEL", 5)]),
])
def test_filters_and_orders(session, officers, people, filters, expected):
    assert listed(session, officers["almaty"], filters) == expected


def test_fifty_to_a_page_and_a_page_past_the_end_shows_the_last(session, officers):
    person = f.person(programmes=None)
    person["programmes"] = [f.programme("IRP-MANY", person["decisions"][0]["number"],
                                        items=[late(line, -line) for line in range(1, 61)])]
    load(session, person)
    first = services.item_page(session, officers["almaty"], Filters(), 1)
    assert (first.total, first.pages, len(first.rows), first.rows[0].line) == (60, 2, 50, 60)
    last = services.item_page(session, officers["almaty"], Filters(), 9)
    assert (last.number, [row.line for row in last.rows]) == (2, list(range(10, 0, -1)))


def test_the_districts_are_those_of_the_regions_persons(session, people):
    assert services.districts_of(session, "almaty") == ["Алмалы ауданы", "Бостандық ауданы"]


def test_an_item_of_another_region_or_unknown_is_refused_the_same_way_and_recorded(session, officers, people):
    officer = officers["almaty"]
    for number, line in (("IRP-DANA", 1), ("IRP-NOBODY", 1), ("IRP-ASEL", 99)):
        with pytest.raises(services.NotFound):
            services.item_for_staff(session, registry(), officer, number, line)
    refused = session.scalars(select(AuditEvent).where(AuditEvent.action == "programme_view_refused")).all()
    assert [(e.actor_staff_id, e.detail) for e in refused] == [
        (officer.id, "programme IRP-DANA"), (officer.id, "programme IRP-NOBODY"), (officer.id, "programme IRP-ASEL")]
    assert refused[0].subject_iin == people["dana"]["iin"]


def test_a_follow_up_is_recorded_shown_on_the_list_and_audited(session, officers, people):
    officer = officers["almaty"]
    found = services.item_for_staff(session, registry(), officer, "IRP-ASEL", 1)
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "view")).detail == "programme IRP-ASEL"
    next_look = clock.today() + dt.timedelta(days=14)
    services.record_follow_up(session, officer, found, action="called_provider", note="Promised by Friday",
                              next_look_on=next_look)
    services.record_follow_up(session, officer, found, action="escalated", note=None, next_look_on=next_look)
    rows = {(r.programme_number, r.line): r for r in services.item_page(session, officer, Filters(), 1).rows}
    assert rows["IRP-ASEL", 1].latest.action == "escalated"
    assert rows["IRP-ASEL", 2].latest is None
    again = services.item_for_staff(session, registry(), officer, "IRP-ASEL", 1)
    assert [u.action for u in again.history] == ["escalated", "called_provider"]
    assert again.staff[officer.id].full_name == officer.full_name
    kept = session.scalars(select(ProgrammeFollowUp)).first()
    assert (kept.person_iin, kept.region, kept.line) == (people["asel"]["iin"], "almaty", 1)
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == "programme_follow_up")).all()
    assert [e.subject_iin for e in events] == [people["asel"]["iin"]] * 2


def test_the_person_learns_which_items_are_followed_up_but_not_the_note(session, officers, people):
    officer = officers["almaty"]
    found = services.item_for_staff(session, registry(), officer, "IRP-ASEL", 1)
    services.record_follow_up(session, officer, found, action="called_provider", note="secret",
                              next_look_on=clock.today() + dt.timedelta(days=7))
    programme = registry().person_file(people["asel"]["iin"]).latest_programme
    assert services.followed_up(session, programme) == {1: clock.today() + dt.timedelta(days=7)}


# Pages ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_the_list_page_shows_rows_and_keeps_the_filters_in_its_links(app, session, officers, people, lang):
    page = staff_client(app, "almaty.officer", lang).get(f"/{lang}/staff/programmes/?district=Алмалы+ауданы")
    assert page.status_code == 200
    headings = [text_of(h) for h in page.doc.findall(".//main//h2")]
    assert len(headings) == 3 and all("Әсел" in h for h in headings)
    link = page.doc.find(".//a[@download]").get("href")
    assert link.startswith(f"/{lang}/staff/programmes/export.csv?") and "district=" in link


@pytest.mark.parametrize("lang", LANGS)
def test_a_bad_filter_is_explained_never_a_500(app, officers, people, lang):
    client = staff_client(app, "almaty.officer", lang)
    for query in ("kind=spaceship", "overdue=7", "sort=random", "district=Атлантида", "payer=x"):
        page = client.get(f"/{lang}/staff/programmes/?{query}")
        assert page.status_code == 400
        assert len(error_links(page)) == 1
        assert text_of(page.doc.find(".//title")).startswith(translated(lang, "Error:"))


@pytest.mark.parametrize("lang", LANGS)
def test_the_empty_list_says_so(app, officers, lang):
    page = staff_client(app, "pavlodar.officer", lang).get(f"/{lang}/staff/programmes/")
    assert translated(lang, "No item of your region's programmes is due within 30 days, overdue or not provided "
                            "with these choices. Choose fewer filters to see more.") in main_text(page)


@pytest.mark.parametrize("lang", LANGS)
def test_an_officer_records_a_follow_up_on_the_item_page(app, session, officers, people, lang):
    client = staff_client(app, "almaty.officer", lang)
    url = f"/{lang}/staff/programmes/IRP-ASEL/1"
    assert client.get(url).status_code == 200
    wrong = client.post(url, data={"action": "called_provider", "note": "Будет в пятницу", "next_look_on": "31.02.2027",
                                   "csrf_token": csrf_token(client, url)})
    assert wrong.status_code == 200 and len(error_links(wrong)) == 1
    assert text_of(wrong.doc.find(".//title")).startswith(translated(lang, "Error:"))
    assert wrong.doc.find(".//textarea[@name='note']").text.strip() == "Будет в пятницу"
    next_look = clock.today() + dt.timedelta(days=10)
    done = client.post(url, data={"action": "called_provider", "note": "Будет в пятницу",
                                  "next_look_on": next_look.strftime("%d.%m.%Y"), "csrf_token": csrf_token(client, url)})
    assert done.status_code == 302
    shown = client.get(done.headers["Location"])
    assert translated(lang, "The follow-up is recorded") in main_text(shown)
    assert "Будет в пятницу" in main_text(shown)
    assert translated(lang, "Called the provider") in main_text(shown)


def daulet(demo) -> str:
    return persona(demo, lambda p: p["surname"] == "Оспанов")


def followed_by_astana(session, demo):
    load_demo_staff(session)
    officer = session.scalar(select(StaffUser).where(StaffUser.username == "astana.officer"))
    found = services.item_for_staff(session, registry(), officer, "IRP-DEMO-000601", 5)
    services.record_follow_up(session, officer, found, action="called_provider", note="Секрет бөлімі",
                              next_look_on=clock.today() + dt.timedelta(days=7))
    return officer


@pytest.mark.parametrize("lang", LANGS)
def test_the_person_sees_the_department_follows_it_up_without_the_note(app, session, demo, lang):
    officer = followed_by_astana(session, demo)
    page = signed_in(app.test_client(), daulet(demo)).get(f"/{lang}/cabinet/programme")
    text = main_text(page)
    with force_locale(lang):
        date = moments.date(clock.today() + dt.timedelta(days=7))
    assert translated(lang, "The department is following this up and will look at it again by %(date)s.",
                      date=date) in text
    assert text.count(date) == 1  # on the late item only
    assert "Секрет" not in text and officer.full_name not in text


@pytest.mark.parametrize("lang", LANGS)
def test_acting_for_the_person_the_sentence_speaks_of_them(app, session, demo, lang):
    followed_by_astana(session, demo)
    person = daulet(demo)
    client = signed_in(app.test_client(), mandate_for(session, demo, person))
    act_for(client, person, lang)
    page = client.get(f"/{lang}/cabinet/programme")
    with force_locale(lang):
        date = moments.date(clock.today() + dt.timedelta(days=7))
    assert translated(lang, "The department is following this up for %(name)s and will look at it again by %(date)s.",
                      name=name_in_text("adult", person), date=date) in main_text(page)
    assert second_person(page, lang) == []


@pytest.mark.parametrize("lang", LANGS)
def test_another_regions_item_is_a_404(app, officers, people, lang):
    client = staff_client(app, "almaty.officer", lang)
    assert client.get(f"/{lang}/staff/programmes/IRP-DANA/1").status_code == 404
    assert client.get(f"/{lang}/staff/programmes/IRP-NOBODY/1").status_code == 404


@pytest.mark.parametrize("lang", LANGS)
def test_the_csv_holds_every_filtered_item_in_the_pages_language_and_is_audited(app, session, officers, people, lang):
    officer = officers["almaty"]
    found = services.item_for_staff(session, registry(), officer, "IRP-ASEL", 1)
    services.record_follow_up(session, officer, found, action="escalated", note="x",
                              next_look_on=clock.today() + dt.timedelta(days=3))
    response = staff_client(app, "almaty.officer", lang).get(f"/{lang}/staff/programmes/export.csv?overdue=1")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][0] == translated(lang, "Person") and len(rows) == 4
    asel = next(r for r in rows if r[3] == "IRP-ASEL" and r[4] == "1")
    assert asel[7] == (clock.today() - dt.timedelta(days=100)).strftime("%d.%m.%Y")
    assert asel[8] == "100"
    assert asel[5] == translated(lang, "Wheelchair or other special means of mobility")
    assert asel[11] == translated(lang, "Escalated to the head of the department")
    assert "x" not in asel[11:]
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "programme_list_exported"))
    assert event.actor_staff_id == officer.id and event.detail == "3 rows; overdue=1"


def test_the_count_stops_past_its_limit_and_the_page_says_more_than(app, session, officers, people, monkeypatch):
    monkeypatch.setattr(services, "COUNT_LIMIT", 2)
    page = services.item_page(session, officers["almaty"], Filters(), 1)
    assert (page.total, page.more_than_counted, page.pages, len(page.rows)) == (3, True, 1, 4)
    shown = staff_client(app, "almaty.officer", "ru").get("/ru/staff/programmes/")
    assert translated("ru", "More than %(count)s item found. Choose filters to see fewer, or download them all as CSV.")\
        .split("%")[0][:10] in main_text(shown)
