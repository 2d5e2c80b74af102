"""Bad input on the booking pages (issue #10): the booking form, its check page, and dates at the
ends of the calendar. How the examples run: tests/bad_input.py."""

from __future__ import annotations

import re

import pytest
from flask_babel import force_locale
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import delete

from portal.bookings.forms import horizon_message
from portal.bookings.services import horizon_end, now_local
from portal.models import Booking, InterpreterQuota, InterpreterSlot
from tests.bad_input import (LANGS, checked, examples, first, good_booking, in_language, no_server_error, problems,
                             text_in, value_of, visitor)
from tests.bad_input import deaf_person  # noqa: F401 (fixtures)
from tests.pagecheck import translated
from tests.strategies import bad_text, dates, long_text, tampered_choice


def selected(response, name: str) -> list[str]:
    return [o.get("value") for o in response.doc.findall(f".//select[@name='{name}']/option")
            if o.get("selected") is not None]


# For each field of the booking form: what to spoil it with, and every message that may say so.
BOOKING_FIELDS = {
    "mode": (lambda: tampered_choice(["in_person", "video"]), {"Choose in person or by video", "Not a valid choice."}),
    "day": (lambda: dates, {"Enter the date as day, month and year, for example 15.12.2026",
                            "Interpreters work Monday to Friday: choose a weekday"}),
    "time": (lambda: tampered_choice(["09:30", "19:30"]), {"Not a valid choice."}),
    "minutes": (lambda: tampered_choice(["30", "480"]), {"Not a valid choice.", "Invalid Choice: could not coerce."}),
    "purpose": (lambda: tampered_choice(["hospital", "court"]), {"Choose what the meeting is", "Not a valid choice."}),
    "address": (lambda: long_text(300) | bad_text, {"Write no more than 300 characters",
                                                     "Enter the address where the interpreter should come"}),
    "interpreter": (lambda: tampered_choice(["0", "1"]), {"Not a valid choice.", "Invalid Choice: could not coerce."}),
    "weeks": (lambda: tampered_choice(["1", "8"]), {"Not a valid choice.", "Invalid Choice: could not coerce."}),
    "notes": (lambda: long_text(1000) | bad_text, {"Write no more than 1,000 characters"}),
}


def past_the_horizon(lang: str) -> str:
    """The day field's message for a date past the booking horizon, as the error summary shows it."""
    with force_locale(lang):
        return " ".join(horizon_message(horizon_end(now_local().date(), 6), 6).split())


def booking_kept(response, answers: dict[str, str], spoiled: str) -> None:
    """Every answer but the spoiled one is on the page again as it was given."""
    for name, value in answers.items():
        if name in ("mode", "purpose"):
            kept = checked(response, name) == [value]
        elif name in ("time", "minutes", "interpreter", "weeks"):
            kept = selected(response, name) == [value]
        else:
            kept = (text_in(response, name) if name == "notes" else value_of(response, name)) == value
        assert kept or name == spoiled, name


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("spoiled", list(BOOKING_FIELDS))
@given(data=st.data())
@examples(8)
def test_the_booking_form_explains_a_bad_answer_and_keeps_the_others(deaf_person, spoiled, lang, data):
    strategy, messages = BOOKING_FIELDS[spoiled]
    answers = good_booking()
    sent = data.draw(strategy(), label=spoiled)
    client = deaf_person.client()
    response = client.post(f"/{lang}/interpreters/book", data={**answers, spoiled: sent, "csrf_token": deaf_person.token})
    no_server_error(response)
    if response.status_code == 302:
        assert response.headers["Location"] == f"/{lang}/interpreters/book/check"
        no_server_error(client.get(response.headers["Location"]))  # whatever was taken, the check page shows it
        return
    found = problems(response, lang)
    allowed = {in_language(lang, message) for message in messages} | (
        {past_the_horizon(lang)} if spoiled == "day" else set())
    assert len(found) == 1 and found[0] in allowed, found
    booking_kept(response, answers, spoiled)


def hidden_fields(response) -> dict[str, str]:
    return {i.get("name"): i.get("value", "") for i in response.doc.findall(".//main//form//input[@type='hidden']")}


@pytest.fixture
def booking_drafted(app, deaf_person):
    """The person sent the booking form and sees the check page: (visitor, the page's hidden fields)."""
    client = deaf_person.client()
    client.post("/kk/interpreters/book", data={**good_booking(), "mode": "video", "csrf_token": deaf_person.token})
    person = visitor(app, client, "/kk/interpreters/book/check")
    return person, hidden_fields(person.client().get("/kk/interpreters/book/check"))


@pytest.mark.parametrize("lang", LANGS)
@given(understood=st.none() | st.sampled_from(["y", "", "false"]) | bad_text | st.lists(bad_text, min_size=2, max_size=3),
       extra=st.dictionaries(st.sampled_from(["mode", "minutes", "weeks", "for", "day", "interpreter", "submission_id"]),
                             bad_text, max_size=3))
@examples(12)
def test_the_booking_check_page_takes_nothing_but_the_tick(booking_drafted, session, lang, understood, extra):
    person, hidden = booking_drafted
    for made in (InterpreterSlot, Booking, InterpreterQuota):  # what an earlier example booked
        session.execute(delete(made))
    session.commit()
    data = {**hidden, **extra}
    if understood is not None:
        data["understood"] = understood
    response = person.client().post(f"/{lang}/interpreters/book/check", data=data)
    no_server_error(response)
    if first(understood) in (None, "", "false"):
        assert problems(response, lang) == [translated(lang, "Confirm that you have read when a cancellation uses your hours")]
    else:
        assert re.fullmatch(f"/{lang}/interpreters/bookings/SL-\\d{{4}}-\\d{{6}}\\?done=booked", response.headers["Location"])


@pytest.mark.parametrize("day", ["31.12.9999", "9999-12-30", "31.12.9998", "01.01.0001", "2026-02-30"])
def test_a_date_at_the_ends_of_the_calendar_is_refused_or_booked_never_a_crash(deaf_person, day):
    # 31.12.9999 is a Friday: its hours would be counted up to 1 January 10000, which does not exist.
    client = deaf_person.client()
    response = client.post("/ru/interpreters/book", data={**good_booking(), "mode": "video", "day": day, "time": "19:30",
                                                          "minutes": "480", "weeks": "8", "csrf_token": deaf_person.token})
    no_server_error(response)
    if response.status_code != 302:
        assert problems(response, "ru") in ([translated("ru", "Enter the date as day, month and year, for example 15.12.2026")],
                                            [past_the_horizon("ru")])
        return
    check = client.get("/ru/interpreters/book/check")
    no_server_error(check)
    sent = client.post("/ru/interpreters/book/check", data={**hidden_fields(check), "understood": "y"})
    no_server_error(sent)
    assert len(problems(sent, "ru")) == 1  # too soon, or nobody works through the night
