"""Acting for a child or an adult who has interpreter hours, every booking page speaks about the
person in the third person, by name, and never says "you" of them (issue #23, point 1)."""

import datetime as dt
import json

import pytest
from sqlalchemy import select

from portal import clock
from portal.bookings import services
from portal.demo.interpreters import load_demo_interpreters
from portal.interpreters.services import accept
from portal.models import Booking
from portal.registry import registry
from portal.registry.importer import import_people
from tests.conftest import csrf_token, items_of, persona, signed_in
from tests.third_person import act_for, addressed_to_them, mandate_for, name_in_text, second_person


def next_weekday(days_ahead=3) -> dt.date:
    day = services.now_local().date() + dt.timedelta(days=days_ahead)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def fill(client, lang, **overrides):
    url = f"/{lang}/interpreters/book"
    data = {"mode": "video", "day": next_weekday().strftime("%d.%m.%Y"), "time": "10:00", "minutes": "60",
            "purpose": "hospital", "address": "", "interpreter": "0", "weeks": "2", "notes": "",
            "csrf_token": csrf_token(client, url)}
    return client.post(url, data={**data, **overrides})


def confirm(client, lang, understood=True):
    url = f"/{lang}/interpreters/book/check"
    return client.post(url, data={"csrf_token": csrf_token(client, url), **({"understood": "y"} if understood else {})})


def with_interpreter_hours(session, record: dict) -> None:
    """The registry's record again, with a sign-language specialist in the programme in force:
    no demo child has one, and a deaf child is exactly whom a parent books for."""
    record = json.loads(json.dumps(record))
    items = record["programmes"][-1]["items"]
    items.append({**items[0], "line": max(i["line"] for i in items) + 1, "kind": "sign_language", "quantity": None,
                  "hours_per_year": 40, "status": "in_progress", "due_date": None, "completed_on": None,
                  "started_on": (clock.today() - dt.timedelta(days=30)).isoformat()})
    assert import_people(session, [json.dumps(record, ensure_ascii=False)]).errors == []


@pytest.fixture
def child(demo, session):
    """A parent and their child, whose programme grants interpreter hours."""
    load_demo_interpreters(session)
    iin = persona(demo, lambda p: p["decisions"] and p["decisions"][0]["child_category"] and p["programmes"])
    with_interpreter_hours(session, demo[iin])
    return demo[iin]["legal_representative_iin"], iin


@pytest.fixture
def adult(demo, session):
    """A carer with a mandate in force for bookings, and the deaf adult who gave it."""
    load_demo_interpreters(session)
    person = persona(demo, lambda p: "sign_language" in items_of(p) and not p["legal_representative_iin"])
    return mandate_for(session, demo, person, scopes=("view", "bookings")), person


def speaks_of_them(page, lang, name, what):
    assert page.status_code == 200, what
    assert second_person(page, lang) == [], (what, sorted(set(second_person(page, lang))))
    assert name in addressed_to_them(page), what


@pytest.mark.parametrize("lang", ["kk", "ru"])
@pytest.mark.parametrize("whom", ["child", "adult"])
def test_acting_for_someone_every_booking_page_speaks_of_them_by_name(client, session, request, whom, lang):
    carer, person = request.getfixturevalue(whom)
    name = name_in_text(whom, person)
    signed_in(client, carer)
    act_for(client, person, lang)
    base = f"/{lang}/interpreters"
    speaks_of_them(client.get(f"{base}/"), lang, name, "index, no bookings")
    speaks_of_them(client.get(f"{base}/free-times?mode=video"), lang, name, "free times")
    speaks_of_them(client.get(f"{base}/book"), lang, name, "book")
    speaks_of_them(fill(client, lang, mode=""), lang, name, "book with an error")
    assert fill(client, lang).status_code == 302
    speaks_of_them(client.get(f"{base}/book/check"), lang, name, "check")
    speaks_of_them(confirm(client, lang, understood=False), lang, name, "check with an error")
    done = confirm(client, lang)
    reference = done.headers["Location"].split("/")[-1].split("?")[0]
    speaks_of_them(client.get(done.headers["Location"]), lang, name, "booked")
    speaks_of_them(client.get(f"{base}/"), lang, name, "index with bookings")
    speaks_of_them(client.get(f"{base}/bookings/{reference}/cancel"), lang, name, "cancel")
    booking = session.scalar(select(Booking).where(Booking.reference == reference))
    accept(session, registry(), booking, booking.interpreter, room_url="https://video.example/{room}")
    speaks_of_them(client.get(f"{base}/bookings/{reference}"), lang, name, "confirmed")
    booking.starts_at = services.now_local().replace(second=0, microsecond=0) + dt.timedelta(hours=5)
    session.commit()
    speaks_of_them(client.get(f"{base}/bookings/{reference}/cancel"), lang, name, "cancel late")
    outcome = client.post(f"{base}/bookings/{reference}/cancel",
                          data={"csrf_token": csrf_token(client, f"{base}/bookings/{reference}/cancel")})
    speaks_of_them(client.get(outcome.headers["Location"]), lang, name, "cancelled late")
    other = session.scalars(select(Booking).where(Booking.reference != reference)).first()
    other.status = "released"
    session.commit()
    speaks_of_them(client.get(f"{base}/bookings/{other.reference}"), lang, name, "released")
    speaks_of_them(client.get(f"{base}/bookings/{other.reference}?done=cancelled"), lang, name, "cancelled")


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_acting_for_a_child_without_hours_the_page_says_why_of_the_child(client, demo, session, lang):
    iin = persona(demo, lambda p: p["decisions"] and p["decisions"][0]["child_category"]
                  and "sign_language" not in items_of(p))
    signed_in(client, demo[iin]["legal_representative_iin"])
    act_for(client, iin, lang)
    name = name_in_text("child", iin)
    speaks_of_them(client.get(f"/{lang}/interpreters/"), lang, name, "index")
    speaks_of_them(client.get(f"/{lang}/interpreters/book"), lang, name, "not entitled")


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_persons_own_booking_pages_still_speak_to_them(client, deaf, lang):
    signed_in(client, deaf)
    assert second_person(client.get(f"/{lang}/interpreters/"), lang)
