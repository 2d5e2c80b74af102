"""The interpreters' own pages through the real routes: accepting and declining a booking, and
staying signed in."""

from sqlalchemy import select

from portal.models import Booking, Message
from tests.bookings.test_pages import confirm, errors, fill, translated
from tests.conftest import csrf_token, interpreter_client, signed_in


def test_the_interpreter_accepts_and_the_person_is_told(app, client, session, deaf):
    signed_in(client, deaf)
    fill(client)
    reference = confirm(client).headers["Location"].split("/")[-1].split("?")[0]
    booking = session.scalar(select(Booking))
    interpreter = interpreter_client(app, booking.interpreter.username)
    page = interpreter.get("/kk/interpreter/")
    assert reference in page.get_data(as_text=True)
    accept = f"/kk/interpreter/bookings/{reference}/accept"
    assert interpreter.post(accept, data={"csrf_token": csrf_token(interpreter, "/kk/interpreter/")}).status_code == 302
    session.expire_all()
    assert session.scalar(select(Booking.status)) == "confirmed"
    told = session.scalar(select(Message).where(Message.kind == "booking_confirmed"))
    assert told.recipient_iin == deaf
    assert client.get(f"/kk/interpreters/bookings/{reference}.ics").data.startswith(b"BEGIN:VCALENDAR")


def test_an_interpreter_declines_with_a_reason(app, client, session, deaf):
    signed_in(client, deaf)
    fill(client, sign_language="russian_sign", spoken_language="russian")  # both Almaty interpreters know them
    reference = confirm(client).headers["Location"].split("/")[-1].split("?")[0]
    booking = session.scalar(select(Booking))
    first = booking.interpreter_id
    interpreter = interpreter_client(app, booking.interpreter.username)
    url = f"/kk/interpreter/bookings/{reference}/decline"
    empty = interpreter.post(url, data={"reason": "", "csrf_token": csrf_token(interpreter, url)})
    assert errors(empty) == [translated("kk", "Write why you cannot come")]
    interpreter.post(url, data={"reason": "Ауырып қалдым.", "csrf_token": csrf_token(interpreter, url)})
    session.expire_all()
    assert session.scalar(select(Booking.interpreter_id)) not in (None, first)


def test_an_interpreter_who_stays_signed_in_goes_back_to_their_own_page(app, deaf):  # deaf: interpreters loaded
    interpreter = interpreter_client(app, "aizhan.seitkali")
    response = interpreter.post("/kk/session/extend", data={"csrf_token": csrf_token(interpreter, "/kk/interpreter/")})
    assert response.headers["Location"] == "/kk/interpreter/"
