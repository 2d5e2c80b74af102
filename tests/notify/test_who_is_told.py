"""News about a person goes to the person, or to a minor's legal representative, and to a carer
too only while a mandate with the needed scope is in force when the message is written (issue
#18, point 2). Whoever submitted or booked is not, by that alone, told anything."""

import datetime as dt
import json

import pytest
from sqlalchemy import select

from portal import clock
from portal.bookings import services as bookings
from portal.carers.services import eighteenth_birthday, told_about
from portal.interpreters import services as interpreters
from portal.models import Interpreter, Mandate, Message, StaffUser
from portal.notify.reminders import queue_reexamination_reminders
from portal.notify.texts import in_language
from portal.registry import registry
from portal.registry.importer import import_people
from portal.requests import services as requests
from portal.requests.kinds import KINDS
from portal.auth.passwords import hash_password
from tests import factories as f
from tests.conftest import persona

MONDAY_NEXT_WEEK = dt.datetime.combine(clock.today() + dt.timedelta(days=7 - clock.today().weekday() + 7),
                                       dt.time(10, 0))


def told(session, kind_prefix: str) -> dict[str, list[str]]:
    """{recipient IIN: [bodies]} of the messages of these kinds."""
    found: dict[str, list[str]] = {}
    for message in session.scalars(select(Message).where(Message.kind.startswith(kind_prefix)).order_by(Message.id)):
        found.setdefault(message.recipient_iin, []).append(in_language(message, message.language).body)
    return found


def mandate(session, carer: str, person: str, scopes: list[str], **values) -> Mandate:
    granted = Mandate(carer_iin=carer, person_iin=person, scopes=scopes, starts_on=clock.today() - dt.timedelta(days=30),
                      status="active", **values)
    session.add(granted)
    session.commit()
    return granted


@pytest.fixture
def adult(demo, deaf):
    """The deaf person when they may ask for a sanatorium, else another adult who may."""
    return next(iin for iin in [deaf, *demo] if demo[iin]["decisions"] and not demo[iin]["legal_representative_iin"]
                and KINDS["sanatorium"].eligibility(registry().person_file(iin), clock.today()).allowed)


@pytest.fixture
def carer(demo, deaf, adult):
    return persona(demo, lambda p: p["iin"] not in (deaf, adult) and not p["legal_representative_iin"]
                   and p["decisions"])


@pytest.fixture
def officer(session, adult):
    staff = StaffUser(username="t.officer", full_name="Тест", role="officer", region=registry().find_person(adult).region,
                      password_hash=hash_password("x"))
    session.add(staff)
    session.commit()
    return staff


def request_sent_by(session, person: str, sender: str):
    file = registry().person_file(person)
    return requests.submit(session, file=file, person_iin=person, submitted_by_iin=sender, region=file.person.region,
                           kind="sanatorium", answers={"season": "summer", "note": ""},
                           submission_id=requests.new_submission_id(), registry=registry())


def review(session, request, officer):
    requests.staff_change(session, registry(), request, staff=officer, to="in_review", message=None)


def booked_by(session, person: str, booker: str):
    return bookings.book(session, file=registry().person_file(person), booked_by_iin=booker, mode="in_person",
                         purpose="hospital", address="Алматы, Абай 10", notes=None, starts_at=MONDAY_NEXT_WEEK,
                         minutes=60, now=clock.now_local(), registry=registry())[0]


def accept(session, booking):
    interpreters.accept(session, registry(), booking, session.get(Interpreter, booking.interpreter_id),
                        room_url="{room}")


def test_a_carer_with_a_mandate_in_force_is_told_too_and_the_person_always(session, deaf, adult, carer, officer):
    mandate(session, carer, adult, ["view", "requests"])
    review(session, request_sent_by(session, adult, carer), officer)
    news = told(session, "request_status")
    assert set(news) == {adult, carer}
    # The carer's copy says whose request it is; the person's copy is their own.
    assert registry().find_person(adult).full_name in news[carer][0]
    assert registry().find_person(adult).full_name not in news[adult][0]

    mandate(session, carer, deaf, ["bookings"])
    accept(session, booked_by(session, deaf, carer))
    assert set(told(session, "booking_confirmed")) == {deaf, carer}
    # The notice that the carer booked goes to the person, not back to the carer.
    assert set(told(session, "mandate_booking")) == {deaf}


def test_a_former_carer_gets_nothing_after_the_mandate_ends(session, deaf, adult, carer, officer):
    granted = [mandate(session, carer, adult, ["view", "requests"]), mandate(session, carer, deaf, ["bookings"])]
    request = request_sent_by(session, adult, carer)
    booking = booked_by(session, deaf, carer)
    for ended in granted:
        ended.status = "ended"
    session.commit()
    review(session, request, officer)
    accept(session, booking)
    assert set(told(session, "request_status")) == {adult}
    assert set(told(session, "booking_confirmed")) == {deaf}


def test_a_mandate_that_ran_out_yesterday_tells_nothing(session, adult, carer, officer):
    granted = mandate(session, carer, adult, ["view", "requests"])
    request = request_sent_by(session, adult, carer)
    granted.ends_on = clock.today() - dt.timedelta(days=1)
    session.commit()
    review(session, request, officer)
    assert set(told(session, "request_status")) == {adult}


def test_a_mandate_without_the_scope_tells_nothing_about_it(session, deaf, carer):
    granted = mandate(session, carer, deaf, ["view", "requests", "bookings"])
    booking = booked_by(session, deaf, carer)
    granted.scopes = ["view", "requests"]  # bookings are no longer the carer's business
    session.commit()
    accept(session, booking)
    assert set(told(session, "booking_confirmed")) == {deaf}


def load(session, *people):
    assert import_people(session, [json.dumps(p, ensure_ascii=False) for p in people]).errors == []


def reminded(session, person: str) -> set[str]:
    """Who got a re-examination reminder about the person's decision."""
    return set(session.scalars(select(Message.recipient_iin).where(Message.kind == "reexamination_reminder",
                                                                  Message.about == f"MSE-Y-{person}")))


def young_person(session, birth_date: dt.date, term_ends: dt.date) -> tuple[str, str]:
    parent, child = f.young_person(birth_date, term_ends)
    load(session, parent, child)
    return parent["iin"], child["iin"]


def test_a_minors_news_goes_to_the_legal_representative(session, demo):
    today = clock.today()
    parent, child = young_person(session, today.replace(year=today.year - 16), today + dt.timedelta(days=30))
    queue_reexamination_reminders(session, registry(), today)
    assert reminded(session, child) == {parent}


def test_after_18_the_reminders_go_to_the_young_adult_not_the_former_representative(session, demo):
    today = clock.today()
    born = today.replace(year=today.year - 18) if not (today.month == 2 and today.day == 29) else dt.date(
        today.year - 18, 2, 28)
    assert eighteenth_birthday(born) <= today
    parent, young_adult = young_person(session, born, today + dt.timedelta(days=30))
    queue_reexamination_reminders(session, registry(), today)
    assert reminded(session, young_adult) == {young_adult}
    # Addressed to them ("your term"), not about them to someone else.
    assert registry().find_person(young_adult).full_name not in told(session, "reexamination_reminder")[young_adult][0]


def test_a_minor_who_sends_a_request_themselves_has_the_news_go_to_their_representative(session, demo):
    today = clock.today()
    parent, child = young_person(session, today.replace(year=today.year - 16) - dt.timedelta(days=1),
                                 today + dt.timedelta(days=300))
    assert [(r.iin, about.iin) for r, about in told_about(session, registry(), child, "requests")] == [(parent, child)]
