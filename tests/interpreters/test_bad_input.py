"""Bad input on the interpreters' own pages (issue #10): declining, accepting and recording a
booking. How the examples run: tests/bad_input.py."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from portal.iin import make_iin
from portal.models import Booking, Interpreter
from tests.bad_input import (LANGS, examples, first, heading, next_weekday, no_server_error, problems, shown, text_in,
                             visitor)
from tests.bad_input import accounts  # noqa: F401 (fixtures)
from tests.conftest import password_signed_in
from tests.pagecheck import translated
from tests.strategies import bad_text, long_text, maybe_duplicated, tampered_choice


@pytest.fixture
def interpreter(app, accounts):
    client = password_signed_in(app.test_client(), "interpreter", "gulnara.omarova")
    return visitor(app, client, "/kk/interpreter/")


def offered_booking(session, username: str, status: str = "requested") -> str:
    """A new booking offered to the interpreter; its reference."""
    interpreter = session.scalar(select(Interpreter).where(Interpreter.username == username))
    someone = make_iin(dt.date(1990, 5, 17), "female", 1)
    booking = Booking(person_iin=someone, booked_by_iin=someone, region=interpreter.region,
                      interpreter_id=interpreter.id, mode="video", purpose="hospital",
                      starts_at=dt.datetime.combine(next_weekday(), dt.time(10)), minutes=60, status=status,
                      reference="SL-" + uuid.uuid4().hex[:12])
    session.add(booking)
    session.commit()
    return booking.reference


@pytest.mark.parametrize("lang", LANGS)
@given(reason=maybe_duplicated(long_text(500) | bad_text))
@examples(15)
def test_declining_a_booking_explains_a_bad_reason_and_keeps_it(interpreter, session, lang, reason):
    reference = offered_booking(session, "gulnara.omarova")
    response = interpreter.client().post(f"/{lang}/interpreter/bookings/{reference}/decline",
                                         data={"reason": reason, "csrf_token": interpreter.token})
    no_server_error(response)
    written = first(reason, multi_line=True) or ""
    if not written:
        message = "Write why you cannot come"
    elif len(written) > 500:
        message = "Write no more than 500 characters"
    else:
        assert response.headers["Location"] == f"/{lang}/interpreter/?done=declined"
        return
    assert problems(response, lang) == [translated(lang, message)]
    assert text_in(response, "reason") == shown(written)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("action", ["accept", "outcome"])
@given(outcome=st.none() | tampered_choice(["completed", "no_show"]), status=st.sampled_from(["requested", "confirmed"]))
@examples(8)
def test_accepting_or_recording_a_booking_takes_no_made_up_outcome(interpreter, session, lang, action, outcome, status):
    reference = offered_booking(session, "gulnara.omarova", status)
    data = {"csrf_token": interpreter.token, **({"outcome": outcome} if outcome is not None else {})}
    response = interpreter.client().post(f"/{lang}/interpreter/bookings/{reference}/{action}", data=data)
    no_server_error(response)
    if action == "accept" and status == "requested":
        assert response.headers["Location"] == f"/{lang}/interpreter/?done=accepted"
    else:
        # A booking still to come has no outcome yet; a confirmed one is not accepted again.
        assert response.status_code == 409
        assert heading(response) == translated(lang, "Sorry, we could not understand that request")
