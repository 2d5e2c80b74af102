"""A double click on "Book" sends the check page twice with the cookies the page came with: one
booking (or one series of weekly bookings), one charge to the hours. Found by `make loadtest`."""

import datetime as dt
import threading

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.bookings import services
from portal.extensions import db
from portal.models import Booking, InterpreterQuota
from portal.registry import registry
from tests.api.test_portal_api import API, bearer, booking
from tests.bookings.test_pages import fill, next_weekday
from tests.conftest import signed_in

CHECK = "/kk/interpreters/book/check"


def bookings(session) -> int:
    return session.scalar(select(func.count()).select_from(Booking))


def charged(session) -> int:
    return session.scalar(select(func.sum(InterpreterQuota.charged_minutes)))


def test_a_double_click_books_once(client, session, deaf):
    signed_in(client, deaf)
    fill(client, weeks="2")
    page = client.get(CHECK)
    body = {name: page.doc.find(f".//input[@name='{name}']").get("value") for name in ("csrf_token", "submission_id")}
    body["understood"] = "y"
    with_the_page = client.get_cookie("session").value
    first = client.post(CHECK, data=body)
    client.set_cookie("session", with_the_page)  # the second click, whose answer comes last
    second = client.post(CHECK, data=body)
    assert second.headers["Location"] == first.headers["Location"]
    assert bookings(session) == 2 and charged(session) == 2 * 60  # two weeks, charged once

    fill(client)  # the next booking is a new one
    page = client.get(CHECK)
    assert page.doc.find(".//input[@name='submission_id']").get("value") != body["submission_id"]


def test_the_same_form_sent_at_the_same_moment_books_once(app, session, deaf):
    """Two workers take the two clicks at once; on PostgreSQL they truly race, and the second
    waits for the first at the quota row, then finds its bookings."""
    file = registry().person_file(deaf)
    starts_at = dt.datetime.combine(next_weekday(), dt.time(10, 0))
    barrier, answers = threading.Barrier(2), []
    db.session.rollback()  # this thread holds no lock while the two run

    def click():
        with app.app_context(), Session(db.engine) as own:
            barrier.wait()
            try:
                made = services.book(own, file=file, booked_by_iin=deaf, mode="video", purpose="hospital",
                                     address=None, notes=None, starts_at=starts_at, minutes=60,
                                     submission_id="one-form")
                answers.append([booking.reference for booking in made])
            except Exception as error:  # noqa: BLE001 - any failure fails the assertion below
                answers.append(repr(error))

    clicks = [threading.Thread(target=click) for _ in range(2)]
    for thread in clicks:
        thread.start()
    for thread in clicks:
        thread.join()
    assert len(answers) == 2 and answers[0] == answers[1], answers
    assert bookings(session) == 1 and charged(session) == 60


def test_the_api_books_once_for_one_submission_id(client, session, deaf):
    headers = bearer(session, deaf)
    body = {**booking(weeks=2), "submission_id": "app-booking-1"}
    first = client.post(f"{API}/bookings", json=body, headers=headers)
    again = client.post(f"{API}/bookings", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.get_json()["items"] == first.get_json()["items"]
    assert bookings(session) == 2 and charged(session) == 2 * 60
    bad = client.post(f"{API}/bookings", json={**body, "submission_id": "x" * 37}, headers=headers)
    assert bad.status_code == 422 and bad.get_json()["errors"][0]["field"] == "submission_id"
