"""The departments' contact cards: the operators' file, the contacts page, and staff keeping their
region's details up to date (issue #23, point 4)."""

import datetime as dt

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from portal import clock, moments
from portal.cli import DEMO_DEPARTMENTS
from portal.demo.staff import load_demo_staff
from portal.departments import services
from portal.models import AuditEvent, Department
from tests.conftest import csrf_token, persona, signed_in
from tests.pagecheck import error_links, main_text, text_of, translated
from tests.staff.test_back_office import staff_client

HEADER = ",".join(services.COLUMNS)
PAVLODAR = ("p-1,pavlodar,Павлодар бөлімі,Павлодарский отдел,Павлодар қ.,г. Павлодар,+7 7182 55 12 34,"
            "9:00–18:00,9:00–18:00,no,Akimat website,2026-11-02")


def load(session, *rows):
    return services.load(session, [HEADER + "\n", *(row + "\n" for row in rows)])


@pytest.fixture
def departments(session):
    with DEMO_DEPARTMENTS.open(encoding="utf-8", newline="") as lines:
        report = services.load(session, lines)
    assert report.errors == []
    return report


def test_the_file_is_loaded_by_code_and_again_without_doubling(session, departments):
    assert departments.created == 8
    again = load(session, PAVLODAR.replace("p-1", "demo-pavlodar-1"))
    assert (again.created, again.updated) == (0, 1)
    assert session.scalar(select(Department).where(Department.code == "demo-pavlodar-1")).name_ru == "Павлодарский отдел"
    assert len(services.in_region(session, "pavlodar")) == 1


@pytest.mark.parametrize("row, reason", [
    (PAVLODAR.replace("pavlodar,", "atlantis,", 1), "region 'atlantis' is not one of the regions"),
    (PAVLODAR.replace("+7 7182 55 12 34", "call us"), "phone 'call us' is not a phone number of Kazakhstan"),
    (PAVLODAR.replace(",no,", ",maybe,"), "step_free is not yes or no"),
    (PAVLODAR.replace("Akimat website", ""), "source is empty"),
    (PAVLODAR.replace("2026-11-02", "02.11.2026"), "checked_on is not a date (YYYY-MM-DD)"),
])
def test_a_bad_line_is_named_by_its_number_and_the_others_are_taken(session, row, reason):
    report = load(session, PAVLODAR.replace("p-1", "p-0"), row)
    assert report.errors == [(3, reason)]
    assert report.created == 1


def test_a_date_checked_in_the_future_is_refused(session):
    tomorrow = (clock.today() + dt.timedelta(days=1)).isoformat()
    assert load(session, PAVLODAR.replace("2026-11-02", tomorrow)).errors == [(2, "checked_on is in the future")]


def test_a_file_without_its_columns_is_refused_whole(session):
    report = services.load(session, ["code,region\n", "p-1,pavlodar\n"])
    assert report.errors[0][0] == 1 and "name_kk" in report.errors[0][1] and report.created == 0


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_contacts_page_shows_the_departments_of_the_persons_region(client, session, demo, departments, lang):
    person = persona(demo, lambda p: p["region"] == "pavlodar" and p["decisions"])
    page = signed_in(client, person).get(f"/{lang}/contacts")
    card = page.doc.find(".//*[@class='contact-card']")
    (department,) = services.in_region(session, "pavlodar")
    assert text_of(card.find("h3")) == department.said("name", lang)
    assert department.said("address", lang) in text_of(card)
    assert card.find(".//a[@href='tel:+77182000006']") is not None
    assert translated(lang, "Yes: a wheelchair user gets in and to the reception without steps") in text_of(card)
    with force_locale(lang):
        checked_on = moments.date(department.checked_on)
    assert translated(lang, "Details checked on %(date)s. Source: %(source)s", date=checked_on,
                      source=department.source) in text_of(card)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_visitor_chooses_a_region_and_one_without_details_points_to_1414(client, departments, lang):
    assert client.get(f"/{lang}/contacts").doc.find(".//*[@class='contact-card']") is None
    chosen = client.get(f"/{lang}/contacts?region=karaganda")
    assert len(chosen.doc.findall(".//*[@class='contact-card']")) == 1
    none_yet = client.get(f"/{lang}/contacts?region=mangystau")
    assert none_yet.doc.find(".//main//a[@href='tel:1414']") is not None
    assert none_yet.doc.find(".//*[@class='contact-card']") is None
    unknown = client.get(f"/{lang}/contacts?region=atlantis")
    assert unknown.status_code == 200 and unknown.doc.find(".//*[@class='contact-card']") is None


@pytest.fixture
def staff(session, demo):
    load_demo_staff(session)


def form_of(department, **changes):
    values = {"name_kk": department.name_kk, "name_ru": department.name_ru, "address_kk": department.address_kk,
              "address_ru": department.address_ru, "phone": department.phone, "hours_kk": department.hours_kk,
              "hours_ru": department.hours_ru, "step_free": "yes" if department.step_free else "no",
              "source": department.source, "checked_on": department.checked_on.strftime("%d.%m.%Y")}
    return {**values, **changes}


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_staff_correct_their_regions_department_and_the_change_is_recorded(app, session, staff, departments, lang):
    client = staff_client(app, "pavlodar.officer", lang)
    (department,) = services.in_region(session, "pavlodar")
    listed = client.get(f"/{lang}/staff/departments/")
    link = translated(lang, "Change the details: %(name)s", name=department.said("name", lang))
    assert [a.get("href") for a in listed.doc.findall(".//main//a") if text_of(a) == link] == [
        f"/{lang}/staff/departments/{department.id}"]
    url = f"/{lang}/staff/departments/{department.id}"
    checked = clock.today().strftime("%d.%m.%Y")
    saved = client.post(url, data={**form_of(department, phone="+7 7182 32 10 00", step_free="yes",
                                             source="Phone call to the department", checked_on=checked),
                                   "csrf_token": csrf_token(client, url)})
    assert saved.headers["Location"] == f"/{lang}/staff/departments/?done={department.code}"
    session.refresh(department)
    assert (department.phone, department.step_free, department.checked_on) == ("+7 7182 32 10 00", True, clock.today())
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "department_updated"))
    assert event.detail == department.code and event.actor_staff_id == department.updated_by_staff_id


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_staff_are_told_what_is_wrong_and_nothing_they_wrote_is_lost(app, session, staff, departments, lang):
    client = staff_client(app, "pavlodar.officer", lang)
    (department,) = services.in_region(session, "pavlodar")
    url = f"/{lang}/staff/departments/{department.id}"
    tomorrow = (clock.today() + dt.timedelta(days=1)).strftime("%d.%m.%Y")
    page = client.post(url, data={**form_of(department, phone="ask at reception", source="New source",
                                            checked_on=tomorrow), "csrf_token": csrf_token(client, url)})
    assert error_links(page) == {
        "#phone": translated(lang, "Enter a phone number of Kazakhstan, for example +7 7182 55 12 34"),
        "#checked_on": translated(lang, "The date the details were checked cannot be in the future"),
    }
    assert text_of(page.doc.find(".//textarea[@id='source']")) == "New source"
    session.refresh(department)
    assert department.source != "New source"


def test_staff_never_reach_another_regions_department(app, session, staff, departments):
    client = staff_client(app, "pavlodar.officer")
    (karaganda,) = services.in_region(session, "karaganda")
    assert client.get(f"/kk/staff/departments/{karaganda.id}").status_code == 404
    assert karaganda.said("name", "kk") not in main_text(client.get("/kk/staff/departments/"))
